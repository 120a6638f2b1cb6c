--[[
  Which photos a menu item works on: the selection, or every photo of the folders and collections chosen in the
  Library's left panel (each photo once).
]]

local Sources = {}

local function addAll(out, seen, photos)
  for _, photo in ipairs(photos or {}) do
    local id = photo.localIdentifier or photo
    if not seen[id] then
      seen[id] = true
      out[#out + 1] = photo
    end
  end
end

local function photosOf(source)
  if type(source) ~= "table" or type(source.getPhotos) ~= "function" then return {} end
  if source:type() == "LrFolder" then return source:getPhotos(false) end
  return source:getPhotos()
end

--- which = "selected" | "source"
function Sources.photos(catalog, which)
  local out, seen = {}, {}
  if which == "selected" then
    addAll(out, seen, catalog:getTargetPhotos())
  else
    for _, source in ipairs(catalog:getActiveSources() or {}) do addAll(out, seen, photosOf(source)) end
  end
  return out
end

return Sources
