//! Each role's home answers « que dois-je faire maintenant ? »: the advisor's next step and her
//! own exam, module pages that say one true thing and offer only what is possible, and the
//! homes of staff, the catalogue owner, the juror who must confirm and the coordinator.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    ExamWorld, TestApp, advisor_body, cohort, csrf_token, enrol_joined, module_of, module_session,
    submit, training_days,
};

/// `text` with each `~` as the no-break space French times use (« 9 h 00 »).
fn nb(text: &str) -> String {
    text.replace('~', "\u{a0}")
}

/// The `<tr>` of `html` that contains `marker`.
fn row_with<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    &html[start..end]
}

/// An advisor account for advisor `id`, signed in.
async fn advisor_account(app: &TestApp, email: &str, id: i64) -> reqwest::Client {
    app.user(email, "advisor", None, Some(id));
    app.logged_in(email).await
}

#[tokio::test]
async fn the_advisor_sees_her_convocation_on_her_path_her_next_step_and_her_exam_list() {
    let app = TestApp::spawn().await;
    let mut world = ExamWorld::jury_set(&app).await;
    let mut lea = advisor_body("lea@example.org");
    lea["sex"] = json!("F");
    let lea = world.add_candidate(&app, lea, "training").await;
    let mut leo = advisor_body("leo@example.org");
    leo["first_name"] = json!("Léopold");
    world.add_candidate(&app, leo, "vae").await;
    let browser = advisor_account(&app, "lea.account@example.org", lea).await;
    // Neutral until she chooses « Madame » (the recorded sex does not decide the wording).
    let neutral = app.page(&browser, &format!("/advisors/{lea}")).await;
    assert!(neutral.contains(&nb("Convocation le mardi 10 mars 2026 à 9~h~00")));
    let chosen = crate::support::post_form(
        &app,
        &browser,
        "/account",
        "/account/address",
        &[("form_of_address", "madame")],
    )
    .await;
    assert_eq!(chosen.status(), StatusCode::SEE_OTHER);

    let path = app.page(&browser, &format!("/advisors/{lea}")).await;
    let convocation = nb("Convoquée le mardi 10 mars 2026 à 9~h~00, La Fabrik, Lyon, salle B12");
    let next = &path[path.find("id=\"h-next\"").expect("a next step")..];
    let next = &next[..next.find("</section>").unwrap()];
    assert!(next.contains(&convocation), "{next}");
    assert!(
        next.contains("Aucune journée de formation prévue"),
        "{next}"
    );
    assert!(
        next.contains("Il vous reste 2 modules financés d&#x27;ici le mardi 5 janvier 2027"),
        "{next}"
    );
    let ccp1 = row_with(&path, "class=\"path-ccp1\"");
    assert!(
        ccp1.contains("Convocation reçue") && ccp1.contains(&convocation),
        "{ccp1}"
    );
    assert!(!ccp1.contains("À venir"), "{ccp1}");
    assert!(path.contains("Mes examens</a>"), "in her menu");

    let exams = app.page(&browser, "/exam-sessions").await;
    assert!(exams.contains("<h1>Mes examens</h1>"), "{exams}");
    assert!(!exams.contains("Aucune session"), "{exams}");
    let line = row_with(&exams, "class=\"own-exam\"");
    assert!(line.contains(">CCP1<"), "{line}");
    assert!(line.contains(&nb("mardi 10 mars 2026 à 9~h~00")), "{line}");
    assert!(line.contains("La Fabrik, Lyon, salle B12"), "{line}");
    assert!(line.contains("À venir"), "{line}");
    // Hers only: the other candidate and the jury are not shown.
    assert_eq!(exams.matches("class=\"own-exam\"").count(), 1);
    assert!(!exams.contains("Léopold") && !exams.contains("/exam-sessions/"));

    // Once held, the path says the results are to come, still dated.
    app.at("2026-03-10T15:00:00Z");
    let browser = app.logged_in("lea.account@example.org").await;
    let held = app.page(&browser, &format!("/advisors/{lea}")).await;
    let ccp1 = row_with(&held, "class=\"path-ccp1\"");
    assert!(
        ccp1.contains("Résultats à venir") && ccp1.contains("mardi 10 mars 2026"),
        "{ccp1}"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn the_next_step_names_the_next_training_day_with_its_place_and_the_funding_left() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let c = cohort(&app, &staff, 2, "2026-03-02", "2026-04-30", 20).await;
    training_days(&app, &staff, c, &["2026-03-09"]).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    enrol_joined(&app, &staff, c, lea, "2026-03-02").await;
    let browser = advisor_account(&app, "lea.account@example.org", lea).await;

    let html = app.page(&browser, &format!("/advisors/{lea}")).await;
    let training = row_less_item(&html, "next-training");
    assert!(training.contains("Formation initiale"), "{training}");
    assert!(
        training.contains(&nb("le lundi 9 mars 2026 à 9~h~00, Lyon, salle 2.")),
        "{training}"
    );
    assert!(!html.contains("class=\"next-exam\""), "no exam, no line");

    // A module day before it comes first; one funded module is left in the first year.
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-03-05"], 10).await;
    app.created(
        &staff,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": lea}),
    )
    .await;
    let html = app.page(&browser, &format!("/advisors/{lea}")).await;
    let training = row_less_item(&html, "next-training");
    assert!(training.contains("Module thématique"), "{training}");
    assert!(training.contains(&format!("href=\"&#x2F;module-sessions&#x2F;{session}\"")));
    assert!(
        training.contains(&nb("le jeudi 5 mars 2026 à 9~h~00, Simplon Lyon.")),
        "{training}"
    );
    let modules = row_less_item(&html, "next-modules");
    assert!(
        modules.contains("Il vous reste 2 modules thématiques à suivre d&#x27;ici le mardi 2 mars 2027 (1 réservé)."),
        "{modules}"
    );
    let funding = row_less_item(&html, "next-funding");
    assert!(
        funding.contains("Il vous reste 1 module financé d&#x27;ici le mardi 2 mars 2027"),
        "{funding}"
    );
    app.run_jobs().await;
}

/// The `<li>` of class `class`.
fn row_less_item<'a>(html: &'a str, class: &str) -> &'a str {
    let marker = format!("<li class=\"{class}\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {class} in {html}"));
    let end = at + html[at..].find("</li>").unwrap();
    &html[at..end]
}

