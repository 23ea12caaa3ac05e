//! The exam centre's whole file for one remote CCP1 session, in headless Chromium: staff record
//! La Fabrik's agrément, plan a remote session under it (kind, CERES number, responsable), form
//! the jury, convoke three candidates, mark their dossiers received, follow the checklist and set
//! each candidate's remote modality; on the day a juror records the épreuves of the three with the
//! keyboard alone (observations, competences) and their decisions, the second juror confirms;
//! both jurors sign the procès-verbal, which seals it; staff read its text back (each remote
//! candidate's modality named), record it sent and validated, and the checklist is complete.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::attendance_day_world::{fetched, js_string, pages_of};
use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, log_in, log_out, set_value};
use crate::signing_journey::draw;
use crate::support::{TestApp, advisor_body, cohort, enrol_joined, habilitate};

/// The three candidates: e-mail, first name, usage name, birth name, remote modality.
const CANDIDATES: [(&str, &str, &str, Option<&str>, &str); 3] = [
    ("alice@example.org", "Alice", "Arnaud", None, "video_home"),
    (
        "marie@example.org",
        "Marie",
        "Dupont",
        Some("Martin"),
        "video_site",
    ),
    ("nadia@example.org", "Nadia", "Benali", None, "video_home"),
];

/// Two examiners habilitated for CCP1 (Anne, Bruno), La Fabrik's January cohort and the three
/// candidates trained in it; returns the candidates' ids.
async fn world(app: &TestApp) -> Vec<i64> {
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let staff_id = app.with_conn(|c| {
        parcours::db::users::find_by_email(c, "staff@example.org")
            .unwrap()
            .unwrap()
            .id
    });
    crate::support::rename_user(app, staff_id, "Sophie Responsable");
    for (email, name) in [
        ("exa@example.org", "Anne Examinatrice"),
        ("exb@example.org", "Bruno Examinateur"),
    ] {
        let id = app.user(email, "examiner", Some("la-fabrik"), None);
        crate::support::rename_user(app, id, name);
        habilitate(app, &admin, id, "CCP1", Some("2027-12-31")).await;
    }
    let cohort = cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let mut ids = Vec::new();
    for (email, first, usage, birth, _) in CANDIDATES {
        let mut body = advisor_body(email);
        body["first_name"] = json!(first);
        body["last_name"] = json!(usage);
        if let Some(birth) = birth {
            body["birth_name"] = json!(birth);
        }
        let id = app.advisor(&staff, body).await;
        enrol_joined(app, &staff, cohort, id, "2026-01-05").await;
        ids.push(id);
    }
    ids
}

/// Records the step `step` on the session's checklist (with its channel for the PV's sending).
async fn step_done(journey: &Journey<'_>, session: i64, step: &str, channel: Option<&str>) {
    journey.select("f-step", step).await;
    if let Some(channel) = channel {
        journey.select("f-channel", channel).await;
    }
    journey
        .click(&format!(
            "form[action='/exam-sessions/{session}/file/steps'] button"
        ))
        .await;
    let page = journey.text().await;
    assert!(
        !page.contains("L'étape n'a pas été enregistrée"),
        "{step}: {page}"
    );
}

/// The keys typing every field of the jury's grid in order: an observation in each text area,
/// « A » (acquise) in each competence's list, Tab between them, Enter on the button.
async fn grid_keys(journey: &Journey<'_>) -> (String, usize) {
    let fields: Value = journey
        .client
        .execute(
            "return Array.from(document.querySelectorAll('#grid-form textarea, #grid-form select'))
                .map(e => e.tagName.toLowerCase());",
            vec![],
        )
        .await
        .unwrap();
    let fields = fields.as_array().unwrap();
    let tab = "\u{e004}";
    let mut keys = String::new();
    for (i, field) in fields.iter().enumerate() {
        if field == "textarea" {
            keys.push_str("Observation ");
            keys.push_str(&(i + 1).to_string());
        } else {
            keys.push('A');
        }
        keys.push_str(tab);
    }
    keys.push('\u{e007}');
    (keys, fields.len())
}

