//! Reading agréments: the view the API and pages show, for the organisation's staff and admins.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::agrements::{self as q, AgrementRow};
use crate::db::{self, DbConn};
use crate::domain::agrement::site_line;
use crate::error::{AppError, AppResult};

/// An agrément as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgrementView {
    /// Id.
    pub id: i64,
    /// The exam centre.
    pub organisation_id: i64,
    /// The title version approved (`titles.id`).
    pub title_id: i64,
    /// The title's name.
    pub title_name: String,
    /// Its version (`2019`, `2025`).
    pub title_version: String,
    /// The title's last day of validity, when it has one (the prolongation follows it).
    pub title_valid_until: Option<NaiveDate>,
    /// The DREETS's number.
    pub number: String,
    /// The site's address lines.
    pub address: String,
    /// Its postcode.
    pub postcode: String,
    /// Its city.
    pub city: String,
    /// The site as one line: the venue of the sessions held under the agrément.
    pub site: String,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day.
    pub valid_until: NaiveDate,
    /// The DREETS unit.
    pub dreets_unit: String,
}

/// A title version to choose from: `(id, « Médiateur numérique (2025) »)`.
pub type TitleChoice = (i64, String);

/// The view of a row.
pub(super) fn view_of(conn: &mut DbConn, row: &AgrementRow) -> AppResult<AgrementView> {
    let title = q::title(conn, row.title_id)?;
    Ok(AgrementView {
        id: row.id,
        organisation_id: row.organisation_id,
        title_id: row.title_id,
        title_name: title.name,
        title_version: title.version,
        title_valid_until: title.valid_until,
        number: row.number.clone(),
        address: row.site_lines.clone(),
        postcode: row.site_postcode.clone(),
        city: row.site_city.clone(),
        site: site_line(&row.site_lines, &row.site_postcode, &row.site_city),
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        dreets_unit: row.dreets_unit.clone(),
    })
}

/// The agrément `id` of `organisation_id`, for its staff (404 when it is another's).
pub(super) fn visible(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    id: i64,
) -> AppResult<AgrementRow> {
    actor.require_staff_of(organisation_id)?;
    match db::found(q::find(conn, id))? {
        Some(row) if row.organisation_id == organisation_id => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

/// An organisation's agréments, the latest ending first (its staff and admins).
pub fn list(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
) -> AppResult<Vec<AgrementView>> {
    actor.require_staff_of(organisation_id)?;
    crate::db::organisations::find(conn, organisation_id)?;
    q::of_organisation(conn, organisation_id)?
        .iter()
        .map(|row| view_of(conn, row))
        .collect()
}

/// One agrément of an organisation.
pub fn get(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    id: i64,
) -> AppResult<AgrementView> {
    let row = visible(conn, actor, organisation_id, id)?;
    view_of(conn, &row)
}

/// The title versions an agrément may name.
pub fn title_choices(conn: &mut DbConn) -> AppResult<Vec<TitleChoice>> {
    Ok(q::titles(conn)?
        .into_iter()
        .map(|t| (t.id, format!("{} ({})", t.name, t.version)))
        .collect())
}

/// What the planning form of a session offers: the agréments of the actor's organisation and
/// its members (a responsable de session is one of them).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanChoices {
    /// The agréments, the latest ending first.
    pub agrements: Vec<AgrementView>,
    /// Members: `(user id, name)`.
    pub members: Vec<(i64, String)>,
}

/// The choices of the planning form for `actor`: those of the first organisation they are
/// staff of (none for admins, who plan for an organisation through the API).
pub fn plan_choices(conn: &mut DbConn, actor: &Principal) -> AppResult<PlanChoices> {
    let Some(organisation_id) = actor
        .orgs_with(crate::domain::roles::Role::Staff)
        .first()
        .copied()
    else {
        return Ok(PlanChoices::default());
    };
    let agrements = q::of_organisation(conn, organisation_id)?
        .iter()
        .map(|row| view_of(conn, row))
        .collect::<AppResult<Vec<_>>>()?;
    let mut members = Vec::new();
    for role in [
        crate::domain::roles::Role::Staff,
        crate::domain::roles::Role::Examiner,
        crate::domain::roles::Role::Trainer,
    ] {
        for member in crate::db::users::with_role_in(conn, role.as_str(), organisation_id)? {
            if !members.iter().any(|(id, _)| *id == member.0) {
                members.push(member);
            }
        }
    }
    Ok(PlanChoices { agrements, members })
}