/// La Fabrik's staff, Simplon's staff, and Léa trained from 5 January (deadline 5 January
/// 2027), signed in as herself.
struct ModuleWorld {
    staff: String,
    provider: String,
    cohort: i64,
    lea: i64,
    browser: reqwest::Client,
}

async fn module_world(app: &TestApp) -> ModuleWorld {
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let c = cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    enrol_joined(app, &staff, c, lea, "2026-01-05").await;
    let browser = advisor_account(app, "lea.account@example.org", lea).await;
    ModuleWorld {
        staff,
        provider,
        cohort: c,
        lea,
        browser,
    }
}

async fn book(app: &TestApp, token: &str, session: i64, advisor: i64) -> Value {
    app.created(
        token,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": advisor}),
    )
    .await
}

#[tokio::test]
async fn the_funding_left_today_and_the_funding_of_a_later_session_say_one_true_thing() {
    let app = TestApp::spawn().await;
    let w = module_world(&app).await;
    let m = |n| module_of(&app, &w.provider, 7, n);
    let (first, second, third) = (m(0).await, m(1).await, m(2).await);
    let spring = module_session(&app, &w.provider, first, &["2026-04-07"], 10).await;
    let february = module_session(&app, &w.provider, second, &["2027-02-02"], 10).await;
    let march = module_session(&app, &w.provider, third, &["2027-03-02"], 10).await;
    book(&app, &w.staff, spring, w.lea).await;
    // After the deadline, 2027's one funded module is taken by February.
    let booked = book(&app, &w.staff, february, w.lea).await;
    assert_eq!(booked["funded"], true, "{booked}");

    let path = app.page(&w.browser, &format!("/advisors/{}", w.lea)).await;
    assert!(
        path.contains(
            "<dt>Modules financés restants</dt><dd>1 d&#x27;ici le mardi 5 janvier 2027</dd>"
        ),
        "{path}"
    );
    let page = app
        .page(&w.browser, &format!("/module-sessions/{march}"))
        .await;
    let mine = &page[page.find("id=\"h-mine\"").unwrap()..];
    assert!(
        mine.contains("ne serait pas financée : elle a lieu après le mardi 5 janvier 2027, où un seul module est financé par année civile, et celui de 2027 est déjà réservé ou suivi."),
        "{mine}"
    );
    assert!(mine.contains("M'inscrire sans financement"), "{mine}");
    assert!(!page.contains("dépasse votre quota"));
    // A session inside the first year is funded, and the page says so before she clicks.
    let other = m(3).await;
    let june = module_session(&app, &w.provider, other, &["2026-06-02"], 10).await;
    let page = app
        .page(&w.browser, &format!("/module-sessions/{june}"))
        .await;
    assert!(
        page.contains("Cette session du mardi 2 juin 2026 est financée"),
        "{page}"
    );
    assert!(!page.contains("sans financement"));
    app.run_jobs().await;
}