browser_test! {
    /// A remote CCP1 session from its agrément to its validated procès-verbal.
    async fn a_remote_ccp1_session_goes_from_agrement_to_validated_proces_verbal() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let candidates = world(&app).await;
        let org = app.org("la-fabrik");
        let mut journey = Journey::start(&app, "9-centre-examen").await;
        log_in(&mut journey, "staff@example.org").await;

        // The agrément: MN 2025, La Fabrik's site in Lyon, 2026–2030.
        journey.visit(&format!("/organisations/{org}/agrements/new")).await;
        journey.check("agrement-nouveau").await;
        let title: String = js_string(
            &journey,
            "return Array.from(document.querySelectorAll('#f-title_id option'))
                .find(o => o.textContent.includes('2025')).value;",
        )
        .await;
        journey.select("f-title_id", &title).await;
        journey.fill("f-number", "ARA-2026-017").await;
        journey.fill("f-address", "La Fabrik\n12 rue de la Part-Dieu").await;
        journey.fill("f-postcode", "69003").await;
        journey.fill("f-city", "Lyon").await;
        set_value(&journey, "f-valid_from", "2026-01-01").await;
        set_value(&journey, "f-valid_until", "2030-12-31").await;
        journey.fill("f-dreets_unit", "DREETS Auvergne-Rhône-Alpes").await;
        journey.click("main form button[type=submit]").await;
        let page = journey.text().await;
        assert!(page.contains("Agrément enregistré") && page.contains("ARA-2026-017"), "{page}");
        journey.check("agrements").await;

        // The session under it: remote, CCP1, its CERES number and its responsable.
        journey.visit("/exam-sessions/new").await;
        journey.select("f-certification", "CCP1").await;
        journey.select("f-kind", "session_ccp").await;
        let agrement = js_string(
            &journey,
            "return Array.from(document.querySelectorAll('#f-agrement_id option'))
                .find(o => o.textContent.includes('ARA-2026-017')).value;",
        )
        .await;
        journey.select("f-agrement_id", &agrement).await;
        set_value(&journey, "f-date", "2026-03-10").await;
        set_value(&journey, "f-start_time", "09:00").await;
        set_value(&journey, "f-end_time", "12:00").await;
        journey
            .client
            .find(Locator::Id("f-remote"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        journey.fill("f-capacity", "12").await;
        journey.fill("f-ceres_number", "2026-ARA-0042").await;
        let responsable = js_string(
            &journey,
            "return Array.from(document.querySelectorAll('#f-responsable_user_id option'))
                .find(o => o.textContent.includes('Sophie')).value;",
        )
        .await;
        journey.select("f-responsable_user_id", &responsable).await;
        journey.check("session-sous-agrement").await;
        journey.click("main form button[type=submit]").await;
        let session_path = journey.path().await;
        let session: i64 = session_path
            .rsplit('/')
            .next()
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("not a session page: {session_path}"));
        let page = journey.text().await;
        assert!(page.contains("n° ARA-2026-017") && page.contains("2026-ARA-0042"), "{page}");
        assert!(page.contains("Sophie Responsable"), "{page}");

        // The jury, then the three candidates.
        for name in ["Anne Examinatrice", "Bruno Examinateur"] {
            let add = format!("//tr[td[normalize-space(text())='{name}']]//button");
            let button = journey.client.find(Locator::XPath(&add)).await.unwrap();
            journey.navigate_with(button).await;
        }
        for (email, ..) in CANDIDATES {
            journey.fill("f-advisor", email).await;
            journey.select("f-route", "training").await;
            journey
                .click(&format!(
                    "form[action='/exam-sessions/{session}/candidates'] button:not([name])"
                ))
                .await;
        }
        let page = journey.text().await;
        for (_, first, usage, ..) in CANDIDATES {
            assert!(page.contains(&format!("{usage} {first}")), "{page}");
        }
        assert!(page.contains("dossier professionnel non reçu"), "{page}");

        // Their dossiers professionnels arrive.
        journey.visit(&format!("/exam-sessions/{session}/schedule")).await;
        for advisor in &candidates {
            set_value(&journey, &format!("f-dp-{advisor}"), "2026-03-02").await;
            journey
                .click(&format!(
                    "form[action='/exam-sessions/{session}/candidates/{advisor}/dossier'] button"
                ))
                .await;
        }
        assert!(!journey.text().await.contains("dossier professionnel non reçu"));
        journey.check("dossiers-recus").await;

        // The checklist: every step before the day is late on 2 March; staff record them.
        journey.visit(&session_path).await;
        let page = journey.text().await;
        assert!(page.contains("en retard"), "{page}");
        for step in [
            "declared",
            "evaluation_ordered",
            "evaluation_received",
            "jury_invited",
            "convocations_sent",
        ] {
            step_done(&journey, session, step, None).await;
        }
        let page = journey.text().await;
        assert!(!page.contains("en retard"), "{page}");
        journey.check("dossier-de-session").await;

        // Each candidate's remote modality, on the day's page.
        journey.visit(&format!("/exam-sessions/{session}/day")).await;
        for (i, (.., modality)) in CANDIDATES.iter().enumerate() {
            let forms = journey
                .client
                .find_all(Locator::Css("form[action$='/modality']"))
                .await
                .unwrap();
            let select = forms[i].find(Locator::Css("select")).await.unwrap();
            select
                .select_by_value(modality)
                .await
                .unwrap();
            let button = forms[i].find(Locator::Css("button")).await.unwrap();
            journey.navigate_with(button).await;
        }
        journey.check("modalites-a-distance").await;
        step_done_on_show(&journey, &session_path, session, "rules_shown").await;
        log_out(&journey).await;

        // The day: Anne records the grid and the decisions with the keyboard alone.
        app.at("2026-03-10T10:30:00Z");
        log_in(&mut journey, "exa@example.org").await;
        journey.visit(&format!("/exam-sessions/{session}/grid")).await;
        journey.check("grille-du-jury").await;
        let focused = journey.client.active_element().await.unwrap();
        assert_eq!(
            focused.prop("tagName").await.unwrap().as_deref(),
            Some("TEXTAREA"),
            "the first observation has the focus"
        );
        let (keys, fields) = grid_keys(&journey).await;
        assert!(fields >= 6, "three candidates' épreuves and competences: {fields}");
        journey
            .client
            .execute("window.journeyPreviousPage = true;", vec![])
            .await
            .unwrap();
        focused.send_keys(&keys).await.unwrap();
        journey.wait_for_new_page().await;
        let page = journey.text().await;
        assert!(!page.contains("La grille n'a pas été enregistrée"), "{page}");
        assert!(page.contains("Observation 1"), "{page}");

        journey.visit(&session_path).await;
        let tab = "\u{e004}";
        let keys = journey.client.active_element().await.unwrap();
        let mut typed = String::new();
        for reasons in ["Épreuves réussies", "Compétences acquises", "Très bon entretien"] {
            typed.push('V');
            typed.push_str(tab);
            typed.push_str(reasons);
            typed.push_str(tab);
            typed.push_str(tab);
        }
        keys.send_keys(&typed).await.unwrap();
        journey
            .client
            .execute("window.journeyPreviousPage = true;", vec![])
            .await
            .unwrap();
        let last = candidates[2];
        let reasons = journey
            .client
            .find(Locator::Id(&format!("r-{last}")))
            .await
            .unwrap();
        reasons.send_keys("\u{e007}").await.unwrap();
        journey.wait_for_new_page().await;
        journey.check("decisions-saisies").await;
        let staff = app.login_token("staff@example.org").await;
        let results = app
            .get_json(&staff, &format!("/api/v1/exam-sessions/{session}/results"))
            .await;
        let validated = results
            .as_array()
            .or_else(|| results["items"].as_array())
            .map(|rows| rows.iter().filter(|r| r["outcome"] == "validated").count());
        assert_eq!(validated, Some(3), "{results}");
        log_out(&journey).await;

        // Bruno confirms, then signs the procès-verbal by certifying.
        log_in(&mut journey, "exb@example.org").await;
        journey.visit(&session_path).await;
        journey
            .click(&format!("form[action='/exam-sessions/{session}/confirm'] button"))
            .await;
        journey.visit(&session_path).await;
        sign_pv(&journey, session, false).await;
        let page = journey.text().await;
        assert!(page.contains("Bruno Examinateur Signé le"), "{page}");
        assert!(!page.contains("Versions scellées"), "one signature does not seal it");
        log_out(&journey).await;

        // Anne draws hers: the last signature seals the PV.
        log_in(&mut journey, "exa@example.org").await;
        journey.visit(&session_path).await;
        sign_pv(&journey, session, true).await;
        let page = journey.text().await;
        assert!(page.contains("Versions scellées") && page.contains("Version 1"), "{page}");
        journey.check("proces-verbal-scelle").await;
        log_out(&journey).await;

        pv_read_sent_and_validated(&mut journey, session).await;
        journey.finish().await;
        app.run_jobs().await;
    }
}

