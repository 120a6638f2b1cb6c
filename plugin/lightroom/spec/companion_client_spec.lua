local sdk = require("fake_sdk").install()
local CompanionClient = require "CompanionClient"

local function client() return CompanionClient.new({ companionUrl = "http://127.0.0.1:7613", token = "tok" }) end

local function answering(body, status)
  sdk.state().responder = function() return body, status and { status = status } or nil end
end

describe("CompanionClient (scripted LrHttp)", function()
  before_each(function() sdk.reset() end)

  it("treats no answer at all as 'companion offline'", function()
    answering(nil, nil)
    local r = client():suggestions("/a.jpg", 1000)
    assert.is_true(r.offline)
    assert.is_false(r.ok)
    assert.is_truthy(r.error:match("not answering at http://127.0.0.1:7613"))
  end)

  it("turns an unreadable body into an error, not a crash", function()
    answering("<html>proxy error</html>", 200)
    local r = client():health()
    assert.is_false(r.ok)
    assert.is_false(r.offline)
    assert.is_truthy(r.error:match("not readable"))
  end)

  it("names the refused token and the companion's own reasons", function()
    answering('{"error":"unauthorised"}', 401)
    assert.is_truthy(client():status().error:match("refused the pairing token"))
    answering('{"error":"invalid body","details":["body.kind: Invalid option"]}', 400)
    assert.are.equal("companion answered 400: invalid body (body.kind: Invalid option)", client():feedback({ kind = "x" }).error)
  end)

  it("refuses something that is not Stridelight", function()
    answering('{"status":"ok","name":"other"}', 200)
    assert.is_truthy(client():health().error:match("is not a Stridelight companion"))
  end)

  it("gives every call a timeout, the token header and a JSON body", function()
    answering('{"id":1,"photoId":2}', 201)
    local c = client()
    c:feedback({ path = "/a b.jpg", kind = "pick", source = "lightroom" })
    c:analyze("/a b.jpg", 5000)
    c:health()
    local posts = sdk.callsNamed("LrHttp.post")
    assert.are.equal('{"kind":"pick","path":"/a b.jpg","source":"lightroom"}', posts[1].body)
    assert.are.equal(10, posts[1].timeout)
    assert.are.equal("POST", posts[1].method)
    assert.are.same({ field = "Content-Type", value = "application/json" }, posts[1].headers[3])
    assert.are.equal(20, posts[2].timeout)
    assert.are.equal(3, sdk.callsNamed("LrHttp.get")[1].timeout)
  end)

  it("asks for suggestions with a POST and the path in a JSON body (a GET only reads)", function()
    answering('{"status":"queued"}', 202)
    local r = client():suggestions('/Users/me/Race Day/IMG_1+2 "final".CR3', 2500)
    assert.is_true(r.ok)
    assert.are.equal(202, r.status)
    assert.are.same({}, sdk.callsNamed("LrHttp.get"))
    local ask = sdk.callsNamed("LrHttp.post")[1]
    assert.are.equal("http://127.0.0.1:7613/api/suggestions", ask.url)
    assert.are.equal("POST", ask.method)
    assert.are.equal('{"path":"/Users/me/Race Day/IMG_1+2 \\"final\\".CR3","waitMs":2500}', ask.body)
    assert.are.equal(17.5, ask.timeout)
    assert.are.same({ field = "X-Stridelight-Token", value = "tok" }, ask.headers[1])
    assert.are.same({ field = "Content-Type", value = "application/json" }, ask.headers[3])
  end)
end)
