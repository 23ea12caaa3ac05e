//! A whole day of a cohort through signatures only, on phones' screens (390 × 844) in headless
//! Chromium: in the morning Alice scans the trainer's QR code, Bruno draws on the kiosk, Chloé
//! signs from her phone once the trainer allows it, Denis does not sign; the trainer closes the
//! morning. In the afternoon Alice and Bruno sign again, Chloé and Denis do not; closing it seals
//! the day. Chloé sends a sick note, staff accept it (the sheet's version 2); Denis's absence
//! stays unjustified. The host structure receives both e-mails; staff download the sealed sheet
//! and the certificats de réalisation, whose text names each trainee's status and hours.

use chrono::NaiveTime;
use fantoccini::Locator;
use parcours::domain::schedule::{HalfDay, half_day_minutes};

use crate::absences_pages::plain;
use crate::attendance_day_world::{
    HOST_CONTACT, TRAINEES, World, fetched, js_string, pages_of, text_at, world,
};
use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, log_in_here};
use crate::signing_journey::{check_narrow, draw, phone};
use crate::signing_pages::path_of;
use crate::smtp::SmtpPeer;
use crate::support::TestApp;

/// A browser on a phone's screen, logged in as `email`.
async fn logged_in_phone<'a>(app: &'a TestApp, name: &'static str, email: &str) -> Journey<'a> {
    let journey = Journey::start(app, name).await;
    phone(&journey).await;
    journey.visit("/login").await;
    log_in_here(&journey, email).await;
    journey
}

/// The advisor's browser opens the URL the trainer's QR page shows and signs on its step.
async fn scan_and_sign(
    trainer: &mut Journey<'_>,
    advisor: &mut Journey<'_>,
    d: &World,
    half: &str,
) {
    trainer.visit(&format!("{}/qr", d.board(half))).await;
    check_narrow(trainer, &format!("qr-code-{half}")).await;
    let url = text_at(trainer, "#qr-url").await;
    assert!(url.contains("/sign/qr/"), "{url}");
    advisor.visit(&path_of(&url)).await;
    assert!(advisor.path().await.starts_with("/sign/step/"));
    check_narrow(advisor, &format!("etape-signature-{half}")).await;
    advisor.click("main form button[type=submit]").await;
    let signed = advisor.text().await;
    assert!(signed.contains("Signé le lundi 2 mars 2026"), "{signed}");
    check_narrow(advisor, &format!("presence-signee-{half}")).await;
}

/// The trainer's kiosk: the advisor picks their name and draws their signature.
async fn kiosk_sign(trainer: &mut Journey<'_>, d: &World, half: &str, advisor: i64, name: &str) {
    trainer.visit(&format!("{}/kiosk", d.board(half))).await;
    check_narrow(trainer, &format!("tablette-{half}")).await;
    trainer
        .click(&format!("a[href$='advisor={advisor}']"))
        .await;
    check_narrow(trainer, &format!("tablette-signature-{half}")).await;
    draw(trainer, "canvas.signature-pad").await;
    let path = js_string(
        trainer,
        "return document.getElementById('kiosk-path').value;",
    )
    .await;
    assert!(path.starts_with("M ") && path.contains(" L "), "{path}");
    trainer.click("form.kiosk-form button[type=submit]").await;
    let thanks = trainer.text().await;
    assert!(
        thanks.contains(&format!("Merci {name} : présence signée")),
        "{thanks}"
    );
}

