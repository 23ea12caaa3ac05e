"""Prints bench/peers.sh's table from its measurements: work | parcours | peer | ratio per core.

Per core: parcours's CPU time per document (the CLI process, or the server during the wrk run)
against the peer's process_time() per document summed over its processes; a ratio above 1 means
parcours spends less CPU per document."""
import json
import subprocess
import sys
from pathlib import Path

work = Path(sys.argv[1])
cores, versions = int(sys.argv[2]), sys.argv[3]
p_docs, p_secs, p_cpu, p_bytes = int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
f_events, f_bytes, f_reqs, f_rps, f_cpu, f_errors = (
    int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10]), float(sys.argv[11]),
    float(sys.argv[12]), sys.argv[13])


def peer(kind):
    runs = [json.loads(line) for line in (work / f"{kind}.jsonl").read_text().splitlines() if line]
    docs = sum(r["docs"] for r in runs)
    cpu = sum(r["cpu_s"] for r in runs)
    wall = max(r["wall_s"] for r in runs)
    size = sum(r["bytes"] * r["docs"] for r in runs) / docs
    return {"docs": docs, "cpu": cpu / docs, "rate": docs / wall, "bytes": size,
            "processes": len(runs)}


def words(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split()


def same_text(pdf):
    mine, theirs = words(work / "parcours.pdf"), words(pdf)
    if mine == theirs:
        return "same extracted text"
    if sorted(mine) == sorted(theirs):
        return "same words, another reading order"
    return f"text differs ({len(set(mine) ^ set(theirs))} words)"


kb = lambda b: f"{b / 1024:.1f} KB"
p_start = float(sys.argv[14])
p_doc_cpu = (p_cpu - p_start) / p_docs
print(f"Peers: {versions}; {cores} processes per peer (one per core).")
print(f"parcours: release build, SQLite; attestations by `parcours certificates generate` "
      f"({p_docs} drawn and stored, {p_secs:.2f} s, {p_cpu:.2f} s CPU for the whole process, "
      f"of which {p_start:.2f} s of start-up, left out of the CPU per document as the peers' is).")
print()
print("| work | parcours | peer | ratio per core |")
print("|---|---|---|---|")
for kind, name in (("weasyprint", "WeasyPrint"), ("reportlab", "reportlab")):
    p = peer(kind)
    check = same_text(work / f"{kind}-1.out")
    print(f"| A4 attestation ({name}) | {p_docs / p_secs:.0f} /s ({p_docs} in {p_secs:.2f} s), "
          f"{p_doc_cpu * 1000:.2f} ms CPU each, {kb(p_bytes)} | "
          f"{p['rate']:.1f} /s on {p['processes']} processes, {p['cpu'] * 1000:.1f} ms CPU each "
          f"({1 / p['cpu']:.1f} /s per core), {kb(p['bytes'])}; {check} | "
          f"{p['cpu'] / p_doc_cpu:.1f}× (size {p_bytes / p['bytes']:.2f}× the peer's) |")
ical = peer("icalendar")
f_doc_cpu = f_cpu / f_reqs
ical_events = Path(work / "icalendar-1.out").read_bytes().count(b"BEGIN:VEVENT")
print(f"| personal feed of {f_events} events, HTTP, one connection (icalendar) | "
      f"{f_rps:.0f} /s ({f_reqs} requests, {f_errors} non-2xx), server {f_doc_cpu * 1000:.2f} ms "
      f"CPU each, {kb(f_bytes)} | {ical['rate']:.1f} /s on {ical['processes']} processes, "
      f"{ical['cpu'] * 1000:.1f} ms CPU each ({1 / ical['cpu']:.1f} /s per core), "
      f"{kb(ical['bytes'])}, {ical_events} events | {ical['cpu'] / f_doc_cpu:.1f}× |")
