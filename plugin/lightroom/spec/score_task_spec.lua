local sdk = require("fake_sdk").install()
local helpers = require "helpers"
local Settings = require "Settings"

local function score(answers, options)
  local s = sdk.state()
  s.passwords[Settings.TOKEN_KEY] = "pairing-token"
  s.prefs.applyCrop = true
  for k, v in pairs(options and options.prefs or {}) do s.prefs[k] = v end
  s.responder = helpers.companion(answers, options)
  dofile("stridelight.lrplugin/ScoreSelectedMenuItem.lua")
  assert.are.same({}, s.taskErrors)
  return s
end

--- The LrHttp.post calls to one endpoint ("/api/analyze$", "/api/suggestions$").
local function posts(endpoint)
  local out = {}
  for _, c in ipairs(sdk.callsNamed("LrHttp.post")) do
    if c.url:match(endpoint) then out[#out + 1] = c end
  end
  return out
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
      "LrHttp.post", -- analyze: queued, not awaited
      "LrHttp.post", -- suggestions
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
      "photo:setPropertyForPlugin", -- keeperAtLeast
      "progress:done",
      "LrDialogs.message",
    }, names(s.calls))
    local post = sdk.callsNamed("LrHttp.post")[1]
    assert.are.equal("http://127.0.0.1:7613/api/analyze", post.url)
    assert.are.equal('{"path":"/shoot/IMG_1.jpg","waitMs":0}', post.body)
    -- Asking for the suggestion can take the file in: a POST with a JSON body, never a GET.
    local ask = sdk.callsNamed("LrHttp.post")[2]
    assert.are.equal("http://127.0.0.1:7613/api/suggestions", ask.url)
    assert.are.equal("POST", ask.method)
    assert.are.equal('{"path":"/shoot/IMG_1.jpg","waitMs":5000}', ask.body)
    assert.are.equal(20, ask.timeout)
    assert.are.same({ field = "X-Stridelight-Token", value = "pairing-token" }, ask.headers[1])
    assert.are.same({ field = "Content-Type", value = "application/json" }, ask.headers[3])
    assert.are.equal(1, #sdk.callsNamed("LrHttp.get")) -- health only
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
      ["/shoot/IMG_2.jpg"] = helpers.suggestion({ status = "analyzing" }),
      ["/shoot/IMG_3.jpg"] = helpers.suggestion({ status = "failed", error = "not a JPEG" }),
    })
    assert.are.equal(1, #s.dialogs)
    local text = s.dialogs[1].message
    assert.is_truthy(text:match("1 photos scored"))
    assert.is_truthy(text:match("1 photos still being analyzed"))
    assert.is_truthy(text:match("IMG_3.jpg: the companion could not analyze it: not a JPEG"))
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
    sdk.state().cancelAfter = 6 + 2 -- six while queueing, two while collecting
    local s = score(answers)
    assert.are.equal(2, #posts("/api/suggestions$")) -- 2 photos asked for
    assert.are.equal(2, #sdk.callsNamed("photo:setRawMetadata"))
    assert.is_nil(selection[3].rating)
    assert.is_truthy(s.dialogs[1].message:match("Cancelled after 2 of 6 photos"))
    assert.is_true(s.scopes[1].finished)
  end)

  it("asks for the token before doing anything", function()
    sdk.state().selection = { sdk.photo({ path = "/shoot/IMG_1.jpg" }) }
    dofile("stridelight.lrplugin/ScoreSelectedMenuItem.lua")
    assert.are.same({}, sdk.callsNamed("LrHttp.get"))
    assert.are.same({}, sdk.callsNamed("LrHttp.post"))
    assert.is_truthy(sdk.state().dialogs[1].message:match("no pairing token"))
  end)

  it("scores every photo of the chosen folders and collections once", function()
    local a, b = sdk.photo({ path = "/shoot/A.jpg" }), sdk.photo({ path = "/shoot/B.jpg" })
    sdk.state().sources = { sdk.folder({ a, b }), sdk.collection({ b }), "All Photographs" }
    sdk.state().prefs.token = "t"
    sdk.state().responder = helpers.companion({ ["/shoot/A.jpg"] = helpers.suggestion(), ["/shoot/B.jpg"] = helpers.suggestion() })
    dofile("stridelight.lrplugin/ScoreSourceMenuItem.lua")
    assert.are.equal(2, #posts("/api/suggestions$"))
    assert.are.equal(false, sdk.callsNamed("folder:getPhotos")[1].includeChildren)
    assert.are.equal(4, b.rating)
  end)
  describe("hands the whole batch to the companion first", function()
    local function shoot(n)
      local answers, selection = {}, {}
      for i = 1, n do
        local path = "/shoot/IMG_" .. i .. ".jpg"
        selection[i] = sdk.photo({ path = path })
        answers[path] = helpers.suggestion({ photoId = i })
      end
      sdk.state().selection = selection
      return answers, selection
    end

    local function http(calls)
      local out = {}
      for _, c in ipairs(calls) do
        if c.name == "LrHttp.post" and c.url:match("/api/analyze$") then out[#out + 1] = "analyze " .. c.body:match('"path":"([^"]+)"') .. " " .. c.body:match('"waitMs":(%d+)') end
        if c.name == "LrHttp.post" and c.url:match("/api/suggestions$") then out[#out + 1] = "await " .. c.body:match("IMG_%d+") end
        assert.is_falsy(c.name == "LrHttp.get" and c.url:match("/api/suggestions"), "suggestions are asked with POST")
      end
      return out
    end

    it("queues every photo (waitMs 0) before awaiting the first suggestion, then collects them in order", function()
      local answers = shoot(5)
      local s = score(answers, { prefs = { batchSize = 2 } })
      assert.are.same({
        "analyze /shoot/IMG_1.jpg 0", "analyze /shoot/IMG_2.jpg 0", "analyze /shoot/IMG_3.jpg 0",
        "analyze /shoot/IMG_4.jpg 0", "analyze /shoot/IMG_5.jpg 0",
        "await IMG_1", "await IMG_2", "await IMG_3", "await IMG_4", "await IMG_5",
      }, http(s.calls))
      assert.are.same({ "Queued 1 of 5", "Queued 2 of 5", "Queued 3 of 5", "Queued 4 of 5", "Queued 5 of 5" }, { unpack(s.scopes[1].captions, 1, 5) })
      assert.are.equal(3, #sdk.callsNamed("catalog:withWriteAccessDo"))
      assert.is_truthy(s.dialogs[1].message:match("5 photos scored"))
    end)

    it("waits for a photo still being analyzed in short slices, up to the wait setting, then calls it pending", function()
      local answers = shoot(2)
      answers["/shoot/IMG_1.jpg"] = helpers.suggestion({ status = "analyzing" })
      local s = score(answers, { prefs = { waitSeconds = 12 } })
      local waits = {}
      for _, c in ipairs(posts("/api/suggestions$")) do
        if c.body:match("IMG_1") then waits[#waits + 1] = tonumber(c.body:match('"waitMs":(%d+)')) end
      end
      assert.are.same({ 5000, 5000, 2000 }, waits)
      assert.is_truthy(s.dialogs[1].message:match("1 photos scored"))
      assert.is_truthy(s.dialogs[1].message:match("1 photos still being analyzed"))
    end)

    it("reports a photo the companion refuses while queueing once, and does not ask for it again", function()
      local answers = shoot(2)
      answers["/shoot/IMG_2.jpg"] = nil
      local s = score(answers)
      assert.are.same({ "analyze /shoot/IMG_1.jpg 0", "analyze /shoot/IMG_2.jpg 0", "await IMG_1" }, http(s.calls))
      local text = s.dialogs[1].message
      assert.is_truthy(text:match("1 problems:\n  IMG_2.jpg: companion answered 404: /shoot/IMG_2.jpg: no such file"))
      assert.is_truthy(text:match("1 photos scored"))
    end)

    it("writes nothing when cancelled while queueing, and says so in the summary", function()
      local answers, selection = shoot(6)
      sdk.state().cancelWhen = function() return #posts("/api/analyze$") >= 2 end
      local s = score(answers)
      assert.are.equal(2, #posts("/api/analyze$"))
      assert.are.same({}, posts("/api/suggestions$")) -- no suggestion awaited
      assert.are.same({}, sdk.callsNamed("catalog:withWriteAccessDo"))
      assert.is_nil(selection[1].rating)
      assert.are.equal(1, #s.dialogs)
      assert.is_truthy(s.dialogs[1].message:match("Cancelled while handing the photos to the companion %(2 of 6 queued%): nothing was written"))
      assert.is_true(s.scopes[1].finished)
    end)

    it("gives one summary, not one dialog per photo, when the companion goes offline while queueing", function()
      local answers = shoot(4)
      for path in pairs(answers) do answers[path] = "offline" end
      local s = score(answers)
      assert.are.equal(1, #sdk.callsNamed("LrHttp.post")) -- stops at the first photo nobody answered: no suggestion asked
      assert.are.equal(1, #sdk.callsNamed("LrHttp.get")) -- health only
      assert.are.same({}, sdk.callsNamed("catalog:withWriteAccessDo"))
      assert.are.equal(1, #s.dialogs)
      assert.is_truthy(s.dialogs[1].message:match("not answering at http://127.0.0.1:7613"))
      assert.are.equal("warning", s.dialogs[1].style)
      assert.is_true(s.scopes[1].finished)
    end)

    it("writes what was fetched when cancelled while waiting for a photo still being analyzed", function()
      local answers = shoot(3)
      answers["/shoot/IMG_2.jpg"] = helpers.suggestion({ status = "analyzing" })
      sdk.state().cancelWhen = function()
        local polls = 0
        for _, c in ipairs(posts("/api/suggestions$")) do
          if c.body:match("IMG_2") then polls = polls + 1 end
        end
        return polls >= 2
      end
      local s = score(answers)
      assert.are.equal(3, #posts("/api/analyze$"))
      assert.are.equal(1, #sdk.callsNamed("catalog:withWriteAccessDo"))
      assert.are.equal(1, #sdk.callsNamed("photo:setRawMetadata"))
      assert.are.equal(4, s.photos[1].rating)
      assert.is_nil(s.photos[3].rating)
      assert.is_truthy(s.dialogs[1].message:match("Cancelled after 1 of 3 photos"))
    end)
  end)

  it("labels by colour (colorNameForLabel) in any language: written as green, read back as ours", function()
    local photo = sdk.photo({ path = "/shoot/IMG_1.jpg" })
    local custom = sdk.photo({ path = "/shoot/IMG_2.jpg", label = "Kunde" }) -- text outside the set: "custom"
    sdk.state().selection = { photo, custom }
    sdk.state().labelSet = sdk.GERMAN_LABELS
    local answers = { ["/shoot/IMG_1.jpg"] = helpers.suggestion(), ["/shoot/IMG_2.jpg"] = helpers.suggestion() }
    score(answers, { prefs = { applyLabel = true } })
    local labelWrites = {}
    for _, c in ipairs(sdk.callsNamed("photo:setRawMetadata")) do
      if c.key ~= "rating" then labelWrites[#labelWrites + 1] = { c.photo, c.key, c.value } end
    end
    assert.are.same({ { "/shoot/IMG_1.jpg", "colorNameForLabel", "green" } }, labelWrites)
    assert.are.equal("Grün", photo.label) -- Lightroom shows its own word for green
    assert.are.equal("Kunde", custom.label) -- the photographer's custom label is theirs
    -- A second run reads "green" back, knows it as its own, and has nothing to change.
    sdk.clearCalls()
    sdk.state().dialogs = {}
    score(answers, { prefs = { applyLabel = true } })
    assert.are.same({}, sdk.callsNamed("photo:setRawMetadata"))
    assert.is_falsy(sdk.state().dialogs[1].message:match("photographer changed label"))
  end)

  it("writes nil, never 0, for no stars (the SDK refuses 0)", function()
    local CatalogWriter = require "CatalogWriter"
    local photo = sdk.photo({ path = "/shoot/IMG_1.jpg", rating = 3, props = { applied = '{"rating":3}' } })
    local Report = require "Report"
    local view = require("Suggestion").read(helpers.suggestion({ rating = 0 }), Settings.read({ token = "t" }))
    CatalogWriter.apply(sdk.state().catalog, { { photo = photo, view = view } }, Settings.read({ token = "t" }), Report.new("t", 1))
    local ratings = {}
    for _, c in ipairs(sdk.callsNamed("photo:setRawMetadata")) do
      if c.key == "rating" then ratings[#ratings + 1] = c.value == nil and "nil" or c.value end
    end
    assert.are.same({ "nil" }, ratings)
    assert.is_nil(photo.rating)
    assert.has_error(function() photo:setRawMetadata("rating", 0) end)
  end)

  it("advances the progress bar while queueing too, not only while collecting", function()
    local answers, selection = {}, {}
    for i = 1, 4 do
      local path = "/shoot/IMG_" .. i .. ".jpg"
      selection[i] = sdk.photo({ path = path })
      answers[path] = helpers.suggestion()
    end
    sdk.state().selection = selection
    local s = score(answers)
    local portions = s.scopes[1].portions
    assert.are.equal(8, #portions) -- 4 while queueing, 4 while collecting
    local last = 0
    for _, p in ipairs(portions) do
      local share = p[1] / p[2]
      assert.is_true(share > last, "the bar must only move forward")
      last = share
    end
    assert.is_true(portions[4][1] / portions[4][2] > 0) -- queueing moved it
    assert.are.equal(1, last)
  end)
end)
