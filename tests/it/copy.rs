//! `parcours copy-data`: the demo data goes SQLite → PostgreSQL → SQLite (SQLite → SQLite →
//! SQLite on the SQLite pass) and comes back identical, table by table.

use std::process::Command;

use diesel::prelude::*;
use parcours::db::schema::{cohort_days, sealed_documents, users};

use crate::support::postgres_url;

fn parcours() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parcours"));
    command.env("RUST_LOG", "warn").env_remove("DATABASE_URL");
    command
}

fn run(command: &mut Command) -> String {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh PostgreSQL database on the test server, dropped by the caller.
pub(crate) fn fresh_postgres(admin_url: &str, name: &str) -> String {
    let mut admin = PgConnection::establish(admin_url).unwrap();
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .unwrap();
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .unwrap();
    format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0)
}

fn sums(url: &str) -> Vec<(&'static str, i64, String)> {
    let mut conn = parcours::db::establish(url).unwrap();
    parcours::db::copy::TABLES
        .iter()
        .map(|table| {
            let columns = parcours::db::copy::columns(&mut conn, table).unwrap();
            let (rows, sum) = parcours::copy::table_sum(&mut conn, table, &columns).unwrap();
            (*table, rows, sum)
        })
        .collect()
}

#[test]
fn the_demo_data_makes_a_round_trip_and_comes_back_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = format!("sqlite://{}", dir.path().join("first.db").display());
    let last = format!("sqlite://{}", dir.path().join("last.db").display());
    let middle_name = format!("parcours_copy_{}", std::process::id());
    let middle = match postgres_url() {
        Some(admin) => fresh_postgres(&admin, &middle_name),
        None => format!("sqlite://{}", dir.path().join("middle.db").display()),
    };
    run(parcours()
        .env("DATABASE_URL", &first)
        .env("PARCOURS_DATA_DIR", dir.path())
        .args(["demo", "--advisors", "120"]));
    // The worker issues the demo session's attestations: binary columns travel too.
    run(parcours()
        .env("DATABASE_URL", &first)
        .env("PARCOURS_DATA_DIR", dir.path())
        .args(["worker", "--once"]));

    // Attendance proof: files (binary content), signatures, sealed documents (one replaced by
    // another), a day's trainer.
    let (file_id, superseded) = {
        let mut conn = parcours::db::establish(&first).unwrap();
        let (day, cohort): (i64, i64) = cohort_days::table
            .order(cohort_days::id)
            .select((cohort_days::id, cohort_days::cohort_id))
            .first(&mut conn)
            .unwrap();
        let user: i64 = users::table
            .order(users::id)
            .select(users::id)
            .first(&mut conn)
            .unwrap();
        parcours::db::day_trainers::add(&mut conn, day, user).unwrap();
        let evidence = crate::retention::add_evidence(&mut conn, cohort, day, 1);
        let superseded: Vec<(i64, Option<i64>)> = sealed_documents::table
            .order(sealed_documents::id)
            .select((sealed_documents::id, sealed_documents::superseded_by))
            .load(&mut conn)
            .unwrap();
        (evidence.files[0], superseded)
    };

    let report = run(parcours().args(["copy-data", "--from", &first, "--to", &middle]));
    for table in [
        "stored_files",
        "sealed_documents",
        "cohort_day_trainers",
        "signing_keys",
    ] {
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("| {table} | ")))
            .unwrap_or_else(|| panic!("no {table} in {report}"));
        assert!(
            line.ends_with("| equal |") && !line.contains("| 0 |"),
            "{line}"
        );
    }
    assert!(
        report.contains("| advisors | 120 | 120 | equal |"),
        "{report}"
    );
    assert!(report.contains("| certificates |"), "{report}");
    assert!(report.contains("every table equal"), "{report}");
    run(parcours().args(["copy-data", "--from", &middle, "--to", &last]));
    // The dashboard's summary is not copied: each target's triggers rebuilt it from the advisors.
    for target in [&middle, &last] {
        let checked = run(parcours().env("DATABASE_URL", target).arg("check"));
        assert!(
            checked.contains("est exact : 120 conseillers recomptés"),
            "{checked}"
        );
    }

    let (before, after) = (sums(&first), sums(&last));
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a, b, "table {} differs after the round trip", a.0);
    }
    assert!(
        before
            .iter()
            .any(|(t, n, _)| *t == "certificates" && *n > 0)
    );
    assert!(before.iter().any(|(t, n, _)| *t == "cohort_days" && *n > 0));
    for table in [
        "attendance_signatures",
        "absence_justifications",
        "signing_keys",
    ] {
        assert!(
            before.iter().any(|(t, n, _)| *t == table && *n > 0),
            "{table}"
        );
    }
    // The bytes and the links between versions came back as they were.
    let mut back = parcours::db::establish(&last).unwrap();
    let (_, content) = parcours::db::stored_files::content(&mut back, file_id).unwrap();
    assert_eq!(content, b"%PDF-1.7 \x00\x01\xfe scan");
    let links: Vec<(i64, Option<i64>)> = sealed_documents::table
        .order(sealed_documents::id)
        .select((sealed_documents::id, sealed_documents::superseded_by))
        .load(&mut back)
        .unwrap();
    assert_eq!(links, superseded);
    assert!(links.iter().any(|(_, s)| s.is_some()));
    drop(back);

    // A target that holds data is refused, unless --force.
    let refused = parcours()
        .args(["copy-data", "--from", &first, "--to", &middle])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already holds data"));
    run(parcours().args(["copy-data", "--from", &first, "--to", &middle, "--force"]));

    // New rows in the copy get fresh ids (PostgreSQL's sequences were moved past the copied ones).
    let mut copy = parcours::db::establish(&middle).unwrap();
    let now = chrono::Utc::now().naive_utc();
    parcours::db::login_attempts::record(&mut copy, "nouveau@example.org", "127.0.0.1", now, false)
        .unwrap();
    let advisor = parcours::db::advisors::find(&mut copy, 1).unwrap();
    assert!(advisor.email.ends_with("@demo.parcours.fr"));
    drop(copy);
    if let Some(admin) = postgres_url() {
        let mut admin = PgConnection::establish(&admin).unwrap();
        let _ = diesel::sql_query(format!(
            "DROP DATABASE IF EXISTS {middle_name} WITH (FORCE)"
        ))
        .execute(&mut admin);
    }
}

/// A table's name, as `sqlite_master` gives it.
#[derive(diesel::QueryableByName)]
struct TableName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[test]
fn copy_data_carries_every_table_the_migrations_create() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("tables.db").display());
    let mut conn = parcours::db::establish(&url).unwrap();
    parcours::db::run_migrations(&mut conn).unwrap();
    let parcours::db::DbConn::Sqlite(sqlite) = &mut conn else {
        unreachable!("a SQLite URL");
    };
    let mut created: Vec<String> = diesel::RunQueryDsl::load::<TableName>(
        diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'",
        ),
        sqlite,
    )
    .unwrap()
    .into_iter()
    .map(|n| n.name)
    .filter(|name| !parcours::db::copy::is_derived(name))
    .collect();
    created.sort();
    let mut listed: Vec<String> = parcours::db::copy::TABLES
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
    listed.sort();
    assert_eq!(
        listed, created,
        "db/copy_tables.rs lists every table, once, as copied or derived"
    );
}
