//! What expires in a window of end dates: one query per kind (each on an indexed end-date
//! column), and one more per kind for the items that renew them, never a query per row. The
//! scope arrives as organisation lists (`None` = every organisation) decided by
//! `services::validity`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    advisors, agrements, certifications, habilitations, host_labels, memberships, organisations,
    pix_results, title_prolongations, titles, users,
};

/// A window of last days, both ends included.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// First end date shown.
    pub from: NaiveDate,
    /// Last end date shown.
    pub to: NaiveDate,
}

/// A habilitation: `(id, examiner id, examiner's name, certification code, last day)`.
pub type HabilitationEnd = (i64, i64, String, String, Option<NaiveDate>);

/// Habilitations ending in `window`, of examiners of `orgs` (or of `user`), that no later
/// habilitation of the same examiner and certification renews.
pub fn habilitations(
    conn: &mut DbConn,
    window: Window,
    orgs: Option<&[i64]>,
    user: Option<i64>,
) -> QueryResult<Vec<HabilitationEnd>> {
    let mut query = habilitations::table
        .inner_join(users::table.on(users::id.eq(habilitations::user_id)))
        .inner_join(certifications::table)
        .filter(habilitations::valid_to.between(window.from, window.to))
        .select((
            habilitations::id,
            habilitations::user_id,
            users::name,
            certifications::code,
            habilitations::valid_to,
        ))
        .order((habilitations::valid_to, habilitations::id))
        .into_boxed();
    if let Some(orgs) = orgs {
        query = query.filter(
            habilitations::user_id.eq_any(
                memberships::table
                    .filter(memberships::role.eq("examiner"))
                    .filter(memberships::organisation_id.eq_any(orgs.to_vec()))
                    .select(memberships::user_id),
            ),
        );
    }
    if let Some(user) = user {
        query = query.filter(habilitations::user_id.eq(user));
    }
    let rows: Vec<HabilitationEnd> = query.load(conn)?;
    let people: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let later: Vec<(i64, String, Option<NaiveDate>)> = habilitations::table
        .inner_join(certifications::table)
        .filter(habilitations::user_id.eq_any(people))
        .select((
            habilitations::user_id,
            certifications::code,
            habilitations::valid_to,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, user, _, code, end)| {
            !later
                .iter()
                .any(|(u, c, e)| u == user && c == code && e.is_none_or(|e| Some(e) > *end))
        })
        .collect())
}

/// A Pix result: `(id, advisor id, advisor's name, taken on, training body's name)`.
pub type PixEnd = (i64, i64, String, NaiveDate, Option<String>);

/// Pix results taken between `taken` (both included) of advisors of `orgs` (as training body
/// or host structure, or `advisor` alone), that no later result of the same advisor renews.
pub fn pix(
    conn: &mut DbConn,
    taken: (NaiveDate, NaiveDate),
    orgs: Option<&[i64]>,
    advisor: Option<i64>,
) -> QueryResult<Vec<PixEnd>> {
    let mut query = pix_results::table
        .inner_join(advisors::table.on(advisors::id.eq(pix_results::advisor_id)))
        .left_join(
            organisations::table.on(advisors::organisation_id.eq(organisations::id.nullable())),
        )
        .filter(pix_results::taken_on.between(taken.0, taken.1))
        .select((
            pix_results::id,
            pix_results::advisor_id,
            advisors::first_name.concat(" ").concat(advisors::last_name),
            pix_results::taken_on,
            organisations::name.nullable(),
        ))
        .order((pix_results::taken_on, pix_results::id))
        .into_boxed();
    if let Some(orgs) = orgs {
        query = query.filter(
            advisors::organisation_id
                .eq_any(orgs.to_vec())
                .or(advisors::host_structure_id.eq_any(orgs.to_vec())),
        );
    }
    if let Some(advisor) = advisor {
        query = query.filter(pix_results::advisor_id.eq(advisor));
    }
    let rows: Vec<PixEnd> = query.load(conn)?;
    let people: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let later: Vec<(i64, NaiveDate)> = pix_results::table
        .filter(pix_results::advisor_id.eq_any(people))
        .select((pix_results::advisor_id, pix_results::taken_on))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| !later.iter().any(|(a, t)| *a == r.1 && *t > r.3))
        .collect())
}

/// An agrément: `(id, organisation id, organisation's name, number, last day)`.
pub type AgrementEnd = (i64, i64, String, String, NaiveDate);

/// Agréments ending in `window` of `orgs`.
pub fn agrements(
    conn: &mut DbConn,
    window: Window,
    orgs: Option<&[i64]>,
) -> QueryResult<Vec<AgrementEnd>> {
    let mut query = agrements::table
        .inner_join(organisations::table)
        .filter(agrements::valid_until.between(window.from, window.to))
        .select((
            agrements::id,
            agrements::organisation_id,
            organisations::name,
            agrements::number,
            agrements::valid_until,
        ))
        .order((agrements::valid_until, agrements::id))
        .into_boxed();
    if let Some(orgs) = orgs {
        query = query.filter(agrements::organisation_id.eq_any(orgs.to_vec()));
    }
    query.load(conn)
}

/// A title version: `(id, name, version, last day, prolonged until)`.
pub type TitleEnd = (i64, String, String, Option<NaiveDate>, Option<NaiveDate>);

