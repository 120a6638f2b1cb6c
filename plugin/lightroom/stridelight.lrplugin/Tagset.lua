--[[ A "Stridelight" choice in the Metadata panel's tagset menu: the file name, then the plugin's fields. ]]

local PLUGIN = "com.stridelight.lightroom"

return {
  id = "stridelightTagset",
  title = "Stridelight",
  items = {
    "com.adobe.filename",
    "com.adobe.separator",
    { "com.adobe.label", label = "Stridelight" },
    PLUGIN .. ".keeperScore",
    PLUGIN .. ".keeperAtLeast",
    PLUGIN .. ".runningStyle",
    PLUGIN .. ".bib",
  },
}
