//! Running parcours: backups while serving, migrations when instances start together, and a
//! graceful stop on SIGTERM.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::support::{TestApp, advisor_body, free_port, postgres_url};

#[derive(QueryableByName)]
struct Checked {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn parcours(db: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parcours"));
    command.env("DATABASE_URL", db).env("RUST_LOG", "warn");
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_opens_and_passes_the_integrity_check() {
    let app = TestApp::spawn().await;
    let url = app.state.config.database_url.clone();
    if postgres_url().is_some() {
        // PostgreSQL: parcours prints the pg_dump command rather than copying.
        let out = parcours(&url)
            .args(["backup", "--to", "/tmp/unused.db"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("pg_dump --format=custom"));
        return;
    }
    let staff = app.fabrik_staff().await;
    // A stream of writes while the backup runs.
    let writer = {
        let (client, base, staff) = (app.client.clone(), app.url(""), staff.clone());
        tokio::spawn(async move {
            for n in 0..60 {
                let r = client
                    .post(format!("{base}/api/v1/advisors"))
                    .bearer_auth(&staff)
                    .json(&advisor_body(&format!("flux{n}@example.org")))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copie.db");
    let out = tokio::task::spawn_blocking({
        let (url, copy) = (url.clone(), copy.clone());
        move || {
            parcours(&url)
                .args(["backup", "--to", copy.to_str().unwrap()])
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    writer.await.unwrap();
    let mut conn =
        SqliteConnection::establish(&format!("file:{}?mode=ro", copy.display())).unwrap();
    let checked: Checked = diesel::sql_query("PRAGMA integrity_check")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(checked.integrity_check, "ok");
    let advisors: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM advisors")
        .get_result(&mut conn)
        .unwrap();
    assert!(advisors.n <= 60);
    let territories: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM territories")
        .get_result(&mut conn)
        .unwrap();
    assert!(territories.n > 10, "the reference data is there");
    // An existing file is never overwritten.
    let again = parcours(&url)
        .args(["backup", "--to", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!again.status.success());
}

#[test]
fn migrations_run_once_when_instances_start_together() {
    let Some(admin_url) = postgres_url() else {
        // One SQLite file has one parcours: nothing starts together.
        return;
    };
    let name = format!("parcours_migrate_{}", std::process::id());
    let url = crate::copy::fresh_postgres(&admin_url, &name);
    let instances: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut conn = parcours::db::establish(&url).unwrap();
                parcours::db::run_migrations(&mut conn).unwrap()
            })
        })
        .collect();
    let applied: Vec<usize> = instances.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(applied.iter().filter(|n| **n > 0).count(), 1, "{applied:?}");
    let mut conn = PgConnection::establish(&url).unwrap();
    let versions: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM __diesel_schema_migrations")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(
        usize::try_from(versions.n).unwrap(),
        applied.iter().sum::<usize>()
    );
    drop(conn);
    let mut admin = PgConnection::establish(&admin_url).unwrap();
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .unwrap();
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = parcours(&format!(
        "sqlite://{}",
        dir.path().join("stop.db").display()
    ))
    .env("PARCOURS_DATA_DIR", dir.path())
    .env("PARCOURS_BIND", format!("127.0.0.1:{port}"))
    .env("PARCOURS_SHUTDOWN_GRACE", "20")
    .args(["serve"])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let started = Instant::now();
    let mut stream = loop {
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) {
            break stream;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no server");
        std::thread::sleep(Duration::from_millis(50));
    };
    // A slow client: the headers, half the body…
    let body = "email=lea%40example.org&password=secret1234";
    write!(
        stream,
        "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        &body[..20]
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // …then SIGTERM while the request is in flight.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "still finishing the request"
    );
    stream.write_all(&body.as_bytes()[20..]).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 "),
        "a whole answer: {response}"
    );
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "did not exit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // And nothing listens any more.
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}
