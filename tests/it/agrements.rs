//! Agréments: a session is refused outside its agrément (other title version, other site, a day
//! outside the period), each with its rule; its venue is the agrément's site; the year of
//! prolongation after a title's end admits only the candidates who failed or partly succeeded
//! before, or whose training began before the end.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use crate::support::{
    TestApp, advisor_body, assert_field_error, assert_problem, cohort, enrol_joined, exam_session,
};

/// The id of the title version `version`.
pub fn title_id(app: &TestApp, version: &str) -> i64 {
    app.with_conn(|c| {
        parcours::db::agrements::titles(c)
            .unwrap()
            .into_iter()
            .find(|t| t.version == version)
            .unwrap()
            .id
    })
}

/// The site of every agrément of these tests, on one line.
pub const SITE: &str = "La Fabrik, 12 rue de la Part-Dieu, 69003 Lyon";

/// Records an agrément of La Fabrik numbered `number` for the title `version`, valid
/// `from..=until`, as `staff`; returns its JSON.
pub async fn agrement(
    app: &TestApp,
    staff: &str,
    (number, version): (&str, &str),
    from: &str,
    until: &str,
) -> Value {
    let org = app.org("la-fabrik");
    let body = json!({"title_id": title_id(app, version), "number": number,
        "address": "La Fabrik\n12 rue de la Part-Dieu", "postcode": "69003", "city": "Lyon",
        "valid_from": from, "valid_until": until, "dreets_unit": "DREETS Auvergne-Rhône-Alpes"});
    app.created(
        staff,
        &format!("/api/v1/organisations/{org}/agrements"),
        body,
    )
    .await
}

/// A CCP1 session body on `date` 9:00–12:00 in Paris (`+02:00`: spring and summer).
pub fn ccp1_on(date: &str) -> Value {
    json!({"certification": "CCP1", "starts_at": format!("{date}T09:00:00+02:00"),
           "ends_at": format!("{date}T12:00:00+02:00"), "capacity": 30})
}

/// [`ccp1_on`] under agrément `agrement`.
pub fn under(agrement: &Value, date: &str) -> Value {
    let mut body = ccp1_on(date);
    body["agrement_id"] = agrement["id"].clone();
    body
}

