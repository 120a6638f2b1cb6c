--[[
  "Score with Stridelight", in two passes so the companion's workers run in parallel:
    1. queue: hand every photo to the companion at once (POST /api/analyze, waitMs 0), which only queues it;
    2. collect: ask for each suggestion in order, waiting a short slice at a time (a photo already done answers at
       once), and write each batch in one catalog transaction.
  Runs inside an LrTasks task: HTTP happens outside the write gate, progress and cancel go through an
  LrProgressScope, and the run ends with one summary.
]]

local LrProgressScope = import "LrProgressScope"
local CatalogWriter = require "CatalogWriter"
local Report = require "Report"
local Suggestion = require "Suggestion"

local ScoreTask = {}

ScoreTask.TITLE = "Stridelight: score photos"
-- Each wait for a suggestion is this long at most, so a cancel is noticed between slices.
ScoreTask.SLICE_MS = 5000
-- The progress bar's total is this many times the photos: one share for queueing, the rest for collecting.
ScoreTask.QUEUE_SHARE = 10

--- Pass 1. Returns the photos the companion accepted, as { photo, path }; problems go straight to the report.
local function queueAll(deps, photos, report, scope)
  local queued = {}
  for i, photo in ipairs(photos) do
    if scope:isCanceled() then
      report.cancelled, report.cancelledWhileQueueing = true, true
      break
    end
    local path = photo:getRawMetadata("path")
    local result = deps.client:analyze(path, 0)
    if result.offline then
      report.fatal = result.error
      break
    end
    if result.ok then
      queued[#queued + 1] = { photo = photo, path = path }
    else
      report:problem(path, result.error)
      report.done = report.done + 1
    end
    report.queued = #queued
    scope:setCaption(string.format("Queued %d of %d", i, #photos))
    -- The bar covers both passes: queueing fills its first tenth (it is quick), collecting the rest.
    scope:setPortionComplete(i, #photos * ScoreTask.QUEUE_SHARE)
  end
  return queued
end

--- Waits for one photo a slice at a time for up to settings.waitSeconds; nil when cancelled while still waiting.
local function await(deps, path, scope)
  local patience = deps.settings.waitSeconds * 1000
  while true do
    local slice = math.min(ScoreTask.SLICE_MS, patience)
    local result = deps.client:suggestions(path, slice)
    patience = patience - slice
    local waiting = result.ok and result.status == 202
    if not waiting or patience <= 0 then return result end
    if scope:isCanceled() then return nil end
  end
end

--- One photo's answer, sorted into the report; returns the item to write, or nil.
local function collect(deps, entry, report, scope)
  local result = await(deps, entry.path, scope)
  if result == nil then
    report.cancelled = true
    return nil
  end
  if result.offline then
    report.fatal = result.error
    return nil
  end
  if not result.ok then return report:problem(entry.path, result.error) end
  local view = Suggestion.read(result.json, deps.settings)
  if view.status == "failed" then return report:problem(entry.path, "the companion could not analyze it: " .. tostring(view.error)) end
  if view.status ~= "ready" then return report:count("pending") end
  return { photo = entry.photo, path = entry.path, view = view }
end

--- Pass 2 for one batch of queued photos: the items to write.
local function collectBatch(deps, batch, report, scope)
  local items = {}
  for _, entry in ipairs(batch) do
    if scope:isCanceled() then
      report.cancelled = true
      break
    end
    scope:setCaption("Asking the companion about " .. tostring(entry.photo:getFormattedMetadata("fileName")))
    items[#items + 1] = collect(deps, entry, report, scope)
    if report.fatal or report.cancelled then break end
    report.done = report.done + 1
    local share = ScoreTask.QUEUE_SHARE
    scope:setPortionComplete(report.total + report.done * (share - 1), report.total * share)
  end
  return items
end

local function collectAll(deps, queued, report, scope)
  for first = 1, #queued, deps.settings.batchSize do
    local batch = { unpack(queued, first, math.min(first + deps.settings.batchSize - 1, #queued)) }
    local items = collectBatch(deps, batch, report, scope)
    -- What was fetched before a cancel or an outage is still written: the companion's work is not thrown away.
    CatalogWriter.apply(deps.catalog, items, deps.settings, report)
    if report.cancelled or report.fatal then break end
  end
end

--- deps = { catalog, settings, client }; returns the Report (the caller shows it).
function ScoreTask.run(context, photos, deps)
  local report = Report.new(ScoreTask.TITLE, #photos)
  local health = deps.client:health()
  if not health.ok then
    report.fatal = health.error
    return report
  end
  local scope = LrProgressScope({ title = ScoreTask.TITLE, functionContext = context })
  local queued = queueAll(deps, photos, report, scope)
  if not (report.cancelled or report.fatal) then collectAll(deps, queued, report, scope) end
  scope:done()
  return report
end

return ScoreTask
