-- An accepted justification of category « autre » excuses the absence too: the attendance mark's
-- justification may now be 'other' (it was 'sick_leave' or 'force_majeure' only).
ALTER TABLE attendance DROP CONSTRAINT attendance_justification_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_justification_check
    CHECK (justification IN ('sick_leave', 'force_majeure', 'other'));
