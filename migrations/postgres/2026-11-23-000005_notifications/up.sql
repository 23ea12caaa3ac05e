-- Every e-mail a job sent: to whom, what, when, through which transport. One per job, so that a
-- retried job never sends its message twice.
CREATE TABLE emails_sent (
    id BIGSERIAL PRIMARY KEY,
    job_id BIGINT UNIQUE REFERENCES jobs (id),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    transport TEXT NOT NULL CHECK (transport IN ('smtp', 'file')),
    sent_at TIMESTAMP NOT NULL
);
CREATE INDEX emails_sent_recipient ON emails_sent (recipient, sent_at);

-- Personal calendar feeds at a secret URL (/calendar/{token}.ics), revocable.
CREATE TABLE calendar_feeds (
    token TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);