#[tokio::test]
async fn module_pages_offer_only_what_the_advisor_may_do_and_say_it_to_her() {
    let app = TestApp::spawn().await;
    let w = module_world(&app).await;
    let first = module_of(&app, &w.provider, 7, 0).await;
    let second = module_of(&app, &w.provider, 7, 1).await;
    let soon = module_session(&app, &w.provider, first, &["2026-03-03"], 10).await;
    let later = module_session(&app, &w.provider, first, &["2026-05-05"], 10).await;
    let full = module_session(&app, &w.provider, second, &["2026-04-07"], 1).await;
    let enrolment = book(&app, &w.staff, soon, w.lea).await["id"]
        .as_i64()
        .unwrap();
    let leo = app.advisor(&w.staff, advisor_body("leo@example.org")).await;
    enrol_joined(&app, &w.staff, w.cohort, leo, "2026-01-05").await;
    book(&app, &w.staff, full, leo).await;

    // The list: her own session is marked, another date of the same module is not offered.
    let list = app.page(&w.browser, "/module-sessions").await;
    let mine = row_with(&list, &format!("href=\"/module-sessions/{soon}\">"));
    assert!(
        mine.contains("Inscription confirmée") && !mine.contains("<button"),
        "{mine}"
    );
    let same = row_with(&list, &format!("href=\"/module-sessions/{later}\">"));
    assert!(same.contains("Module déjà choisi à une autre date") && !same.contains("<button"));
    let waiting = row_with(&list, &format!("href=\"/module-sessions/{full}\">"));
    assert!(
        waiting.contains(">Liste d'attente<span"),
        "full, she is not in it: {waiting}"
    );

    // Joining the waiting list; withdrawing from it is not giving up a place.
    let page = format!("/module-sessions/{full}");
    let token = csrf_token(&app.page(&w.browser, &page).await);
    let joined = submit(&app, &w.browser, &format!("{page}/enrol"), &token, &[]).await;
    assert_eq!(joined.status(), StatusCode::SEE_OTHER);
    let list = app.page(&w.browser, "/module-sessions").await;
    let waiting = row_with(&list, &format!("href=\"/module-sessions/{full}\">"));
    assert!(
        waiting.contains("Sur liste d'attente") && !waiting.contains("<button"),
        "{waiting}"
    );
    let html = app.page(&w.browser, &page).await;
    assert!(html.contains("Vous êtes sur la liste d'attente"), "{html}");
    assert!(html.contains("Quitter la liste d'attente"));
    assert!(html.contains("Vous quitterez la liste d'attente"));
    assert!(!html.contains("Votre place sera"), "{html}");

    // Asking again for the module she holds is refused to her, in the second person.
    let other = format!("/module-sessions/{later}");
    let html = app.page(&w.browser, &other).await;
    assert!(
        html.contains("Vous avez déjà une inscription à ce module"),
        "{html}"
    );
    assert!(
        !html.contains("M'inscrire"),
        "no button for a refused enrolment"
    );
    let token = csrf_token(&html);
    let refused = submit(&app, &w.browser, &format!("{other}/enrol"), &token, &[]).await;
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("Vous avez déjà une inscription à ce module"),
        "{body}"
    );
    assert!(!body.contains("Ce conseiller"), "{body}");

    // Past and attended: no withdrawal offered, and none accepted from her.
    app.at("2026-03-04T12:00:00Z");
    app.put_ok(
        &w.provider,
        &format!("/api/v1/module-sessions/{soon}/attendance"),
        json!({"entries": [{"advisor_id": w.lea, "attended": true}]}),
    )
    .await;
    let browser = app.logged_in("lea.account@example.org").await;
    let page = format!("/module-sessions/{soon}");
    let html = app.page(&browser, &page).await;
    assert!(html.contains("Vous avez suivi ce module."), "{html}");
    assert!(
        !html.contains("Me désinscrire") && !html.contains("/withdraw"),
        "{html}"
    );
    let path = app.page(&browser, &format!("/advisors/{}", w.lea)).await;
    let line = row_with(&path, &format!("href=\"/module-sessions/{soon}\">"));
    assert!(
        line.contains("Suivi") && !line.contains("désinscri"),
        "{line}"
    );
    let token = csrf_token(&path);
    let refused = submit(
        &app,
        &browser,
        &format!("{page}/enrolments/{enrolment}/withdraw"),
        &token,
        &[],
    )
    .await;
    let body = refused.text().await.unwrap();
    assert!(body.contains("Cette session a commencé"), "{body}");
    app.run_jobs().await;
}
