--[[
  "Send my ratings, flags and crops to Stridelight": each photo's own answers go to POST /api/feedback as
  training signal; what was sent is remembered in one catalog write per batch, so nothing is sent twice.
]]

local LrProgressScope = import "LrProgressScope"
local CatalogWriter = require "CatalogWriter"
local FeedbackPlan = require "FeedbackPlan"
local PhotoState = require "PhotoState"
local Report = require "Report"

local FeedbackTask = {}

FeedbackTask.TITLE = "Stridelight: send feedback"

--- The EXIF orientation the companion read from the file (an adjusted crop is sent in the displayed frame).
local function orientationOf(deps, photoId)
  if not photoId then return 1 end
  local detail = deps.client:photo(photoId)
  local analysis = detail.ok and type(detail.json.analysis) == "table" and detail.json.analysis or {}
  return type(analysis.source) == "table" and tonumber(analysis.source.orientation) or 1
end

local function sendOne(deps, state, event, photoId, report)
  local orientation = event.kind == "crop-adjusted" and orientationOf(deps, photoId) or nil
  local result = deps.client:feedback(FeedbackPlan.body(state, event, orientation))
  if result.offline then report.fatal = result.error end
  return result
end

--- Sends one photo's pending events; returns the catalog update to remember, or nil.
local function sendPhoto(deps, photo, report)
  local state = PhotoState.read(photo)
  local events = FeedbackPlan.pending(state)
  if #events == 0 then return report:count("unchanged") end
  local sent, photoId, any = {}, state.photoId, false
  for group, signature in pairs(state.sent) do sent[group] = signature end
  for _, event in ipairs(events) do
    local result = sendOne(deps, state, event, photoId, report)
    if report.fatal then break end
    if result.ok then
      sent[event.group], photoId, any = event.signature, tonumber(result.json.photoId) or photoId, true
      report:count("sent")
    elseif result.status == 404 then
      report:count("unknown")
      break
    else
      report:problem(state.path, result.error)
    end
  end
  if any then return { photo = photo, sent = sent, photoId = photoId } end
end

--- deps = { catalog, settings, client }; returns the Report.
function FeedbackTask.run(context, photos, deps)
  local report = Report.new(FeedbackTask.TITLE, #photos)
  local health = deps.client:health()
  if not health.ok then
    report.fatal = health.error
    return report
  end
  local scope = LrProgressScope({ title = FeedbackTask.TITLE, functionContext = context })
  local updates = {}
  for i, photo in ipairs(photos) do
    if scope:isCanceled() then
      report.cancelled = true
      break
    end
    updates[#updates + 1] = sendPhoto(deps, photo, report)
    if report.fatal then break end
    report.done = i
    scope:setPortionComplete(i, #photos)
    if #updates >= deps.settings.batchSize then
      CatalogWriter.remember(deps.catalog, updates)
      updates = {}
    end
  end
  CatalogWriter.remember(deps.catalog, updates)
  scope:done()
  return report
end

return FeedbackTask
