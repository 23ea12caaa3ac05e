DROP TABLE pix_results;
DROP TABLE title_awards;
DROP TABLE exam_results;
DROP TABLE exam_candidates;
DROP TABLE exam_examiners;
DROP TABLE exam_sessions;
DROP TABLE host_agreements;
DROP TABLE habilitations;
