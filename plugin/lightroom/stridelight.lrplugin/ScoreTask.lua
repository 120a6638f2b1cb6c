--[[
  "Score with Stridelight": for each photo ask the companion for its suggestion (it analyses the file first when
  needed), then write each batch in one catalog transaction. Runs inside an LrTasks task: HTTP happens outside the
  write gate, progress and cancel go through an LrProgressScope, and the run ends with one summary.
]]

local LrProgressScope = import "LrProgressScope"
local CatalogWriter = require "CatalogWriter"
local Report = require "Report"
local Suggestion = require "Suggestion"

local ScoreTask = {}

ScoreTask.TITLE = "Stridelight: score photos"

--- One photo's answer, sorted into the report; returns the item to write, or nil.
local function ask(deps, photo, report)
  local path = photo:getRawMetadata("path")
  local result = deps.client:suggestions(path, deps.settings.waitSeconds * 1000)
  if result.offline then
    report.fatal = result.error
    return nil
  end
  if not result.ok then return report:problem(path, result.error) end
  local view = Suggestion.read(result.json, deps.settings)
  if view.status == "failed" then return report:problem(path, "the companion could not analyse it: " .. tostring(view.error)) end
  if view.status ~= "ready" then return report:count("pending") end
  return { photo = photo, path = path, view = view }
end

local function askBatch(deps, batch, report, scope)
  local items = {}
  for _, photo in ipairs(batch) do
    if scope:isCanceled() then
      report.cancelled = true
      break
    end
    scope:setCaption("Asking the companion about " .. tostring(photo:getFormattedMetadata("fileName")))
    items[#items + 1] = ask(deps, photo, report)
    if report.fatal then break end
    report.done = report.done + 1
    scope:setPortionComplete(report.done, report.total)
  end
  return items
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
  for first = 1, #photos, deps.settings.batchSize do
    local batch = { unpack(photos, first, math.min(first + deps.settings.batchSize - 1, #photos)) }
    local items = askBatch(deps, batch, report, scope)
    -- What was fetched before a cancel or an outage is still written: the companion's work is not thrown away.
    CatalogWriter.apply(deps.catalog, items, deps.settings, report)
    if report.cancelled or report.fatal then break end
  end
  scope:done()
  return report
end

return ScoreTask
