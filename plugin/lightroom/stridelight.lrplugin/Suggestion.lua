--[[
  The companion's answer to "what do you suggest for this file?" (POST /api/suggestions), read into what the plugin
  applies: stars, label, keyword paths, the chosen crop and the plugin's own metadata fields.
]]

local CropFrame = require "CropFrame"
local Json = require "Json"
local Labels = require "Labels"

local Suggestion = {}

Suggestion.KEYWORD_ROOT = "Stridelight"

local function strings(list)
  local out = {}
  if type(list) ~= "table" then return out end
  for _, v in ipairs(list) do
    if type(v) == "string" and v ~= "" then out[#out + 1] = v end
  end
  return out
end

--- The crop to apply: the named aspect, or the best real crop ("original" is the uncropped frame's ratio).
function Suggestion.chooseCrop(crops, aspect)
  local best = nil
  for _, c in ipairs(type(crops) == "table" and crops or {}) do
    local usable = type(c) == "table" and (tonumber(c.score) or 0) > 0 and CropFrame.fromCompanion(c.crs) ~= nil
    local wanted = aspect == "best" and c.aspect ~= "original" or c.aspect == aspect
    if usable and wanted and (best == nil or c.score > best.score) then best = c end
  end
  if not best then return nil end
  return { aspect = best.aspect, box = best.box, crs = CropFrame.fromCompanion(best.crs), reason = best.reason }
end

local function styleOf(answer, keywords)
  if type(answer.runningStyle) == "string" then return answer.runningStyle end
  local prefix = Suggestion.KEYWORD_ROOT .. "|style|"
  for _, k in ipairs(keywords) do
    if k:sub(1, #prefix) == prefix then return k:sub(#prefix + 1) end
  end
  return nil
end

local function keywordPaths(keywords, bibs)
  local out, seen = {}, {}
  local function add(path)
    if not seen[path] then
      seen[path] = true
      out[#out + 1] = path
    end
  end
  for _, k in ipairs(keywords) do add(k) end
  for _, bib in ipairs(bibs) do add(Suggestion.KEYWORD_ROOT .. "|bib|" .. bib) end
  return out
end

--[[
  The Bib field's text: the bibs read on the photo, then those carried from another photo of the same runner that
  the companion keyworded (it sends "Stridelight|carried bib|1234" only at or above its carried-bib confidence),
  marked "(carried)" so a search in the field finds both and the photographer can tell them apart.
]]
local function bibText(bibs, keywords)
  local parts, seen = {}, {}
  for _, bib in ipairs(bibs) do
    if not seen[bib] then
      seen[bib] = true
      parts[#parts + 1] = bib
    end
  end
  local prefix = Suggestion.KEYWORD_ROOT .. "|carried bib|"
  for _, k in ipairs(keywords) do
    local bib = k:sub(1, #prefix) == prefix and k:sub(#prefix + 1) or nil
    if bib and bib ~= "" and not seen[bib] then
      seen[bib] = true
      parts[#parts + 1] = bib .. " (carried)"
    end
  end
  return #parts > 0 and table.concat(parts, ", ") or nil
end

--- "0.87": two decimals with a point whatever the locale (string.format("%.2f") follows LC_NUMERIC: "0,87").
function Suggestion.decimal2(x)
  if type(x) ~= "number" or x ~= x then return nil end
  local hundredths = math.floor(math.max(0, math.min(1, x)) * 100 + 0.5)
  return string.format("%d.%02d", math.floor(hundredths / 100), hundredths % 100)
end

--[[
  Every tenth the keeper score reaches, as words: 0.87 -> "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8". Plugin fields can
  only hold text, so this is how a smart collection compares: "Keeper at least" contains "0.8" means keeper ≥ 0.8.
]]
function Suggestion.levels(x)
  if type(x) ~= "number" or x ~= x then return nil end
  local reached = math.floor(math.max(0, math.min(1, x)) * 10 + 1e-9)
  if reached == 0 then return "0.0" end
  local words = {}
  for tenth = 1, reached do words[#words + 1] = tenth == 10 and "1.0" or ("0." .. tenth) end
  return table.concat(words, " ")
end

--- answer: the decoded JSON; settings: Settings.read(...). Returns the plugin's view of it.
function Suggestion.read(answer, settings)
  local keywords, bibs = strings(answer.keywords), strings(answer.bibs)
  local rating = tonumber(answer.rating)
  local keeper = tonumber(answer.keeper)
  return {
    status = answer.status,
    photoId = tonumber(answer.photoId),
    -- Lightroom's stars are 0..5: a suggested reject (-1) is left to the photographer's own flag.
    rating = (rating and rating >= 0 and rating <= 5) and math.floor(rating) or nil,
    suggestsReject = rating == -1,
    label = Labels.fromCompanion(answer.label),
    keeper = keeper,
    keeperText = Suggestion.decimal2(keeper),
    keeperAtLeast = Suggestion.levels(keeper),
    runningStyle = styleOf(answer, keywords),
    bibs = bibs,
    bibText = bibText(bibs, keywords),
    keywords = keywordPaths(keywords, bibs),
    crop = Suggestion.chooseCrop(answer.crops, settings.cropAspect or "best"),
    error = type(answer.error) == "string" and answer.error or nil,
  }
end

--- What the plugin remembers of the proposal, so feedback can name the suggestion it answers.
function Suggestion.proposalRecord(view)
  local crop = view.crop and { aspect = view.crop.aspect, box = Json.array(view.crop.box) } or nil
  return { rating = view.rating, label = view.label, crop = crop }
end

return Suggestion
