#!/usr/bin/env bash
# Throughput benchmark: generates sample exports of 1 M and/or 10 M tickets (kept and reused
# under $BENCH_DIR) and times a year-end run over them.
#
#   bench/run.sh [1m|10m|all]      (default: all)
#
# Prints one line per size for the generation and one for the year-end run: input bytes,
# data rows of all four files, wall seconds, rows/s, MB/s (MB = 10^6 bytes) and peak RSS.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BUILD="$ROOT/build"
readonly CSKPI="${CSKPI:-$BUILD/cskpi}"   # overridable to time another binary
readonly BENCH_DIR="${BENCH_DIR:-/tmp/cskpi-bench}"
readonly SEED=42
readonly YEAR=2026
readonly FILES=(tickets surveys agents calls)

usage() {
    echo "usage: $0 [1m|10m|all]" >&2
    exit 2
}

case "${1:-all}" in
    1m) sizes=(1m) ;;
    10m) sizes=(10m) ;;
    all) sizes=(1m 10m) ;;
    *) usage ;;
esac
[[ $# -le 1 ]] || usage
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is required (apt-get install time)" >&2; exit 1; }

tickets_for() {
    case "$1" in
        1m) echo 1000000 ;;
        10m) echo 10000000 ;;
    esac
}

# A benchmark of a Debug build measures the wrong thing: configure Release when the build
# folder is new or set up for another build type; the build itself is incremental.
build_release() {
    local type=""
    if [[ -f "$BUILD/CMakeCache.txt" ]]; then
        type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")"
    fi
    if [[ "$type" != "Release" ]]; then
        echo "bench: configuring $BUILD as Release (was: ${type:-not configured})" >&2
        cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    fi
    cmake --build "$BUILD" -j2 --target cskpi >/dev/null
}

# Seconds from /usr/bin/time -v's "h:mm:ss" or "m:ss.ss".
wall_seconds() {
    sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
        awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'
}

peak_rss_mb() {
    sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{ printf "%.1f", $1 / 1024 }'
}

input_bytes() {
    local dir="$1" total=0 f
    for f in "${FILES[@]}"; do total=$((total + $(stat -c %s "$dir/$f.csv"))); done
    echo "$total"
}

# Data rows of all four files (the sample quotes no line breaks, so lines minus headers).
data_rows() {
    local dir="$1" total=0 f
    for f in "${FILES[@]}"; do total=$((total + $(wc -l <"$dir/$f.csv") - 1)); done
    echo "$total"
}

# label, bytes, rows, time -v output
report() {
    local seconds
    seconds="$(wall_seconds "$4")"
    awk -v label="$1" -v bytes="$2" -v rows="$3" -v s="$seconds" -v rss="$(peak_rss_mb "$4")" 'BEGIN {
        if (s <= 0) s = 0.01
        printf "%-14s input %10.1f MB  %10d rows  %8.2f s  %10.0f rows/s  %7.1f MB/s  peak RSS %8.1f MB\n",
               label, bytes / 1e6, rows, s, rows / s, bytes / 1e6 / s, rss
    }'
}

# Generates DIR once per size; a stamp records the options, so a rerun reuses the files.
generate() {
    local label="$1" tickets="$2" dir="$3"
    local stamp="tickets=$tickets seed=$SEED year=$YEAR"
    if [[ -f "$dir/.generated" && "$(head -n1 "$dir/.generated")" == "$stamp" ]]; then
        echo "generate $label: reusing $dir" >&2
        sed -n 2p "$dir/.generated"
        return
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    local timing="$BENCH_DIR/generate-$label.time"
    if ! /usr/bin/time -v -o "$timing" "$CSKPI" sample --out "$dir" --tickets "$tickets" --seed "$SEED" \
        --year "$YEAR" >"$BENCH_DIR/generate-$label.log" 2>&1; then
        echo "bench: cskpi sample failed; see $BENCH_DIR/generate-$label.log" >&2
        tail -n 20 "$BENCH_DIR/generate-$label.log" >&2
        exit 1
    fi
    local f
    for f in "${FILES[@]}"; do
        [[ -f "$dir/$f.csv" ]] || { echo "bench: cskpi sample wrote no $dir/$f.csv" >&2; exit 1; }
    done
    local line
    line="$(report "generate $label" "$(input_bytes "$dir")" "$(data_rows "$dir")" "$timing")"
    printf '%s\n%s\n' "$stamp" "$line" >"$dir/.generated"
    echo "$line"
}

year_end() {
    local label="$1" dir="$2"
    local out="$BENCH_DIR/out-$label"
    local timing="$BENCH_DIR/year-end-$label.time"
    rm -rf "$out"
    mkdir -p "$out"
    if ! /usr/bin/time -v -o "$timing" "$CSKPI" year-end --year "$YEAR" --timezone Asia/Shanghai \
        --tickets "$dir/tickets.csv" --surveys "$dir/surveys.csv" --agents "$dir/agents.csv" \
        --calls "$dir/calls.csv" --out "$out" --summary-json "$out/summary.json" \
        --history "$out/history.sqlite" \
        >"$BENCH_DIR/year-end-$label.log" 2>&1; then
        echo "bench: cskpi year-end failed; see $BENCH_DIR/year-end-$label.log" >&2
        tail -n 20 "$BENCH_DIR/year-end-$label.log" >&2
        exit 1
    fi
    report "year-end $label" "$(input_bytes "$dir")" "$(data_rows "$dir")" "$timing"
}

mkdir -p "$BENCH_DIR"
build_release
for size in "${sizes[@]}"; do
    dir="$BENCH_DIR/$size"
    generate "$size" "$(tickets_for "$size")" "$dir"
    year_end "$size" "$dir"
done
