DELETE FROM sealed_documents WHERE module_session_id IS NOT NULL;
CREATE TABLE sealed_documents_rebuilt (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('attendance_sheet', 'certificat_realisation', 'attestation_fin_formation')),
    code TEXT NOT NULL UNIQUE,
    cohort_id BIGINT NOT NULL REFERENCES cohorts (id),
    day_kind TEXT CHECK (day_kind IS NULL OR day_kind IN ('cohort_day', 'module_day')),
    day_id BIGINT,
    advisor_id BIGINT REFERENCES advisors (id),
    version INTEGER NOT NULL DEFAULT 1,
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    kid TEXT NOT NULL REFERENCES signing_keys (kid),
    pdf BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    superseded_by BIGINT REFERENCES sealed_documents_rebuilt (id)
);
INSERT INTO sealed_documents_rebuilt (id, kind, code, cohort_id, day_kind, day_id, advisor_id,
        version, sha256, signature, kid, pdf, created_at, superseded_by)
    SELECT id, kind, code, cohort_id, day_kind, day_id, advisor_id, version, sha256, signature,
        kid, pdf, created_at, superseded_by
    FROM sealed_documents;
DROP TABLE sealed_documents;
ALTER TABLE sealed_documents_rebuilt RENAME TO sealed_documents;
CREATE INDEX sealed_documents_day ON sealed_documents (kind, day_kind, day_id);
CREATE INDEX sealed_documents_cohort ON sealed_documents (cohort_id, kind);
CREATE INDEX sealed_documents_advisor ON sealed_documents (advisor_id);
DROP TABLE module_session_trainers;
DROP TABLE module_attendance;
