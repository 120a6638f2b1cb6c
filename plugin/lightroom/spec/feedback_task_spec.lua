local sdk = require("fake_sdk").install()
local Json = require "Json"
local helpers = require "helpers"

local function send(options)
  local s = sdk.state()
  s.prefs.token = "t"
  local responder, posted = helpers.companion({}, options)
  s.responder = responder
  dofile("stridelight.lrplugin/SendFeedbackMenuItem.lua")
  assert.are.same({}, s.taskErrors)
  return posted, s
end

describe("Send my ratings, flags and crops (fake SDK, scripted companion)", function()
  before_each(function()
    sdk.reset()
  end)

  it("sends stars, pick and reject flags, and a crop adjusted in the displayed frame", function()
    local proposal = Json.encode({ rating = 3, crop = { aspect = "3:2", box = { 0.1, 0.2, 0.9, 0.8 } } })
    local applied = Json.encode({ crop = helpers.CROP })
    local picked = sdk.photo({ path = "/s/A.jpg", rating = 5, pickStatus = 1, props = { proposal = proposal, applied = applied, photoId = "7" },
      crop = { CropLeft = 0.1, CropTop = 0.1, CropRight = 0.5, CropBottom = 0.9, CropAngle = 0 } })
    local rejected = sdk.photo({ path = "/s/B.jpg", pickStatus = -1 })
    sdk.state().selection = { picked, rejected }
    local posted = send({ orientation = 6 })
    for i, v in ipairs(posted[3].value.box) do posted[3].value.box[i] = math.floor(v * 1e6 + 0.5) / 1e6 end
    assert.are.same({
      { path = "/s/A.jpg", kind = "rating", value = 5, proposal = 3, source = "lightroom" },
      { path = "/s/A.jpg", kind = "pick", proposal = 3, source = "lightroom" },
      { path = "/s/A.jpg", kind = "crop-adjusted", value = { box = { 0.1, 0.1, 0.9, 0.5 } },
        proposal = { aspect = "3:2", box = { 0.1, 0.2, 0.9, 0.8 } }, source = "lightroom" },
      { path = "/s/B.jpg", kind = "reject", source = "lightroom" },
    }, posted)
    assert.are.equal("http://127.0.0.1:7613/api/photos/7", sdk.callsNamed("LrHttp.get")[2].url)
    assert.are.equal(1, #sdk.callsNamed("catalog:withWriteAccessDo"))
    local sent = Json.decode(picked.props.sentFeedback)
    assert.are.same({ rating = "5", flag = "pick", crop = "0.1000,0.1000,0.5000,0.9000,0.0000" }, sent)
  end)

  it("sends only the photographer's own answers, and never the same answer twice", function()
    local applied = Json.encode({ rating = 4, crop = helpers.CROP })
    local photo = sdk.photo({ path = "/s/A.jpg", rating = 4, crop = helpers.CROP, props = { applied = applied } })
    sdk.state().selection = { photo }
    local _, quiet = send()
    assert.is_truthy(quiet.dialogs[#quiet.dialogs].message:match("1 photos had nothing new to send"))
    photo.pickStatus = 1 -- picked with our stars and our crop left in place: the crop is accepted
    local first = send()
    assert.are.same({ "pick", "crop-accepted" }, { first[1].kind, first[2].kind })
    local second = send()
    assert.are.same({}, second)
    photo.develop.CropLeft = 0.3
    local third = send()
    assert.are.same({ "crop-adjusted" }, { third[1].kind })
  end)

  it("counts photos the companion does not know and stops early when it is offline", function()
    sdk.state().selection = { sdk.photo({ path = "/s/X.jpg", rating = 3 }) }
    local _, s = send({ unknown = { ["/s/X.jpg"] = true } })
    assert.is_truthy(s.dialogs[1].message:match("1 photos the companion does not know yet"))
    assert.are.same({}, sdk.callsNamed("catalog:withWriteAccessDo"))
    sdk.reset()
    sdk.state().selection = { sdk.photo({ path = "/s/X.jpg", rating = 3 }) }
    local posted, s2 = send({ offline = true })
    assert.are.same({}, posted)
    assert.is_truthy(s2.dialogs[1].message:match("not answering"))
  end)
end)
