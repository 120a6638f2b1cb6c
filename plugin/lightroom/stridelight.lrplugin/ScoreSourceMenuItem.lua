-- Library > Plug-in Extras > Score this folder or collection with Stridelight
require("Commands").scoreSource()
