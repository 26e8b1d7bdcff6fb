#!/usr/bin/env bash
# Throughput benchmark: generates sample exports of 1 M and/or 10 M tickets (kept and reused
# under $BENCH_DIR) and times a year-end run over them.
#
#   bench/run.sh [1m|10m|50m|all] [--peers]      (default: all = 1m and 10m)
#
# Prints one line per size for the generation and one for the year-end run: input bytes,
# data rows of all four files, wall seconds, rows/s, MB/s (MB = 10^6 bytes) and peak RSS.
#
# --peers (after bench/install-peers.sh) also times, on the same tickets.csv and surveys.csv,
# cskpi's year-end over those two exports only and the two peers computing the same ticket
# and survey KPIs (bench/peers: DuckDB through @duckdb/node-api, pandas), checks each peer's
# numbers against cskpi's summary JSON, and prints wall, CPU (user + sys) and peak RSS of each
# and cskpi's speed-up per row over each peer. PANDAS_SIZE=1m runs pandas on the 1 M set
# instead (pandas holds every row as Python-visible columns; 10 M needs several GB), and the
# speed-up is then per row of each one's own set.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BUILD="$ROOT/build"
readonly CSKPI="${CSKPI:-$BUILD/cskpi}"   # overridable to time another binary
readonly BENCH_DIR="${BENCH_DIR:-/tmp/cskpi-bench}"
readonly SEED=42
readonly YEAR=2026
readonly FILES=(tickets surveys agents calls)

usage() {
    echo "usage: $0 [1m|10m|50m|all] [--peers]" >&2
    exit 2
}

peers=0
size_arg=all
for arg in "$@"; do
    case "$arg" in
        --peers) peers=1 ;;
        1m | 10m | 50m | all) size_arg="$arg" ;;
        *) usage ;;
    esac
done
case "$size_arg" in
    1m) sizes=(1m) ;;
    10m) sizes=(10m) ;;
    50m) sizes=(50m) ;;  # 8.6 GB of exports, about 5 GB of memory
    all) sizes=(1m 10m) ;;
esac
readonly PEERS="$ROOT/bench/peers"
readonly PYTHON="${PYTHON:-/usr/bin/python3}"   # Debian's, with python3-pandas
readonly PANDAS_SIZE="${PANDAS_SIZE:-}"
if ((peers)); then
    [[ -d "$PEERS/node_modules/@duckdb/node-api" ]] || { echo "bench: run bench/install-peers.sh first" >&2; exit 1; }
    "$PYTHON" -c 'import pandas' 2>/dev/null || { echo "bench: $PYTHON has no pandas (bench/install-peers.sh)" >&2; exit 1; }
fi
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is required (apt-get install time)" >&2; exit 1; }

tickets_for() {
    case "$1" in
        1m) echo 1000000 ;;
        10m) echo 10000000 ;;
        50m) echo 50000000 ;;
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

cpu_seconds() {
    awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"
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

# Data rows of tickets.csv and surveys.csv: what the peers read.
peer_rows() {
    echo $(($(wc -l <"$1/tickets.csv") - 1 + $(wc -l <"$1/surveys.csv") - 1))
}

# label, rows, time -v output: prints one line and sets LAST_WALL, LAST_CPU (seconds per
# million rows).
measure_line() {
    local wall cpu
    wall="$(wall_seconds "$3")"
    cpu="$(cpu_seconds "$3")"
    LAST_WALL="$(awk -v s="$wall" -v r="$2" 'BEGIN { print s / r * 1e6 }')"
    LAST_CPU="$(awk -v s="$cpu" -v r="$2" 'BEGIN { print s / r * 1e6 }')"
    awk -v label="$1" -v rows="$2" -v s="$wall" -v cpu="$cpu" -v rss="$(peak_rss_mb "$3")" 'BEGIN {
        printf "%-22s %10d rows  wall %8.2f s  CPU %8.2f s  peak RSS %8.1f MB  %7.3f wall-s/M rows\n",
               label, rows, s, cpu, rss, s / rows * 1e6
    }'
}

