//! Every page an advisor or a trainer uses, on a phone's screen (390 × 844) in headless
//! Chromium: each goes through `Journey::check` (axe-core, screenshot, no sideways scroll). The
//! menu folds behind « Menu » and opens with the keyboard; the attendance form of 21 people stays
//! short; the actions (« S'inscrire », « Se désinscrire », « Émarger ») are on the screen.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::{Journey, PHONE, on_sqlite};
use crate::journey_steps::{browser_test, log_in_here};
use crate::support::{ExamWorld, TestApp, cohort, enrol, module_of, module_session};

/// The trainees' names besides Inès Moreau: twenty more, for a full attendance form.
const OTHERS: [(&str, &str); 20] = [
    ("Alice", "Aubert"),
    ("Bruno", "Blanc"),
    ("Chloé", "Carré"),
    ("Denis", "Dupont"),
    ("Emma", "Étienne-Lefèvre"),
    ("Farid", "Fontaine"),
    ("Gaëlle", "Girard"),
    ("Hugo", "Henry"),
    ("Inaya", "Isnard"),
    ("Jules", "Joly"),
    ("Karima", "Klein"),
    ("Louis", "Lambert"),
    ("Maëlys", "Marchand-Deschamps"),
    ("Nathan", "Noël"),
    ("Océane", "Olivier"),
    ("Paul", "Perrin"),
    ("Quentin", "Quéré"),
    ("Rose", "Roussel"),
    ("Samuel", "Schmitt"),
    ("Thaïs", "Tessier"),
];

/// A cohort of La Fabrik with a remote day today (Monday 2 March 2026, 9:00–17:00 in Paris),
/// its trainer `trainer@example.org`, Inès Moreau (`ines@example.org`, with an account) and
/// twenty others; a module session of Simplon on 7 April. Returns `(cohort, day, ines, module
/// session)`.
async fn world(app: &TestApp) -> (i64, i64, i64, i64) {
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(app, &staff, 2, "2026-02-16", "2026-05-29", 25).await;
    let trainer = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{cohort_id}/trainers"),
        json!({"user_id": trainer}),
    )
    .await;
    let day = app
        .created_id(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days"),
            json!({"date": "2026-03-02", "start_time": "09:00", "end_time": "17:00", "remote": true}),
        )
        .await;
    let mut ines = 0;
    for (i, (first, last)) in [("Inès", "Moreau")].into_iter().chain(OTHERS).enumerate() {
        let email = format!("stagiaire{i}@example.org");
        let id = app
            .advisor(
                &staff,
                json!({"first_name": first, "last_name": last, "email": email,
                       "birth_date": "1990-01-15", "territory": "FR"}),
            )
            .await;
        enrol(app, &staff, cohort_id, id).await;
        if i == 0 {
            app.user("ines@example.org", "advisor", None, Some(id));
            ines = id;
        }
    }
    let module = module_of(app, &provider, 7, 0).await;
    let session = module_session(app, &provider, module, &["2026-04-07"], 8).await;
    (cohort_id, day, ines, session)
}

/// A browser on a phone's screen, logged in as `email`.
async fn phone_as<'a>(app: &'a TestApp, name: &'static str, email: &str) -> Journey<'a> {
    let journey = Journey::start(app, name).await;
    journey.phone().await;
    journey.visit("/login").await;
    log_in_here(&journey, email).await;
    journey
}

/// Whether the element `css` is displayed and lies within the phone's width.
async fn on_screen(journey: &Journey<'_>, css: &str) -> bool {
    let inside: Value = journey
        .client
        .execute(
            "const e = document.querySelector(arguments[0]); if (!e) return false;
             const r = e.getBoundingClientRect();
             return e.checkVisibility() && r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;",
            vec![json!(css)],
        )
        .await
        .unwrap();
    inside.as_bool() == Some(true)
}

/// The height of the element `css` in CSS pixels.
async fn height(journey: &Journey<'_>, css: &str) -> f64 {
    let h: Value = journey
        .client
        .execute(
            "return document.querySelector(arguments[0]).getBoundingClientRect().height;",
            vec![json!(css)],
        )
        .await
        .unwrap();
    h.as_f64().unwrap()
}

