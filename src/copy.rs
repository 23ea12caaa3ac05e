//! `parcours copy-data --from URL --to URL`: every table copied from one database to another
//! (SQLite ↔ PostgreSQL) in one transaction on the target, parents first; the target is migrated
//! first, its seeded reference rows replaced by the source's (so ids match), its PostgreSQL
//! sequences moved past the copied ids, links of a table into itself (a sealed document's newer
//! version) set once the whole table is in; then each table's row count and checksum are compared on
//! both sides, and any difference rolls the copy back.

use std::collections::BTreeMap;

use chrono::Timelike;
use sha2::{Digest, Sha256};

use crate::db::copy::{self as q, Column, Kind};
use crate::db::{self, DbConn};

/// One table's comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCheck {
    /// The table.
    pub table: &'static str,
    /// Rows in the source.
    pub source_rows: i64,
    /// Rows in the target.
    pub target_rows: i64,
    /// Checksum of the source's rows (hex).
    pub source_sum: String,
    /// Checksum of the target's rows (hex).
    pub target_sum: String,
}

impl TableCheck {
    /// Whether both sides hold the same rows.
    pub fn equal(&self) -> bool {
        self.source_rows == self.target_rows && self.source_sum == self.target_sum
    }
}

/// What can stop a copy.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target already holds data and `--force` was not given.
    #[error(
        "the target already holds data (table {0}); copy into an empty database, or pass --force to replace it"
    )]
    TargetNotEmpty(&'static str),
    /// The source has migrations left to apply.
    #[error("the source database has pending migrations: run `parcours migrate` on it first")]
    SourceNotMigrated,
    /// Source and target are the same database.
    #[error("source and target are the same database")]
    SameDatabase,
    /// A table differs after the copy (the copy was rolled back).
    #[error("table {0} differs after the copy; nothing was written")]
    Mismatch(&'static str),
    /// A database error.
    #[error("{0}")]
    Database(#[from] db::DbError),
    /// A query error.
    #[error("{0}")]
    Query(#[from] diesel::result::Error),
    /// A row that is not what the catalogue says.
    #[error("table {0}: unreadable row: {1}")]
    Row(&'static str, String),
}

/// One value in a canonical form that both engines' exports reach.
fn canonical(value: &serde_json::Value, kind: Kind) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "\u{2205}".to_owned(),
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match kind {
            Kind::Timestamp => chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
                .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
                .map_or_else(
                    |_| s.clone(),
                    |t| {
                        let (whole, micros) = to_micros(t.and_utc().timestamp(), t.nanosecond());
                        chrono::DateTime::from_timestamp(whole, micros * 1000).map_or_else(
                            || s.clone(),
                            |t| t.naive_utc().format("%Y-%m-%d %H:%M:%S%.6f").to_string(),
                        )
                    },
                ),
            Kind::Time => chrono::NaiveTime::parse_from_str(s, "%H:%M:%S%.f").map_or_else(
                |_| s.clone(),
                |t| {
                    let (whole, micros) =
                        to_micros(i64::from(t.num_seconds_from_midnight()), t.nanosecond());
                    format!("{}.{micros:06}", seconds_of_day(whole))
                },
            ),
            Kind::Binary => s.to_ascii_lowercase(),
            _ => s.clone(),
        },
        other => other.to_string(),
    }
}

/// Seconds and nanoseconds rounded to the microsecond the way PostgreSQL stores them (half to
/// even), SQLite keeping whatever precision it was given.
fn to_micros(seconds: i64, nanos: u32) -> (i64, u32) {
    let (micros, rest) = (nanos / 1000, nanos % 1000);
    let up = rest > 500 || (rest == 500 && micros % 2 == 1);
    let micros = micros + u32::from(up);
    if micros == 1_000_000 {
        (seconds + 1, 0)
    } else {
        (seconds, micros)
    }
}

/// `HH:MM:SS` of a number of seconds since midnight.
fn seconds_of_day(seconds: i64) -> String {
    let s = seconds.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

/// A row's canonical text: its values in a canonical form, separated by U+001F.
pub fn canonical_row(row: &str, columns: &[Column]) -> Result<String, String> {
    let values: Vec<serde_json::Value> = serde_json::from_str(row).map_err(|e| e.to_string())?;
    if values.len() != columns.len() {
        return Err(format!(
            "{} values for {} columns",
            values.len(),
            columns.len()
        ));
    }
    Ok(values
        .iter()
        .zip(columns)
        .map(|(v, c)| canonical(v, c.kind))
        .collect::<Vec<_>>()
        .join("\u{1f}"))
}

/// A table's row count and a checksum that ignores row order (the SHA-256 of its rows' sorted
/// SHA-256s).
pub fn table_sum(
    conn: &mut DbConn,
    table: &'static str,
    columns: &[Column],
) -> Result<(i64, String), CopyError> {
    let mut digests: Vec<[u8; 32]> = Vec::new();
    let by_id = q::pages_by_id(columns);
    let batch = q::batch_rows(columns);
    let mut after = i64::MIN;
    loop {
        let rows = q::read(conn, table, columns, after, batch)?;
        for row in &rows {
            let text = canonical_row(row, columns).map_err(|e| CopyError::Row(table, e))?;
            digests.push(Sha256::digest(text.as_bytes()).into());
        }
        if !by_id || rows.len() < usize::try_from(batch).unwrap_or(usize::MAX) {
            break;
        }
        after = last_id(rows.last(), table)?;
    }
    digests.sort_unstable();
    let mut total = Sha256::new();
    for d in &digests {
        total.update(d);
    }
    let n = i64::try_from(digests.len()).unwrap_or(i64::MAX);
    Ok((n, hex::encode(total.finalize())))
}

/// The id (first column among `id`s, by convention the first) of the last row read.
fn last_id(row: Option<&String>, table: &'static str) -> Result<i64, CopyError> {
    let values: Vec<serde_json::Value> = row
        .map(|r| serde_json::from_str(r))
        .transpose()
        .map_err(|e| CopyError::Row(table, e.to_string()))?
        .unwrap_or_default();
    values
        .first()
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| CopyError::Row(table, "no id in the first column".to_owned()))
}

/// Copies every table; calls `progress(rows copied so far, rows in all)`. Returns each table's
/// comparison (all equal: otherwise the copy is rolled back and an error returned).
pub fn copy(
    source: &mut DbConn,
    target: &mut DbConn,
    force: bool,
    mut progress: impl FnMut(u64, u64),
) -> Result<Vec<TableCheck>, CopyError> {
    if !db::migrations_complete(source)? {
        return Err(CopyError::SourceNotMigrated);
    }
    db::run_migrations(target)?;
    for table in q::TABLES {
        if !q::SEEDED.contains(table) && q::count(target, table)? > 0 && !force {
            return Err(CopyError::TargetNotEmpty(table));
        }
    }
    let mut layout: BTreeMap<&'static str, Vec<Column>> = BTreeMap::new();
    let mut total: u64 = 0;
    for table in q::TABLES {
        layout.insert(table, q::columns(target, table)?);
        total += u64::try_from(q::count(source, table)?).unwrap_or(0);
    }
    let mut done: u64 = 0;
    let mut checks = Vec::new();
    db::write_transaction(target, |target| {
        for table in q::TABLES.iter().rev() {
            q::delete_all(target, table)?;
        }
        for table in q::TABLES {
            let columns = &layout[table];
            let by_id = q::pages_by_id(columns);
            let batch_rows = q::batch_rows(columns);
            let mut after = i64::MIN;
            loop {
                let rows = q::read(source, table, columns, after, batch_rows)?;
                if rows.is_empty() {
                    break;
                }
                let batch = format!("[{}]", rows.join(","));
                q::insert(target, table, columns, &batch)?;
                done += u64::try_from(rows.len()).unwrap_or(0);
                progress(done, total);
                if !by_id || rows.len() < usize::try_from(batch_rows).unwrap_or(usize::MAX) {
                    break;
                }
                after = last_id(rows.last(), table)?;
            }
            if let Some(column) = q::self_link(table) {
                let pairs = q::links(source, table, column)?;
                q::relink(target, table, column, &pairs)?;
            }
            if by_id {
                q::reset_sequence(target, table)?;
            }
        }
        for table in q::TABLES {
            let columns = &layout[table];
            let (source_rows, source_sum) = table_sum(source, table, columns)?;
            let (target_rows, target_sum) = table_sum(target, table, columns)?;
            let check = TableCheck {
                table,
                source_rows,
                target_rows,
                source_sum,
                target_sum,
            };
            if !check.equal() {
                return Err(CopyError::Mismatch(table));
            }
            checks.push(check);
        }
        Ok(())
    })?;
    Ok(checks)
}

impl From<crate::error::AppError> for CopyError {
    fn from(e: crate::error::AppError) -> Self {
        Self::Row("transaction", e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(kind: Kind) -> Column {
        Column {
            name: "c".to_owned(),
            kind,
        }
    }

    #[test]
    fn both_engines_exports_reach_the_same_canonical_row() {
        let columns = [
            col(Kind::Integer),
            col(Kind::Bool),
            col(Kind::Timestamp),
            col(Kind::Time),
            col(Kind::Binary),
            col(Kind::Text),
        ];
        let sqlite = r#"[7, 1, "2026-03-02 09:00:00", "09:00:00", "25504446", null]"#;
        let postgres =
            r#"[7, 1, "2026-03-02 09:00:00.000000", "09:00:00.000000", "25504446", null]"#;
        assert_eq!(
            canonical_row(sqlite, &columns).unwrap(),
            canonical_row(postgres, &columns).unwrap()
        );
        let different = r#"[7, 0, "2026-03-02 09:00:00", "09:00:00", "25504446", null]"#;
        assert_ne!(
            canonical_row(sqlite, &columns).unwrap(),
            canonical_row(different, &columns).unwrap()
        );
    }

    #[test]
    fn instants_are_compared_to_the_microsecond_as_postgresql_keeps_them() {
        let columns = [col(Kind::Timestamp)];
        let sqlite = r#"["2026-11-23 20:31:05.123456789"]"#;
        let postgres = r#"["2026-11-23 20:31:05.123457"]"#;
        assert_eq!(
            canonical_row(sqlite, &columns).unwrap(),
            canonical_row(postgres, &columns).unwrap()
        );
        assert_eq!(to_micros(1, 999_999_600), (2, 0));
        assert_eq!(to_micros(1, 2_500), (1, 2));
        assert_eq!(to_micros(1, 3_500), (1, 4));
    }

    #[test]
    fn a_row_of_the_wrong_width_is_refused() {
        assert!(canonical_row("[1, 2]", &[col(Kind::Integer)]).is_err());
    }
}