#[tokio::test]
async fn a_session_outside_its_agrement_is_refused_by_title_site_or_date_with_its_rule() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let old = agrement(
        &app,
        &staff,
        ("ARA-2019", "2019"),
        "2021-01-01",
        "2025-07-01",
    )
    .await;
    let new = agrement(
        &app,
        &staff,
        ("ARA-2025", "2025"),
        "2026-01-01",
        "2030-12-31",
    )
    .await;
    let later = agrement(
        &app,
        &staff,
        ("ARA-LATE", "2025"),
        "2026-06-01",
        "2030-12-31",
    )
    .await;
    let post = |body: Value| app.post(&staff, "/api/v1/exam-sessions", body);

    // Title: a session of the 2025 version under the 2019 version's agrément.
    let message = assert_field_error(post(under(&old, "2026-04-14")).await, "agrement_id").await;
    assert!(
        message.starts_with("Hors agrément")
            && message.contains("autre version du titre")
            && message.contains("ARA-2019"),
        "{message}"
    );
    // Site: another venue than the agrément's.
    let mut elsewhere = under(&new, "2026-04-14");
    elsewhere["venue"] = json!("Maison des associations, Villeurbanne");
    let message = assert_field_error(post(elsewhere).await, "venue").await;
    assert!(
        message.contains("site de l'agrément n° ARA-2025") && message.contains(SITE),
        "{message}"
    );
    // Date: before the agrément's period.
    let message = assert_field_error(post(under(&later, "2026-04-14")).await, "starts_at").await;
    assert!(
        message.contains("14/04/2026") && message.contains("hors de la période"),
        "{message}"
    );
    // Holding an agrément for the title, a new session must name one.
    let message = assert_field_error(post(ccp1_on("2026-04-14")).await, "agrement_id").await;
    assert!(
        message.contains("indiquez celui de la session"),
        "{message}"
    );

    // Inside it: its venue is the agrément's site (written the same, loosely, or left out).
    let mut same = under(&new, "2026-04-14");
    same["venue"] = json!("la fabrik 12 rue de la part-dieu 69003 LYON");
    same["kind"] = json!("session_titre");
    same["ceres_number"] = json!("2026-ARA-0001");
    let view = app.created(&staff, "/api/v1/exam-sessions", same).await;
    assert_eq!(view["venue"], SITE);
    assert_eq!(view["agrement_number"], "ARA-2025");
    assert_eq!(view["kind"], "session_titre");
    assert_eq!(view["ceres_number"], "2026-ARA-0001");
    // Moved out of the period later, it is refused again.
    let path = format!("/api/v1/exam-sessions/{}", view["id"]);
    let response = app
        .patch(
            &staff,
            &path,
            json!({"starts_at": "2031-03-10T09:00:00+01:00", "ends_at": "2031-03-10T12:00:00+01:00"}),
        )
        .await;
    assert!(
        assert_field_error(response, "starts_at")
            .await
            .contains("10/03/2031")
    );
    // An agrément whose sessions would fall outside it keeps its period.
    let org = app.org("la-fabrik");
    let response = app
        .patch(
            &staff,
            &format!("/api/v1/organisations/{org}/agrements/{}", new["id"]),
            json!({"valid_from": "2026-05-01"}),
        )
        .await;
    assert!(
        assert_field_error(response, "valid_until")
            .await
            .contains("14/04/2026")
    );
    let response = app
        .delete(
            &staff,
            &format!("/api/v1/organisations/{org}/agrements/{}", new["id"]),
        )
        .await;
    assert_problem(response, 409, "Des sessions relèvent de cet agrément").await;
}

#[tokio::test]
async fn agrements_are_checked_and_kept_to_their_organisation() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let other = app.staff_token("autre@example.org", "francilin").await;
    let org = app.org("la-fabrik");
    let path = format!("/api/v1/organisations/{org}/agrements");
    let body = json!({"title_id": title_id(&app, "2025"), "number": "A1", "address": "1 rue X",
        "postcode": "690", "city": "Lyon", "valid_from": "2026-01-01",
        "valid_until": "2032-01-01", "dreets_unit": "DREETS"});
    let response = app.post(&staff, &path, body.clone()).await;
    assert_eq!(
        assert_field_error(response, "postcode").await,
        "Code postal : cinq chiffres."
    );
    let mut fixed = body.clone();
    fixed["postcode"] = json!("69003");
    let response = app.post(&staff, &path, fixed.clone()).await;
    assert_eq!(
        assert_field_error(response, "valid_until").await,
        "Un agrément vaut 5 ans au plus."
    );
    fixed["valid_until"] = json!("2030-12-31");
    let created = app.created(&staff, &path, fixed.clone()).await;
    let response = app.post(&staff, &path, fixed).await;
    assert_eq!(
        assert_field_error(response, "number").await,
        "Cet organisme a déjà un agrément de ce numéro."
    );
    assert_problem(app.get(&other, &path).await, 403, "Réservé à l'équipe").await;
    let francil = app.org("francilin");
    let theirs = format!(
        "/api/v1/organisations/{francil}/agrements/{}",
        created["id"]
    );
    assert_problem(app.get(&other, &theirs).await, 404, "").await;
    assert_eq!(
        app.get_json(&staff, &path).await[0]["site"],
        "1 rue X, 69003 Lyon"
    );
}

