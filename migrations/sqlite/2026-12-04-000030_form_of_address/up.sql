-- How each user wishes to be addressed: madame, monsieur or neutral (the default).
ALTER TABLE users ADD COLUMN form_of_address TEXT NOT NULL DEFAULT 'neutral';

-- A form refused on POST, kept for the one GET its redirect leads to (post/redirect/get):
-- the page as rendered with what was typed and the messages, keyed by the digest of a
-- short-lived cookie.
CREATE TABLE form_replays (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    html TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX form_replays_created ON form_replays (created_at);
