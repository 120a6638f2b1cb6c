--[[
  The plugin's metadata fields. The three with a title show in the Metadata panel (Stridelight tagset) and can be
  searched, browsed in the Library filter and used in smart collections. Plugin fields hold text only: the keeper
  score is written with two decimals ("0.87", a point in every locale), and "Keeper at least" lists every tenth the
  score reaches ("0.1 … 0.8" for 0.87), so the smart-collection rule "Keeper at least contains 0.8" means
  keeper ≥ 0.8. The fields without a title are the
  plugin's memory (what it applied, proposed and sent): the ownership rule and feedback need them.
]]

return {
  metadataFieldsForPhotos = {
    { id = "keeperScore", title = "Keeper score", dataType = "string", searchable = true, browsable = true, readOnly = true, version = 1 },
    { id = "keeperAtLeast", title = "Keeper at least", dataType = "string", searchable = true, browsable = false, readOnly = true, version = 1 },
    { id = "runningStyle", title = "Running style", dataType = "string", searchable = true, browsable = true, readOnly = true, version = 1 },
    { id = "bib", title = "Bib", dataType = "string", searchable = true, browsable = true, readOnly = true, version = 1 },
    { id = "photoId", dataType = "string", version = 1 },
    { id = "applied", dataType = "string", version = 1 },
    { id = "proposal", dataType = "string", version = 1 },
    { id = "sentFeedback", dataType = "string", version = 1 },
  },
  schemaVersion = 1,
}
