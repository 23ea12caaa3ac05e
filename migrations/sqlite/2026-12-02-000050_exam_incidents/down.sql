ALTER TABLE exam_sessions DROP COLUMN anti_fraud_measures;
ALTER TABLE exam_candidates DROP COLUMN remote_modality;
DROP TABLE exam_incident_candidates;
DROP TABLE exam_incidents;
