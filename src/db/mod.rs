//! Database access: the connection enum over SQLite and PostgreSQL, the pool, migrations and the
//! queries, one module per table group.
//!
//! This is the only place that knows which backend runs: where the SQL must differ (batch
//! inserts, row locks, transactions that must take the write lock first) a function here matches
//! on [`DbConn`]. Everything above this module calls these functions with a `&mut DbConn`.

pub mod absences;
pub mod accessibility_audits;
pub mod accommodations;
pub mod advisor_identities;
pub mod advisor_search;
pub mod advisors;
pub mod agrements;
pub mod attendance;
pub mod audit;
pub mod body_statuses;
pub mod bound_sql;
pub mod bulk;
pub mod calendar;
pub mod calendar_staff;
pub mod calendar_versions;
pub mod certificates;
pub mod cohorts;
pub mod copy;
pub mod copy_tables;
pub mod cross_org;
pub mod dashboard_versions;
pub mod dashboards;
pub mod day_trainers;
pub mod enrolments;
pub mod epreuves;
pub mod exam_attendance;
pub mod exam_grid;
pub mod exams;
pub mod exports;
pub mod form_replays;
pub mod geo_lists;
pub mod half_days;
pub mod home_lists;
pub mod host_labels;
pub mod identity_versions;
pub mod impartiality;
pub mod imports;
pub mod jobs;
pub mod kept_versions;
pub mod livret;
pub mod login_attempts;
pub mod marks;
pub mod module_attendance;
pub mod module_days;
pub mod module_enrolments;
pub mod module_sessions;
pub mod module_uptake_counts;
pub mod modules;
pub mod next_days;
pub mod open_badges;
pub mod organisation_details;
pub mod organisations;
pub mod password_resets;
mod pool;
pub mod proces_verbal;
pub mod progress;
pub mod progress_counts;
pub mod realisation;
pub mod reference;
pub mod relances;
pub mod retention;
pub mod schedule;
pub mod schema;
pub mod scope;
pub mod sealed_documents;
pub mod sealing;
pub mod session_steps;
pub mod sessions;
pub mod signatures;
pub mod signing_days;
pub mod signing_keys;
pub mod signing_steps;
pub mod stored_files;
pub mod users;
pub mod validity;
pub mod video_audience;
pub mod worker_heartbeats;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use pool::{Db, DbError};

/// The query-builder backend of [`DbConn`]: queries built for it run on either engine.
pub type DbBackend = <DbConn as diesel::Connection>::Backend;

diesel::define_sql_function! {
    /// SQL `lower()`, the same on both engines (ASCII only on SQLite: search uses folded columns).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// One database connection, to whichever backend `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL, for deployments with several app instances.
    Pg(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// The database engine behind a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `sqlite://PATH`.
    Sqlite,
}

impl Backend {
    /// Chooses the backend from the URL's scheme; anything else is refused rather than taken as a
    /// file name.
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else if url.starts_with("sqlite://") {
            Ok(Self::Sqlite)
        } else {
            Err(format!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got {url:?})"
            ))
        }
    }

    /// The name `/health` reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Sqlite => "sqlite",
        }
    }
}

/// The file path of a `sqlite://` URL: everything after the scheme (relative or absolute).
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

/// Settings every SQLite connection gets (see STACK.md).
pub const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; \
     PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