# label, time -v output, command...: runs it, stops the benchmark on a failure.
timed() {
    local label="$1" timing="$2"
    shift 2
    if ! /usr/bin/time -v -o "$timing" "$@" >"$timing.log" 2>&1; then
        echo "bench: $label failed; see $timing.log" >&2
        tail -n 20 "$timing.log" >&2
        exit 1
    fi
}

# The same ticket and survey KPIs from cskpi and both peers on the same files.
compare_peers() {
    local size="$1" dir="$2"
    local out="$BENCH_DIR/peers-$size" rows pandas_dir pandas_rows
    rm -rf "$out"
    mkdir -p "$out"
    rows="$(peer_rows "$dir")"
    pandas_dir="$BENCH_DIR/${PANDAS_SIZE:-$size}"
    [[ -n "$PANDAS_SIZE" ]] && generate "$PANDAS_SIZE" "$(tickets_for "$PANDAS_SIZE")" "$pandas_dir" >/dev/null
    pandas_rows="$(peer_rows "$pandas_dir")"

    timed "cskpi (tickets, surveys)" "$out/cskpi.time" "$CSKPI" year-end --year "$YEAR" --timezone Asia/Shanghai \
        --tickets "$dir/tickets.csv" --surveys "$dir/surveys.csv" --out "$out/cskpi" \
        --summary-json "$out/summary.json" --history "$out/history.sqlite"
    measure_line "cskpi $size" "$rows" "$out/cskpi.time"
    local cskpi_wall="$LAST_WALL" cskpi_cpu="$LAST_CPU"

    timed "DuckDB" "$out/duckdb.time" node "$PEERS/duckdb_kpis.mjs" --tickets "$dir/tickets.csv" \
        --surveys "$dir/surveys.csv" --year "$YEAR" --out "$out/duckdb.json"
    measure_line "DuckDB $size" "$rows" "$out/duckdb.time"
    local duck_wall="$LAST_WALL" duck_cpu="$LAST_CPU"

    timed "pandas" "$out/pandas.time" "$PYTHON" "$PEERS/pandas_kpis.py" --tickets "$pandas_dir/tickets.csv" \
        --surveys "$pandas_dir/surveys.csv" --year "$YEAR" --out "$out/pandas.json"
    measure_line "pandas ${PANDAS_SIZE:-$size}" "$pandas_rows" "$out/pandas.time"
    local pandas_wall="$LAST_WALL" pandas_cpu="$LAST_CPU"

    awk -v cw="$cskpi_wall" -v cc="$cskpi_cpu" -v dw="$duck_wall" -v dc="$duck_cpu" -v pw="$pandas_wall" \
        -v pc="$pandas_cpu" 'BEGIN {
        printf "cskpi speed-up per row: %.1fx DuckDB (wall), %.1fx (CPU); %.1fx pandas (wall), %.1fx (CPU)\n",
               dw / cw, dc / cc, pw / cw, pc / cc
    }'
    # Differences are listed in $out/*.compare, and do not stop the timings.
    "$PYTHON" "$PEERS/compare.py" "$out/summary.json" "$out/duckdb.json" >"$out/duckdb.compare" || true
    echo "DuckDB vs cskpi: $(tail -n 1 "$out/duckdb.compare")"
    if [[ -z "$PANDAS_SIZE" || "$PANDAS_SIZE" == "$size" ]]; then
        "$PYTHON" "$PEERS/compare.py" "$out/summary.json" "$out/pandas.json" >"$out/pandas.compare" || true
        echo "pandas vs cskpi: $(tail -n 1 "$out/pandas.compare")"
    fi
}

mkdir -p "$BENCH_DIR"
build_release
for size in "${sizes[@]}"; do
    dir="$BENCH_DIR/$size"
    generate "$size" "$(tickets_for "$size")" "$dir"
    year_end "$size" "$dir"
    if ((peers)); then compare_peers "$size" "$dir"; fi
done
