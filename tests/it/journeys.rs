//! The four journeys of the web issue, end to end in headless Chromium, each on a fresh database,
//! with axe-core on every page visited and a screenshot of each key page. Ignored (with the
//! reason shown by `cargo test`) when Chromium is not installed; on SQLite only.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::{Journey, on_sqlite};
use crate::support::{
    PASSWORD, TestApp, add_juror, advisor_body, ccp1_on_10_march, enrol_joined, exam_session,
    habilitate,
};

/// Why the journeys are skipped without Chromium.
macro_rules! browser_test {
    ($(#[$meta:meta])* async fn $name:ident() $body:block) => {
        $(#[$meta])*
        #[cfg_attr(
            not(browser),
            ignore = "Chromium absent: apt-get install chromium chromium-driver, then cargo test \
                      (PARCOURS_REQUIRE_BROWSER=1 makes its absence a failure)"
        )]
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() $body
    };
}

/// Logs in through the form and lands on the home page.
async fn log_in(journey: &mut Journey<'_>, email: &str, screenshot: bool) {
    journey.visit("/login").await;
    if screenshot {
        journey.check("connexion").await;
    }
    journey.fill("email", email).await;
    journey.fill("password", PASSWORD).await;
    journey.click("main form button[type=submit]").await;
    assert_eq!(journey.path().await, "/", "logged in as {email}");
}

/// Sets a date or time field through the DOM (typing into them depends on the locale).
async fn set_value(journey: &Journey<'_>, id: &str, value: &str) {
    journey
        .client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(value)],
        )
        .await
        .unwrap();
}

browser_test! {
    /// Staff of a training body creates a cohort with its days, enrols three advisors (one refused
    /// as ineligible, with the message shown) and records attendance.
    async fn staff_schedules_a_cohort_enrols_advisors_and_takes_attendance() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let staff = app.fabrik_staff().await;
        let mut people = Vec::new();
        for (email, first, last) in [
            ("ines@example.org", "Inès", "Moreau"),
            ("hugo@example.org", "Hugo", "Lefèvre"),
        ] {
            let mut body = advisor_body(email);
            body["first_name"] = json!(first);
            body["last_name"] = json!(last);
            people.push(app.advisor(&staff, body).await);
        }
        // Sixty-four when hired, sixty-five when the training starts: refused.
        let mut too_old = advisor_body("gerard@example.org");
        too_old["first_name"] = json!("Gérard");
        too_old["last_name"] = json!("Aubry");
        too_old["birth_date"] = json!("1961-02-20");
        too_old["hired_on"] = json!("2025-09-01");
        app.created(&staff, "/api/v1/advisors", too_old).await;

        let mut journey = Journey::start(&app, "1-organisme").await;
        log_in(&mut journey, "staff@example.org", true).await;
        journey.check("accueil-vide").await;
        journey.visit("/cohorts/new").await;
        journey.check("nouvelle-session").await;
        journey.fill("f-name", "Formation initiale — Lyon, mars 2026").await;
        journey.select("f-kind", "initial").await;
        let track = journey
            .client
            .find(Locator::Css("#f-track_id option:nth-child(2)"))
            .await
            .unwrap()
            .attr("value")
            .await
            .unwrap()
            .unwrap();
        journey.select("f-track_id", &track).await;
        set_value(&journey, "f-starts_on", "2026-03-02").await;
        set_value(&journey, "f-ends_on", "2026-04-24").await;
        journey.fill("f-venue", "La Fabrik, 12 rue de la Paix, Lyon").await;
        journey.fill("f-capacity", "12").await;
        journey.click("main form button[type=submit]").await;
        let cohort_path = journey.path().await;
        assert!(cohort_path.starts_with("/cohorts/"), "{cohort_path}");
        assert!(journey.text().await.contains("Formation initiale — Lyon, mars 2026"));

        // A day today (the test's clock: Monday 2 March 2026), then the following Tuesday.
        for date in ["2026-03-02", "2026-03-03"] {
            set_value(&journey, "f-date", date).await;
            set_value(&journey, "f-start_time", "09:00").await;
            set_value(&journey, "f-end_time", "17:00").await;
            journey
                .click(&format!("form[action='{cohort_path}/days'] button[type=submit]"))
                .await;
            assert!(journey.text().await.contains("9 h 00"));
        }
        journey.check("session-journees").await;

        for email in ["ines@example.org", "hugo@example.org", "gerard@example.org"] {
            journey.fill("f-advisor", email).await;
            journey
                .click(&format!("form[action='{cohort_path}/enrolments'] button[type=submit]"))
                .await;
        }
        let page = journey.text().await;
        assert!(page.contains("entre 16 et 64 ans"), "the refusal is shown: {page}");
        assert!(page.contains("Moreau") && page.contains("Lefèvre"));
        journey.check("inscription-refusee").await;

        // Attendance of today's day, taken in the afternoon (a half-day is marked from its
        // signing window's opening).
        app.at("2026-03-02T15:00:00Z");
        let sheet = journey
            .client
            .find(Locator::Css("a[href$='/attendance']"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        journey.visit(&sheet).await;
        journey.check("emargement").await;
        for radio in journey
            .client
            .find_all(Locator::Css("input[type=radio][value=present]"))
            .await
            .unwrap()
        {
            radio.click().await.unwrap();
        }
        journey.click("main form button[type=submit]").await;
        assert!(journey.text().await.to_lowercase().contains("émargement enregistré"));
        journey.check("emargement-enregistre").await;
        let recorded = app.get_json(&staff, &format!("/api/v1{sheet}")).await;
        assert!(recorded.to_string().contains("present"), "{recorded}");
        // Back home, the dashboard shows the new cohort's fill rate and attendance.
        journey.visit("/").await;
        let home = journey.text().await;
        assert!(home.contains("2 / 12"), "{home}");
        assert!(home.contains("À faire maintenant"), "{home}");
        journey.check("accueil-organisme").await;
        let _ = people;
        journey.finish().await;
        app.run_jobs().await;
    }
}

/// Fetches `url` from the page (with the browser's own session) and returns
/// `(status, content type, first bytes as text, length)`.
async fn fetch_in_page(journey: &Journey<'_>, url: &str) -> (u64, String, String, u64) {
    let got = journey
        .client
        .execute_async(
            r"const done = arguments[arguments.length - 1];
              fetch(arguments[0], { credentials: 'same-origin' })
                .then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type') || '',
                   new TextDecoder('utf-8').decode(b.slice(0, 4096)), b.byteLength])))
                .catch(e => done([0, String(e), '', 0]));",
            vec![json!(url)],
        )
        .await
        .unwrap();
    (
        got[0].as_u64().unwrap_or(0),
        got[1].as_str().unwrap_or_default().to_owned(),
        got[2].as_str().unwrap_or_default().to_owned(),
        got[3].as_u64().unwrap_or(0),
    )
}

