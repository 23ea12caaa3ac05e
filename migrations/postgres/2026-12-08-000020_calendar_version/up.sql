-- The version of what the personal calendar feeds show: one counter, raised by the triggers below
-- in the same transaction as every write to the tables a feed is read from (the feed's token,
-- the account and its memberships, cohorts and their days, enrolments and trainers, modules and
-- their sessions, days, enrolments and trainers, certifications and exam sessions with their
-- candidates and examiners). Each app instance keeps the feeds it wrote under this number
-- (`services::feed_cache`) until the clock passes the end of its first event or, for a feed
-- listing what an organisation runs, the next UTC midnight (its horizon moves by whole days):
-- a calendar application polling its feed costs one read of this row instead of the eight
-- queries and the writing of the feed, and any change is in the next answer. A new feed token
-- does not raise it (nothing kept can name it).
--
-- Deferred to the commit and raised once per transaction, as `dashboard_versions` is.
CREATE TABLE calendar_versions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO calendar_versions (id, version) VALUES (1, 0);

CREATE FUNCTION calendar_version_raise() RETURNS trigger AS $$
BEGIN
    IF current_setting('parcours.calendar_raised', true) IS DISTINCT FROM '1' THEN
        UPDATE calendar_versions SET version = version + 1 WHERE id = 1;
        PERFORM set_config('parcours.calendar_raised', '1', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER calendar_feeds_calendar_version
    AFTER UPDATE OR DELETE ON calendar_feeds
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER users_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER memberships_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON memberships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER cohorts_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON cohorts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER cohort_days_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON cohort_days
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER cohort_enrolments_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON cohort_enrolments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER cohort_trainers_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON cohort_trainers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER modules_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON modules
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER module_sessions_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON module_sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER module_session_days_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON module_session_days
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER module_enrolments_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON module_enrolments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER module_session_trainers_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON module_session_trainers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER certifications_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON certifications
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER exam_sessions_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON exam_sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER exam_candidates_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON exam_candidates
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
CREATE CONSTRAINT TRIGGER exam_examiners_calendar_version
    AFTER INSERT OR UPDATE OR DELETE ON exam_examiners
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION calendar_version_raise();
