use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{TestApp, header, postgres_url};

#[tokio::test]
async fn health_checks_the_database_without_an_account() {
    let app = TestApp::spawn().await;
    let response = app.anonymous("/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    let expected = if postgres_url().is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
    let live = app.anonymous("/health/live").await;
    assert_eq!(live.status(), StatusCode::OK);
}

#[tokio::test]
async fn migrations_applied_from_empty_and_rerun_as_no_op() {
    let app = TestApp::spawn().await;
    let applied = app.with_conn(|c| parcours::db::run_migrations(c).unwrap());
    assert_eq!(applied, 0, "every migration ran at start-up");
    assert!(app.with_conn(|c| parcours::db::migrations_complete(c).unwrap()));
}

#[tokio::test]
async fn every_response_says_how_long_parcours_spent_on_it() {
    let app = TestApp::spawn().await;
    for path in ["/health", "/login", "/nowhere"] {
        let response = app.anonymous(path).await;
        let timing = header(&response, "server-timing");
        let millis: f64 = timing
            .strip_prefix("app;dur=")
            .unwrap_or_else(|| panic!("{path}: {timing}"))
            .parse()
            .unwrap();
        assert!(millis >= 0.0, "{path}: {timing}");
    }
}