/// The trainer certifies and closes the half-day on its board.
async fn close(trainer: &mut Journey<'_>, d: &World, half: &str, signed: usize) {
    trainer.visit(&d.board(half)).await;
    let board = trainer.text().await;
    assert!(
        board.contains(&format!("{signed} signatures sur 4")),
        "{board}"
    );
    check_narrow(trainer, &format!("emargement-avant-cloture-{half}")).await;
    trainer
        .client
        .find(Locator::Id("f-certify"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    trainer.click("form.close-form button[type=submit]").await;
    let closed = trainer.text().await;
    assert!(closed.contains("Demi-journée close le"), "{closed}");
    check_narrow(trainer, &format!("demi-journee-close-{half}")).await;
}

/// « Prénom Nom » of the trainee `i`.
fn name(i: usize) -> String {
    format!("{} {}", TRAINEES[i].0, TRAINEES[i].1)
}

/// Hours as the certificat writes them (« 7 h », « 3 h 30 »).
fn hours(minutes: i64) -> String {
    match minutes % 60 {
        0 => format!("{} h", minutes / 60),
        m => format!("{} h {m:02}", minutes / 60),
    }
}

browser_test! {
    /// Phone, QR code and kiosk; a justified and an unjustified absence; sealed sheet and
    /// certificats downloaded by staff; the host structure's e-mails.
    async fn a_whole_day_is_signed_closed_sealed_and_certified() {
        if !on_sqlite() {
            return;
        }
        let peer = SmtpPeer::start();
        let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
        let d = world(&app).await;
        let bruno_id = d.trainees[1];
        // 10:00 in Paris: the morning.
        app.at("2026-03-02T09:00:00Z");

        let mut trainer = logged_in_phone(&app, "8-journee-formateur", "trainer@example.org").await;
        trainer.visit(&d.board("am")).await;
        check_narrow(&mut trainer, "emargement-matin").await;
        trainer.client.find(Locator::Id("f-allowed")).await.unwrap().click().await.unwrap();
        trainer.click("form[action$='/self-sign'] button[type=submit]").await;
        check_narrow(&mut trainer, "signature-telephone-autorisee").await;

        // Alice scans, through the login.
        let mut alice = Journey::start(&app, "8-journee-alice").await;
        phone(&alice).await;
        trainer.visit(&format!("{}/qr", d.board("am"))).await;
        let url = text_at(&trainer, "#qr-url").await;
        alice.visit(&path_of(&url)).await;
        assert_eq!(alice.path().await, "/login");
        check_narrow(&mut alice, "connexion-apres-scan").await;
        log_in_here(&alice, TRAINEES[0].2).await;
        assert!(alice.path().await.starts_with("/sign/step/"));
        alice.click("main form button[type=submit]").await;
        assert!(alice.text().await.contains("Signé le lundi 2 mars 2026"));
        check_narrow(&mut alice, "presence-signee-am").await;

        kiosk_sign(&mut trainer, &d, "am", bruno_id, &name(1)).await;

        // Chloé signs from her phone, without proof of presence on site.
        let mut chloe = logged_in_phone(&app, "8-journee-chloe", TRAINEES[2].2).await;
        chloe.visit("/sign").await;
        let offer = chloe.text().await;
        assert!(offer.contains("sans preuve de présence sur place"), "{offer}");
        check_narrow(&mut chloe, "signer-depuis-le-telephone").await;
        chloe.click("form[action^='/sign/'] button[type=submit]").await;
        assert!(chloe.text().await.contains("Signé le lundi 2 mars 2026"));
        check_narrow(&mut chloe, "signe-depuis-le-telephone").await;

        close(&mut trainer, &d, "am", 3).await;

        // 13:30 in Paris: the afternoon; Alice scans again, Bruno draws again.
        app.at("2026-03-02T12:30:00Z");
        scan_and_sign(&mut trainer, &mut alice, &d, "pm").await;
        kiosk_sign(&mut trainer, &d, "pm", bruno_id, &name(1)).await;
        close(&mut trainer, &d, "pm", 2).await;
        alice.finish().await;
        trainer.finish().await;

        // Chloé sends her sick note for the afternoon.
        let note = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("arret-chloe.pdf");
        std::fs::write(&note, b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n").unwrap();
        chloe.visit("/me/absences").await;
        chloe.check("mes-absences").await;
        chloe.client.find(Locator::Css("input[name=category][value=sick_leave]"))
            .await.unwrap().click().await.unwrap();
        chloe.client.find(Locator::Css("input[name=file]"))
            .await.unwrap().send_keys(note.to_str().unwrap()).await.unwrap();
        chloe.click("form[action='/me/absences'] button[type=submit]").await;
        let sent = chloe.text().await;
        assert!(sent.contains("en attente de décision"), "{sent}");
        chloe.check("justificatif-envoye").await;
        chloe.finish().await;

        // Staff accept it.
        let mut staff = logged_in_phone(&app, "8-journee-equipe", "staff@example.org").await;
        staff.visit(&format!("/cohorts/{}/absences", d.cohort)).await;
        let list = staff.text().await;
        assert!(list.contains(&name(2)), "{list}");
        staff.check("justificatifs-a-decider").await;
        staff.click("form[action$='/accept'] button[type=submit]").await;
        staff.check("justificatif-accepte").await;
        app.run_jobs().await;

        // 48 hours after the afternoon: Denis's absences are told to his employer.
        app.at("2026-03-04T16:01:00Z");
        app.run_jobs().await;
        let mails: Vec<String> = peer
            .messages()
            .iter()
            .filter(|m| m.to == [HOST_CONTACT.to_owned()])
            .map(plain)
            .collect();
        let unjustified: Vec<&String> =
            mails.iter().filter(|t| t.contains("sans justificatif")).collect();
        assert!(!unjustified.is_empty(), "{mails:?}");
        assert!(
            unjustified.iter().all(|t| t.contains(&name(3)) && !t.contains(&name(2))),
            "{mails:?}"
        );
        let justified: Vec<&String> =
            mails.iter().filter(|t| t.contains("est justifiée")).collect();
        assert_eq!(justified.len(), 1, "{mails:?}");
        assert!(justified[0].contains(&name(2)), "{mails:?}");
        assert!(!justified[0].contains("%PDF") && !justified[0].contains("arret-chloe"));

        // The sealed sheet, version 2, two days later (staff log in again).
        staff.visit("/login").await;
        log_in_here(&staff, "staff@example.org").await;
        staff.visit(&format!("/cohorts/{}", d.cohort)).await;
        staff.check("session-apres-la-journee").await;
        let sheet = pages_of(&fetched(&staff, &format!(
            "/cohorts/{}/days/{}/sheet.pdf", d.cohort, d.day)).await).join("\n");
        for expected in [
            "Alice Aubert Présence 10 h 00 · QR code Présence 13 h 30 · QR code",
            "Bruno Blanc Présence 10 h 00 · tablette Présence 13 h 30 · tablette",
            "Chloé Carré Présence 10 h 00 · téléphone, sans preuve de présence sur place \
             Absence justifiée (arrêt maladie) sans signature",
            "Denis Dupont Absence sans signature Absence sans signature",
            "Test trainer Clôture signée à 10 h 00 · signature électronique du formateur",
            "Clôture signée à 13 h 30 · signature électronique du formateur",
            "Version 2 — remplace la version 1",
            "Après-midi Chloé Carré Absence → Absence justifiée \
             Justificatif accepté : arrêt maladie",
        ] {
            assert!(sheet.contains(expected), "{expected:?} in {sheet}");
        }

        // The certificats de réalisation: present half-days' hours.
        let (start, end) = (NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                            NaiveTime::from_hms_opt(17, 0, 0).unwrap());
        let morning = half_day_minutes(start, end, HalfDay::Am);
        let whole = morning + half_day_minutes(start, end, HalfDay::Pm);
        let certificats = pages_of(&fetched(&staff, &format!(
            "/cohorts/{}/certificats-realisation.pdf", d.cohort)).await);
        assert_eq!(certificats.len(), 4);
        for (i, minutes) in [whole, whole, morning, 0].into_iter().enumerate() {
            let page = certificats.iter().find(|p| p.contains(&name(i)))
                .unwrap_or_else(|| panic!("{} in {certificats:?}", name(i)));
            let said = format!(
                "pour une durée de {} réalisées (sur {} prévues)",
                hours(minutes),
                hours(whole)
            );
            assert!(page.contains(&said), "{said:?} in {page}");
        }
        staff.finish().await;
    }
}
