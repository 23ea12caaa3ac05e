DROP INDEX advisors_urgency;
DROP TRIGGER advisors_progress_counts_update;
DROP TRIGGER advisors_progress_counts_delete;
DROP TRIGGER advisors_progress_counts_insert;
DROP TABLE progress_counts;
