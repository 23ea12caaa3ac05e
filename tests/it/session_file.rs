//! The session's file: a step falling due undone reminds the organiser's staff once, an
//! agrément nearing its end warns them once (at the real SMTP peer, the jobs run twice), the
//! forecast programme's rows, and the session page's checklist with what is late.

use reqwest::StatusCode;
use serde_json::json;

use crate::absences_pages::{plain, subjects};
use crate::agrements::{SITE, agrement, ccp1_on, under};
use crate::smtp::SmtpPeer;
use crate::support::{TestApp, assert_page_refusal, exam_session, post_form};

#[tokio::test]
async fn a_step_falling_due_undone_reminds_the_staff_once() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.fabrik_staff().await;
    let a = agrement(
        &app,
        &staff,
        ("ARA-2025", "2025"),
        "2026-01-01",
        "2030-12-31",
    )
    .await;
    // 15 September 2026: the J−120 steps (declared, evaluation file ordered) fall due on 18 May.
    let session = exam_session(&app, &staff, under(&a, "2026-09-15")).await;
    let steps = format!("/api/v1/exam-sessions/{session}/file/steps");
    let file = app
        .post_ok(
            &staff,
            &steps,
            json!({"step": "declared", "notes": "Déclarée par courriel"}),
        )
        .await;
    assert_eq!(file["steps"][0]["status"], "done");
    assert_eq!(file["steps"][1]["due_on"], "2026-05-18");
    app.run_jobs().await;
    assert!(subjects(&peer).is_empty(), "nothing before the due date");

    app.at("2026-05-18T06:00:00Z");
    app.run_jobs().await;
    app.run_jobs().await;
    let messages = peer.messages();
    assert_eq!(messages.len(), 1, "{:?}", subjects(&peer));
    assert_eq!(messages[0].to, vec!["staff@example.org".to_owned()]);
    assert!(
        subjects(&peer)[0].starts_with("Subject: Session CCP1 : Dossier"),
        "{:?}",
        subjects(&peer)
    );
    let text = plain(&messages[0]);
    for said in [
        "Dossier d'évaluation commandé",
        "CCP1",
        "mardi 15 septembre 2026",
        "18 mai 2026",
        SITE,
    ] {
        assert!(text.contains(said), "{said} in {text}");
    }
    assert_eq!(
        app.get_json(&staff, &format!("/api/v1/exam-sessions/{session}/file"))
            .await["late"],
        0,
        "due today, late tomorrow"
    );
}

#[tokio::test]
async fn an_agrement_nearing_its_end_warns_each_staff_member_once() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.fabrik_staff().await;
    app.user("staff2@example.org", "staff", Some("la-fabrik"), None);
    // Ends on 31 August 2026: warned 180 days before (4 March), then 90 days before (2 June).
    agrement(
        &app,
        &staff,
        ("ARA-2025", "2025"),
        "2025-09-01",
        "2026-08-31",
    )
    .await;
    app.run_jobs().await;
    assert!(subjects(&peer).is_empty());
    app.at("2026-03-04T08:00:00Z");
    app.run_jobs().await;
    app.run_jobs().await;
    let mut to: Vec<String> = peer.messages().iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["staff2@example.org", "staff@example.org"]);
    for message in peer.messages() {
        let text = plain(&message);
        assert!(
            text.contains("n° ARA-2025")
                && text.contains("dans 180 jours, le lundi 31 août 2026")
                && text.contains("renouvellement"),
            "{text}"
        );
    }
    app.at("2026-06-02T08:00:00Z");
    app.run_jobs().await;
    assert_eq!(peer.messages().len(), 4, "{:?}", subjects(&peer));
}

