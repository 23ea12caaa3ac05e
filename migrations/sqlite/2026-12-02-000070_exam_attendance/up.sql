-- Attendance of an exam day (the exam session itself is the day, its jurors open and close its
-- half-days): a mark per half-day of each registered candidate, mirroring `module_attendance`.
-- Keep in step with migrations/postgres/.
CREATE TABLE exam_attendance (
    id INTEGER PRIMARY KEY,
    exam_session_id BIGINT NOT NULL REFERENCES exam_sessions (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    half_day TEXT NOT NULL CHECK (half_day IN ('am', 'pm')),
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    justification TEXT CHECK (justification IN ('sick_leave', 'force_majeure', 'other')),
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (exam_session_id, advisor_id, half_day),
    CHECK ((status = 'excused') = (justification IS NOT NULL))
);
CREATE INDEX exam_attendance_advisor ON exam_attendance (advisor_id);
