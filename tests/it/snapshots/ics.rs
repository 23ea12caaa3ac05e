//! One snapshot per calendar document: the invitation of a convocation (`METHOD:REQUEST`), the
//! update of a moved day (same UID, SEQUENCE 1), the cancellation (`METHOD:CANCEL`), and the
//! personal feed.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{LeaInTraining, expect, ics_snapshot, mail_to};
use crate::support::{TestApp, cancel_day, module_enrolment, module_of, module_session, move_day};

/// The invitation attached to the first `kind` e-mail to Léa.
fn invitation(app: &TestApp, kind: &str) -> String {
    let mail = mail_to(app, kind, "lea@");
    ics_snapshot(&mail.part("text/calendar").unwrap())
}

#[tokio::test]
async fn invitations_updates_cancellations_and_the_feed() {
    let app = TestApp::spawn().await;
    let LeaInTraining {
        staff,
        provider,
        cohort: cohort_id,
        days,
        lea,
    } = LeaInTraining::build(&app).await;
    // The convocation goes out first, with both days as they were planned.
    app.run_jobs().await;
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-04-07"], 10).await;
    module_enrolment(&app, &staff, session, lea).await;
    move_day(&app, &staff, cohort_id, days[0]).await;
    cancel_day(&app, &staff, cohort_id, days[1]).await;
    app.run_jobs().await;
    insta::assert_snapshot!("request", invitation(&app, "cohort_convocation"));
    insta::assert_snapshot!("update", invitation(&app, "cohort_day_changed"));
    insta::assert_snapshot!("cancel", invitation(&app, "cohort_day_cancelled"));

    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let token = app.login_token("lea.account@example.org").await;
    let renewed: Value = expect(
        app.post(&token, "/api/v1/me/calendar/renew", json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let url = renewed["url"].as_str().unwrap();
    let feed = app
        .client
        .get(app.url(&url[url.find("/calendar/").unwrap()..]))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    let content_type = feed.headers()["content-type"].to_str().unwrap().to_owned();
    let text = feed.text().await.unwrap();
    insta::assert_snapshot!(
        "feed",
        format!("Content-Type: {content_type}\n\n{}", ics_snapshot(&text))
    );
}
