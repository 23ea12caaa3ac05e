//! An exam in headless Chromium: planned by staff, a jury formed (a conflicting examiner
//! refused), candidates registered, results recorded with the keyboard alone, confirmed and
//! published by a second juror, the record printed; axe-core and the overflow check on every
//! page. On SQLite only.

use fantoccini::Locator;
use serde_json::json;

use crate::browser::{Journey, on_sqlite};
use crate::journey_steps::{browser_test, log_in_to, log_out, set_value};
use crate::support::{
    TestApp, add_juror, advisor_body, ccp1_on_10_march, enrol_joined, exam_session, habilitate,
};

/// Two examiners habilitated for CCP1, a third who sits elsewhere at the same time, a trained
/// advisor and a VAE candidate: `(admin token, staff token, trained, vae)`.
pub(crate) async fn exam_world(app: &TestApp) -> (String, String, i64, i64) {
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
