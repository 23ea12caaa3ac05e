-- Attendance that counts as proof (R6313-3, « tout élément probant »): signature events per
-- half-day, closing and corrections, absences with their evidence, sealed sheets signed with the
-- instance's Ed25519 key, and the files behind them. Keep in step with migrations/postgres/.

-- Uploaded files (absence proofs, scanned paper sheets) live in the database, so that every
-- instance on one PostgreSQL sees them. Their type is read from their bytes.
CREATE TABLE stored_files (
    id BIGSERIAL PRIMARY KEY,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes BIGINT NOT NULL,
    original_name TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);

-- One half-day of a training day (day_kind 'cohort_day', day_id → cohort_days) or of a module
-- session day ('module_day' → module_session_days), created when first needed. The trainer may
-- allow self-signing on site; a paper half-day needs its scanned sheet to close; the trainer's
-- signature closes it (statuses are then frozen: changes need a reason).
CREATE TABLE attendance_half_days (
    id BIGSERIAL PRIMARY KEY,
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

-- A signature event: a trainee's (advisor_id set) or a trainer's. user_id is the signed-in person
-- whose session made it (the advisor; in the kiosk, the trainer's device). on_site_proof is false
-- for a self-signature of an on-site half-day (« sans preuve de présence sur place »).
CREATE TABLE attendance_signatures (
    id BIGSERIAL PRIMARY KEY,
    half_day_id BIGINT NOT NULL REFERENCES attendance_half_days (id),
    signer_role TEXT NOT NULL CHECK (signer_role IN ('trainee', 'trainer')),
    advisor_id BIGINT REFERENCES advisors (id),
    user_id BIGINT REFERENCES users (id),
    method TEXT NOT NULL CHECK (method IN ('self', 'qr', 'kiosk', 'paper')),
    on_site_proof BOOLEAN NOT NULL,
    signed_at TIMESTAMP NOT NULL,
    client_addr TEXT,
    user_agent TEXT,
    drawn_svg TEXT,
    CHECK ((signer_role = 'trainee') = (advisor_id IS NOT NULL))
);
CREATE UNIQUE INDEX attendance_signatures_trainee
    ON attendance_signatures (half_day_id, advisor_id) WHERE signer_role = 'trainee';
CREATE UNIQUE INDEX attendance_signatures_trainer
    ON attendance_signatures (half_day_id, user_id) WHERE signer_role = 'trainer';
CREATE INDEX attendance_signatures_advisor ON attendance_signatures (advisor_id);

-- A change of status after the half-day was closed: its reason, who and when.
CREATE TABLE attendance_corrections (
    id BIGSERIAL PRIMARY KEY,
    half_day_id BIGINT NOT NULL REFERENCES attendance_half_days (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    before_status TEXT,
    after_status TEXT NOT NULL,
    reason TEXT NOT NULL,
    corrected_by BIGINT REFERENCES users (id),
    corrected_at TIMESTAMP NOT NULL
);
CREATE INDEX attendance_corrections_half_day ON attendance_corrections (half_day_id);

-- An absence's justification: a proof (health data for a sick note: read by the advisor and the
-- deciding staff only, each read audited), its category, and the staff's decision.
CREATE TABLE absence_justifications (
    id BIGSERIAL PRIMARY KEY,
    half_day_id BIGINT NOT NULL REFERENCES attendance_half_days (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    category TEXT NOT NULL CHECK (category IN ('sick_leave', 'force_majeure', 'other')),
    motive TEXT,
    file_id BIGINT NOT NULL REFERENCES stored_files (id),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
    submitted_by BIGINT REFERENCES users (id),
    submitted_at TIMESTAMP NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_reason TEXT,
    CHECK (category <> 'other' OR motive IS NOT NULL)
);
CREATE INDEX absence_justifications_half_day ON absence_justifications (half_day_id, advisor_id);
CREATE INDEX absence_justifications_advisor ON absence_justifications (advisor_id);

-- A QR scan starts a signing step that survives a login: its secret is shown once (in the
-- redirect), stored as SHA-256; it is bound to the first signed-in person who opens it.
CREATE TABLE signing_steps (
    id BIGSERIAL PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    half_day_id BIGINT NOT NULL REFERENCES attendance_half_days (id),
    user_id BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

-- The instance's Ed25519 keys (shared by every instance): the newest unretired one signs; every
-- key is published in the JWKS until the retention of what it signed has passed.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    secret_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);

-- Sealed documents: the day's attendance sheet per cohort (a correction makes a new version and
-- the old one points to it), certificats de réalisation and attestations de fin de formation.
-- The PDF's SHA-256 is signed with the instance key; the code is checked at /verify.
CREATE TABLE sealed_documents (
    id BIGSERIAL PRIMARY KEY,
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
    pdf BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL,
    superseded_by BIGINT REFERENCES sealed_documents (id)
);
CREATE INDEX sealed_documents_day ON sealed_documents (kind, day_kind, day_id);
CREATE INDEX sealed_documents_cohort ON sealed_documents (cohort_id, kind);
CREATE INDEX sealed_documents_advisor ON sealed_documents (advisor_id);

-- A trainer assigned to one day of a cohort only (a guest trainer), beside the cohort's trainers.
CREATE TABLE cohort_day_trainers (
    cohort_day_id BIGINT NOT NULL REFERENCES cohort_days (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (cohort_day_id, user_id)
);
CREATE INDEX cohort_day_trainers_user ON cohort_day_trainers (user_id);

-- Retention: actions co-funded by the ESF keep their evidence 10 years.
ALTER TABLE cohorts ADD COLUMN esf_cofunded BOOLEAN NOT NULL DEFAULT FALSE;
