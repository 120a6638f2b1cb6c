--[[
  Writes a batch of plans into the catalog inside ONE catalog:withWriteAccessDo. The photo's state is read again
  inside the write gate, so a rating the photographer set while the companion was thinking is still respected.
  A failure on one photo is recorded and the others go on.
]]

local Json = require "Json"
local Labels = require "Labels"
local ApplyPlan = require "ApplyPlan"
local PhotoState = require "PhotoState"
local Suggestion = require "Suggestion"

local CatalogWriter = {}

CatalogWriter.ACTION = "Stridelight: apply suggestions"
CatalogWriter.WRITE_TIMEOUT = { timeout = 60 }
-- The searchable fields: all written every time, so a stale bib or style never lingers.
CatalogWriter.FIELDS = { "keeperScore", "keeperAtLeast", "runningStyle", "bib" }

--- Finds or creates each level of "A|B|C"; only the leaf goes out on export.
function CatalogWriter.keyword(catalog, path, cache)
  if cache[path] then return cache[path] end
  local parent, sofar = nil, nil
  local names = {}
  for name in path:gmatch("[^|]+") do names[#names + 1] = name end
  for i, name in ipairs(names) do
    sofar = sofar and (sofar .. "|" .. name) or name
    if not cache[sofar] then cache[sofar] = catalog:createKeyword(name, {}, i == #names, parent, true) end
    parent = cache[sofar]
  end
  return parent
end

local function setField(photo, field, value)
  photo:setPropertyForPlugin(_PLUGIN, field, value)
end

local function writePlan(catalog, photo, plan, cache)
  -- The SDK spells "no stars" nil, not 0.
  if plan.rating ~= nil then photo:setRawMetadata("rating", plan.rating > 0 and plan.rating or nil) end
  if plan.label ~= nil then photo:setRawMetadata(Labels.KEY, plan.label == "" and "none" or plan.label) end
  local state = plan.state
  for _, path in ipairs(plan.removeKeywords) do photo:removeKeyword(state.keywordObjects[path]) end
  for _, path in ipairs(plan.addKeywords) do photo:addKeyword(CatalogWriter.keyword(catalog, path, cache)) end
  if plan.crop ~= nil then photo:applyDevelopSettings(plan.crop, "Stridelight crop") end
  for _, field in ipairs(CatalogWriter.FIELDS) do setField(photo, field, plan.fields[field]) end
  if plan.photoId then setField(photo, PhotoState.PHOTO_ID, tostring(plan.photoId)) end
  setField(photo, PhotoState.APPLIED, (Json.encode(plan.applied)))
  setField(photo, PhotoState.PROPOSAL, (Json.encode(plan.proposal)))
end

local function applyOne(catalog, item, settings, report, cache)
  local state = PhotoState.read(item.photo)
  local plan = ApplyPlan.make(state, item.view, settings)
  plan.state, plan.proposal = state, Suggestion.proposalRecord(item.view)
  local ok, err = pcall(writePlan, catalog, item.photo, plan, cache)
  if not ok then return report:problem(state.path, "could not write to the catalog: " .. tostring(err)) end
  report:applied(state.path, plan)
end

--- items: { { photo = LrPhoto, view = Suggestion.read(...) }, ... }
function CatalogWriter.apply(catalog, items, settings, report)
  if #items == 0 then return end
  local cache = {}
  local status = catalog:withWriteAccessDo(CatalogWriter.ACTION, function()
    for _, item in ipairs(items) do applyOne(catalog, item, settings, report, cache) end
  end, CatalogWriter.WRITE_TIMEOUT)
  if status == "aborted" then
    for _, item in ipairs(items) do report:problem(item.path, "the catalog was busy: nothing written, run again") end
  end
end

--- Plugin fields only (the feedback task: what was sent, and the companion's id), one write gate per batch.
function CatalogWriter.remember(catalog, updates)
  if #updates == 0 then return end
  catalog:withWriteAccessDo("Stridelight: remember feedback", function()
    for _, u in ipairs(updates) do
      setField(u.photo, PhotoState.SENT, (Json.encode(u.sent)))
      if u.photoId then setField(u.photo, PhotoState.PHOTO_ID, tostring(u.photoId)) end
    end
  end, CatalogWriter.WRITE_TIMEOUT)
end

CatalogWriter.isQuiet = ApplyPlan.isQuiet

return CatalogWriter
