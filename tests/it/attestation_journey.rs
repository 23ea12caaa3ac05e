//! An attestation in headless Chromium: downloaded by its holder from her path, then checked by
//! an employer without an account, an unknown code refused; axe-core and the overflow check on
//! every page. On SQLite only.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::{Journey, on_sqlite};
use crate::exam_journey::exam_world;
use crate::journey_steps::{browser_test, fetch_in_page, log_in_to, log_out};
use crate::support::TestApp;

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
