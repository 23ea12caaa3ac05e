//! Read-outs: the list, one advisor, and their page's detail.

use super::views::{AdvisorDetail, AdvisorView, PositioningView};
use crate::auth::Principal;
use crate::auth::principal::Scope;
use crate::db::advisors::{self as q, AdvisorFilter, AdvisorRow, PositioningTestRow};
use crate::db::{DbConn, advisor_identities, organisations, reference};
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

/// A page of the advisors the actor may see.
pub fn list(
    conn: &mut DbConn,
    actor: &Principal,
    filter: &AdvisorFilter,
    page: PageRequest,
) -> AppResult<Paginated<AdvisorView>> {
    let scope = actor.advisor_scope();
    if scope == Scope::Nothing || matches!(scope, Scope::Advisor(_)) {
        return Err(AppError::Forbidden(
            "La liste des conseillers est réservée aux organismes.".to_owned(),
        ));
    }
    let (rows, total) = q::list(conn, &scope, filter, page)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let identities = advisor_identities::of_many(conn, &ids)?;
    Ok(Paginated::new(rows, total, page).map(|row| {
        let identity = identities.iter().find(|i| i.advisor_id == row.id).cloned();
        let mut view = AdvisorView::from(row);
        view.identity = identity.map(Into::into).unwrap_or_default();
        view
    }))
}

/// The view of a row, with its identity.
pub(super) fn view(conn: &mut DbConn, row: AdvisorRow) -> AppResult<AdvisorView> {
    let identity = super::identity::of(conn, row.id)?;
    let mut view = AdvisorView::from(row);
    view.identity = identity;
    Ok(view)
}

/// One advisor, if the actor may see them (404 otherwise).
pub fn get(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<AdvisorView> {
    let row = q::find_in_scope(conn, &actor.advisor_scope(), id)?;
    view(conn, row)
}

/// One advisor with names and tests, for their page.
pub fn detail(conn: &mut DbConn, actor: &Principal, ctx: Ctx, id: i64) -> AppResult<AdvisorDetail> {
    let row = q::find_in_scope(conn, &actor.advisor_scope(), id)?;
    let ids: Vec<i64> = [row.organisation_id, row.host_structure_id]
        .into_iter()
        .flatten()
        .collect();
    let names = organisations::names(conn, &ids)?;
    let territory_name = reference::territory(conn, &row.territory_code)?
        .map(|t| t.name)
        .unwrap_or_default();
    let positioning_tests = tests(conn, id)?;
    let can_edit = may_edit(actor, &row);
    let progress = crate::services::progress::get(conn, actor, ctx, id)?;
    let modules = crate::db::module_enrolments::for_advisor(conn, id)?;
    let certifications = crate::services::results::certifications(conn, actor, id)?;
    let training_ends_on = crate::db::enrolments::initial_training_end(conn, id)?;
    Ok(AdvisorDetail {
        certifications,
        training_ends_on,
        progress,
        modules,
        organisation_name: row.organisation_id.and_then(|o| names.get(&o).cloned()),
        host_structure_name: row.host_structure_id.and_then(|o| names.get(&o).cloned()),
        territory_name,
        positioning_tests,
        can_edit,
        advisor: view(conn, row)?,
    })
}

fn tests(conn: &mut DbConn, advisor_id: i64) -> AppResult<Vec<PositioningView>> {
    let rows: Vec<PositioningTestRow> = q::tests_of(conn, advisor_id)?;
    let tracks = reference::tracks(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|t| {
            let track = tracks.iter().find(|tr| tr.id == t.track_id)?.clone();
            Some(PositioningView {
                id: t.id,
                taken_on: t.taken_on,
                score: t.score,
                track: track.into(),
            })
        })
        .collect())
}

/// Staff of the advisor's training body or host structure, and admins, may change the record.
pub(crate) fn may_edit(actor: &Principal, row: &AdvisorRow) -> bool {
    actor.is_admin()
        || [row.organisation_id, row.host_structure_id]
            .into_iter()
            .flatten()
            .any(|org| actor.orgs_with(Role::Staff).contains(&org))
}
