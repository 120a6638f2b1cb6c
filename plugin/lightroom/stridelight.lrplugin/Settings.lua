--[[
  The photographer's settings (Plug-in Manager), kept in LrPrefs; the pairing token is a secret and lives in
  LrPasswords (the system's keychain), never in the plain-text prefs. Defaults follow the companion's folder
  policy: stars and keywords on, colour labels and crops opt-in, and never overwrite what the photographer set.
]]

local Settings = {}

-- LrPasswords key of the pairing token.
Settings.TOKEN_KEY = "com.stridelight.lightroom.token"

Settings.DEFAULTS = {
  companionUrl = "http://127.0.0.1:7613",
  token = "",
  applyRating = true,
  applyLabel = false,
  applyKeywords = true,
  applyCrop = false,
  -- Opt-in: replace stars, labels and crops the photographer set themselves.
  overwritePhotographer = false,
  -- "best" = the companion's highest-scoring crop; else an aspect ("3:2", "4:5" ...).
  cropAspect = "best",
  -- How long the companion may take to analyze one photo before the plugin moves on.
  waitSeconds = 60,
  -- Photos fetched before each catalog write (one withWriteAccessDo per batch).
  batchSize = 20,
}

-- What the Plug-in Manager edits. The token is among them but is stored by Settings.save in LrPasswords.
Settings.KEYS = {
  "companionUrl", "token", "applyRating", "applyLabel", "applyKeywords", "applyCrop",
  "overwritePhotographer", "cropAspect", "waitSeconds", "batchSize",
}

Settings.CROP_ASPECTS = { "best", "3:2", "2:3", "4:5", "5:4", "1:1", "16:9", "9:16" }

local function trim(s)
  return (tostring(s or ""):gsub("^%s+", ""):gsub("%s+$", ""))
end

local function clampInteger(value, low, high, default)
  local n = tonumber(value)
  if not n then return default end
  n = math.floor(n)
  if n < low then return low end
  if n > high then return high end
  return n
end

--- The companion listens on this machine only: anything else is a typo (or worse) and is refused.
function Settings.checkUrl(url)
  local clean = trim(url):gsub("/+$", "")
  local host = clean:match("^http://([^/]+)$")
  if not host then return nil, "the companion URL must look like http://127.0.0.1:7613" end
  local name = host:match("^%[::1%]") and "[::1]" or host:match("^([^:]+)")
  if name ~= "127.0.0.1" and name ~= "localhost" and name ~= "[::1]" then
    return nil, "the companion runs on this computer: use 127.0.0.1, not " .. name
  end
  return clean
end

local function flag(value, default)
  if value == nil then return default end
  return value == true
end

--- A clean copy of the stored prefs (any missing or broken value replaced by its default) and a list of problems.
--- `secret` is the token from LrPasswords; prefs.token is only an older version's leftover (or the dialog's field).
function Settings.read(prefs, secret)
  local d, out, problems = Settings.DEFAULTS, {}, {}
  local url, why = Settings.checkUrl(prefs.companionUrl or d.companionUrl)
  if not url then
    problems[#problems + 1] = why
    url = d.companionUrl
  end
  out.companionUrl = url
  out.token = trim(prefs.token ~= nil and prefs.token ~= "" and prefs.token or secret)
  for _, key in ipairs({ "applyRating", "applyLabel", "applyKeywords", "applyCrop", "overwritePhotographer" }) do
    out[key] = flag(prefs[key], d[key])
  end
  out.cropAspect = d.cropAspect
  for _, aspect in ipairs(Settings.CROP_ASPECTS) do
    if prefs.cropAspect == aspect then out.cropAspect = aspect end
  end
  out.waitSeconds = clampInteger(prefs.waitSeconds, 0, 120, d.waitSeconds)
  out.batchSize = clampInteger(prefs.batchSize, 1, 200, d.batchSize)
  if out.token == "" then problems[#problems + 1] = "no pairing token: copy it from the companion's data folder (file 'token')" end
  return out, problems
end

--- The settings as stored: prefs plus the token from LrPasswords (a token an older version left in the prefs moves
--- to LrPasswords on the way).
function Settings.load(prefs, passwords)
  local legacy = trim(prefs.token)
  if legacy ~= "" then
    passwords.store(Settings.TOKEN_KEY, legacy)
    prefs.token = nil
  end
  return Settings.read(prefs, passwords.retrieve(Settings.TOKEN_KEY))
end

--- Writes the dialog's values: the token to LrPasswords, everything else to the prefs.
function Settings.save(prefs, passwords, values)
  local clean = Settings.read(values)
  for _, key in ipairs(Settings.KEYS) do
    if key ~= "token" then prefs[key] = clean[key] end
  end
  prefs.token = nil
  passwords.store(Settings.TOKEN_KEY, clean.token)
end

return Settings
