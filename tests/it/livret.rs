//! The livret: a CCP once obtained stays in the ledger whatever is corrected elsewhere, the
//! correspondence table gives the new version's title to a holder of old CCPs, the re-sit
//! reminder goes once, and the « CCP à repasser » list (CSV) for planning.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::absences_pages::plain;
use crate::smtp::SmtpPeer;
use crate::support::{
    ExamWorld, TestApp, add_juror, advisor_body, assert_problem, ccp1_on_10_march,
    ccp1_on_14_april, cohort, confirm, convoke, enrol_by_email, enrol_joined, exam_session,
    examiner, habilitate, publish, record_result,
};

fn version<'a>(livret: &'a Value, v: &str) -> &'a Value {
    livret["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["version"] == v)
        .unwrap_or_else(|| panic!("no version {v} in {livret}"))
}

fn ccp<'a>(version: &'a Value, code: &str) -> &'a Value {
    version["ccps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap()
}

#[tokio::test]
async fn an_obtained_ccp_stays_in_the_ledger_after_a_correction_of_another_result() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::published(&app).await;
    let (eloise, leo) = (w.candidates[0], w.candidates[1]);
    let resits = app.get_json(&w.staff, "/api/v1/ccp-resits").await;
    assert_eq!(resits.as_array().unwrap().len(), 1, "{resits}");
    assert_eq!(resits[0]["advisor_id"], leo);
    // Léo re-sits CCP1 on 14 April and obtains it.
    let again = exam_session(&app, &w.staff, ccp1_on_14_april()).await;
    for e in [&w.examiner_a, &w.examiner_b] {
        add_juror(&app, &w.staff, again, e.id).await;
    }
    convoke(&app, &w.staff, again, leo, "vae").await;
    app.at("2026-04-14T09:30:00Z");
    record_result(
        &app,
        &w.examiner_a.token,
        again,
        leo,
        json!({"outcome": "validated"}),
    )
    .await;
    confirm(&app, &w.examiner_b.token, again).await;
    publish(&app, &w.staff, again).await;
    // Then the jury of 10 March corrects his first result (absent, not failed).
    let correction =
        json!({"outcome": "absent", "correction_reason": "Erreur de saisie : il était absent"});
    record_result(&app, &w.examiner_a.token, w.session, leo, correction).await;
    let livret = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{leo}/livret"))
        .await;
    let held = ccp(version(&livret, "2025"), "CCP1");
    assert_eq!(held["held"], true, "{livret}");
    assert_eq!(held["obtained_on"], "2026-04-14");
    assert_eq!(held["route"], "vae");
    assert!(livret["resits"].as_array().unwrap().is_empty());
    // Correcting Éloïse's own result withdraws hers only.
    let withdrawn =
        json!({"outcome": "not_validated", "correction_reason": "Copie d'un autre candidat"});
    record_result(&app, &w.examiner_a.token, w.session, eloise, withdrawn).await;
    let hers = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{eloise}/livret"))
        .await;
    assert_eq!(ccp(version(&hers, "2025"), "CCP1")["held"], false);
    let his = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{leo}/livret"))
        .await;
    assert_eq!(ccp(version(&his, "2025"), "CCP1")["held"], true);
    let resits = app.get_json(&w.staff, "/api/v1/ccp-resits").await;
    let names: Vec<i64> = resits
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["advisor_id"].as_i64().unwrap())
        .collect();
    assert_eq!(names, vec![eloise]);
    app.run_jobs().await;
}

/// Judges `advisor` at a new session of `body` (organiser `token`, jurors `jury`), validated and
/// published at `day` 08:00 UTC.
async fn validated_at(
    app: &TestApp,
    token: &str,
    jury: [&crate::support::Examiner; 2],
    (body, day): (Value, &str),
    advisor: i64,
) -> i64 {
    let session = exam_session(app, token, body).await;
    for j in jury {
        add_juror(app, token, session, j.id).await;
    }
    convoke(app, token, session, advisor, "training").await;
    app.at(&format!("{day}T08:00:00Z"));
    record_result(
        app,
        &jury[0].token,
        session,
        advisor,
        json!({"outcome": "validated"}),
    )
    .await;
    confirm(app, &jury[1].token, session).await;
    publish(app, token, session).await;
    session
}

