//! The jury's grid and what it guards: observations per épreuve and competences acquired or not
//! round-trip (API and page); the dossier professionnel's absence is flagged on every jury
//! screen; a decision without the entretien final that is due is refused until its observation
//! is recorded.

use chrono::NaiveDateTime;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::support::{
    ExamWorld, TestApp, assert_field_error, assert_page_refusal, assert_problem, csrf_token,
    epreuve_of, submit,
};

/// Asserts a 200 answer; returns its body.
async fn ok(response: Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn grid(app: &TestApp, token: &str, session: i64) -> Value {
    app.get_json(token, &format!("/api/v1/exam-sessions/{session}/grid"))
        .await
}

async fn put_grid(app: &TestApp, token: &str, session: i64, advisor: i64, body: Value) -> Response {
    app.put(
        token,
        &format!("/api/v1/exam-sessions/{session}/grid/{advisor}"),
        body,
    )
    .await
}

/// The ids of `certification`'s competences of the 2025 title version, in order.
async fn competences(app: &TestApp, token: &str, certification: &str) -> Vec<i64> {
    let all = app
        .get_json(token, "/api/v1/competences?per_page=100")
        .await;
    all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["certification"] == certification && k["title_version"] == "2025")
        .map(|k| k["id"].as_i64().unwrap())
        .collect()
}

