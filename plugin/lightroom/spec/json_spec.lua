require("fake_sdk").install()
local Json = require "Json"

describe("Json", function()
  it("decodes what the companion sends: objects, arrays, numbers, escapes, nulls", function()
    local value = Json.decode('{"status":"ready","rating":4,"keeper":0.875,"label":null,"bibs":["1234"],'
      .. '"crops":[{"box":[0,0.25,1,0.75e0]}],"ok":true,"no":false,"text":"a\\"b\\\\c\\n\\u00e9\\ud83c\\udfc3"}')
    assert.are.equal("ready", value.status)
    assert.are.equal(4, value.rating)
    assert.are.equal(0.875, value.keeper)
    assert.is_nil(value.label)
    assert.are.same({ "1234" }, value.bibs)
    assert.are.equal(0.75, value.crops[1].box[4])
    assert.is_true(value.ok)
    assert.is_false(value.no)
    assert.are.equal('a"b\\c\n\195\169\240\159\143\131', value.text)
  end)

  it("keeps positions of nulls inside arrays", function()
    local value = Json.decode("[1,null,3]")
    assert.are.equal(Json.null, value[2])
    assert.are.equal(3, value[3])
  end)

  it("returns nil and a reason for broken text instead of raising", function()
    for _, text in ipairs({ "", "{", '{"a":}', "[1,2", '{"a":1} x', "nul", '"abc', '{"a" 1}', "<html>", "[1,]" }) do
      local value, why = Json.decode(text)
      assert.is_nil(value, text)
      assert.is_truthy(why and why:match("^JSON decode"), text)
    end
    local value, why = Json.decode(nil)
    assert.is_nil(value)
    assert.is_truthy(why:match("expected text"))
  end)

  it("refuses absurd nesting without overflowing the stack", function()
    local value, why = Json.decode(string.rep("[", 500) .. string.rep("]", 500))
    assert.is_nil(value)
    assert.is_truthy(why:match("nested too deeply"))
  end)

  it("encodes objects with sorted keys, arrays, escapes and exact numbers", function()
    local text = Json.encode({ kind = "rating", value = 4, path = '/p/"a"\n.jpg', box = Json.array({ 0.1, 0.2, 1, 0.95 }) })
    assert.are.equal('{"box":[0.1,0.2,1,0.95],"kind":"rating","path":"/p/\\"a\\"\\n.jpg","value":4}', text)
    local precise = 0.1998735198047548
    assert.are.equal(precise, Json.decode(Json.encode({ x = precise })).x)
    assert.are.equal("[]", Json.encode(Json.array({})))
    assert.are.equal("{}", Json.encode({}))
  end)

  it("round-trips a decoded array as an array, even an empty one", function()
    assert.are.equal("[]", Json.encode(Json.decode("[]")))
    assert.are.equal('{"a":[]}', Json.encode(Json.decode('{"a":[]}')))
  end)

  it("returns nil and a reason for values JSON cannot hold", function()
    assert.is_nil((Json.encode({ x = 0 / 0 })))
    assert.is_nil((Json.encode({ [1] = "a", [true] = "b", n = 1 })))
    local _, why = Json.encode({ f = function() end })
    assert.is_truthy(why:match("cannot encode a function"))
  end)

  it("writes and reads numbers with a point whatever the locale (a comma locale simulated)", function()
    local realFormat, realTonumber = string.format, tonumber
    -- What Lua 5.1 does under LC_NUMERIC=de_DE: "%g"/"%f" write a comma, tonumber refuses a point.
    string.format = function(f, ...)
      local out = realFormat(f, ...)
      if f:match("%%[%d.]*[gf]") then out = out:gsub("%.", ",") end
      return out
    end
    tonumber = function(v, base)
      if type(v) == "string" and v:find("%.") then return nil end
      return realTonumber(v, base)
    end
    local ok, err = pcall(function()
      assert.are.equal('{"keeper":0.875,"score":-12.5}', Json.encode({ keeper = 0.875, score = -12.5 }))
      local value = Json.decode('{"keeper":0.875,"tiny":1.5e-3,"n":42}')
      assert.are.equal(0.875, value.keeper)
      assert.are.equal(0.0015, value.tiny)
      assert.are.equal(42, value.n)
      assert.are.equal("0.87", require("Suggestion").decimal2(0.8712))
    end)
    string.format, tonumber = realFormat, realTonumber
    assert(ok, err)
  end)
end)