/// Records `step` from the session's page.
async fn step_done_on_show(journey: &Journey<'_>, path: &str, session: i64, step: &str) {
    journey.visit(path).await;
    step_done(journey, session, step, None).await;
}

/// Signs the procès-verbal on the session's page: drawn, or « Je certifie ».
async fn sign_pv(journey: &Journey<'_>, session: i64, drawn: bool) {
    if drawn {
        draw(
            journey,
            "form[action$='/proces-verbal/signatures'] canvas.signature-pad",
        )
        .await;
    } else {
        journey
            .client
            .find(Locator::Id("f-pv-certify"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    journey
        .click(&format!(
            "form[action='/exam-sessions/{session}/proces-verbal/signatures'] button[type=submit]"
        ))
        .await;
    let page = journey.text().await;
    assert!(!page.contains("Le procès-verbal n'est pas signé"), "{page}");
}

/// Staff read the sealed procès-verbal back (each remote candidate's modality, both names of
/// Marie, the agrément, the CERES number, the jury), then record it sent by e-mail and
/// validated by the DREETS: the checklist is complete.
async fn pv_read_sent_and_validated(journey: &mut Journey<'_>, session: i64) {
    let session_path = format!("/exam-sessions/{session}");
    log_in(journey, "staff@example.org").await;
    journey.visit(&session_path).await;
    let pdf = fetched(journey, &format!("{session_path}/proces-verbal.pdf")).await;
    let text = pages_of(&pdf).join("\n");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (name, how) in [
        (
            "ARNAUD Alice",
            "en visioconférence depuis un lieu choisi par le candidat",
        ),
        (
            "MARTIN Marie, nom d'usage DUPONT",
            "en visioconférence depuis un site mis à disposition",
        ),
        (
            "BENALI Nadia",
            "en visioconférence depuis un lieu choisi par le candidat",
        ),
    ] {
        let row = format!("{name} formation à distance — {how} CCP1 : Validé");
        assert!(flat.contains(&row), "{row} not in the PV:\n{flat}");
    }
    assert!(
        !flat.contains("sur place"),
        "every candidate sat remotely: {flat}"
    );
    for expected in [
        "ARA-2026-017",
        "2026-ARA-0042",
        "DREETS Auvergne-Rhône-Alpes",
        "Anne Examinatrice",
        "Bruno Examinateur",
        "Sophie Responsable",
    ] {
        assert!(flat.contains(expected), "{expected} not in the PV:\n{flat}");
    }
    step_done(journey, session, "results_keyed", None).await;
    step_done(journey, session, "pv_sent", Some("email")).await;
    step_done(journey, session, "pv_validated", None).await;
    let page = journey.text().await;
    assert!(page.contains("Procès-verbal envoyé à la DREETS") && page.contains("par courriel"));
    assert!(
        !page.contains("À faire") && !page.contains("En retard"),
        "{page}"
    );
    journey.check("proces-verbal-valide").await;
}
