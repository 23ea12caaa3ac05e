-- What documents and notices need to know of an organisation (contact e-mail, SIRET, NDA,
-- address, signatory), and the cross-organisation enrolments counted for their daily limit.
-- Keep in step with migrations/sqlite/.

-- One row per organisation that filled them in; absent means "not given yet".
CREATE TABLE organisation_details (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    contact_email TEXT,
    siret TEXT CHECK (siret IS NULL OR length(siret) = 14),
    nda TEXT CHECK (nda IS NULL OR length(nda) = 11),
    address TEXT,
    signatory_name TEXT,
    signatory_role TEXT,
    signature_png BYTEA,
    -- Host structures: a public employer (true) or a private one (false); unknown when NULL.
    public_employer BOOLEAN,
    updated_at TIMESTAMP NOT NULL
);

-- An advisor enrolled by an organisation that could not see them (named by exact e-mail).
CREATE TABLE cross_org_enrolments (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    target TEXT NOT NULL CHECK (target IN ('cohort', 'module_session')),
    target_id BIGINT NOT NULL,
    enrolled_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX cross_org_enrolments_day ON cross_org_enrolments (organisation_id, created_at);
