//! The advisor's path (text steps, repeated in a table): CCP1 under way once convoked, done once a
//! validated result is published, to sit again when not validated.

use reqwest::StatusCode;
use serde_json::json;

use crate::dashboards::{assert_accessible, page, row};
use crate::dashboards_jury::{jury, put_result};
use crate::support::TestApp;

/// The `<li>` of the path step named `label`, from its classes on (`step-done …`).
fn step<'a>(html: &'a str, label: &str) -> &'a str {
    let list = &html[html.find("<ol class=\"stepper\"").expect("no stepper")..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li class=\"step ")
        .find(|li| li.contains(&format!("<span class=\"step-label\">{label}</span>")))
        .unwrap_or_else(|| panic!("no step {label}"))
}

#[tokio::test]
async fn the_advisor_path_marks_ccp1_done_once_a_validated_result_is_published() {
    let app = TestApp::spawn().await;
    let j = jury(&app).await;
    app.user("lea.account@example.org", "advisor", None, Some(j.lea));
    let path = format!("/advisors/{}", j.lea);

    let before = page(&app, "lea.account@example.org", &path).await;
    assert_accessible(&before);
    assert!(before.contains("id=\"h-path\">Mon parcours en un coup"));
    let chart = before.as_str();
    assert!(step(chart, "Positionnement").starts_with("step-upcoming"));
    assert!(step(chart, "Formation initiale").starts_with("step-done"));
    assert!(step(chart, "Formation initiale").contains(">vendredi 27 février 2026</span>"));
    // Convoked: the step is under way, dated, with the time and room (issue 16).
    let ccp1 = step(chart, "CCP1");
    assert!(ccp1.starts_with("step-current"), "{ccp1}");
    assert!(
        ccp1.contains(">mardi 10 mars 2026</span>") && ccp1.contains(">Convoc"),
        "{ccp1}"
    );
    let modules = step(chart, "Modules thématiques");
    assert!(modules.starts_with("step-current"), "{modules}");
    assert!(modules.contains(">0 sur 2 suivis</span>"));
    assert!(
        modules.contains(">Échéance le mardi 5 janvier 2027</span>"),
        "{modules}"
    );
    assert_eq!(row(&before, "CCP1")[0], "Convocation reçue");

    app.clock.set("2026-03-10T10:00:00Z".parse().unwrap());
    put_result(&app, &j.a.token, j.session, j.lea, "validated").await;
    put_result(&app, &j.a.token, j.session, j.leo, "not_validated").await;
    let unpublished = page(&app, "lea.account@example.org", &path).await;
    assert!(
        step(&unpublished, "CCP1").starts_with("step-current"),
        "not before publication"
    );
    for (token, action) in [(&j.b.token, "confirm"), (&j.staff, "publish")] {
        let r = app
            .post(
                token,
                &format!("/api/v1/exam-sessions/{}/{action}", j.session),
                json!({}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{action}");
    }
    let after = page(&app, "lea.account@example.org", &path).await;
    assert_accessible(&after);
    let ccp1 = step(&after, "CCP1");
    assert!(ccp1.starts_with("step-done"), "{ccp1}");
    assert!(ccp1.contains(">mardi 10 mars 2026</span>") && ccp1.contains(">Fait</span>"));
    assert_eq!(row(&after, "CCP1")[..2], ["Fait", "mardi 10 mars 2026"]);
    // Staff see the same path on the advisor's page; the failed candidate's CCP1 is under way.
    let leo = page(&app, "staff@example.org", &format!("/advisors/{}", j.leo)).await;
    let ccp1 = step(&leo, "CCP1");
    assert!(ccp1.starts_with("step-current"), "{ccp1}");
    assert!(ccp1.contains(">Non validé, à repasser</span>"));
    app.run_jobs().await;
}
