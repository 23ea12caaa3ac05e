-- Accessibility audits recorded by an admin (the déclaration d'accessibilité follows the last);
-- the module-deadline reminders sent by staff (« relancer »), one per advisor per week.
CREATE TABLE accessibility_audits (
    id BIGSERIAL PRIMARY KEY,
    audited_on DATE NOT NULL,
    auditor TEXT NOT NULL,
    rate DOUBLE PRECISION NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
-- The last « relance » of each advisor: its primary key makes the weekly limit hold across
-- instances (a second one is claimed only by moving last_sent_at forward by at least 7 days).
CREATE TABLE deadline_relances (
    advisor_id BIGINT PRIMARY KEY REFERENCES advisors(id),
    last_sent_at TIMESTAMP NOT NULL,
    sent_by BIGINT REFERENCES users(id),
    with_host BOOLEAN NOT NULL DEFAULT FALSE
);
