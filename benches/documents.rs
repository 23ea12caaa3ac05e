//! Documents benchmark: attestations generated per second for the demo's published session of
//! 500 candidates, their Open Badges credentials signed per second, e-mails sent per second to a local SMTP peer (the worker draining that
//! session's notices, PDFs attached), and the calendar feed of a user with 200 events.
//!
//!   cargo bench --bench documents                       # SQLite in a temporary directory
//!   BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench documents
//!
//! With `BENCH_POSTGRES_URL`, a scratch database `parcours_bench_documents` is created (and
//! dropped first if it exists) on that server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)]

#[path = "../tests/it/smtp.rs"]
#[allow(dead_code)]
mod smtp;

use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use diesel::{Connection, PgConnection, RunQueryDsl, connection::SimpleConnection};
use parcours::certificates::Documents;
use parcours::clock::{Clock, FixedClock};
use parcours::config::{Config, PasswordParams};
use parcours::db::{self, DbConn};
use parcours::services::certificates::{self, Issuing};

const ADVISORS: u32 = 5000;
const FEED_EVENTS: u32 = 200;
const FEED_RUNS: u32 = 50;

fn database_url(scratch: &std::path::Path) -> (String, &'static str) {
    match std::env::var("BENCH_POSTGRES_URL") {
        Ok(admin_url) => {
            let name = "parcours_bench_documents";
            let mut admin = PgConnection::establish(&admin_url).unwrap();
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .unwrap();
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap();
            let base = admin_url.rsplit_once('/').unwrap().0;
            (format!("{base}/{name}"), "PostgreSQL")
        }
        Err(_) => (
            format!("sqlite://{}", scratch.join("bench.db").display()),
            "SQLite",
        ),
    }
}

