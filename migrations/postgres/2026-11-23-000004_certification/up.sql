-- Certification: habilitations, host agreements, exam sessions, juries, candidates, results and
-- the titles obtained. Keep in step with migrations/sqlite/.

CREATE TABLE habilitations (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    certification_id BIGINT NOT NULL REFERENCES certifications (id),
    valid_from DATE NOT NULL,
    valid_to DATE,
    granted_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX habilitations_user ON habilitations (user_id, certification_id);

CREATE TABLE host_agreements (
    id BIGSERIAL PRIMARY KEY,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id) ON DELETE CASCADE,
    agreed_on DATE NOT NULL,
    agreed_by TEXT NOT NULL CHECK (agreed_by <> ''),
    recorded_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX host_agreements_advisor ON host_agreements (advisor_id);

CREATE TABLE exam_sessions (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    certification_id BIGINT NOT NULL REFERENCES certifications (id),
    territory_code TEXT NOT NULL REFERENCES territories (code),
    timezone TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    venue TEXT,
    room TEXT,
    remote BOOLEAN NOT NULL DEFAULT FALSE,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    confirmed_by BIGINT REFERENCES users (id),
    confirmed_at TIMESTAMP,
    published_by BIGINT REFERENCES users (id),
    published_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    cancel_reason TEXT,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (remote OR venue IS NOT NULL),
    CHECK (cancelled_at IS NULL OR cancel_reason IS NOT NULL)
);
CREATE INDEX exam_sessions_starts ON exam_sessions (starts_at, id);
CREATE INDEX exam_sessions_organisation ON exam_sessions (organisation_id, starts_at);

CREATE TABLE exam_examiners (
    session_id BIGINT NOT NULL REFERENCES exam_sessions (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX exam_examiners_user ON exam_examiners (user_id);

CREATE TABLE exam_candidates (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES exam_sessions (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    route TEXT NOT NULL CHECK (route IN ('training', 'vae')),
    late_reason TEXT,
    delay_reason TEXT,
    extra_time_percent INTEGER NOT NULL DEFAULT 0 CHECK (extra_time_percent BETWEEN 0 AND 100),
    accommodation_notes TEXT,
    registered_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, advisor_id)
);
CREATE INDEX exam_candidates_advisor ON exam_candidates (advisor_id);

CREATE TABLE exam_results (
    id BIGSERIAL PRIMARY KEY,
    candidate_id BIGINT NOT NULL UNIQUE REFERENCES exam_candidates (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('validated', 'not_validated', 'absent')),
    absence_justified BOOLEAN NOT NULL DEFAULT FALSE,
    reasons TEXT,
    comment_for_candidate TEXT,
    comment_for_organisation TEXT,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    corrected_at TIMESTAMP,
    correction_reason TEXT,
    CHECK (outcome = 'absent' OR absence_justified = FALSE)
);

CREATE TABLE title_awards (
    id BIGSERIAL PRIMARY KEY,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    title_id BIGINT NOT NULL REFERENCES titles (id),
    awarded_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (advisor_id, title_id)
);

-- The Pix certification is Pix's own exam: parcours records its result as Pix reports it.
CREATE TABLE pix_results (
    id BIGSERIAL PRIMARY KEY,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id) ON DELETE CASCADE,
    taken_on DATE NOT NULL,
    score INTEGER NOT NULL CHECK (score >= 0),
    verification_code TEXT NOT NULL CHECK (verification_code <> ''),
    recorded_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (verification_code)
);
CREATE INDEX pix_results_advisor ON pix_results (advisor_id);
