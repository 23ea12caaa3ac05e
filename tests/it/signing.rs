//! Signing attendance: the window, the enrolment, the QR route (tokens, steps, replays), self
//! signatures on site, the kiosk, idempotency, and the QR token against the published JWKS.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, assert_problem, cohort, enrol, enrol_joined, named_advisor};

/// A cohort of La Fabrik with a trainer, a training day today (Monday 2 March 2026, 9:00–17:00
/// in Paris; the clock says 10:00 there) and tomorrow, Léa and Léo enrolled, each with an account.
pub struct World {
    pub staff: String,
    pub trainer: String,
    pub cohort: i64,
    pub today: i64,
    pub tomorrow: i64,
    pub lea: i64,
    pub leo: i64,
    pub lea_token: String,
    pub leo_token: String,
}

impl World {
    pub fn half(&self, day: i64, half: &str) -> String {
        format!(
            "/api/v1/cohorts/{}/days/{day}/half-days/{half}",
            self.cohort
        )
    }
}

pub async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(app, &staff, 2, "2026-02-16", "2026-05-29", 12).await;
    let trainer_id = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{cohort_id}/trainers"),
        json!({"user_id": trainer_id}),
    )
    .await;
    let trainer = app.login_token("trainer@example.org").await;
    let days = format!("/api/v1/cohorts/{cohort_id}/days");
    let today = app
        .created_id(
            &staff,
            &days,
            json!({"date": "2026-03-02", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    let tomorrow = app
        .created_id(
            &staff,
            &days,
            json!({"date": "2026-03-03", "start_time": "09:00", "end_time": "17:00", "remote": true}),
        )
        .await;
    let lea = named_advisor(app, &staff, "Léa", "lea@example.org").await;
    let leo = named_advisor(app, &staff, "Léo", "leo@example.org").await;
    enrol(app, &staff, cohort_id, lea).await;
    enrol(app, &staff, cohort_id, leo).await;
    app.user("lea@example.org", "advisor", None, Some(lea));
    app.user("leo@example.org", "advisor", None, Some(leo));
    app.run_jobs().await;
    World {
        staff,
        trainer,
        cohort: cohort_id,
        today,
        tomorrow,
        lea,
        leo,
        lea_token: app.login_token("lea@example.org").await,
        leo_token: app.login_token("leo@example.org").await,
    }
}

/// The trainer's current QR token for `path` (a half-day).
pub async fn qr(app: &TestApp, w: &World, path: &str) -> String {
    let body = app.get_json(&w.trainer, &format!("{path}/qr-token")).await;
    body["token"].as_str().unwrap().to_owned()
}

pub fn trainee_signatures(app: &TestApp, advisor: i64) -> i64 {
    use parcours::db::schema::attendance_signatures as s;
    app.with_conn(|c| {
        s::table
            .filter(s::advisor_id.eq(advisor))
            .count()
            .get_result(c)
            .unwrap()
    })
}

async fn sign(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.post(token, &format!("{path}/signatures"), body).await
}

#[tokio::test]
async fn signing_is_open_only_within_the_window() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let tomorrow = w.half(w.tomorrow, "am");
    let early = sign(&app, &w.lea_token, &tomorrow, json!({})).await;
    assert_problem(
        early,
        409,
        "n'est pas encore ouverte : elle ouvre le mardi 3 mars 2026",
    )
    .await;
    app.at("2026-03-03T12:30:01Z");
    let late = sign(&app, &w.lea_token, &tomorrow, json!({})).await;
    assert_problem(late, 409, "est close depuis le mardi 3 mars 2026").await;
    app.at("2026-03-03T08:00:00Z");
    let signed = app
        .post_ok(&w.lea_token, &format!("{tomorrow}/signatures"), json!({}))
        .await;
    assert_eq!(signed["method"], "self");
    assert_eq!(signed["already"], false);
    assert_eq!(signed["without_on_site_proof"], false);
}

#[tokio::test]
async fn a_trainee_entering_later_cannot_sign_earlier_days() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let late = named_advisor(&app, &w.staff, "Tom", "tom@example.org").await;
    enrol_joined(&app, &w.staff, w.cohort, late, "2026-03-03").await;
    app.user("tom@example.org", "advisor", None, Some(late));
    let tom = app.login_token("tom@example.org").await;
    let token = qr(&app, &w, &w.half(w.today, "am")).await;
    let refused = sign(&app, &tom, &w.half(w.today, "am"), json!({"token": token})).await;
    assert_problem(
        refused,
        403,
        "Cette journée ne figure pas parmi vos inscriptions.",
    )
    .await;
    app.run_jobs().await;
    let other = named_advisor(&app, &w.staff, "Zoé", "zoe@example.org").await;
    app.user("zoe@example.org", "advisor", None, Some(other));
    let stranger = app.login_token("zoe@example.org").await;
    let hidden = sign(&app, &stranger, &w.half(w.today, "am"), json!({})).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn qr_tokens_belong_to_their_half_day_and_expire() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let am = w.half(w.today, "am");
    app.at("2026-03-02T11:20:00Z");
    let afternoon = qr(&app, &w, &w.half(w.today, "pm")).await;
    let other = sign(&app, &w.lea_token, &am, json!({"token": afternoon})).await;
    assert_problem(other, 409, "Ce code QR est celui d'une autre demi-journée.").await;
    let morning = qr(&app, &w, &am).await;
    app.at("2026-03-02T11:22:30Z");
    let expired = sign(&app, &w.lea_token, &am, json!({"token": morning})).await;
    assert_problem(
        expired,
        409,
        "Ce code QR a expiré : scannez celui affiché maintenant.",
    )
    .await;
    let forged = sign(&app, &w.lea_token, &am, json!({"token": "a.b.c"})).await;
    assert_problem(forged, 400, "n'est pas valide").await;
    let fresh = qr(&app, &w, &am).await;
    let signed = app
        .post_ok(
            &w.lea_token,
            &format!("{am}/signatures"),
            json!({"token": fresh}),
        )
        .await;
    assert_eq!(signed["method"], "qr");
    let again = app
        .post_ok(
            &w.lea_token,
            &format!("{am}/signatures"),
            json!({"token": fresh}),
        )
        .await;
    assert_eq!(again["already"], true);
    assert_eq!(trainee_signatures(&app, w.lea), 1);
}

