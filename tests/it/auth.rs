//! Logging in: tokens, sessions, cookies and the failed-login throttle.

use parcours::config::ThrottleConfig;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Options, PASSWORD, TestApp, assert_problem, header, submit};

#[tokio::test]
async fn token_endpoint_answers_a_token_that_opens_the_api() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let response = app.ask_token("LEA@example.org", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = app.get_json(&token, "/api/v1/me").await;
    assert_eq!(me["email"], "lea@example.org");
    assert_eq!(me["role"], "staff");
    assert_eq!(me["organisation_id"], app.org("la-fabrik"));
    let forged = app.get("not-a-token", "/api/v1/me").await;
    assert_problem(forged, 401, "/problems/unauthenticated").await;
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let mut answers = Vec::new();
    for email in ["lea@example.org", "nobody@example.org"] {
        let response = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .json(&json!({"email": email, "password": "wrong password!"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        answers.push(response.json::<Value>().await.unwrap()["errors"]["email"].clone());
    }
    assert_eq!(answers[0], answers[1]);
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let user = app.with_conn(|c| {
        parcours::db::users::find_by_email(c, "lea@example.org")
            .unwrap()
            .unwrap()
    });
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains(PASSWORD));
}

#[tokio::test]
async fn failed_logins_are_throttled_per_account() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    for _ in 0..5 {
        let r = app.ask_token("lea@example.org", "wrong password!").await;
        assert_problem(r, 422, "mot de passe incorrect").await;
    }
    // Even the right password is refused now, until the window has passed.
    let blocked = app.ask_token("lea@example.org", PASSWORD).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().contains_key("retry-after"));
    // The login page says so too.
    let browser = app.browser();
    let page = app.login(&browser, "lea@example.org").await;
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.text().await.unwrap().contains("Trop de tentatives"));
    app.clock.advance(chrono::Duration::minutes(16));
    let again = app.login_token("lea@example.org").await;
    assert!(!again.is_empty());
}

#[tokio::test]
async fn failed_logins_are_throttled_per_address() {
    let app = TestApp::spawn_with(Options {
        throttle: ThrottleConfig {
            per_account: 100,
            per_address: 3,
            window: std::time::Duration::from_secs(900),
        },
        ..Options::default()
    })
    .await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    for n in 0..3 {
        let r = app.ask_token(&format!("guess{n}@example.org"), "x").await;
        assert_problem(r, 422, "mot de passe incorrect").await;
    }
    let blocked = app.ask_token("lea@example.org", PASSWORD).await;
    assert_problem(blocked, 429, "/problems/too-many-requests").await;
}

#[tokio::test]
async fn login_opens_a_session_cookie_and_logout_closes_it() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let browser = app.browser();
    let response = app.login(&browser, "lea@example.org").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("parcours_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain http base URL");
    let home = app.visit(&browser, "/").await;
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.unwrap();
    assert!(html.contains("Test staff"));
    let token = crate::support::csrf_token(&html);
    let out = submit(&app, &browser, "/logout", &token, &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = app.visit(&browser, "/").await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(header(&after, "location").starts_with("/login"));
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = TestApp::spawn_with(Options {
        base_url: Some("https://parcours.example.org".to_owned()),
        ..Options::default()
    })
    .await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let browser = app.browser();
    // The pre-login CSRF cookie is Secure: a plain-http client does not send it back, so read
    // the Set-Cookie headers directly.
    let page = app.visit(&browser, "/login").await;
    let cookie = header(&page, "set-cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn wrong_password_on_the_login_page_keeps_the_email_and_says_why() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let browser = app.browser();
    let page = app.page(&browser, "/login").await;
    let token = crate::support::csrf_token(&page);
    let response = submit(
        &app,
        &browser,
        "/login",
        &token,
        &[
            ("email", "lea@example.org"),
            ("password", "wrong password!"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("Adresse e-mail ou mot de passe incorrect."));
    assert!(html.contains("value=\"lea@example.org\""));
}

#[tokio::test]
async fn expired_sessions_are_refused() {
    let app = TestApp::spawn().await;
    let browser = app
        .browser_as("lea@example.org", "staff", Some("la-fabrik"))
        .await;
    assert_eq!(app.visit(&browser, "/").await.status(), StatusCode::OK);
    app.clock.advance(chrono::Duration::hours(13));
    assert_eq!(
        app.visit(&browser, "/").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_client_address_comes_from_x_forwarded_for_only_behind_the_trusted_proxy() {
    let app = TestApp::spawn_with(Options {
        throttle: ThrottleConfig {
            per_account: 100,
            per_address: 2,
            window: std::time::Duration::from_secs(900),
        },
        ..Options::default()
    })
    .await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    // Without a trusted proxy, a forged header does not give each attempt a new address.
    for n in 0..2 {
        app.client
            .post(app.url("/api/v1/auth/token"))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .json(&json!({"email": "x@example.org", "password": "nope"}))
            .send()
            .await
            .unwrap();
    }
    let blocked = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("x-forwarded-for", "203.0.113.99")
        .json(&json!({"email": "lea@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(blocked, 429, "/problems/too-many-requests").await;
}

#[tokio::test]
async fn behind_the_trusted_proxy_each_forwarded_address_counts_apart() {
    let app = TestApp::spawn_with(Options {
        throttle: ThrottleConfig {
            per_account: 100,
            per_address: 2,
            window: std::time::Duration::from_secs(900),
        },
        trusted_proxy: Some(std::net::IpAddr::from([127, 0, 0, 1])),
        ..Options::default()
    })
    .await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    for _ in 0..2 {
        app.client
            .post(app.url("/api/v1/auth/token"))
            // The proxy appends the address it saw (203.0.113.7); what is left of it was
            // written by the client.
            .header("x-forwarded-for", "10.0.0.1, 203.0.113.7")
            .json(&json!({"email": "x@example.org", "password": "nope"}))
            .send()
            .await
            .unwrap();
    }
    let other_client = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("x-forwarded-for", "198.51.100.4")
        .json(&json!({"email": "lea@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other_client.status(),
        StatusCode::OK,
        "another client behind the proxy"
    );
    let same_client = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("x-forwarded-for", "203.0.113.7")
        .json(&json!({"email": "lea@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(same_client, 429, "/problems/too-many-requests").await;
}
