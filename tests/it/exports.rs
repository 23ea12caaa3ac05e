//! Exports in the shapes others read: the ANCT dataspace `formation` CSV (its exact header, a
//! row's values, the rows left out and why, scope), an exam session's Pix list (its header order,
//! the birth name) and its CERES identity list.

use chrono::NaiveDate;
use diesel::prelude::*;
use parcours::db::schema::titles;
use serde_json::json;

use crate::support::{ExamWorld, TestApp, advisor_body, assert_problem, cohort, enrol};

const DATASPACE: &str = "/api/v1/exports/dataspace-formation.csv";
const REJECTED: &str = "/api/v1/exports/dataspace-formation/rejected";

/// The CSV's lines, without the BOM.
async fn csv_lines(app: &TestApp, token: &str, path: &str) -> Vec<String> {
    let response = app.get(token, path).await;
    assert_eq!(response.status().as_u16(), 200);
    let text = response.text().await.unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    text.lines().map(str::to_owned).collect()
}

/// Records a Pix result and a full title for `advisor`.
fn pix_and_title(app: &TestApp, advisor: i64) {
    let now = app.ctx().now;
    app.with_conn(|conn| {
        let day = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        parcours::db::exams::add_pix_result(conn, advisor, day, 420, "P-ABC", None, now).unwrap();
        let title: i64 = titles::table.select(titles::id).first(conn).unwrap();
        parcours::db::exams::award_title(conn, advisor, title, day, now).unwrap();
    });
}

#[tokio::test]
async fn the_dataspace_formation_rows_are_keyed_on_the_anct_id_with_its_values() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let remote = cohort(&app, &staff, 2, "2026-04-06", "2026-05-29", 12).await;
    app.patch_ok(
        &staff,
        &format!("/api/v1/cohorts/{remote}"),
        json!({"remote": true, "lot": "3", "marche": "ANCT 2026-FORM-01"}),
    )
    .await;
    let mut keyed = advisor_body("keyed@example.org");
    keyed["anct_id"] = json!("PG-777");
    let keyed = app.advisor(&staff, keyed).await;
    let unkeyed = app
        .advisor(&staff, advisor_body("unkeyed@example.org"))
        .await;
    enrol(&app, &staff, remote, keyed).await;
    enrol(&app, &staff, remote, unkeyed).await;
    pix_and_title(&app, keyed);

    let lines = csv_lines(&app, &staff, DATASPACE).await;
    assert_eq!(
        lines[0],
        "personne_id;label;parcours;lot;marche_formation;lieu;date_debut;date_fin;pix;remn;observations"
    );
    assert_eq!(
        lines[1..],
        ["PG-777;CCP1;175h;3;ANCT 2026-FORM-01;distanciel;2026-04-06;2026-05-29;true;true;"]
    );

    // The advisor without an ANCT id is left out, and listed with why.
    let rejected = app.get_json(&staff, REJECTED).await;
    assert_eq!(rejected["count"], 1);
    assert_eq!(rejected["rows"][0]["advisor_id"], unkeyed);
    assert_eq!(rejected["rows"][0]["cohort_id"], remote);
    assert_eq!(
        rejected["rows"][0]["reasons"],
        json!(["pas d'identifiant ANCT (personne_id)"])
    );

    // A cohort at a venue, without lot nor marché: its rows are refused for that; an advisor
    // without Pix nor title gets false.
    let onsite = cohort(&app, &staff, 3, "2026-06-01", "2026-06-12", 12).await;
    let mut plain = advisor_body("plain@example.org");
    plain["anct_id"] = json!("PG-888");
    let plain = app.advisor(&staff, plain).await;
    enrol(&app, &staff, onsite, plain).await;
    let rejected = app.get_json(&staff, REJECTED).await;
    assert_eq!(rejected["count"], 2);
    assert_eq!(
        rejected["rows"][1]["reasons"],
        json!(["session sans lot", "session sans marché"])
    );
    app.patch_ok(
        &staff,
        &format!("/api/v1/cohorts/{onsite}"),
        json!({"lot": "1", "marche": "M-2"}),
    )
    .await;
    let lines = csv_lines(&app, &staff, DATASPACE).await;
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(
        lines[2],
        "PG-888;CCP1;70h;1;M-2;Lyon, salle 2;2026-06-01;2026-06-12;false;false;"
    );

    // Another organisation's staff see none of these rows; an advisor may not export.
    let outsider = app.staff_token("simplon@example.org", "simplon").await;
    assert_eq!(csv_lines(&app, &outsider, DATASPACE).await.len(), 1);
    assert_eq!(app.get_json(&outsider, REJECTED).await["count"], 0);

    // The dashboard page links the export and the report of the rows left out.
    let browser = app.logged_in("staff@example.org").await;
    let page = app.page(&browser, "/progress").await;
    assert!(
        page.contains("/api/v1/exports/dataspace-formation.csv"),
        "{page}"
    );
    assert!(
        page.contains("dataspace-formation/rejected\">voir les lignes non exportables"),
        "{page}"
    );
    // The link opens with the page's session, no token needed.
    let followed = app.visit_text(&browser, DATASPACE).await;
    assert!(
        followed.contains("personne_id;label;parcours"),
        "{followed}"
    );
    app.run_jobs().await;
}

