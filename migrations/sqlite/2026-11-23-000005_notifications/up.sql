-- Every e-mail a job sent: to whom, what, when, through which transport. One per job, so that a
-- retried job never sends its message twice.
CREATE TABLE emails_sent (
    id INTEGER PRIMARY KEY,
    job_id BIGINT UNIQUE REFERENCES jobs (id),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    transport TEXT NOT NULL CHECK (transport IN ('smtp', 'file')),
    sent_at TIMESTAMP NOT NULL
);
CREATE INDEX emails_sent_recipient ON emails_sent (recipient, sent_at);
