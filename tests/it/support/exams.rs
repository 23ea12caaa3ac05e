//! The certification world in one call: habilitated examiners, an exam session, its jury and
//! candidates, results recorded, confirmed and published. Every step asserts its answer.

use serde_json::{Value, json};

use super::app::TestApp;
use super::builders::{advisor_body, cohort, enrol_joined};

/// An examiner's account: its id and API token.
pub struct Examiner {
    /// The user id.
    pub id: i64,
    /// Its API token.
    pub token: String,
}

/// Gives `user` a habilitation for `certification` from 1 January 2026 (to `valid_to`, or
/// open-ended), as `admin`.
pub async fn habilitate(
    app: &TestApp,
    admin: &str,
    user: i64,
    certification: &str,
    valid_to: Option<&str>,
) {
    let mut body = json!({"certification": certification, "valid_from": "2026-01-01"});
    if let Some(to) = valid_to {
        body["valid_to"] = json!(to);
    }
    app.created(admin, &format!("/api/v1/users/{user}/habilitations"), body)
        .await;
}

/// An examiner of La Fabrik habilitated for CCP1 until `valid_to`.
pub async fn examiner_until(app: &TestApp, admin: &str, email: &str, valid_to: &str) -> Examiner {
    let id = app.user(email, "examiner", Some("la-fabrik"), None);
    habilitate(app, admin, id, "CCP1", Some(valid_to)).await;
    Examiner {
        id,
        token: app.login_token(email).await,
    }
}

/// An examiner of La Fabrik habilitated for CCP1 throughout 2026.
pub async fn examiner(app: &TestApp, admin: &str, email: &str) -> Examiner {
    examiner_until(app, admin, email, "2026-12-31").await
}

/// A CCP1 session body of La Fabrik in Lyon, room B12, 30 seats.
pub fn ccp1(starts_at: &str, ends_at: &str) -> Value {
    json!({"certification": "CCP1", "starts_at": starts_at, "ends_at": ends_at,
           "venue": "La Fabrik, Lyon", "room": "B12", "capacity": 30})
}

/// The CCP1 session body of 10 March 2026, 9:00–12:00 in Paris.
pub fn ccp1_on_10_march() -> Value {
    ccp1("2026-03-10T09:00:00+01:00", "2026-03-10T12:00:00+01:00")
}

/// The CCP1 session body of Tuesday 14 April 2026, 9:00–12:00 in Paris.
pub fn ccp1_on_14_april() -> Value {
    ccp1("2026-04-14T09:00:00+02:00", "2026-04-14T12:00:00+02:00")
}

/// Moves `session` to the afternoon of 14 April 2026, 13:30–16:30 (it must answer 200).
pub async fn move_to_14_april_afternoon(app: &TestApp, token: &str, session: i64) {
    let times =
        json!({"starts_at": "2026-04-14T13:30:00+02:00", "ends_at": "2026-04-14T16:30:00+02:00"});
    app.patch_ok(token, &format!("/api/v1/exam-sessions/{session}"), times)
        .await;
}

/// Cancels `session` because its room is unavailable (it must answer 200).
pub async fn cancel_exam_session(app: &TestApp, token: &str, session: i64) {
    let path = format!("/api/v1/exam-sessions/{session}/cancel");
    app.post_ok(token, &path, json!({"reason": "Salle indisponible"}))
        .await;
}

/// Plans an exam session as `token` (it must answer 201); returns its id.
pub async fn exam_session(app: &TestApp, token: &str, body: Value) -> i64 {
    app.created_id(token, "/api/v1/exam-sessions", body).await
}

/// Puts `user` on the jury of `session` (it must answer 201).
pub async fn add_juror(app: &TestApp, token: &str, session: i64, user: i64) {
    let path = format!("/api/v1/exam-sessions/{session}/examiners");
    app.created(token, &path, json!({"user_id": user})).await;
}

/// Registers `advisor` as a candidate of `session` by `route` (it must answer 201); returns
/// the candidate's JSON.
pub async fn convoke(app: &TestApp, token: &str, session: i64, advisor: i64, route: &str) -> Value {
    let path = format!("/api/v1/exam-sessions/{session}/candidates");
    app.created(token, &path, json!({"advisor_id": advisor, "route": route}))
        .await
}

/// Records `advisor`'s result in `session` as `token` (it must answer 200); returns it.
pub async fn record_result(
    app: &TestApp,
    token: &str,
    session: i64,
    advisor: i64,
    body: Value,
) -> Value {
    let path = format!("/api/v1/exam-sessions/{session}/results/{advisor}");
    app.put_ok(token, &path, body).await
}

