-- The dashboard's summary: advisors counted per training body in charge (0 for none), territory,
-- class and the two instants at which a status moves with the clock. Kept by the triggers below in
-- the same transaction as every write to `advisors`, whatever the path (pages, API, imports, demo,
-- copy-data), so the counts never rescan the advisors; `parcours check` recounts and compares.
--
-- The class is what the clock cannot change: 0 not started (no entry or no stored instants),
-- 1 done (the first-year quota of 2 modules completed: `domain::deadline::FIRST_YEAR_QUOTA`),
-- 2 short (completed + booked under the quota: on track, at risk from `at_risk_from`, late from
-- `late_from`), 3 booked (enough booked: on track, late from `late_from`). An instant that does not
-- matter for the class is the far future, so that advisors who only differ by it share one row.
-- `db::progress::summary_status` reads a class and its instants into the status at a given time;
-- `domain::deadline::summary_key` is this key in Rust, which the check compares against.
CREATE TABLE progress_counts (
    organisation_key BIGINT NOT NULL,
    territory_code TEXT NOT NULL,
    class INTEGER NOT NULL,
    at_risk_from TIMESTAMP NOT NULL,
    late_from TIMESTAMP NOT NULL,
    advisors BIGINT NOT NULL,
    PRIMARY KEY (organisation_key, territory_code, class, at_risk_from, late_from)
);

INSERT INTO progress_counts (organisation_key, territory_code, class, at_risk_from, late_from, advisors)
SELECT k.organisation_key, k.territory_code, k.class, k.at_risk_from, k.late_from, COUNT(*)
FROM (SELECT COALESCE(a.organisation_id, 0) AS organisation_key,
             a.territory_code AS territory_code,
             CASE WHEN a.training_entry_date IS NULL OR a.at_risk_from IS NULL OR a.late_from IS NULL THEN 0 WHEN a.modules_completed >= 2 THEN 1 WHEN a.modules_completed + a.modules_booked < 2 THEN 2 ELSE 3 END AS class,
             CASE WHEN a.training_entry_date IS NULL OR a.at_risk_from IS NULL OR a.late_from IS NULL OR a.modules_completed + a.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE a.at_risk_from END AS at_risk_from,
             CASE WHEN a.training_entry_date IS NULL OR a.at_risk_from IS NULL OR a.late_from IS NULL OR a.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE a.late_from END AS late_from
      FROM advisors a) k
WHERE true
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER advisors_progress_counts_insert AFTER INSERT ON advisors
BEGIN
    INSERT INTO progress_counts (organisation_key, territory_code, class, at_risk_from, late_from, advisors)
    VALUES (COALESCE(NEW.organisation_id, 0),
            NEW.territory_code,
            CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL THEN 0 WHEN NEW.modules_completed >= 2 THEN 1 WHEN NEW.modules_completed + NEW.modules_booked < 2 THEN 2 ELSE 3 END,
            CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL OR NEW.modules_completed + NEW.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE NEW.at_risk_from END,
            CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL OR NEW.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE NEW.late_from END,
            1)
    ON CONFLICT (organisation_key, territory_code, class, at_risk_from, late_from)
    DO UPDATE SET advisors = advisors + 1;
END;

CREATE TRIGGER advisors_progress_counts_delete AFTER DELETE ON advisors
BEGIN
    UPDATE progress_counts SET advisors = advisors - 1
    WHERE organisation_key = COALESCE(OLD.organisation_id, 0)
      AND territory_code = OLD.territory_code
      AND class = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL THEN 0 WHEN OLD.modules_completed >= 2 THEN 1 WHEN OLD.modules_completed + OLD.modules_booked < 2 THEN 2 ELSE 3 END
      AND at_risk_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed + OLD.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.at_risk_from END
      AND late_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.late_from END;
    DELETE FROM progress_counts
    WHERE advisors = 0 AND organisation_key = COALESCE(OLD.organisation_id, 0)
      AND territory_code = OLD.territory_code
      AND class = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL THEN 0 WHEN OLD.modules_completed >= 2 THEN 1 WHEN OLD.modules_completed + OLD.modules_booked < 2 THEN 2 ELSE 3 END
      AND at_risk_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed + OLD.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.at_risk_from END
      AND late_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.late_from END;
