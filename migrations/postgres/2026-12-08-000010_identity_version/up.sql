-- The version of who is behind a session or an API token: one counter, raised by the triggers
-- below in the same transaction as every write that can change a resolved identity (a session
-- ended, a token revoked or its expiry changed, an account, its memberships or coordinations, an
-- organisation's name). Each app instance keeps the identities it resolved under this number
-- (`services::identity_cache`): a request reads one row instead of the token, the account and
-- its memberships, and a revocation, from any instance or a command, is seen by the next
-- request. New sessions and tokens do not raise it (nothing kept can name them), nor does a
-- token's hourly note of its last use.
--
-- Deferred to the commit and raised once per transaction, as `dashboard_versions` is.
CREATE TABLE identity_versions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO identity_versions (id, version) VALUES (1, 0);

CREATE FUNCTION identity_version_raise() RETURNS trigger AS $$
BEGIN
    IF current_setting('parcours.identity_raised', true) IS DISTINCT FROM '1' THEN
        UPDATE identity_versions SET version = version + 1 WHERE id = 1;
        PERFORM set_config('parcours.identity_raised', '1', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER sessions_identity_version
    AFTER UPDATE OR DELETE ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity_version_raise();
CREATE CONSTRAINT TRIGGER api_tokens_identity_version
    AFTER UPDATE OF user_id, token_hash, revoked_at, expires_at OR DELETE ON api_tokens
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity_version_raise();
CREATE CONSTRAINT TRIGGER users_identity_version
    AFTER INSERT OR UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity_version_raise();
CREATE CONSTRAINT TRIGGER memberships_identity_version
    AFTER INSERT OR UPDATE OR DELETE ON memberships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity_version_raise();
CREATE CONSTRAINT TRIGGER organisation_coordinations_identity_version
    AFTER INSERT OR UPDATE OR DELETE ON organisation_coordinations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity_version_raise();
CREATE CONSTRAINT TRIGGER organisations_identity_version
    AFTER UPDATE OR DELETE ON organisations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION identity_version_raise();
