#!/usr/bin/env bash
# Installs the peers bench/run.sh compares cskpi with; CI does not need them.
#   - pandas from Debian 12 (python3-pandas), run with Debian's /usr/bin/python3
#   - DuckDB's Node.js client (@duckdb/node-api, version pinned by bench/peers/package-lock.json)
#     into bench/peers/node_modules, with Debian's nodejs and npm
# Usage: bench/install-peers.sh
set -euo pipefail

readonly PEERS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/peers"
pkgs=(python3-pandas time)
command -v npm >/dev/null || pkgs+=(nodejs npm)  # a Node.js already installed with its npm is kept

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "install-peers: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cd "$PEERS"
npm ci --no-audit --no-fund
echo "install-peers: DuckDB $(node -e "console.log(require('./node_modules/@duckdb/node-api/package.json').version)"), pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')"
