#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs the year-end report on samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DCSKPI_BUILD_TESTS=OFF
build/cskpi year-end --config reports/year-end.ini ${CSKPI_LANG:+--lang "$CSKPI_LANG"}
echo
echo "Open the workbook above (out/cs-kpi-year-end-2026.xlsx) in Excel or LibreOffice."
