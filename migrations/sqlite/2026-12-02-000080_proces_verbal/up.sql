-- The jurors' signatures of an exam session's procès-verbal. Each signs the PV's content as it
-- stands (content_sha256: the digest of what the PV shows but the signatures); a correction
-- changes the content, so earlier signatures no longer count and the jury signs again. When the
-- last juror has signed the current content, the PV and one fiche individuelle de résultats per
-- candidate are sealed (sealed_documents, kinds 'proces_verbal' and 'fiche_resultats').
-- Keep in step with migrations/postgres/.
CREATE TABLE pv_signatures (
    id INTEGER PRIMARY KEY,
    exam_session_id BIGINT NOT NULL REFERENCES exam_sessions (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    content_sha256 TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('drawn', 'certified')),
    drawn_svg TEXT,
    signed_at TIMESTAMP NOT NULL,
    client_addr TEXT,
    user_agent TEXT,
    CHECK ((method = 'drawn') = (drawn_svg IS NOT NULL)),
    UNIQUE (exam_session_id, user_id, content_sha256)
);
CREATE INDEX pv_signatures_session ON pv_signatures (exam_session_id, content_sha256);
