--[[
  Against a REAL companion: the spec starts one (test/integration/lightroom-companion-launcher.ts: a temp data
  folder, the fixture photos copied to a temp folder, any free port), the fake SDK's LrHttp goes over real HTTP
  (curl), and everything the plugin does is checked in the fake catalog and in the companion's own store.
]]

local sdk = require("fake_sdk").install()
local Json = require "Json"
local CompanionClient = require "CompanionClient"

local LAUNCH = "cd ../.. && exec node --import tsx test/integration/lightroom-companion-launcher.ts"

local companion, pipe

local function photoNamed(name)
  for _, path in ipairs(companion.photos) do
    if path:match(name) then return path end
  end
  error("no fixture named " .. name)
end

local function freshCatalog()
  local s = sdk.reset()
  s.realHttp = true
  s.prefs.companionUrl = companion.url
  s.prefs.token = companion.token
  s.prefs.applyCrop = true
  return s
end

local function run(menuFile)
  dofile("stridelight.lrplugin/" .. menuFile)
  assert.are.same({}, sdk.state().taskErrors)
end

local function client(token)
  return CompanionClient.new({ companionUrl = companion.url, token = token or companion.token })
end

--- What the companion says about a file, asked directly (the photo is analyzed by then: the answer is stable).
local function suggestionFor(path)
  local r = client():suggestions(path, 60000)
  assert.is_true(r.ok, r.error)
  return r.json
end

local function bestCrop(crops)
  local best
  for _, c in ipairs(crops) do
    if c.aspect ~= "original" and c.score > 0 and (not best or c.score > best.score) then best = c end
  end
  return best
end

