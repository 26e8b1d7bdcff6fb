#!/usr/bin/env bash
# Fuzzes ingest for a bounded time: scripts/fuzz.sh [SECONDS] (default 60).
# Builds build-san/ (scripts/sanitize.sh does the same) and runs tests/fuzz/ingest_fuzz,
# libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer, from the seed corpus in
# tests/fuzz/corpus. New inputs go to a scratch corpus (FUZZ_CORPUS, default under /tmp);
# a finding is written as crash-* / leak-* in build-san/fuzz-findings/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz: clang++ is required (scripts/install-deps.sh --test)" >&2; exit 1; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S tests/fuzz -B build-san -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build build-san -j"$(nproc)" --target ingest_fuzz
corpus="${FUZZ_CORPUS:-$(mktemp -d /tmp/cskpi-fuzz-corpus.XXXXXX)}"
mkdir -p "$corpus" build-san/fuzz-findings
echo "fuzz: ${seconds}s, corpus $corpus"
log="build-san/fuzz-findings/last-run.log"
set +e
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build-san/ingest_fuzz -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix=build-san/fuzz-findings/ "$corpus" tests/fuzz/corpus >"$log" 2>&1
status=$?
set -e
# The progress lines are many; the rest (findings, final stats) is shown.
grep -av -e '^#[0-9]*[[:space:]]*\(NEW\|REDUCE\|pulse\|RELOAD\)' -e '^"' "$log" | tail -n 60
[[ -z "${FUZZ_CORPUS:-}" ]] && rm -rf "$corpus"
if ((status != 0)); then
    echo "fuzz: FAILED (exit $status); the input is in build-san/fuzz-findings/, the log in $log" >&2
    exit "$status"
fi
echo "fuzz: no finding in ${seconds}s"
