-- Library > Plug-in Extras > Score selected photos with Stridelight
require("Commands").scoreSelected()
