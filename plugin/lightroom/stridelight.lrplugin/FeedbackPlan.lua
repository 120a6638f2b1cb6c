--[[
  Pure: the photographer's own answers on one photo, as feedback events for the companion. Pick and reject flags
  live only in the catalog (never in XMP), so this is the only way the companion learns from them. Each kind of
  answer carries a signature; an answer already sent unchanged is not sent again.
]]

local CropFrame = require "CropFrame"
local Json = require "Json"

local Labels = require "Labels"

local FeedbackPlan = {}

local function cropSignature(crop)
  local parts = {}
  for i, key in ipairs(CropFrame.KEYS) do parts[i] = string.format("%.4f", crop[key]) end
  return table.concat(parts, ",")
end

-- A value still exactly what the plugin applied says nothing about the photographer: only their own are sent.
local function theirs(value, applied)
  return applied == nil or tostring(value) ~= tostring(applied)
end

local function cropEvent(state, proposal)
  if CropFrame.isEmpty(state.crop) then return nil end
  local ours = state.applied.crop ~= nil and CropFrame.same(state.crop, state.applied.crop)
  -- Our crop left in place on a photo they picked is an accepted crop; on any other photo it is no answer.
  if ours and state.pickStatus ~= 1 then return nil end
  return {
    group = "crop",
    signature = cropSignature(state.crop),
    kind = ours and "crop-accepted" or "crop-adjusted",
    crop = state.crop,
    proposal = proposal.crop,
  }
end

local function candidates(state)
  local out, proposal, applied = {}, state.proposal or {}, state.applied or {}
  if state.rating > 0 and theirs(state.rating, applied.rating) then
    out[#out + 1] = { group = "rating", signature = tostring(state.rating), kind = "rating", value = state.rating, proposal = proposal.rating }
  end
  if state.pickStatus == 1 or state.pickStatus == -1 then
    local kind = state.pickStatus == 1 and "pick" or "reject"
    out[#out + 1] = { group = "flag", signature = kind, kind = kind, proposal = proposal.rating }
  end
  if state.label ~= "" and theirs(state.label, applied.label) then
    local value, said = Labels.toCompanion(state.label), proposal.label and Labels.toCompanion(proposal.label)
    out[#out + 1] = { group = "label", signature = state.label, kind = "label", value = value, proposal = said }
  end
  out[#out + 1] = cropEvent(state, proposal)
  return out
end

--- The events not yet sent, in a fixed order (the crop last: its box may need the photo's orientation).
function FeedbackPlan.pending(state)
  local out = {}
  for _, c in ipairs(candidates(state)) do
    if state.sent[c.group] ~= c.signature then out[#out + 1] = c end
  end
  return out
end

local function clamp(v)
  return math.max(0, math.min(1, v))
end

--- The request body for one event; `orientation` only matters for an adjusted crop (displayed-frame box).
function FeedbackPlan.body(state, event, orientation)
  local body = { path = state.path, kind = event.kind, source = "lightroom", proposal = event.proposal }
  if event.kind == "crop-adjusted" then
    local box = CropFrame.displayedBox(event.crop, orientation)
    body.value = { box = Json.array({ clamp(box[1]), clamp(box[2]), clamp(box[3]), clamp(box[4]) }) }
  elseif event.value ~= nil then
    body.value = event.value
  end
  if type(body.proposal) == "table" and body.proposal.box then
    body.proposal = { aspect = body.proposal.aspect, box = Json.array(body.proposal.box) }
  end
  return body
end

return FeedbackPlan
