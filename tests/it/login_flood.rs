//! Logins under attack: the throttle counted atomically, password checks bounded per instance
//! (429 beyond, never a lockout of everyone), the client address behind the proxy, and
//! redirect targets after login.

use parcours::config::ThrottleConfig;
use parcours::services::auth::BAD_CREDENTIALS;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Options, PASSWORD, TestApp, assert_problem, csrf_token, submit};

fn throttle(per_account: i64, per_address: i64) -> ThrottleConfig {
    ThrottleConfig {
        per_account,
        per_address,
        window: std::time::Duration::from_secs(900),
    }
}

async fn problem(response: reqwest::Response) -> (StatusCode, Option<String>, Value) {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: Value = response.json().await.unwrap();
    (status, retry_after, body)
}

#[tokio::test]
async fn parallel_wrong_passwords_get_no_more_than_the_limit_through() {
    let app = TestApp::spawn_with(Options {
        throttle: throttle(5, 1000),
        ..Options::default()
    })
    .await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let attempts = (0..20).map(|n| {
        app.client
            .post(app.url("/api/v1/auth/token"))
            .json(&json!({"email": "lea@example.org", "password": format!("devine {n}")}))
            .send()
    });
    let mut wrong_password = 0;
    for response in futures_util::future::join_all(attempts).await {
        let (status, retry_after, body) = problem(response.unwrap()).await;
        match status {
            StatusCode::UNPROCESSABLE_ENTITY => {
                assert_eq!(body["errors"]["email"], BAD_CREDENTIALS, "{body}");
                wrong_password += 1;
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let kind = body["type"].as_str().unwrap_or_default();
                assert!(
                    kind == "/problems/too-many-requests" || kind == "/problems/login-capacity",
                    "{body}"
                );
                assert!(retry_after.is_some(), "Retry-After on every 429");
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert!(
        wrong_password <= 5,
        "{wrong_password} passwords were checked past a limit of 5"
    );
    // The account stays locked for the window, even for its owner's right password.
    let owner = app.ask_token("lea@example.org", PASSWORD).await;
    let (status, _, body) = problem(owner).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["type"], "/problems/too-many-requests");
}

#[tokio::test]
async fn parallel_guesses_from_one_address_get_no_more_than_its_limit_through() {
    let app = TestApp::spawn_with(Options {
        throttle: throttle(1000, 3),
        ..Options::default()
    })
    .await;
    let attempts = (0..12).map(|n| {
        app.client
            .post(app.url("/api/v1/auth/token"))
            .json(&json!({"email": format!("devine{n}@example.org"), "password": "x"}))
            .send()
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.unwrap().status())
        .collect();
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert!(checked <= 3, "{statuses:?}");
    assert!(statuses.iter().all(|s| matches!(
        *s,
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::TOO_MANY_REQUESTS
    )));
}

#[tokio::test]
async fn logins_beyond_the_password_check_capacity_are_told_to_come_back() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let signed_in = app.staff_token("paul@example.org", "la-fabrik").await;
    // Every password check of the instance busy, as under a flood.
    let mut held = Vec::new();
    for _ in 0..app.state.hashes.size() {
        held.push(app.state.hashes.acquire().await.unwrap());
    }
    let api = app.ask_token("lea@example.org", PASSWORD).await;
    assert_eq!(
        api.headers()["content-type"],
        "application/problem+json",
        "a problem document"
    );
    let (status, retry_after, body) = problem(api).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["type"], "/problems/login-capacity", "{body}");
    assert_eq!(retry_after.as_deref(), Some("1"));
    let browser = app.browser();
    let page = app.login(&browser, "lea@example.org").await;
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers().contains_key("retry-after"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Trop de connexions en cours"), "{html}");
    assert!(html.contains("value=\"lea@example.org\""), "the form again");
    // Signed-in people are still served: no connection is held for the busy logins.
    let me = app.get(&signed_in, "/api/v1/me").await;
    assert_eq!(me.status(), StatusCode::OK);
    // Nobody is locked out: the busy answers were not counted as failures.
    drop(held);
    let again = app.login(&browser, "lea@example.org").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let after = app.with_conn(|c| {
        parcours::db::login_attempts::failures_for_email(
            c,
            "lea@example.org",
            chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        )
        .unwrap()
    });
    assert_eq!(after, 0);
}

#[tokio::test]
async fn behind_the_proxy_the_client_cannot_choose_its_address() {
    let app = TestApp::spawn_with(Options {
        throttle: throttle(1000, 2),
        trusted_proxy: Some(std::net::IpAddr::from([127, 0, 0, 1])),
        ..Options::default()
    })
    .await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    // The attacker (203.0.113.7, appended by the proxy) writes a new first hop each time.
    for n in 0..2 {
        let r = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .header("x-forwarded-for", format!("198.51.100.{n}, 203.0.113.7"))
            .json(&json!({"email": "x@example.org", "password": "nope"}))
            .send()
            .await
            .unwrap();
        assert_problem(r, 422, "/problems/validation").await;
    }
    let blocked = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("x-forwarded-for", "198.51.100.99, 203.0.113.7")
        .json(&json!({"email": "lea@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let (status, _, body) = problem(blocked).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["type"], "/problems/too-many-requests");
    // The address the attacker forged is not blamed: its owner logs in.
    let other = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("x-forwarded-for", "198.51.100.0")
        .json(&json!({"email": "lea@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
}

const HOSTILE_NEXT: &[&str] = &[
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "\t",
    "/\r\nSet-Cookie: pris=1",
    "/ok\n",
    "https://evil.example",
    "javascript:alert(1)",
    "evil.example",
];

#[tokio::test]
async fn login_never_redirects_to_another_site() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    for next in HOSTILE_NEXT.iter().chain(&["/cohorts?x=1"]) {
        let browser = app.browser();
        let page = app.visit(&browser, "/login").await;
        let token = csrf_token(&page.text().await.unwrap());
        let response = submit(
            &app,
            &browser,
            "/login",
            &token,
            &[
                ("email", "lea@example.org"),
                ("password", PASSWORD),
                ("next", next),
            ],
        )
        .await;
        if has_control(next) {
            // The input door refuses a control character before the login reads it.
            assert_refused_at_the_door(response, StatusCode::UNPROCESSABLE_ENTITY, next).await;
            let link = browser
                .get(app.url("/login"))
                .query(&[("next", next)])
                .send()
                .await
                .unwrap();
            assert_refused_at_the_door(link, StatusCode::BAD_REQUEST, next).await;
            continue;
        }
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next:?}");
        let expected = if next.starts_with("/cohorts") {
            *next
        } else {
            "/"
        };
        assert_eq!(response.headers()["location"], expected, "{next:?}");
        // Already signed in, a link to the login page redirects at once: the same rule.
        let link = browser
            .get(app.url("/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(link.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(link.headers()["location"], expected, "{next:?}");
    }
    // The raw attack from the report: the tab percent-encoded in the link.
    let browser = app.logged_in("lea@example.org").await;
    let raw = browser
        .get(format!("{}?next=/%09/evil.example", app.url("/login")))
        .send()
        .await
        .unwrap();
    assert_refused_at_the_door(raw, StatusCode::BAD_REQUEST, "/%09/evil.example").await;
    let crlf = browser
        .get(format!(
            "{}?next=/%0D%0ASet-Cookie:%20pris=1",
            app.url("/login")
        ))
        .send()
        .await
        .unwrap();
    assert_refused_at_the_door(crlf, StatusCode::BAD_REQUEST, "CR/LF").await;
}

fn has_control(value: &str) -> bool {
    value.chars().any(char::is_control)
}

/// A refusal by the input door: its status, no redirect, and the French message naming the rule.
async fn assert_refused_at_the_door(response: reqwest::Response, status: StatusCode, what: &str) {
    assert_eq!(response.status(), status, "{what:?}");
    assert!(response.headers().get("location").is_none(), "{what:?}");
    let body = response.text().await.unwrap();
    assert!(
        body.contains("n&#x27;est pas accepté")
            || body.contains("n'est pas accepté")
            || body.contains("une seule ligne"),
        "{what:?}: {body}"
    );
}

#[tokio::test]
async fn the_login_form_carries_only_a_local_next() {
    let app = TestApp::spawn().await;
    for next in HOSTILE_NEXT {
        let page = app
            .client
            .get(app.url("/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();
        if has_control(next) {
            assert_refused_at_the_door(page, StatusCode::BAD_REQUEST, next).await;
            continue;
        }
        assert_eq!(page.status(), StatusCode::OK, "{next:?}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains("name=\"next\" value=\"&#x2F;\""),
            "{next:?} kept in the form"
        );
    }
    // A signed-out visitor of a page is sent to log in, then back to that page.
    let to_login = app.anonymous("/cohorts?page=2").await;
    assert_eq!(to_login.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        to_login.headers()["location"],
        "/login?next=%2Fcohorts%3Fpage%3D2"
    );
}
