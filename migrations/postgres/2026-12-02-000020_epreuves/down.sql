DROP TABLE dossier_receipts;
DROP TABLE competence_marks;
DROP TABLE epreuve_observations;
DROP TABLE epreuve_slot_jurors;
DROP TABLE epreuve_slots;
DROP TABLE competences;
DROP TABLE epreuves;
