-- Foundation schema: reference data, people, access and audit.
-- Keep in step with migrations/sqlite/ (same tables, columns and constraints).

CREATE TABLE territories (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    timezone TEXT NOT NULL,
    overseas BOOLEAN NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisations (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE CHECK (slug <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('national_coordinator', 'training_body', 'host_structure')),
    territory_code TEXT REFERENCES territories (code),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX organisations_kind_name ON organisations (kind, name);
CREATE INDEX organisations_territory ON organisations (territory_code);

CREATE TABLE organisation_roles (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('national_coordinator', 'initial_training', 'ccp1_exam_organiser',
        'module_catalogue_owner', 'module_provider', 'ccp23_course_provider', 'host_structure')),
    PRIMARY KEY (organisation_id, role)
);
CREATE INDEX organisation_roles_role ON organisation_roles (role, organisation_id);

CREATE TABLE organisation_territories (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    territory_code TEXT NOT NULL REFERENCES territories (code),
    PRIMARY KEY (organisation_id, territory_code)
);
CREATE INDEX organisation_territories_territory ON organisation_territories (territory_code);

CREATE TABLE organisation_coordinations (
    coordinator_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (coordinator_id, organisation_id),
    CHECK (coordinator_id <> organisation_id)
);
CREATE INDEX organisation_coordinations_org ON organisation_coordinations (organisation_id);

CREATE TABLE titles (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE,
    UNIQUE (code, version),
    CHECK (valid_until IS NULL OR valid_until > valid_from)
);

CREATE TABLE certifications (
    id BIGSERIAL PRIMARY KEY,
    title_id BIGINT REFERENCES titles (id),
    code TEXT NOT NULL CHECK (code IN ('CCP1', 'CCP2', 'CCP3', 'PIX')),
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (title_id, code),
    CHECK ((code = 'PIX') = (title_id IS NULL))
);

CREATE TABLE positioning_scales (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    score_min INTEGER NOT NULL,
    score_max INTEGER NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (score_max > score_min)
);

CREATE TABLE tracks (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
    hours INTEGER NOT NULL CHECK (hours > 0),
    scale_id BIGINT REFERENCES positioning_scales (id),
    score_min INTEGER,
    score_max INTEGER,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    CHECK ((score_min IS NULL AND score_max IS NULL AND scale_id IS NULL)
        OR (score_min IS NOT NULL AND score_max IS NOT NULL AND scale_id IS NOT NULL AND score_min <= score_max))
);

CREATE TABLE advisors (
    id BIGSERIAL PRIMARY KEY,
    first_name TEXT NOT NULL CHECK (first_name <> ''),
    last_name TEXT NOT NULL CHECK (last_name <> ''),
    email TEXT NOT NULL UNIQUE,
    phone TEXT,
    birth_date DATE NOT NULL,
    territory_code TEXT NOT NULL REFERENCES territories (code),
    timezone TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    host_structure_id BIGINT REFERENCES organisations (id),
    hired_on DATE NOT NULL,
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    civic_service BOOLEAN NOT NULL DEFAULT FALSE,
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX advisors_name ON advisors (last_name, first_name, id);
CREATE INDEX advisors_territory ON advisors (territory_code, last_name, first_name);
CREATE INDEX advisors_organisation ON advisors (organisation_id, last_name, first_name);
CREATE INDEX advisors_host_structure ON advisors (host_structure_id);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (name <> ''),
    password_hash TEXT NOT NULL,
    advisor_id BIGINT UNIQUE REFERENCES advisors (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id BIGINT REFERENCES organisations (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'staff', 'trainer', 'examiner', 'advisor')),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, organisation_id, role),
    CHECK ((role IN ('admin', 'advisor') AND organisation_id IS NULL)
        OR (role NOT IN ('admin', 'advisor') AND organisation_id IS NOT NULL))
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_organisation ON memberships (organisation_id, role);

CREATE TABLE positioning_tests (
    id BIGSERIAL PRIMARY KEY,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id) ON DELETE CASCADE,
    organisation_id BIGINT REFERENCES organisations (id),
    taken_on DATE NOT NULL,
    score INTEGER NOT NULL,
    scale_id BIGINT NOT NULL REFERENCES positioning_scales (id),
    track_id BIGINT NOT NULL REFERENCES tracks (id),
    recorded_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX positioning_tests_advisor ON positioning_tests (advisor_id, taken_on);

CREATE TABLE cohorts (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('initial', 'ccp23')),
    track_id BIGINT REFERENCES tracks (id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    territory_code TEXT NOT NULL REFERENCES territories (code),
    timezone TEXT NOT NULL,
    venue TEXT,
    remote BOOLEAN NOT NULL DEFAULT FALSE,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    cancelled_at TIMESTAMP,
    cancel_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on > starts_on),
    CHECK (kind = 'ccp23' OR track_id IS NOT NULL),
    CHECK (remote OR venue IS NOT NULL)
);
CREATE INDEX cohorts_organisation ON cohorts (organisation_id, starts_on);
CREATE INDEX cohorts_starts_on ON cohorts (starts_on, id);
CREATE INDEX cohorts_territory ON cohorts (territory_code, starts_on);

CREATE TABLE cohort_trainers (
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_trainers_user ON cohort_trainers (user_id);

CREATE TABLE modules (
    id BIGSERIAL PRIMARY KEY,
    owner_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    theme TEXT NOT NULL CHECK (theme <> ''),
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    hours INTEGER NOT NULL CHECK (hours IN (7, 14)),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    example BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (owner_organisation_id, title)
);
CREATE INDEX modules_theme ON modules (theme, title);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_attempts (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, attempted_at);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    reason TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_at ON audit_log (at);
