-- The exam session becomes a third owner of attendance half-days (day_kind 'exam_day', day_id →
-- exam_sessions: jurors and candidates sign the exam's attendance as on a training day) and of
-- sealed documents (its day's sheet, the procès-verbal and each candidate's fiche individuelle de
-- résultats). Keep in step with migrations/sqlite/.

ALTER TABLE attendance_half_days DROP CONSTRAINT attendance_half_days_day_kind_check;
ALTER TABLE attendance_half_days ADD CONSTRAINT attendance_half_days_day_kind_check
    CHECK (day_kind IN ('cohort_day', 'module_day', 'exam_day'));

ALTER TABLE sealed_documents DROP CONSTRAINT sealed_documents_kind_check;
ALTER TABLE sealed_documents ADD CONSTRAINT sealed_documents_kind_check
    CHECK (kind IN ('attendance_sheet', 'certificat_realisation', 'attestation_fin_formation',
        'proces_verbal', 'fiche_resultats'));
ALTER TABLE sealed_documents DROP CONSTRAINT sealed_documents_day_kind_check;
ALTER TABLE sealed_documents ADD CONSTRAINT sealed_documents_day_kind_check
    CHECK (day_kind IS NULL OR day_kind IN ('cohort_day', 'module_day', 'exam_day'));
ALTER TABLE sealed_documents ADD COLUMN exam_session_id BIGINT REFERENCES exam_sessions (id);
ALTER TABLE sealed_documents DROP CONSTRAINT sealed_documents_owner;
ALTER TABLE sealed_documents ADD CONSTRAINT sealed_documents_owner
    CHECK ((cohort_id IS NOT NULL)::int + (module_session_id IS NOT NULL)::int
        + (exam_session_id IS NOT NULL)::int = 1);
CREATE INDEX sealed_documents_exam_session ON sealed_documents (exam_session_id, kind);
