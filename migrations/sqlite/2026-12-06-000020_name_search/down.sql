DROP TRIGGER advisor_names_update;
DROP TRIGGER advisor_names_delete;
DROP TRIGGER advisor_names_insert;
DROP TABLE advisor_names;
