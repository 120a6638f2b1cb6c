--[[
  The menu items' entry points: each starts an LrTasks task with a function context (so the progress scope is
  cleaned up on error), reads the settings, runs its task and shows one summary. An unexpected error also ends in
  one dialog, never a stack of them.
]]

local LrApplication = import "LrApplication"
local LrDialogs = import "LrDialogs"
local LrFunctionContext = import "LrFunctionContext"
local LrPasswords = import "LrPasswords"
local LrPrefs = import "LrPrefs"
local LrTasks = import "LrTasks"
local CompanionClient = require "CompanionClient"
local FeedbackTask = require "FeedbackTask"
local ScoreTask = require "ScoreTask"
local Settings = require "Settings"
local Sources = require "Sources"

local Commands = {}

local function withSetup(name, body)
  LrTasks.startAsyncTask(function()
    LrFunctionContext.callWithContext(name, function(context)
      context:addFailureHandler(function(_, message)
        LrDialogs.message(name, "Something went wrong: " .. tostring(message), "critical")
      end)
      local settings, problems = Settings.load(LrPrefs.prefsForPlugin(), LrPasswords)
      if settings.token == "" then
        return LrDialogs.message(name, table.concat(problems, "\n") .. "\n\nSet it in File > Plug-in Manager > Stridelight.", "warning")
      end
      local deps = { catalog = LrApplication.activeCatalog(), settings = settings, client = CompanionClient.new(settings) }
      body(context, deps)
    end)
  end, name)
end

local function runOn(which, task, emptyMessage)
  withSetup(task.TITLE, function(context, deps)
    local photos = Sources.photos(deps.catalog, which)
    if #photos == 0 then return LrDialogs.message(task.TITLE, emptyMessage, "info") end
    task.run(context, photos, deps):show()
  end)
end

function Commands.scoreSelected()
  runOn("selected", ScoreTask, "Select the photos to score first.")
end

function Commands.scoreSource()
  runOn("source", ScoreTask, "Choose a folder or collection in the left panel first.")
end

function Commands.sendFeedback()
  runOn("selected", FeedbackTask, "Select the photos whose ratings, flags and crops should be sent.")
end

--- The Plug-in Manager's "Check connection" button: fills `status` on the property table.
function Commands.checkConnection(propertyTable)
  LrTasks.startAsyncTask(function()
    local settings = Settings.read(propertyTable)
    propertyTable.connectionStatus = "Checking " .. settings.companionUrl .. " ..."
    local client = CompanionClient.new(settings)
    local health = client:health()
    if not health.ok then
      propertyTable.connectionStatus = health.error
      return
    end
    -- Health needs no token; a cheap authenticated call tells whether the pairing token is right.
    local tokenOk = client:status().ok
    propertyTable.connectionStatus = "Companion " .. tostring(health.json.version) .. " is running"
      .. (tokenOk and "; pairing token accepted" or "; the pairing token was refused")
  end, "Stridelight: check connection")
end

return Commands
