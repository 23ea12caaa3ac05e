//! Issue 15's journey in headless Chromium: La Fabrik's staff import their spreadsheet of 24
//! advisors (the dry run, then the import of the same file), enrol twenty of them in a cohort in
//! one go by typing their names in the search (suggestions, chips), and the national coordinator
//! exports the ANCT dataspace file, keyed on the ANCT ids the spreadsheet carried.

use std::fmt::Write as _;
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, log_in_here};
use crate::support::{TestApp, cohort};

const FIRST: [&str; 24] = [
    "Abel",
    "Agathe",
    "Basile",
    "Blanche",
    "Cyprien",
    "Diane",
    "Edgar",
    "Flore",
    "Gaspard",
    "Hortense",
    "Ignace",
    "Jeanne",
    "Kilian",
    "Léonie",
    "Marius",
    "Noémie",
    "Octave",
    "Pauline",
    "Quentin",
    "Rose",
    "Sacha",
    "Timothée",
    "Ursule",
    "Victor",
];

/// The spreadsheet as Excel saves it for La Fabrik: `;`, a BOM, French headers.
fn spreadsheet() -> String {
    let mut csv = String::from(
        "\u{feff}Nom;Prénom;E-mail;Date de naissance;Territoire;ID ANCT;Sexe;Code INSEE de naissance\n",
    );
    for (i, first) in FIRST.iter().enumerate() {
        let sex = if i % 2 == 0 { "M" } else { "F" };
        writeln!(
            csv,
            "Lefèvre-{i};{first};{}.{i}@example.org;{:02}/04/1990;FR;PG-{};{sex};69123",
            first.to_lowercase(),
            i + 1,
            4000 + i
        )
        .unwrap();
    }
    csv
}

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
    /// Import with its dry run, twenty enrolled by name in one go, the dataspace export.
    async fn a_training_body_imports_its_spreadsheet_enrols_twenty_and_the_coordinator_exports() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let staff = app.fabrik_staff().await;
        let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 24).await;
        app.patch_ok(&staff, &format!("/api/v1/cohorts/{id}"),
                     json!({"lot": "2", "marche": "ANCT 2026-FORM-01"})).await;
        let file = std::env::temp_dir().join(format!("parcours-import-{}.csv", std::process::id()));
        std::fs::write(&file, spreadsheet()).unwrap();

        let mut journey = Journey::start(&app, "13-importer-et-inscrire").await;
        journey.visit("/login").await;
        log_in_here(&journey, "staff@example.org").await;
        journey.visit("/advisors").await;
        let link = journey.client.find(Locator::LinkText("Importer des conseillers")).await.unwrap();
        journey.navigate_with(link).await;
        assert_eq!(journey.path().await, "/advisors/import");
        journey.client.find(Locator::Id("f-file")).await.unwrap()
            .send_keys(file.to_str().unwrap()).await.unwrap();
        journey.click("form[enctype='multipart/form-data'] button[type=submit]").await;
        let dry_run = journey.text().await;
        assert!(dry_run.contains("24 fiches à créer, 0 fiche à mettre à jour"), "{dry_run}");
        assert!(dry_run.contains("Lefèvre-0"), "{dry_run}");
        journey.check("import-verifie").await;
        let nobody: i64 = app.get_json(&staff, "/api/v1/advisors").await["total"].as_i64().unwrap();
        assert_eq!(nobody, 0, "the dry run writes nothing");
        journey.click("form[action^='/advisors/import/'] button[type=submit]").await;
        let imported = journey.text().await;
        assert!(imported.contains("Import terminé : 24 fiches créées, 0 fiche mise à jour."), "{imported}");
        std::fs::remove_file(&file).ok();

        // Twenty of them, each found by typing their name, enrolled in one go.
        journey.visit(&format!("/cohorts/{id}")).await;
        let search = journey.client.find(Locator::Id("f-find")).await.unwrap();
        for (i, first) in FIRST.iter().take(20).enumerate() {
            search.send_keys(&format!("{first} Lef")).await.unwrap();
            wait_for(&journey, "[role=listbox] [role=option]", 1).await;
            search.send_keys(&String::from(char::from(Key::Down))).await.unwrap();
            search.send_keys(&String::from(char::from(Key::Enter))).await.unwrap();
            wait_for(&journey, "[data-chips] .chip", i + 1).await;
        }
        journey.check("vingt-conseillers-choisis").await;
        journey.click("#batch-form button[type=submit]").await;
        let page = journey.text().await;
        assert!(page.contains("20 conseillers inscrits."), "{page}");
        assert!(page.contains("Lefèvre-19 Rose") && !page.contains("Lefèvre-20 Sacha"), "{page}");

        // The national coordinator exports the dataspace file: one row per enrolled advisor,
        // keyed on the ANCT id from the spreadsheet.
        app.token("coord@example.org", "coordinator", Some("anct")).await;
        let coordinator = app.logged_in("coord@example.org").await;
        let csv = app.visit_text(&coordinator, "/api/v1/exports/dataspace-formation.csv").await;
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 21, "{csv}");
        assert!(lines.contains(&"PG-4000;CCP1;175h;2;ANCT 2026-FORM-01;Lyon, salle 2;2026-03-16;2026-06-12;false;false;"), "{csv}");
        assert!(!csv.contains("PG-4020"), "{csv}");
        app.run_jobs().await;
    }
}
