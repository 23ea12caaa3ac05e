//! Trainers assigned from the cohort's pages, to the whole cohort or to one day only: who may be
//! chosen, what the printed sheet names, the API of a day's trainers, and the jury's
//! impartiality.

use diesel::prelude::*;
use parcours::db::day_trainers;
use parcours::db::schema::audit_log;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{
    TestApp, add_juror, advisor_body, assert_page_refusal, assert_problem, ccp1_on_10_march,
    cohort, convoke, enrol_joined, enrolled_advisor, exam_session, habilitate, header, post_form,
    rename_user, training_days,
};

struct World {
    staff: String,
    cohort: i64,
    days: Vec<i64>,
    anne: i64,
    bruno: i64,
}

/// La Fabrik's cohort with two days (2 and 3 March 2026), Léa enrolled, and two trainers of La
/// Fabrik, Anne and Bruno, assigned to nothing yet.
async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let cohort = cohort(app, &staff, 3, "2026-02-23", "2026-03-27", 12).await;
    let days = training_days(app, &staff, cohort, &["2026-03-02", "2026-03-03"]).await;
    enrolled_advisor(app, &staff, cohort, "lea@example.org").await;
    let anne = app.user("anne@example.org", "trainer", Some("la-fabrik"), None);
    rename_user(app, anne, "Anne Formatrice");
    let bruno = app.user("bruno@example.org", "trainer", Some("la-fabrik"), None);
    rename_user(app, bruno, "Bruno Invité");
    World {
        staff,
        cohort,
        days,
        anne,
        bruno,
    }
}

/// The « Équipe pédagogique » line of a printed sheet.
fn trainers_line(html: &str) -> String {
    let marker = "<dt>Équipe pédagogique</dt><dd>";
    let start = html.find(marker).expect("the trainers line") + marker.len();
    let end = start + html[start..].find("</dd>").unwrap();
    html[start..end].to_owned()
}

fn audited(app: &TestApp, action: &str) -> i64 {
    app.with_conn(|c| {
        audit_log::table
            .filter(audit_log::action.eq(action))
            .count()
            .get_result(c)
            .unwrap()
    })
}

