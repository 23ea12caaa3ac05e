//! One snapshot per kind of problem document the API answers (RFC 9457): its status, its
//! content type and its body, with `Retry-After` where it is sent.

use reqwest::Response;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, advisor_body, ccp1_on_14_april, exam_session};

/// A problem response as a snapshot shows it.
async fn problem(response: Response) -> Value {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body: Value = response.json().await.unwrap();
    json!({
        "status": status,
        "content_type": headers["content-type"].to_str().unwrap(),
        "retry_after": headers.get("retry-after").map(|v| v.to_str().unwrap().to_owned()),
        "body": body,
    })
}

/// `POST /api/v1/advisors` as `token` with `body` sent as it is (not necessarily JSON).
async fn post_raw(app: &TestApp, token: &str, body: String) -> Response {
    app.client
        .post(app.url("/api/v1/advisors"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn problem_documents() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;

    let r = app.anonymous("/api/v1/advisors").await;
    insta::assert_json_snapshot!("unauthenticated", problem(r).await);

    let r = app.get(&staff, "/api/v1/advisors/999999").await;
    insta::assert_json_snapshot!("not_found", problem(r).await);

    let mut body = advisor_body("pas une adresse");
    body["first_name"] = json!("");
    let r = app.post(&staff, "/api/v1/advisors", body).await;
    insta::assert_json_snapshot!("validation", problem(r).await);

    let r = post_raw(&app, &staff, "{\"first_name\": ".to_owned()).await;
    insta::assert_json_snapshot!("bad_request", problem(r).await);

    let huge = format!("{{\"notes\": \"{}\"}}", "a".repeat(3 * 1024 * 1024));
    let r = post_raw(&app, &staff, huge).await;
    insta::assert_json_snapshot!("payload_too_large", problem(r).await);

    // An exam session of La Fabrik, not started, with no jury: staff may not record results
    // (forbidden) and may not publish (conflict: a jury of two).
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let session = exam_session(&app, &staff, ccp1_on_14_april()).await;
    let path = format!("/api/v1/exam-sessions/{session}/results/{advisor}");
    let r = app
        .put(&staff, &path, json!({"outcome": "validated"}))
        .await;
    insta::assert_json_snapshot!("forbidden", problem(r).await);
    let path = format!("/api/v1/exam-sessions/{session}/publish");
    let r = app.post(&staff, &path, json!({})).await;
    insta::assert_json_snapshot!("conflict", problem(r).await);

    // A cookie session writing through the API without its CSRF token.
    let browser = app.logged_in("staff@example.org").await;
    let r = browser
        .post(app.url("/api/v1/advisors"))
        .json(&advisor_body("leo@example.org"))
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("csrf", problem(r).await);

    // The failed-login throttle (5 per account).
    let wrong = format!("{PASSWORD}-faux");
    for _ in 0..5 {
        app.ask_token("staff@example.org", &wrong).await;
    }
    let last = app.ask_token("staff@example.org", &wrong).await;
    insta::assert_json_snapshot!("too_many_requests", problem(last).await);
}
