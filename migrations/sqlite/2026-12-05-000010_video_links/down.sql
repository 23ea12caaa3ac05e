ALTER TABLE exam_sessions DROP COLUMN video_link;
ALTER TABLE module_sessions DROP COLUMN video_link;
ALTER TABLE cohorts DROP COLUMN video_link;
