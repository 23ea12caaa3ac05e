DROP TABLE cross_org_enrolments;
DROP TABLE organisation_details;
