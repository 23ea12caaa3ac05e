CREATE TABLE attendance_rebuilt (
    id INTEGER PRIMARY KEY,
    cohort_day_id BIGINT NOT NULL REFERENCES cohort_days (id) ON DELETE CASCADE,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    half_day TEXT NOT NULL CHECK (half_day IN ('am', 'pm')),
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    justification TEXT CHECK (justification IN ('sick_leave', 'force_majeure')),
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (cohort_day_id, advisor_id, half_day),
    CHECK ((status = 'excused') = (justification IS NOT NULL))
);
INSERT INTO attendance_rebuilt
    SELECT id, cohort_day_id, advisor_id, half_day, status,
           CASE WHEN justification = 'other' THEN 'force_majeure' ELSE justification END,
           recorded_by, recorded_at FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_rebuilt RENAME TO attendance;
CREATE INDEX attendance_advisor ON attendance (advisor_id);
