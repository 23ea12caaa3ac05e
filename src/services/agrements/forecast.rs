//! The forecast programme (due before 31 January to each DREETS unit): the sessions of a year
//! under an organisation's agréments of one unit, and the same for remote sessions only (sent to
//! the DGEFP first, arrêté du 14 novembre 2024). CSV for a French spreadsheet: `;`, UTF-8 with a
//! BOM, cells that could run as formulas neutralised; dates and times in each session's zone.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Principal;
use crate::db::agrements as q;
use crate::db::{DbConn, exams};
use crate::domain::session_file::SessionKind;
use crate::domain::text::csv_cell;
use crate::error::{AppError, AppResult};

/// The header line.
pub const HEADER: &str = "date;début;fin;titre;version;certification;type de session;site;\
                          à distance;places;candidats inscrits;numéro CERES;numéro d'agrément;\
                          unité DREETS\r\n";

/// Which programme.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// The year (default: the next one).
    pub year: Option<i32>,
    /// The DREETS unit, as written on the agréments (default: every unit).
    pub dreets_unit: Option<String>,
}

fn fail(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("csv: {e}"))
}

/// The programme of `query.year` of `organisation_id` (its staff and admins), remote sessions
/// only when `remote_only`; returns the year and the CSV.
pub fn forecast_csv(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    query: &ForecastQuery,
    remote_only: bool,
    today: NaiveDate,
) -> AppResult<(i32, Vec<u8>)> {
    actor.require_staff_of(organisation_id)?;
    crate::db::organisations::find(conn, organisation_id)?;
    let year = query.year.unwrap_or(today.year() + 1);
    let (Some(first), Some(next)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        return Err(AppError::field("year", "Année invalide."));
    };
    if !(crate::domain::validation::FIRST_YEAR..=crate::domain::validation::LAST_YEAR)
        .contains(&year)
    {
        return Err(AppError::field("year", "Année invalide."));
    }
    // A day's margin each side: the zone of each session decides its year below.
    let range = (
        (first - Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
        (next + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
    );
    let unit = query
        .dreets_unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let rows = q::planned_under(conn, organisation_id, range, unit, remote_only)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (session, agrement) in rows {
        let zone = session.timezone.tz();
        let start = session.starts_at.and_utc().with_timezone(&zone);
        if start.year() != year {
            continue;
        }
        let end = session.ends_at.and_utc().with_timezone(&zone);
        let title = q::title(conn, agrement.title_id)?;
        let certification = exams::certification(conn, session.certification_id)?;
        let candidates = exams::candidates(conn, session.id)?.len();
        let kind = SessionKind::parse(&session.kind).unwrap_or(SessionKind::Ccp);
        writer
            .write_record([
                start.format("%d/%m/%Y").to_string(),
                start.format("%H:%M").to_string(),
                end.format("%H:%M").to_string(),
                csv_cell(&title.name).into_owned(),
                title.version,
                certification.code,
                kind.label().to_owned(),
                csv_cell(session.venue.as_deref().unwrap_or_default()).into_owned(),
                if session.remote { "oui" } else { "non" }.to_owned(),
                session.capacity.to_string(),
                candidates.to_string(),
                csv_cell(session.ceres_number.as_deref().unwrap_or_default()).into_owned(),
                csv_cell(&agrement.number).into_owned(),
                csv_cell(&agrement.dreets_unit).into_owned(),
            ])
            .map_err(fail)?;
    }
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(HEADER.as_bytes());
    bytes.extend(writer.into_inner().map_err(fail)?);
    Ok((year, bytes))
}
