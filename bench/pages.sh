#!/usr/bin/env bash
# Server time and weight of every page the browser journeys visit, on the demo data.
# Server time is parcours's own `Server-Timing: app;dur=` (median and worst of RUNS requests);
# weight is the page plus its CSS, script and icon as transferred (gzip). Needs curl and jq.
#
#   bash bench/pages.sh                 # demo data for 300 advisors (parcours demo's default)
#   ADVISORS=100000 bash bench/pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 1; }
ADVISORS=${ADVISORS:-300}
RUNS=${RUNS:-20}
PORT=${PORT:-18410}
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/parcours
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite://$WORK/pages.db" PARCOURS_DATA_DIR="$WORK/data" RUST_LOG=warn
$BIN demo --advisors "$ADVISORS" >/dev/null
PARCOURS_BIND=127.0.0.1:$PORT $BIN serve >"$WORK/serve.log" 2>&1 &
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done

login() { # email jar
  local page token
  page=$(curl -s -c "$2" -b "$2" "$BASE/login")
  token=$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$page" | head -n1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -c "$2" -b "$2" --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=$1" --data-urlencode "password=demo-parcours-2026" --data-urlencode "next=/" "$BASE/login"
}
api() { # jar path
  curl -s -b "$1" "$BASE$2"
}
STAFF="$WORK/staff.jar" ADVISOR="$WORK/advisor.jar" EXAMINER="$WORK/examiner.jar" ADMIN="$WORK/admin.jar" COORDINATOR="$WORK/coordinator.jar"
login equipe@lafabrik.test "$STAFF"
login conseillere@parcours.test "$ADVISOR"
login examinateur@lafabrik.test "$EXAMINER"
login admin@parcours.test "$ADMIN"
login coordination@anct.test "$COORDINATOR"
: > "$WORK/anon.jar"

# A cohort with training days (the first of the latest fifty that has some).
for id in $(api "$STAFF" "/api/v1/cohorts?per_page=50" | jq -r '.items[].id'); do
  DAY=$(api "$STAFF" "/api/v1/cohorts/$id/days" | jq -r '.items[0].id // empty')
  if [ -n "$DAY" ]; then COHORT=$id; break; fi
done
ME=$(api "$ADVISOR" "/api/v1/me" | jq -r '.advisor_id')
MODULE_SESSION=$(api "$ADVISOR" "/api/v1/module-sessions?per_page=1" | jq -r '.items[0].id')
EXAM=$(api "$EXAMINER" "/api/v1/exam-sessions?per_page=1" | jq -r '.items[0].id')
# The worker issues the demo session's attestations: wait for the first.
CODE=""
for _ in $(seq 150); do
  HOLDER=$(api "$ADMIN" "/api/v1/exam-sessions/$EXAM/results" | jq -r '[.[] | select(.outcome == "validated")][0].advisor_id')
  CODE=$(api "$ADMIN" "/api/v1/advisors/$HOLDER/certificates" | jq -r '.items[0].code // empty')
  [ -n "$CODE" ] && break
  sleep 0.2
done

measure() { # label jar path
  local label=$1 jar=$2 path=$3 times=() weight
  for _ in $(seq "$RUNS"); do
    times+=("$(curl -s -o /dev/null -D - -b "$jar" "$BASE$path" | tr -d '\r' | awk -F'dur=' 'tolower($0) ~ /^server-timing:/ {print $2}')")
  done
  weight=$(curl -s --compressed -b "$jar" -o "$WORK/page.html" -w '%{size_download}' -H 'Accept-Encoding: gzip' "$BASE$path")
  for asset in $(grep -o '/assets/[^"]*' "$WORK/page.html" | sort -u); do
    weight=$((weight + $(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$BASE$asset")))
  done
  printf '| %s | `%s` | %s | %s | %.1f |\n' "$label" "$path" \
    "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${times[@]}" | sort -n | tail -n1)" "$(echo "$weight / 1024" | bc -l)"
}

echo "| journey page | path | median ms | worst ms | KB with assets |"
echo "|---|---|---|---|---|"
measure "login" "$WORK/anon.jar" "/login"
measure "staff home" "$STAFF" "/"
measure "coordinator home (every advisor)" "$COORDINATOR" "/"
measure "examiner home" "$EXAMINER" "/"
measure "new cohort" "$STAFF" "/cohorts/new"
measure "cohort" "$STAFF" "/cohorts/$COHORT"
measure "attendance" "$STAFF" "/cohorts/$COHORT/days/$DAY/attendance"
measure "advisor path" "$ADVISOR" "/advisors/$ME"
measure "module sessions" "$ADVISOR" "/module-sessions"
measure "module session" "$ADVISOR" "/module-sessions/$MODULE_SESSION"
measure "new exam session" "$STAFF" "/exam-sessions/new"
measure "exam session (examiner)" "$EXAMINER" "/exam-sessions/$EXAM"
measure "verify form" "$WORK/anon.jar" "/verify"
measure "verify a code" "$WORK/anon.jar" "/verify/$CODE"
