#!/usr/bin/env bash
# Benchmark of the deadline dashboard and the progress endpoint on `parcours demo --advisors
# 100000`, on SQLite and on PostgreSQL, with wrk (32 connections). Prints requests per second and
# p99 latency. Needs `wrk` (Debian: apt-get install wrk) and a PostgreSQL server for the second
# half (PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres).
#
#   bash bench/dashboard.sh            # both engines
#   ENGINES=sqlite bash bench/dashboard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
ADVISORS=${ADVISORS:-100000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
ENGINES=${ENGINES:-"sqlite postgres"}
PORT=${PORT:-18400}
cargo build --release --quiet
BIN=target/release/parcours
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

run_wrk() { # label url [script]
  local label=$1 url=$2 script=${3:-}
  local out
  if [ -n "$script" ]; then
    out=$(TOKEN=$TOKEN MAX_ID=$ADVISORS wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$url")
  fi
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$ENGINE" "$label" "$rps" "$p99" "${errors:-0}"
}

echo "| engine | request | requests/s | p99 | non-2xx |"
echo "|---|---|---|---|---|"
for ENGINE in $ENGINES; do
  case $ENGINE in
    sqlite) URL="sqlite://$WORK/bench.db" ;;
    postgres)
      DB=parcours_bench_$$
      psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
      URL="${PG_ADMIN_URL%/*}/$DB" ;;
  esac
  start=$(date +%s.%N)
  DATABASE_URL=$URL $BIN demo --advisors "$ADVISORS" >/dev/null
  seeded=$(echo "$(date +%s.%N) - $start" | bc)
  echo "(seeded $ADVISORS advisors on $ENGINE in ${seeded}s)" >&2
  DATABASE_URL=$URL PARCOURS_BIND=127.0.0.1:$PORT PARCOURS_POOL_SIZE=16 RUST_LOG=warn $BIN serve >"$WORK/$ENGINE.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
  TOKEN=$(DATABASE_URL=$URL $BIN tokens create --email coordination@anct.test | tail -n 1)
  BASE="http://127.0.0.1:$PORT"
  run_wrk "GET /api/v1/progress (coordinator, all advisors, counts + first page)" "$BASE/api/v1/progress"
  run_wrk "GET /api/v1/progress?status=at_risk&territory=FR" "$BASE/api/v1/progress?status=at_risk&territory=FR"
  run_wrk "GET /progress (dashboard page)" "$BASE/progress"
  run_wrk "GET /api/v1/advisors/{random}/progress" "$BASE" bench/progress.lua
  kill $SERVER; wait $SERVER 2>/dev/null || true
  if [ "$ENGINE" = postgres ]; then psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; fi
  PORT=$((PORT + 1))
done
