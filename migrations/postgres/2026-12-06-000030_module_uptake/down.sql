DROP TRIGGER advisors_uptake_move ON advisors;
DROP FUNCTION advisors_uptake_move();
DROP TRIGGER module_enrolments_uptake ON module_enrolments;
DROP FUNCTION module_enrolments_uptake();
DROP FUNCTION module_uptake_add(module_enrolments, BIGINT);
DROP TABLE module_uptake_counts;
