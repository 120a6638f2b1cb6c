-- Library > Plug-in Extras > Send my ratings, flags and crops to Stridelight
require("Commands").sendFeedback()
