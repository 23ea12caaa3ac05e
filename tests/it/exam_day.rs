//! The exam day beside the results: the incident log (jury and organiser's staff keep it, a time
//! in the future or a stranger to the session refused), each remote candidate's modality (a
//! remote one refused in an on-site session), the anti-fraud measures, and the remote
//! experiment's report counting per route what was presented and admitted remotely.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    TestApp, add_juror, advisor_body, assert_page_refusal, assert_problem, ccp1_on_14_april,
    cohort, convoke, csrf_token, enrol_joined, exam_session, examiner, record_result, submit,
};

/// A remote CCP1 session of La Fabrik on 10 March 2026 with two jurors and three candidates:
/// Éloïse and Léa from training, Léo by VAE.
struct RemoteDay {
    staff: String,
    juror: String,
    session: i64,
    /// `(advisor, candidate)` for Éloïse, Léa, Léo.
    candidates: Vec<(i64, i64)>,
}

async fn remote_day(app: &TestApp) -> RemoteDay {
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let a = examiner(app, &admin, "exa@example.org").await;
    let b = examiner(app, &admin, "exb@example.org").await;
    let course = cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let session = exam_session(
        app,
        &staff,
        json!({"certification": "CCP1", "starts_at": "2026-03-10T09:00:00+01:00",
               "ends_at": "2026-03-10T12:00:00+01:00", "remote": true, "capacity": 10}),
    )
    .await;
    for user in [a.id, b.id] {
        add_juror(app, &staff, session, user).await;
    }
    let mut candidates = Vec::new();
    for (first, email, route) in [
        ("Éloïse", "eloise@example.org", "training"),
        ("Léa", "lea@example.org", "training"),
        ("Léo", "leo@example.org", "vae"),
    ] {
        let mut body = advisor_body(email);
        body["first_name"] = json!(first);
        let advisor = app.advisor(&staff, body).await;
        if route == "training" {
            enrol_joined(app, &staff, course, advisor, "2026-01-05").await;
        }
        let candidate = convoke(app, &staff, session, advisor, route).await;
        candidates.push((advisor, candidate["id"].as_i64().unwrap()));
    }
    app.run_jobs().await;
    RemoteDay {
        staff,
        juror: a.token,
        session,
        candidates,
    }
}

fn incident(at: &str, candidates: &[i64]) -> Value {
    json!({"category": "technical", "description": "Coupure de la visioconférence pendant 10 minutes",
           "occurred_at": at, "candidate_ids": candidates})
}

