--[[
  Pure: from a photo's state, the companion's suggestion and the settings, what to change in the catalog. The
  ownership rule decides stars, label and crop; keywords under the Stridelight root are ours, except that one the
  photographer removed is remembered and never added again.
]]

local Json = require "Json"
local Ownership = require "Ownership"
local CropFrame = require "CropFrame"

local ApplyPlan = {}

local function set(list)
  local s = {}
  for _, v in ipairs(list or {}) do s[v] = true end
  return s
end

local function keywordPlan(state, wanted, enabled)
  local present, applied, want = set(state.keywords), state.applied.keywords or {}, set(wanted)
  local plan = { add = {}, remove = {}, remembered = Json.array({}), skips = {} }
  if not enabled then
    for _, k in ipairs(applied) do plan.remembered[#plan.remembered + 1] = k end
    return plan
  end
  local removedByPhotographer = {}
  for _, k in ipairs(applied) do
    if not present[k] then
      removedByPhotographer[k] = true
      plan.remembered[#plan.remembered + 1] = k
    elseif not want[k] then
      plan.remove[#plan.remove + 1] = k -- ours and stale: a newer analysis no longer says it
    end
  end
  for _, k in ipairs(wanted) do
    if removedByPhotographer[k] then
      plan.skips[#plan.skips + 1] = { field = "keyword", code = "removed-by-photographer", reason = "photographer removed keyword", detail = k }
    else
      if not present[k] then plan.add[#plan.add + 1] = k end
      plan.remembered[#plan.remembered + 1] = k
    end
  end
  return plan
end

local function decide(rule, now, written, wanted, enabled, settings, skips)
  local d = Ownership.decide(rule, now, written, wanted, enabled, settings.overwritePhotographer)
  if d.skip then skips[#skips + 1] = d.skip end
  return d
end

--- state: PhotoState.read(photo); view: Suggestion.read(answer); settings: Settings.read(prefs).
function ApplyPlan.make(state, view, settings)
  local skips, applied = {}, state.applied
  local rating = decide(Ownership.RATING, state.rating, applied.rating, view.rating, settings.applyRating, settings, skips)
  local label = decide(Ownership.LABEL, state.label, applied.label, view.label, settings.applyLabel, settings, skips)
  local wantedCrop = view.crop and view.crop.crs or nil
  local crop = decide(CropFrame.RULE, state.crop, applied.crop, wantedCrop, settings.applyCrop, settings, skips)
  local keywords = keywordPlan(state, view.keywords, settings.applyKeywords)
  for _, s in ipairs(keywords.skips) do skips[#skips + 1] = s end
  return {
    rating = rating.write,
    label = label.write,
    crop = crop.write,
    addKeywords = keywords.add,
    removeKeywords = keywords.remove,
    fields = {
      keeperScore = view.keeperText,
      keeperAtLeast = view.keeperAtLeast,
      runningStyle = view.runningStyle,
      bib = view.bibText,
    },
    photoId = view.photoId,
    applied = { rating = rating.written, label = label.written, crop = crop.written, keywords = keywords.remembered },
    skips = skips,
  }
end

--- True when the plan changes nothing the photographer sees (plugin fields aside).
function ApplyPlan.isQuiet(plan)
  return plan.rating == nil and plan.label == nil and plan.crop == nil and #plan.addKeywords == 0 and #plan.removeKeywords == 0
end

return ApplyPlan
