//! The choices a user may pick in a form, decided by their roles: the training bodies a cohort
//! may be scheduled for, those an advisor may be recorded with, and the trainers a cohort (or
//! one of its days) may be given.

use super::abilities::may_choose_any_training_body;
use super::organisations::{self, OrganisationView};
use super::queries::OrganisationFilter;
use super::trainers::TrainerView;
use crate::auth::Principal;
use crate::db::{DbConn, cohorts, users};
use crate::domain::pagination::PageRequest;
use crate::domain::roles::{OrgRole, Role};
use crate::error::AppResult;

/// Training bodies, at most 200.
fn training_bodies(conn: &mut DbConn) -> AppResult<Vec<OrganisationView>> {
    Ok(organisations::list(
        conn,
        &OrganisationFilter {
            kind: Some("training_body".to_owned()),
            ..OrganisationFilter::default()
        },
        PageRequest::new(Some(1), Some(200)),
    )?
    .items)
}

/// The training bodies `actor` may schedule a cohort for: every one for admins, those they are
/// staff of otherwise.
pub fn cohort_training_bodies(
    conn: &mut DbConn,
    actor: &Principal,
) -> AppResult<Vec<OrganisationView>> {
    let bodies = training_bodies(conn)?;
    if may_choose_any_training_body(actor) {
        return Ok(bodies);
    }
    let staff_of = actor.orgs_with(Role::Staff);
    Ok(bodies
        .into_iter()
        .filter(|o| staff_of.contains(&o.id))
        .collect())
}

/// The training bodies `actor` may name on an advisor form: every one for admins; none for
/// staff, whose advisors belong to their own organisation.
pub fn advisor_training_bodies(
    conn: &mut DbConn,
    actor: &Principal,
) -> AppResult<Vec<OrganisationView>> {
    if may_choose_any_training_body(actor) {
        training_bodies(conn)
    } else {
        Ok(Vec::new())
    }
}

/// The trainers `actor` may assign to cohort `cohort_id` or one of its days: the active
/// trainers of the cohort's organisation, for its staff (and admins); none for anyone else.
pub fn cohort_trainers(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<Vec<TrainerView>> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    if !actor.is_staff_of(cohort.organisation_id) {
        return Ok(Vec::new());
    }
    Ok(
        users::with_role_in(conn, Role::Trainer.as_str(), cohort.organisation_id)?
            .into_iter()
            .map(TrainerView::from)
            .collect(),
    )
}

/// The organisations `actor` may schedule a module session for: every module provider and
/// the catalogue owner for admins; for staff, those of their organisations that are either.
/// Empty means « Programmer une session » is not theirs to do.
pub fn module_session_organisations(
    conn: &mut DbConn,
    actor: &Principal,
) -> AppResult<Vec<OrganisationView>> {
    let mut found = Vec::new();
    for role in [OrgRole::ModuleProvider, OrgRole::ModuleCatalogueOwner] {
        let listed = organisations::list(
            conn,
            &OrganisationFilter {
                role: Some(role.as_str().to_owned()),
                ..OrganisationFilter::default()
            },
            PageRequest::new(Some(1), Some(200)),
        )?
        .items;
        found.extend(listed);
    }
    let staff_of = actor.orgs_with(Role::Staff);
    let mut found: Vec<OrganisationView> = found
        .into_iter()
        .filter(|o| actor.is_admin() || staff_of.contains(&o.id))
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found.dedup_by_key(|o| o.id);
    Ok(found)
}

/// The programme's time zones, each named by its territory (« La Réunion (UTC+4) »), with
/// their offset at `now`.
pub fn zones(
    conn: &mut DbConn,
    now: chrono::NaiveDateTime,
) -> AppResult<Vec<crate::domain::timezone::ZoneChoice>> {
    let territories: Vec<(String, String)> = super::reference::territories(conn)?
        .into_iter()
        .map(|t| (t.name, t.timezone))
        .collect();
    Ok(crate::domain::timezone::choices(&territories, now))
}
