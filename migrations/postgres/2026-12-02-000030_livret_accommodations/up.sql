-- The livret (CCPs held per advisor and title version, the DREETS livret number), the
-- correspondence between title versions, accommodation requests for disability and each
-- organisation's référent handicap. Keep in step with migrations/sqlite/.

-- Which CCP of one title version counts as which CCP of another (REMN 2019 → Médiateur
-- numérique 2025). Reference data, editable by admins; `source` says where each row comes from.
CREATE TABLE title_correspondences (
    id BIGSERIAL PRIMARY KEY,
    from_certification_id BIGINT NOT NULL REFERENCES certifications (id),
    to_certification_id BIGINT NOT NULL REFERENCES certifications (id),
    assumed BOOLEAN NOT NULL DEFAULT TRUE,
    source TEXT NOT NULL CHECK (source <> ''),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (from_certification_id, to_certification_id),
    CHECK (from_certification_id <> to_certification_id)
);

-- Assumed, not sourced: the revised title Médiateur numérique (2025) keeps the three blocks of
-- REMN (2019) with the same wording in the seeds; the official table of correspondences (in the
-- arrêté revising the title) was not at hand. Replace from the arrêté when available.
INSERT INTO title_correspondences (from_certification_id, to_certification_id, assumed, source, created_at, updated_at)
SELECT o.id, n.id, TRUE,
       'Hypothèse (non sourcée) : bloc de même rang et de même intitulé ; à vérifier dans l''arrêté de révision du titre',
       '2026-12-02 00:00:00', '2026-12-02 00:00:00'
FROM certifications o
JOIN titles ot ON ot.id = o.title_id AND ot.code = 'TP-01336' AND ot.version = '2019'
JOIN certifications n ON n.code = o.code
JOIN titles nt ON nt.id = n.title_id AND nt.code = 'TP-01336' AND nt.version = '2025';

-- The ledger: a CCP an advisor holds, once per certification. By an exam (route training or
-- vae, with the candidate whose published result gave it) or by correspondence (with the CCP of
-- the other version it came from). A CCP once obtained is final: only the correction of the very
-- result that gave it withdraws it.
CREATE TABLE ccp_holdings (
    id BIGSERIAL PRIMARY KEY,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    certification_id BIGINT NOT NULL REFERENCES certifications (id),
    obtained_on DATE NOT NULL,
    route TEXT NOT NULL CHECK (route IN ('training', 'vae', 'correspondence')),
    candidate_id BIGINT REFERENCES exam_candidates (id),
    via_certification_id BIGINT REFERENCES certifications (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (advisor_id, certification_id),
    CHECK ((route = 'correspondence') = (via_certification_id IS NOT NULL)),
    CHECK (route = 'correspondence' OR candidate_id IS NOT NULL)
);
CREATE INDEX ccp_holdings_candidate ON ccp_holdings (candidate_id);

-- What parcours knew before the ledger: every published validated result.
INSERT INTO ccp_holdings (advisor_id, certification_id, obtained_on, route, candidate_id, created_at)
SELECT c.advisor_id, s.certification_id, CAST(MIN(s.starts_at) AS DATE), MIN(c.route), MIN(c.id), '2026-12-02 00:00:00'
FROM exam_results r
JOIN exam_candidates c ON c.id = r.candidate_id
JOIN exam_sessions s ON s.id = c.session_id
JOIN certifications ce ON ce.id = s.certification_id
WHERE s.published_at IS NOT NULL AND r.outcome = 'validated' AND ce.title_id IS NOT NULL
GROUP BY c.advisor_id, s.certification_id;

-- The livret de certification the DREETS issued, per advisor and title version.
CREATE TABLE livrets (
    id BIGSERIAL PRIMARY KEY,
    advisor_id BIGINT NOT NULL REFERENCES advisors (id),
    title_id BIGINT NOT NULL REFERENCES titles (id),
    number TEXT NOT NULL CHECK (number <> ''),
    issued_on DATE NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (advisor_id, title_id)
);

-- Each organisation's référent handicap: one of its users, or a name and a contact.
CREATE TABLE disability_referents (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id),
    name TEXT,
    contact TEXT,
    updated_by BIGINT REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL,
    CHECK (user_id IS NOT NULL OR (name IS NOT NULL AND contact IS NOT NULL))
);

-- A candidate's request for accommodations (kinds: a comma list of extra_time, technical_aid,
-- human_aid, adapted_epreuve, room), its files (proof of status, medical recommendation: health
-- data), its sending to the DREETS and its decision. `exam_candidates.extra_time_percent` holds
-- the accepted decision's percentage and nothing else. `health_notes` is health data too (the
-- former free `accommodation_notes` land there); `details` is what the jury needs to apply it.
CREATE TABLE accommodation_requests (
    id BIGSERIAL PRIMARY KEY,
    candidate_id BIGINT NOT NULL UNIQUE REFERENCES exam_candidates (id) ON DELETE CASCADE,
    kinds TEXT NOT NULL,
    requested_percent INTEGER CHECK (requested_percent BETWEEN 1 AND 100),
    details TEXT,
    health_notes TEXT,
    requested_on DATE NOT NULL,
    proof_file_id BIGINT REFERENCES stored_files (id),
    proof_received_on DATE,
    medical_file_id BIGINT REFERENCES stored_files (id),
    medical_received_on DATE,
    sent_to_dreets_on DATE,
    decision TEXT CHECK (decision IN ('accepted', 'refused')),
    decided_on DATE,
    granted_percent INTEGER CHECK (granted_percent BETWEEN 0 AND 100),
    reprise BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (kinds <> '' OR reprise),
    CHECK ((decision IS NULL) = (decided_on IS NULL)),
    CHECK (decision = 'accepted' OR granted_percent IS NULL)
);
