-- What expires (issue 15, « Validity and renewal »): the host structures' yearly « label
-- conseiller numérique » (REGULATION.md §3; its shape — one row per label, a year, a period and
-- the reference of the sworn statement — is assumed), the prolongation of a title version (the
-- year after its end during which sessions stay open to some candidates, REGULATION.md §1), and
-- the indexes on every end date that the « Échéances » list reads. Keep in step with
-- migrations/postgres/.
CREATE TABLE host_labels (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL CHECK (valid_until >= valid_from),
    reference TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX host_labels_year ON host_labels (organisation_id, year);
CREATE INDEX host_labels_valid_until ON host_labels (valid_until);

CREATE TABLE title_prolongations (
    title_id BIGINT PRIMARY KEY REFERENCES titles (id),
    prolonged_until DATE NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX title_prolongations_until ON title_prolongations (prolonged_until);

CREATE INDEX habilitations_valid_to ON habilitations (valid_to);
CREATE INDEX pix_results_taken_on ON pix_results (taken_on);
CREATE INDEX agrements_valid_until ON agrements (valid_until);
CREATE INDEX titles_valid_until ON titles (valid_until);