/// Opens one connection, with the SQLite settings applied.
pub fn establish(url: &str) -> Result<DbConn, DbError> {
    match Backend::from_url(url).map_err(DbError::Config)? {
        Backend::Postgres => Ok(DbConn::Pg(PgConnection::establish(url)?)),
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(sqlite_path(url))?;
            conn.batch_execute(SQLITE_PRAGMAS)?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The PostgreSQL advisory lock held while migrating ("parcours" in ASCII).
const MIGRATION_LOCK: i64 = 0x7061_7263_6f75_7273;

/// Applies every pending migration; returns how many ran. On PostgreSQL, instances starting
/// together take turns under an advisory lock, so the migrations run once.
pub fn run_migrations(conn: &mut DbConn) -> Result<usize, DbError> {
    let applied = match conn {
        DbConn::Pg(c) => {
            let lock = format!("SELECT pg_advisory_lock({MIGRATION_LOCK})");
            c.batch_execute(&lock)
                .map_err(|e| DbError::Migration(e.to_string()))?;
            let ran = c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len());
            let unlock = format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})");
            c.batch_execute(&unlock)
                .map_err(|e| DbError::Migration(e.to_string()))?;
            ran
        }
        DbConn::Sqlite(c) => return migrate_sqlite(c),
    };
    applied.map_err(|e| DbError::Migration(e.to_string()))
}

/// SQLite's migrations run with foreign keys off, as SQLite asks for a table rebuilt to change a
/// CHECK while other tables reference it; `foreign_key_check` must then find nothing, and the
/// keys are back on whatever happened.
fn migrate_sqlite(c: &mut SqliteConnection) -> Result<usize, DbError> {
    let fail = |e: &dyn std::fmt::Display| DbError::Migration(e.to_string());
    c.batch_execute("PRAGMA foreign_keys = OFF")
        .map_err(|e| fail(&e))?;
    let ran = c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len());
    let broken = diesel::sql_query("PRAGMA foreign_key_check")
        .load::<ForeignKeyViolation>(c)
        .map(|rows| rows.len());
    c.batch_execute("PRAGMA foreign_keys = ON")
        .map_err(|e| fail(&e))?;
    let ran = ran.map_err(|e| fail(&e))?;
    match broken.map_err(|e| fail(&e))? {
        0 => Ok(ran),
        n => Err(DbError::Migration(format!(
            "{n} rows break a foreign key after migrating"
        ))),
    }
}

/// A row of `PRAGMA foreign_key_check` (only counted).
#[derive(diesel::QueryableByName)]
struct ForeignKeyViolation {
    #[diesel(sql_type = diesel::sql_types::Text)]
    #[allow(dead_code)]
    table: String,
}

/// Writes a consistent copy of a SQLite database to `path` while it serves (`VACUUM INTO`);
/// refuses PostgreSQL, whose copies are `pg_dump`'s business.
pub fn backup_sqlite(conn: &mut DbConn, path: &std::path::Path) -> Result<(), DbError> {
    match conn {
        DbConn::Sqlite(c) => {
            let target = path.to_string_lossy().replace('\'', "''");
            c.batch_execute(&format!("VACUUM INTO '{target}'"))
                .map_err(|e| DbError::Migration(format!("backup: {e}")))
        }
        DbConn::Pg(_) => Err(DbError::Migration(
            "PostgreSQL is backed up with pg_dump".to_owned(),
        )),
    }
}

/// Whether every embedded migration has been applied (readiness).
pub fn migrations_complete(conn: &mut DbConn) -> Result<bool, DbError> {
    let pending = match conn {
        DbConn::Pg(c) => c.has_pending_migration(PG_MIGRATIONS),
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
    };
    pending
        .map(|p| !p)
        .map_err(|e| DbError::Migration(e.to_string()))
}

/// Runs `f` in a [`write_transaction`] whose writes are kept only when it answers
/// `Ok((value, true))`; with `Ok((value, false))` they are rolled back and `value` is returned
/// (a dry run through the real rules, or an import refused by one of its rows).
pub fn write_transaction_keeping<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<(T, bool), E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    enum Outcome<T, E> {
        Discard(T),
        Fail(E),
    }
    impl<T, E: From<diesel::result::Error>> From<diesel::result::Error> for Outcome<T, E> {
        fn from(e: diesel::result::Error) -> Self {
            Self::Fail(e.into())
        }
    }
    let outcome = write_transaction(conn, |conn| match f(conn) {
        Ok((value, true)) => Ok(value),
        Ok((value, false)) => Err(Outcome::Discard(value)),
        Err(e) => Err(Outcome::Fail(e)),
    });
    match outcome {
        Ok(value) | Err(Outcome::Discard(value)) => Ok(value),
        Err(Outcome::Fail(e)) => Err(e),
    }
}

