DROP TRIGGER organisations_identity_version ON organisations;
DROP TRIGGER organisation_coordinations_identity_version ON organisation_coordinations;
DROP TRIGGER memberships_identity_version ON memberships;
DROP TRIGGER users_identity_version ON users;
DROP TRIGGER api_tokens_identity_version ON api_tokens;
DROP TRIGGER sessions_identity_version ON sessions;
DROP FUNCTION identity_version_raise();
DROP TABLE identity_versions;
