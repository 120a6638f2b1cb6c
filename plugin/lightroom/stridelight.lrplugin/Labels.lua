--[[
  Colour labels by colour, never by display text. Lightroom's label *text* depends on the language and the label
  set ("Rot" in German, anything in a custom set), and text that matches no colour of the active set becomes a
  white "custom" label. The SDK's raw key colorNameForLabel speaks in colours in every language: "red", "yellow",
  "green", "blue", "purple", "custom" (text outside the set) or "none".
]]

local Labels = {}

Labels.KEY = "colorNameForLabel"
Labels.COLOURS = { red = true, yellow = true, green = true, blue = true, purple = true }

--- The companion's label name ("Green", the XMP spelling of the default set) as a colour, or nil.
function Labels.fromCompanion(name)
  if type(name) ~= "string" then return nil end
  local colour = name:lower()
  return Labels.COLOURS[colour] and colour or nil
end

--- A colour as the companion spells it ("green" -> "Green"); "custom" and others pass unchanged.
function Labels.toCompanion(colour)
  if not Labels.COLOURS[colour] then return colour end
  return colour:sub(1, 1):upper() .. colour:sub(2)
end

--- What the catalog holds now, as the ownership rule compares it: a colour, "custom", or "" for none.
function Labels.read(photo)
  local colour = photo:getRawMetadata(Labels.KEY)
  if type(colour) ~= "string" or colour == "none" then return "" end
  return colour
end

return Labels
