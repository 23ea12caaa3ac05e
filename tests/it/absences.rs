//! Absences and their evidence: proofs typed by their bytes and bounded in size, categories,
//! decisions (accept excuses the mark, audited; refuse needs a reason), health data read by the
//! advisor and the deciding staff only (each read audited), and the host structure's e-mails
//! after the delay.

use diesel::prelude::*;
use parcours::db::schema::audit_log;
use parcours::domain::file_type::NOT_ACCEPTED;
use reqwest::Response;
use serde_json::{Value, json};

use crate::support::{TestApp, assert_problem, cohort, enrol, training_days};

pub(crate) const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
pub(crate) const BOUNDARY: &str = "parcours-test-boundary-7f3a";

pub(crate) struct World {
    pub(crate) staff: String,
    pub(crate) advisor: String,
    pub(crate) cohort: i64,
    pub(crate) day: i64,
    pub(crate) lea: i64,
}

/// La Fabrik's cohort with a day on Tuesday 24 February 2026; Léa, employed by Mairie X
/// (contact e-mail set), marked absent on its morning, as seen at 13:00 that day.
pub(crate) async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let admin = app.admin_token().await;
    let host = crate::support::mairie_x(app, &admin).await;
    app.user("host-staff@example.org", "staff", Some("mairie-x"), None);
    let cohort_id = cohort(app, &staff, 2, "2026-02-16", "2026-05-29", 12).await;
    let lea = app
        .advisor(
            &staff,
            json!({"first_name": "Léa", "last_name": "Martin", "email": "lea@example.org",
                   "birth_date": "1995-05-17", "territory": "FR", "host_structure_id": host}),
        )
        .await;
    enrol(app, &staff, cohort_id, lea).await;
    let day = training_days(app, &staff, cohort_id, &["2026-02-24"]).await[0];
    app.user("lea@example.org", "advisor", None, Some(lea));
    let advisor = app.login_token("lea@example.org").await;
    app.at("2026-02-24T12:00:00Z");
    app.put_ok(
        &staff,
        &format!("/api/v1/cohorts/{cohort_id}/days/{day}/attendance"),
        json!({"entries": [{"advisor_id": lea, "half_day": "am", "status": "absent"}]}),
    )
    .await;
    World {
        staff,
        advisor,
        cohort: cohort_id,
        day,
        lea,
    }
}

