-- The exam day's incident log (it feeds the procès-verbal and the remote experiment's report),
-- each candidate's remote modality in a remote session (arrêté du 14 novembre 2024: the PV gives
-- « la modalité de passage à distance » candidate by candidate) and the session's anti-fraud
-- measures. Keep in step with migrations/sqlite/.
CREATE TABLE exam_incidents (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES exam_sessions (id) ON DELETE CASCADE,
    category TEXT NOT NULL
        CHECK (category IN ('technical', 'identity', 'fraud', 'disruption', 'health', 'other')),
    description TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX exam_incidents_session ON exam_incidents (session_id, occurred_at);

CREATE TABLE exam_incident_candidates (
    incident_id BIGINT NOT NULL REFERENCES exam_incidents (id) ON DELETE CASCADE,
    candidate_id BIGINT NOT NULL REFERENCES exam_candidates (id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, candidate_id)
);
CREATE INDEX exam_incident_candidates_candidate ON exam_incident_candidates (candidate_id);

ALTER TABLE exam_candidates ADD COLUMN remote_modality TEXT
    CHECK (remote_modality IN ('video_home', 'video_site', 'on_site'));
ALTER TABLE exam_sessions ADD COLUMN anti_fraud_measures TEXT;
