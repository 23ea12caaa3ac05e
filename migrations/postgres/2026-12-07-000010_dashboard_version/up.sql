-- The version of what the deadline dashboard and the coordinators' figures show: one counter,
-- raised by the triggers below in the same transaction as every write to the tables they read
-- (`advisors`, whose figures and summary `progress_counts` they show; `module_enrolments`,
-- `module_sessions` and `modules`, behind the module uptake; the names of `organisations` and
-- `territories`). Each app instance keeps the dashboards it computed under this number until the
-- clock reaches their next status boundary (`services::dashboard_cache`): a request reads one row
-- instead of recounting, and any change, from any instance or a command, makes the next request
-- recompute.
--
-- The triggers are deferred to the commit and raise the counter once per transaction: the row's
-- lock is taken last and held only while committing, so that writers never wait on it while
-- holding other locks (no deadlock) and a bulk write raises it once.
CREATE TABLE dashboard_versions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO dashboard_versions (id, version) VALUES (1, 0);

CREATE FUNCTION dashboard_version_raise() RETURNS trigger AS $$
BEGIN
    IF current_setting('parcours.dashboard_raised', true) IS DISTINCT FROM '1' THEN
        UPDATE dashboard_versions SET version = version + 1 WHERE id = 1;
        PERFORM set_config('parcours.dashboard_raised', '1', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER advisors_dashboard_version
    AFTER INSERT OR UPDATE OR DELETE ON advisors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_version_raise();
CREATE CONSTRAINT TRIGGER organisations_dashboard_version
    AFTER INSERT OR UPDATE OR DELETE ON organisations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_version_raise();
CREATE CONSTRAINT TRIGGER territories_dashboard_version
    AFTER INSERT OR UPDATE OR DELETE ON territories
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_version_raise();
CREATE CONSTRAINT TRIGGER module_enrolments_dashboard_version
    AFTER INSERT OR UPDATE OR DELETE ON module_enrolments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_version_raise();
CREATE CONSTRAINT TRIGGER module_sessions_dashboard_version
    AFTER INSERT OR UPDATE OR DELETE ON module_sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_version_raise();
CREATE CONSTRAINT TRIGGER modules_dashboard_version
    AFTER INSERT OR UPDATE OR DELETE ON modules
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_version_raise();
