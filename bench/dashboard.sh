#!/usr/bin/env bash
# Benchmark of the deadline dashboard at national scale, per engine: `parcours demo` at 1,000
# and at 100,000 advisors, one release server (pool of 16), `wrk -t2 -c32` as the national
# coordinator. Prints requests per second, p99 and errors per request; `/health` on the same
# server as the yardstick (the dashboard's ratio to it), the growth of the dashboard's p99 from
# 1k to 100k, and the server's peak RSS (VmHWM) once the dashboard's load is over (the limit)
# and after the whole run. Needs `wrk` (Debian:
# apt-get install wrk), `curl`, `bc`, and a PostgreSQL server for the second engine (PG_ADMIN_URL,
# default postgres://postgres@127.0.0.1:5432/postgres).
#
#   bash bench/dashboard.sh                  # both engines, 1k and 100k
#   ENGINES=sqlite SIZES=100000 bash bench/dashboard.sh
#   PARCOURS_BIN=/path/to/release/parcours bash bench/dashboard.sh   # no build
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
SIZES=${SIZES:-"1000 100000"}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
ENGINES=${ENGINES:-"sqlite postgres"}
PORT=${PORT:-18400}
if [ -z "${PARCOURS_BIN:-}" ]; then
  cargo build --release --quiet
  PARCOURS_BIN=${CARGO_TARGET_DIR:-target}/release/parcours
fi
BIN=$PARCOURS_BIN
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

ms() { # wrk latency (e.g. 812.00us, 1.03s, 25ms) in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

run_wrk() { # label url [script]: prints a row, leaves RPS and P99 (ms) set
  local label=$1 url=$2 script=${3:-} out
  if [ -n "$script" ]; then
    out=$(TOKEN=$TOKEN MAX_ID=$ADVISORS wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$url")
  fi
  RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  P99=$(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  local errors
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s ms | %s |\n' "$ENGINE" "$ADVISORS" "$label" "$RPS" "$P99" "${errors:-0}"
}

echo "| engine | advisors | request | requests/s | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
SUMMARY=()
for ENGINE in $ENGINES; do
  for ADVISORS in $SIZES; do
    case $ENGINE in
      sqlite) URL="sqlite://$WORK/bench-$ADVISORS.db" ;;
      postgres)
        DB=parcours_bench_$$_$ADVISORS
        psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
        URL="${PG_ADMIN_URL%/*}/$DB" ;;
    esac
    start=$(date +%s.%N)
    DATABASE_URL=$URL $BIN demo --advisors "$ADVISORS" >/dev/null
    echo "(seeded $ADVISORS advisors on $ENGINE in $(echo "$(date +%s.%N) - $start" | bc)s)" >&2
    DATABASE_URL=$URL $BIN check >&2
    DATABASE_URL=$URL PARCOURS_BIND=127.0.0.1:$PORT PARCOURS_POOL_SIZE=16 RUST_LOG=warn \
      $BIN serve --no-worker >"$WORK/$ENGINE.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
    TOKEN=$(DATABASE_URL=$URL $BIN tokens create --email coordination@anct.test | tail -n 1)
    BASE="http://127.0.0.1:$PORT"
    run_wrk "GET /health" "$BASE/health"; HEALTH=$RPS
    run_wrk "GET /api/v1/progress (coordinator, counts + first page)" "$BASE/api/v1/progress"
    DASH_RPS=$RPS; DASH_P99=$P99
    DASH_RSS=$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status")
    run_wrk "GET /api/v1/progress?status=at_risk&territory=FR" "$BASE/api/v1/progress?status=at_risk&territory=FR"
    run_wrk "GET /progress (dashboard page)" "$BASE/progress"
    run_wrk "GET / (coordinator's home)" "$BASE/"
    run_wrk "GET /api/v1/advisors?q=payet" "$BASE/api/v1/advisors?q=payet"
    run_wrk "GET /api/v1/advisors/{random}/progress" "$BASE" bench/progress.lua
    RSS=$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status")
    kill $SERVER; wait $SERVER 2>/dev/null || true
    SUMMARY+=("$ENGINE $ADVISORS: dashboard $DASH_RPS req/s = $(echo "scale=3; $DASH_RPS / $HEALTH" | bc)x /health ($HEALTH req/s), p99 $DASH_P99 ms, peak RSS under the dashboard load $DASH_RSS (over the whole run, home and search included: $RSS)")
    eval "P99_${ENGINE}_${ADVISORS}=$DASH_P99"
    if [ "$ENGINE" = postgres ]; then psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; fi
    PORT=$((PORT + 1))
  done
done
echo
printf '%s\n' "${SUMMARY[@]}"
set -- $SIZES
if [ $# -ge 2 ]; then
  for ENGINE in $ENGINES; do
    small=$(eval echo "\$P99_${ENGINE}_$1"); large=$(eval echo "\$P99_${ENGINE}_${!#}")
    echo "$ENGINE: dashboard p99 at ${!#} / at $1 = $(echo "scale=2; $large / $small" | bc)x (limit 1.5x)"
  done
fi
