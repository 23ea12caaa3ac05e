//! Finding advisors as staff type: by part of a name, birth name, e-mail or ANCT id (the folded
//! `search_text`), within a scope, a few at a time; and several advisors by id in one query.
//! The `LIKE '%…%'` over `search_text` goes through a trigram index on both engines (issue 17):
//! [`NameIndex`] first narrows the rows by the FTS5 table `advisor_names` (SQLite) or the
//! `pg_trgm` GIN index (PostgreSQL), and the `LIKE` then checks them, so both engines answer
//! exactly as the plain scan did.

use diesel::expression::{AppearsOnTable, Expression, ValidGrouping, is_aggregate};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};

use super::advisors::{AdvisorFilter, AdvisorRow, filtered};
use super::schema::advisors;
use super::scope::Scope;
use super::{DbBackend, DbConn, MultiBackend};
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

/// The fewest characters the trigram indexes look up; a shorter text is found by the scan alone.
pub const INDEXED_CHARS: usize = 3;

/// The advisors whose `search_text` holds the folded text, found through the trigram index: a
/// superset of the `LIKE`'s rows that the `LIKE` beside it then checks, for texts of
/// [`INDEXED_CHARS`] characters or more (always true for shorter ones).
///
/// On SQLite, `advisors.id IN (SELECT rowid FROM advisor_names WHERE advisor_names MATCH "…")`.
/// On PostgreSQL, `advisors.id IN (SELECT … WHERE search_text LIKE … OFFSET 0)`: the `OFFSET 0`
/// keeps the planner from folding the subquery into the outer query, where it would walk the
/// name index in page order and filter (212 ms for « payet » at 100,000 advisors) instead of
/// reading the 2,086 matches from the trigram index and sorting them (6 ms).
#[derive(Debug, Clone, QueryId)]
pub(super) struct NameIndex {
    /// The FTS5 phrase (`"…"`, inner quotes doubled) and the `LIKE` pattern, when the text is
    /// long enough.
    lookup: Option<(String, String)>,
}

impl NameIndex {
    /// The condition for the folded text `folded` and its `LIKE` pattern (`%…%`, escaped).
    pub(super) fn new(folded: &str, pattern: &str) -> Self {
        let lookup = (folded.chars().count() >= INDEXED_CHARS).then(|| {
            (
                format!("\"{}\"", folded.replace('"', "\"\"")),
                pattern.to_owned(),
            )
        });
        Self { lookup }
    }
}

impl Expression for NameIndex {
    type SqlType = Bool;
}

impl<QS> AppearsOnTable<QS> for NameIndex {}

impl ValidGrouping<()> for NameIndex {
    type IsAggregate = is_aggregate::Never;
}

impl QueryFragment<DbBackend> for NameIndex {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DbBackend>) -> QueryResult<()> {
        let sqlite = matches!(out.backend(), MultiBackend::Sqlite(_));
        match &self.lookup {
            Some((phrase, _)) if sqlite => {
                out.push_sql(
                    "advisors.id IN (SELECT rowid FROM advisor_names WHERE advisor_names MATCH ",
                );
                out.push_bind_param::<Text, _>(phrase)?;
                out.push_sql(")");
            }
            Some((_, pattern)) => {
                out.push_sql(
                    "advisors.id IN (SELECT indexed.id FROM advisors indexed \
                     WHERE indexed.search_text LIKE ",
                );
                out.push_bind_param::<Text, _>(pattern)?;
                out.push_sql(" ESCAPE '\\' OFFSET 0)");
            }
            None => out.push_sql("1 = 1"),
        }
        Ok(())
    }
}
