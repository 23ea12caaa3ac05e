DROP TABLE calendar_feeds;
DROP TABLE emails_sent;
