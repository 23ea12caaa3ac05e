//! The demo's agrément: La Fabrik approved for the Médiateur numérique title (2025) at its
//! Lyon site, so that the demo exam session is held under it and its file shows, most steps
//! done and the procès-verbal's sending late.

use chrono::{Duration, NaiveDate};

use super::org_id;
use crate::db::DbConn;
use crate::db::agrements::{self as q, AgrementValues};
use crate::db::session_steps::{self, StepValues};
use crate::domain::agrement::site_line;
use crate::domain::session_file::{Step, StepOffsets};
use crate::services::Ctx;

/// The demo agrément's number.
const NUMBER: &str = "ARA-TP-2025-0042";

/// The demo agrément's site: its address lines, postcode and city (its one line starts with
/// « Démo », as the demo's venues do).
const SITE: (&str, &str, &str) = ("Démo — La Fabrik\n12 rue de la Part-Dieu", "69003", "Lyon");

/// The demo session's venue: the agrément's site on one line.
pub fn site() -> String {
    site_line(SITE.0, SITE.1, SITE.2)
}

/// La Fabrik's agrément for the 2025 title, recorded once; returns `(id, title id)`.
pub fn ensure(conn: &mut DbConn, ctx: Ctx) -> anyhow::Result<Option<(i64, i64)>> {
    let organisation_id = org_id(conn, "la-fabrik")?;
    let Some(title) = q::titles(conn)?.into_iter().find(|t| t.version == "2025") else {
        return Ok(None);
    };
    if let Some(existing) = q::of_organisation(conn, organisation_id)?
        .into_iter()
        .find(|a| a.number == NUMBER)
    {
        return Ok(Some((existing.id, existing.title_id)));
    }
    let valid_from = title.valid_from;
    let valid_until = NaiveDate::from_ymd_opt(2030, 6, 30).unwrap_or(valid_from);
    let id = q::insert(
        conn,
        &AgrementValues {
            organisation_id,
            title_id: title.id,
            number: NUMBER.to_owned(),
            site_lines: SITE.0.to_owned(),
            site_postcode: SITE.1.to_owned(),
            site_city: SITE.2.to_owned(),
            valid_from,
            valid_until,
            dreets_unit: "DREETS Auvergne-Rhône-Alpes".to_owned(),
            updated_at: ctx.now,
        },
        ctx.now,
    )?;
    Ok(Some((id, title.id)))
}

/// Records the demo session's file, held on `day`: every step done on its due date (or the
/// day itself) but the procès-verbal's sending and validation.
pub fn record_steps(
    conn: &mut DbConn,
    ctx: Ctx,
    session_id: i64,
    day: NaiveDate,
) -> anyhow::Result<()> {
    let offsets = StepOffsets::defaults();
    for step in Step::ALL
        .into_iter()
        .filter(|s| !matches!(s, Step::PvSent | Step::PvValidated))
    {
        let done_on = offsets.due_on(step, day).min(day + Duration::days(1));
        session_steps::save(
            conn,
            &StepValues {
                session_id,
                step: step.as_str().to_owned(),
                done_on,
                done_by: None,
                detail: None,
                channel: None,
                recorded_at: ctx.now,
            },
        )?;
    }
    Ok(())
}
