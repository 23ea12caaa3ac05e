//! Scope for every lookup of a person, from the attacker's side: a CCP2-CCP3 provider's staff
//! enrolling ids 1…N learn nothing of strangers; out of scope, an advisor is named by exact
//! e-mail, with one neutral answer; cross-organisation enrolments are audited, told and limited.
//! Also: results readable by the right people only, the revoke page, jury impartiality re-checked,
//! waitlist positions under concurrency, a module's unknown owner, SIRET and NDA.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::smtp::SmtpPeer;
use crate::support::{
    Options, TestApp, add_juror, advisor_body, assert_field_error, assert_problem,
    ccp1_on_10_march, cohort, convoke, enrol, enrolled_advisor, exam_session, habilitate,
    module_of, module_session, post_form,
};

const NEUTRAL: &str =
    "Cette personne ne peut pas être inscrite ici ; son organisme de formation peut vous aider.";

/// A remote CCP2-CCP3 course of Simplon; returns its id.
async fn ccp23_course(app: &TestApp, simplon: &str) -> i64 {
    let r = app
        .post(
            simplon,
            "/api/v1/cohorts",
            json!({"kind": "ccp23", "starts_on": "2026-03-16", "ends_on": "2026-06-30",
                   "remote": true, "capacity": 50}),
        )
        .await;
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn enrol_body(app: &TestApp, token: &str, cohort: i64, body: Value) -> (StatusCode, String) {
    let r = app
        .post(token, &format!("/api/v1/cohorts/{cohort}/enrolments"), body)
        .await;
    (r.status(), r.text().await.unwrap())
}

/// La Fabrik's staff, Simplon's staff, and two advisors of La Fabrik: Léa (eligible) and
/// Gérard (65 on the course's first day).
struct World {
    fabrik: String,
    simplon: String,
    lea: i64,
    gerard: i64,
}

async fn world(app: &TestApp) -> World {
    let fabrik = app.fabrik_staff().await;
    let simplon = app.staff_token("simplon@example.org", "simplon").await;
    let lea = app.advisor(&fabrik, advisor_body("lea@example.org")).await;
    let gerard = app
        .advisor(
            &fabrik,
            json!({"first_name": "Gérard", "last_name": "Hoarau", "email": "gerard@example.org",
                   "birth_date": "1961-01-01", "hired_on": "2020-01-01", "territory": "FR"}),
        )
        .await;
    World {
        fabrik,
        simplon,
        lea,
        gerard,
    }
}

#[tokio::test]
async fn enrolling_ids_one_to_n_reveals_no_stranger() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let course = ccp23_course(&app, &w.simplon).await;
    for id in 1..=(w.gerard + 3) {
        let (status, body) = enrol_body(&app, &w.simplon, course, json!({"advisor_id": id})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let json: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["errors"]["advisor_id"], NEUTRAL, "{body}");
        for secret in [
            "Léa", "Martin", "Gérard", "lea@", "gerard@", "1961", "65 ans",
        ] {
            assert!(!body.contains(secret), "{secret} leaked: {body}");
        }
    }
    // The same through the cohort's page.
    let browser = app.logged_in("simplon@example.org").await;
    let page = format!("/cohorts/{course}");
    let html = post_form(
        &app,
        &browser,
        &page,
        &format!("/cohorts/{course}/enrolments"),
        &[("advisor", &w.gerard.to_string())],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        html.contains("son organisme de formation peut vous aider"),
        "{html}"
    );
    assert!(
        !html.contains("Gérard") && !html.contains("Hoarau"),
        "{html}"
    );
    // Nothing was enrolled, nobody became visible.
    for id in [w.lea, w.gerard] {
        let r = app.get(&w.simplon, &format!("/api/v1/advisors/{id}")).await;
        assert_problem(r, 404, "/problems/not-found").await;
    }
}

