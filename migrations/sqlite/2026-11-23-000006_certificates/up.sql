-- Certificates (attestations de réussite) with their public verification code, and the lookups
-- counted for the verification rate limit. Keep in step with migrations/postgres/.

-- What the PDF says is kept beside it (a snapshot), so that the public check shows what the
-- holder was given even if the advisor's record changes later. The PDF itself is stored in the
-- database, so that every app instance can serve it.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('ccp', 'title')),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    candidate_id BIGINT UNIQUE REFERENCES exam_candidates (id),
    title_award_id BIGINT UNIQUE REFERENCES title_awards (id),
    holder_name TEXT NOT NULL,
    holder_birth_date DATE NOT NULL,
    certification TEXT NOT NULL,
    certification_code TEXT NOT NULL,
    title_version TEXT NOT NULL,
    result_date DATE NOT NULL,
    jury_session TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issued_on DATE NOT NULL,
    pdf BLOB NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT,
    revoked_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'ccp') = (candidate_id IS NOT NULL)),
    CHECK ((kind = 'title') = (title_award_id IS NOT NULL)),
    CHECK (revoked_at IS NULL OR revoked_reason IS NOT NULL)
);
CREATE INDEX certificates_advisor ON certificates (advisor_id, issued_on);

-- Public verification lookups per client address (the rate limit holds across instances).
CREATE TABLE verification_lookups (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    looked_up_at TIMESTAMP NOT NULL
);
CREATE INDEX verification_lookups_address ON verification_lookups (address, looked_up_at);
