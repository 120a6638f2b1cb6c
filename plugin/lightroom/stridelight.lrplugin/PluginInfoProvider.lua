--[[
  File > Plug-in Manager > Stridelight: the companion's URL and pairing token (with a connection check), and what
  the plugin may apply. The dialog edits a copy; the prefs are written only when it closes.
]]

local LrPasswords = import "LrPasswords"
local LrPrefs = import "LrPrefs"
local LrView = import "LrView"
local Commands = require "Commands"
local Settings = require "Settings"

local PluginInfoProvider = {}

function PluginInfoProvider.startDialog(propertyTable)
  local current = Settings.load(LrPrefs.prefsForPlugin(), LrPasswords)
  for _, key in ipairs(Settings.KEYS) do propertyTable[key] = current[key] end
  propertyTable.connectionStatus = ""
end

function PluginInfoProvider.endDialog(propertyTable)
  Settings.save(LrPrefs.prefsForPlugin(), LrPasswords, propertyTable)
end

local function labelled(f, title, control)
  return f:row({ f:static_text({ title = title, width = LrView.share("stridelightLabel"), alignment = "right" }), control })
end

local function connectionSection(f, propertyTable)
  local bind = LrView.bind
  return {
    title = "Stridelight companion",
    bind_to_object = propertyTable,
    labelled(f, "Companion URL:", f:edit_field({ value = bind("companionUrl"), width_in_chars = 30 })),
    labelled(f, "Pairing token:", f:password_field({ value = bind("token"), width_in_chars = 44 })),
    f:row({
      f:push_button({ title = "Check connection", action = function() Commands.checkConnection(propertyTable) end }),
      f:static_text({ title = bind("connectionStatus"), fill_horizontal = 1 }),
    }),
    f:static_text({ title = "The token is in the companion's data folder (file 'token'), or on its page." }),
  }
end

local function aspectItems()
  local items = {}
  for _, aspect in ipairs(Settings.CROP_ASPECTS) do
    items[#items + 1] = { title = aspect == "best" and "The companion's best crop" or aspect, value = aspect }
  end
  return items
end

local function applySection(f, propertyTable)
  local bind = LrView.bind
  return {
    title = "What Stridelight applies",
    bind_to_object = propertyTable,
    f:checkbox({ title = "Star ratings", value = bind("applyRating") }),
    f:checkbox({ title = "Colour labels", value = bind("applyLabel") }),
    f:checkbox({ title = "Keywords (style, bib)", value = bind("applyKeywords") }),
    f:checkbox({ title = "Crops", value = bind("applyCrop") }),
    labelled(f, "Crop:", f:popup_menu({ value = bind("cropAspect"), items = aspectItems() })),
    f:checkbox({ title = "Also replace stars, labels and crops I set myself", value = bind("overwritePhotographer") }),
    labelled(f, "Wait per photo (s):", f:edit_field({ value = bind("waitSeconds"), width_in_digits = 4, min = 0, max = 120 })),
  }
end

function PluginInfoProvider.sectionsForTopOfDialog(f, propertyTable)
  return { connectionSection(f, propertyTable), applySection(f, propertyTable) }
end

return PluginInfoProvider
