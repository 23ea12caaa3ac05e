//! The certification journey through the pages alone.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, advisor_body, cohort, csrf_token, header, post_form};

#[tokio::test]
async fn staff_plan_a_session_form_a_jury_register_and_examiners_record_and_publish() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let mut examiners = Vec::new();
    for email in ["exa@example.org", "exb@example.org", "exc@example.org"] {
        let id = app.user(email, "examiner", Some("la-fabrik"), None);
        app.created(
            &admin,
            &format!("/api/v1/users/{id}/habilitations"),
            json!({"certification": "CCP1", "valid_from": "2026-01-01"}),
        )
        .await;
        examiners.push(id);
    }
    let cohort_id = cohort(&app, &staff, 2, "2026-01-05", "2026-02-27", 40).await;
    // Examiner C trained the cohort: refused on the jury.
    app.with_conn(|c| parcours::db::cohorts::add_trainer(c, cohort_id, examiners[2]).unwrap());
    let mut advisors = Vec::new();
    for n in 0..30 {
        let id = app
            .advisor(&staff, advisor_body(&format!("cand{n}@example.org")))
            .await;
        app.created(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/enrolments"),
            json!({"advisor_id": id, "joined_on": "2026-01-05"}),
        )
        .await;
        advisors.push(id);
    }
    let browser = app.logged_in("staff@example.org").await;
    let created = post_form(
        &app,
        &browser,
        "/exam-sessions/new",
        "/exam-sessions",
        &[
            ("certification", "CCP1"),
            ("date", "2026-03-10"),
            ("start_time", "09:00"),
            ("end_time", "12:00"),
            ("territory", "FR"),
            ("venue", "La Fabrik, Lyon"),
            ("room", "B12"),
            ("capacity", "40"),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let page = header(&created, "location");
    let id = page.trim_start_matches("/exam-sessions/").to_owned();
    // Register candidates; eligibility is shown first.
    let check = post_form(
        &app,
        &browser,
        &page,
        &format!("/exam-sessions/{id}/candidates"),
        &[("advisor", "cand0@example.org"), ("check", "1")],
    )
    .await;
    assert!(
        check
            .text()
            .await
            .unwrap()
            .contains("éligible à cette session")
    );
    let outsider = app
        .advisor(&staff, advisor_body("outsider@example.org"))
        .await;
    let _ = outsider;
    let refused = post_form(
        &app,
        &browser,
        &page,
        &format!("/exam-sessions/{id}/candidates"),
        &[("advisor", "outsider@example.org")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().await.unwrap().contains("formation initiale"),
        "why the refusal"
    );
    for n in 0..30 {
        let email = format!("cand{n}@example.org");
        let r = post_form(
            &app,
            &browser,
            &page,
            &format!("/exam-sessions/{id}/candidates"),
            &[("advisor", email.as_str())],
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{email}");
    }
    // The jury: C trained the candidates and is refused with the reason; A and B join.
    let c = examiners[2].to_string();
    let refused = post_form(
        &app,
        &browser,
        &page,
        &format!("/exam-sessions/{id}/examiners"),
        &[("user_id", c.as_str())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("a formé"));
    for e in &examiners[..2] {
        let e = e.to_string();
        assert_eq!(
            post_form(
                &app,
                &browser,
                &page,
                &format!("/exam-sessions/{id}/examiners"),
                &[("user_id", e.as_str())]
            )
            .await
            .status(),
            StatusCode::SEE_OTHER
        );
    }
    // Examiner A records thirty results in one form.
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-03-10T11:00:00Z")
            .unwrap()
            .to_utc(),
    );
    let a = app.logged_in("exa@example.org").await;
    let mine = app.page(&a, "/exam-sessions").await;
    assert!(mine.contains("Mes sessions d&#x27;examen") || mine.contains("Mes sessions d'examen"));
    let html = app.page(&a, &page).await;
    assert!(html.contains("name=\"outcome-") && html.contains("autofocus"));
    let token = csrf_token(&html);
    let mut form: Vec<(String, String)> = vec![("csrf_token".into(), token)];
    for (n, advisor) in advisors.iter().enumerate() {
        // « Absent justifié » needs an accepted proof on the exam's attendance (exam_signing.rs).
        let outcome = if n % 10 == 9 {
            "absent"
        } else if n % 5 == 4 {
            "not_validated"
        } else {
            "validated"
        };
        form.push((format!("outcome-{advisor}"), outcome.into()));
        form.push((
            format!("reasons-{advisor}"),
            "Évaluation conforme au référentiel".into(),
        ));
    }
    let saved = a
        .post(app.url(&format!("/exam-sessions/{id}/results")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    // Examiner B confirms and publishes.
    let b = app.logged_in("exb@example.org").await;
    assert_eq!(
        post_form(
            &app,
            &b,
            &page,
            &format!("/exam-sessions/{id}/confirm"),
            &[]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    // Publishing is final: the button sits behind a confirmation.
    let before = app.page(&b, &page).await;
    let confirm = before
        .find("<summary>Publier les résultats</summary>")
        .unwrap();
    assert!(before[confirm..].contains("Confirmer la publication"));
    assert_eq!(
        post_form(
            &app,
            &b,
            &page,
            &format!("/exam-sessions/{id}/publish"),
            &[]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let html = app.page(&b, &page).await;
    assert!(html.contains("Résultats publiés"));
    let certificates =
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "certificate_issue").unwrap());
    assert_eq!(
        certificates.len(),
        24,
        "validated candidates get a certificate job"
    );
    // The advisor sees the result on their page.
    app.user(
        "cand0.account@example.org",
        "advisor",
        None,
        Some(advisors[0]),
    );
    let advisor = app.logged_in("cand0.account@example.org").await;
    let mine = app
        .page(&advisor, &format!("/advisors/{}", advisors[0]))
        .await;
    assert!(mine.contains("CCP1 (2025)") && mine.contains("Validé"));
    app.run_jobs().await;
}
