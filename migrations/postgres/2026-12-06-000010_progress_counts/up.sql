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

-- Adds `delta` advisors to the row of `r`'s key.
CREATE FUNCTION progress_counts_add(r advisors, delta BIGINT) RETURNS void AS $$
DECLARE
    k_class INTEGER;
    k_risk TIMESTAMP := TIMESTAMP '9999-12-31 00:00:00';
    k_late TIMESTAMP := TIMESTAMP '9999-12-31 00:00:00';
BEGIN
    IF r.training_entry_date IS NULL OR r.at_risk_from IS NULL OR r.late_from IS NULL THEN
        k_class := 0;
    ELSIF r.modules_completed >= 2 THEN
        k_class := 1;
    ELSIF r.modules_completed + r.modules_booked < 2 THEN
        k_class := 2;
        k_risk := r.at_risk_from;
        k_late := r.late_from;
    ELSE
        k_class := 3;
        k_late := r.late_from;
    END IF;
    INSERT INTO progress_counts AS c
        (organisation_key, territory_code, class, at_risk_from, late_from, advisors)
    VALUES (COALESCE(r.organisation_id, 0), r.territory_code, k_class, k_risk, k_late, delta)
    ON CONFLICT (organisation_key, territory_code, class, at_risk_from, late_from)
    DO UPDATE SET advisors = c.advisors + EXCLUDED.advisors;
    IF delta < 0 THEN
        DELETE FROM progress_counts
        WHERE organisation_key = COALESCE(r.organisation_id, 0)
          AND territory_code = r.territory_code AND class = k_class
          AND at_risk_from = k_risk AND late_from = k_late AND advisors = 0;
    END IF;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION advisors_progress_counts() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT (
        OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
        OR OLD.territory_code IS DISTINCT FROM NEW.territory_code
        OR OLD.training_entry_date IS DISTINCT FROM NEW.training_entry_date
        OR OLD.at_risk_from IS DISTINCT FROM NEW.at_risk_from
        OR OLD.late_from IS DISTINCT FROM NEW.late_from
        OR OLD.modules_completed IS DISTINCT FROM NEW.modules_completed
        OR OLD.modules_booked IS DISTINCT FROM NEW.modules_booked) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM progress_counts_add(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM progress_counts_add(NEW, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

INSERT INTO progress_counts (organisation_key, territory_code, class, at_risk_from, late_from, advisors)
SELECT k.organisation_key, k.territory_code, k.class, k.at_risk_from, k.late_from, COUNT(*)
FROM (SELECT COALESCE(a.organisation_id, 0) AS organisation_key,
             a.territory_code AS territory_code,
             CASE WHEN a.training_entry_date IS NULL OR a.at_risk_from IS NULL OR a.late_from IS NULL THEN 0 WHEN a.modules_completed >= 2 THEN 1 WHEN a.modules_completed + a.modules_booked < 2 THEN 2 ELSE 3 END AS class,
             CASE WHEN a.training_entry_date IS NULL OR a.at_risk_from IS NULL OR a.late_from IS NULL OR a.modules_completed + a.modules_booked >= 2 THEN TIMESTAMP '9999-12-31 00:00:00' ELSE a.at_risk_from END AS at_risk_from,
             CASE WHEN a.training_entry_date IS NULL OR a.at_risk_from IS NULL OR a.late_from IS NULL OR a.modules_completed >= 2 THEN TIMESTAMP '9999-12-31 00:00:00' ELSE a.late_from END AS late_from
      FROM advisors a) k
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER advisors_progress_counts
AFTER INSERT OR DELETE OR UPDATE OF organisation_id, territory_code, training_entry_date,
    at_risk_from, late_from, modules_completed, modules_booked ON advisors
FOR EACH ROW EXECUTE FUNCTION advisors_progress_counts();

-- The dashboard's default order (most pressing first: those short of modules by deadline, then
-- those done, then those not in training), as `db::progress::page_with_counts` writes it: the
-- first page walks this index and stops instead of sorting every advisor; the training body and
-- territory it carries let a filtered walk skip rows without reading them.
CREATE INDEX advisors_urgency ON advisors ((deadline_order = '9999-12-31'), (modules_completed >= 2),
    deadline_order, id, organisation_id, territory_code);
