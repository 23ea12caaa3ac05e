//! Import benchmark (issue 15): 10,000 advisors from one CSV through the API, as staff of La
//! Fabrik — the dry run, the import (creations), then the dry run and import of the same file
//! with every phone changed (10,000 updates matched on the ANCT id). Each must take under 10 s.
//!
//!   cargo bench --bench import                      # SQLite
//!   PARCOURS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench import
//!
//! The server is the real one on 127.0.0.1:0 (the tests' harness, release build).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    dead_code
)]

#[path = "../tests/it/leftover_jobs.rs"]
mod leftover_jobs;
#[path = "../tests/it/smtp.rs"]
mod smtp;
#[path = "../tests/it/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::TestApp;

const ROWS: usize = 10_000;
const LIMIT: Duration = Duration::from_secs(10);

/// The file: `ROWS` advisors with an ANCT id, a place of birth in the COG and a contract.
fn file(phone_prefix: &str) -> Vec<u8> {
    let mut out = String::from(
        "Nom;Prénom;E-mail;Date de naissance;Territoire;ID ANCT;Sexe;Code INSEE de naissance;\
         Contrat;Téléphone;Date d'embauche\n",
    );
    for i in 0..ROWS {
        let _ = writeln!(
            out,
            "Martin{i};Léa;lea{i}@bench.example.org;{:02}/05/1990;FR;PG-{i:06};F;69123;CDI;\
             {phone_prefix} {:02} {:02};01/09/2025",
            1 + i % 28,
            i % 100,
            (i / 100) % 100
        );
    }
    out.into_bytes()
}

async fn timed(app: &TestApp, token: &str, dry_run: bool, bytes: Vec<u8>) -> (Duration, Value) {
    let started = Instant::now();
    let response = app
        .client
        .post(app.url(&format!("/api/v1/imports/advisors?dry_run={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let report: Value = response.json().await.unwrap();
    let elapsed = started.elapsed();
    assert!(status.is_success(), "{status}: {}", report["title"]);
    (elapsed, report)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let engine = if std::env::var("PARCOURS_TEST_POSTGRES_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let created = file("06 12 34");
    let changed = file("07 98 76");
    let mut lines = Vec::new();
    for (what, dry_run, bytes, key) in [
        ("dry run (creations)", true, created.clone(), "created"),
        ("import (creations)", false, created, "created"),
        ("dry run (updates)", true, changed.clone(), "updated"),
        ("import (updates)", false, changed, "updated"),
    ] {
        let (elapsed, report) = timed(&app, &staff, dry_run, bytes).await;
        assert_eq!(
            report[key].as_u64(),
            Some(ROWS as u64),
            "{what}: {}",
            report["refused"]
        );
        assert!(elapsed < LIMIT, "{what} took {elapsed:?}");
        lines.push(format!(
            "{engine}: {ROWS} advisors, {what} in {:.2} s ({:.0} rows/s)",
            elapsed.as_secs_f64(),
            ROWS as f64 / elapsed.as_secs_f64()
        ));
    }
    for line in lines {
        println!("{line}");
    }
}
