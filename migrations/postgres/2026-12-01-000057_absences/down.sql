UPDATE attendance SET justification = 'force_majeure' WHERE justification = 'other';
ALTER TABLE attendance DROP CONSTRAINT attendance_justification_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_justification_check
    CHECK (justification IN ('sick_leave', 'force_majeure'));
