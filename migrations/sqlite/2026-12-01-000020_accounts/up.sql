-- Account lifecycle: API tokens expire, passwords are reset by e-mail, calendar feed tokens are
-- stored as their SHA-256 like every other secret.

-- Tokens issued before this migration expire 90 days from it; new ones get
-- PARCOURS_TOKEN_TTL_DAYS. A token without an expiry never authenticates.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
UPDATE api_tokens SET expires_at = datetime('now', '+90 days') WHERE expires_at IS NULL;

-- "Mot de passe oublié": one row per request for an existing account. The secret of the link is
-- drawn when the e-mail is written (so it is never stored in clear, not even in the job), and
-- only its SHA-256 is kept; the link is valid one hour and once.
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Every reset request per e-mail address, known or not (the per-address limit holds across
-- instances and says nothing about which accounts exist).
CREATE TABLE password_reset_requests (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    requested_at TIMESTAMP NOT NULL
);
CREATE INDEX password_reset_requests_email ON password_reset_requests (email, requested_at);

-- Feed tokens written before this migration are in clear (hashed = false) until the start-up
-- step replaces each by its digest (services::calendar_feed::upgrade_legacy_tokens).
ALTER TABLE calendar_feeds ADD COLUMN hashed BOOLEAN NOT NULL DEFAULT FALSE;
