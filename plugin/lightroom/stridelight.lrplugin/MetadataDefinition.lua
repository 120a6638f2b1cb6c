--[[
  The plugin's metadata fields. The three with a title show in the Metadata panel (Stridelight tagset) and can be
  searched, browsed in the Library filter and used in smart collections. Values are text: the keeper score is
  written with two decimals ("0.87") so that text comparison orders it. The fields without a title are the
  plugin's memory (what it applied, proposed and sent): the ownership rule and feedback need them.
]]

return {
  metadataFieldsForPhotos = {
    { id = "keeperScore", title = "Keeper score", dataType = "string", searchable = true, browsable = true, readOnly = true, version = 1 },
    { id = "runningStyle", title = "Running style", dataType = "string", searchable = true, browsable = true, readOnly = true, version = 1 },
    { id = "bib", title = "Bib", dataType = "string", searchable = true, browsable = true, readOnly = true, version = 1 },
    { id = "photoId", dataType = "string", version = 1 },
    { id = "applied", dataType = "string", version = 1 },
    { id = "proposal", dataType = "string", version = 1 },
    { id = "sentFeedback", dataType = "string", version = 1 },
  },
  schemaVersion = 1,
}
