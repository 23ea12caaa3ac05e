//! What expires: the « Échéances » list shows each kind ending within the window and nothing
//! beyond it nor outside the actor's scope; host labels refuse what is wrong, by message, and
//! remind the host's staff; a title's prolongation moves the end shown. The reminders of
//! habilitations and Pix certifications are in `validity_reminders.rs`.

use serde_json::{Value, json};

use crate::absences_pages::{plain, subjects};
use crate::agrements::{agrement, title_id};
use crate::smtp::SmtpPeer;
use crate::support::{TestApp, advisor_body, assert_field_error, assert_problem, post_form};

/// Mairie X, a host structure, with its staff member `host-staff@example.org`; its id.
pub(crate) async fn mairie_x(app: &TestApp, admin: &str) -> i64 {
    let id = app
        .created(
            admin,
            "/api/v1/organisations",
            json!({"slug": "mairie-x", "name": "Mairie X", "kind": "host_structure",
                   "roles": ["host_structure"]}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    app.user("host-staff@example.org", "staff", Some("mairie-x"), None);
    id
}

/// An examiner of La Fabrik habilitated for CCP1 until `valid_to`: `(user id, habilitation id)`.
pub(crate) async fn habilitated(
    app: &TestApp,
    admin: &str,
    email: &str,
    valid_to: &str,
) -> (i64, i64) {
    let user = app.user(email, "examiner", Some("la-fabrik"), None);
    let body = json!({"certification": "CCP1", "valid_from": "2026-01-01", "valid_to": valid_to});
    let id = app
        .created_id(admin, &format!("/api/v1/users/{user}/habilitations"), body)
        .await;
    (user, id)
}

/// A La Fabrik advisor with a Pix certification taken on `taken_on`.
pub(crate) async fn with_pix(
    app: &TestApp,
    staff: &str,
    email: &str,
    taken_on: &str,
    code: &str,
) -> i64 {
    let advisor = app.advisor(staff, advisor_body(email)).await;
    app.created(
        staff,
        &format!("/api/v1/advisors/{advisor}/pix-results"),
        json!({"taken_on": taken_on, "score": 512, "verification_code": code}),
    )
    .await;
    advisor
}

/// The `(kind, subject)` of each item of a list.
fn kinds(list: &Value, key: &str) -> Vec<(String, String)> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_list_shows_each_kind_within_the_window_and_nothing_beyond_or_out_of_scope() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let host = mairie_x(&app, &admin).await;
    // Today is Monday 2 March 2026.
    habilitated(&app, &admin, "soon@example.org", "2026-05-01").await;
    habilitated(&app, &admin, "later@example.org", "2026-12-31").await;
    with_pix(&app, &staff, "pix-soon@example.org", "2023-04-15", "P-SOON").await;
    with_pix(
        &app,
        &staff,
        "pix-later@example.org",
        "2024-01-01",
        "P-LATER",
    )
    .await;
    agrement(
        &app,
        &admin,
        ("ARA-2025", "2025"),
        "2025-09-01",
        "2026-05-31",
    )
    .await;
    let label = json!({"year": 2025, "valid_from": "2025-05-16", "valid_until": "2026-05-15",
                       "reference": "DH-2025-17"});
    app.created(
        &admin,
        &format!("/api/v1/organisations/{host}/host-labels"),
        label,
    )
    .await;

    let all = app.get_json(&admin, "/api/v1/validity").await;
    assert_eq!(all["within"], 90);
    let ends: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ends_on"].as_str().unwrap())
        .collect();
    assert_eq!(
        ends,
        ["2026-04-14", "2026-05-01", "2026-05-15", "2026-05-31"],
        "ordered by end date: {all}"
    );
    assert_eq!(
        kinds(&all, "items"),
        [
            ("pix".to_owned(), "Léa Martin".to_owned()),
            ("habilitation".to_owned(), "Test examiner — CCP1".to_owned()),
            ("host_label".to_owned(), "Label 2025".to_owned()),
            ("agrement".to_owned(), "Agrément n° ARA-2025".to_owned()),
        ]
    );
    assert_eq!(all["items"][0]["days_left"], 43);
    assert_eq!(all["items"][2]["organisation"], "Mairie X");
    // The 2019 title ended on 1 July 2025, more than 90 days ago: in neither list.
    assert_eq!(kinds(&all, "expired"), []);
    let wide = app.get_json(&admin, "/api/v1/validity?within=365").await;
    assert_eq!(wide["total"], 6, "{wide}");
    assert!(
        kinds(&wide, "expired")
            .iter()
            .any(|(k, s)| k == "title" && s.contains("(2019)")),
        "{wide}"
    );

    // La Fabrik's staff: their agrément and their advisors' Pix, not Mairie X's label nor the
    // examiners' habilitations.
    let theirs = app.get_json(&staff, "/api/v1/validity").await;
    let seen: Vec<String> = kinds(&theirs, "items").into_iter().map(|k| k.0).collect();
    assert_eq!(seen, ["pix", "agrement"], "{theirs}");
    // Mairie X's staff: its label alone.
    let host_staff = app.login_token("host-staff@example.org").await;
    let label_only = app.get_json(&host_staff, "/api/v1/validity").await;
    let seen: Vec<String> = kinds(&label_only, "items")
        .into_iter()
        .map(|k| k.0)
        .collect();
    assert_eq!(seen, ["host_label"], "{label_only}");
    // An examiner: their own habilitation.
    let examiner = app.login_token("soon@example.org").await;
    let own = app.get_json(&examiner, "/api/v1/validity").await;
    assert_eq!(kinds(&own, "items").len(), 1, "{own}");
    assert_eq!(own["items"][0]["kind"], "habilitation");

    // The page, for a coordinator of the ANCT (which coordinates La Fabrik, not Mairie X).
    let browser = app
        .browser_as("coord@example.org", "coordinator", Some("anct"))
        .await;
    let page = app.page(&browser, "/validity").await;
    assert!(page.contains("Expire dans 90 jours"), "{page}");
    assert!(
        page.contains("data-label=\"Jours restants\">43 jours"),
        "{page}"
    );
    for shown in ["Agrément n° ARA-2025", "Test examiner — CCP1", "Léa Martin"] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    assert!(!page.contains("Label 2025"), "{page}");
    let wider = app.page(&browser, "/validity?within=30").await;
    assert!(wider.contains("Expire dans 30 jours"));
    assert!(!wider.contains("ARA-2025"));
    let admin_browser = app.logged_in("admin@example.org").await;
    let year = app.page(&admin_browser, "/validity?within=365").await;
    assert!(
        year.contains("2025</td><td data-label=\"Jours de retard\">244 jours"),
        "{year}"
    );
    let dashboard = app.page(&browser, "/").await;
    assert!(dashboard.contains("href=\"/validity\""), "{dashboard}");
    app.expect_leftover_jobs();
}

#[tokio::test]
async fn a_host_label_refuses_what_is_wrong_and_reminds_the_host_staff() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let admin = app.admin_token().await;
    let host = mairie_x(&app, &admin).await;
    let labels = format!("/api/v1/organisations/{host}/host-labels");
    let body = |year: i32, from: &str, until: &str| json!({"year": year, "valid_from": from, "valid_until": until, "reference": "DH-17"});
    let fabrik = app.org("la-fabrik");
    let not_host = app
        .post(
            &admin,
            &format!("/api/v1/organisations/{fabrik}/host-labels"),
            body(2026, "2026-01-01", "2026-12-31"),
        )
        .await;
    assert_problem(not_host, 422, "Seule une structure d'accueil").await;
    let reversed = app
        .post(&admin, &labels, body(2026, "2026-12-31", "2026-01-01"))
        .await;
    assert_eq!(
        assert_field_error(reversed, "valid_until").await,
        "La fin de validité suit son début."
    );
    let too_long = app
        .post(&admin, &labels, body(2026, "2026-01-01", "2027-01-01"))
        .await;
    assert_eq!(
        assert_field_error(too_long, "valid_until").await,
        "Un label vaut un an au plus."
    );
    let no_year = app
        .post(
            &admin,
            &labels,
            json!({"valid_from": "2026-01-01", "valid_until": "2026-12-31", "reference": "X"}),
        )
        .await;
    assert_field_error(no_year, "year").await;
    let staff = app.fabrik_staff().await;
    let elsewhere = app
        .post(&staff, &labels, body(2026, "2026-01-01", "2026-12-31"))
        .await;
    assert_problem(elsewhere, 404, "introuvable").await;

    // Recorded by its own staff, ending 30 April 2026: 90 days before is already past, 30 days
    // before is 31 March.
    let host_staff = app.login_token("host-staff@example.org").await;
    app.created(&host_staff, &labels, body(2025, "2025-05-01", "2026-04-30"))
        .await;
    let again = app
        .post(&host_staff, &labels, body(2025, "2025-05-01", "2026-04-30"))
        .await;
    assert_eq!(
        assert_field_error(again, "year").await,
        "Le label de cette année est déjà enregistré."
    );
    assert_eq!(
        app.get_json(&host_staff, &labels).await[0]["reference"],
        "DH-17"
    );
    app.at("2026-03-31T07:00:00Z");
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(
        subjects(&peer),
        ["Subject: Label de structure d'accueil : fin dans 30 jours (30/04/2026)"]
    );
    assert_eq!(
        peer.messages()[0].to,
        vec!["host-staff@example.org".to_owned()]
    );
    assert!(plain(&peer.messages()[0]).contains("Le label conseiller numérique 2025 de Mairie X"));

    // The form on the organisation's page, with its refusal in French.
    let browser = app.logged_in("host-staff@example.org").await;
    let page = app.page(&browser, &format!("/organisations/{host}")).await;
    assert!(
        page.contains("Label conseiller numérique") && page.contains("DH-17"),
        "{page}"
    );
    assert!(page.contains("Enregistrer le label"));
    let org_page = format!("/organisations/{host}");
    let action = format!("/organisations/{host}/host-labels");
    let refused = post_form(
        &app,
        &browser,
        &org_page,
        &action,
        &[
            ("year", "2026"),
            ("valid_from", "2026-05-01"),
            ("valid_until", "2026-04-30"),
            ("reference", "DH-18"),
        ],
    )
    .await;
    assert_eq!(refused.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("La fin de validité suit son début."),
        "{text}"
    );
    let recorded = post_form(
        &app,
        &browser,
        &org_page,
        &action,
        &[
            ("year", "2026"),
            ("valid_from", "2026-05-01"),
            ("valid_until", "2027-04-30"),
            ("reference", "DH-18"),
        ],
    )
    .await;
    assert_eq!(recorded.status(), reqwest::StatusCode::SEE_OTHER);
    assert!(app.page(&browser, &org_page).await.contains("DH-18"));
    app.expect_leftover_jobs();
}

