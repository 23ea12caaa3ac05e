DROP INDEX titles_valid_until;
DROP INDEX agrements_valid_until;
DROP INDEX pix_results_taken_on;
DROP INDEX habilitations_valid_to;
DROP TABLE title_prolongations;
DROP TABLE host_labels;
