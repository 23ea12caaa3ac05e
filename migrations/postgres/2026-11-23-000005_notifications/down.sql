DROP TABLE emails_sent;
