"""`python seed_feed.py DB TOKEN EVENTS`: in the demo's SQLite database, a trainer account with
a calendar feed (stored as its token's SHA-256, as parcours does) on the cohort with the fewest
upcoming days, topped up to EVENTS upcoming training days (09:00–17:00, Europe/Paris), as
benches/documents.rs builds its 200-event feed. Prints the trainer's id."""
import datetime as dt
import hashlib
import sqlite3
import sys
from zoneinfo import ZoneInfo

db, token, events = sys.argv[1], sys.argv[2], int(sys.argv[3])
paris, utc = ZoneInfo("Europe/Paris"), dt.timezone.utc
now = dt.datetime.now(utc).replace(tzinfo=None, microsecond=0)
stamp = now.strftime("%Y-%m-%d %H:%M:%S")
con = sqlite3.connect(db)
cohort, upcoming, last = con.execute(
    "SELECT c.id, COUNT(d.id), MAX(d.day) FROM cohorts c LEFT JOIN cohort_days d "
    "ON d.cohort_id = c.id AND d.ends_at >= ? GROUP BY c.id ORDER BY COUNT(d.id), c.id LIMIT 1",
    (stamp,)).fetchone()
user = con.execute(
    "INSERT INTO users (email, name, password_hash, active, created_at, updated_at) "
    "VALUES ('banc.formatrice@lafabrik.test', 'Formatrice du banc d''essai', 'unused', 1, ?, ?) "
    "RETURNING id", (stamp, stamp)).fetchone()[0]
con.execute("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES (?, ?)", (cohort, user))
day = max(dt.date.today(), dt.date.fromisoformat(last) if last else dt.date.today())
for _ in range(events - upcoming):
    day += dt.timedelta(days=1)
    at = lambda h: (dt.datetime.combine(day, dt.time(h), paris).astimezone(utc)
                    .strftime("%Y-%m-%d %H:%M:%S"))
    con.execute(
        "INSERT INTO cohort_days (cohort_id, day, start_time, end_time, starts_at, ends_at, venue, "
        "remote, sequence, created_at, updated_at) VALUES (?, ?, '09:00:00', '17:00:00', ?, ?, "
        "'Salle 2, 12 rue de la Paix, Lyon', 0, 0, ?, ?)",
        (cohort, day.isoformat(), at(9), at(17), stamp, stamp))
con.execute(
    "INSERT INTO calendar_feeds (token, user_id, created_at, hashed) VALUES (?, ?, ?, 1)",
    (hashlib.sha256(token.encode()).hexdigest(), user, stamp))
con.commit()
print(user)
