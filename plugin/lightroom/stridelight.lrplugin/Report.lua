--[[
  What one menu run did, gathered as it goes and shown once at the end as a summary: counts, then the problems
  (one line per photo, the first few only) instead of one dialog per error.
]]

local Report = {}
Report.__index = Report

Report.MAX_LINES = 12

function Report.new(title, total)
  return setmetatable({
    title = title,
    total = total,
    done = 0,
    counts = {},
    skips = {},
    problems = {},
    fatal = nil,
    cancelled = false,
    -- Scoring hands every photo to the companion before asking for any answer: a cancel may come in between.
    cancelledWhileQueueing = false,
    queued = 0,
  }, Report)
end

local function leaf(path)
  return tostring(path or "?"):match("[^/\\]+$") or tostring(path)
end

function Report:count(what, n)
  self.counts[what] = (self.counts[what] or 0) + (n or 1)
end

function Report:problem(path, message)
  self.problems[#self.problems + 1] = leaf(path) .. ": " .. tostring(message)
end

function Report:applied(_, plan)
  self:count("scored")
  if plan.rating ~= nil then self:count("stars") end
  if plan.label ~= nil then self:count("labels") end
  if plan.crop ~= nil then self:count("crops") end
  if #plan.addKeywords > 0 then self:count("keywords", #plan.addKeywords) end
  for _, s in ipairs(plan.skips) do
    if s.code ~= "disabled-by-policy" then self.skips[s.reason] = (self.skips[s.reason] or 0) + 1 end
  end
end

local LINES = {
  { "scored", "%d photos scored" },
  { "stars", "%d star ratings applied" },
  { "labels", "%d colour labels applied" },
  { "crops", "%d crops applied" },
  { "keywords", "%d keywords added" },
  { "pending", "%d photos still being analyzed: run again in a moment" },
  { "sent", "%d answers sent to the companion" },
  { "unchanged", "%d photos had nothing new to send" },
  { "unknown", "%d photos the companion does not know yet: score them first" },
}

function Report:text()
  local out = {}
  if self.fatal then out[#out + 1] = self.fatal end
  if self.cancelledWhileQueueing then
    out[#out + 1] = string.format("Cancelled while handing the photos to the companion (%d of %d queued): nothing was written; the companion still analyzes the queued ones.", self.queued, self.total)
  elseif self.cancelled then
    out[#out + 1] = string.format("Cancelled after %d of %d photos.", self.done, self.total)
  end
  for _, line in ipairs(LINES) do
    local n = self.counts[line[1]]
    if n and n > 0 then out[#out + 1] = string.format(line[2], n) end
  end
  local reasons = {}
  for reason in pairs(self.skips) do reasons[#reasons + 1] = reason end
  table.sort(reasons)
  for _, reason in ipairs(reasons) do out[#out + 1] = string.format("left as it was (%s): %d", reason, self.skips[reason]) end
  if #self.problems > 0 then
    out[#out + 1] = string.format("%d problems:", #self.problems)
    for i = 1, math.min(#self.problems, Report.MAX_LINES) do out[#out + 1] = "  " .. self.problems[i] end
    if #self.problems > Report.MAX_LINES then out[#out + 1] = string.format("  ... and %d more", #self.problems - Report.MAX_LINES) end
  end
  if #out == 0 then out[1] = "Nothing to do." end
  return table.concat(out, "\n")
end

function Report:style()
  if self.fatal or #self.problems > 0 then return "warning" end
  return "info"
end

--- The one dialog of a run.
function Report:show()
  local LrDialogs = import "LrDialogs"
  LrDialogs.message(self.title, self:text(), self:style())
end

return Report
