//! The test databases: a temporary SQLite file, or a PostgreSQL database cloned from a migrated
//! template when `PARCOURS_TEST_POSTGRES_URL` is set.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};
use parcours::db;

/// A database for one test, dropped with it.
pub(super) enum TestDb {
    Sqlite(
        #[allow(
            dead_code,
            reason = "held so that the directory lives as long as the test"
        )]
        tempfile::TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self
            && let Ok(mut conn) = PgConnection::establish(admin_url)
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Whether the suite runs on PostgreSQL.
pub fn postgres_url() -> Option<String> {
    std::env::var("PARCOURS_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn database_url_with_name(url: &str, name: &str) -> String {
    match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => format!("{url}/{name}"),
    }
}

/// The migrated template database, built once per run (its name carries a hash of the
/// migrations, so a changed migration builds a new one).
fn postgres_template(admin_url: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            let mut files: Vec<_> = walk("migrations/postgres");
            files.sort();
            for file in files {
                for b in std::fs::read(&file).unwrap() {
                    hash = (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
                }
            }
            let name = format!("parcours_tpl_{hash:016x}");
            let mut admin = PgConnection::establish(admin_url).unwrap();
            let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
                &format!("EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"),
            ))
            .get_result(&mut admin)
            .unwrap();
            if !exists {
                let building = format!("{name}_b{}", std::process::id());
                admin
                    .batch_execute(&format!("CREATE DATABASE {building}"))
                    .unwrap();
                {
                    let mut conn =
                        db::establish(&database_url_with_name(admin_url, &building)).unwrap();
                    db::run_migrations(&mut conn).unwrap();
                }
                admin
                    .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .unwrap();
            }
            name
        })
        .clone()
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(path.to_str().unwrap()));
        } else {
            out.push(path);
        }
    }
    out
}

/// A migrated SQLite file, built once per run; each test starts from a copy of it.
fn sqlite_template() -> std::path::PathBuf {
    static TEMPLATE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("template.db");
            {
                let mut conn = db::establish(&format!("sqlite://{}", path.display())).unwrap();
                db::run_migrations(&mut conn).unwrap();
                // Folds the write-ahead log into the file, so that a copy of the file is whole.
                conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    .unwrap();
            }
            (dir, path)
        })
        .1
        .clone()
}

/// Session settings for test databases on PostgreSQL: a commit does not wait for the disk
/// (a test database is dropped at the end anyway); locks, isolation and constraints are as in
/// production.
const PG_TEST_OPTIONS: &str = "options=-c%20synchronous_commit%3Doff";

pub(super) fn fresh_database() -> (String, TestDb) {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    static CREATE_LOCK: Mutex<()> = Mutex::new(());
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    match postgres_url() {
        Some(admin_url) => {
            let template = postgres_template(&admin_url);
            let name = format!("parcours_t_{}_{n}", std::process::id());
            {
                let _guard = CREATE_LOCK
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let mut admin = PgConnection::establish(&admin_url).unwrap();
                admin
                    .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .unwrap();
            }
            let url = database_url_with_name(&admin_url, &name);
            let separator = if url.contains('?') { '&' } else { '?' };
            (
                format!("{url}{separator}{PG_TEST_OPTIONS}"),
                TestDb::Postgres { admin_url, name },
            )
        }
        None => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("test.db");
            std::fs::copy(sqlite_template(), &path).unwrap();
            (format!("sqlite://{}", path.display()), TestDb::Sqlite(dir))
        }
    }
}
