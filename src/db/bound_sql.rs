//! Hand-written SQL shared by both engines with every value bound: the text comes from
//! constants, and each value becomes a placeholder that the running backend writes (`?` or `$n`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::HasSqlType;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamp, Untyped};
use diesel::{QueryResult, RunQueryDsl};

/// One piece of a [`BoundSql`].
#[derive(Debug, Clone)]
enum Part {
    Sql(&'static str),
    Derived(String),
    BigInt(i64),
    Integer(i32),
    Text(String),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    Bool(bool),
    OptionalText(Option<String>),
    OptionalBigInt(Option<i64>),
}

/// A query (or a condition inside one) of constant SQL text and bound values, loaded like
/// `diesel::sql_query` into `QueryableByName` rows.
#[derive(Debug, Clone, Default)]
pub struct BoundSql {
    parts: Vec<Part>,
}

impl BoundSql {
    /// Starts with a piece of constant SQL.
    pub fn new(sql: &'static str) -> Self {
        Self {
            parts: vec![Part::Sql(sql)],
        }
    }

    /// Appends constant SQL.
    #[must_use]
    pub fn sql(mut self, sql: &'static str) -> Self {
        self.parts.push(Part::Sql(sql));
        self
    }

    /// Appends SQL text that `db/` derives from no input (an expression another query module
    /// builds); never a value from outside.
    #[must_use]
    pub fn derived(mut self, sql: String) -> Self {
        self.parts.push(Part::Derived(sql));
        self
    }

    /// Appends another bound fragment.
    #[must_use]
    pub fn append(mut self, other: BoundSql) -> Self {
        self.parts.extend(other.parts);
        self
    }

    /// Binds a `BIGINT`.
    #[must_use]
    pub fn big_int(mut self, value: i64) -> Self {
        self.parts.push(Part::BigInt(value));
        self
    }

    /// Binds an `INTEGER`.
    #[must_use]
    pub fn integer(mut self, value: i32) -> Self {
        self.parts.push(Part::Integer(value));
        self
    }

    /// Binds a `TEXT`.
    #[must_use]
    pub fn text(mut self, value: impl Into<String>) -> Self {
        self.parts.push(Part::Text(value.into()));
        self
    }

    /// Binds a `DATE`.
    #[must_use]
    pub fn date(mut self, value: NaiveDate) -> Self {
        self.parts.push(Part::Date(value));
        self
    }

    /// Binds a `TIMESTAMP` (UTC).
    #[must_use]
    pub fn timestamp(mut self, value: NaiveDateTime) -> Self {
        self.parts.push(Part::Timestamp(value));
        self
    }

    /// Binds a `BOOLEAN`.
    #[must_use]
    pub fn boolean(mut self, value: bool) -> Self {
        self.parts.push(Part::Bool(value));
        self
    }

    /// Binds a `TEXT` that may be `NULL`.
    #[must_use]
    pub fn optional_text(mut self, value: Option<String>) -> Self {
        self.parts.push(Part::OptionalText(value));
        self
    }

    /// Binds a `BIGINT` that may be `NULL`.
    #[must_use]
    pub fn optional_big_int(mut self, value: Option<i64>) -> Self {
        self.parts.push(Part::OptionalBigInt(value));
        self
    }

    /// Appends `column IN (…)` with each id bound; `1 = 0` for no id.
    #[must_use]
    pub fn in_ids(self, column: &'static str, ids: &[i64]) -> Self {
        if ids.is_empty() {
            return self.sql("1 = 0");
        }
        let mut out = self.sql(column).sql(" IN (");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                out = out.sql(", ");
            }
            out = out.big_int(*id);
        }
        out.sql(")")
    }
}

/// Written for [`super::DbBackend`], and for each engine alone (unit tests read the SQL with
/// `debug_query`).
impl<DB> QueryFragment<DB> for BoundSql
where
    DB: Backend
        + HasSqlType<BigInt>
        + HasSqlType<Integer>
        + HasSqlType<Text>
        + HasSqlType<Date>
        + HasSqlType<Timestamp>
        + HasSqlType<Bool>,
    i64: ToSql<BigInt, DB>,
    bool: ToSql<Bool, DB>,
    Option<String>: ToSql<Nullable<Text>, DB>,
    Option<i64>: ToSql<Nullable<BigInt>, DB>,
    i32: ToSql<Integer, DB>,
    String: ToSql<Text, DB>,
    NaiveDate: ToSql<Date, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        // The text varies with the number of ids bound: not worth a cached statement each.
        out.unsafe_to_cache_prepared();
        for part in &self.parts {
            match part {
                Part::Sql(sql) => out.push_sql(sql),
                Part::Derived(sql) => out.push_sql(sql),
                Part::BigInt(v) => out.push_bind_param::<BigInt, _>(v)?,
                Part::Integer(v) => out.push_bind_param::<Integer, _>(v)?,
                Part::Text(v) => out.push_bind_param::<Text, _>(v)?,
                Part::Date(v) => out.push_bind_param::<Date, _>(v)?,
                Part::Timestamp(v) => out.push_bind_param::<Timestamp, _>(v)?,
                Part::Bool(v) => out.push_bind_param::<Bool, _>(v)?,
                Part::OptionalText(v) => out.push_bind_param::<Nullable<Text>, _>(v)?,
                Part::OptionalBigInt(v) => out.push_bind_param::<Nullable<BigInt>, _>(v)?,
            }
        }
        Ok(())
    }
}

impl QueryId for BoundSql {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for BoundSql {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for BoundSql {}

#[cfg(test)]
mod tests {
    use diesel::sqlite::Sqlite;

    use super::*;

    #[test]
    fn values_become_placeholders_with_their_binds() {
        let query = BoundSql::new("SELECT 1 FROM t WHERE name = ")
            .text("O'Brien")
            .sql(" AND ")
            .in_ids("id", &[3, 7])
            .sql(" LIMIT ")
            .big_int(5);
        let shown = diesel::debug_query::<Sqlite, _>(&query).to_string();
        assert_eq!(
            shown,
            "SELECT 1 FROM t WHERE name = ? AND id IN (?, ?) LIMIT ? -- binds: [\"O'Brien\", 3, 7, 5]"
        );
    }

    #[test]
    fn no_id_selects_nothing() {
        let query = BoundSql::default().in_ids("id", &[]);
        assert_eq!(
            diesel::debug_query::<Sqlite, _>(&query).to_string(),
            "1 = 0 -- binds: []"
        );
    }
}
