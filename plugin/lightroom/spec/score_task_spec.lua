local sdk = require("fake_sdk").install()
local helpers = require "helpers"

local function score(answers, options)
  local s = sdk.state()
  s.prefs.token = "pairing-token"
  s.prefs.applyCrop = true
  for k, v in pairs(options and options.prefs or {}) do s.prefs[k] = v end
  s.responder = helpers.companion(answers, options)
  dofile("stridelight.lrplugin/ScoreSelectedMenuItem.lua")
  assert.are.same({}, s.taskErrors)
  return s
end

local function names(calls)
  local out = {}
  for i, c in ipairs(calls) do out[i] = c.name end
  return out
end

describe("Score selected photos (fake SDK, scripted companion)", function()
  before_each(function()
    sdk.reset()
  end)

  it("asks for each photo outside the write gate, then writes stars, keywords, crop and fields in one transaction", function()
    local photo = sdk.photo({ path = "/shoot/IMG_1.jpg" })
    sdk.state().selection = { photo }
    local s = score({ ["/shoot/IMG_1.jpg"] = helpers.suggestion() })
    assert.are.same({
      "LrTasks.startAsyncTask",
      "LrFunctionContext.callWithContext",
      "LrHttp.get", -- health
      "LrProgressScope",
      "LrHttp.get", -- suggestions
      "catalog:withWriteAccessDo",
      "photo:setRawMetadata",
      "catalog:createKeyword",
      "catalog:createKeyword",
      "catalog:createKeyword",
      "photo:addKeyword",
      "catalog:createKeyword",
      "catalog:createKeyword",
      "photo:addKeyword",
      "photo:applyDevelopSettings",
      "photo:setPropertyForPlugin",
      "photo:setPropertyForPlugin",
      "photo:setPropertyForPlugin",
      "photo:setPropertyForPlugin",
      "photo:setPropertyForPlugin",
      "photo:setPropertyForPlugin",
      "progress:done",
      "LrDialogs.message",
    }, names(s.calls))
    local get = sdk.callsNamed("LrHttp.get")[2]
    assert.are.equal("http://127.0.0.1:7613/api/suggestions?path=%2Fshoot%2FIMG_1.jpg&waitMs=60000", get.url)
    assert.are.equal(75, get.timeout)
    assert.are.same({ field = "X-Stridelight-Token", value = "pairing-token" }, get.headers[1])
    assert.are.same({ photo = "/shoot/IMG_1.jpg", key = "rating", value = 4, name = "photo:setRawMetadata" }, sdk.callsNamed("photo:setRawMetadata")[1])
    local created = {}
    for i, c in ipairs(sdk.callsNamed("catalog:createKeyword")) do created[i] = c.keyword .. (c.includeOnExport and " (exported)" or "") end
    assert.are.same({ "Stridelight", "Stridelight|style", "Stridelight|style|good (exported)", "Stridelight|bib", "Stridelight|bib|1234 (exported)" }, created)
    assert.are.same(helpers.CROP, sdk.callsNamed("photo:applyDevelopSettings")[1].settings)
    assert.are.same({ "Stridelight|bib|1234", "Stridelight|style|good" }, photo:keywordPaths())
    assert.are.equal("0.87", photo.props.keeperScore)
    assert.are.equal("good", photo.props.runningStyle)
    assert.are.equal("1234", photo.props.bib)
    assert.are.equal("7", photo.props.photoId)
    assert.are.equal("", photo.label) -- colour labels are opt-in: off by default
    assert.are.equal(1, #s.dialogs)
    assert.is_truthy(s.dialogs[1].message:match("1 photos scored"))
  end)

  it("writes one transaction per batch", function()
    local answers, selection = {}, {}
    for i = 1, 5 do
      local path = "/shoot/IMG_" .. i .. ".jpg"
      selection[i] = sdk.photo({ path = path })
      answers[path] = helpers.suggestion({ photoId = i })
    end
    sdk.state().selection = selection
    score(answers, { prefs = { batchSize = 2 } })
    assert.are.equal(3, #sdk.callsNamed("catalog:withWriteAccessDo"))
    assert.are.equal(5, #sdk.callsNamed("photo:applyDevelopSettings"))
  end)

  it("keeps the photographer's stars and crop, and says so once in the summary", function()
    local mine = { CropLeft = 0.05, CropTop = 0, CropRight = 1, CropBottom = 1, CropAngle = 0 }
    local photo = sdk.photo({ path = "/shoot/IMG_1.jpg", rating = 2, crop = mine })
    sdk.state().selection = { photo }
    local s = score({ ["/shoot/IMG_1.jpg"] = helpers.suggestion() })
    assert.are.same({}, sdk.callsNamed("photo:setRawMetadata"))
    assert.are.same({}, sdk.callsNamed("photo:applyDevelopSettings"))
    assert.are.equal(2, photo.rating)
    assert.are.equal(0.05, photo.develop.CropLeft)
    assert.is_truthy(s.dialogs[1].message:match("rating was set by the photographer or another tool%): 1"))
  end)

  it("reports problems, pending and failed photos in one summary dialog", function()
    local selection = {}
    for i = 1, 4 do selection[i] = sdk.photo({ path = "/shoot/IMG_" .. i .. ".jpg" }) end
    sdk.state().selection = selection
    local s = score({
      ["/shoot/IMG_1.jpg"] = helpers.suggestion(),
      ["/shoot/IMG_2.jpg"] = helpers.suggestion({ status = "analysing" }),
      ["/shoot/IMG_3.jpg"] = helpers.suggestion({ status = "failed", error = "not a JPEG" }),
    })
    assert.are.equal(1, #s.dialogs)
    local text = s.dialogs[1].message
    assert.is_truthy(text:match("1 photos scored"))
    assert.is_truthy(text:match("1 photos still being analysed"))
    assert.is_truthy(text:match("IMG_3.jpg: the companion could not analyse it: not a JPEG"))
    assert.is_truthy(text:match("IMG_4.jpg: companion answered 404: /shoot/IMG_4.jpg: no such file"))
    assert.are.equal("warning", s.dialogs[1].style)
  end)

  it("stops at once with one message when the companion is offline", function()
    sdk.state().selection = { sdk.photo({ path = "/shoot/IMG_1.jpg" }) }
    local s = score({}, { offline = true })
    assert.are.equal(1, #sdk.callsNamed("LrHttp.get"))
    assert.are.same({}, sdk.callsNamed("catalog:withWriteAccessDo"))
    assert.are.equal(1, #s.dialogs)
    assert.is_truthy(s.dialogs[1].message:match("not answering at http://127.0.0.1:7613"))
  end)

  it("writes what was fetched before a cancel, then stops", function()
    local answers, selection = {}, {}
    for i = 1, 6 do
      local path = "/shoot/IMG_" .. i .. ".jpg"
      selection[i] = sdk.photo({ path = path })
      answers[path] = helpers.suggestion()
    end
    sdk.state().selection = selection
    sdk.state().cancelAfter = 2
    local s = score(answers)
    assert.are.equal(3, #sdk.callsNamed("LrHttp.get")) -- health + 2 photos
    assert.are.equal(2, #sdk.callsNamed("photo:setRawMetadata"))
    assert.is_nil(selection[3].rating)
    assert.is_truthy(s.dialogs[1].message:match("Cancelled after 2 of 6 photos"))
    assert.is_true(s.scopes[1].finished)
  end)

  it("asks for the token before doing anything", function()
    sdk.state().selection = { sdk.photo({ path = "/shoot/IMG_1.jpg" }) }
    dofile("stridelight.lrplugin/ScoreSelectedMenuItem.lua")
    assert.are.same({}, sdk.callsNamed("LrHttp.get"))
    assert.is_truthy(sdk.state().dialogs[1].message:match("no pairing token"))
  end)

  it("scores every photo of the chosen folders and collections once", function()
    local a, b = sdk.photo({ path = "/shoot/A.jpg" }), sdk.photo({ path = "/shoot/B.jpg" })
    sdk.state().sources = { sdk.folder({ a, b }), sdk.collection({ b }), "All Photographs" }
    sdk.state().prefs.token = "t"
    sdk.state().responder = helpers.companion({ ["/shoot/A.jpg"] = helpers.suggestion(), ["/shoot/B.jpg"] = helpers.suggestion() })
    dofile("stridelight.lrplugin/ScoreSourceMenuItem.lua")
    assert.are.equal(3, #sdk.callsNamed("LrHttp.get"))
    assert.are.equal(false, sdk.callsNamed("folder:getPhotos")[1].includeChildren)
    assert.are.equal(4, b.rating)
  end)
end)
