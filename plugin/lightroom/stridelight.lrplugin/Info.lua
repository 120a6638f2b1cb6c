--[[ Stridelight for Lightroom Classic: scores photos with the local companion and sends the photographer's answers back. ]]

return {
  LrSdkVersion = 10.0,
  LrSdkMinimumVersion = 6.0,
  LrToolkitIdentifier = "com.stridelight.lightroom",
  LrPluginName = "Stridelight",
  LrPluginInfoUrl = "http://127.0.0.1:7613/",
  LrPluginInfoProvider = "PluginInfoProvider.lua",
  LrMetadataProvider = "MetadataDefinition.lua",
  LrMetadataTagsetFactory = "Tagset.lua",
  LrLibraryMenuItems = {
    { title = "Score selected photos with Stridelight", file = "ScoreSelectedMenuItem.lua", enabledWhen = "photosSelected" },
    { title = "Score this folder or collection with Stridelight", file = "ScoreSourceMenuItem.lua" },
    { title = "Send my ratings, flags and crops to Stridelight", file = "SendFeedbackMenuItem.lua", enabledWhen = "photosSelected" },
  },
  VERSION = { major = 0, minor = 1, revision = 0, build = 1 },
}
