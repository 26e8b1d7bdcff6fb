#!/usr/bin/env bash
# Builds the sanitizer build of ingest (clang, AddressSanitizer + UndefinedBehaviorSanitizer,
# tests/fuzz/CMakeLists.txt) into build-san/ and runs its tests: the ingest, core and model
# tests in process, and the fuzz harness over its seed corpus once.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang++ >/dev/null || { echo "sanitize: clang++ is required (scripts/install-deps.sh --test)" >&2; exit 1; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S tests/fuzz -B build-san -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build build-san -j"$(nproc)"
cd build-san
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure --timeout 900
