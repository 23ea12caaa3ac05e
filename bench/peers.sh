#!/usr/bin/env bash
# parcours beside the peers a user would otherwise pick, measured in one run on this machine:
#   - the CCP attestation (A4, same texts, DejaVu fonts, logo, QR code) drawn by WeasyPrint 70
#     (HTML/CSS) and reportlab 5.1 (canvas), against `parcours certificates generate` on the
#     demo's published session (425 attestations drawn and stored, release CLI, SQLite);
#   - the personal calendar feed of 200 events built and serialised by icalendar 7.3, against
#     `GET /calendar/{token}.ics` from a release server, one HTTP connection (wrk -t1 -c1).
# The peers are installed from PyPI in a throw-away virtual environment (removed at exit) and run
# one process per core; every figure is also given per core as CPU time per document (the peers'
# time.process_time(), parcours's process CPU time from getrusage or /proc), so the ratio does
# not depend on how many cores each side used.
#
#   bash bench/peers.sh
#   ATT_DOCS=20 FEED_RUNS=10 DURATION=5s bash bench/peers.sh     # shorter
#   PARCOURS_BIN=path/to/parcours bash bench/peers.sh             # that binary, no cargo build
#   KEEP_WORK=1 bash bench/peers.sh                                 # keep the PDFs and feeds
#
# Needs python3 (with venv), pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0),
# pdftotext (poppler-utils), wrk, sqlite3 and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ADVISORS=${ADVISORS:-5000}          # the demo's published session then has 500 candidates
WEASY_DOCS=${WEASY_DOCS:-${ATT_DOCS:-40}}   # documents per process
REPORTLAB_DOCS=${REPORTLAB_DOCS:-${ATT_DOCS:-200}}
FEED_RUNS=${FEED_RUNS:-40}          # icalendar feeds per process
FEED_EVENTS=${FEED_EVENTS:-200}
DURATION=${DURATION:-10s}
CORES=${CORES:-$(nproc)}
PIP_SPECS=${PIP_SPECS:-"weasyprint==70.* reportlab==5.1.* icalendar==7.3.*"}

missing=()
command -v python3 >/dev/null || missing+=("python3 python3-venv")
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v curl >/dev/null || missing+=(curl)
if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' \
  || ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  missing+=("libpango-1.0-0 libpangoft2-1.0-0")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing for this bench (WeasyPrint needs Pango): apt-get install ${missing[*]}" >&2
  exit 1
fi

if [ -z "${PARCOURS_BIN:-}" ]; then cargo build --release --quiet --bin parcours; fi
BIN=${PARCOURS_BIN:-${CARGO_TARGET_DIR:-target}/release/parcours}
WORK=$(mktemp -d)
SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
say() { echo "$*" >&2; }

# --- the peers' virtual environment ------------------------------------------------------------
say "Installing the peers in a throw-away virtual environment: $PIP_SPECS"
python3 -m venv "$WORK/venv"
PY=$WORK/venv/bin/python
# shellcheck disable=SC2086 # the specs are words
"$PY" -m pip install --quiet --disable-pip-version-check $PIP_SPECS
VERSIONS=$("$PY" -c 'import importlib.metadata as m; print(", ".join(f"{p} {m.version(p)}" for p in ("weasyprint", "reportlab", "icalendar")))')
say "Installed: $VERSIONS"

# --- parcours: attestations, release CLI, stored in SQLite -------------------------------------
export DATABASE_URL="sqlite://$WORK/bench.db" PARCOURS_DATA_DIR="$WORK/data"
export PARCOURS_BASE_URL=https://parcours.example.org RUST_LOG=warn
say "Seeding: parcours demo --advisors $ADVISORS"
"$BIN" demo --advisors "$ADVISORS" >/dev/null
SESSION=$(sqlite3 "$WORK/bench.db" "SELECT id FROM exam_sessions WHERE venue LIKE 'Démo%' ORDER BY id LIMIT 1")
OUT=$("$PY" bench/peers/rusage.py "$BIN" certificates generate --session "$SESSION" 2>"$WORK/cli.json")
say "$OUT"
P_DOCS=$(sed -n 's/.*: \([0-9]*\) attestation(s) issued.*/\1/p' <<<"$OUT")
P_SECS=$(sed -n 's/.* in \([0-9.]*\) s\.$/\1/p' <<<"$OUT")
P_CPU=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["cpu_s"])' "$WORK/cli.json")
# The CLI's start-up (migrations checked, six layouts and their fonts prepared), measured by the
# same command stopping right after it (session 0 does not exist): the peers' harness leaves out
# its own start-up and warm-up document alike.
"$PY" bench/peers/rusage.py "$BIN" certificates generate --session 0 >/dev/null 2>"$WORK/startup.err" || true
P_START=$("$PY" -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["cpu_s"])' "$WORK/startup.err")
P_BYTES=$(sqlite3 "$WORK/bench.db" "SELECT CAST(AVG(LENGTH(pdf)) AS INTEGER) FROM certificates")
# One attestation read back: its values (those the layout fills) feed the peers.
"$PY" - "$WORK" <<'EOF'
import json, re, sqlite3, subprocess, sys
work = sys.argv[1]
con = sqlite3.connect(f"{work}/bench.db")
con.row_factory = sqlite3.Row
row = con.execute("SELECT * FROM certificates ORDER BY id LIMIT 1").fetchone()
open(f"{work}/parcours.pdf", "wb").write(row["pdf"])
text = " ".join(subprocess.run(["pdftotext", f"{work}/parcours.pdf", "-"], capture_output=True,
                               text=True, check=True).stdout.split())
