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

-- Adds `sign` times the contribution of one enrolment (confirmed or not) to the counts.
CREATE FUNCTION module_uptake_add(r module_enrolments, sign BIGINT) RETURNS void AS $$
BEGIN
    IF r.status <> 'confirmed' THEN
        RETURN;
    END IF;
    INSERT INTO module_uptake_counts AS c (organisation_key, session_id, completed, pending)
    SELECT COALESCE(a.organisation_id, 0), r.session_id,
           sign * (CASE WHEN r.attended = TRUE THEN 1 ELSE 0 END),
           sign * (CASE WHEN r.attended IS NULL THEN 1 ELSE 0 END)
    FROM advisors a WHERE a.id = r.advisor_id
    ON CONFLICT (organisation_key, session_id)
    DO UPDATE SET completed = c.completed + EXCLUDED.completed, pending = c.pending + EXCLUDED.pending;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION module_enrolments_uptake() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT (
        OLD.status IS DISTINCT FROM NEW.status
        OR OLD.attended IS DISTINCT FROM NEW.attended
        OR OLD.advisor_id IS DISTINCT FROM NEW.advisor_id
        OR OLD.session_id IS DISTINCT FROM NEW.session_id) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM module_uptake_add(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM module_uptake_add(NEW, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER module_enrolments_uptake
AFTER INSERT OR DELETE OR UPDATE OF status, attended, advisor_id, session_id ON module_enrolments
FOR EACH ROW EXECUTE FUNCTION module_enrolments_uptake();

-- An advisor moving to another training body takes their enrolments' counts along.
CREATE FUNCTION advisors_uptake_move() RETURNS trigger AS $$
BEGIN
    IF COALESCE(OLD.organisation_id, 0) = COALESCE(NEW.organisation_id, 0) THEN
        RETURN NULL;
    END IF;
    UPDATE module_uptake_counts c
    SET completed = c.completed - m.completed, pending = c.pending - m.pending
    FROM (SELECT e.session_id, COUNT(CASE WHEN e.attended = TRUE THEN 1 END) AS completed,
                 COUNT(CASE WHEN e.attended IS NULL THEN 1 END) AS pending
          FROM module_enrolments e WHERE e.advisor_id = NEW.id AND e.status = 'confirmed'
          GROUP BY e.session_id) m
    WHERE c.organisation_key = COALESCE(OLD.organisation_id, 0) AND c.session_id = m.session_id;
    INSERT INTO module_uptake_counts AS c (organisation_key, session_id, completed, pending)
    SELECT COALESCE(NEW.organisation_id, 0), e.session_id,
           COUNT(CASE WHEN e.attended = TRUE THEN 1 END), COUNT(CASE WHEN e.attended IS NULL THEN 1 END)
    FROM module_enrolments e WHERE e.advisor_id = NEW.id AND e.status = 'confirmed'
    GROUP BY e.session_id
    ON CONFLICT (organisation_key, session_id)
    DO UPDATE SET completed = c.completed + EXCLUDED.completed, pending = c.pending + EXCLUDED.pending;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER advisors_uptake_move
AFTER UPDATE OF organisation_id ON advisors
FOR EACH ROW EXECUTE FUNCTION advisors_uptake_move();
