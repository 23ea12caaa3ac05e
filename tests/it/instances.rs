//! Two `parcours serve` processes on one PostgreSQL database behave as one: a session opened on
//! one is valid on the other, a token revoked on one is refused at once by the other that kept
//! it, failed logins count across both, and a burst of jobs is shared
//! between their workers with each job run once. (SQLite has one instance by design: on the
//! SQLite pass these tests have nothing to check.)

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::smtp::SmtpPeer;
use crate::support::{
    PASSWORD, TestApp, advisor_body, assert_problem, csrf_token, free_port, postgres_url,
};

/// A `parcours serve` process, stopped with the test.
struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(database_url: &str, smtp_url: &str) -> Instance {
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("parcours-instance-{port}"));
    let child = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .env("DATABASE_URL", database_url)
        .env("PARCOURS_BIND", format!("127.0.0.1:{port}"))
        .env("PARCOURS_DATA_DIR", &dir)
        .env("PARCOURS_SMTP_URL", smtp_url)
        .env("PARCOURS_LOGIN_MAX_FAILURES", "5")
        .env("RUST_LOG", "warn")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let instance = Instance {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while reqwest::get(format!("{}/health", instance.base))
        .await
        .map_or(true, |r| !r.status().is_success())
    {
        assert!(started.elapsed() < Duration::from_secs(30), "no answer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    instance
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_sessions_throttling_and_the_job_queue() {
    if postgres_url().is_none() {
        return;
    }
    let peer = SmtpPeer::start();
    let app = TestApp::spawn().await;
    let url = app.state.config.database_url.clone();
    let (a, b) = (start(&url, &peer.url).await, start(&url, &peer.url).await);
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    app.user("leo@example.org", "staff", Some("la-fabrik"), None);

    // A session opened on A is valid on B.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser
        .get(format!("{}/login", a.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_token(&page);
    let logged = browser
        .post(format!("{}/login", a.base))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "lea@example.org"),
            ("password", PASSWORD),
            ("next", "/advisors"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    let on_b = browser
        .get(format!("{}/advisors", b.base))
        .send()
        .await
        .unwrap();
    assert_eq!(on_b.status(), StatusCode::OK, "the session of A works on B");

    // A token revoked on A is refused by B at once, though B keeps the identity it resolved.
    let issued: serde_json::Value = app
        .client
        .post(format!("{}/api/v1/auth/token", a.base))
        .json(&json!({"email": "lea@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = issued["token"].as_str().unwrap().to_owned();
    let me_on = |base: &str| {
        app.client
            .get(format!("{base}/api/v1/me"))
            .bearer_auth(&token)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(me_on(&b.base).await.unwrap().status(), StatusCode::OK);
    }
    let listed: serde_json::Value = app
        .client
        .get(format!("{}/api/v1/me/tokens", a.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token_id = listed["items"][0]["id"].as_i64().unwrap();
    let revoked = app
        .client
        .delete(format!("{}/api/v1/me/tokens/{token_id}", a.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(revoked.status().is_success(), "{}", revoked.status());
    assert_problem(
        me_on(&b.base).await.unwrap(),
        401,
        "/problems/unauthenticated",
    )
    .await;

    // Failed logins count across both: three on A, two on B, then even the right password waits.
    for (n, base) in [&a.base, &a.base, &a.base, &b.base, &b.base]
        .into_iter()
        .enumerate()
    {
        let r = app
            .client
            .post(format!("{base}/api/v1/auth/token"))
            .json(&json!({"email": "leo@example.org", "password": "pas le bon !"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "attempt {n}");
        assert_problem(r, 422, "mot de passe incorrect").await;
    }
    for base in [&a.base, &b.base] {
        let r = app
            .client
            .post(format!("{base}/api/v1/auth/token"))
            .json(&json!({"email": "leo@example.org", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_problem(r, 429, "/problems/too-many-requests").await;
    }

    // A burst of convocations: both workers share the queue, each job runs once.
    let staff = app.fabrik_staff().await;
    let cohort = crate::support::cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 60).await;
    let mut emails = Vec::new();
    for n in 0..40 {
        let email = format!("rafale{n}@example.org");
        let advisor = app.advisor(&staff, advisor_body(&email)).await;
        crate::support::enrol(&app, &staff, cohort, advisor).await;
        emails.push(email);
    }
    let started = Instant::now();
    loop {
        let jobs = app.with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap());
        if jobs.len() == 40 && jobs.iter().all(|j| j.state == "done") {
            assert!(
                jobs.iter().all(|j| j.attempts == 1),
                "each job claimed once"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "jobs left: {:?}",
            jobs.iter().filter(|j| j.state != "done").count()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut received: Vec<String> = peer
        .messages()
        .into_iter()
        .map(|m| m.to[0].clone())
        .collect();
    received.sort();
    emails.sort();
    assert_eq!(received, emails, "every advisor convened exactly once");
    let sent = app.with_conn(|c| parcours::db::jobs::emails(c).unwrap());
    assert_eq!(sent.len(), 40);
}
