DROP TABLE exam_session_steps;
DROP INDEX exam_sessions_agrement;
ALTER TABLE exam_sessions DROP COLUMN responsable_user_id;
ALTER TABLE exam_sessions DROP COLUMN ceres_number;
ALTER TABLE exam_sessions DROP COLUMN kind;
ALTER TABLE exam_sessions DROP COLUMN agrement_id;
DROP TABLE agrements;
