//! Host structures' yearly « label conseiller numérique » (REGULATION.md §3, new in 2026; its
//! shape — a year, a period of at most a year, the sworn statement's reference — is assumed),
//! recorded by the organisation's staff, the coordination over it or admins; audited, its
//! reminders queued in the same transaction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::host_labels::{self as q, HostLabelRow};
use crate::db::{self, DbConn, organisations};
use crate::domain::roles::{OrgKind, OrgRole, Role};
use crate::domain::validation::{FieldErrors, parse_date, required_text};
use crate::domain::validity::ValidityKind;
use crate::error::{AppError, AppResult, unique_as};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Fields of a label.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HostLabelInput {
    /// The year it is for (`2026`).
    pub year: Option<i32>,
    /// `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD`, its last day.
    pub valid_until: Option<String>,
    /// The sworn statement's reference.
    pub reference: Option<String>,
}

/// A label.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HostLabelView {
    /// Id.
    pub id: i64,
    /// The host structure.
    pub organisation_id: i64,
    /// Its year.
    pub year: i32,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day.
    pub valid_until: NaiveDate,
    /// The reference.
    pub reference: String,
}

fn view(row: HostLabelRow) -> HostLabelView {
    HostLabelView {
        id: row.id,
        organisation_id: row.organisation_id,
        year: row.year,
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        reference: row.reference,
    }
}

/// Whether `actor` may record the labels of `organisation_id`.
pub fn may_record(actor: &Principal, organisation_id: i64) -> bool {
    actor.is_staff_of(organisation_id)
        || (actor.has_role(Role::Coordinator)
            && (actor.coordinated.contains(&organisation_id)
                || actor
                    .orgs_with(Role::Coordinator)
                    .contains(&organisation_id)))
}

/// The labels of an organisation the actor may read (NotFound otherwise), latest first.
pub fn labels_of(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
) -> AppResult<Vec<HostLabelView>> {
    if !actor.can_read_org(organisation_id) {
        return Err(AppError::NotFound);
    }
    Ok(q::of_organisation(conn, organisation_id)?
        .into_iter()
        .map(view)
        .collect())
}

fn validate(input: &HostLabelInput) -> AppResult<(i32, NaiveDate, NaiveDate, String)> {
    let mut errors = FieldErrors::new();
    let year = input.year.filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        errors.add("year", "Année du label attendue (par exemple 2026).");
    }
    let from = errors.take("valid_from", parse_date(input.valid_from.as_deref()));
    let until = errors.take("valid_until", parse_date(input.valid_until.as_deref()));
    let reference = errors.take("reference", required_text(input.reference.as_deref(), 120));
    if let (Some(f), Some(u)) = (from, until) {
        if u < f {
            errors.add("valid_until", "La fin de validité suit son début.");
        } else if f
            .checked_add_months(chrono::Months::new(12))
            .is_some_and(|y| u >= y)
        {
            errors.add("valid_until", "Un label vaut un an au plus.");
        }
    }
    errors.clone().into_result()?;
    match (year, from, until, reference) {
        (Some(y), Some(f), Some(u), Some(r)) => Ok((y, f, u, r)),
        _ => Err(errors.into()),
    }
}

/// Records the label of a host structure for a year.
pub fn record_label(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    organisation_id: i64,
    input: &HostLabelInput,
) -> AppResult<HostLabelView> {
    if !actor.can_read_org(organisation_id) && !actor.coordinated.contains(&organisation_id) {
        return Err(AppError::NotFound);
    }
    if !may_record(actor, organisation_id) {
        return Err(AppError::Forbidden(
            "Le label est enregistré par l'équipe de la structure, sa coordination ou un administrateur."
                .to_owned(),
        ));
    }
    let (year, from, until, reference) = validate(input)?;
    db::write_transaction(conn, |conn| {
        let org = organisations::find(conn, organisation_id)?;
        let host = org.kind == OrgKind::HostStructure.as_str()
            || organisations::has_role(conn, organisation_id, OrgRole::HostStructure.as_str())?;
        if !host {
            return Err(AppError::field(
                "organisation_id",
                "Seule une structure d'accueil reçoit le label conseiller numérique.",
            ));
        }
        let id = q::insert(
            conn,
            organisation_id,
            year,
            (from, until),
            &reference,
            actor.audit_user_id(),
            ctx.now,
        )
        .map_err(unique_as(
            "year",
            "Le label de cette année est déjà enregistré.",
        ))?;
        let label = view(q::find(conn, id)?);
        super::schedule(conn, ctx, ValidityKind::HostLabel, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "host_label.create",
                entity: "organisation",
                entity_id: organisation_id.to_string(),
                before: None,
                after: snapshot(&label)?,
                reason: None,
            },
        )?;
        Ok(label)
    })
}