/// Title versions whose end (their prolongation's when recorded) falls in `window`.
pub fn titles(conn: &mut DbConn, window: Window) -> QueryResult<Vec<TitleEnd>> {
    titles::table
        .left_join(title_prolongations::table)
        .filter(
            title_prolongations::prolonged_until
                .nullable()
                .between(window.from, window.to)
                .or(title_prolongations::prolonged_until
                    .nullable()
                    .is_null()
                    .and(titles::valid_until.between(window.from, window.to))),
        )
        .select((
            titles::id,
            titles::name,
            titles::version,
            titles::valid_until,
            title_prolongations::prolonged_until.nullable(),
        ))
        .order(titles::id)
        .load(conn)
}

/// One title version's end: `(name, version, last day, prolonged until)`.
pub fn title(
    conn: &mut DbConn,
    id: i64,
) -> QueryResult<(String, String, Option<NaiveDate>, Option<NaiveDate>)> {
    titles::table
        .left_join(title_prolongations::table)
        .filter(titles::id.eq(id))
        .select((
            titles::name,
            titles::version,
            titles::valid_until,
            title_prolongations::prolonged_until.nullable(),
        ))
        .first(conn)
}

/// Records (or, with `None`, removes) the prolongation of title `id`.
pub fn set_prolongation(
    conn: &mut DbConn,
    id: i64,
    until: Option<NaiveDate>,
    by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(title_prolongations::table.find(id)).execute(conn)?;
    if let Some(until) = until {
        diesel::insert_into(title_prolongations::table)
            .values((
                title_prolongations::title_id.eq(id),
                title_prolongations::prolonged_until.eq(until),
                title_prolongations::updated_by.eq(by),
                title_prolongations::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A host label: `(id, organisation id, organisation's name, year, last day)`.
pub type HostLabelEnd = (i64, i64, String, i32, NaiveDate);

/// Host labels ending in `window` of `orgs` that no later label of the organisation renews.
pub fn host_labels(
    conn: &mut DbConn,
    window: Window,
    orgs: Option<&[i64]>,
) -> QueryResult<Vec<HostLabelEnd>> {
    let mut query = host_labels::table
        .inner_join(organisations::table)
        .filter(host_labels::valid_until.between(window.from, window.to))
        .select((
            host_labels::id,
            host_labels::organisation_id,
            organisations::name,
            host_labels::year,
            host_labels::valid_until,
        ))
        .order((host_labels::valid_until, host_labels::id))
        .into_boxed();
    if let Some(orgs) = orgs {
        query = query.filter(host_labels::organisation_id.eq_any(orgs.to_vec()));
    }
    let rows: Vec<HostLabelEnd> = query.load(conn)?;
    let owners: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let later: Vec<(i64, NaiveDate)> = host_labels::table
        .filter(host_labels::organisation_id.eq_any(owners))
        .select((host_labels::organisation_id, host_labels::valid_until))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| !later.iter().any(|(o, e)| *o == r.1 && *e > r.4))
        .collect())
}

/// A Pix result's advisor and day: `(advisor id, taken on)`.
pub fn pix_result(conn: &mut DbConn, id: i64) -> QueryResult<(i64, NaiveDate)> {
    pix_results::table
        .filter(pix_results::id.eq(id))
        .select((pix_results::advisor_id, pix_results::taken_on))
        .first(conn)
}

/// An advisor's name and address: `(« first last », e-mail)`.
pub fn advisor_contact(conn: &mut DbConn, advisor_id: i64) -> QueryResult<(String, String)> {
    advisors::table
        .filter(advisors::id.eq(advisor_id))
        .select((
            advisors::first_name.concat(" ").concat(advisors::last_name),
            advisors::email,
        ))
        .first(conn)
}

/// An active user's name and address, whatever their role.
pub fn user_contact(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<(String, String)>> {
    users::table
        .filter(users::id.eq(user_id))
        .filter(users::active.eq(true))
        .select((users::name, users::email))
        .first(conn)
        .optional()
}

/// An organisation's name.
pub fn organisation_name(conn: &mut DbConn, id: i64) -> QueryResult<String> {
    organisations::table
        .find(id)
        .select(organisations::name)
        .first(conn)
}

/// Whether a later item of the same subject renews item `id` of `kind` (`"habilitation"`,
/// `"pix"`, `"host_label"`): a later habilitation of the examiner for the certification (or an
/// open-ended one), a later Pix result of the advisor, a later label of the organisation.
pub fn renewed(conn: &mut DbConn, kind: &str, id: i64) -> QueryResult<bool> {
    let count: i64 = match kind {
        "habilitation" => {
            let (user, cert, end): (i64, i64, Option<NaiveDate>) = habilitations::table
                .find(id)
                .select((
                    habilitations::user_id,
                    habilitations::certification_id,
                    habilitations::valid_to,
                ))
                .first(conn)?;
            let Some(end) = end else {
                return Ok(false);
            };
            habilitations::table
                .filter(habilitations::user_id.eq(user))
                .filter(habilitations::certification_id.eq(cert))
                .filter(habilitations::id.ne(id))
                .filter(
                    habilitations::valid_to
                        .is_null()
                        .or(habilitations::valid_to.gt(end)),
                )
                .count()
                .get_result(conn)?
        }
        "pix" => {
            let (advisor, taken) = pix_result(conn, id)?;
            pix_results::table
                .filter(pix_results::advisor_id.eq(advisor))
                .filter(pix_results::taken_on.gt(taken))
                .count()
                .get_result(conn)?
        }
        "host_label" => {
            let (org, end): (i64, NaiveDate) = host_labels::table
                .find(id)
                .select((host_labels::organisation_id, host_labels::valid_until))
                .first(conn)?;
            host_labels::table
                .filter(host_labels::organisation_id.eq(org))
                .filter(host_labels::valid_until.gt(end))
                .count()
                .get_result(conn)?
        }
        _ => 0,
    };
    Ok(count > 0)
}
