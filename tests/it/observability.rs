//! What the people who run parcours see: `/metrics` (local or with its token), a request id on
//! every response and log line, JSON logs.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use reqwest::StatusCode;

use crate::support::{Options, TestApp, free_port, header};

/// The value of an integer series (counters and gauges), 0 when absent.
fn value(metrics: &str, series: &str) -> i64 {
    metrics
        .lines()
        .find_map(|l| {
            l.strip_prefix(series)
                .and_then(|rest| rest.trim().parse().ok())
        })
        .unwrap_or(0)
}

async fn scrape(app: &TestApp) -> String {
    let r = app.anonymous("/metrics").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(header(&r, "content-type").starts_with("text/plain"));
    r.text().await.unwrap()
}

#[tokio::test]
async fn metrics_move_with_the_traffic() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let before = scrape(&app).await;
    let advisor_ok = "parcours_http_requests_total{route=\"/api/v1/advisors/{id}\",method=\"GET\",status=\"200\"}";
    let advisor_404 = "parcours_http_requests_total{route=\"/api/v1/advisors/{id}\",method=\"GET\",status=\"404\"}";
    let id = app
        .advisor(&staff, crate::support::advisor_body("lea@example.org"))
        .await;
    for _ in 0..3 {
        app.get(&staff, &format!("/api/v1/advisors/{id}")).await;
    }
    app.get(&staff, "/api/v1/advisors/999999").await;
    let after = scrape(&app).await;
    assert_eq!(
        value(&after, advisor_ok) - value(&before, advisor_ok),
        3,
        "{after}"
    );
    assert_eq!(value(&after, advisor_404) - value(&before, advisor_404), 1);
    let count = "parcours_http_request_duration_seconds_count";
    assert!(value(&after, count) >= value(&before, count) + 4);
    // An enrolment queues a convocation; the worker sends it.
    let cohort = crate::support::cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 10).await;
    crate::support::enrol(&app, &staff, cohort, id).await;
    let queued = scrape(&app).await;
    assert!(
        value(&queued, "parcours_jobs{state=\"queued\"}") >= 1,
        "{queued}"
    );
    app.run_jobs().await;
    let sent = scrape(&app).await;
    // The convocation left the queue (the deadline reminders wait for their day).
    assert_eq!(
        value(&queued, "parcours_jobs{state=\"queued\"}")
            - value(&sent, "parcours_jobs{state=\"queued\"}"),
        1,
        "{sent}"
    );
    assert_eq!(value(&sent, "parcours_jobs{state=\"done\"}"), 1);
    assert_eq!(
        value(&sent, "parcours_emails_sent_total") - value(&queued, "parcours_emails_sent_total"),
        1
    );
    // Raw paths never become series.
    assert!(!sent.contains(&format!("/api/v1/advisors/{id}\"")));
}

#[tokio::test]
async fn metrics_are_closed_to_other_machines_without_the_token() {
    // Behind the trusted proxy (here: the test itself), the client is the forwarded address.
    let mut options = Options {
        trusted_proxy: Some("127.0.0.1".parse().unwrap()),
        ..Options::default()
    };
    options.metrics_token = Some("jeton-des-metriques".to_owned());
    let app = TestApp::spawn_with(options).await;
    let from_outside = |token: Option<&str>| {
        let mut request = app
            .client
            .get(app.url("/metrics"))
            .header("x-forwarded-for", "203.0.113.9");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(
        from_outside(None).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        from_outside(Some("mauvais")).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let allowed = from_outside(Some("jeton-des-metriques")).await.unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    assert!(allowed.text().await.unwrap().contains("parcours_jobs"));
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let made_up = app.anonymous("/health").await;
    let id = header(&made_up, "x-request-id");
    assert_eq!(id.len(), 16);
    let other = app.anonymous("/health").await;
    assert_ne!(header(&other, "x-request-id"), id);
    let kept = app
        .client
        .get(app.url("/login"))
        .header("x-request-id", "proxy-1234")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "proxy-1234");
    let refused = app
        .client
        .get(app.url("/login"))
        .header("x-request-id", "two words")
        .send()
        .await
        .unwrap();
    assert_ne!(refused.headers()["x-request-id"], "two words");
}

#[test]
fn json_logs_carry_the_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("logs.db").display()),
        )
        .env("PARCOURS_DATA_DIR", dir.path())
        .env("PARCOURS_BIND", format!("127.0.0.1:{port}"))
        .env_remove("RUST_LOG")
        .env_remove("MALLOC_ARENA_MAX")
        .args(["--log-format", "json", "serve", "--no-worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let url = format!("http://127.0.0.1:{port}/health/live");
    let mut answered = false;
    for _ in 0..100 {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::Write;
            let _ = write!(
                stream,
                "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-Id: journal-42\r\nConnection: close\r\n\r\n"
            );
            let mut response = String::new();
            let _ = std::io::Read::read_to_string(&mut stream, &mut response);
            answered = response.starts_with("HTTP/1.1 200");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(answered, "{url} did not answer");
    // The server runs with its allocator arenas capped (`cli::cap_allocator_arenas`), the same
    // process executed again.
    let environ = std::fs::read(format!("/proc/{}/environ", child.id())).unwrap();
    assert!(
        environ
            .split(|b| *b == 0)
            .any(|var| var == b"MALLOC_ARENA_MAX=2"),
        "arenas not capped"
    );
    let mut found = None;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if line.contains("journal-42") {
            found = Some(line);
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let line = found.expect("a log line of the request");
    let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(parsed["span"]["request_id"], "journal-42", "{line}");
    assert_eq!(parsed["span"]["path"], "/health/live");
}
