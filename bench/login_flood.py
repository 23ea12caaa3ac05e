#!/usr/bin/env python3
"""Login flood against a running parcours (see login_flood.sh); standard library only.

  login_flood.py flood BASE SECONDS ADDRESSES OUT.json   wrong passwords on POST /login, one
                                                         keep-alive client per loopback source
                                                         address 127.0.0.2, 127.0.0.3, ...
  login_flood.py user BASE SECONDS TOKEN ADVISOR OUT.json  a signed-in client reading and writing
  login_flood.py rss PID SECONDS OUT.json                peak VmRSS while it runs, then the last
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

CSRF = "x" * 40


def connect(base, source):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=source)


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    return response.status


def flood(base, seconds, addresses, out):
    deadline = time.monotonic() + seconds
    counts, lock = {}, threading.Lock()
    emails = ["equipe@lafabrik.test", "admin@parcours.test", "conseillere@parcours.test"]

    def one(i):
        source = (f"127.0.0.{2 + i}", 0)
        conn, n = connect(base, source), 0
        while time.monotonic() < deadline:
            n += 1
            email = random.choice(emails) if n % 2 else f"inconnu{i}-{n}@example.org"
            body = urllib.parse.urlencode(
                {"csrf_token": CSRF, "email": email, "password": f"devine-{n}", "next": "/"})
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "Cookie": f"parcours_csrf={CSRF}"}
            try:
                status = request(conn, "POST", "/login", body, headers)
            except (OSError, http.client.HTTPException) as e:
                status = type(e).__name__
                conn.close()
                conn = connect(base, source)
            with lock:
                counts[status] = counts.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(addresses)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump({str(k): v for k, v in sorted(counts.items(), key=str)}, open(out, "w"))


def user(base, seconds, token, advisor, out):
    deadline = time.monotonic() + seconds
    conn = connect(base, None)
    auth = {"Authorization": f"Bearer {token}"}
    steps = [
        ("GET", "/api/v1/me", None),
        ("GET", "/api/v1/advisors?per_page=20", None),
        ("GET", "/advisors", None),
        ("GET", "/", None),
        ("PATCH", f"/api/v1/advisors/{advisor}", "phone"),
    ]
    times, statuses, n = [], {}, 0
    while time.monotonic() < deadline:
        method, path, write = steps[n % len(steps)]
        n += 1
        headers = dict(auth)
        body = None
        if write:
            body = json.dumps({"phone": f"06 12 34 {n % 100:02d} {n // 100 % 100:02d}"})
            headers["Content-Type"] = "application/json"
        start = time.monotonic()
        try:
            status = request(conn, method, path, body, headers)
        except (OSError, http.client.HTTPException) as e:
            status = type(e).__name__
            conn.close()
            conn = connect(base, None)
        times.append((time.monotonic() - start) * 1000)
        statuses[f"{method} {status}"] = statuses.get(f"{method} {status}", 0) + 1
    times.sort()
    pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 1)
    json.dump({"requests": len(times), "p50_ms": pick(0.50), "p99_ms": pick(0.99),
               "max_ms": round(times[-1], 1), "statuses": statuses}, open(out, "w"))


def rss(pid, seconds, out):
    deadline, peak, last = time.monotonic() + seconds, 0, 0
    while time.monotonic() < deadline:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    last = int(line.split()[1]) // 1024
                    peak = max(peak, last)
        except OSError:
            break
        time.sleep(0.1)
    json.dump({"peak_mb": peak, "last_mb": last}, open(out, "w"))


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "flood":
        flood(args[0], float(args[1]), int(args[2]), args[3])
    elif kind == "user":
        user(args[0], float(args[1]), args[2], args[3], args[4])
    else:
        rss(int(args[0]), float(args[1]), args[2])
