--[[
  Crops as Lightroom's develop settings hold them (CropLeft/Top/Right/Bottom 0..1 in the UNROTATED sensor frame,
  CropAngle in degrees) and as the companion's feedback wants them (a box in the displayed frame).
]]

local CropFrame = {}

CropFrame.KEYS = { "CropLeft", "CropTop", "CropRight", "CropBottom", "CropAngle" }
CropFrame.NONE = { CropLeft = 0, CropTop = 0, CropRight = 1, CropBottom = 1, CropAngle = 0 }

-- Lightroom keeps 6 decimals in XMP and may round further in the catalog: closer than this is the same crop.
local TOLERANCE = 1e-4

--- The five crop values of a develop-settings table (missing ones as the uncropped frame).
function CropFrame.fromDevelop(settings)
  local crop = {}
  for _, key in ipairs(CropFrame.KEYS) do
    crop[key] = tonumber(settings and settings[key]) or CropFrame.NONE[key]
  end
  return crop
end

function CropFrame.same(a, b)
  if a == nil or b == nil then return a == b end
  for _, key in ipairs(CropFrame.KEYS) do
    local x, y = tonumber(a[key]) or CropFrame.NONE[key], tonumber(b[key]) or CropFrame.NONE[key]
    if math.abs(x - y) > TOLERANCE then return false end
  end
  return true
end

function CropFrame.isEmpty(crop)
  return crop == nil or CropFrame.same(crop, CropFrame.NONE)
end

CropFrame.RULE = { field = "crop", same = CropFrame.same, isEmpty = CropFrame.isEmpty }

-- Where a sensor point lands in the displayed frame, per EXIF orientation (1..8).
local SENSOR_TO_DISPLAYED = {
  [1] = function(x, y) return x, y end,
  [2] = function(x, y) return 1 - x, y end,
  [3] = function(x, y) return 1 - x, 1 - y end,
  [4] = function(x, y) return x, 1 - y end,
  [5] = function(x, y) return y, x end,
  [6] = function(x, y) return 1 - y, x end,
  [7] = function(x, y) return 1 - y, 1 - x end,
  [8] = function(x, y) return y, 1 - x end,
}

--- Develop-settings crop -> { x0, y0, x1, y1 } in the displayed frame (the angle is left out: boxes are upright).
function CropFrame.displayedBox(crop, orientation)
  local map = SENSOR_TO_DISPLAYED[tonumber(orientation) or 1] or SENSOR_TO_DISPLAYED[1]
  local ax, ay = map(crop.CropLeft, crop.CropTop)
  local bx, by = map(crop.CropRight, crop.CropBottom)
  return { math.min(ax, bx), math.min(ay, by), math.max(ax, bx), math.max(ay, by) }
end

--- A companion crop's Camera Raw values as the develop settings to apply.
function CropFrame.fromCompanion(crs)
  if type(crs) ~= "table" then return nil end
  local crop = {}
  for _, key in ipairs(CropFrame.KEYS) do
    local v = tonumber(crs[key])
    if not v then return nil end
    crop[key] = v
  end
  return crop
end

return CropFrame
