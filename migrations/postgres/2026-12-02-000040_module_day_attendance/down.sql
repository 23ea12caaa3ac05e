DROP INDEX sealed_documents_module_session;
DELETE FROM sealed_documents WHERE module_session_id IS NOT NULL;
ALTER TABLE sealed_documents DROP CONSTRAINT sealed_documents_owner;
ALTER TABLE sealed_documents DROP COLUMN module_session_id;
ALTER TABLE sealed_documents ALTER COLUMN cohort_id SET NOT NULL;
DROP TABLE module_session_trainers;
DROP TABLE module_attendance;
