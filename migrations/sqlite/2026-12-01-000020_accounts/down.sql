ALTER TABLE calendar_feeds DROP COLUMN hashed;
DROP TABLE password_reset_requests;
DROP TABLE password_resets;
ALTER TABLE api_tokens DROP COLUMN expires_at;