/// Confirms the results of `session` as `token` (it must answer 200).
pub async fn confirm(app: &TestApp, token: &str, session: i64) -> Value {
    let path = format!("/api/v1/exam-sessions/{session}/confirm");
    app.post_ok(token, &path, json!({})).await
}

/// Publishes the results of `session` as `token` (it must answer 200).
pub async fn publish(app: &TestApp, token: &str, session: i64) -> Value {
    let path = format!("/api/v1/exam-sessions/{session}/publish");
    app.post_ok(token, &path, json!({})).await
}

/// A CCP1 session of La Fabrik on 10 March 2026 and the people around it, built up in stages.
pub struct ExamWorld {
    /// A platform admin's token.
    pub admin: String,
    /// La Fabrik's staff token (`staff@example.org`).
    pub staff: String,
    /// The first juror (`exa@example.org`), who records results.
    pub examiner_a: Examiner,
    /// The second juror (`exb@example.org`), who confirms them.
    pub examiner_b: Examiner,
    /// La Fabrik's January cohort (5 January – 27 February 2026, track 2).
    pub cohort: i64,
    /// The session, 10 March 2026 9:00–12:00 in Lyon.
    pub session: i64,
    /// The candidates registered so far, in order.
    pub candidates: Vec<i64>,
}

impl ExamWorld {
    /// Admin, staff, two habilitated examiners, the January cohort and the session with both
    /// examiners on its jury; no candidate yet.
    pub async fn jury_set(app: &TestApp) -> Self {
        let admin = app.admin_token().await;
        let staff = app.fabrik_staff().await;
        let examiner_a = examiner(app, &admin, "exa@example.org").await;
        let examiner_b = examiner(app, &admin, "exb@example.org").await;
        let cohort = cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
        let session = exam_session(app, &staff, ccp1_on_10_march()).await;
        for user in [examiner_a.id, examiner_b.id] {
            add_juror(app, &staff, session, user).await;
        }
        Self {
            admin,
            staff,
            examiner_a,
            examiner_b,
            cohort,
            session,
            candidates: Vec::new(),
        }
    }

    /// Records an advisor (`body`) and registers them by `route`; a `training` candidate is
    /// first enrolled in the January cohort from 5 January. Returns the advisor's id.
    pub async fn add_candidate(&mut self, app: &TestApp, body: Value, route: &str) -> i64 {
        let advisor = app.advisor(&self.staff, body).await;
        if route == "training" {
            enrol_joined(app, &self.staff, self.cohort, advisor, "2026-01-05").await;
        }
        convoke(app, &self.staff, self.session, advisor, route).await;
        self.candidates.push(advisor);
        advisor
    }

    /// The jury set, with Éloïse Ménard-Lefèvre (from training) and Léo Martin (VAE) convoked.
    pub async fn candidates_convoked(app: &TestApp) -> Self {
        let mut world = Self::jury_set(app).await;
        let mut eloise = advisor_body("eloise@example.org");
        eloise["first_name"] = json!("Éloïse");
        eloise["last_name"] = json!("Ménard-Lefèvre");
        world.add_candidate(app, eloise, "training").await;
        world
            .add_candidate(app, advisor_body("leo@example.org"), "vae")
            .await;
        world
    }

    /// Candidates convoked, then at 10:30 UTC on 10 March examiner A records Éloïse validated
    /// and Léo not validated (« Dossier incomplet »).
    pub async fn results_recorded(app: &TestApp) -> Self {
        let world = Self::candidates_convoked(app).await;
        app.at("2026-03-10T10:30:00Z");
        let outcomes = [
            json!({"outcome": "validated"}),
            json!({"outcome": "not_validated", "reasons": "Dossier incomplet"}),
        ];
        for (advisor, outcome) in world.candidates.iter().zip(outcomes) {
            world.record(app, *advisor, outcome).await;
        }
        world
    }

    /// Results recorded, confirmed by examiner B and published by staff.
    pub async fn published(app: &TestApp) -> Self {
        let world = Self::results_recorded(app).await;
        confirm(app, &world.examiner_b.token, world.session).await;
        publish(app, &world.staff, world.session).await;
        world
    }

    /// Records `advisor`'s result as examiner A.
    pub async fn record(&self, app: &TestApp, advisor: i64, body: Value) -> Value {
        record_result(app, &self.examiner_a.token, self.session, advisor, body).await
    }
}