END;

CREATE TRIGGER advisors_progress_counts_update
AFTER UPDATE OF organisation_id, territory_code, training_entry_date, at_risk_from, late_from,
    modules_completed, modules_booked ON advisors
WHEN (COALESCE(OLD.organisation_id, 0)) IS NOT (COALESCE(NEW.organisation_id, 0)) OR (OLD.territory_code) IS NOT (NEW.territory_code) OR (CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL THEN 0 WHEN OLD.modules_completed >= 2 THEN 1 WHEN OLD.modules_completed + OLD.modules_booked < 2 THEN 2 ELSE 3 END) IS NOT (CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL THEN 0 WHEN NEW.modules_completed >= 2 THEN 1 WHEN NEW.modules_completed + NEW.modules_booked < 2 THEN 2 ELSE 3 END) OR (CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed + OLD.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.at_risk_from END) IS NOT (CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL OR NEW.modules_completed + NEW.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE NEW.at_risk_from END) OR (CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.late_from END) IS NOT (CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL OR NEW.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE NEW.late_from END)
BEGIN
    UPDATE progress_counts SET advisors = advisors - 1
    WHERE organisation_key = COALESCE(OLD.organisation_id, 0)
      AND territory_code = OLD.territory_code
      AND class = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL THEN 0 WHEN OLD.modules_completed >= 2 THEN 1 WHEN OLD.modules_completed + OLD.modules_booked < 2 THEN 2 ELSE 3 END
      AND at_risk_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed + OLD.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.at_risk_from END
      AND late_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.late_from END;
    DELETE FROM progress_counts
    WHERE advisors = 0 AND organisation_key = COALESCE(OLD.organisation_id, 0)
      AND territory_code = OLD.territory_code
      AND class = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL THEN 0 WHEN OLD.modules_completed >= 2 THEN 1 WHEN OLD.modules_completed + OLD.modules_booked < 2 THEN 2 ELSE 3 END
      AND at_risk_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed + OLD.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.at_risk_from END
      AND late_from = CASE WHEN OLD.training_entry_date IS NULL OR OLD.at_risk_from IS NULL OR OLD.late_from IS NULL OR OLD.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE OLD.late_from END;
    INSERT INTO progress_counts (organisation_key, territory_code, class, at_risk_from, late_from, advisors)
    VALUES (COALESCE(NEW.organisation_id, 0),
            NEW.territory_code,
            CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL THEN 0 WHEN NEW.modules_completed >= 2 THEN 1 WHEN NEW.modules_completed + NEW.modules_booked < 2 THEN 2 ELSE 3 END,
            CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL OR NEW.modules_completed + NEW.modules_booked >= 2 THEN '9999-12-31 00:00:00' ELSE NEW.at_risk_from END,
            CASE WHEN NEW.training_entry_date IS NULL OR NEW.at_risk_from IS NULL OR NEW.late_from IS NULL OR NEW.modules_completed >= 2 THEN '9999-12-31 00:00:00' ELSE NEW.late_from END,
            1)
    ON CONFLICT (organisation_key, territory_code, class, at_risk_from, late_from)
    DO UPDATE SET advisors = advisors + 1;
END;

-- The dashboard's default order (most pressing first: those short of modules by deadline, then
-- those done, then those not in training), as `db::progress::page_with_counts` writes it: the
-- first page walks this index and stops instead of sorting every advisor; the training body and
-- territory it carries let a filtered walk skip rows without reading them.
CREATE INDEX advisors_urgency ON advisors ((deadline_order = '9999-12-31'), (modules_completed >= 2),
    deadline_order, id, organisation_id, territory_code);
