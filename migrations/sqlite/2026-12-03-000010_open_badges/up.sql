-- Attestations as Open Badges 3.0 credentials: each attestation's credential gets, when first
-- downloaded, its id, the salt of the holder's hashed e-mail and a place in a revocation status
-- list (W3C Bitstring Status List); the lists' bits are stored and flipped in the revocation's
-- transaction. Keep in step with migrations/postgres/.

CREATE TABLE badge_status_lists (
    id BIGINT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('revocation')),
    bits BLOB NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE badge_credentials (
    certificate_id BIGINT PRIMARY KEY REFERENCES certificates (id),
    credential_id TEXT NOT NULL UNIQUE,
    salt TEXT NOT NULL,
    status_list BIGINT NOT NULL REFERENCES badge_status_lists (id),
    status_index BIGINT NOT NULL CHECK (status_index >= 0),
    issued_at TIMESTAMP NOT NULL,
    UNIQUE (status_list, status_index)
);
