-- An accepted justification of category « autre » excuses the absence too: the attendance mark's
-- justification may now be 'other' (it was 'sick_leave' or 'force_majeure' only). SQLite cannot
-- alter a CHECK: the table is rebuilt with the same columns, in the same order.
CREATE TABLE attendance_rebuilt (
    id INTEGER PRIMARY KEY,
    cohort_day_id BIGINT NOT NULL REFERENCES cohort_days (id) ON DELETE CASCADE,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    half_day TEXT NOT NULL CHECK (half_day IN ('am', 'pm')),
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    justification TEXT CHECK (justification IN ('sick_leave', 'force_majeure', 'other')),
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (cohort_day_id, advisor_id, half_day),
    CHECK ((status = 'excused') = (justification IS NOT NULL))
);
INSERT INTO attendance_rebuilt (id, cohort_day_id, advisor_id, half_day, status, justification, recorded_by, recorded_at)
    SELECT id, cohort_day_id, advisor_id, half_day, status, justification, recorded_by, recorded_at FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_rebuilt RENAME TO attendance;
CREATE INDEX attendance_advisor ON attendance (advisor_id);
