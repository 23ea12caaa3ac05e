//! Finding advisors as staff type: by part of a name, birth name, e-mail or ANCT id (the folded
//! `search_text`), within a scope, a few at a time; and several advisors by id in one query.

use diesel::prelude::*;

use super::DbConn;
use super::advisors::{AdvisorFilter, AdvisorRow, filtered};
use super::schema::advisors;
use super::scope::Scope;
use crate::domain::text::{fold, like_escape};

/// At most `limit` advisors visible in `scope` whose names, e-mail or ANCT id contain `text`
/// (accents and case ignored): those with a word starting with it first, then by name. One query.
pub fn suggest(
    conn: &mut DbConn,
    scope: &Scope,
    text: &str,
    limit: i64,
) -> QueryResult<Vec<AdvisorRow>> {
    let folded = fold(text);
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let escaped = like_escape(&folded);
    let filter = AdvisorFilter {
        q: Some(folded),
        ..AdvisorFilter::default()
    };
    let word_start = advisors::search_text
        .like(format!("{escaped}%"))
        .escape('\\')
        .or(advisors::search_text
            .like(format!("% {escaped}%"))
            .escape('\\'));
    filtered(scope, &filter)
        .order((
            word_start.desc(),
            advisors::last_name,
            advisors::first_name,
            advisors::id,
        ))
        .limit(limit)
        .select(AdvisorRow::as_select())
        .load(conn)
}

/// The advisors among `ids` visible in `scope` (one query; the others are left out).
pub fn many_in_scope(
    conn: &mut DbConn,
    scope: &Scope,
    ids: &[i64],
) -> QueryResult<Vec<AdvisorRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    filtered(scope, &AdvisorFilter::default())
        .filter(advisors::id.eq_any(ids.to_vec()))
        .select(AdvisorRow::as_select())
        .load(conn)
}
