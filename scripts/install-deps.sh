#!/usr/bin/env bash
# Installs the Debian 12 packages cskpi needs to build and test.
# Usage: scripts/install-deps.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail

build_pkgs=(
  build-essential cmake pkg-config ca-certificates tzdata
  libpoco-dev libssl-dev zlib1g-dev
  libxlsxwriter-dev libcxxopts-dev libhowardhinnant-date-dev libpq-dev libsimdjson-dev
  file  # cpack -G DEB (dpkg-shlibdeps)
)
test_pkgs=(
  catch2 python3 python3-aiosmtpd openssl libreoffice-calc-nogui unzip time
  postgresql  # a throwaway warehouse server for the warehouse tests
  adduser man-db systemd  # scripts/test-package.sh: the package's user, man -w, systemd-analyze
  poppler-utils fonts-noto-cjk
  clang libclang-rt-14-dev   # scripts/sanitize.sh and scripts/fuzz.sh: ASan, UBSan, libFuzzer
)

want=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
