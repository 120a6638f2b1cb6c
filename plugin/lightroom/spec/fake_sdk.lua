--[[
  A fake of the Lightroom Classic SDK for busted: the namespaces the plugin imports, with a catalog, photos and
  keywords that keep state, and a log of every call that changes something (sdk.calls). It enforces the rules the
  real Lightroom enforces, so a test fails where Lightroom would:
    - catalog writes (setRawMetadata, addKeyword, applyDevelopSettings, setPropertyForPlugin ...) only inside
      catalog:withWriteAccessDo, and withWriteAccessDo not nested;
    - no LrHttp call inside withWriteAccessDo (it yields; Lightroom refuses);
    - plugin properties only for fields declared in MetadataDefinition.lua, and only text values;
    - stars 0..5, pick status -1/0/1.
  LrHttp answers either from a scripted responder (unit specs) or for real through curl (specs against a running
  companion): the same (body, headers) shape as Lightroom, nil body and headers.error when nothing answered.
]]

local FakeSdk = {}

local PLUGIN_ID = "com.stridelight.lightroom"
local PLUGIN_DIR = "stridelight.lrplugin"

local state

local function record(name, fields)
  fields.name = name
  state.calls[#state.calls + 1] = fields
  return fields
end

local function requireWrite(what)
  if not state.writing then error(what .. " must be called inside catalog:withWriteAccessDo", 2) end
end

-- Keywords ------------------------------------------------------------------------------------------------------

local Keyword = {}
Keyword.__index = Keyword

function Keyword:getName() return self.name end
function Keyword:getParent() return self.parent end
function Keyword:path()
  return self.parent and (self.parent:path() .. "|" .. self.name) or self.name
end

local function findKeyword(name, parent)
  for _, k in ipairs(state.keywords) do
    if k.name == name and k.parent == parent then return k end
  end
end

local function makeKeyword(name, parent, includeOnExport)
  local k = setmetatable({ name = name, parent = parent, includeOnExport = includeOnExport }, Keyword)
  state.keywords[#state.keywords + 1] = k
  return k
end

--- A keyword by "A|B|C" path, made (without recording) when absent: for setting up a photo's keywords.
function FakeSdk.keywordAt(path)
  local parent
  for name in path:gmatch("[^|]+") do
    parent = findKeyword(name, parent) or makeKeyword(name, parent, true)
  end
  return parent
end

-- Photos --------------------------------------------------------------------------------------------------------

local Photo = {}
Photo.__index = Photo

local DEVELOP = { CropLeft = 0, CropTop = 0, CropRight = 1, CropBottom = 1, CropAngle = 0, Exposure2012 = 0 }

function FakeSdk.photo(fields)
  local photo = setmetatable({
    localIdentifier = #state.photos + 1,
    path = fields.path,
    rating = fields.rating,
    label = fields.label or "",
    pickStatus = fields.pickStatus or 0,
    develop = {},
    keywords = {},
    props = {},
  }, Photo)
  for k, v in pairs(DEVELOP) do photo.develop[k] = v end
  for k, v in pairs(fields.crop or {}) do photo.develop[k] = v end
  for _, path in ipairs(fields.keywords or {}) do photo.keywords[#photo.keywords + 1] = FakeSdk.keywordAt(path) end
  for k, v in pairs(fields.props or {}) do photo.props[k] = v end
  state.photos[#state.photos + 1] = photo
  return photo
end

-- The active label set's display text per colour. English by default; a spec may switch to German (or any set).
FakeSdk.ENGLISH_LABELS = { red = "Red", yellow = "Yellow", green = "Green", blue = "Blue", purple = "Purple" }
FakeSdk.GERMAN_LABELS = { red = "Rot", yellow = "Gelb", green = "Grün", blue = "Blau", purple = "Lila" }

--- Lightroom's colorNameForLabel: the colour whose text in the active set is the label, "custom" for any other
--- text, "none" for no label.
local function colourOf(label)
  if label == nil or label == "" then return "none" end
  for colour, text in pairs(state.labelSet) do
    if text == label then return colour end
  end
  return "custom"
end

local RAW = {
  path = function(p) return p.path end,
  -- No stars reads as nil, as in Lightroom.
  rating = function(p) return p.rating end,
  colorNameForLabel = function(p) return colourOf(p.label) end,
  pickStatus = function(p) return p.pickStatus end,
  keywords = function(p)
    local copy = {}
    for i, k in ipairs(p.keywords) do copy[i] = k end
    return copy
  end,
}

function Photo:getRawMetadata(key)
  local read = RAW[key]
  if not read then error("fake SDK: getRawMetadata('" .. tostring(key) .. "') not modelled", 2) end
  return read(self)
end

function Photo:getFormattedMetadata(key)
  if key == "label" then return self.label end
  if key == "fileName" then return self.path:match("[^/]+$") end
  error("fake SDK: getFormattedMetadata('" .. tostring(key) .. "') not modelled", 2)
end

local SETTABLE = {
  -- The SDK wants nil for "no stars": 0 is refused here so a spec catches it.
  rating = function(v) return v == nil or (type(v) == "number" and v >= 1 and v <= 5 and v == math.floor(v)) end,
  label = function(v) return v == nil or type(v) == "string" end,
  colorNameForLabel = function(v)
    return v == "none" or (type(v) == "string" and FakeSdk.ENGLISH_LABELS[v] ~= nil)
  end,
  pickStatus = function(v) return v == -1 or v == 0 or v == 1 end,
}

function Photo:setRawMetadata(key, value)
  requireWrite("photo:setRawMetadata")
  if not SETTABLE[key] then error("fake SDK: setRawMetadata('" .. tostring(key) .. "') not modelled", 2) end
  if not SETTABLE[key](value) then error("setRawMetadata: bad value for " .. key .. ": " .. tostring(value), 2) end
  record("photo:setRawMetadata", { photo = self.path, key = key, value = value })
  if key == "colorNameForLabel" then
    self.label = value == "none" and "" or state.labelSet[value]
  else
    self[key] = value
  end
end

function Photo:getDevelopSettings()
  local copy = {}
  for k, v in pairs(self.develop) do copy[k] = v end
  return copy
end

function Photo:applyDevelopSettings(settings, historyName)
  requireWrite("photo:applyDevelopSettings")
  local copy = {}
  for k, v in pairs(settings) do
    if type(v) ~= "number" then error("applyDevelopSettings: " .. k .. " must be a number", 2) end
    copy[k] = v
    self.develop[k] = v
  end
  record("photo:applyDevelopSettings", { photo = self.path, settings = copy, historyName = historyName })
end

function Photo:addKeyword(keyword)
  requireWrite("photo:addKeyword")
  if getmetatable(keyword) ~= Keyword then error("addKeyword: not an LrKeyword", 2) end
  record("photo:addKeyword", { photo = self.path, keyword = keyword:path() })
  for _, k in ipairs(self.keywords) do
    if k == keyword then return end
  end
  self.keywords[#self.keywords + 1] = keyword
end

function Photo:removeKeyword(keyword)
  requireWrite("photo:removeKeyword")
  if getmetatable(keyword) ~= Keyword then error("removeKeyword: not an LrKeyword", 2) end
  record("photo:removeKeyword", { photo = self.path, keyword = keyword:path() })
  for i, k in ipairs(self.keywords) do
    if k == keyword then return table.remove(self.keywords, i) end
  end
end

function Photo:keywordPaths()
  local out = {}
  for i, k in ipairs(self.keywords) do out[i] = k:path() end
  table.sort(out)
  return out
end

local function declaredField(plugin, field)
  local id = type(plugin) == "table" and plugin.id or plugin
  if id ~= PLUGIN_ID then error("property for an unknown plugin: " .. tostring(id), 3) end
  if not state.fields[field] then error("plugin field '" .. tostring(field) .. "' is not declared in MetadataDefinition.lua", 3) end
end

function Photo:getPropertyForPlugin(plugin, field)
  declaredField(plugin, field)
  return self.props[field]
end

function Photo:setPropertyForPlugin(plugin, field, value)
  requireWrite("photo:setPropertyForPlugin")
  declaredField(plugin, field)
  if value ~= nil and type(value) ~= "string" then error("field " .. field .. " holds text, got " .. type(value), 2) end
  record("photo:setPropertyForPlugin", { photo = self.path, field = field, value = value })
  self.props[field] = value
end

-- Catalog and sources -------------------------------------------------------------------------------------------

local Catalog = {}
Catalog.__index = Catalog

function Catalog:getTargetPhotos() return state.selection end
function Catalog:getActiveSources() return state.sources end

function Catalog:withWriteAccessDo(actionName, fn, timeoutParams)
  if state.writing then error("withWriteAccessDo cannot be nested", 2) end
  record("catalog:withWriteAccessDo", { actionName = actionName, timeoutParams = timeoutParams })
  state.writing = true
  local ok, err = pcall(fn)
  state.writing = false
  if not ok then error(err, 0) end
  return "executed"
end

function Catalog:createKeyword(name, synonyms, includeOnExport, parent, returnExisting)
  requireWrite("catalog:createKeyword")
  record("catalog:createKeyword", {
    keyword = parent and (parent:path() .. "|" .. name) or name,
    includeOnExport = includeOnExport,
    returnExisting = returnExisting,
  })
  local existing = findKeyword(name, parent)
  if existing then return returnExisting and existing or nil end
  return makeKeyword(name, parent, includeOnExport)
end

function FakeSdk.folder(photos)
  return {
    type = function() return "LrFolder" end,
    getPhotos = function(_, includeChildren)
      record("folder:getPhotos", { includeChildren = includeChildren })
      return photos
    end,
  }
end

function FakeSdk.collection(photos)
  return { type = function() return "LrCollection" end, getPhotos = function() return photos end }
end

-- LrHttp --------------------------------------------------------------------------------------------------------

local function shellQuote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function readFile(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("*a")
  f:close()
  return text
end

local function parseHeaders(text)
  local headers = {}
  for line in (text or ""):gmatch("[^\r\n]+") do
    local field, value = line:match("^([^:]+):%s*(.*)$")
    if field then headers[#headers + 1] = { field = field, value = value } end
  end
  return headers
end

--- A real request through curl, answered in Lightroom's (body, headers) shape.
local function curl(method, url, body, headers, timeout)
  local bodyFile, headerFile, requestFile = os.tmpname(), os.tmpname(), os.tmpname()
  local parts = { "curl -sS -X", method, "--max-time", tostring(timeout or 30), "-o", shellQuote(bodyFile), "-D", shellQuote(headerFile), "-w '%{http_code}'" }
  for _, h in ipairs(headers or {}) do parts[#parts + 1] = "-H " .. shellQuote(h.field .. ": " .. h.value) end
  if body then
    local f = assert(io.open(requestFile, "wb"))
    f:write(body)
    f:close()
    parts[#parts + 1] = "--data-binary @" .. shellQuote(requestFile)
  end
  parts[#parts + 1] = shellQuote(url) .. " 2>/dev/null; printf ' %d' $?"
  local pipe = assert(io.popen(table.concat(parts, " ")))
  local out = pipe:read("*a")
  pipe:close()
  local code, exit = out:match("(%d+) (%d+)$")
  local answer, answerHeaders = readFile(bodyFile), parseHeaders(readFile(headerFile))
  os.remove(bodyFile)
  os.remove(headerFile)
  os.remove(requestFile)
  if tonumber(exit) ~= 0 then
    local name = tonumber(exit) == 28 and "timedOut" or "cannotConnectToHost"
    return nil, { error = { errorCode = name, name = "curl exit " .. tostring(exit) } }
  end
  answerHeaders.status = tonumber(code)
  return answer, answerHeaders
end

local function http(request)
  if state.writing then error("LrHttp." .. request.method:lower() .. " called inside withWriteAccessDo (it yields)", 3) end
  record("LrHttp." .. (request.method == "GET" and "get" or "post"), request)
  if state.responder then return state.responder(request) end
  if state.realHttp then return curl(request.method, request.url, request.body, request.headers, request.timeout) end
  return nil, { error = { errorCode = "cannotConnectToHost", name = "no responder" } }
end

local LrHttp = {
  get = function(url, headers, timeout)
    return http({ method = "GET", url = url, headers = headers, timeout = timeout })
  end,
  post = function(url, body, headers, method, timeout)
    return http({ method = method or "POST", url = url, body = body, headers = headers, timeout = timeout })
  end,
}

-- Tasks, contexts, progress, dialogs, prefs, views --------------------------------------------------------------

local LrTasks = {
  startAsyncTask = function(fn, name)
    record("LrTasks.startAsyncTask", { taskName = name })
    local ok, err = pcall(fn)
    if not ok then state.taskErrors[#state.taskErrors + 1] = err end
  end,
  pcall = pcall,
  sleep = function() end,
  yield = function() end,
  canYield = function() return true end,
}

local function newContext()
  local ctx = { cleanup = {}, failure = {} }
  function ctx:addCleanupHandler(fn) self.cleanup[#self.cleanup + 1] = fn end
  function ctx:addFailureHandler(fn) self.failure[#self.failure + 1] = fn end
  return ctx
end

local LrFunctionContext = {
  callWithContext = function(name, fn, ...)
    record("LrFunctionContext.callWithContext", { contextName = name })
    local ctx = newContext()
    local ok, err = pcall(fn, ctx, ...)
    if not ok then
      for _, handler in ipairs(ctx.failure) do handler(false, err) end
    end
    for _, handler in ipairs(ctx.cleanup) do handler(ok, err) end
    if not ok then error(err, 0) end
  end,
}

local function newScope(args)
  record("LrProgressScope", { title = args.title, hasContext = args.functionContext ~= nil })
  local scope = { title = args.title, captions = {}, portions = {}, finished = false }
  if args.functionContext then args.functionContext:addCleanupHandler(function() scope.finished = true end) end
  function scope:setCaption(text) self.captions[#self.captions + 1] = text end
  function scope:setPortionComplete(done, total) self.portions[#self.portions + 1] = { done, total } end
  function scope:isCanceled()
    if state.cancelWhen and state.cancelWhen(self) then return true end
    return state.cancelAfter ~= nil and #self.portions >= state.cancelAfter
  end
  function scope:done()
    record("progress:done", { title = self.title })
    self.finished = true
  end
  state.scopes[#state.scopes + 1] = scope
  return scope
end

local LrProgressScope = setmetatable({}, { __call = function(_, args) return newScope(args) end })

local LrDialogs = {
  message = function(title, message, style)
    state.dialogs[#state.dialogs + 1] = { title = title, message = message, style = style }
    record("LrDialogs.message", { title = title, message = message, style = style })
  end,
  showError = function(message)
    state.dialogs[#state.dialogs + 1] = { message = message, style = "critical" }
  end,
  confirm = function() return "ok" end,
}

local LrView = {
  osFactory = function()
    return setmetatable({}, {
      __index = function(_, viewType)
        return function(_, args) return { viewType = viewType, args = args } end
      end,
    })
  end,
  bind = function(key) return { bind = key } end,
  share = function(name) return { share = name } end,
}

local NAMESPACES = {
  LrHttp = LrHttp,
  LrTasks = LrTasks,
  LrFunctionContext = LrFunctionContext,
  LrProgressScope = LrProgressScope,
  LrDialogs = LrDialogs,
  LrView = LrView,
  LrPrefs = { prefsForPlugin = function() return state.prefs end },
  LrPasswords = {
    store = function(key, value)
      record("LrPasswords.store", { key = key })
      state.passwords[key] = value
    end,
    retrieve = function(key) return state.passwords[key] end,
  },
  LrApplication = { activeCatalog = function() return state.catalog end },
  LrBinding = { makePropertyTable = function() return {} end },
  LrLogger = function() return setmetatable({}, { __index = function() return function() end end }) end,
}

-- Set-up --------------------------------------------------------------------------------------------------------

local function declaredFields()
  local definition = dofile(PLUGIN_DIR .. "/MetadataDefinition.lua")
  local fields = {}
  for _, f in ipairs(definition.metadataFieldsForPhotos) do fields[f.id] = f end
  return fields
end

--- Fresh state: an empty catalog, no calls, default prefs. Returns the state the specs inspect.
function FakeSdk.reset()
  state = {
    calls = {},
    photos = {},
    keywords = {},
    selection = {},
    sources = {},
    dialogs = {},
    scopes = {},
    taskErrors = {},
    prefs = {},
    passwords = {},
    labelSet = FakeSdk.ENGLISH_LABELS,
    writing = false,
    responder = nil,
    realHttp = false,
    -- Cancel once this many portions were reported, or whenever cancelWhen(scope) says so.
    cancelAfter = nil,
    cancelWhen = nil,
    fields = declaredFields(),
  }
  state.catalog = setmetatable({}, Catalog)
  return state
end

--- Globals Lightroom gives every plugin script: import, LOC, _PLUGIN.
function FakeSdk.install()
  FakeSdk.reset()
  _G.import = function(name)
    local ns = NAMESPACES[name]
    if not ns then error("fake SDK: namespace " .. tostring(name) .. " not modelled", 2) end
    return ns
  end
  _G.LOC = function(text) return (text:gsub("^%$%$%$/[^=]*=", "")) end
  _G._PLUGIN = { id = PLUGIN_ID, path = PLUGIN_DIR }
  return FakeSdk
end

function FakeSdk.state() return state end

--- Calls by name (e.g. "photo:setRawMetadata"), in order.
function FakeSdk.callsNamed(name)
  local out = {}
  for _, c in ipairs(state.calls) do
    if c.name == name then out[#out + 1] = c end
  end
  return out
end

function FakeSdk.clearCalls() state.calls = {} end

return FakeSdk
