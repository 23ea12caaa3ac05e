//! Which rows of a list a user may see: the scope computed from their memberships
//! (`auth::principal`) and turned into a SQL condition in one place (`db::scope`).

/// Which rows of an organisation-owned list a user may see.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