#[tokio::test]
async fn a_signing_step_serves_its_first_person_once() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let token = qr(&app, &w, &w.half(w.today, "am")).await;
    let secret = |body: Value| body["secret"].as_str().unwrap().to_owned();
    let lea_step = secret(
        app.post_ok(
            &w.lea_token,
            "/api/v1/signing-steps",
            json!({"token": token}),
        )
        .await,
    );
    let path = format!("/api/v1/signing-steps/{lea_step}/signature");
    let stolen = app.post(&w.leo_token, &path, json!({})).await;
    assert_problem(
        stolen,
        403,
        "Ce lien de signature a été ouvert par une autre personne.",
    )
    .await;
    let signed = app.post_ok(&w.lea_token, &path, json!({})).await;
    assert_eq!(
        (signed["method"].as_str(), signed["already"].as_bool()),
        (Some("qr"), Some(false))
    );
    let replayed = app.post(&w.leo_token, &path, json!({})).await;
    assert_problem(replayed, 403, "Ce lien de signature a déjà servi.").await;
    let again = app.post_ok(&w.lea_token, &path, json!({})).await;
    assert_eq!(again["already"], true);
    assert_eq!(trainee_signatures(&app, w.lea), 1);
    assert_eq!(trainee_signatures(&app, w.leo), 0);
    // Scanned before logging in: the step binds to whoever opens it first.
    let anonymous = app
        .client
        .post(app.url("/api/v1/signing-steps"))
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::OK);
    let open = secret(anonymous.json().await.unwrap());
    let path = format!("/api/v1/signing-steps/{open}/signature");
    assert_eq!(
        app.post_ok(&w.leo_token, &path, json!({})).await["method"],
        "qr"
    );
}

