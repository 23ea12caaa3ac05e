//! A session under its agrément (arrêté du 21 juillet 2016): the agrément is the organiser's,
//! for the title version of the session's certification, the session's venue is the agrément's
//! site (taken from it), and its day falls inside the agrément's period or the year of
//! prolongation after the title's end. Each refusal names its rule.
//!
//! Sessions recorded before agréments keep none (« sans agrément »). A new session must name one
//! when its organiser holds any agrément for the title version; without one it is planned
//! « sans agrément » and the page warns.

use chrono::NaiveDate;

use crate::db::agrements as q;
use crate::db::exams::CertificationRecord;
use crate::db::{self, DbConn};
use crate::domain::agrement::{Coverage, coverage, same_site, site_line};
use crate::domain::validation::FieldErrors;
use crate::error::AppResult;

/// What the session takes from its agrément.
pub(super) struct UnderAgrement {
    /// The agrément, if any.
    pub(super) agrement_id: Option<i64>,
    /// The agrément's site, the session's venue (none without an agrément).
    pub(super) site: Option<String>,
}

/// What is asked of the session.
pub(super) struct Asked<'a> {
    /// The organiser.
    pub(super) organisation_id: i64,
    /// The agrément named (or kept).
    pub(super) agrement_id: Option<i64>,
    /// Whether the session is new.
    pub(super) creating: bool,
    /// The session's local day.
    pub(super) day: NaiveDate,
    /// The venue written, if any.
    pub(super) venue: Option<&'a str>,
}

/// Checks the session against its agrément; refusals go to `errors`.
pub(super) fn check(
    conn: &mut DbConn,
    errors: &mut FieldErrors,
    certification: &CertificationRecord,
    asked: &Asked<'_>,
) -> AppResult<UnderAgrement> {
    let none = UnderAgrement {
        agrement_id: None,
        site: None,
    };
    let Some(id) = asked.agrement_id else {
        if asked.creating
            && let Some(title_id) = certification.title_id
            && q::count_for_title(conn, asked.organisation_id, title_id)? > 0
        {
            errors.add(
                "agrement_id",
                "L'organisme détient un agrément pour ce titre : indiquez celui de la session.",
            );
        }
        return Ok(none);
    };
    let agrement = match db::found(q::find(conn, id))? {
        Some(a) if a.organisation_id == asked.organisation_id => a,
        _ => {
            errors.add("agrement_id", "Agrément introuvable pour cet organisme.");
            return Ok(none);
        }
    };
    let title = q::title(conn, agrement.title_id)?;
    let site = site_line(
        &agrement.site_lines,
        &agrement.site_postcode,
        &agrement.site_city,
    );
    let number = &agrement.number;
    if certification.title_id != Some(agrement.title_id) {
        errors.add(
            "agrement_id",
            format!(
                "Hors agrément : la certification {} relève d'une autre version du titre que \
                 l'agrément n° {number} ({} {}).",
                certification.code, title.name, title.version
            ),
        );
    }
    if let Some(venue) = asked.venue
        && !same_site(venue, &site)
    {
        errors.add(
            "venue",
            format!(
                "Hors agrément : la session se tient sur le site de l'agrément n° {number} \
                 ({site})."
            ),
        );
    }
    if coverage(
        agrement.valid_from,
        agrement.valid_until,
        title.valid_until,
        asked.day,
    ) == Coverage::Outside
    {
        errors.add(
            "starts_at",
            format!(
                "Hors agrément : le {} tombe hors de la période de l'agrément n° {number} \
                 (du {} au {}{}).",
                asked.day.format("%d/%m/%Y"),
                agrement.valid_from.format("%d/%m/%Y"),
                agrement.valid_until.format("%d/%m/%Y"),
                title.valid_until.map_or_else(String::new, |end| format!(
                    ", prolongation comprise jusqu'au {}",
                    crate::domain::agrement::prolongation_end(end).format("%d/%m/%Y")
                )),
            ),
        );
    }
    Ok(UnderAgrement {
        agrement_id: Some(id),
        site: Some(site),
    })
}