fr = lambda iso: "/".join(reversed(iso.split("-")))
born = re.search(r"((?:née le|né le|Date de naissance :) \d\d/\d\d/\d{4})", text).group(1)
title = re.search(r"du titre professionnel (.*) \(version", text).group(1)
values = {
    "holder_name": row["holder_name"], "birth_date": fr(row["holder_birth_date"]),
    "born_on": born, "certification_code": row["certification_code"],
    "certification": row["certification"], "title_name": title,
    "title_version": row["title_version"], "result_date": fr(row["result_date"]),
    "jury_session": row["jury_session"], "issuer": row["issuer"],
    "issued_on": fr(row["issued_on"]), "code": row["code"],
    "verify_url": "https://parcours.example.org/verify/" + row["code"],
}
json.dump(values, open(f"{work}/attestation.json", "w"), ensure_ascii=False)
EOF

# --- the peers: the same attestation, one process per core -------------------------------------
run_peer() { # kind docs data → JSON lines, one per process
  local kind=$1 docs=$2 data=$3 i
  for i in $(seq "$CORES"); do
    (cd bench/peers && "$PY" harness.py "$kind" "$docs" "$data" "$WORK/$kind-$i.out") &
  done
  wait
}
say "WeasyPrint: $CORES processes × $WEASY_DOCS attestations"
run_peer weasyprint "$WEASY_DOCS" "$WORK/attestation.json" >"$WORK/weasyprint.jsonl"
say "reportlab: $CORES processes × $REPORTLAB_DOCS attestations"
run_peer reportlab "$REPORTLAB_DOCS" "$WORK/attestation.json" >"$WORK/reportlab.jsonl"

# --- parcours: the feed of 200 events over HTTP, one connection --------------------------------
"$PY" bench/peers/seed_feed.py "$WORK/bench.db" bench-feed-token "$FEED_EVENTS" >/dev/null
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PARCOURS_BIND=127.0.0.1:$PORT "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
FEED_URL=http://127.0.0.1:$PORT/calendar/bench-feed-token.ics
curl -sf "$FEED_URL" -o "$WORK/feed.ics"
FEED_COUNT=$(grep -c '^BEGIN:VEVENT' "$WORK/feed.ics")
FEED_BYTES=$(wc -c <"$WORK/feed.ics")
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
say "parcours feed: wrk -t1 -c1 -d$DURATION ($FEED_COUNT events)"
before=$(ticks)
WRK=$(wrk -t1 -c1 -d"$DURATION" "$FEED_URL")
after=$(ticks)
F_REQS=$(awk '/requests in/ {print $1}' <<<"$WRK")
F_RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$WRK")
F_ERRORS=$(awk '/Non-2xx/ {print $5}' <<<"$WRK")
F_CPU=$(echo "($after - $before) / $(getconf CLK_TCK)" | bc -l)
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=

say "icalendar: $CORES processes × $FEED_RUNS feeds"
run_peer icalendar "$FEED_RUNS" "$WORK/feed.ics" >"$WORK/icalendar.jsonl"

# --- one table ---------------------------------------------------------------------------------
"$PY" bench/peers/report.py "$WORK" "$CORES" "$VERSIONS" \
  "$P_DOCS" "$P_SECS" "$P_CPU" "$P_BYTES" \
  "$FEED_COUNT" "$FEED_BYTES" "$F_REQS" "$F_RPS" "$F_CPU" "${F_ERRORS:-0}" "$P_START"
