local sdk = require("fake_sdk").install()
local CropFrame = require "CropFrame"
local Settings = require "Settings"

describe("Info.lua and the files it names", function()
  local info = dofile("stridelight.lrplugin/Info.lua")

  it("declares the SDK version, identifier, providers and Library menu items that exist", function()
    assert.are.equal("com.stridelight.lightroom", info.LrToolkitIdentifier)
    assert.is_true(info.LrSdkVersion >= 6)
    for _, file in ipairs({ info.LrPluginInfoProvider, info.LrMetadataProvider, info.LrMetadataTagsetFactory }) do
      assert.is_truthy(io.open("stridelight.lrplugin/" .. file), file)
    end
    assert.are.equal(3, #info.LrLibraryMenuItems)
    for _, item in ipairs(info.LrLibraryMenuItems) do
      assert.is_truthy(io.open("stridelight.lrplugin/" .. item.file), item.file)
    end
  end)

  it("shows keeper score, running style and bib as searchable, browsable fields", function()
    local fields = {}
    for _, f in ipairs(dofile("stridelight.lrplugin/MetadataDefinition.lua").metadataFieldsForPhotos) do fields[f.id] = f end
    for _, id in ipairs({ "keeperScore", "runningStyle", "bib" }) do
      assert.is_true(fields[id].searchable and fields[id].browsable, id)
      assert.is_string(fields[id].title)
    end
    assert.is_nil(fields.applied.title) -- the plugin's memory stays out of the panel
    local tagset = dofile("stridelight.lrplugin/Tagset.lua")
    assert.are.equal("com.stridelight.lightroom.keeperScore", tagset.items[4])
  end)
end)

describe("Plug-in Manager settings", function()
  before_each(function() sdk.reset() end)

  it("shows the companion and apply sections and saves only clean values", function()
    local provider = require "PluginInfoProvider"
    local props = {}
    provider.startDialog(props)
    assert.are.equal("http://127.0.0.1:7613", props.companionUrl)
    assert.is_false(props.applyCrop)
    local sections = provider.sectionsForTopOfDialog(import("LrView").osFactory(), props)
    assert.are.equal(2, #sections)
    props.companionUrl = "http://example.com:7613"
    props.token = "  abc  "
    props.applyCrop = true
    props.waitSeconds = "500"
    provider.endDialog(props)
    local prefs = sdk.state().prefs
    assert.are.equal("http://127.0.0.1:7613", prefs.companionUrl)
    -- The token goes to LrPasswords (the keychain), not to the plain-text prefs.
    assert.is_nil(prefs.token)
    assert.are.equal("abc", sdk.state().passwords[Settings.TOKEN_KEY])
    local again = {}
    provider.startDialog(again)
    assert.are.equal("abc", again.token)
    assert.is_true(prefs.applyCrop)
    assert.are.equal(120, prefs.waitSeconds)
  end)

  it("accepts only a companion on this machine", function()
    assert.are.equal("http://localhost:7613", Settings.checkUrl(" http://localhost:7613/ "))
    assert.are.equal("http://[::1]:9000", Settings.checkUrl("http://[::1]:9000"))
    assert.is_nil((Settings.checkUrl("http://192.168.1.4:7613")))
    assert.is_nil((Settings.checkUrl("https://127.0.0.1:7613/api")))
  end)
end)

describe("CropFrame", function()
  local crop = { CropLeft = 0.1, CropTop = 0.2, CropRight = 0.5, CropBottom = 0.9, CropAngle = 0 }

  it("maps a sensor-frame crop into the displayed frame for each EXIF orientation", function()
    assert.are.same({ 0.1, 0.2, 0.5, 0.9 }, CropFrame.displayedBox(crop, 1))
    local expected = {
      [3] = { 0.5, 0.1, 0.9, 0.8 },
      [6] = { 0.1, 0.1, 0.8, 0.5 },
      [8] = { 0.2, 0.5, 0.9, 0.9 },
    }
    for orientation, box in pairs(expected) do
      local got = CropFrame.displayedBox(crop, orientation)
      for i = 1, 4 do assert.is_true(math.abs(got[i] - box[i]) < 1e-12, orientation .. ":" .. i) end
    end
  end)

  it("sees Lightroom's rounding as the same crop and the full frame as no crop", function()
    assert.is_true(CropFrame.same(crop, { CropLeft = 0.10004, CropTop = 0.2, CropRight = 0.5, CropBottom = 0.9, CropAngle = 0 }))
    assert.is_false(CropFrame.same(crop, { CropLeft = 0.11, CropTop = 0.2, CropRight = 0.5, CropBottom = 0.9, CropAngle = 0 }))
    assert.is_true(CropFrame.isEmpty(CropFrame.fromDevelop({ Exposure2012 = 1 })))
  end)
end)

describe("Check connection button", function()
  before_each(function() sdk.reset() end)

  it("says whether the companion runs and whether the token is accepted", function()
    local Commands = require "Commands"
    sdk.state().responder = function(request)
      if request.url:match("/api/health$") then return '{"status":"ok","name":"stridelight","version":"0.1.0"}', { status = 200 } end
      return '{"error":"unauthorised"}', { status = 401 }
    end
    local props = { companionUrl = "http://127.0.0.1:7613", token = "old" }
    Commands.checkConnection(props)
    assert.are.equal("Companion 0.1.0 is running; the pairing token was refused", props.connectionStatus)
    sdk.state().responder = nil
    Commands.checkConnection(props)
    assert.is_truthy(props.connectionStatus:match("not answering"))
  end)
end)
