-- The version of what the deadline dashboard and the coordinators' figures show: one counter,
-- raised by the triggers below in the same transaction as every write to the tables they read
-- (`advisors`, whose figures and summary `progress_counts` they show; `module_enrolments`,
-- `module_sessions` and `modules`, behind the module uptake; the names of `organisations` and
-- `territories`). A server keeps the dashboards it computed under this number until the clock
-- reaches their next status boundary (`services::dashboard_cache`): a request reads one row
-- instead of recounting, and any change, from this server, another one or a command, makes the
-- next request recompute.
CREATE TABLE dashboard_versions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO dashboard_versions (id, version) VALUES (1, 0);

CREATE TRIGGER advisors_dashboard_insert AFTER INSERT ON advisors
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER advisors_dashboard_update AFTER UPDATE ON advisors
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER advisors_dashboard_delete AFTER DELETE ON advisors
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_dashboard_insert AFTER INSERT ON organisations
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_dashboard_update AFTER UPDATE ON organisations
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_dashboard_delete AFTER DELETE ON organisations
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER territories_dashboard_insert AFTER INSERT ON territories
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER territories_dashboard_update AFTER UPDATE ON territories
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER territories_dashboard_delete AFTER DELETE ON territories
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_enrolments_dashboard_insert AFTER INSERT ON module_enrolments
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_enrolments_dashboard_update AFTER UPDATE ON module_enrolments
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_enrolments_dashboard_delete AFTER DELETE ON module_enrolments
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_sessions_dashboard_insert AFTER INSERT ON module_sessions
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_sessions_dashboard_update AFTER UPDATE ON module_sessions
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER module_sessions_dashboard_delete AFTER DELETE ON module_sessions
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER modules_dashboard_insert AFTER INSERT ON modules
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER modules_dashboard_update AFTER UPDATE ON modules
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER modules_dashboard_delete AFTER DELETE ON modules
BEGIN UPDATE dashboard_versions SET version = version + 1 WHERE id = 1; END;
