DROP TABLE verification_lookups;
DROP TABLE certificates;