#[tokio::test]
async fn the_jury_keeps_the_incident_log_within_the_session() {
    let app = TestApp::spawn().await;
    let d = remote_day(&app).await;
    app.at("2026-03-10T09:30:00Z");
    let path = format!("/api/v1/exam-sessions/{}/incidents", d.session);
    let eloise = d.candidates[0].1;

    let recorded = app
        .created(
            &d.juror,
            &path,
            incident("2026-03-10T10:15:00+01:00", &[eloise]),
        )
        .await;
    assert_eq!(
        recorded["category_label"],
        "incident technique (connexion, matériel, logiciel)"
    );
    assert!(
        recorded["occurred_at_text"]
            .as_str()
            .unwrap()
            .contains("10 h 15"),
        "{recorded}"
    );
    assert_eq!(recorded["candidates"][0]["name"], "Éloïse Martin");

    // Not yet happened (10:45 Paris is after 10:30 Paris, now).
    let future = app
        .post(&d.juror, &path, incident("2026-03-10T10:45:00+01:00", &[]))
        .await;
    assert_problem(future, 422, "Un incident se consigne une fois survenu").await;
    // Three days before the session.
    let early = app
        .post(&d.juror, &path, incident("2026-03-07T10:00:00+01:00", &[]))
        .await;
    assert_problem(early, 422, "pendant la session").await;
    // A candidate of no session of this one.
    let stranger = app
        .post(
            &d.juror,
            &path,
            incident("2026-03-10T10:00:00+01:00", &[eloise + 1000]),
        )
        .await;
    assert_problem(
        stranger,
        422,
        "Ce candidat n'est pas inscrit à cette session.",
    )
    .await;
    // A trainer of La Fabrik sees the organisation but keeps no exam record.
    let trainer = app
        .token("formatrice@example.org", "trainer", Some("la-fabrik"))
        .await;
    let refused = app
        .post(&trainer, &path, incident("2026-03-10T10:00:00+01:00", &[]))
        .await;
    assert_problem(refused, 403, "Réservé aux membres du jury de cette session").await;
    // Another organisation learns nothing of the session.
    let simplon = app
        .staff_token("staff@simplon.example.org", "simplon")
        .await;
    let hidden = app.get(&simplon, &path).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

    let listed = app.get_json(&d.staff, &path).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let audited: i64 = app.with_conn(|c| {
        use diesel::prelude::*;
        parcours::db::schema::audit_log::table
            .filter(parcours::db::schema::audit_log::action.eq("exam_incident.record"))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_remote_modality_is_refused_in_an_on_site_session() {
    let app = TestApp::spawn().await;
    let d = remote_day(&app).await;
    let leo = d.candidates[2];
    let modality = |session: i64, candidate: i64| {
        format!("/api/v1/exam-sessions/{session}/candidates/{candidate}/remote-modality")
    };
    let set = app
        .put_ok(
            &d.staff,
            &modality(d.session, leo.1),
            json!({"modality": "video_site"}),
        )
        .await;
    assert_eq!(
        set["label"],
        "à distance, en visioconférence depuis un site mis à disposition"
    );

    let on_site = exam_session(&app, &d.staff, ccp1_on_14_april()).await;
    let there = convoke(&app, &d.staff, on_site, leo.0, "vae").await["id"]
        .as_i64()
        .unwrap();
    app.run_jobs().await;
    let refused = app
        .put(
            &d.staff,
            &modality(on_site, there),
            json!({"modality": "video_home"}),
        )
        .await;
    assert_problem(refused, 422, "Cette session a lieu sur place").await;
    // A candidate of another session is not found through this one.
    let elsewhere = app
        .put(
            &d.staff,
            &modality(d.session, there),
            json!({"modality": "on_site"}),
        )
        .await;
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_remote_report_counts_each_route_apart_with_its_incidents() {
    let app = TestApp::spawn().await;
    let d = remote_day(&app).await;
    let [eloise, lea, leo] = [d.candidates[0], d.candidates[1], d.candidates[2]];
    let modality = |candidate: i64| {
        format!(
            "/api/v1/exam-sessions/{}/candidates/{candidate}/remote-modality",
            d.session
        )
    };
    app.put_ok(
        &d.staff,
        &modality(eloise.1),
        json!({"modality": "video_home"}),
    )
    .await;
    // Léa came to the centre after all: she does not count as remote.
    app.put_ok(&d.staff, &modality(lea.1), json!({"modality": "on_site"}))
        .await;
    app.put_ok(
        &d.staff,
        &format!("/api/v1/exam-sessions/{}/anti-fraud-measures", d.session),
        json!({"measures": "Contrôle d'identité à l'écran ; vue de la pièce"}),
    )
    .await;
    app.at("2026-03-10T10:30:00Z");
    app.created(
        &d.juror,
        &format!("/api/v1/exam-sessions/{}/incidents", d.session),
        incident("2026-03-10T10:15:00+01:00", &[eloise.1]),
    )
    .await;
    for (advisor, outcome) in [
        (eloise.0, "validated"),
        (lea.0, "validated"),
        (leo.0, "not_validated"),
    ] {
        let mut body = json!({"outcome": outcome});
        if outcome == "not_validated" {
            body["reasons"] = json!("Mise en situation incomplète");
        }
        record_result(&app, &d.juror, d.session, advisor, body).await;
    }
    app.run_jobs().await;

    let fabrik = app.org("la-fabrik");
    let report = app
        .get_json(
            &d.staff,
            &format!(
                "/api/v1/organisations/{fabrik}/remote-exam-report?from=2026-03-01&to=2026-03-31"
            ),
        )
        .await;
    assert_eq!(
        report["training"],
        json!({"presented": 1, "admitted": 1}),
        "{report}"
    );
    assert_eq!(
        report["vae"],
        json!({"presented": 1, "admitted": 0}),
        "{report}"
    );
    assert_eq!(
        report["sessions"][0]["modality_missing"], 1,
        "Léo's was never recorded"
    );
    assert_eq!(report["incidents"][0]["candidates"], 1);

    let csv = app
        .get(
            &d.staff,
            &format!("/api/v1/organisations/{fabrik}/remote-exam-report.csv?from=2026-03-01&to=2026-03-31"),
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "date;certification;candidats inscrits;présentés à distance (formation);\
             admis à distance (formation);présentés à distance (VAE);admis à distance (VAE);\
             modalité non précisée;incidents;mesures anti-fraude",
            "mardi 10 mars 2026;CCP1;3;1;1;1;0;1;1;\"Contrôle d'identité à l'écran ; vue de la pièce\"",
        ]
    );
    // Another month has none; a reversed period is refused by name.
    let april = app
        .get_json(
            &d.staff,
            &format!(
                "/api/v1/organisations/{fabrik}/remote-exam-report?from=2026-04-01&to=2026-04-30"
            ),
        )
        .await;
    assert_eq!(april["sessions"], json!([]));
    let reversed = app
        .get(
            &d.staff,
            &format!(
                "/api/v1/organisations/{fabrik}/remote-exam-report?from=2026-04-30&to=2026-04-01"
            ),
        )
        .await;
    assert_problem(reversed, 422, "La fin de la période précède son début.").await;
    let simplon = app
        .staff_token("staff@simplon.example.org", "simplon")
        .await;
    let hidden = app
        .get(
            &simplon,
            &format!(
                "/api/v1/organisations/{fabrik}/remote-exam-report?from=2026-03-01&to=2026-03-31"
            ),
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_exam_day_page_records_an_incident_and_names_a_missing_time() {
    let app = TestApp::spawn().await;
    let d = remote_day(&app).await;
    app.at("2026-03-10T10:30:00Z");
    let browser = app.logged_in("exa@example.org").await;
    let page = format!("/exam-sessions/{}/day", d.session);
    let html = app.page(&browser, &page).await;
    assert!(html.contains("à distance, modalité non précisée"), "{html}");
    let token = csrf_token(&html);
    let action = format!("/exam-sessions/{}/incidents", d.session);
    let candidate = format!("candidate-{}", d.candidates[1].1);
    let missing = submit(
        &app,
        &browser,
        &action,
        &token,
        &[
            ("category", "identity"),
            ("date", "2026-03-10"),
            ("description", "Pièce d'identité illisible"),
        ],
    )
    .await;
    assert_page_refusal(
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Ce champ est obligatoire.",
    )
    .await;
    let done = submit(
        &app,
        &browser,
        &action,
        &token,
        &[
            ("category", "identity"),
            ("date", "2026-03-10"),
            ("time", "10:05"),
            ("description", "Pièce d'identité illisible à l'écran"),
            (candidate.as_str(), "on"),
        ],
    )
    .await;
    assert!(done.status().is_redirection(), "{}", done.status());
    let html = app.page(&browser, &page).await;
    for expected in [
        "vérification d&#x27;identité",
        "concerne Léa Martin",
        "Pièce d&#x27;identité illisible à l&#x27;écran",
    ] {
        assert!(html.contains(expected), "{expected:?} in {html}");
    }
}
