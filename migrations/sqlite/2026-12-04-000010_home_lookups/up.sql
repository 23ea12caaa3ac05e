-- The catalogue owner's home lists its modules and their sessions to come.
CREATE INDEX modules_owner ON modules (owner_organisation_id, active);
