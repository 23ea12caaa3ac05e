//! One snapshot per kind of problem document the API answers (RFC 9457): its status, its
//! content type and its body, with `Retry-After` where it is sent.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, advisor_body};

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

#[tokio::test]
async fn problem_documents() {
    let app = TestApp::spawn().await;
    let staff = app
        .token("staff@example.org", "staff", Some("la-fabrik"))
        .await;

    let r = app
        .client
        .get(app.url("/api/v1/advisors"))
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("unauthenticated", problem(r).await);

    let r = app.get(&staff, "/api/v1/advisors/999999").await;
    insta::assert_json_snapshot!("not_found", problem(r).await);

    let mut body = advisor_body("pas une adresse");
    body["first_name"] = json!("");
    let r = app.post(&staff, "/api/v1/advisors", body).await;
    insta::assert_json_snapshot!("validation", problem(r).await);

    let r = app
        .client
        .post(app.url("/api/v1/advisors"))
        .bearer_auth(&staff)
        .header("content-type", "application/json")
        .body("{\"first_name\": ")
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("bad_request", problem(r).await);

    let r = app
        .client
        .post(app.url("/api/v1/advisors"))
        .bearer_auth(&staff)
        .header("content-type", "application/json")
        .body(format!(
            "{{\"notes\": \"{}\"}}",
            "a".repeat(3 * 1024 * 1024)
        ))
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("payload_too_large", problem(r).await);

    // An exam session of La Fabrik, not started, with no jury: staff may not record results
    // (forbidden) and may not publish (conflict: a jury of two).
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let r = app
        .post(
            &staff,
            "/api/v1/exam-sessions",
            json!({"certification": "CCP1", "starts_at": "2026-04-14T09:00:00+02:00",
                   "ends_at": "2026-04-14T12:00:00+02:00", "venue": "La Fabrik, Lyon",
                   "capacity": 10}),
        )
        .await;
    let session = super::expect(r, StatusCode::CREATED).await["id"]
        .as_i64()
        .unwrap();
    let r = app
        .client
        .put(app.url(&format!(
            "/api/v1/exam-sessions/{session}/results/{advisor}"
        )))
        .bearer_auth(&staff)
        .json(&json!({"outcome": "validated"}))
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("forbidden", problem(r).await);
    let r = app
        .post(
            &staff,
            &format!("/api/v1/exam-sessions/{session}/publish"),
            json!({}),
        )
        .await;
    insta::assert_json_snapshot!("conflict", problem(r).await);

    // A cookie session writing through the API without its CSRF token.
    let browser = app.browser();
    app.login(&browser, "staff@example.org").await;
    let r = browser
        .post(app.url("/api/v1/advisors"))
        .json(&advisor_body("leo@example.org"))
        .send()
        .await
        .unwrap();
    insta::assert_json_snapshot!("csrf", problem(r).await);

    // The failed-login throttle (5 per account).
    let mut last = None;
    for _ in 0..6 {
        last = Some(
            app.client
                .post(app.url("/api/v1/auth/token"))
                .json(
                    &json!({"email": "staff@example.org", "password": format!("{PASSWORD}-faux")}),
                )
                .send()
                .await
                .unwrap(),
        );
    }
    insta::assert_json_snapshot!("too_many_requests", problem(last.unwrap()).await);
}
