//! Closing a half-day, the paper route, corrections after closing, and the marks' window.

use diesel::prelude::*;
use serde_json::json;

use crate::signing::{World, qr, world};
use crate::support::{TestApp, assert_problem};

fn corrections(app: &TestApp) -> i64 {
    use parcours::db::schema::attendance_corrections as c;
    app.with_conn(|conn| c::table.count().get_result(conn).unwrap())
}

fn audited(app: &TestApp, action: &str) -> i64 {
    use parcours::db::schema::audit_log as a;
    app.with_conn(|conn| {
        a::table
            .filter(a::action.eq(action))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

fn attendance(w: &World) -> String {
    format!("/api/v1/cohorts/{}/days/{}/attendance", w.cohort, w.today)
}

#[tokio::test]
async fn closing_marks_the_unsigned_absent_and_freezes_the_half_day() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let am = w.half(w.today, "am");
    let token = qr(&app, &w, &am).await;
    app.post_ok(
        &w.lea_token,
        &format!("{am}/signatures"),
        json!({"token": token}),
    )
    .await;
    let by_staff = app.post(&w.staff, &format!("{am}/close"), json!({})).await;
    assert_problem(by_staff, 403, "clôt la demi-journée").await;
    let closed = app
        .post_ok(
            &w.trainer,
            &format!("{am}/close"),
            json!({"drawn": "M 1 1 L 2 2 L 3 3"}),
        )
        .await;
    assert_eq!(closed["absent"], json!([w.leo]));
    let lines = closed["board"]["trainees"].as_array().unwrap().clone();
    let status = |id: i64| lines.iter().find(|l| l["advisor_id"] == id).unwrap()["status"].clone();
    assert_eq!(
        (status(w.lea), status(w.leo)),
        (json!("present"), json!("absent"))
    );
    assert_eq!(closed["board"]["trainers"].as_array().unwrap().len(), 1);
    assert_eq!(closed["board"]["may_close"], false);
    let late = app
        .post(
            &w.leo_token,
            &format!("{am}/signatures"),
            json!({"token": token}),
        )
        .await;
    assert_problem(late, 409, "Cette demi-journée est close.").await;
    let no_qr = app.get(&w.trainer, &format!("{am}/qr-token")).await;
    assert_problem(no_qr, 409, "Cette demi-journée est close.").await;
    assert_eq!(audited(&app, "attendance.close"), 1);
}

#[tokio::test]
async fn a_closed_half_day_changes_with_a_reason_only() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let am = w.half(w.today, "am");
    app.post_ok(&w.trainer, &format!("{am}/close"), json!({}))
        .await;
    let entries = json!([{"advisor_id": w.leo, "half_day": "am", "status": "present"}]);
    let silent = app
        .put(&w.staff, &attendance(&w), json!({"entries": entries}))
        .await;
    assert_problem(
        silent,
        409,
        "Cette demi-journée est close : indiquez le motif de la correction.",
    )
    .await;
    assert_eq!(corrections(&app), 0);
    let reason = "Feuille papier retrouvée : Léo était là.";
    let sheet = app
        .put_ok(
            &w.staff,
            &attendance(&w),
            json!({"entries": entries, "reason": reason}),
        )
        .await;
    let leo = sheet["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["advisor_id"] == w.leo)
        .unwrap()
        .clone();
    assert_eq!(leo["marks"]["am"], "present");
    assert_eq!(corrections(&app), 1);
    assert_eq!(audited(&app, "attendance.correct"), 1);
    let empty = app
        .post(
            &w.trainer,
            &format!("{am}/corrections"),
            json!({"advisor_id": w.lea, "status": "present", "reason": "  "}),
        )
        .await;
    assert_problem(empty, 422, "indiquez le motif").await;
    let corrected = app
        .post_ok(&w.trainer, &format!("{am}/corrections"), json!({"advisor_id": w.lea, "status": "present", "reason": "Signature sur la feuille papier"}))
        .await;
    assert_eq!(corrected["corrected_day"], w.today);
    assert_eq!(corrections(&app), 2);
    use parcours::db::schema::attendance_corrections as c;
    let (before, after): (Option<String>, String) = app.with_conn(|conn| {
        c::table
            .filter(c::advisor_id.eq(w.lea))
            .select((c::before_status, c::after_status))
            .first(conn)
            .unwrap()
    });
    assert_eq!(
        (before.as_deref(), after.as_str()),
        (Some("absent"), "present")
    );
}

#[tokio::test]
async fn marks_are_taken_from_the_windows_opening() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let entries = json!([{"advisor_id": w.lea, "half_day": "am", "status": "present"}]);
    app.at("2026-03-02T07:30:00Z");
    let early = app
        .put(&w.staff, &attendance(&w), json!({"entries": entries}))
        .await;
    assert_problem(
        early,
        409,
        "n'est pas encore ouverte : elle ouvre le lundi 2 mars 2026",
    )
    .await;
    // 8 h 50 in Paris, before the day starts: the window is open, the old rule refused it.
    app.at("2026-03-02T07:50:00Z");
    let sheet = app
        .put_ok(&w.staff, &attendance(&w), json!({"entries": entries}))
        .await;
    let unmarked = sheet["unmarked"].as_array().unwrap();
    assert_eq!(unmarked.len(), 2, "{unmarked:?}");
    assert_eq!(
        (
            unmarked[0]["half_day"].as_str(),
            unmarked[0]["count"].as_i64()
        ),
        (Some("am"), Some(1))
    );
}

#[tokio::test]
async fn a_paper_half_day_closes_with_its_scanned_sheet() {
    use base64::Engine as _;
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let paper = format!("{}/paper", w.half(w.today, "pm"));
    app.at("2026-03-02T15:00:00Z");
    let by_trainer = app
        .post(&w.trainer, &paper, json!({"absent": [w.leo]}))
        .await;
    assert_problem(by_trainer, 403, "Réservé à l'équipe de l'organisme").await;
    let unsheeted = app
        .post(&w.staff, &paper, json!({"absent": [w.leo], "close": true}))
        .await;
    assert_problem(unsheeted, 409, "Joignez la feuille signée numérisée").await;
    let recorded = app
        .post_ok(&w.staff, &paper, json!({"absent": [w.leo]}))
        .await;
    assert_eq!(recorded["board"]["paper"], true);
    assert!(recorded["board"]["closed_at_text"].is_null());
    let close = app
        .post(
            &w.trainer,
            &format!("{}/close", w.half(w.today, "pm")),
            json!({}),
        )
        .await;
    assert_problem(close, 409, "Joignez la feuille signée numérisée").await;
    let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7\n%scan");
    let scanned = json!({"name": "feuille.pdf", "content_base64": pdf});
    let closed = app
        .post_ok(
            &w.staff,
            &paper,
            json!({"absent": [w.leo], "close": true, "scanned": scanned}),
        )
        .await;
    assert_eq!(closed["absent"], json!([w.leo]));
    assert!(closed["board"]["closed_at_text"].is_string());
    let lea = closed["board"]["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["advisor_id"] == w.lea)
        .unwrap()
        .clone();
    assert_eq!(
        (lea["status"].as_str(), lea["method"].as_str()),
        (Some("present"), Some("paper"))
    );
}
