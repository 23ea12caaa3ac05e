DROP INDEX advisors_urgency;
DROP TRIGGER advisors_progress_counts ON advisors;
DROP FUNCTION advisors_progress_counts();
DROP FUNCTION progress_counts_add(advisors, BIGINT);
DROP TABLE progress_counts;
