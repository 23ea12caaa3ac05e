DROP TABLE exam_attendance;
