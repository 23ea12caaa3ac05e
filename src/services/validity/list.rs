//! The « Échéances » list: what ends within `within` days in the actor's scope, ordered by end
//! date and paginated, with what has already ended (as far back as `within` days) apart.
//!
//! Scope: admins see everything; coordinators the agréments, host labels, Pix certifications
//! and examiners' habilitations of the organisations they coordinate (and their own); staff
//! their organisation's agréments and host labels and their advisors' Pix; an examiner their
//! own habilitations, an advisor their own Pix. Title versions are national reference data,
//! shown to admins, coordinators and staff.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::validity::{self as q, Window};
use crate::domain::pagination::PageRequest;
use crate::domain::roles::Role;
use crate::domain::validity::{ValidityKind, days_left, pix_taken_on_for, pix_valid_until};
use crate::error::AppResult;

/// One item that ends.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ValidityItem {
    /// What it is.
    pub kind: ValidityKind,
    /// « Habilitation de jury »…
    pub kind_label: String,
    /// Its id (of its own table).
    pub id: i64,
    /// Who or what: « Inès Garnier — CCP1 », « Médiateur numérique (2025) »…
    pub subject: String,
    /// The organisation it belongs to, if any.
    pub organisation: Option<String>,
    /// Its last day.
    pub ends_on: NaiveDate,
    /// Days from today to it (negative once ended).
    pub days_left: i64,
    /// Whether it has ended.
    pub expired: bool,
    /// Where to see it.
    pub link: String,
}

/// The list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ValidityList {
    /// The window, in days.
    pub within: u32,
    /// Today.
    pub today: NaiveDate,
    /// What ends from today to `within` days ahead (this page).
    pub items: Vec<ValidityItem>,
    /// All of them.
    pub total: i64,
    /// 1-based page number.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
    /// What ended in the last `within` days (not renewed), latest first.
    pub expired: Vec<ValidityItem>,
}

/// Who sees what (see the module's comment).
struct Reach {
    all: bool,
    /// Organisations whose agréments, labels and advisors' Pix are seen.
    orgs: Vec<i64>,
    /// Organisations whose examiners' habilitations are seen.
    examiner_orgs: Vec<i64>,
    examiner: Option<i64>,
    advisor: Option<i64>,
    titles: bool,
}

fn reach(actor: &Principal) -> Reach {
    let mut coordinated = actor.orgs_with(Role::Coordinator);
    if !coordinated.is_empty() {
        coordinated.extend(actor.coordinated.iter().copied());
    }
    coordinated.sort_unstable();
    coordinated.dedup();
    let mut orgs = actor.orgs_with(Role::Staff);
    orgs.extend(coordinated.iter().copied());
    orgs.sort_unstable();
    orgs.dedup();
    Reach {
        all: actor.is_admin(),
        titles: actor.is_admin() || !orgs.is_empty(),
        orgs,
        examiner_orgs: coordinated,
        examiner: actor
            .has_role(Role::Examiner)
            .then_some(actor.user_id)
            .filter(|id| *id > 0),
        advisor: actor.advisor_id.filter(|_| actor.has_role(Role::Advisor)),
    }
}

fn item(
    kind: ValidityKind,
    id: i64,
    (subject, organisation): (String, Option<String>),
    ends_on: NaiveDate,
    link: String,
    today: NaiveDate,
) -> ValidityItem {
    let left = days_left(ends_on, today);
    ValidityItem {
        kind,
        kind_label: kind.label().to_owned(),
        id,
        subject,
        organisation,
        ends_on,
        days_left: left,
        expired: left < 0,
        link,
    }
}

