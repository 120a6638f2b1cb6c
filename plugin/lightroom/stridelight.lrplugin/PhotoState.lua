--[[
  What the catalog says about one photo now, plus what the plugin remembers about it (its own hidden fields):
  what it last applied (the ownership rule needs it), the proposal, and the feedback already sent.
]]

local CropFrame = require "CropFrame"
local Json = require "Json"
local Labels = require "Labels"

local PhotoState = {}

-- Hidden plugin fields (MetadataDefinition.lua) holding JSON.
PhotoState.APPLIED = "applied"
PhotoState.PROPOSAL = "proposal"
PhotoState.SENT = "sentFeedback"
PhotoState.PHOTO_ID = "photoId"

--- "Stridelight|bib|1234" for a keyword nested Stridelight > bib > 1234.
function PhotoState.keywordPath(keyword)
  local names, k = {}, keyword
  while k do
    table.insert(names, 1, k:getName())
    k = k:getParent()
  end
  return table.concat(names, "|")
end

local function record(photo, field)
  local text = photo:getPropertyForPlugin(_PLUGIN, field)
  local value = type(text) == "string" and Json.decode(text) or nil
  return type(value) == "table" and value or {}
end

local function keywordsOf(photo)
  local paths, byPath = {}, {}
  for _, keyword in ipairs(photo:getRawMetadata("keywords") or {}) do
    local path = PhotoState.keywordPath(keyword)
    paths[#paths + 1] = path
    byPath[path] = keyword
  end
  return paths, byPath
end

function PhotoState.read(photo)
  local paths, byPath = keywordsOf(photo)
  return {
    photo = photo,
    path = photo:getRawMetadata("path"),
    -- No stars is nil in the SDK.
    rating = tonumber(photo:getRawMetadata("rating")) or 0,
    -- A colour ("red" …), "custom", or "": never the display text, which depends on language and label set.
    label = Labels.read(photo),
    pickStatus = tonumber(photo:getRawMetadata("pickStatus")) or 0,
    crop = CropFrame.fromDevelop(photo:getDevelopSettings()),
    keywords = paths,
    keywordObjects = byPath,
    photoId = tonumber(photo:getPropertyForPlugin(_PLUGIN, PhotoState.PHOTO_ID)),
    applied = record(photo, PhotoState.APPLIED),
    proposal = record(photo, PhotoState.PROPOSAL),
    sent = record(photo, PhotoState.SENT),
  }
end

return PhotoState