fn count(conn: &mut DbConn, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

fn main() {
    let scratch = tempfile::tempdir().unwrap();
    let (url, engine) = database_url(scratch.path());
    let peer = smtp::SmtpPeer::start();
    let mut config = Config::new(url);
    config.smtp_url = Some(peer.url.clone());
    config.data_dir = scratch.path().join("data");
    "https://parcours.example.org".clone_into(&mut config.base_url);
    config.password = PasswordParams {
        memory_kib: 256,
        iterations: 1,
    };
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let state = runtime.block_on(async {
        parcours::app::build_state(config.clone(), Arc::new(clock.clone())).unwrap()
    });
    let mut conn = state.db.get().unwrap();
    let report = parcours::demo::run(&mut conn, &clock, config.password, ADVISORS, false).unwrap();
    assert_eq!(report.exam_candidates, 500);
    let session = db::bulk::exam_session_with_venue_prefix(&mut conn, "Démo")
        .unwrap()
        .unwrap();

    // 1. Attestations: draw, hash and store each validated candidate's PDF.
    let documents = Documents::load().unwrap();
    let issuing = Issuing {
        documents: &documents,
        base_url: &config.base_url,
        issuer: &config.issuer,
    };
    let sources = certificates::sources_of_session(&mut conn, session).unwrap();
    let started = Instant::now();
    let tally =
        certificates::issue_all(&mut conn, issuing, &sources, clock.now_naive(), |_| ()).unwrap();
    assert_eq!(tally.issued, sources.len());
    let issue_secs = started.elapsed().as_secs_f64();
    let average_kb = count(
        &mut conn,
        "SELECT CAST(AVG(LENGTH(pdf)) AS BIGINT) AS n FROM certificates",
    ) as f64
        / 1024.0;

    // 1b. Open Badges credentials: each attestation's credential signed (vc+jwt, Ed25519), first
    //     drawn (its salt, id and status-list place stored), then signed again as re-downloaded.
    let badges = parcours::services::open_badges::Badges {
        base_url: &config.base_url,
        issuer: &config.issuer,
    };
    let system = parcours::auth::Principal::system();
    let ids: Vec<i64> = sources
        .iter()
        .map(|s| {
            db::certificates::find_for(&mut conn, *s)
                .unwrap()
                .unwrap()
                .id
        })
        .collect();
    let mut timed_badges = |label: &'static str| {
        let started = Instant::now();
        let mut bytes = 0;
        for id in &ids {
            let downloaded = parcours::services::open_badges::credential(
                &mut conn,
                &system,
                badges,
                *id,
                clock.now_naive(),
            )
            .unwrap();
            bytes += downloaded.jwt.len();
        }
        (
            label,
            started.elapsed().as_secs_f64(),
            bytes / ids.len().max(1),
        )
    };
    let badge_runs = [
        timed_badges("first download: drawn, stored and signed"),
        timed_badges("downloaded again: signed"),
    ];

    // 2. E-mails: the worker sends the session's notices (results for all 500, attestations
    //    with their PDF for the validated) to the SMTP peer.
    let lanes = config.worker_concurrency;
    let started = Instant::now();
    let ran = runtime
        .block_on(parcours::worker::drain_with(&state, lanes))
        .unwrap();
    let mail_secs = started.elapsed().as_secs_f64();
    let sent = count(&mut conn, "SELECT COUNT(*) AS n FROM emails_sent");
    assert_eq!(usize::try_from(sent).unwrap(), peer.messages().len());

    // 3. The calendar feed of a trainer with 200 upcoming training days.
    let trainer = parcours::db::users::insert(
        &mut conn,
        &parcours::db::users::NewUser {
            email: "bench.trainer@lafabrik.test",
            name: "Formatrice du banc d'essai",
            password_hash: "unused",
            advisor_id: None,
            active: true,
            created_at: clock.now_naive(),
            updated_at: clock.now_naive(),
        },
    )
    .unwrap();
    let cohort = count(&mut conn, "SELECT MIN(id) AS n FROM cohorts");
    let today = clock.today_in(chrono_tz::Europe::Paris);
    for n in 0..FEED_EVENTS {
        let day = today + Duration::days(i64::from(n) + 1);
        let at = |h| {
            parcours::domain::schedule::local_to_utc(
                day,
                NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
                chrono_tz::Europe::Paris,
            )
            .unwrap()
        };
        parcours::db::schedule::insert(
            &mut conn,
            &parcours::db::schedule::DayValues {
                cohort_id: cohort,
                day,
                start_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end_time: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                starts_at: at(9),
                ends_at: at(17),
                venue: Some("Salle 2, 12 rue de la Paix, Lyon".to_owned()),
                remote: false,
                updated_at: clock.now_naive(),
            },
            clock.now_naive(),
        )
        .unwrap();
    }
    parcours::db::cohorts::add_trainer(&mut conn, cohort, trainer).unwrap();
    parcours::db::calendar::create(
        &mut conn,
        trainer,
        &parcours::auth::token::digest("bench-feed-token"),
        clock.now_naive(),
    )
    .unwrap();
    let mut events = 0;
    let started = Instant::now();
    for _ in 0..FEED_RUNS {
        // Written each time (what a request costs after a change, the feed not yet kept).
        let feed = parcours::services::calendar_feed::write(
            &mut conn,
            &parcours::auth::token::digest("bench-feed-token"),
            (
                "ne-pas-repondre@parcours.example.org",
                "http://127.0.0.1:8080",
            ),
            clock.now_naive(),
        )
        .unwrap();
        events = feed.text.matches("BEGIN:VEVENT").count();
    }
    let feed_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(FEED_RUNS);
    assert!(events >= FEED_EVENTS as usize);

    println!("| engine | measure | result |");
    println!("|---|---|---|");
    println!(
        "| {engine} | attestations generated ({} validated of 500 candidates, avg {average_kb:.1} KB) | {:.0} per second ({issue_secs:.2} s) |",
        sources.len(),
        sources.len() as f64 / issue_secs
    );
    for (label, secs, bytes) in badge_runs {
        println!(
            "| {engine} | Open Badges credentials ({} attestations, {label}, avg {bytes} bytes) | {:.0} per second ({secs:.2} s) |",
            ids.len(),
            ids.len() as f64 / secs
        );
    }
    println!(
        "| {engine} | e-mails sent to a local SMTP peer ({sent} messages, {ran} jobs, {lanes} worker lanes) | {:.0} per second ({mail_secs:.2} s) |",
        sent as f64 / mail_secs
    );
    println!(
        "| {engine} | calendar feed of a user with {events} events, written (not kept) | {feed_ms:.1} ms per feed |"
    );
    // lettre's SMTP pool spawns a task as it closes, which panics once the runtime is gone: leave
    // without dropping it.
    drop(conn);
    std::process::exit(0);
}
