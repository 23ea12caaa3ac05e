//! Builders of the training world in one call: advisors, cohorts and their enrolments, module
//! sessions, accounts. Every set-up call asserts its answer.

use serde_json::{Value, json};

use super::app::TestApp;

/// A valid advisor body, aged 30 on the test's today, in metropolitan France.
pub fn advisor_body(email: &str) -> Value {
    json!({
        "first_name": "Léa",
        "last_name": "Martin",
        "email": email,
        "birth_date": "1995-05-17",
        "territory": "FR",
    })
}

/// An initial-training cohort of La Fabrik on track `track_id` (1 = 315 h, 2 = 175 h, 3 = 70 h),
/// with `capacity` seats, from `starts_on` to `ends_on`; returns its id.
pub async fn cohort(
    app: &TestApp,
    token: &str,
    track_id: i64,
    starts_on: &str,
    ends_on: &str,
    capacity: i32,
) -> i64 {
    let body = json!({"kind": "initial", "track_id": track_id, "starts_on": starts_on,
                      "ends_on": ends_on, "venue": "Lyon, salle 2", "capacity": capacity});
    app.created_id(token, "/api/v1/cohorts", body).await
}

/// Enrols `advisor_id` in `cohort_id`; returns the enrolment's JSON.
pub async fn enrol(app: &TestApp, token: &str, cohort_id: i64, advisor_id: i64) -> Value {
    let path = format!("/api/v1/cohorts/{cohort_id}/enrolments");
    app.created(token, &path, json!({"advisor_id": advisor_id}))
        .await
}

/// Enrols the advisor with this exact e-mail in `cohort_id` (how an organisation that does not
/// follow them names them); returns the enrolment's JSON.
pub async fn enrol_by_email(app: &TestApp, token: &str, cohort_id: i64, email: &str) -> Value {
    let path = format!("/api/v1/cohorts/{cohort_id}/enrolments");
    app.created(token, &path, json!({"advisor_email": email}))
        .await
}

/// A module session of `module_id` by Simplon (a module provider) on one or two days starting
/// `first_day` (`YYYY-MM-DD`), 9:00–17:00 in `zone`'s territory; returns its id.
pub async fn module_session(
    app: &TestApp,
    token: &str,
    module_id: i64,
    days: &[&str],
    capacity: i32,
) -> i64 {
    let days: Vec<Value> = days
        .iter()
        .map(|d| json!({"starts_at": format!("{d}T09:00:00+01:00"), "ends_at": format!("{d}T17:00:00+01:00")}))
        .collect();
    let body = json!({"module_id": module_id, "days": days, "venue": "Simplon Lyon", "capacity": capacity});
    app.created_id(token, "/api/v1/module-sessions", body).await
}

/// The id of a catalogue module lasting `hours`, the `n`-th one.
pub async fn module_of(app: &TestApp, token: &str, hours: i64, n: usize) -> i64 {
    let body = app.get_json(token, "/api/v1/modules?per_page=200").await;
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["hours"] == hours)
        .nth(n)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// Gives an account a display name (accounts made by [`TestApp::user`] are all "Test {role}").
pub fn rename_user(app: &TestApp, id: i64, name: &str) {
    use diesel::prelude::*;
    use parcours::db::schema::users;
    app.with_conn(|c| {
        diesel::update(users::table.find(id))
            .set(users::name.eq(name))
            .execute(c)
            .unwrap()
    });
}

/// Enrols `advisor_id` in `cohort_id` from `joined_on`; returns the enrolment's JSON.
pub async fn enrol_joined(
    app: &TestApp,
    token: &str,
    cohort_id: i64,
    advisor_id: i64,
    joined_on: &str,
) -> Value {
    let path = format!("/api/v1/cohorts/{cohort_id}/enrolments");
    app.created(
        token,
        &path,
        json!({"advisor_id": advisor_id, "joined_on": joined_on}),
    )
    .await
}

/// Records an advisor (`advisor_body(email)`) and enrols them in `cohort_id`; returns its id.
pub async fn enrolled_advisor(app: &TestApp, token: &str, cohort_id: i64, email: &str) -> i64 {
    let id = app.advisor(token, advisor_body(email)).await;
    enrol(app, token, cohort_id, id).await;
    id
}

/// Training days of `cohort_id`, 9:00–17:00 on each of `dates` (`YYYY-MM-DD`); returns their ids.
pub async fn training_days(app: &TestApp, token: &str, cohort_id: i64, dates: &[&str]) -> Vec<i64> {
    let path = format!("/api/v1/cohorts/{cohort_id}/days");
    let mut ids = Vec::new();
    for date in dates {
        let body = json!({"date": date, "start_time": "09:00", "end_time": "17:00"});
        ids.push(app.created_id(token, &path, body).await);
    }
    ids
}

/// Moves training day `day` of `cohort_id` to 10:00–17:30 (it must answer 200).
pub async fn move_day(app: &TestApp, token: &str, cohort_id: i64, day: i64) {
    let path = format!("/api/v1/cohorts/{cohort_id}/days/{day}");
    let times = json!({"start_time": "10:00", "end_time": "17:30"});
    app.patch_ok(token, &path, times).await;
}

/// Cancels training day `day` of `cohort_id` for a transport strike (it must answer 200).
pub async fn cancel_day(app: &TestApp, token: &str, cohort_id: i64, day: i64) {
    let path = format!("/api/v1/cohorts/{cohort_id}/days/{day}/cancel");
    let reason = json!({"reason": "Grève des transports"});
    app.post_ok(token, &path, reason).await;
}

/// Enrols `advisor_id` in module session `session` (it must answer 201); returns the
/// enrolment's id.
pub async fn module_enrolment(app: &TestApp, token: &str, session: i64, advisor_id: i64) -> i64 {
    let path = format!("/api/v1/module-sessions/{session}/enrolments");
    app.created_id(token, &path, json!({"advisor_id": advisor_id}))
        .await
}

/// Records an advisor called `first_name` with `email` (otherwise `advisor_body`); returns its id.
pub async fn named_advisor(app: &TestApp, token: &str, first_name: &str, email: &str) -> i64 {
    let mut body = advisor_body(email);
    body["first_name"] = json!(first_name);
    app.advisor(token, body).await
}

impl TestApp {
    /// Records an advisor through the API as `token` (it must answer 201) and returns its id.
    pub async fn advisor(&self, token: &str, body: Value) -> i64 {
        self.created_id(token, "/api/v1/advisors", body).await
    }
}

/// Mairie X, a host structure whose HR is written to at `rh@mairie-x.example.org`; its id.
pub async fn mairie_x(app: &TestApp, admin: &str) -> i64 {
    let host = app
        .created(
            admin,
            "/api/v1/organisations",
            json!({"slug": "mairie-x", "name": "Mairie X", "kind": "host_structure",
                   "roles": ["host_structure"]}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    app.patch_ok(
        admin,
        &format!("/api/v1/organisations/{host}"),
        json!({"contact_email": "rh@mairie-x.example.org"}),
    )
    .await;
    host
}

/// The path (`/calendar/{token}.ics`) of a new calendar feed of the account behind `token`,
/// renewed through the API.
pub async fn feed_path(app: &TestApp, token: &str) -> String {
    let url = app
        .post(token, "/api/v1/me/calendar/renew", json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    url[url.find("/calendar/").unwrap()..].to_owned()
}
