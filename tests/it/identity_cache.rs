//! The identities a server keeps (`services::identity_cache`) are the ones it would read: served
//! again while nothing that makes them was written, read again after a write from anywhere
//! (this server, another instance, a command: here, SQL behind the server's back) and refused
//! once the session or token has ended.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Options, TestApp, assert_problem, rename_user};

fn execute(app: &TestApp, sql: &str) {
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), c)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    });
}

fn identity_version(app: &TestApp) -> i64 {
    app.with_conn(|c| parcours::db::identity_versions::current(c).unwrap())
}

async fn me(app: &TestApp, token: &str) -> Value {
    app.get_json(token, "/api/v1/me").await
}

#[tokio::test]
async fn a_kept_identity_is_served_until_what_makes_it_changes() {
    let app = TestApp::spawn().await;
    let token = app
        .token("lea@example.org", "staff", Some("la-fabrik"))
        .await;
    let lea = me(&app, &token).await;
    let id = lea["id"].as_i64().unwrap();
    assert!(!app.state.identities.is_empty(), "kept");

    // Renamed, then the version put back as if nothing had been written: the kept identity is
    // served, which shows that it is kept.
    let before = identity_version(&app);
    rename_user(&app, id, "Léa Martin");
    assert!(
        identity_version(&app) > before,
        "a write to users raises it"
    );
    execute(
        &app,
        &format!("UPDATE identity_versions SET version = {before}"),
    );
    assert_eq!(me(&app, &token).await["name"], lea["name"], "kept");
    // Any write raises it: read again, the new name shows.
    execute(&app, "UPDATE identity_versions SET version = version + 1");
    assert_eq!(me(&app, &token).await["name"], "Léa Martin");

    // A role given by another writer: seen by the next request.
    execute(
        &app,
        &format!(
            "INSERT INTO memberships (user_id, organisation_id, role, created_at) \
             SELECT {id}, NULL, 'admin', created_at FROM users WHERE id = {id}"
        ),
    );
    let roles: Vec<String> = me(&app, &token).await["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap().to_owned())
        .collect();
    assert!(roles.contains(&"admin".to_owned()), "{roles:?}");

    // The token revoked elsewhere: refused at once.
    execute(
        &app,
        &format!("UPDATE api_tokens SET revoked_at = created_at WHERE user_id = {id}"),
    );
    assert_problem(
        app.get(&token, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn an_account_closed_or_a_token_ended_is_refused_though_kept() {
    let app = TestApp::spawn_with(Options {
        token_ttl: std::time::Duration::from_secs(24 * 3600),
        ..Options::default()
    })
    .await;
    let token = app
        .token("lea@example.org", "staff", Some("la-fabrik"))
        .await;
    let other = app
        .token("leo@example.org", "staff", Some("la-fabrik"))
        .await;
    me(&app, &token).await;
    me(&app, &other).await;

    execute(
        &app,
        "UPDATE users SET active = false WHERE email = 'lea@example.org'",
    );
    assert_problem(
        app.get(&token, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
    assert_eq!(me(&app, &other).await["email"], "leo@example.org");

    // The token's end passes with nothing written: the kept identity ends with it.
    app.at("2026-03-03T08:59:00Z");
    assert_eq!(me(&app, &other).await["email"], "leo@example.org");
    app.at("2026-03-03T09:00:01Z");
    assert_problem(
        app.get(&other, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn a_session_ended_elsewhere_is_refused_though_kept() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let browser = app.logged_in("lea@example.org").await;
    let page = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);

    execute(&app, "DELETE FROM sessions");
    let after = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    let location = after.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("/login"), "{location}");
}

#[tokio::test]
async fn a_kept_token_still_notes_its_use_each_hour() {
    let app = TestApp::spawn().await;
    app.at("2026-03-16T09:00:00Z");
    let token = app
        .token("lea@example.org", "staff", Some("la-fabrik"))
        .await;
    let last_used = || {
        app.with_conn(|c| {
            use diesel::prelude::*;
            use parcours::db::schema::api_tokens;
            api_tokens::table
                .select(api_tokens::last_used_at)
                .first::<Option<chrono::NaiveDateTime>>(c)
                .unwrap()
                .map(|at| at.to_string())
        })
    };
    me(&app, &token).await;
    assert_eq!(last_used().as_deref(), Some("2026-03-16 09:00:00"));
    let version = identity_version(&app);
    app.at("2026-03-16T09:30:00Z");
    me(&app, &token).await;
    assert_eq!(
        last_used().as_deref(),
        Some("2026-03-16 09:00:00"),
        "not yet"
    );
    app.at("2026-03-16T10:30:00Z");
    me(&app, &token).await;
    assert_eq!(last_used().as_deref(), Some("2026-03-16 10:30:00"));
    assert_eq!(
        identity_version(&app),
        version,
        "noting a use changes no identity: nothing kept is dropped"
    );
}
