#!/usr/bin/env bash
# Warehouse benchmark: the same rows read three ways by `cskpi year-end` — CSV files, pull
# (COPY streamed into the ingest) and pushdown (aggregates computed in PostgreSQL) — from a
# throwaway PostgreSQL server started in a temp folder (unix socket only) and removed after.
#
#   bench/warehouse.sh [TICKETS]      (default: 1000000)
#
# The exports come from `cskpi sample --tickets TICKETS --seed 42`, without the rows a typed
# column cannot hold (a day-first created_at, an `answered` of "maybe") and without repeated
# ids (pushdown stops on them), so all three read the same rows. Prints wall seconds and
# peak RSS of each run, the server's time to load the tables, and compares the summaries.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CSKPI="${CSKPI:-$ROOT/build/cskpi}"
readonly TICKETS="${1:-1000000}"
readonly BENCH_DIR="${BENCH_DIR:-/tmp/cskpi-bench-warehouse}"
readonly DATA="$BENCH_DIR/data-$TICKETS"
readonly PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[[ -x "$PGBIN/postgres" ]] || { echo "bench: no PostgreSQL server (scripts/install-deps.sh --test)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is required" >&2; exit 1; }
[[ -x "$CSKPI" ]] || { echo "bench: build first (scripts/build.sh)" >&2; exit 1; }

mkdir -p "$DATA"
if [[ ! -f "$DATA/clean/tickets.csv" ]]; then
    "$CSKPI" sample --out "$DATA/raw" --tickets "$TICKETS" --seed 42 --year 2026 >/dev/null
    mkdir -p "$DATA/clean"
    awk -F, 'NR == 1 || ($2 !~ /\./ && !seen[$1]++)' "$DATA/raw/tickets.csv" >"$DATA/clean/tickets.csv"
    awk -F, 'NR == 1 || !seen[$1]++' "$DATA/raw/surveys.csv" >"$DATA/clean/surveys.csv"
    cp "$DATA/raw/agents.csv" "$DATA/clean/agents.csv"
    awk -F, 'NR == 1 || $3 != "maybe"' "$DATA/raw/calls.csv" >"$DATA/clean/calls.csv"
fi
CLEAN="$DATA/clean"

# The server, as nobody when run as root.
PG="$(mktemp -d /tmp/cskpi-bench-pg.XXXXXX)"
chmod 755 "$PG"
as_server() { if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u nobody -- "$@"); else "$@"; fi; }
readonly PASSWORD="bench-$$"
echo "$PASSWORD" >"$PG/pwfile"
[[ $(id -u) -eq 0 ]] && chown -R nobody "$PG"
PORT=$((20000 + RANDOM % 20000))
cleanup() {
    as_server "$PGBIN/pg_ctl" -D "$PG/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG"
}
trap cleanup EXIT
as_server "$PGBIN/initdb" -D "$PG/data" -U cskpi --auth=scram-sha-256 --pwfile="$PG/pwfile" -E UTF8 \
    --locale=C.UTF-8 --no-sync >/dev/null
as_server "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/server.log" -w -t 120 \
    -o "-k $PG -p $PORT -c listen_addresses= -c fsync=off -c shared_buffers=512MB -c work_mem=256MB" start >/dev/null
psql_run() { PGPASSWORD="$PASSWORD" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG" -p "$PORT" -U cskpi -d postgres "$@"; }

start=$(date +%s%N)
psql_run <<SQL
CREATE TABLE tickets (ticket_id text, created_at timestamp, first_response_at timestamp, resolved_at timestamp,
  due_at timestamp, priority text, channel text, category text, team text, agent_id text, customer_id text,
  customer_tier text, contacts integer, reopens integer, complaint boolean, handle_time_sec double precision);
CREATE TABLE surveys (survey_id text, submitted_at timestamp, ticket_id text, csat integer, nps integer, comment text);
CREATE TABLE agents (agent_id text, hired_at date, left_at date, team text, role text, core boolean);
CREATE TABLE calls (call_id text, offered_at timestamp, answered boolean, wait_sec double precision,
  handle_sec double precision);
\copy tickets FROM '$CLEAN/tickets.csv' WITH (FORMAT csv, HEADER)
\copy surveys FROM '$CLEAN/surveys.csv' WITH (FORMAT csv, HEADER)
\copy agents FROM '$CLEAN/agents.csv' WITH (FORMAT csv, HEADER)
\copy calls FROM '$CLEAN/calls.csv' WITH (FORMAT csv, HEADER)
VACUUM ANALYZE;
SQL
echo "load into PostgreSQL: $(( ($(date +%s%N) - start) / 1000000 )) ms"

OUT="$BENCH_DIR/out-$TICKETS"
rm -rf "$OUT"
mkdir -p "$OUT"
uri="postgresql://cskpi@:$PORT/postgres?host=$PG"
for mode in pull pushdown; do
    {
        printf '[report]\nyear = 2026\ntimezone = Asia/Shanghai\nmax_reject_rate = 1\n[warehouse]\nmode = %s\n' "$mode"
        for s in tickets surveys agents calls; do
            printf '[%s]\nuri = %s\ntable = %s\npassword_env = CSKPI_BENCH_PG_PASSWORD\n' "$s" "$uri" "$s"
        done
    } >"$OUT/$mode.ini"
done

timed() {  # name, command...
    local name="$1"
    shift
    /usr/bin/time -v -o "$OUT/$name.time" "$@" >/dev/null 2>"$OUT/$name.err" ||
        { echo "bench: $name failed:" >&2; cat "$OUT/$name.err" >&2; exit 1; }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/$name.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2 / 1024}' "$OUT/$name.time")
    echo "$name: wall $wall, peak RSS $rss"
}
common=(--year 2026 --timezone Asia/Shanghai --max-reject-rate 1)
timed csv "$CSKPI" year-end "${common[@]}" --tickets "$CLEAN/tickets.csv" --surveys "$CLEAN/surveys.csv" \
    --agents "$CLEAN/agents.csv" --calls "$CLEAN/calls.csv" --out "$OUT/csv" --summary-json "$OUT/csv.json" \
    --history "$OUT/csv.sqlite"
export CSKPI_BENCH_PG_PASSWORD="$PASSWORD"
for mode in pull pushdown; do
    timed "$mode" "$CSKPI" year-end --log-level information --config "$OUT/$mode.ini" --out "$OUT/$mode" --summary-json "$OUT/$mode.json" \
        --history "$OUT/$mode.sqlite"
done
for mode in pull pushdown; do
    echo "$mode against csv: $(python3 "$ROOT/tests/reference/compare_summary.py" "$OUT/csv.json" "$OUT/$mode.json" | tail -1)"
done
