--[[
  The ownership rule of the XMP writer, applied to the catalog: a rating, label or crop is changed only while it is
  empty or still exactly what the plugin last applied. Anything else is the photographer's, unless they opted in
  to having it overwritten.
]]

local Ownership = {}

Ownership.REASONS = {
  ["changed-by-photographer"] = "photographer changed %s",
  ["set-by-someone-else"] = "%s was set by the photographer or another tool",
  ["disabled-by-policy"] = "applying %s is switched off",
}

function Ownership.skip(field, code)
  return { field = field, code = code, reason = string.format(Ownership.REASONS[code], field) }
end

--[[
  rule = { field = "rating", same = function(a, b), isEmpty = function(v) }
  now: the catalog's value; written: what we last applied (nil = never); wanted: the companion's (nil = nothing).
  Returns { write = value|nil, written = value|nil, skip = skip|nil }.
]]
function Ownership.decide(rule, now, written, wanted, enabled, overwrite)
  local function keep(why) return { write = nil, written = written, skip = why } end
  if wanted == nil then return keep(nil) end
  if not enabled then return keep(Ownership.skip(rule.field, "disabled-by-policy")) end
  local write = { write = (not rule.same(now, wanted)) and wanted or nil, written = wanted, skip = nil }
  if overwrite then return write end
  if written ~= nil and not rule.same(now, written) then return keep(Ownership.skip(rule.field, "changed-by-photographer")) end
  if written == nil and not rule.isEmpty(now) then
    if rule.same(now, wanted) then return keep(nil) end
    return keep(Ownership.skip(rule.field, "set-by-someone-else"))
  end
  return write
end

local function stars(v) return tonumber(v) or 0 end

Ownership.RATING = {
  field = "rating",
  same = function(a, b) return stars(a) == stars(b) end,
  isEmpty = function(v) return stars(v) == 0 end,
}

local function text(v) return (v == nil or v == "") and "" or tostring(v) end

Ownership.LABEL = {
  field = "label",
  same = function(a, b) return text(a):lower() == text(b):lower() end,
  isEmpty = function(v) return text(v) == "" end,
}

return Ownership
