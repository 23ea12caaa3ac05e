DROP TABLE geo_lists;
ALTER TABLE cohorts DROP COLUMN marche;
ALTER TABLE cohorts DROP COLUMN lot;
DROP TABLE advisor_identities;