/// Records a published result of CCP1 (2019) for `advisor` on `day`, as the rules read it.
fn published_failure(app: &TestApp, advisor: i64, day: &str) {
    use parcours::db::exams::{self, ExamSessionValues, NewCandidate, ResultValues};
    let at = |h: u32| -> NaiveDateTime {
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    let org = app.org("la-fabrik");
    app.with_conn(|c| {
        let ccp1 = exams::certifications_with_code(c, "CCP1")
            .unwrap()
            .into_iter()
            .find(|r| r.title_version.as_deref() == Some("2019"))
            .unwrap()
            .id;
        let session = exams::insert(
            c,
            &ExamSessionValues {
                organisation_id: org,
                certification_id: ccp1,
                territory_code: "FR".to_owned(),
                timezone: "Europe/Paris".to_owned(),
                starts_at: at(7),
                ends_at: at(10),
                venue: Some(SITE.to_owned()),
                room: None,
                remote: false,
                capacity: 10,
                updated_at: at(7),
                agrement_id: None,
                kind: "session_ccp".to_owned(),
                ceres_number: None,
                responsable_user_id: None,
                video_link: None,
            },
            at(7),
        )
        .unwrap();
        let candidate = exams::add_candidate(
            c,
            &NewCandidate {
                session_id: session,
                advisor_id: advisor,
                route: "vae".to_owned(),
                late_reason: None,
                delay_reason: None,
                extra_time_percent: 0,
                accommodation_notes: None,
                registered_by: None,
                created_at: at(7),
            },
        )
        .unwrap();
        exams::save_result(
            c,
            &ResultValues {
                candidate_id: candidate,
                outcome: "not_validated".to_owned(),
                absence_justified: false,
                reasons: Some("Mise en situation incomplète".to_owned()),
                comment_for_candidate: None,
                comment_for_organisation: None,
                recorded_by: None,
                recorded_at: at(10),
                corrected_at: None,
                correction_reason: None,
            },
        )
        .unwrap();
        exams::publish(c, session, None, at(10)).unwrap();
    });
}

#[tokio::test]
async fn the_prolongation_admits_only_those_who_tried_before_or_trained_before_the_end() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let old = agrement(
        &app,
        &staff,
        ("ARA-2019", "2019"),
        "2021-01-01",
        "2025-07-01",
    )
    .await;
    // The 2019 title ended on 1 July 2025: its sessions are held until 1 July 2026.
    let mut body = under(&old, "2026-04-14");
    body["title_version"] = json!("2019");
    let session = exam_session(&app, &staff, body).await;
    let mut too_late = under(&old, "2026-07-02");
    too_late["title_version"] = json!("2019");
    let response = app.post(&staff, "/api/v1/exam-sessions", too_late).await;
    assert!(
        assert_field_error(response, "starts_at")
            .await
            .contains("prolongation comprise jusqu'au 01/07/2026")
    );

    let failed = app.advisor(&staff, advisor_body("echec@example.org")).await;
    published_failure(&app, failed, "2025-06-10");
    let trained = app
        .advisor(&staff, advisor_body("ancienne@example.org"))
        .await;
    let spring_2025 = cohort(&app, &staff, 2, "2025-03-03", "2025-04-25", 20).await;
    enrol_joined(&app, &staff, spring_2025, trained, "2025-03-03").await;
    let newcomer = app
        .advisor(&staff, advisor_body("nouveau@example.org"))
        .await;
    let late_cohort = cohort(&app, &staff, 2, "2025-09-01", "2025-10-24", 20).await;
    enrol_joined(&app, &staff, late_cohort, newcomer, "2025-09-01").await;

    let path = format!("/api/v1/exam-sessions/{session}/candidates");
    let register = |advisor: i64| {
        app.post(
            &staff,
            &path,
            json!({"advisor_id": advisor, "route": "vae"}),
        )
    };
    let message = assert_field_error(register(newcomer).await, "advisor_id").await;
    assert_eq!(
        message,
        "Le titre Responsable d'espace de médiation numérique (2019) a pris fin le 01/07/2025 : \
         pendant l'année de prolongation, seuls les candidats ayant échoué ou partiellement \
         réussi, ou entrés en formation avant cette date, peuvent être inscrits."
    );
    for admitted in [failed, trained] {
        let response = register(admitted).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
    app.run_jobs().await;
}
