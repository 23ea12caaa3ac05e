//! Each role's home in headless Chromium answers « que dois-je faire maintenant ? » by its
//! visible text, then leads to the list behind it: the coordinator's bar to the advisors it
//! counts, the second juror's « résultats à confirmer » to the session, the catalogue owner's
//! next session to its page; La Mednum, which owns the catalogue and trains nobody, is never
//! invited to schedule a cohort. Every page is checked (axe-core, no sideways scroll) at 1280 px
//! and at 390 × 844; on SQLite only. The set-ups are those of `homes_roles.rs`.

use fantoccini::Locator;
use serde_json::json;

use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, log_in, log_out};
use crate::support::{ExamWorld, TestApp, advisor_body, module_of, module_session};

/// The visible text of the element matching `css`.
async fn text_of(journey: &Journey<'_>, css: &str) -> String {
    journey
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("nothing matches {css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Asserts the page never invites its reader to schedule a cohort.
async fn assert_no_cohort_invitation(journey: &Journey<'_>, page: &str) {
    assert!(
        !page.contains("Programmer une session"),
        "invited to schedule: {page}"
    );
    let links = journey
        .client
        .find_all(Locator::Css("a[href^='/cohorts/new']"))
        .await
        .unwrap();
    assert!(links.is_empty(), "a link to /cohorts/new: {page}");
}

browser_test! {
    /// The coordinator sees the advisors per territory and status; Guadeloupe's one advisor is a
    /// bar of its own, and that bar opens the list of the advisors it counts.
    async fn the_coordinators_home_leads_from_a_bar_to_the_advisors_behind_it() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let staff = app.fabrik_staff().await;
        app.user("anct@example.org", "coordinator", Some("anct"), None);
        for n in 0..6 {
            let mut body = advisor_body(&format!("fr{n}@example.org"));
            body["last_name"] = json!(format!("Métropole{n}"));
            app.advisor(&staff, body).await;
        }
        let mut body = advisor_body("gp@example.org");
        body["territory"] = json!("971");
        body["last_name"] = json!("Basse-Terre");
        app.advisor(&staff, body).await;

        let mut journey = Journey::start(&app, "accueil-coordination").await;
        log_in(&mut journey, "anct@example.org").await;
        let progress = text_of(&journey, "section[aria-labelledby='h-dash-progress']").await;
        assert!(progress.contains("Suivi des parcours"), "{progress}");
        assert!(progress.contains("Échéance des modules par territoire"), "{progress}");
        assert!(progress.contains("Guadeloupe (971)"), "{progress}");
        assert!(progress.contains("Échéance des modules par organisme de formation"), "{progress}");
        journey.check("accueil-coordination").await;

        journey
            .click("a[href='/progress?territory=971&status=not_started']")
            .await;
        assert_eq!(journey.path().await, "/progress");
        let list = journey.text().await;
        assert!(list.contains("Basse-Terre"), "the advisor counted: {list}");
        assert!(!list.contains("Métropole0"), "only Guadeloupe's: {list}");
        journey.check("coordination-guadeloupe").await;
        journey.finish().await;
        app.run_jobs().await;
    }
}

browser_test! {
    /// The juror who recorded the results has nothing to confirm; the second juror's home says
    /// « résultats à confirmer » and leads to the session, where they confirm.
    async fn the_second_jurors_home_leads_to_the_results_to_confirm() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let world = ExamWorld::results_recorded(&app).await;
        let session = format!("/exam-sessions/{}", world.session);

        let mut journey = Journey::start(&app, "accueil-jure").await;
        log_in(&mut journey, "exa@example.org").await;
        let first = text_of(&journey, "section[aria-labelledby='h-dash-exams']").await;
        assert!(first.contains("Aucun résultat n'attend votre confirmation."), "{first}");
        journey.check("accueil-premier-jure").await;
        log_out(&journey).await;

        log_in(&mut journey, "exb@example.org").await;
        let jury = text_of(&journey, "section[aria-labelledby='h-dash-exams']").await;
        assert!(jury.contains("Résultats à confirmer"), "{jury}");
        let to_confirm = text_of(&journey, "ul.results-to-confirm").await;
        assert!(to_confirm.contains("CCP1, mardi 10 mars 2026"), "{to_confirm}");
        assert!(to_confirm.contains("2 résultats saisis, à confirmer"), "{to_confirm}");
        journey.check("accueil-second-jure").await;

        journey
            .click(&format!("ul.results-to-confirm a[href='{session}']"))
            .await;
        assert_eq!(journey.path().await, session);
        journey
            .client
            .find(Locator::Css(&format!("form[action='{session}/confirm'] button")))
            .await
            .expect("the second juror may confirm there");
        journey.check("session-a-confirmer").await;
        journey.finish().await;
        app.run_jobs().await;
    }
}