#[tokio::test]
async fn a_holder_of_remn_ccp1_and_ccp2_who_obtains_the_2025_ccp3_gets_the_2025_title() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let histya = app.staff_token("histya@example.org", "histya").await;
    let exa = examiner(&app, &admin, "exa@example.org").await;
    let exb = examiner(&app, &admin, "exb@example.org").await;
    let january = cohort(&app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    enrol_joined(&app, &staff, january, lea, "2026-01-05").await;
    // REMN 2019 ended on 1 July 2025 (its prolongation admits no newcomer): here its end is moved
    // to the end of 2026, so that Léa sits it in 2026 as a first-time candidate.
    app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::titles;
        diesel::update(titles::table.filter(titles::version.eq("2019")))
            .set(titles::valid_until.eq(chrono::NaiveDate::from_ymd_opt(2026, 12, 31)))
            .execute(c)
            .unwrap()
    });
    let table = app.get_json(&staff, "/api/v1/title-correspondences").await;
    assert_eq!(table.as_array().unwrap().len(), 3, "{table}");
    assert_eq!(table[0]["assumed"], true);
    // REMN 2019 CCP1, then CCP2 with Histya.
    let mut remn_ccp1 = ccp1_on_10_march();
    remn_ccp1["title_version"] = json!("2019");
    validated_at(&app, &staff, [&exa, &exb], (remn_ccp1, "2026-03-10"), lea).await;
    let course = app.created(&histya, "/api/v1/cohorts", json!({"kind": "ccp23", "starts_on": "2026-03-17", "ends_on": "2026-07-07", "remote": true, "capacity": 15})).await;
    app.created(
        &staff,
        &format!("/api/v1/advisors/{lea}/host-agreements"),
        json!({"agreed_on": "2026-03-01", "agreed_by": "Mme Durand, DGS"}),
    )
    .await;
    enrol_by_email(
        &app,
        &histya,
        course["id"].as_i64().unwrap(),
        "lea@example.org",
    )
    .await;
    let h1 = examiner(&app, &admin, "h1@example.org").await;
    let h2 = examiner(&app, &admin, "h2@example.org").await;
    for h in [&h1, &h2] {
        habilitate(&app, &admin, h.id, "CCP2", None).await;
        habilitate(&app, &admin, h.id, "CCP3", None).await;
    }
    let remote = |code: &str, day: &str, version: Option<&str>| {
        let mut body = json!({"certification": code, "starts_at": format!("{day}T09:00:00+02:00"), "ends_at": format!("{day}T12:00:00+02:00"), "remote": true, "capacity": 10});
        if let Some(v) = version {
            body["title_version"] = json!(v);
        }
        body
    };
    validated_at(
        &app,
        &histya,
        [&h1, &h2],
        (remote("CCP2", "2026-07-15", Some("2019")), "2026-07-15"),
        lea,
    )
    .await;
    let before = app
        .get_json(&staff, &format!("/api/v1/advisors/{lea}/livret"))
        .await;
    let remn = version(&before, "2019");
    assert_eq!(ccp(remn, "CCP1")["held"], true);
    assert_eq!(ccp(remn, "CCP2")["held"], true);
    assert_eq!(ccp(remn, "CCP3")["held"], false);
    // She sits the 2025 CCP3: her REMN CCPs count as the 2025 ones.
    let session = exam_session(&app, &histya, remote("CCP3", "2026-07-16", None)).await;
    for h in [&h1, &h2] {
        add_juror(&app, &histya, session, h.id).await;
    }
    let registered = app
        .post(
            &histya,
            &format!("/api/v1/exam-sessions/{session}/candidates"),
            json!({"advisor_id": lea}),
        )
        .await;
    assert_eq!(
        registered.status(),
        StatusCode::CREATED,
        "{}",
        registered.text().await.unwrap()
    );
    let sitting = app
        .get_json(&staff, &format!("/api/v1/advisors/{lea}/livret"))
        .await;
    let mn = version(&sitting, "2025");
    assert_eq!(ccp(mn, "CCP1")["route"], "correspondence");
    assert_eq!(ccp(mn, "CCP1")["via"], "CCP1 — titre 2019");
    assert_eq!(ccp(mn, "CCP2")["held"], true);
    assert_eq!(ccp(mn, "CCP3")["held"], false);
    assert_eq!(mn["complete"], false);
    app.at("2026-07-16T08:00:00Z");
    // She presents the last CCP she misses of the 2025 version: the entretien final is due.
    let refused = app
        .put(
            &h1.token,
            &format!("/api/v1/exam-sessions/{session}/results/{lea}"),
            json!({"outcome": "validated"}),
        )
        .await;
    assert_problem(refused, 409, "Entretien final requis").await;
    crate::support::observe_entretien_final(&app, &h1.token, session, lea).await;
    record_result(
        &app,
        &h1.token,
        session,
        lea,
        json!({"outcome": "validated"}),
    )
    .await;
    confirm(&app, &h2.token, session).await;
    publish(&app, &histya, session).await;
    let certs = app
        .get_json(&staff, &format!("/api/v1/advisors/{lea}/certifications"))
        .await;
    assert_eq!(
        certs["full_title"]["title"], "Médiateur numérique",
        "{certs}"
    );
    assert_eq!(certs["full_title"]["version"], "2025");
    let after = app
        .get_json(&staff, &format!("/api/v1/advisors/{lea}/livret"))
        .await;
    assert_eq!(version(&after, "2025")["title_awarded_on"], "2026-07-16");
    assert!(version(&after, "2019")["title_awarded_on"].is_null());
    // Staff record the DREETS livret number.
    let title_id = version(&after, "2025")["title_id"].as_i64().unwrap();
    let numbered = app
        .put_ok(
            &staff,
            &format!("/api/v1/advisors/{lea}/livrets/{title_id}"),
            json!({"number": "DREETS-ARA-2026-0042", "issued_on": "2026-09-01"}),
        )
        .await;
    assert_eq!(
        version(&numbered, "2025")["livret_number"],
        "DREETS-ARA-2026-0042"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn the_resit_reminder_goes_once_thirty_days_before_the_deadline() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let w = ExamWorld::published(&app).await;
    let leo = w.candidates[1];
    let livret = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{leo}/livret"))
        .await;
    assert_eq!(livret["resits"][0]["deadline"], "2027-03-10", "{livret}");
    let reminders = |peer: &SmtpPeer| {
        peer.messages()
            .iter()
            .filter(|m| plain(m).contains("jusqu'au 10/03/2027"))
            .count()
    };
    app.run_jobs().await;
    assert_eq!(reminders(&peer), 0, "not before its day");
    app.at("2027-02-08T12:00:00Z");
    app.run_jobs().await;
    assert_eq!(reminders(&peer), 1);
    let message = peer
        .messages()
        .into_iter()
        .find(|m| plain(m).contains("jusqu'au 10/03/2027"))
        .unwrap();
    assert_eq!(message.to, vec!["leo@example.org".to_owned()]);
    app.at("2027-02-20T12:00:00Z");
    app.run_jobs().await;
    assert_eq!(reminders(&peer), 1, "sent once");
}

#[tokio::test]
async fn the_ccp_to_resit_list_comes_as_csv_for_the_organisation_in_scope() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::published(&app).await;
    let leo = w.candidates[1];
    let response = app.get(&w.staff, "/api/v1/ccp-resits/export.csv").await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(
        rows,
        vec![
            "id;nom;prénom;email;certification;titre;échec le;à repasser avant le",
            &format!("{leo};Martin;Léa;leo@example.org;CCP1;2025;10/03/2026;10/03/2027"),
        ]
    );
    // Another organisation does not see La Fabrik's advisors; a trainer gets the rule.
    let histya = app.staff_token("histya@example.org", "histya").await;
    let theirs = app.get_json(&histya, "/api/v1/ccp-resits").await;
    assert!(theirs.as_array().unwrap().is_empty(), "{theirs}");
    let trainer = app
        .token("trainer@example.org", "trainer", Some("la-fabrik"))
        .await;
    assert_problem(
        app.get(&trainer, "/api/v1/ccp-resits/export.csv").await,
        403,
        "planification",
    )
    .await;
    app.run_jobs().await;
}
