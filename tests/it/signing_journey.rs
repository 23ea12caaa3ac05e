//! The signing journey on a phone's screen (390 × 844) in headless Chromium: the trainer opens
//! the QR page, an advisor (another browser) opens the scanned URL, logs in and signs; a second
//! advisor signs on the trainer's kiosk by drawing; the trainer closes the half-day. axe-core
//! runs on each page, and none scrolls sideways.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use serde_json::Value;

use crate::browser::{Journey, PHONE, on_sqlite};
use crate::journey_steps::{browser_test, log_in_here};
use crate::signing_pages::{path_of, world};
use crate::support::TestApp;

/// Narrows the window to a phone's size.
pub(crate) async fn phone(journey: &Journey<'_>) {
    journey.phone().await;
}

/// Runs [`Journey::check`] (axe, screenshot, no sideways scroll), and asserts the window is a
/// phone's.
pub(crate) async fn check_narrow(journey: &mut Journey<'_>, page: &str) {
    journey.check(page).await;
    let inner = journey
        .client
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap();
    assert!(
        inner.as_u64().unwrap() <= u64::from(PHONE.0),
        "window {inner} px wide on {page}"
    );
}

/// Draws a signature on the canvas `css` with the pointer (press, three strokes' moves, release).
pub(crate) async fn draw(journey: &Journey<'_>, css: &str) {
    let canvas = journey.client.find(Locator::Css(css)).await.unwrap();
    let step = Some(Duration::from_millis(40));
    let mut mouse = MouseActions::new("stylet".to_owned())
        .then(PointerAction::MoveToElement {
            element: canvas,
            duration: None,
            x: -120.0,
            y: 10.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for (x, y) in [
        (30.0, -25.0),
        (30.0, 30.0),
        (40.0, -20.0),
        (40.0, 25.0),
        (50.0, -15.0),
    ] {
        mouse = mouse.then(PointerAction::MoveBy {
            duration: step,
            x,
            y,
        });
    }
    mouse = mouse.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    journey.client.perform_actions(mouse).await.unwrap();
}

browser_test! {
    /// QR code, scan, login, signature; kiosk drawing; closing with the keyboard alternative.
    async fn a_half_day_is_signed_by_qr_and_kiosk_then_closed_on_a_phone() {
        if !on_sqlite() {
            return;
        }
        let app = TestApp::spawn().await;
        let w = world(&app).await;

        let mut trainer = Journey::start(&app, "7-emargement-formateur").await;
        phone(&trainer).await;
        trainer.visit("/login").await;
        log_in_here(&trainer, "trainer@example.org").await;
        check_narrow(&mut trainer, "accueil-formateur").await;
        trainer.visit(&w.board()).await;
        check_narrow(&mut trainer, "emargement-demi-journee").await;
        trainer.click("a[href$='/am/qr']").await;
        check_narrow(&mut trainer, "qr-code").await;
        let url = trainer
            .client
            .find(Locator::Id("qr-url"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(url.contains("/sign/qr/"), "{url}");

        let mut advisor = Journey::start(&app, "7-emargement-conseillere").await;
        phone(&advisor).await;
        advisor.visit(&path_of(&url)).await;
        assert_eq!(advisor.path().await, "/login");
        check_narrow(&mut advisor, "connexion-apres-scan").await;
        log_in_here(&advisor, "ines@example.org").await;
        assert!(advisor.path().await.starts_with("/sign/step/"));
        check_narrow(&mut advisor, "etape-signature").await;
        advisor.click("main form button[type=submit]").await;
        let signed = advisor.text().await;
        assert!(signed.contains("Signé le lundi 2 mars 2026"), "{signed}");
        check_narrow(&mut advisor, "presence-signee").await;
        advisor.visit("/sign").await;
        check_narrow(&mut advisor, "signer-ma-presence").await;
        advisor.finish().await;

        trainer.visit(&format!("{}/kiosk", w.board())).await;
        check_narrow(&mut trainer, "tablette").await;
        let names = trainer.text().await;
        assert!(names.contains("Hugo Martin") && !names.contains("Inès Martin"), "{names}");
        trainer.click(&format!("a[href$='advisor={}']", w.hugo)).await;
        check_narrow(&mut trainer, "tablette-signature").await;
        draw(&trainer, "canvas.signature-pad").await;
        let path: Value = trainer
            .client
            .execute("return document.getElementById('kiosk-path').value;", vec![])
            .await
            .unwrap();
        let path = path.as_str().unwrap_or_default().to_owned();
        assert!(path.starts_with("M ") && path.contains(" L "), "{path}");
        trainer.click("form.kiosk-form button[type=submit]").await;
        let thanks = trainer.text().await;
        assert!(thanks.contains("Merci Hugo Martin : présence signée"), "{thanks}");
        assert!(thanks.contains("Tous les stagiaires ont signé."), "{thanks}");
        check_narrow(&mut trainer, "tablette-merci").await;

        trainer.visit(&w.board()).await;
        let board = trainer.text().await;
        assert!(board.contains("2 signatures sur 2"), "{board}");
        trainer.client.find(Locator::Id("f-certify")).await.unwrap().click().await.unwrap();
        trainer.click("form.close-form button[type=submit]").await;
        let closed = trainer.text().await;
        assert!(closed.contains("Demi-journée close : tous les stagiaires ont signé."), "{closed}");
        assert!(closed.contains("Demi-journée close le"), "{closed}");
        check_narrow(&mut trainer, "demi-journee-close").await;
        trainer.finish().await;
        app.run_jobs().await;
    }
}
