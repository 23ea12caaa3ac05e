DELETE FROM sealed_documents WHERE exam_session_id IS NOT NULL;
CREATE TABLE sealed_documents_rebuilt (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('attendance_sheet', 'certificat_realisation', 'attestation_fin_formation')),
    code TEXT NOT NULL UNIQUE,
    cohort_id BIGINT REFERENCES cohorts (id),
    day_kind TEXT CHECK (day_kind IS NULL OR day_kind IN ('cohort_day', 'module_day')),
    day_id BIGINT,
    advisor_id BIGINT REFERENCES advisors (id),
    version INTEGER NOT NULL DEFAULT 1,
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    kid TEXT NOT NULL REFERENCES signing_keys (kid),
    pdf BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    superseded_by BIGINT REFERENCES sealed_documents_rebuilt (id),
    module_session_id BIGINT REFERENCES module_sessions (id),
    CHECK ((cohort_id IS NULL) <> (module_session_id IS NULL))
);
INSERT INTO sealed_documents_rebuilt (id, kind, code, cohort_id, day_kind, day_id, advisor_id,
        version, sha256, signature, kid, pdf, created_at, superseded_by, module_session_id)
    SELECT id, kind, code, cohort_id, day_kind, day_id, advisor_id, version, sha256, signature,
        kid, pdf, created_at, superseded_by, module_session_id
    FROM sealed_documents;
DROP TABLE sealed_documents;
ALTER TABLE sealed_documents_rebuilt RENAME TO sealed_documents;
CREATE INDEX sealed_documents_day ON sealed_documents (kind, day_kind, day_id);
CREATE INDEX sealed_documents_cohort ON sealed_documents (cohort_id, kind);
CREATE INDEX sealed_documents_advisor ON sealed_documents (advisor_id);
CREATE INDEX sealed_documents_module_session ON sealed_documents (module_session_id, kind);

DELETE FROM attendance_half_days WHERE day_kind = 'exam_day';
CREATE TABLE attendance_half_days_rebuilt (
    id INTEGER PRIMARY KEY,
    day_kind TEXT NOT NULL CHECK (day_kind IN ('cohort_day', 'module_day')),
    day_id BIGINT NOT NULL,
    half_day TEXT NOT NULL CHECK (half_day IN ('am', 'pm')),
    self_sign_on_site BOOLEAN NOT NULL DEFAULT FALSE,
    paper BOOLEAN NOT NULL DEFAULT FALSE,
    scanned_sheet_id BIGINT REFERENCES stored_files (id),
    closed_at TIMESTAMP,
    closed_by BIGINT REFERENCES users (id),
    UNIQUE (day_kind, day_id, half_day)
);
INSERT INTO attendance_half_days_rebuilt (id, day_kind, day_id, half_day, self_sign_on_site,
        paper, scanned_sheet_id, closed_at, closed_by)
    SELECT id, day_kind, day_id, half_day, self_sign_on_site, paper, scanned_sheet_id, closed_at,
        closed_by
    FROM attendance_half_days;
DROP TABLE attendance_half_days;
ALTER TABLE attendance_half_days_rebuilt RENAME TO attendance_half_days;
