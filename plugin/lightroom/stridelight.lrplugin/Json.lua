--[[
  A small JSON encoder/decoder for the companion's answers (Lightroom ships none). Both directions are guarded:
  they return nil and a message instead of raising, so a garbled answer can never crash a menu task.

  Decoding: objects -> tables (a JSON null leaves the key out), arrays -> tables marked as arrays (a null inside an
  array becomes Json.null, so positions are kept). Encoding: a table marked with Json.array, or with a [1], is an
  array; a table with keys 1..n is one too; any other table is an object with string keys.
]]

local Json = {}

Json.null = setmetatable({}, { __tostring = function() return "null" end })

local ARRAY = { __jsonArray = true }
local MAX_DEPTH = 200

function Json.array(t)
  return setmetatable(t or {}, ARRAY)
end

--- Marked as an array, or keys exactly 1..n (a table mixing both is neither: encoding it fails).
function Json.isArray(t)
  if type(t) ~= "table" then return false end
  if getmetatable(t) == ARRAY then return true end
  local n = 0
  for k in pairs(t) do
    if type(k) ~= "number" then return false end
    n = n + 1
  end
  return n > 0 and n == #t
end

-- Encoding ------------------------------------------------------------------------------------------------------

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function encodeString(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return ESCAPES[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

--[[
  Numbers without the C locale. Lua 5.1's string.format("%g") and tonumber() follow LC_NUMERIC, which Lightroom
  sets from the system: in a German or French locale they write and expect "0,87". JSON wants "0.87" always, so
  the decimal separator is normalised when writing, and numbers are read from their digits (integers only go
  through tonumber(), and integers look the same in every locale).
]]
local function pointed(text)
  return (text:gsub("[^%d%-+eE]", "."))
end

local function digitsValue(digits)
  return digits == "" and 0 or tonumber(digits)
end

--- The value of a JSON number's text, read digit by digit (no locale): "-12.5e-3" -> -0.0125.
function Json.numberFromText(text)
  local sign, int, frac, exp = text:match("^(%-?)(%d+)%.?(%d*)[eE]?([-+]?%d*)$")
  if not sign then return nil end
  local n = digitsValue(int)
  if frac ~= "" then n = n + digitsValue(frac) / 10 ^ #frac end
  if exp ~= "" and exp ~= "-" and exp ~= "+" then n = n * 10 ^ tonumber((exp:gsub("^%+", ""))) end
  return sign == "-" and -n or n
end

local function encodeNumber(n)
  if n ~= n or n == math.huge or n == -math.huge then error("cannot encode " .. tostring(n) .. " as JSON", 0) end
  if n == math.floor(n) and math.abs(n) < 1e15 then return string.format("%d", n) end
  local short = pointed(string.format("%.15g", n))
  if Json.numberFromText(short) == n then return short end
  return pointed(string.format("%.17g", n))
end

local encodeValue

local function encodeArray(t, depth)
  local parts = {}
  for i = 1, #t do parts[i] = encodeValue(t[i], depth + 1) end
  return "[" .. table.concat(parts, ",") .. "]"
end

local function encodeObject(t, depth)
  local keys = {}
  for k in pairs(t) do
    if type(k) ~= "string" then error("object keys must be strings, got " .. type(k), 0) end
    keys[#keys + 1] = k
  end
  -- Sorted keys: the same table always gives the same text (the feedback signatures rely on it).
  table.sort(keys)
  local parts = {}
  for i, k in ipairs(keys) do parts[i] = encodeString(k) .. ":" .. encodeValue(t[k], depth + 1) end
  return "{" .. table.concat(parts, ",") .. "}"
end

encodeValue = function(v, depth)
  if depth > MAX_DEPTH then error("nested too deeply", 0) end
  local kind = type(v)
  if v == nil or v == Json.null then return "null" end
  if kind == "boolean" then return tostring(v) end
  if kind == "number" then return encodeNumber(v) end
  if kind == "string" then return encodeString(v) end
  if kind == "table" then
    if Json.isArray(v) then return encodeArray(v, depth) end
    return encodeObject(v, depth)
  end
  error("cannot encode a " .. kind .. " as JSON", 0)
end

--- Returns the JSON text, or nil and why not.
function Json.encode(value)
  local ok, result = pcall(encodeValue, value, 0)
  if ok then return result end
  return nil, "JSON encode: " .. tostring(result)
end

-- Decoding ------------------------------------------------------------------------------------------------------

local function fail(pos, message)
  error({ pos = pos, message = message }, 0)
end

local function skipSpace(s, pos)
  return s:find("[^ \t\r\n]", pos) or #s + 1
end

local function utf8(code)
  if code < 0x80 then return string.char(code) end
  if code < 0x800 then return string.char(0xC0 + math.floor(code / 0x40), 0x80 + code % 0x40) end
  if code < 0x10000 then
    return string.char(0xE0 + math.floor(code / 0x1000), 0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
  end
  return string.char(
    0xF0 + math.floor(code / 0x40000),
    0x80 + math.floor(code / 0x1000) % 0x40,
    0x80 + math.floor(code / 0x40) % 0x40,
    0x80 + code % 0x40
  )
end

local function hex4(s, pos)
  local digits = s:sub(pos, pos + 3)
  if not digits:match("^%x%x%x%x$") then fail(pos, "bad \\u escape") end
  return tonumber(digits, 16)
end

local SIMPLE = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }

local function decodeEscape(s, pos)
  local c = s:sub(pos, pos)
  if SIMPLE[c] then return SIMPLE[c], pos + 1 end
  if c ~= "u" then fail(pos, "bad escape \\" .. c) end
  local code = hex4(s, pos + 1)
  if code >= 0xD800 and code <= 0xDBFF and s:sub(pos + 5, pos + 6) == "\\u" then
    local low = hex4(s, pos + 7)
    if low >= 0xDC00 and low <= 0xDFFF then
      return utf8(0x10000 + (code - 0xD800) * 0x400 + (low - 0xDC00)), pos + 11
    end
  end
  return utf8(code), pos + 5
end

local function decodeString(s, pos)
  local parts, i = {}, pos + 1
  while true do
    local stop = s:find('["\\%c]', i)
    if not stop then fail(pos, "unterminated string") end
    parts[#parts + 1] = s:sub(i, stop - 1)
    local c = s:sub(stop, stop)
    if c == '"' then return table.concat(parts), stop + 1 end
    if c ~= "\\" then fail(stop, "control character in string") end
    local text
    text, i = decodeEscape(s, stop + 1)
    parts[#parts + 1] = text
  end
end

local function decodeNumber(s, pos)
  local text = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
  local n = text and Json.numberFromText(text)
  if not n then fail(pos, "bad number") end
  return n, pos + #text
end

local decodeValue

local function decodeArray(s, pos, depth)
  local out, n = Json.array({}), 0
  pos = skipSpace(s, pos + 1)
  if s:sub(pos, pos) == "]" then return out, pos + 1 end
  while true do
    local v
    v, pos = decodeValue(s, pos, depth + 1)
    n = n + 1
    out[n] = v == nil and Json.null or v
    pos = skipSpace(s, pos)
    local c = s:sub(pos, pos)
    if c == "]" then return out, pos + 1 end
    if c ~= "," then fail(pos, "expected , or ] in array") end
    pos = skipSpace(s, pos + 1)
  end
end

local function decodeObject(s, pos, depth)
  local out = {}
  pos = skipSpace(s, pos + 1)
  if s:sub(pos, pos) == "}" then return out, pos + 1 end
  while true do
    if s:sub(pos, pos) ~= '"' then fail(pos, "expected a string key") end
    local key
    key, pos = decodeString(s, pos)
    pos = skipSpace(s, pos)
    if s:sub(pos, pos) ~= ":" then fail(pos, "expected :") end
    local v
    v, pos = decodeValue(s, skipSpace(s, pos + 1), depth + 1)
    out[key] = v
    pos = skipSpace(s, pos)
    local c = s:sub(pos, pos)
    if c == "}" then return out, pos + 1 end
    if c ~= "," then fail(pos, "expected , or } in object") end
    pos = skipSpace(s, pos + 1)
  end
end

local LITERALS = { ["true"] = true, ["false"] = false }

decodeValue = function(s, pos, depth)
  if depth > MAX_DEPTH then fail(pos, "nested too deeply") end
  pos = skipSpace(s, pos)
  local c = s:sub(pos, pos)
  if c == "{" then return decodeObject(s, pos, depth) end
  if c == "[" then return decodeArray(s, pos, depth) end
  if c == '"' then return decodeString(s, pos) end
  if c == "-" or c:match("%d") then return decodeNumber(s, pos) end
  for word, value in pairs(LITERALS) do
    if s:sub(pos, pos + #word - 1) == word then return value, pos + #word end
  end
  if s:sub(pos, pos + 3) == "null" then return nil, pos + 4 end
  fail(pos, c == "" and "unexpected end of text" or "unexpected character " .. c)
end

local function decodeAll(s)
  local value, pos = decodeValue(s, 1, 0)
  pos = skipSpace(s, pos)
  if pos <= #s then fail(pos, "trailing text") end
  return value
end

--- Returns the decoded value (nil for a JSON null), or nil and why not.
function Json.decode(text)
  if type(text) ~= "string" then return nil, "JSON decode: expected text, got " .. type(text) end
  local ok, result = pcall(decodeAll, text)
  if ok then return result end
  if type(result) == "table" then
    return nil, string.format("JSON decode: %s at character %d", result.message, result.pos)
  end
  return nil, "JSON decode: " .. tostring(result)
end

return Json
