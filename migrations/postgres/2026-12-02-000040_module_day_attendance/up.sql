-- Attendance proof for module session days, as for cohort training days: marks per half-day
-- (present, absent, excused) from the signatures, the trainers assigned to a module session,
-- and sealed sheets that belong to a module session instead of a cohort. Keep in step with
-- migrations/sqlite/.

-- A mark per half-day of a module session day, mirroring `attendance` for cohort days.
CREATE TABLE module_attendance (
    id BIGSERIAL PRIMARY KEY,
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

-- A sealed sheet belongs to a cohort or to a module session.
ALTER TABLE sealed_documents ALTER COLUMN cohort_id DROP NOT NULL;
ALTER TABLE sealed_documents ADD COLUMN module_session_id BIGINT REFERENCES module_sessions (id);
ALTER TABLE sealed_documents ADD CONSTRAINT sealed_documents_owner
    CHECK ((cohort_id IS NULL) <> (module_session_id IS NULL));
CREATE INDEX sealed_documents_module_session ON sealed_documents (module_session_id, kind);
