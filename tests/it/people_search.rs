//! Finding people: suggestions by part of a name, e-mail or ANCT id, accents ignored, within the
//! actor's scope; enrolling several advisors at once through the API and through the page's
//! search without JavaScript, all or nothing, each refusal naming the advisor.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    TestApp, advisor_body, assert_field_error, assert_page_refusal, cohort, csrf_token, header,
    submit,
};

const NEUTRAL: &str =
    "Cette personne ne peut pas être inscrite ici ; son organisme de formation peut vous aider.";

/// An advisor of La Fabrik named `first last`, with identity fields `extra`; returns its id.
pub async fn person(
    app: &TestApp,
    token: &str,
    first: &str,
    last: &str,
    email: &str,
    extra: Value,
) -> i64 {
    let mut body = advisor_body(email);
    body["first_name"] = json!(first);
    body["last_name"] = json!(last);
    for (key, value) in extra.as_object().into_iter().flatten() {
        body[key] = value.clone();
    }
    app.advisor(token, body).await
}

/// Twenty advisors of La Fabrik whose last names start with « Mar »; their ids.
pub async fn twenty(app: &TestApp, token: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..20 {
        let id = person(
            app,
            token,
            &format!("Prénom{i:02}"),
            &format!("Mar{i:02}"),
            &format!("mar{i:02}@example.org"),
            json!({}),
        )
        .await;
        ids.push(id);
    }
    ids
}

fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {body}"))
        .iter()
        .map(|i| i["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn suggest(app: &TestApp, token: &str, q: &str) -> Value {
    app.get_json(
        token,
        &format!("/api/v1/advisors/suggest?q={}", urlencoding(q)),
    )
    .await
}

fn urlencoding(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn suggestions_find_by_name_email_or_anct_id_accents_ignored_within_scope() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let helene = person(
        &app,
        &staff,
        "Hélène",
        "Marchand",
        "h.marchand@example.org",
        json!({"anct_id": "PG-77123"}),
    )
    .await;
    let marc = person(
        &app,
        &staff,
        "Marc",
        "Dupont",
        "marc.dupont@example.org",
        json!({}),
    )
    .await;
    let omar = person(
        &app,
        &staff,
        "Omar",
        "Saïd",
        "o.said@example.org",
        json!({}),
    )
    .await;

    // Part of a name: the words that start with it first, then by name; one who only contains it last.
    let found = suggest(&app, &staff, "mar").await;
    assert_eq!(
        names(&found),
        ["Marc Dupont", "Hélène Marchand", "Omar Saïd"],
        "{found}"
    );
    let first = &found["items"][1];
    assert_eq!(first["id"], helene);
    assert_eq!(first["email"], "h.marchand@example.org");
    assert_eq!(first["anct_id"], "PG-77123");
    assert_eq!(first["territory"], "FR");
    assert_eq!(found["items"][0]["anct_id"], Value::Null);
    // Accents and case ignored, both ways.
    assert_eq!(
        names(&suggest(&app, &staff, "Helene").await),
        ["Hélène Marchand"]
    );
    assert_eq!(names(&suggest(&app, &staff, "SAÏD").await), ["Omar Saïd"]);
    // By e-mail, by ANCT id.
    let by_mail = suggest(&app, &staff, "marc.dup").await;
    assert_eq!(by_mail["items"][0]["id"], marc);
    assert_eq!(by_mail["items"].as_array().map(Vec::len), Some(1));
    let by_anct = suggest(&app, &staff, "pg-771").await;
    assert_eq!(by_anct["items"][0]["id"], helene);
    // One character finds nobody.
    assert_eq!(
        names(&suggest(&app, &staff, "m").await),
        Vec::<String>::new()
    );
    let _ = omar;

    // Another organisation sees none of La Fabrik's advisors.
    let simplon = app.staff_token("simplon@example.org", "simplon").await;
    assert_eq!(
        names(&suggest(&app, &simplon, "mar").await),
        Vec::<String>::new()
    );
    assert_eq!(
        names(&suggest(&app, &simplon, "PG-77123").await),
        Vec::<String>::new()
    );
    // At most ten.
    twenty(&app, &staff).await;
    assert_eq!(
        suggest(&app, &staff, "mar").await["items"]
            .as_array()
            .map(Vec::len),
        Some(10)
    );
    // In the OpenAPI document.
    let doc = app.public_json("/api/v1/openapi.json").await;
    assert!(doc["paths"]["/api/v1/advisors/suggest"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/cohorts/{id}/enrolments/batch"]["post"].is_object());
}

#[tokio::test]
async fn twenty_advisors_are_enrolled_in_one_go_through_the_api() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let ids = twenty(&app, &staff).await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 20).await;
    let mut asked = ids.clone();
    asked.push(ids[0]); // a repeat counts once
    let done = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{id}/enrolments/batch"),
            json!({"advisor_ids": asked, "joined_on": "2026-03-02"}),
        )
        .await;
    let items = done["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert!(
        items
            .iter()
            .all(|e| e["status"] == "confirmed" && e["training_entry_date"] == "2026-03-16")
    );
    let list = app
        .get_json(&staff, &format!("/api/v1/cohorts/{id}/enrolments"))
        .await;
    assert_eq!(list["total"], 20);
    // Nobody, or too many.
    let none = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/enrolments/batch"),
            json!({"advisor_ids": []}),
        )
        .await;
    assert_eq!(
        assert_field_error(none, "advisor_ids").await,
        "Choisissez au moins un conseiller."
    );
    let many: Vec<i64> = (1..=101).collect();
    let too_many = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/enrolments/batch"),
            json!({"advisor_ids": many}),
        )
        .await;
    assert_eq!(
        assert_field_error(too_many, "advisor_ids").await,
        "Au plus 100 conseillers à la fois."
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn a_batch_is_all_or_nothing_and_its_refusal_names_the_advisor() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let a = person(
        &app,
        &staff,
        "Anne",
        "Arnaud",
        "anne@example.org",
        json!({}),
    )
    .await;
    let b = person(
        &app,
        &staff,
        "Bruno",
        "Bellec",
        "bruno@example.org",
        json!({}),
    )
    .await;
    let c = person(
        &app,
        &staff,
        "Chloé",
        "Cadet",
        "chloe@example.org",
        json!({}),
    )
    .await;
    let path = |id: i64| format!("/api/v1/cohorts/{id}/enrolments/batch");
    // Capacity: the third does not fit, and neither of the first two is enrolled.
    let small = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 2).await;
    let full = app
        .post(&staff, &path(small), json!({"advisor_ids": [a, b, c]}))
        .await;
    assert_eq!(
        assert_field_error(full, "advisor_ids").await,
        "Chloé Cadet : La session est complète (2 places)."
    );
    let list = app
        .get_json(&staff, &format!("/api/v1/cohorts/{small}/enrolments"))
        .await;
    assert_eq!(list["total"], 0, "all or nothing");
    // The track: Bruno's test selects the 315 h track, not this cohort's 175 h.
    app.created(
        &staff,
        &format!("/api/v1/advisors/{b}/positioning-tests"),
        json!({"taken_on": "2026-02-20", "score": 0}),
    )
    .await;
    let roomy = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 10).await;
    let track = app
        .post(&staff, &path(roomy), json!({"advisor_ids": [a, b, c]}))
        .await;
    let message = assert_field_error(track, "advisor_ids").await;
    assert!(
        message.starts_with("Bruno Bellec : Le test de positionnement de ce conseiller"),
        "{message}"
    );
    let list = app
        .get_json(&staff, &format!("/api/v1/cohorts/{roomy}/enrolments"))
        .await;
    assert_eq!(list["total"], 0, "all or nothing");
    // A bad date is the form's, not an advisor's.
    let date = app
        .post(
            &staff,
            &path(roomy),
            json!({"advisor_ids": [a], "joined_on": "demain"}),
        )
        .await;
    assert_field_error(date, "joined_on").await;

    // Someone of another organisation, by id: the neutral refusal, and nobody enrolled.
    let simplon = app.staff_token("simplon@example.org", "simplon").await;
    let course = app
        .created_id(
            &simplon,
            "/api/v1/cohorts",
            json!({"kind": "ccp23", "starts_on": "2026-03-16", "ends_on": "2026-06-30",
                           "remote": true, "capacity": 50}),
        )
        .await;
    let stranger = app
        .post(&simplon, &path(course), json!({"advisor_ids": [a]}))
        .await;
    assert_eq!(
        assert_field_error(stranger, "advisor_ids").await,
        format!("Conseiller n° {a} : {NEUTRAL}")
    );
    let unknown = app
        .post(&simplon, &path(course), json!({"advisor_ids": [999_999]}))
        .await;
    assert_eq!(
        assert_field_error(unknown, "advisor_ids").await,
        format!("Conseiller n° 999999 : {NEUTRAL}")
    );
}