#[tokio::test]
async fn a_title_prolongation_extends_the_end_shown() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let title = title_id(&app, "2019");
    let path = format!("/api/v1/titles/{title}/prolongation");
    let before = app.get_json(&admin, "/api/v1/validity?within=365").await;
    assert_eq!(before["items"].as_array().unwrap().len(), 0, "{before}");
    let prolonged = app
        .put_ok(&admin, &path, json!({"prolonged_until": "2026-04-30"}))
        .await;
    assert_eq!(prolonged["ends_on"], "2026-04-30");
    assert_eq!(prolonged["valid_until"], "2025-07-01");
    let after = app.get_json(&admin, "/api/v1/validity").await;
    assert_eq!(
        kinds(&after, "items"),
        [(
            "title".to_owned(),
            "Responsable d'espace de médiation numérique (2019), prolongé".to_owned()
        )]
    );
    assert_eq!(after["items"][0]["ends_on"], "2026-04-30");
    let staff = app.fabrik_staff().await;
    let refused = app
        .put(&staff, &path, json!({"prolonged_until": "2026-06-30"}))
        .await;
    assert_problem(refused, 403, "Réservé aux administrateurs").await;
    let early = app
        .put(&admin, &path, json!({"prolonged_until": "2025-06-30"}))
        .await;
    assert_eq!(
        assert_field_error(early, "prolonged_until").await,
        "La prolongation suit la fin de validité du titre."
    );
    app.expect_leftover_jobs();
}