#[tokio::test]
async fn the_forecast_programme_lists_the_years_sessions_under_the_units_agrements() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let a = agrement(
        &app,
        &staff,
        ("ARA-2025", "2025"),
        "2026-01-01",
        "2030-12-31",
    )
    .await;
    let mut first = under(&a, "2027-04-14");
    first["ceres_number"] = json!("2027-ARA-0001");
    exam_session(&app, &staff, first).await;
    let mut remote = under(&a, "2027-06-08");
    remote["remote"] = json!(true);
    remote["capacity"] = json!(12);
    exam_session(&app, &staff, remote).await;
    exam_session(&app, &staff, under(&a, "2026-10-06")).await;
    let cancelled = exam_session(&app, &staff, under(&a, "2027-09-14")).await;
    let path = format!("/api/v1/exam-sessions/{cancelled}/cancel");
    app.post_ok(&staff, &path, json!({"reason": "Salle indisponible"}))
        .await;
    let org = app.org("la-fabrik");

    let response = app
        .get(
            &staff,
            &format!("/api/v1/organisations/{org}/forecast.csv?year=2027&dreets_unit=DREETS%20Auvergne-Rh%C3%B4ne-Alpes"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "date;début;fin;titre;version;certification;type de session;site;à distance;places;\
             candidats inscrits;numéro CERES;numéro d'agrément;unité DREETS",
            "14/04/2027;09:00;12:00;Médiateur numérique;2025;CCP1;Session CCP;La Fabrik, 12 rue \
             de la Part-Dieu, 69003 Lyon;non;30;0;2027-ARA-0001;ARA-2025;DREETS Auvergne-Rhône-Alpes",
            "08/06/2027;09:00;12:00;Médiateur numérique;2025;CCP1;Session CCP;La Fabrik, 12 rue \
             de la Part-Dieu, 69003 Lyon;oui;12;0;;ARA-2025;DREETS Auvergne-Rhône-Alpes",
            "",
        ]
    );
    let remote_only = app
        .get(
            &staff,
            &format!("/api/v1/organisations/{org}/forecast-remote.csv?year=2027"),
        )
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = remote_only.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{remote_only}");
    assert!(rows[0].starts_with("08/06/2027;") && rows[0].contains(";oui;12;"));
    let other_unit = app
        .get(
            &staff,
            &format!(
                "/api/v1/organisations/{org}/forecast.csv?year=2027&dreets_unit=DREETS%20Normandie"
            ),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(other_unit.lines().count(), 1, "{other_unit}");
}

#[tokio::test]
async fn the_session_page_shows_its_file_with_what_is_late_and_staff_mark_steps_done() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let browser = app.logged_in("staff@example.org").await;
    let org = app.org("la-fabrik");
    // Without an agrément the session is planned « sans agrément » and keeps working.
    let mut body = ccp1_on("2026-04-21");
    body["venue"] = json!("Salle des fêtes, Lyon");
    let legacy = exam_session(&app, &staff, body).await;
    let html = app
        .page(&browser, &format!("/exam-sessions/{legacy}"))
        .await;
    assert!(
        html.contains("Sans agrément") && html.contains("Session sans agrément"),
        "{html}"
    );

    // The agrément recorded through its page.
    let response = post_form(
        &app,
        &browser,
        &format!("/organisations/{org}/agrements/new"),
        &format!("/organisations/{org}/agrements"),
        &[
            (
                "title_id",
                &crate::agrements::title_id(&app, "2025").to_string(),
            ),
            ("number", "ARA-2025"),
            ("address", "La Fabrik\r\n12 rue de la Part-Dieu"),
            ("postcode", "69003"),
            ("city", "Lyon"),
            ("valid_from", "2026-01-01"),
            ("valid_until", "2030-12-31"),
            ("dreets_unit", "DREETS Auvergne-Rhône-Alpes"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let list = app
        .page(&browser, &format!("/organisations/{org}/agrements"))
        .await;
    assert!(list.contains("ARA-2025") && list.contains(SITE), "{list}");
    let a = &app
        .get_json(&staff, &format!("/api/v1/organisations/{org}/agrements"))
        .await[0];

    // 14 April: the jury was due on 14 January (J−90), the convocations are due on 5 March.
    let session = exam_session(&app, &staff, under(a, "2026-04-14")).await;
    let page = format!("/exam-sessions/{session}");
    let html = app.page(&browser, &page).await.replace("&#x2F;", "/");
    assert!(
        html.contains("Dossier de session") && html.contains("n° ARA-2025"),
        "{html}"
    );
    let jury_row = html
        .split("<tr")
        .find(|row| row.contains("Jury convoqué"))
        .unwrap();
    assert!(
        jury_row.contains("14/01/2026") && jury_row.contains("En retard"),
        "{jury_row}"
    );
    let convocations = html
        .split("<tr")
        .find(|row| row.contains("Convocations envoyées"))
        .unwrap();
    assert!(convocations.contains("05/03/2026") && convocations.contains("À faire"));
    assert!(html.contains("4 étapes en retard"), "{html}");

    let action = format!("/exam-sessions/{session}/file/steps");
    let response = post_form(&app, &browser, &page, &action, &[("step", "jury_invited")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = app.page(&browser, &page).await.replace("&#x2F;", "/");
    let jury_row = html
        .split("<tr")
        .find(|row| row.contains("Jury convoqué"))
        .unwrap();
    assert!(jury_row.contains("Faite le 02/03/2026"), "{jury_row}");
    let refused = post_form(&app, &browser, &page, &action, &[("step", "pv_sent")]).await;
    assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Indiquez comment le procès-verbal a été envoyé à la DREETS.",
    )
    .await;
    let fields = [("step", "pv_sent"), ("channel", "email")];
    let refused = post_form(&app, &browser, &page, &action, &fields).await;
    assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Le procès-verbal s&#x27;envoie une fois signé par tout le jury et scellé.",
    )
    .await;
    let other = app
        .browser_as("autre@example.org", "staff", Some("francilin"))
        .await;
    let response = app
        .visit(&other, &format!("/organisations/{org}/agrements"))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