pub(crate) fn body(fields: &[(&str, String)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in fields {
        out.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        out.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    w: &World,
    category: &str,
    motive: Option<&str>,
    file: (&str, &[u8]),
) -> Response {
    let mut fields = vec![
        ("cohort_id", w.cohort.to_string()),
        ("day_id", w.day.to_string()),
        ("half_day", "am".to_owned()),
        ("advisor_id", w.lea.to_string()),
        ("category", category.to_owned()),
    ];
    if let Some(m) = motive {
        fields.push(("motive", m.to_owned()));
    }
    app.client
        .post(app.url("/api/v1/absence-justifications"))
        .bearer_auth(token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body(&fields, Some(file)))
        .send()
        .await
        .unwrap()
}

pub(crate) async fn submitted(app: &TestApp, token: &str, w: &World) -> i64 {
    let response = upload(app, token, w, "sick_leave", None, ("arret.pdf", PDF)).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn audited(app: &TestApp, action: &str) -> Vec<Option<i64>> {
    app.with_conn(|c| {
        audit_log::table
            .filter(audit_log::action.eq(action))
            .order(audit_log::id)
            .select(audit_log::actor_user_id)
            .load(c)
            .unwrap()
    })
}

fn mark(sheet: &Value, advisor: i64) -> (Value, Value) {
    let line = sheet["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["advisor_id"] == advisor)
        .unwrap();
    (
        line["marks"]["am"].clone(),
        line["justifications"]["am"].clone(),
    )
}

#[tokio::test]
async fn a_proof_is_typed_by_its_bytes_bounded_and_categorised() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let html = b"<html><body>%PDF-1.7 pas un PDF</body></html>";
    let r = upload(
        &app,
        &w.advisor,
        &w,
        "sick_leave",
        None,
        ("arret.pdf", html),
    )
    .await;
    assert_problem(r, 422, NOT_ACCEPTED).await;
    let max = usize::try_from(app.ctx().attendance.upload_max_bytes).unwrap();
    let mut big = PDF.to_vec();
    big.resize(max + 10, b' ');
    let r = upload(&app, &w.advisor, &w, "sick_leave", None, ("gros.pdf", &big)).await;
    assert_problem(r, 422, "dépasse la taille admise").await;
    let r = upload(&app, &w.advisor, &w, "other", None, ("motif.pdf", PDF)).await;
    assert_problem(r, 422, "Précisez le motif").await;
    let r = upload(&app, &w.advisor, &w, "vacances", None, ("x.pdf", PDF)).await;
    assert_problem(r, 422, "Choisissez une catégorie").await;
    let outsider = app.staff_token("simplon@example.org", "simplon").await;
    let r = upload(&app, &outsider, &w, "sick_leave", None, ("x.pdf", PDF)).await;
    assert_problem(r, 404, "introuvable").await;
    let r = upload(
        &app,
        &w.advisor,
        &w,
        "other",
        Some("Panne de train"),
        ("ok.pdf", PDF),
    )
    .await;
    assert_eq!(r.status(), 201);
    let again = upload(&app, &w.advisor, &w, "sick_leave", None, ("bis.pdf", PDF)).await;
    assert_problem(again, 409, "déjà en attente").await;
    app.expect_leftover_jobs();
}

#[tokio::test]
async fn accepting_excuses_the_mark_and_refusing_needs_a_reason() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = submitted(&app, &w.advisor, &w).await;
    let listed = app
        .get_json(
            &w.staff,
            &format!("/api/v1/cohorts/{}/absence-justifications", w.cohort),
        )
        .await;
    assert_eq!(listed[0]["status"], "pending");
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/absence-justifications/{id}/refuse"),
            json!({}),
        )
        .await;
    assert_problem(r, 422, "Un refus se motive").await;
    let trainer = app
        .token("trainer@example.org", "trainer", Some("la-fabrik"))
        .await;
    let r = app
        .post(
            &trainer,
            &format!("/api/v1/absence-justifications/{id}/accept"),
            json!({}),
        )
        .await;
    assert_problem(r, 403, "acceptés ou refusés par l'équipe").await;
    let decision = app
        .post_ok(
            &w.staff,
            &format!("/api/v1/absence-justifications/{id}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(decision["justification"]["status"], "accepted");
    assert_eq!(decision["changed_closed_day"], Value::Null);
    let sheet = app
        .get_json(
            &w.staff,
            &format!("/api/v1/cohorts/{}/days/{}/attendance", w.cohort, w.day),
        )
        .await;
    assert_eq!(mark(&sheet, w.lea), (json!("excused"), json!("sick_leave")));
    assert_eq!(audited(&app, "absence_justification.accept").len(), 1);
    let mine = app
        .get_json(&w.advisor, &format!("/api/v1/advisors/{}/absences", w.lea))
        .await;
    assert_eq!(mine["items"][0]["status"], "excused");
    assert_eq!(mine["items"][0]["may_submit"], false);
    app.run_jobs().await;
}

#[tokio::test]
async fn the_proof_is_read_by_the_advisor_and_deciding_staff_only_each_read_audited() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = submitted(&app, &w.advisor, &w).await;
    let path = format!("/api/v1/absence-justifications/{id}/proof");
    for token in [&w.advisor, &w.staff] {
        let r = app.get(token, &path).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    }
    assert_eq!(audited(&app, "absence_proof.read").len(), 2);
    let trainer = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    app.with_conn(|c| parcours::db::cohorts::add_trainer(c, w.cohort, trainer).unwrap());
    let trainer = app.login_token("trainer@example.org").await;
    assert_problem(app.get(&trainer, &path).await, 403, "données de santé").await;
    let host = app.login_token("host-staff@example.org").await;
    assert_problem(app.get(&host, &path).await, 404, "introuvable").await;
    assert_eq!(
        audited(&app, "absence_proof.read").len(),
        2,
        "refusals read nothing"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn accepting_on_a_closed_half_day_is_a_correction_named_for_resealing() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = submitted(&app, &w.advisor, &w).await;
    let now = app.ctx().now;
    app.with_conn(|c| {
        let half = parcours::db::half_days::get_or_create(
            c,
            parcours::db::half_days::COHORT_DAY,
            w.day,
            "am",
        )
        .unwrap();
        parcours::db::half_days::close(c, half.id, None, now).unwrap();
    });
    let decision = app
        .post_ok(
            &w.staff,
            &format!("/api/v1/absence-justifications/{id}/accept"),
            json!({}),
        )
        .await;
    assert_eq!(decision["changed_closed_day"], w.day);
    let reasons: Vec<(Option<String>, String, String)> = app.with_conn(|c| {
        use parcours::db::schema::attendance_corrections as k;
        k::table
            .select((k::before_status, k::after_status, k::reason))
            .load(c)
            .unwrap()
    });
    assert_eq!(
        reasons,
        vec![(
            Some("absent".to_owned()),
            "excused".to_owned(),
            "Justificatif accepté : arrêt maladie".to_owned()
        )]
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn only_a_missed_half_day_takes_a_proof() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut other = upload(&app, &w.staff, &w, "force_majeure", None, ("x.pdf", PDF)).await;
    assert_eq!(other.status(), 201, "staff submit for the advisor");
    // The afternoon is not over and not marked: nothing to justify yet.
    let fields = |half: &str| {
        vec![
            ("cohort_id", w.cohort.to_string()),
            ("day_id", w.day.to_string()),
            ("half_day", half.to_owned()),
            ("category", "sick_leave".to_owned()),
        ]
    };
    let send = |half: &'static str| {
        app.client
            .post(app.url("/api/v1/absence-justifications"))
            .bearer_auth(&w.advisor)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body(&fields(half), Some(("x.pdf", PDF))))
            .send()
    };
    other = send("pm").await.unwrap();
    assert_problem(other, 409, "marqué absent").await;
    // Once over, an unmarked half-day may be justified.
    app.at("2026-02-24T17:00:00Z");
    assert_eq!(send("pm").await.unwrap().status(), 201);
    app.expect_leftover_jobs();
}
