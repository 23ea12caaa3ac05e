//! An advisor in headless Chromium: her deadline and next step on her path, a module session
//! joined, the waiting list of a full one, her calendar feed; axe-core and the overflow check on
//! every page. On SQLite only.

use fantoccini::Locator;
use serde_json::json;

use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, fetch_in_page, log_in_to};
use crate::support::{TestApp, advisor_body};

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
