//! Attendance benchmark (issue 13): a cohort of 25 signing the same half-day at once — 25 HTTP
//! clients in parallel, each an advisor with their own API token, presenting the QR token the
//! trainer's screen shows — then the day's sealed sheet and the cohort's 25 certificats de
//! réalisation generated per second.
//!
//!   cargo bench --bench attendance                      # SQLite
//!   PARCOURS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench attendance
//!
//! The server is the real one on 127.0.0.1:0 (the tests' harness, release build), its clock fixed
//! inside each half-day's signing window.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    dead_code
)]

#[path = "../tests/it/leftover_jobs.rs"]
mod leftover_jobs;
#[path = "../tests/it/smtp.rs"]
mod smtp;
#[path = "../tests/it/support/mod.rs"]
#[allow(unused_imports)]
mod support;

use std::time::{Duration, Instant};

use parcours::db;
use parcours::services::realisation::{self, DocumentKind};
use parcours::services::sealing;
use serde_json::{Value, json};
use support::{TestApp, cohort, enrol, named_advisor, training_days};

const TRAINEES: usize = 25;
const ROUNDS: usize = 10;
const SHEET_RUNS: u32 = 10;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
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
    app.expect_leftover_jobs();
    let staff = app.fabrik_staff().await;
    let dates: Vec<String> = (0..ROUNDS)
        .map(|i| format!("2026-03-{:02}", 9 + i))
        .collect();
    let date_refs: Vec<&str> = dates.iter().map(String::as_str).collect();
    let cohort_id = cohort(&app, &staff, 1, "2026-03-09", "2026-06-30", 30).await;
    let days = training_days(&app, &staff, cohort_id, &date_refs).await;
    let trainer_id = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{cohort_id}/trainers"),
        json!({"user_id": trainer_id}),
    )
    .await;
    let trainer = app.login_token("trainer@example.org").await;
    let mut tokens = Vec::with_capacity(TRAINEES);
    for i in 0..TRAINEES {
        let email = format!("stagiaire{i}@example.org");
        let advisor = named_advisor(&app, &staff, &format!("Stagiaire{i}"), &email).await;
        enrol(&app, &staff, cohort_id, advisor).await;
        app.user(&email, "advisor", None, Some(advisor));
        tokens.push(app.login_token(&email).await);
    }

    let client = reqwest::Client::new();
    let mut latencies = Vec::with_capacity(TRAINEES * ROUNDS);
    let mut rounds = Vec::with_capacity(ROUNDS);
    let (mut sheet_time, mut sheets) = (Duration::ZERO, 0u32);
    let (mut certificate_time, mut certificates) = (Duration::ZERO, 0usize);
    for (round, day) in days.iter().enumerate() {
        // 9:05 in Paris on that day (UTC+1 in March before the 29th).
        app.at(&format!("{}T08:05:00Z", dates[round]));
        let half = format!("/api/v1/cohorts/{cohort_id}/days/{day}/half-days/am");
        let qr = app.get_json(&trainer, &format!("{half}/qr-token")).await;
        let token = qr["token"].as_str().unwrap().to_owned();
        let started = Instant::now();
        let mut tasks = Vec::with_capacity(TRAINEES);
        for bearer in &tokens {
            let (client, url, bearer, token) = (
                client.clone(),
                app.url(&format!("{half}/signatures")),
                bearer.clone(),
                token.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let sent = Instant::now();
                let response = client
                    .post(url)
                    .bearer_auth(bearer)
                    .json(&json!({"token": token}))
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let body: Value = response.json().await.unwrap_or_default();
                assert!(status.is_success(), "{status}: {body}");
                sent.elapsed()
            }));
        }
        for task in tasks {
            latencies.push(task.await.unwrap());
        }
        rounds.push(started.elapsed());
        let board = app.get_json(&trainer, &half).await;
        let signed = board["trainees"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|line| line["signed_at_text"].is_string())
            .count();
        assert_eq!(signed, TRAINEES, "every trainee signed round {round}");

        // The trainer closes the morning, then the afternoon (nobody signed it): the day is sealed.
        app.post_ok(&trainer, &format!("{half}/close"), json!({}))
            .await;
        app.at(&format!("{}T15:30:00Z", dates[round]));
        let afternoon = format!("/api/v1/cohorts/{cohort_id}/days/{day}/half-days/pm");
        app.post_ok(&trainer, &format!("{afternoon}/close"), json!({}))
            .await;
        let ctx = app.ctx();
        let started = Instant::now();
        for _ in 0..SHEET_RUNS {
            // Draws the sheet from the day's facts and compares it with the sealed version.
            let sealed = app.with_conn(|c| {
                db::write_transaction(c, |c| {
                    sealing::seal_day(
                        c,
                        ctx,
                        parcours::services::sitting::DayKind::CohortDay,
                        *day,
                    )
                })
                .unwrap()
            });
            assert!(sealed.is_some(), "the day is sealed");
        }
        sheet_time += started.elapsed();
        sheets += SHEET_RUNS;
        // Each new day changes every trainee's hours: 25 new certificats, drawn and sealed.
        let started = Instant::now();
        let issued = app.with_conn(|c| {
            realisation::issue_for_cohort(
                c,
                ctx.base_url,
                ctx.now,
                DocumentKind::CertificatRealisation,
                cohort_id,
                |_, _, issued| {
                    assert!(issued.new, "a new version after a new day");
                    Ok(())
                },
            )
            .unwrap()
        });
        certificate_time += started.elapsed();
        certificates += issued;
    }
    latencies.sort();
    rounds.sort();
    println!(
        "{engine}: {TRAINEES} trainees signing one half-day in parallel, {ROUNDS} rounds: \
         all {TRAINEES} signed in {:.0} ms (median round), {:.0} ms (slowest round); \
         per signature p50 {:.0} ms, p99 {:.0} ms",
        percentile(&rounds, 0.5).as_secs_f64() * 1000.0,
        rounds[rounds.len() - 1].as_secs_f64() * 1000.0,
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
    );
    println!(
        "{engine}: the day's sealed sheet ({TRAINEES} trainees, 2 half-days) drawn {:.1} per second \
         ({sheets} draws); certificats de réalisation drawn and sealed {:.1} per second \
         ({certificates} in {ROUNDS} batches of {TRAINEES})",
        f64::from(sheets) / sheet_time.as_secs_f64(),
        certificates as f64 / certificate_time.as_secs_f64(),
    );
}