/// Runs `f` in a transaction that holds the write lock from its first statement.
///
/// On SQLite a plain `BEGIN` takes the write lock only at the first write, and a reader that
/// becomes a writer can fail at once with `SQLITE_BUSY`; `BEGIN IMMEDIATE` waits for the lock
/// (up to `busy_timeout`) instead, which serialises writers. PostgreSQL uses an ordinary
/// transaction; rows that must not change underneath are locked with `FOR UPDATE` by the caller.
/// Inside another write transaction (an import registering its rows one by one through the
/// rule of a single one), `f` runs in a savepoint of it.
pub fn write_transaction<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let nested = match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::transaction_manager_status_mut(inner)
            .transaction_depth()
            .ok()
            .flatten()
            .is_some(),
        DbConn::Pg(_) => false,
    };
    match conn {
        DbConn::Pg(_) => conn.transaction(f),
        DbConn::Sqlite(_) if nested => conn.transaction(f),
        DbConn::Sqlite(inner) => {
            // Begun through diesel's own manager so that nested transactions (diesel's batch
            // inserts use one) become savepoints.
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            let result = f(conn);
            let DbConn::Sqlite(inner) = conn else {
                unreachable!("the variant cannot change while borrowed")
            };
            match result {
                Ok(value) => match AnsiTransactionManager::commit_transaction(inner) {
                    Ok(()) => Ok(value),
                    Err(e) => {
                        let _ = AnsiTransactionManager::rollback_transaction(inner);
                        Err(e.into())
                    }
                },
                Err(e) => {
                    // The transaction failed already; a failing ROLLBACK adds nothing to report.
                    let _ = AnsiTransactionManager::rollback_transaction(inner);
                    Err(e)
                }
            }
        }
    }
}

/// Refreshes the planner's statistics after bulk changes (`ANALYZE` on both engines), so that
/// list pages pick their indexes.
pub fn analyze(conn: &mut DbConn) -> Result<(), DbError> {
    conn.batch_execute("ANALYZE")?;
    if let DbConn::Sqlite(c) = conn {
        drop_value_samples(c)?;
    }
    Ok(())
}

/// Removes the per-value samples of SQLite's statistics (`sqlite_stat4`, which the bundled
/// library gathers), keeping the averages (`sqlite_stat1`). With samples, a cached statement
/// whose parameter meets a sampled index is compiled again at every execution
/// (`sqlite3Reprepare`): measured at 36 % of the CPU of the dashboard under load, through the
/// token lookup of every API request, for no better plan on the pages measured. `ANALYZE
/// sqlite_schema` then reloads the statistics of this connection.
fn drop_value_samples(conn: &mut SqliteConnection) -> Result<(), DbError> {
    let samples =
        diesel::sql_query("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat4'")
            .get_result::<Count>(conn)?;
    if samples.n > 0 {
        conn.batch_execute("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema")?;
    }
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Light statistics upkeep at start-up: `PRAGMA optimize` on SQLite (which analyses only what
/// needs it); PostgreSQL's autovacuum does this itself.
pub fn optimize(conn: &mut DbConn) -> Result<(), DbError> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute("PRAGMA optimize")?;
        drop_value_samples(c)?;
    }
    Ok(())
}

/// A finder's answer with "no such row" as `None`, so that callers above `db/` tell an absent
/// row from a failed query without naming diesel.
pub fn found<T>(result: QueryResult<T>) -> QueryResult<Option<T>> {
    result.optional()
}

/// Maps a unique-constraint violation to `Some(constraint or message)`, for services that turn it
/// into a field error.
pub fn unique_violation(err: &diesel::result::Error) -> Option<String> {
    match err {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        ) => Some(
            info.constraint_name()
                .map_or_else(|| info.message().to_owned(), str::to_owned),
        ),
        _ => None,
    }
}