#[tokio::test]
async fn self_signing_on_site_needs_the_trainers_leave_and_proves_no_presence() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let am = w.half(w.today, "am");
    let refused = sign(&app, &w.lea_token, &am, json!({})).await;
    assert_problem(refused, 403, "scannez le code QR affiché par le formateur").await;
    let denied = app
        .put(
            &w.lea_token,
            &format!("{am}/self-sign"),
            json!({"allowed": true}),
        )
        .await;
    assert_eq!(denied.status(), StatusCode::NOT_FOUND);
    let board = app
        .put_ok(
            &w.trainer,
            &format!("{am}/self-sign"),
            json!({"allowed": true}),
        )
        .await;
    assert_eq!(board["self_sign_on_site"], true);
    let signed = app
        .post_ok(&w.lea_token, &format!("{am}/signatures"), json!({}))
        .await;
    assert_eq!(signed["without_on_site_proof"], true);
    let board = app.get_json(&w.trainer, &am).await;
    let lea = board["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["advisor_id"] == w.lea)
        .unwrap();
    assert_eq!(
        (lea["status"].as_str(), lea["on_site_proof"].as_bool()),
        (Some("present"), Some(false))
    );
    let signable = app.get_json(&w.leo_token, "/api/v1/me/signable").await;
    assert_eq!(signable[0]["self_sign_allowed"], true, "{signable}");
}

#[tokio::test]
async fn the_kiosk_refuses_a_hostile_drawing_and_records_the_trainees_signature() {
    use parcours::db::schema::attendance_signatures as s;
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let path = format!("{}/kiosk-signatures", w.half(w.today, "am"));
    let hostile = json!({"advisor_id": w.lea, "drawn": "<path onload=\"alert(1)\"/>"});
    let refused = app.post(&w.trainer, &path, hostile).await;
    assert_problem(refused, 422, "La signature dessinée est illisible").await;
    let by_lea = app
        .post(
            &w.lea_token,
            &path,
            json!({"advisor_id": w.lea, "drawn": "M 1 1 L 2 2 L 3 3"}),
        )
        .await;
    assert_eq!(by_lea.status(), StatusCode::NOT_FOUND);
    let drawn = json!({"advisor_id": w.lea, "drawn": "M 10 10 L 20.04 20 L 30 30"});
    let signed = app.post_ok(&w.trainer, &path, drawn).await;
    assert_eq!(signed["method"], "kiosk");
    let (svg, user): (Option<String>, Option<i64>) = app.with_conn(|c| {
        s::table
            .filter(s::advisor_id.eq(w.lea))
            .select((s::drawn_svg, s::user_id))
            .first(c)
            .unwrap()
    });
    assert_eq!(svg.as_deref(), Some("M 10 10 L 20 20 L 30 30"));
    let trainer_id = app.with_conn(|c| {
        parcours::db::users::find_by_email(c, "trainer@example.org")
            .unwrap()
            .unwrap()
            .id
    });
    assert_eq!(user, Some(trainer_id));
}

#[tokio::test]
async fn a_qr_token_verifies_with_the_published_jwks() {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let body = app
        .get_json(&w.trainer, &format!("{}/qr-token", w.half(w.today, "am")))
        .await;
    let token = body["token"].as_str().unwrap();
    assert!(
        body["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/sign/qr/{token}"))
    );
    let kid = decode_header(token).unwrap().kid.unwrap();
    let jwks = app.public_json("/.well-known/jwks.json").await;
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap();
    let key = DecodingKey::from_ed_components(jwk["x"].as_str().unwrap()).unwrap();
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let claims = decode::<Value>(token, &key, &validation).unwrap().claims;
    assert_eq!(claims["typ"], "attendance-qr");
    assert_eq!(claims["p"], 1_772_442_000_i64 / 30);
}
