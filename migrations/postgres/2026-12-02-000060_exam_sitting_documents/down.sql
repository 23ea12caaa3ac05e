DELETE FROM sealed_documents WHERE exam_session_id IS NOT NULL;
ALTER TABLE sealed_documents DROP CONSTRAINT sealed_documents_owner;
DROP INDEX sealed_documents_exam_session;
ALTER TABLE sealed_documents DROP COLUMN exam_session_id;
ALTER TABLE sealed_documents ADD CONSTRAINT sealed_documents_owner
    CHECK ((cohort_id IS NULL) <> (module_session_id IS NULL));
ALTER TABLE sealed_documents DROP CONSTRAINT sealed_documents_day_kind_check;
ALTER TABLE sealed_documents ADD CONSTRAINT sealed_documents_day_kind_check
    CHECK (day_kind IS NULL OR day_kind IN ('cohort_day', 'module_day'));
ALTER TABLE sealed_documents DROP CONSTRAINT sealed_documents_kind_check;
ALTER TABLE sealed_documents ADD CONSTRAINT sealed_documents_kind_check
    CHECK (kind IN ('attendance_sheet', 'certificat_realisation', 'attestation_fin_formation'));
DELETE FROM attendance_half_days WHERE day_kind = 'exam_day';
ALTER TABLE attendance_half_days DROP CONSTRAINT attendance_half_days_day_kind_check;
ALTER TABLE attendance_half_days ADD CONSTRAINT attendance_half_days_day_kind_check
    CHECK (day_kind IN ('cohort_day', 'module_day'));
