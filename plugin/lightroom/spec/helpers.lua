--[[ Shared by the unit specs: a companion answer as POST /api/suggestions gives it, and a scripted companion. ]]

local Json = require "Json"

local helpers = {}

helpers.CROP = { CropLeft = 0.1, CropTop = 0.2, CropRight = 0.9, CropBottom = 0.8, CropAngle = 0 }

function helpers.suggestion(overrides)
  local answer = {
    status = "ready",
    photoId = 7,
    rating = 4,
    label = "Green",
    keeper = 0.8712,
    flags = {},
    bibs = { "1234" },
    keywords = { "Stridelight|style|good" },
    burst = Json.null,
    explanations = { "keeper score 87 / 100" },
    crops = {
      { aspect = "original", box = { 0, 0, 1, 1 }, crs = { CropLeft = 0, CropTop = 0, CropRight = 1, CropBottom = 1, CropAngle = 0 }, score = 1, reason = "frame" },
      { aspect = "3:2", box = { 0.1, 0.2, 0.9, 0.8 }, crs = helpers.CROP, score = 0.9, reason = "runner full length" },
      { aspect = "1:1", box = { 0.2, 0.1, 0.8, 0.9 }, crs = { CropLeft = 0.2, CropTop = 0.1, CropRight = 0.8, CropBottom = 0.9, CropAngle = 0 }, score = 0.5, reason = "square" },
    },
    error = Json.null,
  }
  for k, v in pairs(overrides or {}) do answer[k] = v end
  return answer
end

local function respond(status, value)
  return Json.encode(value), { status = status, { field = "Content-Type", value = "application/json" } }
end

--[[
  A companion scripted per path: answers[path] = suggestion table | { httpStatus = 202/404/500, json = ... } |
  "offline" (no answer for that path), asked with POST /api/suggestions { path, waitMs } (a GET only reads: it knows
  nothing here). POST /api/analyze answers for the same paths (200 done, 202 queued). Feedback bodies are collected
  in `posted`. Health answers unless `offline`.
]]
function helpers.companion(answers, options)
  options = options or {}
  local posted = {}
  local function responder(request)
    if options.offline then return nil, { error = { errorCode = "cannotConnectToHost" } } end
    if request.url:match("/api/health$") then return respond(200, { status = "ok", name = "stridelight", version = "0.1.0" }) end
    if request.url:match("/api/suggestions") and request.method ~= "POST" then
      return respond(404, { error = "not known here; POST /api/suggestions to analyze it", details = {} })
    end
    if request.url:match("/api/suggestions$") then
      local path = Json.decode(request.body).path
      local a = answers[path]
      if a == "offline" then return nil, nil end
      if a == nil then return respond(404, { error = path .. ": no such file", details = {} }) end
      if a.httpStatus then return respond(a.httpStatus, a.json) end
      return respond(a.status == "ready" and 200 or 202, a)
    end
    if request.url:match("/api/analyze$") then
      local path = Json.decode(request.body).path
      local a = answers[path]
      if a == "offline" then return nil, nil end
      if a == nil then return respond(404, { error = path .. ": no such file", details = {} }) end
      if a.httpStatus then return respond(a.httpStatus, a.json) end
      local done = a.status == "ready" or a.status == "failed"
      return respond(done and 200 or 202, { done = done, photo = { id = a.photoId or 7, status = done and "done" or "queued" } })
    end
    if request.url:match("/api/feedback$") then
      local body = Json.decode(request.body)
      posted[#posted + 1] = body
      if options.unknown and options.unknown[body.path] then return respond(404, { error = "no such photo", details = {} }) end
      return respond(201, { id = #posted, photoId = options.photoId or 7 })
    end
    local id = request.url:match("/api/photos/(%d+)$")
    if id then return respond(200, { id = tonumber(id), analysis = { source = { orientation = options.orientation or 1 } } }) end
    return respond(404, { error = "no such endpoint", details = {} })
  end
  return responder, posted
end

return helpers
