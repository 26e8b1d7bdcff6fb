#!/usr/bin/env bash
# Installs what is missing (build and test dependencies), builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh -DCSKPI_BUILD_TESTS=ON
cd build
ctest --output-on-failure -j2 --timeout 600
