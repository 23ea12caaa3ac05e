//! The steps every browser journey shares: its test attribute (ignored without Chromium), logging
//! in through the login page and out through the header, setting date fields, fetching a file with
//! the browser's own session.

use serde_json::json;

use crate::browser::Journey;
use crate::support::PASSWORD;

/// A browser journey's test: a multi-threaded tokio test, ignored (with the reason shown by
/// `cargo test`) when Chromium is not installed.
macro_rules! browser_test {
    ($(#[$meta:meta])* async fn $name:ident() $body:block) => {
        $(#[$meta])*
        #[cfg_attr(
            not(browser),
            ignore = "Chromium absent: apt-get install chromium chromium-driver, then cargo test \
                      (PARCOURS_REQUIRE_BROWSER=1 makes its absence a failure)"
        )]
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() $body
    };
}
pub(crate) use browser_test;

/// Logs in on the login page the browser is on.
pub(crate) async fn log_in_here(journey: &Journey<'_>, email: &str) {
    journey.fill("email", email).await;
    journey.fill("password", PASSWORD).await;
    journey.click("main form button[type=submit]").await;
}

/// Logs in through the login page and expects to land on `landing`.
pub(crate) async fn log_in_to(journey: &mut Journey<'_>, email: &str, landing: &str) {
    journey.visit("/login").await;
    log_in_here(journey, email).await;
    assert_eq!(journey.path().await, landing, "logged in as {email}");
}

/// Logs in through the login page and expects the home page.
pub(crate) async fn log_in(journey: &mut Journey<'_>, email: &str) {
    log_in_to(journey, email, "/").await;
}

/// Signs out through the header's button.
pub(crate) async fn log_out(journey: &Journey<'_>) {
    journey.click("form[action='/logout'] button").await;
}

/// Sets a date or time field through the DOM (typing into them depends on the locale).
pub(crate) async fn set_value(journey: &Journey<'_>, id: &str, value: &str) {
    journey
        .client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(value)],
        )
        .await
        .unwrap();
}

/// Fetches `url` from the page (with the browser's own session) and returns
/// `(status, content type, first bytes as text, length)`.
pub(crate) async fn fetch_in_page(journey: &Journey<'_>, url: &str) -> (u64, String, String, u64) {
    let got = journey
        .client
        .execute_async(
            r"const done = arguments[arguments.length - 1];
              fetch(arguments[0], { credentials: 'same-origin' })
                .then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type') || '',
                   new TextDecoder('utf-8').decode(b.slice(0, 4096)), b.byteLength])))
                .catch(e => done([0, String(e), '', 0]));",
            vec![json!(url)],
        )
        .await
        .unwrap();
    (
        got[0].as_u64().unwrap_or(0),
        got[1].as_str().unwrap_or_default().to_owned(),
        got[2].as_str().unwrap_or_default().to_owned(),
        got[3].as_u64().unwrap_or(0),
    )
}
