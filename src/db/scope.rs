//! The one translation of a [`Scope`] into SQL: [`restrict`] decides, for every query, which
//! rows a scope keeps; each kind of row says here what belonging to an organisation or to an
//! advisor means for it. Values are bound, never formatted into the SQL.

use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::DbBackend;
use super::bound_sql::BoundSql;
use super::schema::{advisors, cohort_enrolments, cohorts};
pub use crate::domain::scope::Scope;

/// Rows that a scope can narrow down.
pub trait ScopeRows: Sized {
    /// Keeps the rows belonging to one of `organisations` (never empty).
    #[must_use]
    fn of_organisations(self, organisations: &[i64]) -> Self;
    /// Keeps the rows of one advisor (none where rows belong to no advisor).
    #[must_use]
    fn of_advisor(self, advisor_id: i64) -> Self;
    /// Keeps no row.
    #[must_use]
    fn none(self) -> Self;
}

/// `rows` narrowed to what `scope` lets its holder see.
pub fn restrict<R: ScopeRows>(rows: R, scope: &Scope) -> R {
    match scope {
        Scope::All => rows,
        Scope::Organisations(orgs) if orgs.is_empty() => rows.none(),
        Scope::Organisations(orgs) => rows.of_organisations(orgs),
        Scope::Advisor(id) => rows.of_advisor(*id),
        Scope::Nothing => rows.none(),
    }
}

/// Cohorts belong to the organisation running them, and to no advisor.
impl ScopeRows for cohorts::BoxedQuery<'static, DbBackend> {
    fn of_organisations(self, organisations: &[i64]) -> Self {
        self.filter(cohorts::organisation_id.eq_any(organisations.to_vec()))
    }

    fn of_advisor(self, _advisor_id: i64) -> Self {
        self.none()
    }

    fn none(self) -> Self {
        self.filter(false.into_sql::<Bool>())
    }
}

/// An advisor is visible to their training body, their employer, and the organisation of a cohort
/// they are enrolled in now (a withdrawal ends that visibility); to themself.
impl ScopeRows for advisors::BoxedQuery<'static, DbBackend> {
    fn of_organisations(self, organisations: &[i64]) -> Self {
        let orgs = organisations.to_vec();
        self.filter(
            advisors::organisation_id
                .eq_any(orgs.clone())
                .or(advisors::host_structure_id.eq_any(orgs.clone()))
                .or(advisors::id.eq_any(
                    cohort_enrolments::table
                        .inner_join(cohorts::table)
                        .filter(cohorts::organisation_id.eq_any(orgs))
                        .filter(cohort_enrolments::status.eq("active"))
                        .select(cohort_enrolments::advisor_id),
                )),
        )
    }

    fn of_advisor(self, advisor_id: i64) -> Self {
        self.filter(advisors::id.eq(advisor_id))
    }

    fn none(self) -> Self {
        self.filter(false.into_sql::<Bool>())
    }
}

/// Advisors as the deadline dashboard follows them: through the training body in charge only (a
/// host structure's staff see their advisors in the advisor list), one column that keeps the
/// deadline index usable.
pub struct InCharge(pub advisors::BoxedQuery<'static, DbBackend>);

impl ScopeRows for InCharge {
    fn of_organisations(self, organisations: &[i64]) -> Self {
        Self(
            self.0
                .filter(advisors::organisation_id.eq_any(organisations.to_vec())),
        )
    }

    fn of_advisor(self, advisor_id: i64) -> Self {
        Self(self.0.filter(advisors::id.eq(advisor_id)))
    }

    fn none(self) -> Self {
        Self(self.0.filter(false.into_sql::<Bool>()))
    }
}

/// A condition of hand-written SQL: rows belong to the organisation in `organisation_column`
/// and, where `advisor_column` names one, to that advisor.
#[derive(Debug, Clone)]
pub struct SqlCondition {
    organisation_column: &'static str,
    advisor_column: Option<&'static str>,
    sql: BoundSql,
}

impl SqlCondition {
    /// Every row, until [`restrict`] narrows it.
    pub fn new(organisation_column: &'static str, advisor_column: Option<&'static str>) -> Self {
        Self {
            organisation_column,
            advisor_column,
            sql: BoundSql::new("1 = 1"),
        }
    }

    /// The condition, to append after `WHERE` or `AND`.
    pub fn into_sql(self) -> BoundSql {
        self.sql
    }
}

impl ScopeRows for SqlCondition {
    fn of_organisations(self, organisations: &[i64]) -> Self {
        let sql = BoundSql::default().in_ids(self.organisation_column, organisations);
        Self { sql, ..self }
    }

    fn of_advisor(self, advisor_id: i64) -> Self {
        match self.advisor_column {
            Some(column) => {
                let sql = BoundSql::new(column).sql(" = ").big_int(advisor_id);
                Self { sql, ..self }
            }
            None => self.none(),
        }
    }

    fn none(self) -> Self {
        Self {
            sql: BoundSql::new("1 = 0"),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use diesel::sqlite::Sqlite;

    use super::*;

    fn shown(scope: &Scope, advisor_column: Option<&'static str>) -> String {
        let condition = restrict(
            SqlCondition::new("c.organisation_id", advisor_column),
            scope,
        );
        diesel::debug_query::<Sqlite, _>(&condition.into_sql()).to_string()
    }

    #[test]
    fn each_scope_becomes_one_bound_condition() {
        assert_eq!(shown(&Scope::All, None), "1 = 1 -- binds: []");
        assert_eq!(
            shown(&Scope::Organisations(vec![3, 7]), None),
            "c.organisation_id IN (?, ?) -- binds: [3, 7]"
        );
        assert_eq!(
            shown(&Scope::Organisations(vec![]), None),
            "1 = 0 -- binds: []"
        );
        assert_eq!(shown(&Scope::Nothing, Some("id")), "1 = 0 -- binds: []");
    }

    #[test]
    fn an_advisor_sees_their_own_row_where_rows_have_one() {
        assert_eq!(
            shown(&Scope::Advisor(4), Some("id")),
            "id = ? -- binds: [4]"
        );
        assert_eq!(shown(&Scope::Advisor(4), None), "1 = 0 -- binds: []");
    }
}
