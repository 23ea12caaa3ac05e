-- The version of who is behind a session or an API token: one counter, raised by the triggers
-- below in the same transaction as every write that can change a resolved identity (a session
-- ended, a token revoked or its expiry changed, an account, its memberships or coordinations, an
-- organisation's name). A server keeps the identities it resolved under this number
-- (`services::identity_cache`): a request reads one row instead of the token, the account and
-- its memberships, and a revocation, from this server, another one or a command, is seen by the
-- next request. New sessions and tokens do not raise it (nothing kept can name them), nor does a
-- token's hourly note of its last use.
CREATE TABLE identity_versions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO identity_versions (id, version) VALUES (1, 0);

CREATE TRIGGER sessions_identity_update AFTER UPDATE ON sessions
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER sessions_identity_delete AFTER DELETE ON sessions
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_identity_update AFTER UPDATE OF user_id, token_hash, revoked_at, expires_at ON api_tokens
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_identity_delete AFTER DELETE ON api_tokens
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_identity_insert AFTER INSERT ON users
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_identity_update AFTER UPDATE ON users
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_identity_delete AFTER DELETE ON users
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_identity_insert AFTER INSERT ON memberships
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_identity_update AFTER UPDATE ON memberships
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_identity_delete AFTER DELETE ON memberships
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisation_coordinations_identity_insert AFTER INSERT ON organisation_coordinations
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisation_coordinations_identity_update AFTER UPDATE ON organisation_coordinations
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisation_coordinations_identity_delete AFTER DELETE ON organisation_coordinations
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_identity_update AFTER UPDATE ON organisations
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_identity_delete AFTER DELETE ON organisations
BEGIN UPDATE identity_versions SET version = version + 1 WHERE id = 1; END;
