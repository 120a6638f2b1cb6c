local sdk = require("fake_sdk").install()
local ApplyPlan = require "ApplyPlan"
local CropFrame = require "CropFrame"
local Settings = require "Settings"
local Suggestion = require "Suggestion"
local helpers = require "helpers"

local function settings(overrides)
  local prefs = { token = "t", applyLabel = true, applyCrop = true }
  for k, v in pairs(overrides or {}) do prefs[k] = v end
  return (Settings.read(prefs))
end

local function state(fields)
  local s = { rating = 0, label = "", pickStatus = 0, crop = CropFrame.fromDevelop({}), keywords = {}, applied = {}, proposal = {}, sent = {} }
  for k, v in pairs(fields or {}) do s[k] = v end
  return s
end

local function plan(fields, answer, prefs)
  local view = Suggestion.read(helpers.suggestion(answer), settings(prefs))
  return ApplyPlan.make(state(fields), view, settings(prefs))
end

describe("ApplyPlan", function()
  it("applies everything to an untouched photo and remembers it as ours", function()
    local p = plan()
    assert.are.equal(4, p.rating)
    assert.are.equal("green", p.label) -- a colour (colorNameForLabel), not display text
    assert.are.same(helpers.CROP, p.crop)
    assert.are.same({ "Stridelight|style|good", "Stridelight|bib|1234" }, p.addKeywords)
    assert.are.same({ keeperScore = "0.87", keeperAtLeast = "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8", runningStyle = "good", bib = "1234" }, p.fields)
    assert.are.equal(4, p.applied.rating)
    assert.are.same({}, p.skips)
  end)

  it("never overwrites stars, a label or a crop the photographer set", function()
    local p = plan({ rating = 2, label = "red", crop = { CropLeft = 0.3, CropTop = 0, CropRight = 1, CropBottom = 1, CropAngle = 0 } })
    assert.is_nil(p.rating)
    assert.is_nil(p.label)
    assert.is_nil(p.crop)
    local codes = {}
    for _, s in ipairs(p.skips) do codes[s.field] = s.code end
    assert.are.same({ rating = "set-by-someone-else", label = "set-by-someone-else", crop = "set-by-someone-else" }, codes)
    assert.is_nil(p.applied.rating)
  end)

  it("treats a value changed since we applied it as the photographer's", function()
    local p = plan({ rating = 5, applied = { rating = 3 } })
    assert.is_nil(p.rating)
    assert.are.equal("changed-by-photographer", p.skips[1].code)
    assert.are.equal(3, p.applied.rating)
  end)

  it("updates a value that is still exactly what we applied", function()
    local p = plan({ rating = 3, applied = { rating = 3 } })
    assert.are.equal(4, p.rating)
    assert.are.equal(4, p.applied.rating)
  end)

  it("overwrites the photographer's values only when they opted in", function()
    local p = plan({ rating = 2, label = "red" }, nil, { overwritePhotographer = true })
    assert.are.equal(4, p.rating)
    assert.are.equal("green", p.label) -- a colour (colorNameForLabel), not display text
  end)

  it("leaves what the settings switch off", function()
    local p = plan(nil, nil, { applyRating = false, applyLabel = false, applyCrop = false, applyKeywords = false })
    assert.is_nil(p.rating)
    assert.is_nil(p.label)
    assert.is_nil(p.crop)
    assert.are.same({}, p.addKeywords)
    assert.are.same({ keeperScore = "0.87", keeperAtLeast = "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8", runningStyle = "good", bib = "1234" }, p.fields)
  end)

  it("never adds again a keyword the photographer removed, and drops our stale ones", function()
    local applied = { keywords = { "Stridelight|bib|1234", "Stridelight|style|ok" } }
    local p = plan({ keywords = { "Stridelight|style|ok", "holiday" }, applied = applied })
    assert.are.same({ "Stridelight|style|good" }, p.addKeywords)
    assert.are.same({ "Stridelight|style|ok" }, p.removeKeywords)
    assert.are.equal("removed-by-photographer", p.skips[1].code)
    assert.are.same({ "Stridelight|bib|1234", "Stridelight|style|good" }, p.applied.keywords)
  end)

  it("maps a suggested reject to no stars rather than an impossible -1", function()
    local p = plan(nil, { rating = -1 })
    assert.is_nil(p.rating)
  end)

  it("picks the crop of the photographer's chosen aspect, else the best real crop", function()
    assert.are.equal(0.2, plan(nil, nil, { cropAspect = "1:1" }).crop.CropLeft)
    assert.are.equal(0.1, plan(nil, nil, { cropAspect = "best" }).crop.CropLeft)
    assert.is_nil(plan(nil, nil, { cropAspect = "16:9" }).crop)
  end)
end)

describe("carried bibs", function()
  it("keywords a carried bib the companion keyworded and shows it in the Bib field marked as carried", function()
    local p = plan({}, {
      bibs = { "1234" },
      keywords = { "Stridelight|style|good", "Stridelight|bib|777", "Stridelight|carried bib|777" },
    })
    assert.are.same(
      { "Stridelight|style|good", "Stridelight|bib|777", "Stridelight|carried bib|777", "Stridelight|bib|1234" },
      p.addKeywords
    )
    assert.are.equal("1234, 777 (carried)", p.fields.bib)
  end)

  it("a photo with only a carried bib still gets its Bib field", function()
    local p = plan({}, { bibs = {}, keywords = { "Stridelight|bib|42", "Stridelight|carried bib|42" } })
    assert.are.equal("42 (carried)", p.fields.bib)
  end)
end)