#[tokio::test]
async fn visibility_through_an_enrolment_ends_with_its_withdrawal() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let course = ccp23_course(&app, &w.simplon).await;
    let (status, body) = enrol_body(
        &app,
        &w.simplon,
        course,
        json!({"advisor_email": "LEA@example.org"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let enrolment: Value = serde_json::from_str(&body).unwrap();
    let path = format!("/api/v1/advisors/{}", w.lea);
    assert_eq!(app.get(&w.simplon, &path).await.status(), StatusCode::OK);
    // Seeing her is not being in charge of her: no account of theirs for her record.
    let r = app
        .post(
            &w.simplon,
            "/api/v1/users",
            json!({"email": "fake-lea@example.org", "name": "Léa", "password": "mot-de-passe-long-1",
                   "role": "advisor", "advisor_id": w.lea}),
        )
        .await;
    assert_field_error(r, "advisor_id").await;
    let r = app
        .client
        .delete(app.url(&format!(
            "/api/v1/cohorts/{course}/enrolments/{}",
            enrolment["id"]
        )))
        .bearer_auth(&w.simplon)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = app.get(&w.simplon, &path).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body = r.text().await.unwrap();
    assert!(!body.contains("Léa") && !body.contains("lea@"), "{body}");
    // Named by id again, she is a stranger once more.
    let (_, body) = enrol_body(&app, &w.simplon, course, json!({"advisor_id": w.lea})).await;
    assert!(body.contains(NEUTRAL), "{body}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_neutral_answer_is_the_same_for_an_unknown_address_and_an_ineligible_stranger() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let course = ccp23_course(&app, &w.simplon).await;
    let unknown = enrol_body(
        &app,
        &w.simplon,
        course,
        json!({"advisor_email": "nobody@example.org"}),
    )
    .await;
    let ineligible = enrol_body(
        &app,
        &w.simplon,
        course,
        json!({"advisor_email": "gerard@example.org"}),
    )
    .await;
    assert_eq!(unknown.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown, ineligible, "byte for byte");
    assert!(unknown.1.contains(NEUTRAL), "{}", unknown.1);
    // Module sessions answer alike.
    let module = module_of(&app, &w.simplon, 7, 0).await;
    let session = module_session(&app, &w.simplon, module, &["2026-04-07"], 12).await;
    let path = format!("/api/v1/module-sessions/{session}/enrolments");
    let a = app
        .post(
            &w.simplon,
            &path,
            json!({"advisor_email": "nobody@example.org"}),
        )
        .await;
    let a = (a.status(), a.text().await.unwrap());
    // Gérard has not entered training: a fact about him, hidden behind the same answer.
    let b = app
        .post(
            &w.simplon,
            &path,
            json!({"advisor_email": "gerard@example.org"}),
        )
        .await;
    let b = (b.status(), b.text().await.unwrap());
    assert_eq!(a, b);
    assert!(a.1.contains(NEUTRAL), "{}", a.1);
    let c = app
        .post(&w.simplon, &path, json!({"advisor_id": w.gerard}))
        .await;
    assert_eq!(assert_field_error(c, "advisor_id").await, NEUTRAL);
    // And the session's page.
    let browser = app.logged_in("simplon@example.org").await;
    let html = post_form(
        &app,
        &browser,
        &format!("/module-sessions/{session}"),
        &format!("/module-sessions/{session}/enrol"),
        &[("advisor", "gerard@example.org")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        html.contains("son organisme de formation peut vous aider"),
        "{html}"
    );
    assert!(
        !html.contains("Gérard") && !html.contains("entrée en formation"),
        "{html}"
    );
    // Inside their own scope, La Fabrik's staff still get the reason.
    let own = cohort(&app, &w.fabrik, 2, "2026-03-02", "2026-05-29", 10).await;
    let (_, body) = enrol_body(&app, &w.fabrik, own, json!({"advisor_id": w.gerard})).await;
    assert!(!body.contains(NEUTRAL) && body.contains("64"), "{body}");
}

#[tokio::test]
async fn a_cross_organisation_enrolment_is_audited_told_and_limited_per_day() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with(Options {
        smtp_url: Some(peer.url.clone()),
        cross_org_per_day: 1,
        ..Options::default()
    })
    .await;
    let w = world(&app).await;
    let admin = app.admin_token().await;
    let fabrik_id = app.org("la-fabrik");
    app.patch_ok(
        &admin,
        &format!("/api/v1/organisations/{fabrik_id}"),
        json!({"contact_email": "Contact@La-Fabrik.example.org"}),
    )
    .await;
    let course = ccp23_course(&app, &w.simplon).await;
    let (status, body) = enrol_body(
        &app,
        &w.simplon,
        course,
        json!({"advisor_email": "lea@example.org"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let history =
        app.with_conn(|c| parcours::db::audit::history(c, "advisor", &w.lea.to_string()).unwrap());
    assert!(
        history
            .iter()
            .any(|h| h.action == "cross_org_enrolment.create"),
        "{history:?}"
    );
    app.run_jobs().await;
    let messages = peer.messages();
    let to_lea = messages
        .iter()
        .find(|m| m.raw.contains("Simplon.co vous a inscrit"))
        .unwrap_or_else(|| panic!("{messages:?}"));
    assert_eq!(to_lea.to, vec!["lea@example.org".to_owned()]);
    let to_body = messages
        .iter()
        .find(|m| m.to == vec!["contact@la-fabrik.example.org".to_owned()])
        .unwrap_or_else(|| panic!("{messages:?}"));
    assert!(to_body.raw.contains("lea@example.org"), "{}", to_body.raw);
    // The daily limit: the next one is refused, whoever it names.
    let second = app
        .advisor(&w.fabrik, advisor_body("tom@example.org"))
        .await;
    let over = app
        .post(
            &w.simplon,
            &format!("/api/v1/cohorts/{course}/enrolments"),
            json!({"advisor_email": "tom@example.org"}),
        )
        .await;
    let message = assert_field_error(over, "advisor_email").await;
    assert!(message.contains("limite de 1"), "{message}");
    let unknown = app
        .post(
            &w.simplon,
            &format!("/api/v1/cohorts/{course}/enrolments"),
            json!({"advisor_email": "nobody@example.org"}),
        )
        .await;
    assert_eq!(assert_field_error(unknown, "advisor_email").await, message);
    // The next day it works again.
    app.clock.advance(chrono::Duration::days(1));
    let (status, body) = enrol_body(
        &app,
        &w.simplon,
        course,
        json!({"advisor_email": "tom@example.org"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let _ = second;
    // An advisor still enrols themself in a module session, as before.
    let module = module_of(&app, &w.simplon, 7, 0).await;
    let session = module_session(&app, &w.simplon, module, &["2026-04-07"], 12).await;
    let own = cohort(&app, &w.fabrik, 2, "2026-03-02", "2026-05-29", 10).await;
    enrol(&app, &w.fabrik, own, w.lea).await;
    app.user("lea@example.org", "advisor", None, Some(w.lea));
    let lea = app.login_token("lea@example.org").await;
    app.created(
        &lea,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({}),
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn trainers_do_not_read_exam_results() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let trainer = app
        .token("trainer@example.org", "trainer", Some("la-fabrik"))
        .await;
    let session = exam_session(&app, &staff, ccp1_on_10_march()).await;
    let path = format!("/api/v1/exam-sessions/{session}/results");
    let r = app.get(&trainer, &path).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body = r.text().await.unwrap();
    assert!(body.contains("réservés à l'organisateur"), "{body}");
    assert_eq!(app.get(&staff, &path).await.status(), StatusCode::OK);
    let csv = app
        .get(
            &trainer,
            &format!("/api/v1/exam-sessions/{session}/results.csv"),
        )
        .await;
    assert!(
        matches!(csv.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        csv.status()
    );
}

#[tokio::test]
async fn the_revoke_page_answers_non_admins_alike_for_existing_and_missing_ids() {
    let app = TestApp::spawn().await;
    let w = crate::certificates::published(&app).await;
    app.run_jobs().await;
    let existing = crate::certificates::certificates_of(&app, w.eloise)[0].id;
    let browser = app.logged_in("staff@example.org").await;
    let mut answers = Vec::new();
    for id in [existing, existing + 1000] {
        let r = post_form(
            &app,
            &browser,
            "/",
            &format!("/certificates/{id}/revoke"),
            &[("reason", "Essai")],
        )
        .await;
        answers.push((r.status(), r.text().await.unwrap()));
    }
    assert_eq!(answers[0].0, StatusCode::FORBIDDEN);
    assert_eq!(answers[0], answers[1]);
    let _ = (w.admin, w.staff);
}

/// A CCP1 session of La Fabrik with `juror` on its jury and `advisor` (of `cohort`) as candidate.
async fn session_with_candidate(
    app: &TestApp,
    admin: &str,
    staff: &str,
    juror: i64,
    advisor: i64,
) -> i64 {
    habilitate(app, admin, juror, "CCP1", Some("2026-12-31")).await;
    let session = exam_session(app, staff, ccp1_on_10_march()).await;
    add_juror(app, staff, session, juror).await;
    convoke(app, staff, session, advisor, "training").await;
    session
}

#[tokio::test]
async fn jury_impartiality_is_checked_again_when_its_facts_change() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let trained = cohort(&app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{trained}/enrolments"),
        json!({"advisor_id": advisor, "joined_on": "2026-01-05"}),
    )
    .await;
    // One person, examiner and trainer of La Fabrik, on Léa's jury.
    let juror = app.user("jury@example.org", "examiner", Some("la-fabrik"), None);
    app.created(
        &admin,
        &format!("/api/v1/users/{juror}/memberships"),
        json!({"role": "trainer", "organisation_id": app.org("la-fabrik")}),
    )
    .await;
    let session = session_with_candidate(&app, &admin, &staff, juror, advisor).await;
    // Assigned as Léa's trainer afterwards: refused, naming the session.
    let r = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{trained}/trainers"),
            json!({"user_id": juror}),
        )
        .await;
    let message = assert_field_error(r, "user_id").await;
    assert!(message.contains("CCP1 du 10/03/2026"), "{message}");
    // Léa enrolled in a cohort this juror trains: refused (she left her first one, so that
    // nothing else stands in the way).
    let first = app
        .get_json(&staff, &format!("/api/v1/cohorts/{trained}/enrolments"))
        .await;
    let r = app
        .client
        .delete(app.url(&format!(
            "/api/v1/cohorts/{trained}/enrolments/{}",
            first["items"][0]["id"]
        )))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let other = cohort(&app, &staff, 2, "2026-03-02", "2026-05-29", 20).await;
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{other}/trainers"),
        json!({"user_id": juror}),
    )
    .await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{other}/enrolments"),
            json!({"advisor_id": advisor}),
        )
        .await;
    let message = assert_field_error(r, "advisor_id").await;
    assert!(message.contains("ne serait plus impartial"), "{message}");
    // Léa's host structure changed to one the juror works for: refused.
    let host = app
        .created(
            &admin,
            "/api/v1/organisations",
            json!({"slug": "mairie-x", "name": "Mairie X", "kind": "host_structure",
                   "roles": ["host_structure"]}),
        )
        .await;
    let host_id = host["id"].as_i64().unwrap();
    app.created(
        &admin,
        &format!("/api/v1/users/{juror}/memberships"),
        json!({"role": "staff", "organisation_id": host_id}),
    )
    .await;
    let r = app
        .patch(
            &staff,
            &format!("/api/v1/advisors/{advisor}"),
            json!({"host_structure_id": host_id}),
        )
        .await;
    let message = assert_field_error(r, "host_structure_id").await;
    assert!(message.contains("ne serait plus impartial"), "{message}");
    // A fact changed behind the rules' back: the juror may not record the result.
    app.with_conn(|c| parcours::db::cohorts::add_trainer(c, trained, juror).unwrap());
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-03-10T10:30:00Z")
            .unwrap()
            .to_utc(),
    );
    let token = app.login_token("jury@example.org").await;
    let r = app
        .put(
            &token,
            &format!("/api/v1/exam-sessions/{session}/results/{advisor}"),
            json!({"outcome": "validated"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body = r.text().await.unwrap();
    assert!(body.contains("plus impartial"), "{body}");
    app.run_jobs().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn waitlist_positions_are_taken_under_the_lock() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 60).await;
    let mut advisors = Vec::new();
    for n in 0..30 {
        let id = enrolled_advisor(&app, &staff, cohort_id, &format!("w{n}@example.org")).await;
        advisors.push(id);
    }
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-04-07"], 2).await;
    // The clock moves while the requests wait for the lock, as a real one does.
    let clock = app.clock.clone();
    let ticking = tokio::spawn(async move {
        for _ in 0..400 {
            clock.advance(chrono::Duration::milliseconds(3));
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    });
    let mut tasks = Vec::new();
    for advisor in advisors {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/module-sessions/{session}/enrolments"));
        let token = staff.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"advisor_id": advisor}))
                .send()
                .await
                .unwrap();
            r.json::<Value>().await.unwrap()
        }));
    }
    let mut answered: Vec<(i64, i64)> = Vec::new();
    for task in tasks {
        let body = task.await.unwrap();
        if body["status"] == "waitlisted" {
            answered.push((
                body["id"].as_i64().unwrap(),
                body["waitlist_position"].as_i64().unwrap(),
            ));
        }
    }
    ticking.abort();
    assert_eq!(answered.len(), 28);
    answered.sort_unstable();
    let positions: Vec<i64> = answered.iter().map(|(_, p)| *p).collect();
    assert_eq!(positions, (1..=28).collect::<Vec<i64>>(), "{answered:?}");
    // And the waiting list agrees with what each was told.
    let stored = app.with_conn(|c| parcours::db::module_enrolments::waitlist(c, session).unwrap());
    let order: Vec<i64> = stored.iter().map(|w| w.id).collect();
    assert_eq!(
        order,
        answered.iter().map(|(id, _)| *id).collect::<Vec<_>>()
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn a_module_with_an_unknown_owner_names_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let r = app
        .post(
            &admin,
            "/api/v1/modules",
            json!({"owner_organisation_id": 999_999, "theme": "Sécurité", "title": "Un module",
                   "hours": 7}),
        )
        .await;
    let message = assert_field_error(r, "owner_organisation_id").await;
    assert!(message.contains("999999"), "{message}");
    let module = module_of(&app, &admin, 7, 0).await;
    let r = app
        .patch(
            &admin,
            &format!("/api/v1/modules/{module}"),
            json!({"owner_organisation_id": 999_999}),
        )
        .await;
    assert_field_error(r, "owner_organisation_id").await;
}

#[tokio::test]
async fn organisations_carry_checked_siret_nda_and_signature() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let fabrik = app.org("la-fabrik");
    let path = format!("/api/v1/organisations/{fabrik}");
    let r = app
        .patch(&admin, &path, json!({"siret": "73282932000075"}))
        .await;
    assert!(
        assert_field_error(r, "siret")
            .await
            .contains("clé de contrôle")
    );
    let r = app
        .patch(&admin, &path, json!({"siret": "7328293200"}))
        .await;
    assert_eq!(
        assert_field_error(r, "siret").await,
        "Le SIRET compte 14 chiffres."
    );
    let r = app.patch(&admin, &path, json!({"nda": "8469"})).await;
    assert!(assert_field_error(r, "nda").await.contains("11 chiffres"));
    let gif =
        base64::engine::general_purpose::STANDARD.encode(b"GIF89a............................");
    let r = app
        .patch(&admin, &path, json!({"signature_png_base64": gif}))
        .await;
    assert!(
        assert_field_error(r, "signature_png_base64")
            .await
            .contains("PNG")
    );
    let r = app
        .patch(&admin, &path, json!({"public_employer": true}))
        .await;
    assert!(
        assert_field_error(r, "public_employer")
            .await
            .contains("structures d'accueil")
    );
    let mut png = vec![
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&[0; 17]);
    app.patch_ok(&admin, &path, json!({"siret": "732 829 320 00074", "nda": "84 69 12345 69",
                   "address": "1 rue de la Paix\n69001 Lyon", "contact_email": "contact@la-fabrik.example.org",
                   "signatory_name": "Anne Durand", "signatory_role": "Directrice",
                   "signature_png_base64": base64::engine::general_purpose::STANDARD.encode(&png)})).await;
    let body = app.get_json(&admin, &path).await;
    assert_eq!(body["details"]["siret"], "73282932000074");
    assert_eq!(body["details"]["nda"], "84691234569");
    assert_eq!(body["details"]["has_signature"], true);
    let browser = app.logged_in("admin@example.org").await;
    let html = app
        .page(&browser, &format!("/organisations/{fabrik}"))
        .await;
    assert!(
        html.contains("73282932000074") && html.contains("Anne Durand"),
        "{html}"
    );
    assert!(html.contains("1 rue de la Paix<br>69001 Lyon"), "{html}");
}
