//! One snapshot per calendar document: the invitation of a convocation (`METHOD:REQUEST`), the
//! update of a moved day (same UID, SEQUENCE 1), the cancellation (`METHOD:CANCEL`), and the
//! personal feed.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{expect, ics_snapshot, mail_to};
use crate::support::{TestApp, advisor_body, cohort, enrol, module_of, module_session};

/// The invitation attached to the first `kind` e-mail to Léa.
fn invitation(app: &TestApp, kind: &str) -> String {
    let mail = mail_to(app, kind, "lea@");
    ics_snapshot(&mail.part("text/calendar").unwrap())
}

#[tokio::test]
async fn invitations_updates_cancellations_and_the_feed() {
    let app = TestApp::spawn().await;
    let staff = app
        .token("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let provider = app
        .token("simplon@example.org", "staff", Some("simplon"))
        .await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let mut days = Vec::new();
    for date in ["2026-03-10", "2026-03-17"] {
        let r = app
            .post(
                &staff,
                &format!("/api/v1/cohorts/{cohort_id}/days"),
                json!({"date": date, "start_time": "09:00", "end_time": "17:00"}),
            )
            .await;
        days.push(expect(r, StatusCode::CREATED).await["id"].as_i64().unwrap());
    }
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    enrol(&app, &staff, cohort_id, lea).await;
    // The convocation goes out first, with both days as they were planned.
    app.run_jobs().await;
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-04-07"], 10).await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/module-sessions/{session}/enrolments"),
            json!({"advisor_id": lea}),
        )
        .await;
    expect(r, StatusCode::CREATED).await;
    let r = app
        .patch(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days/{}", days[0]),
            json!({"start_time": "10:00", "end_time": "17:30"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days/{}/cancel", days[1]),
            json!({"reason": "Grève des transports"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
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