/// Everything in reach ending in `window`: one query per kind (two for habilitations when the
/// actor is both a coordinator and an examiner).
fn gather(
    conn: &mut DbConn,
    reach: &Reach,
    window: Window,
    today: NaiveDate,
) -> AppResult<Vec<ValidityItem>> {
    let orgs = (!reach.all).then_some(reach.orgs.as_slice());
    let mut items = Vec::new();
    let mut habilitations = Vec::new();
    if reach.all || !reach.examiner_orgs.is_empty() {
        let scope = (!reach.all).then_some(reach.examiner_orgs.as_slice());
        habilitations.extend(q::habilitations(conn, window, scope, None)?);
    }
    if let Some(user) = reach.examiner.filter(|_| !reach.all) {
        habilitations.extend(q::habilitations(conn, window, None, Some(user))?);
    }
    habilitations.sort_by_key(|h| h.0);
    habilitations.dedup_by_key(|h| h.0);
    for (id, _, name, code, end) in habilitations {
        if let Some(end) = end {
            let link = "/validity".to_owned();
            items.push(item(
                ValidityKind::Habilitation,
                id,
                (format!("{name} — {code}"), None),
                end,
                link,
                today,
            ));
        }
    }
    let taken = (pix_taken_on_for(window.from), pix_taken_on_for(window.to));
    let mut pix = Vec::new();
    if reach.all || !reach.orgs.is_empty() {
        pix.extend(q::pix(conn, taken, orgs, None)?);
    }
    if let Some(advisor) = reach.advisor.filter(|_| !reach.all) {
        pix.extend(q::pix(conn, taken, None, Some(advisor))?);
    }
    pix.sort_by_key(|p| p.0);
    pix.dedup_by_key(|p| p.0);
    for (id, advisor, name, taken_on, org) in pix {
        let link = format!("/advisors/{advisor}");
        let ends = pix_valid_until(taken_on);
        items.push(item(ValidityKind::Pix, id, (name, org), ends, link, today));
    }
    if reach.all || !reach.orgs.is_empty() {
        for (id, org, org_name, number, end) in q::agrements(conn, window, orgs)? {
            let link = format!("/organisations/{org}/agrements");
            let subject = (format!("Agrément n° {number}"), Some(org_name));
            items.push(item(ValidityKind::Agrement, id, subject, end, link, today));
        }
        for (id, org, org_name, year, end) in q::host_labels(conn, window, orgs)? {
            let link = format!("/organisations/{org}");
            let subject = (format!("Label {year}"), Some(org_name));
            items.push(item(ValidityKind::HostLabel, id, subject, end, link, today));
        }
    }
    if reach.titles {
        for (id, name, version, end, prolonged) in q::titles(conn, window)? {
            let Some(ends) = prolonged.or(end) else {
                continue;
            };
            let subject = match prolonged {
                Some(_) => format!("{name} ({version}), prolongé"),
                None => format!("{name} ({version})"),
            };
            let link = "/validity".to_owned();
            items.push(item(
                ValidityKind::Title,
                id,
                (subject, None),
                ends,
                link,
                today,
            ));
        }
    }
    Ok(items)
}

/// What ends within `within` days of `today` in the actor's scope (`page` of it), and what
/// ended in the last `within` days apart.
pub fn expiring(
    conn: &mut DbConn,
    actor: &Principal,
    today: NaiveDate,
    within: u32,
    page: PageRequest,
) -> AppResult<ValidityList> {
    let days = Days::new(u64::from(within));
    let window = Window {
        from: today.checked_sub_days(days).unwrap_or(today),
        to: today.checked_add_days(days).unwrap_or(today),
    };
    let all = gather(conn, &reach(actor), window, today)?;
    let (mut expired, mut upcoming): (Vec<_>, Vec<_>) = all.into_iter().partition(|i| i.expired);
    upcoming.sort_by(|a, b| {
        (a.ends_on, a.kind.as_str(), a.id).cmp(&(b.ends_on, b.kind.as_str(), b.id))
    });
    expired.sort_by(|a, b| {
        (b.ends_on, a.kind.as_str(), a.id).cmp(&(a.ends_on, b.kind.as_str(), b.id))
    });
    let total = i64::try_from(upcoming.len()).unwrap_or(i64::MAX);
    let items = upcoming
        .into_iter()
        .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(page.per_page).unwrap_or(0))
        .collect();
    Ok(ValidityList {
        within,
        today,
        items,
        total,
        page: page.page,
        per_page: page.per_page,
        expired,
    })
}