/// Signs out through the header's button.
async fn log_out(journey: &Journey<'_>) {
    journey.click("form[action='/logout'] button").await;
}

browser_test! {
    /// An advisor sees their deadline, enrols in a module session, lands on the waiting list of a
    /// full one, and downloads their calendar feed.
    async fn an_advisor_enrols_in_modules_and_takes_their_calendar() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let staff = app.fabrik_staff().await;
        let provider = app.staff_token("simplon@example.org", "simplon").await;
        let cohort = crate::support::cohort(&app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
        let mut body = advisor_body("ines@example.org");
        body["first_name"] = json!("Inès");
        body["last_name"] = json!("Moreau");
        let ines = app.advisor(&staff, body).await;
        let other = app.advisor(&staff, advisor_body("leo@example.org")).await;
        for advisor in [ines, other] {
            app.created(&staff, &format!("/api/v1/cohorts/{cohort}/enrolments"), json!({"advisor_id": advisor, "joined_on": "2026-01-05"})).await;
        }
        let open = crate::support::module_session(
            &app,
            &provider,
            crate::support::module_of(&app, &provider, 7, 0).await,
            &["2026-04-07"],
            8,
        )
        .await;
        let full = crate::support::module_session(
            &app,
            &provider,
            crate::support::module_of(&app, &provider, 7, 1).await,
            &["2026-04-14"],
            1,
        )
        .await;
        app.created(&staff, &format!("/api/v1/module-sessions/{full}/enrolments"), json!({"advisor_id": other})).await;
        app.user("ines.moreau@example.org", "advisor", None, Some(ines));

        let mut journey = Journey::start(&app, "2-conseillere").await;
        journey.visit("/").await;
        assert_eq!(journey.path().await, "/login", "an account is needed");
        log_in_to(&mut journey, "ines.moreau@example.org", &format!("/advisors/{ines}")).await;
        let page = journey.text().await;
        assert!(page.contains("avant l'échéance"), "the deadline is shown: {page}");
        assert!(page.contains("Prochaine étape"), "her next step comes first: {page}");
        journey.check("mon-parcours").await;
        journey.visit("/module-sessions").await;
        journey.check("sessions-de-modules").await;
        journey.visit(&format!("/module-sessions/{open}")).await;
        journey.check("session-de-module").await;
        journey
            .click(&format!("form[action='/module-sessions/{open}/enrol'] button[type=submit]"))
            .await;
        assert!(journey.text().await.contains("Me désinscrire"), "enrolled");
        journey.check("inscription-module").await;
        journey.visit(&format!("/module-sessions/{full}")).await;
        journey
            .click(&format!("form[action='/module-sessions/{full}/enrol'] button[type=submit]"))
            .await;
        assert!(journey.text().await.to_lowercase().contains("liste d'attente"));
        journey.check("liste-d-attente").await;

        journey.visit(&format!("/advisors/{ines}")).await;
        // The feed URL is shown once, on the page that creates it.
        journey
            .click("form[action='/account/calendar'] button[type=submit]")
            .await;
        let feed = journey
            .client
            .find(Locator::Id("feed-url"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap();
        let path = &feed[feed.find("/calendar/").unwrap()..];
        let (status, content_type, ics, _) = fetch_in_page(&journey, path).await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with("text/calendar"));
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
        assert!(ics.contains(&format!("module-session-{open}")), "{ics}");
        assert!(!ics.contains(&format!("module-session-{full}")), "not while waiting: {ics}");
        journey.finish().await;
        app.run_jobs().await;
    }
}

/// Logs in and expects to land on `landing`.
async fn log_in_to(journey: &mut Journey<'_>, email: &str, landing: &str) {
    journey.visit("/login").await;
    journey.fill("email", email).await;
    journey.fill("password", PASSWORD).await;
    journey.click("main form button[type=submit]").await;
    assert_eq!(journey.path().await, landing, "logged in as {email}");
}

/// Two examiners habilitated for CCP1, a third who sits elsewhere at the same time, a trained
/// advisor and a VAE candidate: `(admin token, staff token, trained, vae)`.
async fn exam_world(app: &TestApp) -> (String, String, i64, i64) {
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    for (email, name) in [
        ("exa@example.org", "Anne Examinatrice"),
        ("exb@example.org", "Bruno Examinateur"),
        ("exc@example.org", "Chloé Ailleurs"),
    ] {
        let id = app.user(email, "examiner", Some("la-fabrik"), None);
        crate::support::rename_user(app, id, name);
        habilitate(app, &admin, id, "CCP1", Some("2026-12-31")).await;
    }
    // Chloé already sits on another session at the same time.
    let mut body = ccp1_on_10_march();
    body["venue"] = json!("La Fabrik, Villeurbanne");
    body["capacity"] = json!(10);
    body.as_object_mut().unwrap().remove("room");
    let elsewhere = exam_session(app, &staff, body).await;
    let chloe = app.with_conn(|c| {
        parcours::db::users::find_by_email(c, "exc@example.org")
            .unwrap()
            .unwrap()
            .id
    });
    add_juror(app, &staff, elsewhere, chloe).await;
    let cohort = crate::support::cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let mut body = advisor_body("eloise@example.org");
    body["first_name"] = json!("Éloïse");
    body["last_name"] = json!("Ménard");
    let trained = app.advisor(&staff, body).await;
    enrol_joined(app, &staff, cohort, trained, "2026-01-05").await;
    let mut body = advisor_body("paul@example.org");
    body["first_name"] = json!("Paul");
    body["last_name"] = json!("Girard");
    let vae = app.advisor(&staff, body).await;
    (admin, staff, trained, vae)
}

browser_test! {
    /// Staff plans a CCP1 session, forms a jury (a conflicting examiner is refused) and registers
    /// candidates; an examiner records the results with the keyboard alone, a second one confirms
    /// and publishes.
    async fn an_exam_is_planned_judged_with_the_keyboard_and_published() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let (_, _, trained, vae) = exam_world(&app).await;
        let mut journey = Journey::start(&app, "3-examen").await;
        log_in_to(&mut journey, "staff@example.org", "/").await;
        journey.visit("/exam-sessions/new").await;
        journey.check("nouvel-examen").await;
        journey.select("f-certification", "CCP1").await;
        set_value(&journey, "f-date", "2026-03-10").await;
        set_value(&journey, "f-start_time", "09:00").await;
        set_value(&journey, "f-end_time", "12:00").await;
        journey.fill("f-venue", "La Fabrik, 12 rue de la Paix, Lyon").await;
        journey.fill("f-room", "B12").await;
        journey.fill("f-capacity", "20").await;
        journey.click("main form button[type=submit]").await;
        let session_path = journey.path().await;
        assert!(session_path.starts_with("/exam-sessions/"), "{session_path}");
        let session: i64 = session_path.rsplit('/').next().unwrap().parse().unwrap();

        // The jury: Anne and Bruno; Chloé is elsewhere at that time.
        let add = |name: &'static str| {
            format!("//tr[td[normalize-space(text())='{name}']]//button")
        };
        for name in ["Anne Examinatrice", "Bruno Examinateur", "Chloé Ailleurs"] {
            let button = journey.client.find(Locator::XPath(&add(name))).await.unwrap();
            journey.navigate_with(button).await;
        }
        let page = journey.text().await;
        assert!(page.contains("Anne Examinatrice, Bruno Examinateur"), "{page}");
        assert!(page.contains("Indisponible"), "{page}");
        journey.check("jury-refus").await;

        for (email, route) in [("eloise@example.org", "training"), ("paul@example.org", "vae")] {
            journey.fill("f-advisor", email).await;
            journey.select("f-route", route).await;
            journey
                .click(&format!(
                    "form[action='/exam-sessions/{session}/candidates'] button:not([name])"
                ))
                .await;
        }
        let page = journey.text().await;
        assert!(page.contains("Éloïse") && page.contains("Paul"), "{page}");
        journey.check("candidats").await;
        log_out(&journey).await;

        // The session is under way: Anne records the results with the keyboard.
        app.clock.set(
            chrono::DateTime::parse_from_rfc3339("2026-03-10T11:00:00Z")
                .unwrap()
                .to_utc(),
        );
        log_in_to(&mut journey, "exa@example.org", "/").await;
        journey.visit(&session_path).await;
        let tab = "\u{e004}";
        let keys = journey.client.active_element().await.unwrap();
        assert_eq!(
            keys.attr("id").await.unwrap().as_deref().map(|id| id.starts_with("o-")),
            Some(true),
            "the first result field has the focus"
        );
        let mut typed = String::new();
        for (advisor, outcome, reasons) in [
            (trained, "V", "Mise en situation réussie"),
            (vae, "N", "Dossier incomplet"),
        ] {
            let _ = advisor;
            typed.push_str(outcome);
            typed.push_str(tab);
            typed.push_str(reasons);
            typed.push_str(tab);
            typed.push_str(tab);
        }
        keys.send_keys(&typed).await.unwrap();
        // Enter in the last field submits the form.
        journey
            .client
            .execute("window.journeyPreviousPage = true;", vec![])
            .await
            .unwrap();
        let reasons = journey.client.find(Locator::Id(&format!("r-{vae}"))).await.unwrap();
        reasons.send_keys("\u{e007}").await.unwrap();
        journey.wait_for_new_page().await;
        let results = app.get_json(&app.login_token("staff@example.org").await, &format!("/api/v1/exam-sessions/{session}/results")).await;
        let outcomes: Vec<(i64, String)> = results["items"]
            .as_array()
            .unwrap_or_else(|| results.as_array().unwrap())
            .iter()
            .map(|r| (r["advisor_id"].as_i64().unwrap(), r["outcome"].as_str().unwrap().to_owned()))
            .collect();
        assert!(outcomes.contains(&(trained, "validated".to_owned())), "{results}");
        assert!(outcomes.contains(&(vae, "not_validated".to_owned())), "{results}");
        journey.check("resultats-saisis").await;
        log_out(&journey).await;

        // Bruno confirms and publishes.
        log_in_to(&mut journey, "exb@example.org", "/").await;
        journey.visit(&session_path).await;
        journey
            .click(&format!("form[action='/exam-sessions/{session}/confirm'] button"))
            .await;
        // Publishing is final: it asks for a confirmation first.
        journey
            .client
            .find(Locator::XPath("//summary[normalize-space(.)='Publier les résultats']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        journey
            .click(&format!("form[action='/exam-sessions/{session}/publish'] button"))
            .await;
        assert!(journey.text().await.contains("Résultats publiés"));
        journey.check("resultats-publies").await;
        journey.click("a[href$='/print']").await;
        let record = journey.text().await;
        assert!(record.contains("Relevé des résultats") && record.contains("non signé"), "{record}");
        assert!(record.contains("Validé") && record.contains("Non validé"), "{record}");
        assert!(record.contains("Anne Examinatrice") && record.contains("Bruno Examinateur"));
        journey.check("proces-verbal").await;
        journey.finish().await;
        app.run_jobs().await;
    }
}

browser_test! {
    /// The advisor downloads their attestation from their path; an anonymous visitor checks its
    /// code.
    async fn an_attestation_is_downloaded_then_checked_by_anyone() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let (_, staff, trained, vae) = exam_world(&app).await;
        let a = app.login_token("exa@example.org").await;
        let b = app.login_token("exb@example.org").await;
        let r = app
            .post(
                &staff,
                "/api/v1/exam-sessions",
                json!({"certification": "CCP1", "starts_at": "2026-03-10T09:00:00+01:00",
                       "ends_at": "2026-03-10T12:00:00+01:00", "venue": "La Fabrik, Lyon", "capacity": 20}),
            )
            .await;
        let session = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        for email in ["exa@example.org", "exb@example.org"] {
            let user = app.with_conn(|c| {
                parcours::db::users::find_by_email(c, email).unwrap().unwrap().id
            });
            app.created(&staff, &format!("/api/v1/exam-sessions/{session}/examiners"), json!({"user_id": user})).await;
        }
        for (advisor, route) in [(trained, "training"), (vae, "vae")] {
            app.created(&staff, &format!("/api/v1/exam-sessions/{session}/candidates"), json!({"advisor_id": advisor, "route": route})).await;
        }
        app.clock.set(
            chrono::DateTime::parse_from_rfc3339("2026-03-10T11:00:00Z")
                .unwrap()
                .to_utc(),
        );
        for (advisor, outcome) in [(trained, "validated"), (vae, "not_validated")] {
            app.put_ok(&a, &format!("/api/v1/exam-sessions/{session}/results/{advisor}"), json!({"outcome": outcome})).await;
        }
        app.post_ok(&b, &format!("/api/v1/exam-sessions/{session}/confirm"), json!({})).await;
        app.post_ok(&b, &format!("/api/v1/exam-sessions/{session}/publish"), json!({})).await;
        app.run_jobs().await;
        app.user("eloise.menard@example.org", "advisor", None, Some(trained));

        let mut journey = Journey::start(&app, "4-attestation").await;
        log_in_to(&mut journey, "eloise.menard@example.org", &format!("/advisors/{trained}")).await;
        let link = journey
            .client
            .find(Locator::Css("a[href^='/certificates/'][href$='/pdf']"))
            .await
            .unwrap();
        let href = link.attr("href").await.unwrap().unwrap();
        let code_link = journey
            .client
            .find(Locator::Css("a[href^='/verify/CN-']"))
            .await
            .unwrap();
        let code = code_link.text().await.unwrap();
        journey
            .client
            .execute("document.getElementById('h-attestations').scrollIntoView()", vec![])
            .await
            .unwrap();
        journey.check("mes-attestations").await;
        let (status, content_type, head, length) = fetch_in_page(&journey, &href).await;
        assert_eq!(status, 200);
        assert_eq!(content_type, "application/pdf");
        assert!(head.starts_with("%PDF-"));
        assert!(length > 1000 && length < 100 * 1024, "{length} bytes");
        log_out(&journey).await;

        // An employer, without an account.
        journey.visit("/verify").await;
        journey.check("verifier").await;
        journey.fill("code", &code.to_lowercase()).await;
        journey.click("main form button[type=submit]").await;
        assert_eq!(journey.path().await, format!("/verify/{code}"));
        let page = journey.text().await;
        assert!(page.contains("Attestation valide"), "{page}");
        assert!(page.contains("Éloïse Ménard"), "{page}");
        journey.check("attestation-valide").await;
        journey.visit("/verify/CN-BBBBBBBB").await;
        assert!(journey.text().await.contains("Aucun document trouvé"));
        journey.check("attestation-inconnue").await;
        journey.finish().await;
    }
}
