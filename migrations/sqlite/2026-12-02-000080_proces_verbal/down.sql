DROP TABLE pv_signatures;
