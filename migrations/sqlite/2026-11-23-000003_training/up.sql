-- Training: cohort schedules, enrolments, attendance, thematic module sessions, the module
-- deadline, and the jobs table. Keep in step with migrations/sqlite/.

-- Advisors carry their module-deadline figures, maintained by the services in the same
-- transaction as every enrolment or attendance change, so that the deadline dashboard filters
-- and counts in SQL. `at_risk_from` and `late_from` are the UTC instants at which the status
-- changes, computed in the advisor's own zone.
ALTER TABLE advisors ADD COLUMN module_exempt BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE advisors ADD COLUMN training_entry_date DATE;
ALTER TABLE advisors ADD COLUMN module_deadline DATE;
ALTER TABLE advisors ADD COLUMN at_risk_from TIMESTAMP;
ALTER TABLE advisors ADD COLUMN late_from TIMESTAMP;
ALTER TABLE advisors ADD COLUMN modules_completed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE advisors ADD COLUMN modules_booked INTEGER NOT NULL DEFAULT 0;
-- The dashboard's order: nearest deadline first, advisors not yet in training last (the same on
-- both engines, which sort NULLs differently).
ALTER TABLE advisors ADD COLUMN deadline_order DATE NOT NULL DEFAULT '9999-12-31';
CREATE INDEX advisors_deadline ON advisors (deadline_order, id);
-- Covers the dashboard's count by status, so that it reads the index alone.
CREATE INDEX advisors_progress ON advisors (organisation_id, territory_code, training_entry_date,
    modules_completed, modules_booked, late_from, at_risk_from, host_structure_id);

CREATE TABLE cohort_days (
    id INTEGER PRIMARY KEY,
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    start_time TIME NOT NULL,
    end_time TIME NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    venue TEXT,
    remote BOOLEAN NOT NULL DEFAULT FALSE,
    sequence INTEGER NOT NULL DEFAULT 0,
    cancelled_at TIMESTAMP,
    cancel_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (end_time > start_time),
    CHECK (ends_at > starts_at),
    CHECK (cancelled_at IS NULL OR cancel_reason IS NOT NULL)
);
CREATE INDEX cohort_days_cohort ON cohort_days (cohort_id, day);
CREATE INDEX cohort_days_starts ON cohort_days (starts_at);

CREATE TABLE cohort_enrolments (
    id INTEGER PRIMARY KEY,
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    joined_on DATE NOT NULL,
    training_entry_date DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
    funded BOOLEAN NOT NULL DEFAULT TRUE,
    withdrawn_at TIMESTAMP,
    withdrawal_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (training_entry_date >= joined_on),
    CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE INDEX cohort_enrolments_cohort ON cohort_enrolments (cohort_id, status);
CREATE INDEX cohort_enrolments_advisor ON cohort_enrolments (advisor_id, status);

CREATE TABLE attendance (
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
CREATE INDEX attendance_advisor ON attendance (advisor_id);

CREATE TABLE module_sessions (
    id INTEGER PRIMARY KEY,
    module_id BIGINT NOT NULL REFERENCES modules (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    territory_code TEXT NOT NULL REFERENCES territories (code),
    timezone TEXT NOT NULL,
    venue TEXT,
    remote BOOLEAN NOT NULL DEFAULT FALSE,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    cancelled_at TIMESTAMP,
    cancel_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (remote OR venue IS NOT NULL),
    CHECK (cancelled_at IS NULL OR cancel_reason IS NOT NULL)
);
CREATE INDEX module_sessions_starts ON module_sessions (starts_at, id);
CREATE INDEX module_sessions_module ON module_sessions (module_id, starts_at);
CREATE INDEX module_sessions_territory ON module_sessions (territory_code, starts_at);
CREATE INDEX module_sessions_organisation ON module_sessions (organisation_id, starts_at);

CREATE TABLE module_session_days (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES module_sessions (id) ON DELETE CASCADE,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX module_session_days_session ON module_session_days (session_id, starts_at);

CREATE TABLE module_enrolments (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES module_sessions (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'withdrawn')),
    funded BOOLEAN NOT NULL,
    attended BOOLEAN,
    promoted_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    withdrawal_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE INDEX module_enrolments_session ON module_enrolments (session_id, status, created_at, id);
CREATE INDEX module_enrolments_advisor ON module_enrolments (advisor_id, status);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_after TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead', 'cancelled')),
    last_error TEXT,
    dedupe_key TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_ready ON jobs (state, run_after, id);
CREATE INDEX jobs_kind ON jobs (kind, state);
