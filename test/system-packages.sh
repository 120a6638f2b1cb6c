#!/usr/bin/env sh
# The system packages the test suite drives for real: Chromium (web page and Photoshop panel tests), Lua 5.1 and
# busted (the Lightroom plugin), curl (the Lightroom SDK fake's HTTP), redis-server (the distributed queue), script. Debian/Ubuntu; installs only what is missing.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v lua5.1 >/dev/null 2>&1 || missing="$missing lua5.1"
command -v busted >/dev/null 2>&1 || missing="$missing lua-busted"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
# `script` gives `stridelight start` a pseudo-terminal in test/integration/start-terminal.test.ts (Debian: bsdutils).
command -v script >/dev/null 2>&1 || missing="$missing bsdutils"
[ -z "$missing" ] && { echo "system packages for the tests: all present"; exit 0; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing:$missing"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
