#!/usr/bin/env bash
# A login flood: POST /login with wrong passwords from ADDRESSES loopback source addresses
# (127.0.0.2 …) for SECONDS, while one signed-in client reads and writes; reports that client's
# p50/p99, the flood's answers by status, the server's peak RSS, and its RSS IDLE seconds later.
# Release build of `parcours demo`, then `parcours serve`, on a temporary SQLite database. Needs python3 (the
# helper, bench/login_flood.py, uses its standard library only). Loopback only.
#
#   bash bench/login_flood.sh
#   BIN=/path/to/parcours SECONDS_FLOOD=15 ADDRESSES=200 bash bench/login_flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_FLOOD=${SECONDS_FLOOD:-15}
ADDRESSES=${ADDRESSES:-200}
IDLE=${IDLE:-30}
PORT=${PORT:-18420}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/parcours
fi
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite://$WORK/flood.db" PARCOURS_DATA_DIR="$WORK/data" RUST_LOG=warn
# The demo data is written by its own process first, as a deployment's data is: the server's
# memory is then what serving costs, not what creating 300 advisors left behind.
$BIN demo >/dev/null
PARCOURS_BIND=127.0.0.1:$PORT $BIN serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 600); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.5; done
TOKEN=$($BIN tokens create --email equipe@lafabrik.test --name bench 2>/dev/null | tail -n1)
ADVISOR=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/advisors?per_page=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER/status"; }
BEFORE=$(rss_mb)
python3 bench/login_flood.py rss "$SERVER" "$((SECONDS_FLOOD + 2))" "$WORK/rss.json" &
RSS=$!
python3 bench/login_flood.py user "$BASE" "$SECONDS_FLOOD" "$TOKEN" "$ADVISOR" "$WORK/user.json" &
USER=$!
python3 bench/login_flood.py flood "$BASE" "$SECONDS_FLOOD" "$ADDRESSES" "$WORK/flood.json"
wait "$USER" "$RSS"
sleep "$IDLE"
AFTER=$(rss_mb)
echo "flood: $ADDRESSES addresses × ${SECONDS_FLOOD} s, answers by status: $(cat "$WORK/flood.json")"
echo "signed-in client: $(cat "$WORK/user.json")"
echo "server RSS: ${BEFORE} MB before, peak $(python3 -c "import json; print(json.load(open('$WORK/rss.json'))['peak_mb'])") MB, ${AFTER} MB ${IDLE} s after the flood"
grep -c ' ERROR ' "$WORK/serve.log" | sed 's/^/server errors logged: /' || true