#[tokio::test]
async fn the_page_search_lists_advisors_in_scope_and_enrols_the_ticked_ones() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let ids = twenty(&app, &staff).await;
    let other = person(&app, &staff, "Zoé", "Zidane", "zoe@example.org", json!({})).await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 20).await;
    let browser = app.logged_in("staff@example.org").await;
    let page = app.page(&browser, &format!("/cohorts/{id}?find=Mar")).await;
    assert!(page.contains("Conseillers trouvés pour « Mar »"), "{page}");
    for i in &ids {
        assert!(
            page.contains(&format!("name=\"advisor_id\" value=\"{i}\"")),
            "{i} listed"
        );
    }
    assert!(
        !page.contains(&format!("value=\"{other}\"")),
        "Zoé is not « Mar »"
    );
    assert!(page.contains("Inscrire la sélection"));
    let short = app.page(&browser, &format!("/cohorts/{id}?find=M")).await;
    assert!(short.contains("Tapez au moins deux caractères."));

    // One too many for the cohort: nobody enrolled, the page names who did not fit.
    let token = csrf_token(&page);
    let action = format!("/cohorts/{id}/enrolments/batch");
    let all: Vec<String> = ids.iter().chain([&other]).map(i64::to_string).collect();
    let mut fields: Vec<(&str, &str)> = all.iter().map(|v| ("advisor_id", v.as_str())).collect();
    fields.push(("find", "Mar"));
    let refused = submit(&app, &browser, &action, &token, &fields).await;
    assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Zoé Zidane : La session est complète (20 places).",
    )
    .await;
    // The twenty ticked.
    let fields: Vec<(&str, &str)> = all[..20]
        .iter()
        .map(|v| ("advisor_id", v.as_str()))
        .collect();
    let done = submit(&app, &browser, &action, &token, &fields).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let location = header(&done, "location");
    let after = app.visit_text(&browser, &location).await;
    assert!(after.contains("20 conseillers inscrits."), "{after}");
    let again = app
        .page(&browser, &format!("/cohorts/{id}?find=Mar00"))
        .await;
    assert!(again.contains("déjà inscrit"), "{again}");

    // Another organisation's search lists none of them.
    app.staff_token("simplon@example.org", "simplon").await;
    let simplon = app.logged_in("simplon@example.org").await;
    let course = app
        .created_id(
            &app.staff_token("simplon2@example.org", "simplon").await,
            "/api/v1/cohorts",
            json!({"kind": "ccp23", "starts_on": "2026-03-16", "ends_on": "2026-06-30",
                           "remote": true, "capacity": 50}),
        )
        .await;
    let theirs = app
        .page(&simplon, &format!("/cohorts/{course}?find=Mar"))
        .await;
    assert!(
        theirs.contains("Aucun conseiller que vous suivez ne correspond à « Mar »."),
        "{theirs}"
    );
    assert!(!theirs.contains("mar00@example.org"));
    app.run_jobs().await;
}

#[tokio::test]
async fn candidates_are_registered_several_at_once_all_or_nothing() {
    let app = TestApp::spawn().await;
    let world = crate::support::ExamWorld::jury_set(&app).await;
    let staff = &world.staff;
    let a = person(&app, staff, "Anne", "Arnaud", "anne@example.org", json!({})).await;
    let b = person(
        &app,
        staff,
        "Bruno",
        "Bellec",
        "bruno@example.org",
        json!({}),
    )
    .await;
    let c = person(
        &app,
        staff,
        "Chloé",
        "Cadet",
        "chloe@example.org",
        json!({}),
    )
    .await;
    let path = format!("/api/v1/exam-sessions/{}/candidates/batch", world.session);
    let done = app
        .created(staff, &path, json!({"advisor_ids": [a, b], "route": "vae"}))
        .await;
    assert_eq!(done["items"].as_array().map(Vec::len), Some(2));
    assert!(
        done["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["route"] == "vae")
    );
    // Bruno is already registered: Chloé is not registered either.
    let again = app
        .post(staff, &path, json!({"advisor_ids": [c, b], "route": "vae"}))
        .await;
    assert_eq!(
        assert_field_error(again, "advisor_ids").await,
        "Bruno Bellec : Ce conseiller est déjà inscrit à cette session."
    );
    let chloe = app
        .created(staff, &path, json!({"advisor_ids": [c], "route": "vae"}))
        .await;
    assert_eq!(chloe["items"][0]["advisor_id"], c);
    // Someone of another organisation is not found.
    let simplon = app.staff_token("simplon@example.org", "simplon").await;
    let refused = app.post(&simplon, &path, json!({"advisor_ids": [a]})).await;
    assert!(
        matches!(refused.status().as_u16(), 403 | 404),
        "{}",
        refused.status()
    );
    let doc = app.public_json("/api/v1/openapi.json").await;
    assert!(doc["paths"]["/api/v1/exam-sessions/{id}/candidates/batch"]["post"].is_object());
    app.run_jobs().await;
}
