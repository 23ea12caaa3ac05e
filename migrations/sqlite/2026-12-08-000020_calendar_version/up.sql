-- The version of what the personal calendar feeds show: one counter, raised by the triggers below
-- in the same transaction as every write to the tables a feed is read from (the feed's token,
-- the account and its memberships, cohorts and their days, enrolments and trainers, modules and
-- their sessions, days, enrolments and trainers, certifications and exam sessions with their
-- candidates and examiners). A server keeps the feeds it wrote under this number
-- (`services::feed_cache`) until the clock passes the end of its first event or, for a feed
-- listing what an organisation runs, the next UTC midnight (its horizon moves by whole days):
-- a calendar application polling its feed costs one read of this row instead of the eight
-- queries and the writing of the feed, and any change is in the next answer. A new feed token
-- does not raise it (nothing kept can name it).
CREATE TABLE calendar_versions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO calendar_versions (id, version) VALUES (1, 0);

CREATE TRIGGER calendar_feeds_calendar_update AFTER UPDATE ON calendar_feeds
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_feeds_calendar_delete AFTER DELETE ON calendar_feeds
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_calendar_insert AFTER INSERT ON users
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_calendar_update AFTER UPDATE ON users
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_calendar_delete AFTER DELETE ON users
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_calendar_insert AFTER INSERT ON memberships
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_calendar_update AFTER UPDATE ON memberships
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER memberships_calendar_delete AFTER DELETE ON memberships
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohorts_calendar_insert AFTER INSERT ON cohorts
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohorts_calendar_update AFTER UPDATE ON cohorts
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohorts_calendar_delete AFTER DELETE ON cohorts
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_days_calendar_insert AFTER INSERT ON cohort_days
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_days_calendar_update AFTER UPDATE ON cohort_days
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_days_calendar_delete AFTER DELETE ON cohort_days
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_enrolments_calendar_insert AFTER INSERT ON cohort_enrolments
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_enrolments_calendar_update AFTER UPDATE ON cohort_enrolments
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_enrolments_calendar_delete AFTER DELETE ON cohort_enrolments
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_trainers_calendar_insert AFTER INSERT ON cohort_trainers
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_trainers_calendar_update AFTER UPDATE ON cohort_trainers
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER cohort_trainers_calendar_delete AFTER DELETE ON cohort_trainers
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER modules_calendar_insert AFTER INSERT ON modules
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER modules_calendar_update AFTER UPDATE ON modules
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER modules_calendar_delete AFTER DELETE ON modules
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_sessions_calendar_insert AFTER INSERT ON module_sessions
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_sessions_calendar_update AFTER UPDATE ON module_sessions
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_sessions_calendar_delete AFTER DELETE ON module_sessions
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_session_days_calendar_insert AFTER INSERT ON module_session_days
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_session_days_calendar_update AFTER UPDATE ON module_session_days
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_session_days_calendar_delete AFTER DELETE ON module_session_days
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_enrolments_calendar_insert AFTER INSERT ON module_enrolments
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_enrolments_calendar_update AFTER UPDATE ON module_enrolments
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_enrolments_calendar_delete AFTER DELETE ON module_enrolments
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_session_trainers_calendar_insert AFTER INSERT ON module_session_trainers
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_session_trainers_calendar_update AFTER UPDATE ON module_session_trainers
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_session_trainers_calendar_delete AFTER DELETE ON module_session_trainers
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_calendar_insert AFTER INSERT ON certifications
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_calendar_update AFTER UPDATE ON certifications
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_calendar_delete AFTER DELETE ON certifications
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_sessions_calendar_insert AFTER INSERT ON exam_sessions
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_sessions_calendar_update AFTER UPDATE ON exam_sessions
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_sessions_calendar_delete AFTER DELETE ON exam_sessions
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_candidates_calendar_insert AFTER INSERT ON exam_candidates
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_candidates_calendar_update AFTER UPDATE ON exam_candidates
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_candidates_calendar_delete AFTER DELETE ON exam_candidates
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_examiners_calendar_insert AFTER INSERT ON exam_examiners
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_examiners_calendar_update AFTER UPDATE ON exam_examiners
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER exam_examiners_calendar_delete AFTER DELETE ON exam_examiners
BEGIN UPDATE calendar_versions SET version = version + 1 WHERE id = 1; END;
