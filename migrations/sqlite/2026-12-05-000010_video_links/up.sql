-- The video-conference link of remote sessions (issue 16): a cohort's serves its remote days;
-- checked by src/domain/video_link.rs (https only, at most 500 characters).
ALTER TABLE cohorts ADD COLUMN video_link TEXT;
ALTER TABLE module_sessions ADD COLUMN video_link TEXT;
ALTER TABLE exam_sessions ADD COLUMN video_link TEXT;
