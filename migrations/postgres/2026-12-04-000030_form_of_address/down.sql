DROP TABLE form_replays;
ALTER TABLE users DROP COLUMN form_of_address;
