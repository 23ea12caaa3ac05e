//! Which rows of an organisation-owned list a user may see: computed from the principal by
//! `auth`, translated to SQL by `db`; here, below both, so neither imports the other.

/// Which rows of an organisation-owned list a user may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every row (admins).
    All,
    /// Rows belonging to one of these organisations.
    Organisations(Vec<i64>),
    /// Only the advisor's own record.
    Advisor(i64),
    /// Nothing.
    Nothing,
}
