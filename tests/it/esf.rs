//! A cohort's ESF co-funding (« action cofinancée par le FSE »), which keeps its proof longer:
//! through the API (create, change, read, audited) and the cohort's form.

use diesel::prelude::*;
use parcours::db::schema::audit_log;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, cohort, post_form};

#[tokio::test]
async fn the_esf_flag_round_trips_through_the_api_and_the_form() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let body = json!({"kind": "initial", "track_id": 3, "starts_on": "2026-04-06",
                      "ends_on": "2026-05-29", "venue": "Lyon", "capacity": 12, "esf_cofunded": true});
    let created = app.created(&staff, "/api/v1/cohorts", body).await;
    assert_eq!(created["esf_cofunded"], true);
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/cohorts/{id}");
    assert_eq!(app.get_json(&staff, &path).await["esf_cofunded"], true);
    let kept = app.patch_ok(&staff, &path, json!({"capacity": 14})).await;
    assert_eq!(kept["esf_cofunded"], true, "kept when not sent");
    let off = app
        .patch_ok(&staff, &path, json!({"esf_cofunded": false}))
        .await;
    assert_eq!(off["esf_cofunded"], false);
    let after: String = app.with_conn(|c| {
        audit_log::table
            .filter(audit_log::action.eq("cohort.update"))
            .order(audit_log::id.desc())
            .select(audit_log::after_json)
            .first::<Option<String>>(c)
            .unwrap()
            .unwrap()
    });
    assert!(after.contains("\"esf_cofunded\":false"), "{after}");
    let plain = cohort(&app, &staff, 3, "2026-04-06", "2026-05-29", 12).await;
    let read = app
        .get_json(&staff, &format!("/api/v1/cohorts/{plain}"))
        .await;
    assert_eq!(read["esf_cofunded"], false, "not co-funded unless said");

    // The form's checkbox.
    let browser = app.logged_in("staff@example.org").await;
    let edit = format!("/cohorts/{id}/edit");
    assert!(
        app.page(&browser, &edit)
            .await
            .contains("Action cofinancée par le FSE")
    );
    let saved = post_form(
        &app,
        &browser,
        &edit,
        &format!("/cohorts/{id}"),
        &[
            ("name", "Lyon — printemps 2026"),
            ("kind", "initial"),
            ("track_id", "3"),
            ("starts_on", "2026-04-06"),
            ("ends_on", "2026-05-29"),
            ("territory", "FR"),
            ("venue", "Lyon"),
            ("capacity", "12"),
            ("esf_cofunded", "on"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get_json(&staff, &path).await["esf_cofunded"], true);
    let html = app.page(&browser, &format!("/cohorts/{id}")).await;
    assert!(html.contains("<dt>Cofinancement</dt><dd>Action cofinancée par le FSE</dd>"));
    assert!(
        app.page(&browser, &edit)
            .await
            .contains(r#"name="esf_cofunded" type="checkbox" value="on" checked"#)
    );
}
