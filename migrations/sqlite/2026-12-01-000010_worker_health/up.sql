-- Each worker's last sign of life, so that every instance's /health/worker sees whether some
-- worker still takes jobs. One row per worker process. Keep in step with migrations/postgres/.
CREATE TABLE worker_heartbeats (
    worker TEXT PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    beat_at TIMESTAMP NOT NULL
);
CREATE INDEX worker_heartbeats_beat_at ON worker_heartbeats (beat_at);
