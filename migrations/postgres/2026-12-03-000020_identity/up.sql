-- The identity the ministry (CERES), Pix and the Caisse des Dépôts read, and the ANCT's key
-- (REGULATION.md §3), one row per advisor beside `advisors`: the ANCT's id (unique when
-- given), sex, place of birth (INSEE commune code, or postcode and commune; a country code for
-- a birth abroad) with the warning it was accepted with, and the contract. Cohorts gain the
-- procurement lot and marché. The COG lists loaded by `parcours cog refresh` replace the
-- embedded ones for every instance. Keep in step with migrations/sqlite/.
CREATE TABLE advisor_identities (
    advisor_id BIGINT PRIMARY KEY REFERENCES advisors (id),
    anct_id TEXT,
    sex TEXT CHECK (sex IS NULL OR sex IN ('F', 'M')),
    birth_commune_code TEXT,
    birth_postcode TEXT,
    birth_commune_name TEXT,
    birth_country_code TEXT,
    birth_place_warning TEXT,
    contract_type TEXT CHECK (contract_type IS NULL OR contract_type IN ('cdd', 'cdi', 'cdp', 'pec')),
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX advisor_identities_anct_id ON advisor_identities (anct_id);

ALTER TABLE cohorts ADD COLUMN lot TEXT;
ALTER TABLE cohorts ADD COLUMN marche TEXT;

CREATE TABLE geo_lists (
    kind TEXT PRIMARY KEY CHECK (kind IN ('communes', 'countries')),
    source TEXT NOT NULL,
    dated DATE NOT NULL,
    content BYTEA NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
