//! The épreuves of a session as tests reach them: the schedule's épreuve ids by kind, a slot set
//! through the API, and a candidate's extra time written as an accepted decision leaves it.

use diesel::RunQueryDsl;
use reqwest::Response;
use serde_json::{Value, json};

use super::app::TestApp;

/// The schedule of `session` as `token` reads it.
pub async fn schedule_of(app: &TestApp, token: &str, session: i64) -> Value {
    app.get_json(token, &format!("/api/v1/exam-sessions/{session}/schedule"))
        .await
}

/// The id of the épreuve of `kind` listed for `advisor` in a schedule or grid document.
pub fn epreuve_of(document: &Value, advisor: i64, kind: &str) -> i64 {
    let candidate = document["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["advisor_id"] == advisor)
        .unwrap_or_else(|| panic!("no candidate {advisor} in {document}"));
    candidate["epreuves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} for {advisor} in {document}"))["epreuve_id"]
        .as_i64()
        .unwrap()
}

/// Sets `advisor`'s slot for `epreuve` in `session` from `starts_at` with `jurors`, as `token`.
pub async fn put_slot(
    app: &TestApp,
    token: &str,
    session: i64,
    (advisor, epreuve): (i64, i64),
    starts_at: &str,
    jurors: &[i64],
) -> Response {
    let path = format!("/api/v1/exam-sessions/{session}/schedule/{advisor}/{epreuve}");
    app.put(
        token,
        &path,
        json!({"starts_at": starts_at, "juror_ids": jurors}),
    )
    .await
}

/// Gives `advisor`'s registration in `session` an extra time of `percent` (what an accepted
/// accommodation decision leaves in `exam_candidates.extra_time_percent`).
pub fn give_extra_time(app: &TestApp, session: i64, advisor: i64, percent: i32) {
    app.with_conn(|c| {
        diesel::sql_query(format!(
            "UPDATE exam_candidates SET extra_time_percent = {percent} \
             WHERE session_id = {session} AND advisor_id = {advisor}"
        ))
        .execute(c)
        .unwrap()
    });
}

/// Records the jury's observation on `advisor`'s entretien final in `session`, as `juror`.
pub async fn observe_entretien_final(app: &TestApp, juror: &str, session: i64, advisor: i64) {
    let grid = app
        .get_json(juror, &format!("/api/v1/exam-sessions/{session}/grid"))
        .await;
    let epreuve = epreuve_of(&grid, advisor, "entretien_final");
    let observation =
        json!({"observations": [{"epreuve_id": epreuve, "observation": "Projet cohérent."}]});
    let path = format!("/api/v1/exam-sessions/{session}/grid/{advisor}");
    app.put_ok(juror, &path, observation).await;
}