browser_test! {
    /// La Mednum owns the module catalogue: its home shows the catalogue and the sessions to come
    /// of its modules, and one of them opens the session's page.
    async fn the_catalogue_owners_home_leads_to_a_session_of_its_modules() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let provider = app.staff_token("simplon@example.org", "simplon").await;
        let module = module_of(&app, &provider, 7, 0).await;
        let session = module_session(&app, &provider, module, &["2026-04-07"], 10).await;
        app.user("catalogue@lamednum.test", "staff", Some("la-mednum"), None);

        let mut journey = Journey::start(&app, "accueil-catalogue").await;
        log_in(&mut journey, "catalogue@lamednum.test").await;
        let todo = text_of(&journey, "section[aria-labelledby='h-todo']").await;
        assert!(todo.contains("À faire maintenant"), "{todo}");
        assert!(todo.contains("Mon catalogue de modules"), "{todo}");
        assert!(todo.contains("modules thématiques au catalogue"), "{todo}");
        let sessions = text_of(&journey, "ul.catalogue-sessions").await;
        assert!(sessions.contains("le mardi 7 avril 2026"), "{sessions}");
        assert!(sessions.contains("10 places"), "{sessions}");
        assert_no_cohort_invitation(&journey, &journey.text().await).await;
        journey.check("accueil-catalogue").await;

        let href = format!("/module-sessions/{session}");
        journey
            .click(&format!("ul.catalogue-sessions a[href='{href}']"))
            .await;
        assert_eq!(journey.path().await, href);
        let page = journey.text().await;
        assert!(page.contains("mardi 7 avril 2026"), "{page}");
        journey.check("catalogue-session").await;
        journey.finish().await;
        app.run_jobs().await;
    }
}

browser_test! {
    /// La Mednum's staff, before any session of its modules: the home says so and leads to the
    /// catalogue, and nowhere invites them to schedule a cohort (La Mednum trains nobody).
    async fn la_mednums_home_is_never_an_invitation_to_schedule_cohorts() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        app.user("staff@lamednum.test", "staff", Some("la-mednum"), None);

        let mut journey = Journey::start(&app, "accueil-la-mednum").await;
        log_in(&mut journey, "staff@lamednum.test").await;
        let home = text_of(&journey, "main").await;
        assert!(home.contains("Mon catalogue de modules"), "{home}");
        assert!(
            home.contains("Aucune session à venir pour les modules du catalogue."),
            "{home}"
        );
        assert!(!home.contains("Sessions qui commencent bientôt"), "{home}");
        assert!(!home.contains("Sessions de formation"), "no cohorts' list: {home}");
        assert_no_cohort_invitation(&journey, &home).await;
        journey.check("accueil-la-mednum").await;

        let link = "section[aria-labelledby='h-todo'] a[href='/modules']";
        let counted = text_of(&journey, link).await;
        let counted: usize = counted
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in « {counted} »"));
        journey.click(link).await;
        assert_eq!(journey.path().await, "/modules");
        let catalogue = text_of(&journey, "main").await;
        assert!(catalogue.contains("Modules thématiques"), "{catalogue}");
        let modules = journey
            .client
            .find_all(Locator::Css("main h2 a[href^='/modules/']"))
            .await
            .unwrap();
        assert_eq!(modules.len(), counted, "the modules counted on the home: {catalogue}");
        assert_no_cohort_invitation(&journey, &catalogue).await;
        journey.check("catalogue-la-mednum").await;
        journey.finish().await;
        app.run_jobs().await;
    }
}
