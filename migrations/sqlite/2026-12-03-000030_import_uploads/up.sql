-- A file uploaded on the import page, kept server-side between its dry run and its import:
-- usable only by the user who uploaded it, once (`used_at`), for what it was uploaded for
-- (`kind` advisors, or candidates of exam session `target_id`). Keep in step with the other backend.
CREATE TABLE import_uploads (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('advisors', 'candidates')),
    target_id BIGINT,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX import_uploads_user ON import_uploads (user_id);
