#!/usr/bin/env bash
# Installs what is missing (build and test dependencies), builds, and runs every test:
# the sanitizer build of ingest (ASan + UBSan) with its tests, a bounded fuzz run of ingest
# (CSKPI_FUZZ_SECONDS, default 60), then the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh -DCSKPI_BUILD_TESTS=ON
scripts/sanitize.sh
scripts/fuzz.sh "${CSKPI_FUZZ_SECONDS:-60}"
cd build
ctest --output-on-failure -j2 --timeout 600
