//! Finding people in headless Chromium: La Fabrik's staff type « Mar » in the cohort page's
//! search, see suggestions (the ARIA combobox), pick three (the keyboard and the mouse), remove
//! one chip, and enrol the others in one go; axe-core checks the page with its suggestions open.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, log_in_here};
use crate::people_search::person;
use crate::support::{TestApp, cohort};

/// Waits until `css` matches `n` elements.
async fn wait_for(journey: &Journey<'_>, css: &str, n: usize) {
    for _ in 0..100 {
        let found = journey.client.find_all(Locator::Css(css)).await.unwrap();
        if found.len() == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{css} never matched {n} elements");
}

browser_test! {
    /// Suggestions as they type, chips, one enrolment of several.
    async fn staff_find_advisors_as_they_type_and_enrol_several() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let staff = app.fabrik_staff().await;
        for (first, last, email) in [("Marie", "Curie", "marie@example.org"),
                                     ("Martin", "Durand", "martin@example.org"),
                                     ("Hélène", "Marchand", "helene@example.org"),
                                     ("Paul", "Valéry", "paul@example.org")] {
            person(&app, &staff, first, last, email, json!({})).await;
        }
        let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 10).await;
        let mut journey = Journey::start(&app, "12-trouver-des-conseillers").await;
        journey.visit("/login").await;
        log_in_here(&journey, "staff@example.org").await;
        journey.visit(&format!("/cohorts/{id}")).await;

        let search = journey.client.find(Locator::Id("f-find")).await.unwrap();
        assert_eq!(search.attr("role").await.unwrap().as_deref(), Some("combobox"));
        search.send_keys("Mar").await.unwrap();
        wait_for(&journey, "[role=listbox] [role=option]", 3).await;
        assert_eq!(search.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
        let listed = journey.client.find(Locator::Css("[role=listbox]")).await.unwrap().text().await.unwrap();
        assert!(listed.contains("Marie Curie") && listed.contains("Hélène Marchand"), "{listed}");
        assert!(!listed.contains("Paul"), "{listed}");
        journey.check("suggestions").await;

        // The keyboard: the first suggestion (Marie Curie, by name) with ↓ and Entrée.
        search.send_keys(&String::from(char::from(Key::Down))).await.unwrap();
        let active = search.attr("aria-activedescendant").await.unwrap().unwrap_or_default();
        assert!(active.ends_with("-0"), "{active}");
        search.send_keys(&String::from(char::from(Key::Enter))).await.unwrap();
        wait_for(&journey, "[data-chips] .chip", 1).await;
        assert_eq!(search.prop("value").await.unwrap().as_deref(), Some(""));
        // The mouse: two more, then one removed.
        for name in ["Martin", "Hélène"] {
            search.send_keys(name).await.unwrap();
            wait_for(&journey, "[role=listbox] [role=option]", 1).await;
            journey.client.find(Locator::Css("[role=listbox] [role=option]")).await.unwrap()
                .click().await.unwrap();
        }
        wait_for(&journey, "[data-chips] .chip", 3).await;
        journey.client.find(Locator::Css("button[aria-label='Retirer Martin Durand']")).await.unwrap()
            .click().await.unwrap();
        wait_for(&journey, "[data-chips] .chip", 2).await;
        journey.check("conseillers-choisis").await;

        journey.click("#batch-form button[type=submit]").await;
        let page = journey.text().await;
        assert!(page.contains("2 conseillers inscrits."), "{page}");
        assert!(page.contains("Curie Marie") && page.contains("Marchand Hélène"), "{page}");
        assert!(!page.contains("Durand Martin"), "{page}");
        journey.check("conseillers-inscrits").await;
        app.run_jobs().await;
    }
}
