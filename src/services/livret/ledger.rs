//! The ledger of CCPs held. Written from published validated results (idempotent, so a
//! correction of another result elsewhere never removes a CCP), completed by the correspondence
//! table for the title versions the advisor sits; read for the full title.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::json;

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exams as q;
use crate::db::livret::{self as l, NewHolding};
use crate::domain::exam::Outcome;
use crate::domain::livret::HoldingRoute;
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Brings the advisor's ledger up to date, in the caller's transaction: every published
/// validated result is a CCP held (never removed here), then every correspondence from a held
/// CCP to one of a title version the advisor sits (or holds a CCP of) is held too.
pub fn sync(conn: &mut DbConn, ctx: Ctx, advisor_id: i64) -> AppResult<()> {
    let published = q::published_results(conn, advisor_id)?;
    for r in published
        .iter()
        .filter(|r| r.title_id.is_some() && r.outcome == Outcome::Validated.as_str())
    {
        let candidate = q::candidates(conn, r.session_id)?
            .into_iter()
            .find(|c| c.advisor_id == advisor_id);
        l::add_holding(
            conn,
            &NewHolding {
                advisor_id,
                certification_id: r.certification_id,
                obtained_on: r.starts_at.date(),
                route: HoldingRoute::of_candidate(&r.route).as_str().to_owned(),
                candidate_id: candidate.map(|c| c.id),
                via_certification_id: None,
                created_at: ctx.now,
            },
        )?;
    }
    apply_correspondences(conn, ctx, advisor_id)
}

/// Holds by correspondence what the table gives, for the title versions the advisor sits.
fn apply_correspondences(conn: &mut DbConn, ctx: Ctx, advisor_id: i64) -> AppResult<()> {
    let title_of: HashMap<i64, i64> = l::blocks(conn)?
        .into_iter()
        .map(|b| (b.certification_id, b.title_id))
        .collect();
    let table = l::correspondences(conn)?;
    // A chain (2019 → 2025 → later) is followed as far as it goes.
    for _ in 0..4 {
        let held = l::holdings_of(conn, advisor_id)?;
        let held_ids: HashMap<i64, NaiveDate> = held
            .iter()
            .map(|h| (h.certification_id, h.obtained_on))
            .collect();
        let mut sat: HashSet<i64> = l::titles_sat(conn, advisor_id)?.into_iter().collect();
        sat.extend(
            held.iter()
                .filter_map(|h| title_of.get(&h.certification_id).copied()),
        );
        let mut added = false;
        for c in &table {
            let (Some(on), false) = (
                held_ids.get(&c.from_certification_id),
                held_ids.contains_key(&c.to_certification_id),
            ) else {
                continue;
            };
            if !title_of
                .get(&c.to_certification_id)
                .is_some_and(|t| sat.contains(t))
            {
                continue;
            }
            added |= l::add_holding(
                conn,
                &NewHolding {
                    advisor_id,
                    certification_id: c.to_certification_id,
                    obtained_on: *on,
                    route: HoldingRoute::Correspondence.as_str().to_owned(),
                    candidate_id: None,
                    via_certification_id: Some(c.from_certification_id),
                    created_at: ctx.now,
                },
            )?;
        }
        if !added {
            break;
        }
    }
    Ok(())
}

/// The correction after publication of the very result that gave a CCP (it was not obtained):
/// withdraws that holding and those drawn from it by correspondence, audited. Holdings from
/// other results stay.
pub fn withdraw_for_correction(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    candidate_id: i64,
) -> AppResult<()> {
    let removed = l::remove_holding_of_candidate(conn, candidate_id)?;
    if let Some(first) = removed.first() {
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "ccp_holding.withdraw",
                entity: "advisor",
                entity_id: first.advisor_id.to_string(),
                before: snapshot(&json!({"holdings": removed}))?,
                after: None,
                reason: Some("Résultat corrigé après publication"),
            },
        )?;
    }
    Ok(())
}

/// Whether the advisor holds every CCP of title version `title_id`, whichever route (exam,
/// VAE, correspondence) each came by.
pub fn holds_every_ccp(conn: &mut DbConn, advisor_id: i64, title_id: i64) -> AppResult<bool> {
    let blocks = q::certification_ids_of_title(conn, title_id)?;
    let held: HashSet<i64> = l::holdings_of(conn, advisor_id)?
        .into_iter()
        .map(|h| h.certification_id)
        .collect();
    Ok(!blocks.is_empty() && blocks.iter().all(|b| held.contains(b)))
}

/// The title versions whose every CCP the advisor holds, each dated by the last CCP obtained.
pub fn complete_titles(conn: &mut DbConn, advisor_id: i64) -> AppResult<Vec<(i64, NaiveDate)>> {
    let title_of: HashMap<i64, i64> = l::blocks(conn)?
        .into_iter()
        .map(|b| (b.certification_id, b.title_id))
        .collect();
    let mut last: HashMap<i64, NaiveDate> = HashMap::new();
    for h in l::holdings_of(conn, advisor_id)? {
        if let Some(title) = title_of.get(&h.certification_id) {
            let day = last.entry(*title).or_insert(h.obtained_on);
            *day = (*day).max(h.obtained_on);
        }
    }
    let mut complete = Vec::new();
    for (title, on) in last {
        if holds_every_ccp(conn, advisor_id, title)? {
            complete.push((title, on));
        }
    }
    complete.sort_unstable();
    Ok(complete)
}
