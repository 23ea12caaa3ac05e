//! The procès-verbal and the fiches individuelles de résultats: the jury signs the PV once every
//! decision is recorded and confirmed (a non-juror refused), the last signature seals the PV and
//! one fiche per candidate and records the file's step « PV signé » (refused by hand, and « PV
//! envoyé » refused before sealing); the PV's text names each remote candidate's modality, the
//! jurors with their habilitation dates, the agrément, the CERES number, the decisions and the
//! incidents; /verify describes both; a candidate reads their own fiche; a correction after
//! sealing makes the jury sign again and version 2 supersedes version 1.

use serde_json::{Value, json};

use crate::proces_verbal_world::{ELOISE_REASONS, LEA_REASONS, text_of, world};
use crate::support::{
    TestApp, assert_page_refusal, assert_problem, examiner, post_form, publish, record_result,
};

#[tokio::test]
async fn the_jury_signs_once_deliberation_is_complete_and_the_last_signature_seals_the_pv() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    w.deliberate(&app).await;

    // Neither the organiser's staff nor a stranger signs; signing before every decision and the
    // confirmation is refused, naming what is missing.
    let refused = w.sign(&app, &w.staff, json!({"certify": true})).await;
    assert_problem(
        refused,
        403,
        "Seuls les membres du jury de cette session signent",
    )
    .await;
    let stranger = examiner(&app, &w.admin, "exc@example.org").await;
    let hidden = w
        .sign(&app, &stranger.token, json!({"certify": true}))
        .await;
    assert_eq!(hidden.status(), 404);
    let early = w.sign(&app, &w.a, json!({"certify": true})).await;
    let problem = assert_problem(
        early,
        409,
        "il manque : la décision du jury pour DURAND Léo",
    )
    .await;
    assert!(
        problem
            .to_string()
            .contains("la confirmation des résultats par un second membre du jury"),
        "{problem}"
    );
    let unsigned = w.sign(&app, &w.a, json!({})).await;
    assert_problem(unsigned, 422, "cochez « Je certifie… »").await;

    w.complete(&app).await;
    let state = w.sign(&app, &w.a, json!({"certify": true})).await;
    assert_eq!(state.status(), 200);
    let state: Value = state.json().await.unwrap();
    assert_eq!(state["status"], "to_sign");
    assert!(
        state["jurors"][0]["signed_at"].is_string() ^ state["jurors"][1]["signed_at"].is_string()
    );
    // Not sealed after the first juror: no PDF, and the PV is not sent before it is sealed.
    let none = app.get(&w.a, &w.path("proces-verbal.pdf")).await;
    assert_problem(
        none,
        409,
        "Le procès-verbal sera scellé quand tout le jury l",
    )
    .await;
    let sent = app
        .post(
            &w.staff,
            &w.path("file/steps"),
            json!({"step": "pv_sent", "channel": "email"}),
        )
        .await;
    assert_problem(
        sent,
        422,
        "Le procès-verbal s'envoie une fois signé par tout le jury et scellé.",
    )
    .await;
    let again = w.sign(&app, &w.a, json!({"certify": true})).await;
    assert_problem(again, 409, "Vous avez déjà signé ce procès-verbal").await;

    let drawn = json!({"drawn": "M 10 10 L 50 40 L 90 20 L 140 60"});
    let state: Value = w.sign(&app, &w.b, drawn).await.json().await.unwrap();
    assert_eq!(state["status"], "sealed", "{state}");
    assert_eq!(state["versions"][0]["version"], 1);

    // The step « PV signé » was recorded by the signatures, and is refused by hand.
    let file = app.get_json(&w.staff, &w.path("file")).await;
    let signed = file["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "pv_signed")
        .unwrap();
    assert_eq!(signed["done_on"], "2026-03-10", "{signed}");
    let manual = app
        .post(
            &w.staff,
            &w.path("file/steps"),
            json!({"step": "pv_signed"}),
        )
        .await;
    assert_problem(
        manual,
        422,
        "s'enregistre d'elle-même quand le dernier membre du jury",
    )
    .await;
    let sent = app
        .post(
            &w.staff,
            &w.path("file/steps"),
            json!({"step": "pv_sent", "channel": "email"}),
        )
        .await;
    assert_eq!(sent.status(), 200);

    // The PV's text.
    let text = text_of(&w.pdf(&app, &w.staff, "proces-verbal.pdf").await);
    for expected in [
        "PROCÈS-VERBAL DE SESSION D'EXAMEN",
        "Session CCP · n° CERES 2026-ARA-0042",
        "Agrément n° ARA-2025 · DREETS Auvergne-Rhône-Alpes · valable du 01/01/2026 au 31/12/2030",
        "Lieu : à distance",
        "CCP1 : habilitation du 01/01/2026 au 31/12/2026",
        "MÉNARD Éloïse formation à distance — en visioconférence depuis un lieu choisi par le candidat CCP1 : Validé",
        "MARTIN Léa formation sur place CCP1 : Non validé",
        "DURAND Léo VAE à distance — en visioconférence depuis un site mis à disposition CCP1 : Validé",
        "Coupure de la visioconférence pendant 10 minutes MÉNARD Éloïse",
        "Signé électroniquement le mardi 10 mars 2026, 11 h 30",
        "(signature dessinée)",
        "Version 1",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert_eq!(text.matches("à distance —").count(), 2, "{text}");
    app.run_jobs().await;
}

#[tokio::test]
async fn verify_describes_the_pv_and_each_fiche_which_its_candidate_alone_downloads() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    w.deliberate(&app).await;
    w.complete(&app).await;
    let state = w.both_sign(&app).await;
    let code = state["versions"][0]["code"].as_str().unwrap().to_owned();

    let checked = app.public_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(checked["title"], "Procès-verbal de session d'examen");
    assert_eq!(checked["status"], "valid");
    assert_eq!(checked["seal_verifies"], true);
    assert!(checked.get("cohort").is_none(), "{checked}");
    assert!(
        checked["exam_session"]
            .as_str()
            .unwrap()
            .starts_with("Session CCP — CCP1 — mardi 10 mars 2026"),
        "{checked}"
    );
    assert!(checked.get("advisor").is_none(), "{checked}");
    let public = app.browser();
    let html = app.page(&public, &format!("/verify/{code}")).await;
    assert!(
        html.contains("Procès-verbal de session d&#x27;examen scellé")
            && html.contains("<dt>Session d'examen</dt>")
            && !html.contains("<dt>Stagiaire</dt>"),
        "{html}"
    );

    // Éloïse reads her own fiche; Léa gets 404 for it.
    let eloise = w.advisors[0];
    app.user("eloise@example.org", "advisor", None, Some(eloise));
    let own = app.login_token("eloise@example.org").await;
    let browser = app.logged_in("eloise@example.org").await;
    let mine = app
        .page(&browser, &format!("/advisors/{eloise}"))
        .await
        .replace("&#x2F;", "/");
    assert!(
        mine.contains(&format!("/exam-sessions/{}/fiches/{eloise}", w.session)),
        "{mine}"
    );
    let fiche = w.pdf(&app, &own, &format!("fiches/{eloise}")).await;
    let text = text_of(&fiche);
    for expected in [
        "FICHE INDIVIDUELLE DE RÉSULTATS",
        "Candidat : MÉNARD Éloïse · parcours formation",
        "Animation claire, publics bien identifiés.",
        "acquise",
        "non acquise",
        ELOISE_REASONS,
        "à distance — en visioconférence depuis un lieu choisi par le candidat",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    app.user("lea@example.org", "advisor", None, Some(w.advisors[1]));
    let lea = app.login_token("lea@example.org").await;
    let other = app.get(&lea, &w.path(&format!("fiches/{eloise}"))).await;
    assert_eq!(other.status(), 404);
    let lea_pdf = w
        .pdf(&app, &lea, &format!("fiches/{}", w.advisors[1]))
        .await;
    assert!(text_of(&lea_pdf).contains(LEA_REASONS));
    let pv = app.get(&lea, &w.path("proces-verbal.pdf")).await;
    assert_eq!(pv.status(), 404);

    let fiche_code = app.with_conn(|c| {
        parcours::db::sealed_documents::latest_of_exam_session(
            c,
            "fiche_resultats",
            w.session,
            Some(eloise),
        )
        .unwrap()
        .unwrap()
        .code
    });
    let checked = app
        .public_json(&format!("/api/v1/verify/{fiche_code}"))
        .await;
    assert_eq!(checked["title"], "Fiche individuelle de résultats");
    assert_eq!(checked["advisor"], "MÉNARD Éloïse");
    assert_eq!(checked["seal_verifies"], true);
    app.run_jobs().await;
}

#[tokio::test]
async fn a_correction_after_sealing_makes_the_jury_sign_again_and_version_2_supersedes_1() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    w.deliberate(&app).await;
    w.complete(&app).await;
    let first = w.both_sign(&app).await;
    let v1 = first["versions"][0]["code"].as_str().unwrap().to_owned();

    // Publishing changes nothing the jury signed.
    publish(&app, &w.staff, w.session).await;
    let state = app.get_json(&w.staff, &w.path("proces-verbal")).await;
    assert_eq!(state["status"], "sealed", "{state}");

    // Léa's decision is corrected: the content changed, the earlier signatures no longer count.
    app.at("2026-03-10T14:00:00Z");
    record_result(
        &app,
        &w.b,
        w.session,
        w.advisors[1],
        json!({"outcome": "validated", "reasons": "Après relecture de la grille",
               "correction_reason": "Erreur de report de la grille"}),
    )
    .await;
    let state = app.get_json(&w.staff, &w.path("proces-verbal")).await;
    assert_eq!(state["status"], "to_resign", "{state}");
    assert!(
        state["jurors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["signed_at"].is_null())
    );
    let second = w.both_sign(&app).await;
    assert_eq!(second["status"], "sealed");
    assert_eq!(second["versions"][0]["version"], 2);
    assert_eq!(second["versions"][1]["superseded"], true);
    let v2 = second["versions"][0]["code"].as_str().unwrap().to_owned();

    let text = text_of(&w.pdf(&app, &w.staff, "proces-verbal.pdf").await);
    assert!(
        text.contains(&format!("Version 2 — remplace la version 1 (code {v1})")),
        "{text}"
    );
    assert!(
        text.contains("MARTIN Léa formation sur place CCP1 : Validé"),
        "{text}"
    );
    let old = app.public_json(&format!("/api/v1/verify/{v1}")).await;
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["superseded_by"], v2.as_str());
    app.run_jobs().await;
}