/// The menu is folded; Enter on « Menu » opens it, showing the account and the navigation;
/// « Fermer le menu » folds it again.
async fn open_menu_with_the_keyboard(journey: &mut Journey<'_>, page: &str) {
    assert!(
        !on_screen(journey, "nav.main-nav a").await,
        "the menu is folded on a phone"
    );
    let button = journey
        .client
        .find(Locator::Css("a.menu-button"))
        .await
        .unwrap();
    button.send_keys("\u{e007}").await.unwrap();
    assert!(
        on_screen(journey, "nav.main-nav a").await,
        "Enter opens the menu"
    );
    assert!(on_screen(journey, "form[action='/logout'] button").await);
    journey.check(page).await;
    journey
        .client
        .find(Locator::Css("a.menu-close"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(!on_screen(journey, "nav.main-nav a").await, "closed again");
}

browser_test! {
    /// The advisor's pages: her path, the module sessions (enrolling and withdrawing on the
    /// screen), her absences, the calendar link, her account, and signing a remote half-day.
    async fn an_advisor_uses_every_page_on_a_phone() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let (_, _, ines, session) = world(&app).await;
        // 10:00 in Paris: the morning of the remote day.
        app.at("2026-03-02T09:00:00Z");
        let mut j = phone_as(&app, "9-telephone-conseillere", "ines@example.org").await;
        assert_eq!(j.path().await, format!("/advisors/{ines}"));
        j.check("mon-parcours-telephone").await;
        let steps = j.text().await;
        assert!(steps.contains("Formation initiale") && steps.contains("En cours"), "{steps}");
        let tiny: Value = j
            .client
            .execute(
                "return Math.min(...[...document.querySelectorAll('#path-steps *')]
                   .map(e => parseFloat(getComputedStyle(e).fontSize)));",
                vec![],
            )
            .await
            .unwrap();
        assert!(tiny.as_f64().unwrap() >= 14.0, "the path is legible: {tiny} px");
        open_menu_with_the_keyboard(&mut j, "menu-ouvert").await;

        j.visit("/module-sessions").await;
        j.check("sessions-de-modules-telephone").await;
        let enrol = format!("form[action='/module-sessions/{session}/enrol'] button");
        assert!(on_screen(&j, &enrol).await, "« S'inscrire » is on the screen");
        j.visit(&format!("/module-sessions/{session}")).await;
        j.check("session-de-module-telephone").await;
        j.click(&enrol).await;
        assert!(j.text().await.contains("Me désinscrire"), "enrolled");
        j.check("inscription-module-telephone").await;
        j.visit(&format!("/advisors/{ines}")).await;
        assert!(
            on_screen(&j, "#h-deadline ~ table details.confirm summary").await,
            "« Se désinscrire » is on the screen"
        );

        j.visit("/me/absences").await;
        j.check("mes-absences-telephone").await;
        j.visit(&format!("/advisors/{ines}")).await;
        j.click("form[action='/account/calendar'] button[type=submit]").await;
        j.check("lien-agenda-telephone").await;
        j.visit("/account").await;
        j.check("mon-compte-telephone").await;

        j.visit("/sign").await;
        let offer = j.text().await;
        assert!(offer.contains("à distance"), "{offer}");
        j.check("signer-a-distance-telephone").await;
        j.click("form[action^='/sign/'] button[type=submit]").await;
        assert!(j.text().await.contains("Signé le lundi 2 mars 2026"));
        j.check("signe-a-distance-telephone").await;
        j.finish().await;
        app.run_jobs().await;
    }
}

browser_test! {
    /// The trainer's pages: today's half-days, the cohort, the attendance form of 21 people
    /// (short, one card each), the board, the QR code and the kiosk.
    async fn a_trainer_uses_every_page_on_a_phone() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let (cohort_id, day, _, _) = world(&app).await;
        app.at("2026-03-02T09:00:00Z");
        let mut j = phone_as(&app, "9-telephone-formateur", "trainer@example.org").await;
        j.check("aujourd-hui-telephone").await;
        open_menu_with_the_keyboard(&mut j, "menu-formateur").await;
        j.visit(&format!("/cohorts/{cohort_id}")).await;
        j.check("session-telephone").await;
        let attendance = format!("a[href='/cohorts/{cohort_id}/days/{day}/attendance']");
        assert!(on_screen(&j, &attendance).await, "« Émarger » is on the screen");

        app.at("2026-03-02T15:00:00Z");
        j.click(&attendance).await;
        j.check("emargement-21-telephone").await;
        let tall = height(&j, "table.attendance tbody").await;
        assert!(tall < 21.0 * 160.0, "the 21 people's lines are {tall} px tall");
        let present = j
            .client
            .find_all(Locator::Css("label:has(> input[type=radio][value=present])"))
            .await
            .unwrap();
        assert_eq!(present.len(), 42, "21 people, two half-days");
        for choice in present {
            choice.click().await.unwrap();
        }
        j.click("main form button[type=submit]").await;
        assert!(j.text().await.to_lowercase().contains("émargement enregistré"));
        j.check("emargement-enregistre-telephone").await;

        let board = format!("/cohorts/{cohort_id}/days/{day}/pm");
        j.visit(&board).await;
        j.check("feuille-demi-journee-telephone").await;
        j.visit(&format!("{board}/qr")).await;
        j.check("qr-code-telephone").await;
        j.visit(&format!("{board}/kiosk")).await;
        j.check("tablette-telephone").await;
        let inner: Value = j.client.execute("return window.innerWidth;", vec![]).await.unwrap();
        assert!(inner.as_u64().unwrap() <= u64::from(PHONE.0));
        j.desktop().await;
        j.visit(&board).await;
        j.check("feuille-demi-journee-bureau").await;
        j.finish().await;
        app.run_jobs().await;
    }
}

browser_test! {
    /// An advisor's attestations on her page, on a phone.
    async fn an_advisor_finds_her_attestation_on_a_phone() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let world = ExamWorld::published(&app).await;
        app.run_jobs().await;
        let eloise = world.candidates[0];
        app.user("eloise.account@example.org", "advisor", None, Some(eloise));
        let mut j = phone_as(&app, "9-telephone-attestation", "eloise.account@example.org").await;
        j.client
            .execute("document.getElementById('h-attestations').scrollIntoView()", vec![])
            .await
            .unwrap();
        j.check("mes-attestations-telephone").await;
        assert!(on_screen(&j, "a[href^='/certificates/'][href$='/pdf']").await);
        j.finish().await;
    }
}