fn candidate(grid: &Value, advisor: i64) -> &Value {
    grid["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["advisor_id"] == advisor)
        .unwrap()
}

fn marks(grid: &Value, advisor: i64) -> Vec<Value> {
    candidate(grid, advisor)["competences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["acquired"].clone())
        .collect()
}

#[tokio::test]
async fn the_jury_records_observations_and_competences_and_reads_them_back() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let (eloise, leo) = (w.candidates[0], w.candidates[1]);
    app.at("2026-03-10T09:30:00Z");
    let jury = &w.examiner_a.token;
    let before = grid(&app, jury, w.session).await;
    let msp = epreuve_of(&before, eloise, "mise_en_situation");
    let ccp1 = competences(&app, jury, "CCP1").await;
    assert_eq!(ccp1.len(), 4);
    assert_eq!(marks(&before, eloise), vec![Value::Null; 4]);

    let body = json!({
        "observations": [{"epreuve_id": msp, "observation": "Accueil soigné ; diagnostic clair."}],
        "competences": [{"competence_id": ccp1[0], "acquired": true}, {"competence_id": ccp1[1], "acquired": false}],
    });
    let answered = ok(put_grid(&app, jury, w.session, eloise, body).await).await;
    assert_eq!(
        answered["epreuves"][0]["observation"],
        "Accueil soigné ; diagnostic clair."
    );
    let read = grid(&app, &w.staff, w.session).await;
    assert_eq!(
        marks(&read, eloise),
        vec![json!(true), json!(false), Value::Null, Value::Null]
    );
    assert_eq!(
        candidate(&read, eloise)["epreuves"][0]["observation"],
        "Accueil soigné ; diagnostic clair."
    );
    assert_eq!(marks(&read, leo), vec![Value::Null; 4], "Léo untouched");

    // A competence of another CCP is not on this grid; staff read it but do not fill it.
    let ccp2 = competences(&app, jury, "CCP2").await;
    let stray = json!({"competences": [{"competence_id": ccp2[0], "acquired": true}]});
    let message = assert_field_error(
        put_grid(&app, jury, w.session, eloise, stray.clone()).await,
        &format!("competence-{eloise}-{}", ccp2[0]),
    )
    .await;
    assert_eq!(
        message,
        "Cette compétence n'est pas une compétence du CCP de la session."
    );
    assert_eq!(
        put_grid(&app, &w.staff, w.session, eloise, stray)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Cleared: a blank observation and an unmarked competence; the rest stays.
    let clear = json!({
        "observations": [{"epreuve_id": msp, "observation": "  "}],
        "competences": [{"competence_id": ccp1[1], "acquired": null}],
    });
    ok(put_grid(&app, jury, w.session, eloise, clear).await).await;
    let read = grid(&app, jury, w.session).await;
    assert!(candidate(&read, eloise)["epreuves"][0]["observation"].is_null());
    assert_eq!(
        marks(&read, eloise),
        vec![json!(true), Value::Null, Value::Null, Value::Null]
    );

    // By keyboard on the page: the form holds every candidate's fields.
    let browser = app.logged_in("exa@example.org").await;
    let path = format!("/exam-sessions/{}/grid", w.session);
    let html = app.page(&browser, &path).await;
    assert!(
        html.contains(&format!(
            "name=\"observation-{eloise}-{msp}\" rows=\"3\" autofocus"
        )),
        "{html}"
    );
    let token = csrf_token(&html);
    let fields = [
        (
            format!("competence-{eloise}-{}", ccp1[0]),
            "acquired".to_owned(),
        ),
        (
            format!("observation-{leo}-{msp}"),
            "Hésitant sur les démarches en ligne.".to_owned(),
        ),
        (
            format!("competence-{leo}-{}", ccp1[0]),
            "not_acquired".to_owned(),
        ),
    ];
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = submit(&app, &browser, &path, &token, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let read = grid(&app, jury, w.session).await;
    assert_eq!(marks(&read, eloise)[0], json!(true));
    assert_eq!(marks(&read, leo)[0], json!(false));
    assert_eq!(
        candidate(&read, leo)["epreuves"][0]["observation"],
        "Hésitant sur les démarches en ligne."
    );
    let html = app.page(&browser, &path).await;
    assert!(html.contains("Hésitant sur les démarches en ligne."));
    assert!(html.contains("<option value=\"not_acquired\" selected>Non acquise</option>"));
    app.run_jobs().await;
}

#[tokio::test]
async fn a_candidate_without_a_dossier_professionnel_is_flagged_on_every_jury_screen() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let (eloise, leo) = (w.candidates[0], w.candidates[1]);
    app.at("2026-03-10T09:30:00Z");
    let dossier = |advisor: i64| {
        format!(
            "/api/v1/exam-sessions/{}/candidates/{advisor}/dossier-professionnel",
            w.session
        )
    };
    let received = app
        .put_ok(
            &w.staff,
            &dossier(eloise),
            json!({"received_on": "2026-03-09"}),
        )
        .await;
    assert_eq!(received["missing"], false);
    let message = assert_field_error(
        app.put(
            &w.staff,
            &dossier(leo),
            json!({"received_on": "2026-03-11"}),
        )
        .await,
        "received_on",
    )
    .await;
    assert_eq!(
        message,
        "La date de réception ne peut pas être postérieure à aujourd'hui."
    );
    assert_eq!(
        app.put(
            &w.examiner_a.token,
            &dossier(leo),
            json!({"received_on": "2026-03-09"})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );

    let flag = "dossier professionnel non reçu";
    let browser = app.logged_in("exa@example.org").await;
    // The session page's candidate list, which is the result form for the jury.
    let session_page = app
        .page(&browser, &format!("/exam-sessions/{}", w.session))
        .await;
    assert!(session_page.contains("id=\"results-form\""));
    assert_eq!(session_page.matches(flag).count(), 1, "Léo only");
    let after = &session_page[session_page.find(flag).unwrap()..];
    assert!(
        after[..200].contains(&format!("n° {leo}")),
        "the flag is Léo's: {after}"
    );
    // The grid.
    let grid_page = app
        .page(&browser, &format!("/exam-sessions/{}/grid", w.session))
        .await;
    assert_eq!(grid_page.matches(flag).count(), 1);
    // And the API's documents.
    let g = grid(&app, &w.examiner_a.token, w.session).await;
    assert_eq!(candidate(&g, leo)["dossier_missing"], true);
    assert_eq!(candidate(&g, eloise)["dossier_missing"], false);
    // Received on the day: no flag any more.
    app.put_ok(
        &w.staff,
        &dossier(leo),
        json!({"received_on": "2026-03-10"}),
    )
    .await;
    let session_page = app
        .page(&browser, &format!("/exam-sessions/{}", w.session))
        .await;
    assert_eq!(session_page.matches(flag).count(), 0);
    app.run_jobs().await;
}

/// Léo holds CCP2 and CCP3 of the 2025 version (published sessions of Histya in February), so
/// the CCP1 of 10 March is the last block he misses.
async fn holds_ccp2_and_ccp3(app: &TestApp, advisor: i64) {
    let histya = app.staff_token("histya@example.org", "histya").await;
    for (code, day) in [("CCP2", "2026-02-10"), ("CCP3", "2026-02-11")] {
        let body = json!({"certification": code, "starts_at": format!("{day}T09:00:00+01:00"), "ends_at": format!("{day}T12:00:00+01:00"), "remote": true, "capacity": 10});
        let session = app.created_id(&histya, "/api/v1/exam-sessions", body).await;
        let at =
            NaiveDateTime::parse_from_str(&format!("{day} 12:00:00"), "%Y-%m-%d %H:%M:%S").unwrap();
        app.with_conn(|c| {
            use parcours::db::exams;
            let candidate = exams::add_candidate(
                c,
                &exams::NewCandidate {
                    session_id: session,
                    advisor_id: advisor,
                    route: "vae".to_owned(),
                    late_reason: None,
                    delay_reason: None,
                    extra_time_percent: 0,
                    accommodation_notes: None,
                    registered_by: None,
                    created_at: at,
                },
            )
            .unwrap();
            exams::save_result(
                c,
                &exams::ResultValues {
                    candidate_id: candidate,
                    outcome: "validated".to_owned(),
                    absence_justified: false,
                    reasons: None,
                    comment_for_candidate: None,
                    comment_for_organisation: None,
                    recorded_by: None,
                    recorded_at: at,
                    corrected_at: None,
                    correction_reason: None,
                },
            )
            .unwrap();
            exams::publish(c, session, None, at).unwrap();
            // Publication records the CCP in the livret's ledger.
            let certification_id = exams::find(c, session).unwrap().certification_id;
            let holding = parcours::db::livret::NewHolding {
                advisor_id: advisor,
                certification_id,
                obtained_on: at.date(),
                route: "vae".to_owned(),
                candidate_id: Some(candidate),
                via_certification_id: None,
                created_at: at,
            };
            parcours::db::livret::add_holding(c, &holding).unwrap();
        });
    }
}

#[tokio::test]
async fn a_decision_on_the_last_missing_ccp_waits_for_the_entretien_final() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let (eloise, leo) = (w.candidates[0], w.candidates[1]);
    holds_ccp2_and_ccp3(&app, leo).await;
    app.at("2026-03-10T10:30:00Z");
    let g = grid(&app, &w.examiner_a.token, w.session).await;
    assert_eq!(candidate(&g, leo)["entretien_final_required"], true);
    assert_eq!(candidate(&g, eloise)["entretien_final_required"], false);
    let entretien = epreuve_of(&g, leo, "entretien_final");

    let rule = "Entretien final requis : le candidat présente les derniers CCP qui lui manquent pour le titre";
    let refused = app
        .put(
            &w.examiner_a.token,
            &format!("/api/v1/exam-sessions/{}/results/{leo}", w.session),
            json!({"outcome": "validated"}),
        )
        .await;
    let problem = assert_problem(refused, 409, rule).await;
    assert_eq!(problem["type"], "/problems/conflict");
    // The result form says so too.
    let browser = app.logged_in("exa@example.org").await;
    let path = format!("/exam-sessions/{}", w.session);
    let token = csrf_token(&app.page(&browser, &path).await);
    let outcome = format!("outcome-{leo}");
    let response = submit(
        &app,
        &browser,
        &format!("{path}/results"),
        &token,
        &[(outcome.as_str(), "not_validated")],
    )
    .await;
    assert_page_refusal(response, StatusCode::UNPROCESSABLE_ENTITY, rule).await;
    // An absence is no decision on the épreuves; Éloïse has CCPs to come and needs none.
    w.record(&app, leo, json!({"outcome": "absent"})).await;
    w.record(&app, eloise, json!({"outcome": "validated"}))
        .await;

    let observed = json!({"observations": [{"epreuve_id": entretien, "observation": "Projet professionnel cohérent."}]});
    ok(put_grid(&app, &w.examiner_a.token, w.session, leo, observed).await).await;
    let recorded = w.record(&app, leo, json!({"outcome": "validated"})).await;
    assert_eq!(recorded["outcome"], "validated");
    app.run_jobs().await;
}

#[tokio::test]
async fn a_session_titre_always_ends_with_the_entretien_final() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let eloise = w.candidates[0];
    app.patch_ok(
        &w.staff,
        &format!("/api/v1/exam-sessions/{}", w.session),
        json!({"kind": "session_titre"}),
    )
    .await;
    app.at("2026-03-10T10:30:00Z");
    let path = format!("/api/v1/exam-sessions/{}/results/{eloise}", w.session);
    let refused = app
        .put(&w.examiner_a.token, &path, json!({"outcome": "validated"}))
        .await;
    assert_problem(refused, 409, "Entretien final requis").await;
    crate::support::observe_entretien_final(&app, &w.examiner_a.token, w.session, eloise).await;
    app.put_ok(&w.examiner_a.token, &path, json!({"outcome": "validated"}))
        .await;
    app.run_jobs().await;
}
