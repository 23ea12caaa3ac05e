//! The access matrix: every role against every endpoint, and no access to another
//! organisation's data. A `-` means the role is not tried for that endpoint.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, assert_problem};

const ROLES: [&str; 8] = [
    "anonymous",
    "admin",
    "coordinator",
    "staff_a",
    "staff_b",
    "trainer_a",
    "examiner_a",
    "advisor_a",
];

struct World {
    tokens: Vec<Option<String>>,
    advisor_a: i64,
    advisor_b: i64,
    cohort_a: i64,
    fabrik: i64,
    mednum: i64,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let staff_a = app.staff_token("staff.a@example.org", "la-fabrik").await;
    let staff_b = app.staff_token("staff.b@example.org", "francilin").await;
    let advisor_a = app
        .advisor(&staff_a, advisor_body("advisor.a@example.org"))
        .await;
    let mut body_b = advisor_body("advisor.b@example.org");
    body_b["territory"] = json!("974");
    let advisor_b = app.advisor(&staff_b, body_b).await;
    let cohort = app
        .created(
            &staff_a,
            "/api/v1/cohorts",
            json!({"kind": "initial", "track_id": 1, "starts_on": "2026-04-06",
                   "ends_on": "2026-07-10", "venue": "Lyon", "capacity": 12}),
        )
        .await;
    let cohort_a = cohort["id"].as_i64().unwrap();
    let coordinator = app
        .token("coord@example.org", "coordinator", Some("anct"))
        .await;
    let trainer = app
        .token("trainer.a@example.org", "trainer", Some("la-fabrik"))
        .await;
    let examiner = app
        .token("examiner.a@example.org", "examiner", Some("la-fabrik"))
        .await;
    app.user(
        "advisor.account@example.org",
        "advisor",
        None,
        Some(advisor_a),
    );
    let advisor = app.login_token("advisor.account@example.org").await;
    World {
        tokens: vec![
            None,
            Some(admin),
            Some(coordinator),
            Some(staff_a),
            Some(staff_b),
            Some(trainer),
            Some(examiner),
            Some(advisor),
        ],
        advisor_a,
        advisor_b,
        cohort_a,
        fabrik: app.org("la-fabrik"),
        mednum: app.org("la-mednum"),
    }
}

async fn call(
    app: &TestApp,
    token: Option<&str>,
    method: &Method,
    path: &str,
    body: Option<Value>,
) -> StatusCode {
    let mut request = app.client.request(method.clone(), app.url(path));
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    if let Some(b) = body {
        request = request.json(&b);
    }
    request.send().await.unwrap().status()
}

/// One row: the call, then the expected status per role in [`ROLES`] order (0 = not tried).
type Row = (Method, String, Option<fn(usize, &World) -> Value>, [u16; 8]);