#[tokio::test]
async fn staff_assign_trainers_from_the_cohort_page_and_the_sheet_names_them() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let other = app.user("autre@example.org", "trainer", Some("simplon"), None);
    rename_user(&app, other, "Olga Ailleurs");
    let browser = app.logged_in("staff@example.org").await;
    let page = format!("/cohorts/{}", w.cohort);
    let html = app.page(&browser, &page).await;
    assert!(html.contains(&format!(
        r#"<option value="{}">Anne Formatrice</option>"#,
        w.anne
    )));
    assert!(
        !html.contains("Olga Ailleurs"),
        "only trainers of the cohort's organisation"
    );

    let added = post_form(
        &app,
        &browser,
        &page,
        &format!("{page}/trainers"),
        &[("user_id", &w.anne.to_string())],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&added, "location"), page);
    let html = app.page(&browser, &page).await;
    assert!(html.contains("Formateur affecté à la session."));
    assert!(
        html.contains("Confirmer le retrait<span class=\"visually-hidden\"> de Anne Formatrice")
    );

    // Bruno on the first day only, from that day's row.
    let day_form = format!("{page}/days/{}/trainers", w.days[0]);
    let added = post_form(
        &app,
        &browser,
        &page,
        &day_form,
        &[("user_id", &w.bruno.to_string())],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert!(
        app.page(&browser, &page)
            .await
            .contains("Formateur affecté à la journée.")
    );

    let sheet = |day: i64| format!("{page}/days/{day}/sheet");
    let first = trainers_line(&app.page(&browser, &sheet(w.days[0])).await);
    assert_eq!(first, "Anne Formatrice, Bruno Invité");
    let second = trainers_line(&app.page(&browser, &sheet(w.days[1])).await);
    assert_eq!(
        second, "Anne Formatrice",
        "the day trainer is on that day's sheet only"
    );
    app.with_conn(|c| {
        assert!(day_trainers::trains_day(c, w.cohort, w.days[0], w.bruno).unwrap());
        assert!(!day_trainers::trains_day(c, w.cohort, w.days[1], w.bruno).unwrap());
        assert!(day_trainers::trains_day(c, w.cohort, w.days[1], w.anne).unwrap());
    });

    // Removed, after confirming.
    let removed = post_form(
        &app,
        &browser,
        &page,
        &format!("{page}/trainers/{}/remove", w.anne),
        &[],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert!(
        app.page(&browser, &page)
            .await
            .contains("Formateur retiré de la session.")
    );
    assert_eq!(
        trainers_line(&app.page(&browser, &sheet(w.days[1])).await),
        "—"
    );
    let removed = post_form(
        &app,
        &browser,
        &page,
        &format!("{page}/days/{}/trainers/{}/remove", w.days[0], w.bruno),
        &[],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        trainers_line(&app.page(&browser, &sheet(w.days[0])).await),
        "—"
    );
    for action in [
        "cohort.add_trainer",
        "cohort.remove_trainer",
        "cohort_day.add_trainer",
        "cohort_day.remove_trainer",
    ] {
        assert_eq!(audited(&app, action), 1, "{action}");
    }
    app.run_jobs().await;
}

#[tokio::test]
async fn only_trainers_of_the_cohorts_organisation_are_assigned() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let other = app.user("autre@example.org", "trainer", Some("simplon"), None);
    let examiner = app.user("exa@example.org", "examiner", Some("la-fabrik"), None);
    let refusal = "Cette personne n'est pas formatrice de l'organisme";
    // From the page: the message beside the form.
    let browser = app.logged_in("staff@example.org").await;
    let page = format!("/cohorts/{}", w.cohort);
    let refused = post_form(
        &app,
        &browser,
        &page,
        &format!("{page}/trainers"),
        &[("user_id", &other.to_string())],
    )
    .await;
    let html = assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "seuls les formateurs de La Fabrik peuvent être affectés à cette session.",
    )
    .await;
    assert!(html.contains(
        r#"<p class="error" id="f-trainer-error">Cette personne n&#x27;est pas formatrice"#
    ));
    let day_path = format!("/api/v1/cohorts/{}/days/{}/trainers", w.cohort, w.days[0]);
    for who in [other, examiner, 999_999] {
        let r = app.post(&w.staff, &day_path, json!({"user_id": who})).await;
        assert_problem(r, 422, refusal).await;
    }
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/cohorts/{}/trainers", w.cohort),
            json!({"user_id": examiner}),
        )
        .await;
    assert_problem(r, 422, refusal).await;
    let r = app.post(&w.staff, &day_path, json!({})).await;
    assert_problem(r, 422, "Indiquez le formateur").await;
    // Someone who trains the whole cohort needs no day.
    app.created(
        &w.staff,
        &format!("/api/v1/cohorts/{}/trainers", w.cohort),
        json!({"user_id": w.anne}),
    )
    .await;
    let r = app
        .post(&w.staff, &day_path, json!({"user_id": w.anne}))
        .await;
    assert_problem(r, 422, "forme déjà toute la session").await;
    // A trainer does not assign; another organisation's staff does not even see the cohort.
    let trainer = app.login_token("bruno@example.org").await;
    let r = app
        .post(&trainer, &day_path, json!({"user_id": w.bruno}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let simplon = app
        .staff_token("staff@simplon.example.org", "simplon")
        .await;
    let r = app
        .post(&simplon, &day_path, json!({"user_id": w.bruno}))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A day of another cohort, and a cancelled day.
    let elsewhere = cohort(&app, &w.staff, 3, "2026-04-06", "2026-05-29", 12).await;
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/cohorts/{elsewhere}/days/{}/trainers", w.days[0]),
            json!({"user_id": w.bruno}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    crate::support::cancel_day(&app, &w.staff, w.cohort, w.days[1]).await;
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/cohorts/{}/days/{}/trainers", w.cohort, w.days[1]),
            json!({"user_id": w.bruno}),
        )
        .await;
    assert_problem(r, 409, "Cette journée est annulée").await;
    assert_eq!(audited(&app, "cohort_day.add_trainer"), 0);
    app.run_jobs().await;
}

#[tokio::test]
async fn a_days_trainers_through_the_api() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let path = format!("/api/v1/cohorts/{}/days/{}/trainers", w.cohort, w.days[0]);
    let added = app
        .created(&w.staff, &path, json!({"user_id": w.bruno}))
        .await;
    assert_eq!(added, json!([{"user_id": w.bruno, "name": "Bruno Invité"}]));
    // Twice is harmless.
    app.created(&w.staff, &path, json!({"user_id": w.bruno}))
        .await;
    assert_eq!(app.get_json(&w.staff, &path).await, added);
    let gone = app
        .client
        .delete(app.url(&format!("{path}/{}", w.bruno)))
        .bearer_auth(&w.staff)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::OK);
    assert_eq!(gone.json::<serde_json::Value>().await.unwrap(), json!([]));
    let again = app
        .client
        .delete(app.url(&format!("{path}/{}", w.bruno)))
        .bearer_auth(&w.staff)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    // The cohort's trainers are removed through the API too.
    let cohort_path = format!("/api/v1/cohorts/{}/trainers", w.cohort);
    app.created(&w.staff, &cohort_path, json!({"user_id": w.anne}))
        .await;
    let left = app
        .client
        .delete(app.url(&format!("{cohort_path}/{}", w.anne)))
        .bearer_auth(&w.staff)
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), StatusCode::OK);
    assert_eq!(left.json::<serde_json::Value>().await.unwrap(), json!([]));
    app.run_jobs().await;
}

#[tokio::test]
async fn a_day_trainer_who_sits_on_a_trainees_jury_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let trained = cohort(&app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let day = training_days(&app, &staff, trained, &["2026-01-06"]).await[0];
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    enrol_joined(&app, &staff, trained, advisor, "2026-01-05").await;
    let juror = app.user("jury@example.org", "examiner", Some("la-fabrik"), None);
    app.created(
        &admin,
        &format!("/api/v1/users/{juror}/memberships"),
        json!({"role": "trainer", "organisation_id": app.org("la-fabrik")}),
    )
    .await;
    habilitate(&app, &admin, juror, "CCP1", Some("2026-12-31")).await;
    let session = exam_session(&app, &staff, ccp1_on_10_march()).await;
    add_juror(&app, &staff, session, juror).await;
    convoke(&app, &staff, session, advisor, "training").await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{trained}/days/{day}/trainers"),
            json!({"user_id": juror}),
        )
        .await;
    assert_problem(r, 422, "CCP1 du 10/03/2026").await;
    app.with_conn(|c| assert!(!day_trainers::trains_day(c, trained, day, juror).unwrap()));
    app.run_jobs().await;
}