/// A candidate with a birth name and a recorded place of birth, convoked from training.
async fn world_with_identity(app: &TestApp) -> (ExamWorld, i64) {
    let mut world = ExamWorld::jury_set(app).await;
    let mut body = advisor_body("naissance@example.org");
    body["last_name"] = json!("Durand");
    body["birth_name"] = json!("Dupont");
    body["first_name"] = json!("Anne Marie");
    body["birth_date"] = json!("1990-05-04");
    body["sex"] = json!("F");
    body["birth_commune_code"] = json!("69123");
    let advisor = world.add_candidate(app, body, "training").await;
    (world, advisor)
}

#[tokio::test]
async fn the_pix_list_follows_pix_s_column_order_with_the_birth_name() {
    let app = TestApp::spawn().await;
    let (world, advisor) = world_with_identity(&app).await;
    let path = format!("/api/v1/exam-sessions/{}/pix-candidates.csv", world.session);
    let lines = csv_lines(&app, &world.staff, &path).await;
    assert_eq!(
        lines[0],
        "Nom de naissance;Prénom;Date de naissance (JJ/MM/AAAA);Sexe (M ou F);\
         Code INSEE de la commune de naissance;Code postal de la commune de naissance;\
         Nom de la commune de naissance;Pays de naissance;E-mail du destinataire des résultats;\
         E-mail de convocation;Identifiant local;Temps majoré (supposé)"
    );
    assert_eq!(
        lines[1],
        format!(
            "Dupont;Anne Marie;04/05/1990;F;69123;;Lyon;99100;naissance@example.org;\
             naissance@example.org;{advisor};"
        )
    );
    let browser = app.logged_in("staff@example.org").await;
    let page = app
        .page(&browser, &format!("/exam-sessions/{}", world.session))
        .await;
    assert!(page.contains(&path), "{page}");
    let outsider = app.staff_token("simplon@example.org", "simplon").await;
    assert_problem(
        app.get(&outsider, &path).await,
        404,
        "Page ou ressource introuvable.",
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn the_ceres_list_gives_each_candidate_s_birth_identity_and_route() {
    let app = TestApp::spawn().await;
    let (world, _) = world_with_identity(&app).await;
    let path = format!(
        "/api/v1/exam-sessions/{}/ceres-candidates.csv",
        world.session
    );
    let lines = csv_lines(&app, &world.staff, &path).await;
    assert_eq!(
        lines[0],
        "nom de naissance;nom d'usage;prénoms;sexe;date de naissance;code commune de naissance;\
         code postal de naissance;commune de naissance;pays de naissance;e-mail;voie d'accès"
    );
    assert_eq!(
        lines[1],
        "Dupont;Durand;Anne Marie;F;04/05/1990;69123;;Lyon;;naissance@example.org;formation"
    );
    let browser = app.logged_in("staff@example.org").await;
    let page = app
        .page(&browser, &format!("/exam-sessions/{}", world.session))
        .await;
    assert!(page.contains(&path), "{page}");
    let outsider = app.staff_token("simplon@example.org", "simplon").await;
    assert_problem(
        app.get(&outsider, &path).await,
        404,
        "Page ou ressource introuvable.",
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn a_ccp23_course_is_labelled_ccp2_and_ccp3_and_hours_outside_the_list_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let odd_track = app
        .created_id(
            &admin,
            "/api/v1/tracks",
            json!({"name": "Parcours 100 h (essai)", "hours": 100, "active": true}),
        )
        .await;
    let histya = app.staff_token("staff@histya.example.org", "histya").await;
    let course = app
        .created_id(
            &histya,
            "/api/v1/cohorts",
            json!({"kind": "ccp23", "track_id": 2, "starts_on": "2026-09-07",
                   "ends_on": "2026-12-31", "remote": true, "capacity": 12,
                   "lot": "5", "marche": "ANCT 2026-CCP23"}),
        )
        .await;
    let odd = app
        .created_id(
            &histya,
            "/api/v1/cohorts",
            json!({"kind": "ccp23", "track_id": odd_track, "starts_on": "2026-09-07",
                   "ends_on": "2026-12-31", "remote": true, "capacity": 12,
                   "lot": "5", "marche": "ANCT 2026-CCP23"}),
        )
        .await;
    let mut body = advisor_body("ccp23@example.org");
    body["anct_id"] = json!("PG-2323");
    let advisor = app.advisor(&histya, body).await;
    enrol(&app, &histya, course, advisor).await;
    enrol(&app, &histya, odd, advisor).await;

    let lines = csv_lines(&app, &histya, DATASPACE).await;
    assert_eq!(
        lines[1..],
        [
            "PG-2323;CCP2 & CCP3;175h;5;ANCT 2026-CCP23;distanciel;2026-09-07;2026-12-31;false;false;"
        ]
    );
    let rejected = app.get_json(&histya, REJECTED).await;
    assert_eq!(rejected["count"], 1, "{rejected}");
    assert_eq!(rejected["rows"][0]["cohort_id"], odd);
    assert_eq!(
        rejected["rows"][0]["reasons"],
        json!(["durée du parcours hors de la liste du dataspace : 100h"])
    );
    app.run_jobs().await;
}
