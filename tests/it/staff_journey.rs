//! Staff of a training body in headless Chromium: a cohort scheduled with its days, advisors
//! enrolled (one refused, the message shown), attendance recorded, the home's figures updated;
//! axe-core and the overflow check on every page. On SQLite only.

use fantoccini::Locator;
use serde_json::json;

use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, log_in_here, set_value};
use crate::support::{TestApp, advisor_body};

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
        journey.visit("/login").await;
        journey.check("connexion").await;
        log_in_here(&journey, "staff@example.org").await;
        assert_eq!(journey.path().await, "/", "logged in as staff@example.org");
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
