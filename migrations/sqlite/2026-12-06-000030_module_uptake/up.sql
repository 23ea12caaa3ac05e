-- The home's module uptake: confirmed module enrolments counted per training body in charge of
-- the advisor (0 for none) and module session, those completed (`attended` true) apart from those
-- still pending (`attended` not yet known). Kept by the triggers below in the same transaction as
-- every write to `module_enrolments` and every change of an advisor's training body, so the
-- national coordinator's home reads one row per body and session instead of every enrolment.
-- The theme and whether the session was cancelled are read from the session at query time
-- (`db::dashboards::module_uptake`); `parcours check` recounts and compares. Rows may hold zeros.
CREATE TABLE module_uptake_counts (
    organisation_key BIGINT NOT NULL,
    session_id BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    pending BIGINT NOT NULL,
    PRIMARY KEY (organisation_key, session_id)
);

INSERT INTO module_uptake_counts (organisation_key, session_id, completed, pending)
SELECT COALESCE(a.organisation_id, 0), e.session_id,
       COUNT(CASE WHEN e.attended = TRUE THEN 1 END), COUNT(CASE WHEN e.attended IS NULL THEN 1 END)
FROM module_enrolments e JOIN advisors a ON a.id = e.advisor_id
WHERE e.status = 'confirmed'
GROUP BY 1, 2;

CREATE TRIGGER module_enrolments_uptake_insert AFTER INSERT ON module_enrolments
WHEN NEW.status = 'confirmed'
BEGIN
    INSERT INTO module_uptake_counts (organisation_key, session_id, completed, pending)
    SELECT COALESCE(a.organisation_id, 0), NEW.session_id,
           CASE WHEN NEW.attended = TRUE THEN 1 ELSE 0 END,
           CASE WHEN NEW.attended IS NULL THEN 1 ELSE 0 END
    FROM advisors a WHERE a.id = NEW.advisor_id
    ON CONFLICT (organisation_key, session_id)
    DO UPDATE SET completed = completed + excluded.completed, pending = pending + excluded.pending;
END;

CREATE TRIGGER module_enrolments_uptake_delete AFTER DELETE ON module_enrolments
WHEN OLD.status = 'confirmed'
BEGIN
    UPDATE module_uptake_counts
    SET completed = completed - CASE WHEN OLD.attended = TRUE THEN 1 ELSE 0 END,
        pending = pending - CASE WHEN OLD.attended IS NULL THEN 1 ELSE 0 END
    WHERE session_id = OLD.session_id
      AND organisation_key = (SELECT COALESCE(a.organisation_id, 0) FROM advisors a WHERE a.id = OLD.advisor_id);
END;

CREATE TRIGGER module_enrolments_uptake_update
AFTER UPDATE OF status, attended, advisor_id, session_id ON module_enrolments
WHEN (OLD.status = 'confirmed' OR NEW.status = 'confirmed')
BEGIN
    UPDATE module_uptake_counts
    SET completed = completed - CASE WHEN OLD.attended = TRUE THEN 1 ELSE 0 END,
        pending = pending - CASE WHEN OLD.attended IS NULL THEN 1 ELSE 0 END
    WHERE OLD.status = 'confirmed' AND session_id = OLD.session_id
      AND organisation_key = (SELECT COALESCE(a.organisation_id, 0) FROM advisors a WHERE a.id = OLD.advisor_id);
    INSERT INTO module_uptake_counts (organisation_key, session_id, completed, pending)
    SELECT COALESCE(a.organisation_id, 0), NEW.session_id,
           CASE WHEN NEW.attended = TRUE THEN 1 ELSE 0 END,
           CASE WHEN NEW.attended IS NULL THEN 1 ELSE 0 END
    FROM advisors a WHERE NEW.status = 'confirmed' AND a.id = NEW.advisor_id
    ON CONFLICT (organisation_key, session_id)
    DO UPDATE SET completed = completed + excluded.completed, pending = pending + excluded.pending;
END;

CREATE TRIGGER advisors_uptake_move AFTER UPDATE OF organisation_id ON advisors
WHEN COALESCE(OLD.organisation_id, 0) <> COALESCE(NEW.organisation_id, 0)
BEGIN
    UPDATE module_uptake_counts
    SET completed = completed - (SELECT COUNT(CASE WHEN e.attended = TRUE THEN 1 END) FROM module_enrolments e
                                 WHERE e.advisor_id = NEW.id AND e.status = 'confirmed'
                                   AND e.session_id = module_uptake_counts.session_id),
        pending = pending - (SELECT COUNT(CASE WHEN e.attended IS NULL THEN 1 END) FROM module_enrolments e
                       WHERE e.advisor_id = NEW.id AND e.status = 'confirmed'
                         AND e.session_id = module_uptake_counts.session_id)
    WHERE organisation_key = COALESCE(OLD.organisation_id, 0)
      AND session_id IN (SELECT e.session_id FROM module_enrolments e
                         WHERE e.advisor_id = NEW.id AND e.status = 'confirmed');
    INSERT INTO module_uptake_counts (organisation_key, session_id, completed, pending)
    SELECT COALESCE(NEW.organisation_id, 0), e.session_id,
           COUNT(CASE WHEN e.attended = TRUE THEN 1 END), COUNT(CASE WHEN e.attended IS NULL THEN 1 END)
    FROM module_enrolments e WHERE e.advisor_id = NEW.id AND e.status = 'confirmed'
    GROUP BY e.session_id
    ON CONFLICT (organisation_key, session_id)
    DO UPDATE SET completed = completed + excluded.completed, pending = pending + excluded.pending;
END;
