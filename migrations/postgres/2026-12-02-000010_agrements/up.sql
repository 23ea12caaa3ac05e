-- The exam centre's agréments (one title version, one site, one period, from the DREETS), the
-- session's file (kind, CERES number, responsable, agrément) and its dated steps. Sessions
-- recorded before keep no agrément (« sans agrément ») and the kind `session_ccp`.
-- Keep in step with migrations/sqlite/.

CREATE TABLE agrements (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    title_id BIGINT NOT NULL REFERENCES titles (id),
    number TEXT NOT NULL CHECK (number <> ''),
    site_lines TEXT NOT NULL CHECK (site_lines <> ''),
    site_postcode TEXT NOT NULL,
    site_city TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    dreets_unit TEXT NOT NULL CHECK (dreets_unit <> ''),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (valid_until >= valid_from),
    UNIQUE (organisation_id, number)
);
CREATE INDEX agrements_organisation ON agrements (organisation_id, title_id);

ALTER TABLE exam_sessions ADD COLUMN agrement_id BIGINT REFERENCES agrements (id);
ALTER TABLE exam_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'session_ccp'
    CHECK (kind IN ('session_titre', 'session_ccp'));
ALTER TABLE exam_sessions ADD COLUMN ceres_number TEXT;
ALTER TABLE exam_sessions ADD COLUMN responsable_user_id BIGINT REFERENCES users (id);
CREATE INDEX exam_sessions_agrement ON exam_sessions (agrement_id);

CREATE TABLE exam_session_steps (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES exam_sessions (id) ON DELETE CASCADE,
    step TEXT NOT NULL CHECK (step IN ('declared', 'evaluation_ordered', 'evaluation_received',
        'jury_invited', 'convocations_sent', 'rules_shown', 'results_keyed', 'pv_signed',
        'pv_sent', 'pv_validated')),
    done_on DATE NOT NULL,
    done_by BIGINT REFERENCES users (id),
    detail TEXT,
    channel TEXT CHECK (channel IN ('email', 'post', 'platform', 'hand')),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, step),
    CHECK (step <> 'pv_sent' OR channel IS NOT NULL)
);
