//! Capacity holds under concurrency: 50 simultaneous enrolments for 12 seats.

use serde_json::{Value, json};

use crate::support::{TestApp, cohort, enrolled_advisor, module_of, module_session};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_enrolments_for_twelve_seats() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 60).await;
    let mut advisors = Vec::new();
    for n in 0..50 {
        let id = enrolled_advisor(&app, &staff, cohort_id, &format!("a{n}@example.org")).await;
        advisors.push(id);
    }
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-04-07"], 12).await;
    let mut tasks = Vec::new();
    for advisor in advisors {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/module-sessions/{session}/enrolments"));
        let token = staff.clone();
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"advisor_id": advisor}))
                .send()
                .await
                .unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }));
    }
    let mut confirmed = 0;
    let mut waitlisted = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status.as_u16(), 201, "{body}");
        match body["status"].as_str().unwrap() {
            "confirmed" => confirmed += 1,
            "waitlisted" => waitlisted += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((confirmed, waitlisted), (12, 38));
    let session = app
        .get_json(&staff, &format!("/api/v1/module-sessions/{session}"))
        .await;
    assert_eq!(session["seats_left"], 0);
    let stored = app.with_conn(|c| {
        parcours::db::module_enrolments::confirmed_count(c, session["id"].as_i64().unwrap())
            .unwrap()
    });
    assert_eq!(stored, 12);
    app.run_jobs().await;
}
