--[[
  The one place the plugin talks HTTP. Every call has a timeout; no answer at all means "companion offline"; every
  body is parsed with the guarded Json module. Callers get a plain result and never an error raised:
    { ok = true|false, status = 200|nil, json = table|nil, offline = true|false, error = "words"|nil }
  LrHttp yields, so these functions must run inside an LrTasks task and never inside withWriteAccessDo.
]]

local LrHttp = import "LrHttp"
local Json = require "Json"

local CompanionClient = {}
CompanionClient.__index = CompanionClient

CompanionClient.TOKEN_HEADER = "X-Stridelight-Token"
CompanionClient.TIMEOUTS = { health = 3, feedback = 10, photo = 10, margin = 15 }

function CompanionClient.new(settings)
  return setmetatable({ baseUrl = settings.companionUrl, token = settings.token or "" }, CompanionClient)
end

function CompanionClient:headers(withBody)
  local list = {
    { field = CompanionClient.TOKEN_HEADER, value = self.token },
    { field = "Accept", value = "application/json" },
  }
  if withBody then list[#list + 1] = { field = "Content-Type", value = "application/json" } end
  return list
end

local function offline(self)
  return {
    ok = false,
    offline = true,
    error = "the Stridelight companion is not answering at " .. self.baseUrl .. " (is it running?)",
  }
end

local function refusal(status, json)
  if status == 401 then
    return "the companion refused the pairing token: copy it again from the companion's data folder (file 'token')"
  end
  local message = type(json) == "table" and json.error or nil
  local details = type(json) == "table" and type(json.details) == "table" and table.concat(json.details, "; ") or ""
  local text = "companion answered " .. tostring(status) .. (message and (": " .. tostring(message)) or "")
  if details ~= "" then text = text .. " (" .. details .. ")" end
  return text
end

--- Turns LrHttp's (body, headers) into a result. No body and no status = nothing answered.
function CompanionClient:answer(body, headers)
  local status = type(headers) == "table" and tonumber(headers.status) or nil
  if body == nil and status == nil then return offline(self) end
  local json, why = nil, nil
  if body ~= nil and body ~= "" then json, why = Json.decode(body) end
  if status and status >= 400 then
    return { ok = false, offline = false, status = status, json = json, error = refusal(status, json) }
  end
  if why or type(json) ~= "table" then
    return { ok = false, offline = false, status = status, error = "the companion's answer was not readable: " .. tostring(why or "empty") }
  end
  return { ok = true, offline = false, status = status, json = json }
end

function CompanionClient:get(path, timeout)
  local body, headers = LrHttp.get(self.baseUrl .. path, self:headers(false), timeout)
  return self:answer(body, headers)
end

function CompanionClient:post(path, payload, timeout)
  local text, why = Json.encode(payload)
  if not text then return { ok = false, offline = false, error = why } end
  local body, headers = LrHttp.post(self.baseUrl .. path, text, self:headers(true), "POST", timeout)
  return self:answer(body, headers)
end

--- GET /api/health (no token needed): is anything there, and is it Stridelight?
function CompanionClient:health()
  local result = self:get("/api/health", CompanionClient.TIMEOUTS.health)
  if result.ok and result.json.name ~= "stridelight" then
    return { ok = false, offline = false, status = result.status, error = self.baseUrl .. " is not a Stridelight companion" }
  end
  return result
end

--- GET /api/status: needs the token, so it tells whether the pairing is right.
function CompanionClient:status()
  return self:get("/api/status", CompanionClient.TIMEOUTS.health)
end

--- POST /api/suggestions { path, waitMs }: 200 ready (or failed), 202 still analyzing after waitMs. A POST because
--- asking can take the file in (the companion's GET only reads what it already knows).
function CompanionClient:suggestions(path, waitMs)
  local payload = { path = path, waitMs = math.floor(waitMs or 0) }
  return self:post("/api/suggestions", payload, (waitMs or 0) / 1000 + CompanionClient.TIMEOUTS.margin)
end

--- POST /api/analyze { path, waitMs }: analyze this file now, ahead of the queue.
function CompanionClient:analyze(path, waitMs)
  local payload = { path = path, waitMs = math.floor(waitMs or 0) }
  return self:post("/api/analyze", payload, (waitMs or 0) / 1000 + CompanionClient.TIMEOUTS.margin)
end

--- POST /api/feedback { photoId|path, kind, value?, proposal?, source = "lightroom" }.
function CompanionClient:feedback(event)
  return self:post("/api/feedback", event, CompanionClient.TIMEOUTS.feedback)
end

--- GET /api/photos/:id: the photo's detail (analysis, feedback received ...).
function CompanionClient:photo(id)
  return self:get("/api/photos/" .. tostring(math.floor(id)), CompanionClient.TIMEOUTS.photo)
end

return CompanionClient
