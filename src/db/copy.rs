//! Whole tables read and written generically, for `parcours copy-data`: each row travels as a
//! JSON array of its columns (binary as hex, booleans as 0/1, dates and times as text), built and
//! taken apart by the engines' own JSON functions, so that one code path serves every table.

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::DbConn;
pub use super::copy_tables::{DERIVED, SEEDED, SELF_LINKS, TABLES, is_derived, self_link};

/// Rows per read and per insert: fewer for tables holding files (up to a few MB each, twice
/// that as hex), so that a batch stays a few tens of MB.
pub fn batch_rows(columns: &[Column]) -> i64 {
    if columns.iter().any(|c| c.kind == Kind::Binary) {
        4
    } else {
        2_000
    }
}

/// How a column's values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Whole numbers.
    Integer,
    /// Floating point.
    Float,
    /// Text.
    Text,
    /// Booleans, as 0/1.
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM:SS[.ffffff]`.
    Time,
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC).
    Timestamp,
    /// Bytes, as hex.
    Binary,
}

/// A column of a table.
#[derive(Debug, Clone)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: Kind,
}

#[derive(QueryableByName)]
struct CatalogRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    kind: String,
}

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    row: String,
}

fn kind_of(declared: &str) -> Kind {
    let t = declared.to_ascii_lowercase();
    if t.contains("bool") {
        Kind::Bool
    } else if t.starts_with("timestamp") {
        Kind::Timestamp
    } else if t == "date" {
        Kind::Date
    } else if t.starts_with("time") {
        Kind::Time
    } else if t.contains("int") {
        Kind::Integer
    } else if t.contains("blob") || t.contains("bytea") {
        Kind::Binary
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        Kind::Float
    } else {
        Kind::Text
    }
}

/// A table's columns, in their order.
pub fn columns(conn: &mut DbConn, table: &str) -> QueryResult<Vec<Column>> {
    let rows: Vec<CatalogRow> = match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query("SELECT name, type AS kind FROM pragma_table_info(?) ORDER BY cid")
                .bind::<Text, _>(table)
                .load(c)?
        }
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT column_name::text AS name, data_type::text AS kind \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind::<Text, _>(table)
        .load(c)?,
    };
    Ok(rows
        .into_iter()
        .map(|r| Column {
            kind: kind_of(&r.kind),
            name: r.name,
        })
        .collect())
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn select_list(conn: &DbConn, columns: &[Column]) -> String {
    let sqlite = matches!(conn, DbConn::Sqlite(_));
    columns
        .iter()
        .map(|c| {
            let q = quoted(&c.name);
            match (sqlite, c.kind) {
                (true, Kind::Binary) => format!("lower(hex({q}))"),
                (false, Kind::Bool) => format!("CASE WHEN {q} THEN 1 WHEN NOT {q} THEN 0 END"),
                (false, Kind::Date) => format!("to_char({q}, 'YYYY-MM-DD')"),
                (false, Kind::Time) => format!("to_char({q}, 'HH24:MI:SS.US')"),
                (false, Kind::Timestamp) => format!("to_char({q}, 'YYYY-MM-DD HH24:MI:SS.US')"),
                (false, Kind::Binary) => format!("encode({q}, 'hex')"),
                (_, _) => q,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the table has an integer `id` to page by.
pub fn pages_by_id(columns: &[Column]) -> bool {
    columns
        .iter()
        .any(|c| c.name == "id" && c.kind == Kind::Integer)
}

/// Up to `limit` rows as JSON arrays: those with `id` above `after` in id order when the table has
/// an integer id, otherwise all of them.
pub fn read(
    conn: &mut DbConn,
    table: &str,
    columns: &[Column],
    after: i64,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let list = select_list(conn, columns);
    let tail = if pages_by_id(columns) {
        format!("WHERE id > {after} ORDER BY id LIMIT {limit}")
    } else {
        String::new()
    };
    let table = quoted(table);
    let rows: Vec<JsonRow> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(format!(
            "SELECT json_array({list}) AS row FROM {table} {tail}"
        ))
        .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(format!(
            "SELECT json_build_array({list})::text AS row FROM {table} {tail}"
        ))
        .load(c)?,
    };
    Ok(rows.into_iter().map(|r| r.row).collect())
}

/// Inserts rows given as a JSON array of JSON arrays (as [`read`] gives them), the table's
/// [`self_link`] column left NULL.
pub fn insert(
    conn: &mut DbConn,
    table: &str,
    columns: &[Column],
    rows_json: &str,
) -> QueryResult<usize> {
    let nulled = self_link(table);
    let is_nulled = |col: &Column| nulled == Some(col.name.as_str());
    let names = columns
        .iter()
        .map(|c| quoted(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let table = quoted(table);
    match conn {
        DbConn::Sqlite(c) => {
            let values = columns
                .iter()
                .enumerate()
                .map(|(i, col)| {
                    let v = format!("json_extract(value, '$[{i}]')");
                    if is_nulled(col) {
                        "NULL".to_owned()
                    } else if col.kind == Kind::Binary {
                        format!("unhex({v})")
                    } else {
                        v
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            diesel::sql_query(format!(
                "INSERT INTO {table} ({names}) SELECT {values} FROM json_each(?)"
            ))
            .bind::<Text, _>(rows_json)
            .execute(c)
        }
        DbConn::Pg(c) => {
            let values = columns
                .iter()
                .enumerate()
                .map(|(i, col)| {
                    let v = format!("(r->>{i})");
                    if is_nulled(col) {
                        return "NULL::bigint".to_owned();
                    }
                    match col.kind {
                        Kind::Integer => format!("{v}::bigint"),
                        Kind::Float => format!("{v}::double precision"),
                        Kind::Bool => format!("{v}::int::boolean"),
                        Kind::Date => format!("{v}::date"),
                        Kind::Time => format!("{v}::time"),
                        Kind::Timestamp => format!("{v}::timestamp"),
                        Kind::Binary => format!("decode({v}, 'hex')"),
                        Kind::Text => v,
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            diesel::sql_query(format!(
                "INSERT INTO {table} ({names}) SELECT {values} FROM json_array_elements($1::json) AS r"
            ))
            .bind::<Text, _>(rows_json)
            .execute(c)
        }
    }
}

/// The `[id, value]` pairs of a table's non-null `column`, as one JSON array.
pub fn links(conn: &mut DbConn, table: &str, column: &str) -> QueryResult<String> {
    let (table, column) = (quoted(table), quoted(column));
    let row: JsonRow = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(format!(
            "SELECT COALESCE(json_group_array(json_array(id, {column})), '[]') AS row \
             FROM {table} WHERE {column} IS NOT NULL"
        ))
        .get_result(c)?,
        DbConn::Pg(c) => diesel::sql_query(format!(
            "SELECT COALESCE(json_agg(json_build_array(id, {column})), '[]'::json)::text AS row \
             FROM {table} WHERE {column} IS NOT NULL"
        ))
        .get_result(c)?,
    };
    Ok(row.row)
}

/// Sets `column` of the rows named in `pairs_json` (as [`links`] gives it).
pub fn relink(
    conn: &mut DbConn,
    table: &str,
    column: &str,
    pairs_json: &str,
) -> QueryResult<usize> {
    let (table, column) = (quoted(table), quoted(column));
    match conn {
        DbConn::Sqlite(c) => diesel::sql_query(format!(
            "UPDATE {table} SET {column} = json_extract(j.value, '$[1]') \
             FROM json_each(?) AS j WHERE {table}.id = json_extract(j.value, '$[0]')"
        ))
        .bind::<Text, _>(pairs_json)
        .execute(c),
        DbConn::Pg(c) => diesel::sql_query(format!(
            "UPDATE {table} SET {column} = (r->>1)::bigint \
             FROM json_array_elements($1::json) AS r WHERE {table}.id = (r->>0)::bigint"
        ))
        .bind::<Text, _>(pairs_json)
        .execute(c),
    }
}

/// Deletes every row of a table.
pub fn delete_all(conn: &mut DbConn, table: &str) -> QueryResult<usize> {
    diesel::sql_query(format!("DELETE FROM {}", quoted(table))).execute(conn)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Rows in a table.
pub fn count(conn: &mut DbConn, table: &str) -> QueryResult<i64> {
    let counted: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {}", quoted(table)))
        .get_result(conn)?;
    Ok(counted.n)
}

/// Moves a PostgreSQL table's id sequence past the copied ids (nothing to do on SQLite).
pub fn reset_sequence(conn: &mut DbConn, table: &str) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT MAX(id) FROM {}), 0) + 1, false)",
            quoted(table)
        );
        diesel::sql_query(sql).execute(c)?;
    }
    Ok(())
}
