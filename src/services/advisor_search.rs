//! Finding people: the advisors an actor may name, by part of a name, birth name, e-mail or
//! ANCT id, as suggestions while they type (the API) or as a search without JavaScript (the
//! pages). Only advisors in the actor's scope are ever shown; someone followed by another
//! organisation is still named by exact e-mail ([`super::cross_org`]).

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::auth::principal::Scope;
use crate::db::{DbConn, advisor_identities, advisor_search};
use crate::error::{AppError, AppResult};

/// Fewer characters than this find nobody (the list would be the whole scope).
pub const MIN_CHARS: usize = 2;
/// At most this many suggestions.
pub const LIMIT: i64 = 10;
/// At most this many advisors listed by a search without JavaScript.
pub const PAGE_LIMIT: i64 = 50;

/// An advisor as a suggestion shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Suggestion {
    /// Advisor id (what the enrolment forms send as `advisor_id`).
    pub id: i64,
    /// First name and usage name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// The ANCT's id, when recorded.
    pub anct_id: Option<String>,
    /// Territory code.
    pub territory: String,
}

/// Suggestions, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Suggestions {
    /// At most [`LIMIT`] advisors.
    pub items: Vec<Suggestion>,
}

/// At most [`LIMIT`] advisors in the actor's scope matching `text` (see [`search`]).
pub fn suggest(conn: &mut DbConn, actor: &Principal, text: &str) -> AppResult<Suggestions> {
    search(conn, actor, text, LIMIT)
}

/// At most `limit` advisors in the actor's scope matching `text` (at least [`MIN_CHARS`]
/// characters, else none), those with a word starting with it first; refused to those who
/// follow no advisor. Two queries, whatever the number found.
pub fn search(
    conn: &mut DbConn,
    actor: &Principal,
    text: &str,
    limit: i64,
) -> AppResult<Suggestions> {
    let scope = actor.advisor_scope();
    if scope == Scope::Nothing || matches!(scope, Scope::Advisor(_)) {
        return Err(AppError::Forbidden(
            "La recherche de conseillers est réservée aux organismes.".to_owned(),
        ));
    }
    let text = text.trim();
    if text.chars().count() < MIN_CHARS {
        return Ok(Suggestions { items: Vec::new() });
    }
    let rows = advisor_search::suggest(conn, &scope, text, limit)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let identities = advisor_identities::of_many(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|r| Suggestion {
            anct_id: identities
                .iter()
                .find(|i| i.advisor_id == r.id)
                .and_then(|i| i.anct_id.clone()),
            id: r.id,
            name: format!("{} {}", r.first_name, r.last_name),
            email: r.email,
            territory: r.territory_code,
        })
        .collect();
    Ok(Suggestions { items })
}
