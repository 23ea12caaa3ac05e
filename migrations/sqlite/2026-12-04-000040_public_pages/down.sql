DROP TABLE deadline_relances;
DROP TABLE accessibility_audits;
