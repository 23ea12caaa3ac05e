DROP TABLE accommodation_requests;
DROP TABLE disability_referents;
DROP TABLE livrets;
DROP TABLE ccp_holdings;
DROP TABLE title_correspondences;
