DROP TRIGGER modules_dashboard_version ON modules;
DROP TRIGGER module_sessions_dashboard_version ON module_sessions;
DROP TRIGGER module_enrolments_dashboard_version ON module_enrolments;
DROP TRIGGER territories_dashboard_version ON territories;
DROP TRIGGER organisations_dashboard_version ON organisations;
DROP TRIGGER advisors_dashboard_version ON advisors;
DROP FUNCTION dashboard_version_raise();
DROP TABLE dashboard_versions;