#[tokio::test]
async fn jurors_sign_the_pv_on_the_session_page_by_drawing_or_certifying() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    w.deliberate(&app).await;
    let page = format!("/exam-sessions/{}", w.session);
    let action = format!("{page}/proces-verbal/signatures");
    let a = app.logged_in("exa@example.org").await;
    let html = app.page(&a, &page).await;
    assert!(
        html.contains("Procès-verbal") && html.contains("la décision du jury pour DURAND Léo"),
        "{html}"
    );
    let early = post_form(&app, &a, &page, &action, &[("certify", "on")]).await;
    assert_page_refusal(
        early,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "il manque",
    )
    .await;
    w.complete(&app).await;
    let empty = post_form(&app, &a, &page, &action, &[]).await;
    assert_page_refusal(
        empty,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "cochez « Je certifie… »",
    )
    .await;
    let signed = post_form(&app, &a, &page, &action, &[("certify", "on")]).await;
    assert_eq!(signed.status(), reqwest::StatusCode::SEE_OTHER);
    let b = app.logged_in("exb@example.org").await;
    let drawn = [("drawn_path", "M 10 10 L 50 40 L 90 20 L 140 60")];
    let signed = post_form(&app, &b, &page, &action, &drawn).await;
    assert_eq!(signed.status(), reqwest::StatusCode::SEE_OTHER);
    let html = app.page(&b, &page).await.replace("&#x2F;", "/");
    assert!(
        html.contains("Scellé")
            && html.contains("(signature dessinée)")
            && html.contains(&format!("{page}/proces-verbal.pdf")),
        "{html}"
    );
    let staff = app.logged_in("staff@example.org").await;
    let pdf = app
        .visit(&staff, &format!("{page}/fiches/{}", w.advisors[0]))
        .await;
    assert_eq!(pdf.status(), reqwest::StatusCode::OK);
    app.run_jobs().await;
}
