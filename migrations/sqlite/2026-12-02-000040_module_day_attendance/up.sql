-- Attendance proof for module session days, as for cohort training days: marks per half-day
-- (present, absent, excused) from the signatures, the trainers assigned to a module session,
-- and sealed sheets that belong to a module session instead of a cohort. Keep in step with
-- migrations/postgres/.

-- A mark per half-day of a module session day, mirroring `attendance` for cohort days.
CREATE TABLE module_attendance (
    id INTEGER PRIMARY KEY,
    module_session_day_id BIGINT NOT NULL REFERENCES module_session_days (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    half_day TEXT NOT NULL CHECK (half_day IN ('am', 'pm')),
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    justification TEXT CHECK (justification IN ('sick_leave', 'force_majeure', 'other')),
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (module_session_day_id, advisor_id, half_day),
    CHECK ((status = 'excused') = (justification IS NOT NULL))
);
CREATE INDEX module_attendance_advisor ON module_attendance (advisor_id);

-- The trainers of a module session (trainers of its organiser), who open and close its half-days.
CREATE TABLE module_session_trainers (
    session_id BIGINT NOT NULL REFERENCES module_sessions (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX module_session_trainers_user ON module_session_trainers (user_id);

-- A sealed sheet belongs to a cohort or to a module session: cohort_id becomes nullable and
-- module_session_id is added (last, as PostgreSQL's ALTER puts it). SQLite cannot drop a NOT
-- NULL: the table is rebuilt with the same columns in the same order, its rows and indexes kept.
-- The rebuilt table names itself in its self-reference, which the rename carries over.
CREATE TABLE sealed_documents_rebuilt (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('attendance_sheet', 'certificat_realisation', 'attestation_fin_formation')),
    code TEXT NOT NULL UNIQUE,
    cohort_id BIGINT REFERENCES cohorts (id),
    day_kind TEXT CHECK (day_kind IS NULL OR day_kind IN ('cohort_day', 'module_day')),
    day_id BIGINT,
    advisor_id BIGINT REFERENCES advisors (id),
    version INTEGER NOT NULL DEFAULT 1,
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    kid TEXT NOT NULL REFERENCES signing_keys (kid),
    pdf BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    superseded_by BIGINT REFERENCES sealed_documents_rebuilt (id),
    module_session_id BIGINT REFERENCES module_sessions (id),
    CHECK ((cohort_id IS NULL) <> (module_session_id IS NULL))
);
INSERT INTO sealed_documents_rebuilt (id, kind, code, cohort_id, day_kind, day_id, advisor_id,
        version, sha256, signature, kid, pdf, created_at, superseded_by)
    SELECT id, kind, code, cohort_id, day_kind, day_id, advisor_id, version, sha256, signature,
        kid, pdf, created_at, superseded_by
    FROM sealed_documents;
DROP TABLE sealed_documents;
ALTER TABLE sealed_documents_rebuilt RENAME TO sealed_documents;
CREATE INDEX sealed_documents_day ON sealed_documents (kind, day_kind, day_id);
CREATE INDEX sealed_documents_cohort ON sealed_documents (cohort_id, kind);
CREATE INDEX sealed_documents_advisor ON sealed_documents (advisor_id);
CREATE INDEX sealed_documents_module_session ON sealed_documents (module_session_id, kind);