local function forPhoto(calls, path)
  local out = {}
  for _, c in ipairs(calls) do
    if c.photo == path then out[#out + 1] = c end
  end
  return out
end

describe("Lightroom plugin against a real companion", function()
  setup(function()
    pipe = assert(io.popen(LAUNCH, "r"))
    local line = pipe:read("*l")
    assert(line, "the companion launcher printed nothing: see its errors above")
    companion = assert(Json.decode(line))
  end)

  teardown(function()
    if companion then os.execute("kill -TERM " .. tostring(companion.pid)) end
    if pipe then pipe:close() end
  end)

  it("talks to the companion through the one HTTP module: health, token, 404, offline", function()
    freshCatalog()
    local health = client():health()
    assert.is_true(health.ok, health.error)
    assert.are.equal("stridelight", health.json.name)
    assert.is_true(client():status().ok)
    assert.is_truthy(client("wrong"):status().error:match("refused the pairing token"))
    -- A missing file in the companion's folders is 404; anywhere else it is 403 whether it exists or not.
    local missing = client():suggestions((companion.photos[1]:gsub("[^/]+$", "IMG_0000.jpg")), 0)
    assert.are.equal(404, missing.status)
    assert.are.equal(403, client():suggestions("/nowhere/IMG_0000.jpg", 0).status)
    local closed = CompanionClient.new({ companionUrl = "http://127.0.0.1:9", token = "x" }):health()
    assert.is_true(closed.offline)
  end)

  it("scores selected photos and writes exactly the companion's stars, keywords and crop", function()
    local s = freshCatalog()
    local path = photoNamed("side%-runner%-street")
    local photo = sdk.photo({ path = path })
    s.selection = { photo }
    run("ScoreSelectedMenuItem.lua")
    local answer = suggestionFor(path)
    local crop = bestCrop(answer.crops)
    assert.are.equal("ready", answer.status)

    local writes = {}
    for _, c in ipairs(forPhoto(s.calls, path)) do
      if c.name ~= "photo:setPropertyForPlugin" then writes[#writes + 1] = c end
    end
    local expected = { { name = "photo:setRawMetadata", photo = path, key = "rating", value = answer.rating } }
    local keywords = {}
    for _, k in ipairs(answer.keywords) do keywords[#keywords + 1] = k end
    for _, b in ipairs(answer.bibs) do keywords[#keywords + 1] = "Stridelight|bib|" .. b end
    for _, k in ipairs(keywords) do expected[#expected + 1] = { name = "photo:addKeyword", photo = path, keyword = k } end
    expected[#expected + 1] = { name = "photo:applyDevelopSettings", photo = path, settings = crop.crs, historyName = "Stridelight crop" }
    assert.are.same(expected, writes)
    assert.is_true(#keywords >= 1)
    assert.are.equal(1, #sdk.callsNamed("catalog:withWriteAccessDo"))
    assert.are.equal(string.format("%.2f", answer.keeper), photo.props.keeperScore)
    assert.are.equal(tostring(answer.photoId), photo.props.photoId)
    assert.are.equal(answer.rating, photo.rating)
    assert.is_truthy(s.dialogs[1].message:match("1 photos scored"))
  end)

  it("never overwrites a rating the photographer set, before or after the plugin's own", function()
    local s = freshCatalog()
    local path = photoNamed("side%-jogger%-waterfront")
    local theirs = sdk.photo({ path = path, rating = 1 })
    s.selection = { theirs }
    run("ScoreSelectedMenuItem.lua")
    local answer = suggestionFor(path)
    assert.are_not.equal(1, answer.rating) -- else this test would prove nothing
    assert.are.equal(1, theirs.rating)
    assert.are.same({}, sdk.callsNamed("photo:setRawMetadata"))
    assert.are.equal(string.format("%.2f", answer.keeper), theirs.props.keeperScore)
    assert.is_truthy(s.dialogs[1].message:match("rating was set by the photographer or another tool%): 1"))

    -- Ours first, then the photographer changes it: a second run leaves their stars alone.
    local s2 = freshCatalog()
    local ours = sdk.photo({ path = path })
    s2.selection = { ours }
    run("ScoreSelectedMenuItem.lua")
    assert.are.equal(answer.rating, ours.rating)
    ours.rating = 1
    sdk.clearCalls()
    run("ScoreSelectedMenuItem.lua")
    assert.are.equal(1, ours.rating)
    assert.are.same({}, sdk.callsNamed("photo:setRawMetadata"))
    assert.is_truthy(s2.dialogs[#s2.dialogs].message:match("photographer changed rating%): 1"))
  end)

  it("sends pick and reject flags as feedback and the companion keeps them in its store", function()
    local s = freshCatalog()
    local picked = sdk.photo({ path = photoNamed("side%-runner%-street") })
    local rejected = sdk.photo({ path = photoNamed("jogger%-road%-rear") })
    s.selection = { picked, rejected }
    run("ScoreSelectedMenuItem.lua")
    picked.pickStatus, rejected.pickStatus, picked.rating = 1, -1, 3
    run("SendFeedbackMenuItem.lua")
    assert.is_truthy(s.dialogs[#s.dialogs].message:match("4 answers sent"), s.dialogs[#s.dialogs].message)

    local function storedFeedback(photo)
      local detail = client():photo(tonumber(photo.props.photoId))
      assert.is_true(detail.ok, detail.error)
      local kinds = {}
      for _, f in ipairs(detail.json.feedback) do
        if f.source == "lightroom" then kinds[#kinds + 1] = f.kind .. (f.value ~= nil and ("=" .. tostring(f.value)) or "") end
      end
      table.sort(kinds)
      return kinds
    end
    -- Picked with the plugin's crop left in place: the crop counts as accepted. The rejected photo still has the
    -- plugin's own stars: those are no answer and are not sent.
    assert.are.same({ "crop-accepted", "pick", "rating=3" }, storedFeedback(picked))
    assert.are.same({ "reject" }, storedFeedback(rejected))

    -- Sent once: a second send adds nothing to the store.
    run("SendFeedbackMenuItem.lua")
    assert.are.same({ "crop-accepted", "pick", "rating=3" }, storedFeedback(picked))
  end)
  it("in a German Lightroom: labels travel as colours (colorNameForLabel), no stars stay nil", function()
    local s = freshCatalog()
    s.labelSet = sdk.GERMAN_LABELS
    s.prefs.applyLabel = true
    local path = photoNamed("track%-start%-blocks")
    local photo = sdk.photo({ path = path, label = "Rot" }) -- the photographer's red label, in German; no stars
    s.selection = { photo }
    run("ScoreSelectedMenuItem.lua")
    local answer = suggestionFor(path)
    assert.are.equal("ready", answer.status)
    assert.are.equal("Rot", photo.label) -- theirs: kept
    for _, c in ipairs(sdk.callsNamed("photo:setRawMetadata")) do
      assert.are_not.equal("label", c.key) -- never the display text
      if c.key == "rating" then assert.is_true(c.value == nil or (c.value >= 1 and c.value <= 5)) end
    end
    if answer.rating >= 1 then assert.are.equal(answer.rating, photo.rating) else assert.is_nil(photo.rating) end

    -- Read back as the colour "red", sent to the companion in its own spelling.
    run("SendFeedbackMenuItem.lua")
    local detail = client():photo(tonumber(photo.props.photoId))
    assert.is_true(detail.ok, detail.error)
    local labels = {}
    for _, f in ipairs(detail.json.feedback) do
      if f.source == "lightroom" and f.kind == "label" then labels[#labels + 1] = f.value end
    end
    assert.are.same({ "Red" }, labels)
  end)

  it("hands every photo of a batch to the companion before awaiting any, and scores them all", function()
    local s = freshCatalog()
    for _, path in ipairs(companion.photos) do s.selection[#s.selection + 1] = sdk.photo({ path = path }) end
    run("ScoreSelectedMenuItem.lua")
    local lastAnalyze, firstAwait, analyzed = 0, nil, 0
    for i, c in ipairs(s.calls) do
      if c.name == "LrHttp.post" and c.url:match("/api/analyze$") then lastAnalyze, analyzed = i, analyzed + 1 end
      if c.name == "LrHttp.post" and c.url:match("/api/suggestions$") then firstAwait = firstAwait or i end
      assert.is_falsy(c.name == "LrHttp.get" and c.url:match("/api/suggestions"), "suggestions are asked with POST")
    end
    assert.are.equal(#companion.photos, analyzed)
    assert.is_true(lastAnalyze < firstAwait)
    local text = s.dialogs[#s.dialogs].message
    assert.is_truthy(text:match(#companion.photos .. " photos scored"), text)
    for _, photo in ipairs(s.selection) do
      assert.are.equal(tostring(suggestionFor(photo.path).photoId), photo.props.photoId)
    end
  end)
end)