fn rows(w: &World) -> Vec<Row> {
    let (a, b, c) = (w.advisor_a, w.advisor_b, w.cohort_a);
    vec![
        (
            Method::GET,
            "/api/v1/me".into(),
            None,
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/organisations".into(),
            None,
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/territories".into(),
            None,
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/tracks".into(),
            None,
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/modules".into(),
            None,
            [401, 200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/advisors".into(),
            None,
            [401, 200, 200, 200, 200, 200, 403, 403],
        ),
        (
            Method::GET,
            format!("/api/v1/advisors/{a}"),
            None,
            [401, 200, 200, 200, 404, 200, 404, 200],
        ),
        (
            Method::GET,
            format!("/api/v1/advisors/{b}"),
            None,
            [401, 200, 200, 404, 200, 404, 404, 404],
        ),
        (
            Method::PATCH,
            format!("/api/v1/advisors/{a}"),
            Some(|_, _| json!({"phone": "01 02 03 04 05"})),
            [401, 200, 403, 200, 404, 403, 404, 403],
        ),
        (
            Method::POST,
            "/api/v1/advisors".into(),
            Some(|n, w| {
                let mut body = advisor_body(&format!("new{n}@example.org"));
                body["organisation_id"] = json!(w.fabrik);
                body
            }),
            [401, 201, 403, 201, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/advisors/{a}/positioning-tests"),
            Some(|_, _| json!({"taken_on": "2026-02-01", "score": 700})),
            [401, 201, 403, 201, 404, 403, 404, 403],
        ),
        (
            Method::GET,
            "/api/v1/cohorts".into(),
            None,
            [401, 200, 200, 200, 200, 200, 403, 403],
        ),
        (
            Method::GET,
            format!("/api/v1/cohorts/{c}"),
            None,
            [401, 200, 200, 200, 404, 200, 404, 404],
        ),
        (
            Method::POST,
            "/api/v1/cohorts".into(),
            Some(|_, w| {
                json!({"organisation_id": w.fabrik, "kind": "initial", "track_id": 1,
                       "starts_on": "2026-05-04", "ends_on": "2026-08-07", "remote": true,
                       "capacity": 10})
            }),
            [401, 201, 403, 201, 403, 403, 403, 403],
        ),
        (
            Method::PATCH,
            format!("/api/v1/cohorts/{c}"),
            Some(|_, _| json!({"capacity": 14})),
            [401, 200, 403, 200, 404, 403, 404, 404],
        ),
        (
            Method::POST,
            "/api/v1/organisations".into(),
            Some(|n, _| {
                json!({"slug": format!("mairie-{n}"), "name": format!("Mairie {n}"),
                               "kind": "host_structure", "roles": ["host_structure"]})
            }),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::PATCH,
            format!("/api/v1/organisations/{}", w.fabrik),
            Some(|_, _| json!({"name": "La Fabrik"})),
            [401, 200, 403, 200, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/tracks".into(),
            Some(|n, _| json!({"name": format!("Stage {n}"), "hours": 210})),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/territories".into(),
            Some(|_, _| json!({"code": "984", "name": "TAAF", "timezone": "Indian/Kerguelen"})),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/modules".into(),
            Some(|n, w| {
                json!({"theme": "Test", "title": format!("Module {n}"), "hours": 7,
                               "owner_organisation_id": w.mednum})
            }),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(|n, _| {
                json!({"email": format!("newadmin{n}@example.org"), "name": "X",
                               "password": "un-long-mot-de-passe", "role": "admin"})
            }),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(|n, w| {
                json!({"email": format!("trainer{n}@example.org"), "name": "X",
                               "password": "un-long-mot-de-passe", "role": "trainer",
                               "organisation_id": w.fabrik})
            }),
            [401, 201, 403, 201, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(|n, w| {
                json!({"email": format!("coord{n}@example.org"), "name": "X",
                               "password": "un-long-mot-de-passe", "role": "coordinator",
                               "organisation_id": w.fabrik})
            }),
            [401, 201, 403, 403, 403, 403, 403, 403],
        ),
    ]
}

#[tokio::test]
async fn every_role_against_every_endpoint() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut failures = Vec::new();
    let mut n = 0;
    for (method, path, body, expected) in rows(&w) {
        for (role, want) in ROLES.iter().zip(expected) {
            if want == 0 {
                continue;
            }
            n += 1;
            let index = ROLES.iter().position(|r| r == role).unwrap();
            let token = w.tokens[index].as_deref();
            let got = call(&app, token, &method, &path, body.map(|f| f(n, &w))).await;
            if got.as_u16() != want {
                failures.push(format!(
                    "{role:>12} {method} {path}: expected {want}, got {got}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn an_advisor_sees_only_their_own_record() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let advisor = w.tokens[7].as_deref().unwrap();
    let own = app
        .get_json(advisor, &format!("/api/v1/advisors/{}", w.advisor_a))
        .await;
    assert_eq!(own["email"], "advisor.a@example.org");
    let other = app
        .get(advisor, &format!("/api/v1/advisors/{}", w.advisor_b))
        .await;
    assert_problem(other, 404, "/problems/not-found").await;
    let me = app.get_json(advisor, "/api/v1/me").await;
    assert_eq!(me["advisor_id"], w.advisor_a);
    assert_eq!(me["role"], "advisor");
}

#[tokio::test]
async fn a_coordinator_sees_the_organisations_it_coordinates_only() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    // La Mednum coordinates module providers, not La Fabrik's initial training.
    let mednum = app
        .token("mednum@example.org", "coordinator", Some("la-mednum"))
        .await;
    let advisor = app
        .get(&mednum, &format!("/api/v1/advisors/{}", w.advisor_a))
        .await;
    assert_problem(advisor, 404, "/problems/not-found").await;
    let anct = w.tokens[2].as_deref().unwrap();
    let list = app.get_json(anct, "/api/v1/advisors").await;
    assert_eq!(list["total"], 2);
}

#[tokio::test]
async fn staff_lists_only_their_organisation() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let staff_b = w.tokens[4].as_deref().unwrap();
    let list = app.get_json(staff_b, "/api/v1/advisors").await;
    let ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![w.advisor_b]);
    let cohorts = app.get_json(staff_b, "/api/v1/cohorts").await;
    assert_eq!(cohorts["total"], 0);
}

#[tokio::test]
async fn staff_may_not_grant_admin_or_coordinator_roles_nor_outside_their_organisation() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let staff_a = w.tokens[3].as_deref().unwrap();
    for (role, org) in [
        ("admin", None),
        ("coordinator", Some(w.fabrik)),
        ("examiner", Some(w.fabrik)),
        ("staff", Some(app.org("francilin"))),
    ] {
        let response = app
            .post(
                staff_a,
                "/api/v1/users",
                json!({"email": format!("x-{role}@example.org"), "name": "X",
                       "password": "un-long-mot-de-passe", "role": role, "organisation_id": org}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role}");
        assert_problem(response, 403, "/problems/forbidden").await;
    }
    let advisor_c = app
        .advisor(staff_a, advisor_body("advisor.c@example.org"))
        .await;
    let advisor_account = app
        .post(
            staff_a,
            "/api/v1/users",
            json!({"email": "compte.conseiller@example.org", "name": "Léa",
                   "password": "un-long-mot-de-passe", "role": "advisor", "advisor_id": advisor_c}),
        )
        .await;
    let status = advisor_account.status();
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        advisor_account.text().await.unwrap()
    );
    let foreign_advisor = app
        .post(
            staff_a,
            "/api/v1/users",
            json!({"email": "autre.conseiller@example.org", "name": "Léo",
                   "password": "un-long-mot-de-passe", "role": "advisor", "advisor_id": w.advisor_b}),
        )
        .await;
    assert_problem(foreign_advisor, 422, "/problems/validation").await;
}

#[tokio::test]
async fn users_need_an_organisation_valid_email_and_long_password() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let response = app
        .post(
            &admin,
            "/api/v1/users",
            json!({"email": "bad", "name": "X", "password": "court", "role": "staff"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    for field in ["email", "password", "organisation_id"] {
        assert!(body["errors"][field].is_string(), "{field}: {body}");
    }
    let duplicate = app
        .post(
            &admin,
            "/api/v1/users",
            json!({"email": "ADMIN@example.org", "name": "X",
              "password": "un-long-mot-de-passe", "role": "admin"}),
        )
        .await;
    assert_problem(duplicate, 422, "/problems/validation").await;
}
