DROP TABLE badge_credentials;
DROP TABLE badge_status_lists;
