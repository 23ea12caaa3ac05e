//! Attendance proof for module session days, through the same rules as cohort days: a confirmed
//! participant signs a half-day by QR within its window (not before, not when not enrolled), on
//! the trainer's kiosk; the session's trainer closes (the unsigned absent, their host structure
//! told after the delay); the day's sheet is sealed and checks at /verify; attendance of each
//! enrolment follows once every half-day is closed, and the whole-session tick is then refused.
//! The session's pages: `module_signing_pages.rs`.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::absences_pages::plain;
use crate::smtp::SmtpPeer;
use crate::support::{
    TestApp, assert_problem, cohort, enrol, module_of, module_session, rename_user,
};

/// Simplon's one-day module session on 10 March 2026 (9:00–17:00 in Paris), its trainer assigned,
/// Léa and Léo (employed by Mairie X, which has a contact address) confirmed; Zoé not enrolled.
pub(crate) struct World {
    pub staff: String,
    pub provider: String,
    pub trainer: String,
    pub session: i64,
    pub day: i64,
    pub title: String,
    pub lea: i64,
    pub leo: i64,
    pub lea_token: String,
    pub zoe_token: String,
}

impl World {
    pub fn half(&self, half: &str) -> String {
        format!(
            "/api/v1/module-sessions/{}/days/{}/half-days/{half}",
            self.session, self.day
        )
    }
}

async fn advisor(app: &TestApp, staff: &str, first: &str, email: &str, host: Option<i64>) -> i64 {
    let mut body = json!({"first_name": first, "last_name": "Martin", "email": email,
                          "birth_date": "1995-05-17", "territory": "FR"});
    if let Some(host) = host {
        body["host_structure_id"] = json!(host);
    }
    app.advisor(staff, body).await
}

pub(crate) async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let admin = app.admin_token().await;
    let host = crate::support::mairie_x(app, &admin).await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let trainer_id = app.user(
        "formatrice@simplon.example.org",
        "trainer",
        Some("simplon"),
        None,
    );
    rename_user(app, trainer_id, "Inès Formatrice");
    let trainer = app.login_token("formatrice@simplon.example.org").await;
    let cohort_id = cohort(app, &staff, 2, "2026-02-02", "2026-05-29", 60).await;
    let module = module_of(app, &provider, 7, 0).await;
    let session = module_session(app, &provider, module, &["2026-03-10"], 10).await;
    let title = app
        .get_json(&provider, &format!("/api/v1/module-sessions/{session}"))
        .await["module_title"]
        .as_str()
        .unwrap()
        .to_owned();
    app.created(
        &provider,
        &format!("/api/v1/module-sessions/{session}/trainers"),
        json!({"user_id": trainer_id}),
    )
    .await;
    let lea = advisor(app, &staff, "Léa", "lea@example.org", None).await;
    let leo = advisor(app, &staff, "Léo", "leo@example.org", Some(host)).await;
    let zoe = advisor(app, &staff, "Zoé", "zoe@example.org", None).await;
    for (id, email) in [
        (lea, "lea@example.org"),
        (leo, "leo@example.org"),
        (zoe, "zoe@example.org"),
    ] {
        enrol(app, &staff, cohort_id, id).await;
        app.user(email, "advisor", None, Some(id));
    }
    for id in [lea, leo] {
        app.created(
            &staff,
            &format!("/api/v1/module-sessions/{session}/enrolments"),
            json!({"advisor_id": id}),
        )
        .await;
    }
    let day = app.with_conn(|c| {
        use parcours::db::schema::module_session_days as d;
        d::table
            .filter(d::session_id.eq(session))
            .select(d::id)
            .first::<i64>(c)
            .unwrap()
    });
    app.run_jobs().await;
    World {
        staff,
        provider,
        trainer,
        session,
        day,
        title,
        lea,
        leo,
        lea_token: app.login_token("lea@example.org").await,
        zoe_token: app.login_token("zoe@example.org").await,
    }
}

async fn qr(app: &TestApp, w: &World, half: &str) -> String {
    let body = app
        .get_json(&w.trainer, &format!("{}/qr-token", w.half(half)))
        .await;
    body["token"].as_str().unwrap().to_owned()
}

async fn sign_qr(app: &TestApp, w: &World, token: &str, half: &str) -> reqwest::Response {
    let qr = qr(app, w, half).await;
    app.post(
        token,
        &format!("{}/signatures", w.half(half)),
        json!({"token": qr}),
    )
    .await
}

async fn kiosk(app: &TestApp, w: &World, advisor: i64, half: &str) -> Value {
    app.post_ok(
        &w.trainer,
        &format!("{}/kiosk-signatures", w.half(half)),
        json!({"advisor_id": advisor, "drawn": "M 5 50 L 150 20 L 290 90"}),
    )
    .await
}

#[tokio::test]
async fn a_participant_signs_a_module_half_day_by_qr_within_its_window_only() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    // 8:30 in Paris: the morning opens at 8:45.
    app.at("2026-03-10T07:30:00Z");
    let early = sign_qr(&app, &w, &w.lea_token, "am").await;
    assert_problem(
        early,
        409,
        "n'est pas encore ouverte : elle ouvre le mardi 10 mars 2026",
    )
    .await;
    app.at("2026-03-10T08:10:00Z");
    let signed = expect_ok(sign_qr(&app, &w, &w.lea_token, "am").await).await;
    assert_eq!(signed["method"], "qr");
    assert_eq!(signed["already"], false);
    let again = expect_ok(sign_qr(&app, &w, &w.lea_token, "am").await).await;
    assert_eq!(again["already"], true);

    // Zoé is not in the session: nothing to see. Léo withdrawn: the rule is named.
    let stranger = sign_qr(&app, &w, &w.zoe_token, "am").await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    let leo_enrolment = app.with_conn(|c| {
        use parcours::db::schema::module_enrolments as e;
        e::table
            .filter(e::advisor_id.eq(w.leo))
            .select(e::id)
            .first::<i64>(c)
            .unwrap()
    });
    let withdrawn = app
        .client
        .delete(app.url(&format!(
            "/api/v1/module-sessions/{}/enrolments/{leo_enrolment}",
            w.session
        )))
        .bearer_auth(&w.staff)
        .json(&json!({"reason": "Empêchement"}))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let leo_token = app.login_token("leo@example.org").await;
    let withdrawn = sign_qr(&app, &w, &leo_token, "am").await;
    assert_problem(
        withdrawn,
        403,
        "Cette journée ne figure pas parmi vos inscriptions.",
    )
    .await;

    // Léa's phone lists the module half-day open now.
    let signable = app.get_json(&w.lea_token, "/api/v1/me/signable").await;
    let listed = signable.as_array().unwrap();
    assert!(
        listed.iter().any(|s| s["kind"] == "module_day"
            && s["owner_id"] == w.session
            && s["signed"] == true),
        "{signable}"
    );
    app.run_jobs().await;
}

async fn expect_ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Runs the whole day: Léa signs the morning by QR and the afternoon on the kiosk, Léo only the
/// afternoon on the kiosk; the trainer closes both half-days.
pub(crate) async fn whole_day(app: &TestApp, w: &World) -> Value {
    app.at("2026-03-10T08:10:00Z");
    expect_ok(sign_qr(app, w, &w.lea_token, "am").await).await;
    app.at("2026-03-10T11:05:00Z");
    let closed = app
        .post_ok(&w.trainer, &format!("{}/close", w.half("am")), json!({}))
        .await;
    assert_eq!(closed["absent"], json!([w.leo]));
    app.at("2026-03-10T13:00:00Z");
    let signed = kiosk(app, w, w.lea, "pm").await;
    assert_eq!(signed["method"], "kiosk");
    kiosk(app, w, w.leo, "pm").await;
    app.at("2026-03-10T16:05:00Z");
    app.post_ok(&w.trainer, &format!("{}/close", w.half("pm")), json!({}))
        .await
}

fn text_of(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages = u32::try_from(doc.get_pages().len()).unwrap();
    let text = doc
        .extract_text(&(1..=pages).collect::<Vec<_>>())
        .unwrap()
        .replace('\u{a0}', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn closing_a_module_day_marks_the_absent_seals_its_sheet_and_derives_attendance() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let w = world(&app).await;
    let closed = whole_day(&app, &w).await;
    assert_eq!(closed["absent"], json!([]));
    assert_eq!(closed["board"]["trainers"][0]["name"], "Inès Formatrice");

    // The sheet: sealed once both half-days are closed, naming the module and the signatures.
    let sheet = app
        .get(
            &w.provider,
            &format!(
                "/api/v1/module-sessions/{}/days/{}/sealed-sheet",
                w.session, w.day
            ),
        )
        .await;
    assert_eq!(sheet.status(), StatusCode::OK);
    let text = text_of(&sheet.bytes().await.unwrap());
    for said in [
        w.title.as_str(),
        "Léa Martin",
        "Léo Martin",
        "Inès Formatrice",
        "Feuille d'émargement",
    ] {
        assert!(text.contains(said), "{said} in {text}");
    }
    let outsider = app
        .get(
            &w.zoe_token,
            &format!(
                "/api/v1/module-sessions/{}/days/{}/sealed-sheet",
                w.session, w.day
            ),
        )
        .await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    let code = app.with_conn(|c| {
        use parcours::db::schema::sealed_documents as d;
        d::table
            .filter(d::module_session_id.eq(w.session))
            .select(d::code)
            .first::<String>(c)
            .unwrap()
    });
    let verified = app.public_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(verified["kind"], "attendance_sheet");
    assert_eq!(verified["seal_verifies"], true);
    assert_eq!(verified["day"], "mardi 10 mars 2026");
    assert!(
        verified["cohort"].as_str().unwrap().starts_with(&w.title),
        "{verified}"
    );
    let page = app.public_text(&format!("/verify/{code}")).await;
    assert!(page.contains("mardi 10 mars 2026"), "{page}");

    // Attendance follows: Léa present at both half-days, Léo absent in the morning.
    let attended: Vec<(i64, Option<bool>)> = app.with_conn(|c| {
        use parcours::db::schema::module_enrolments as e;
        e::table
            .filter(e::session_id.eq(w.session))
            .order(e::advisor_id)
            .select((e::advisor_id, e::attended))
            .load(c)
            .unwrap()
    });
    assert_eq!(attended, vec![(w.lea, Some(true)), (w.leo, Some(false))]);
    let progress = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{}/progress", w.lea))
        .await;
    assert_eq!(progress["modules_completed"], 1);
    let tick = app
        .put(
            &w.provider,
            &format!("/api/v1/module-sessions/{}/attendance", w.session),
            json!({"entries": [{"advisor_id": w.leo, "attended": true}]}),
        )
        .await;
    assert_problem(tick, 409, "se fait par demi-journée signée").await;

    // Léo's employer hears of the morning 48 hours after it ended (12:30 in Paris), not before.
    let to_host = |peer: &SmtpPeer| {
        peer.messages()
            .into_iter()
            .filter(|m| m.to == vec!["rh@mairie-x.example.org".to_owned()])
            .collect::<Vec<_>>()
    };
    app.run_jobs().await;
    assert!(to_host(&peer).is_empty(), "not before the delay");
    app.at("2026-03-12T11:31:00Z");
    app.run_jobs().await;
    let notices = to_host(&peer);
    assert_eq!(notices.len(), 1);
    let text = plain(&notices[0]);
    for said in [
        "Léo Martin",
        "sans justificatif",
        w.title.as_str(),
        "mardi 10 mars 2026",
    ] {
        assert!(text.contains(said), "{said} in {text}");
    }
}

#[tokio::test]
async fn a_correction_after_closing_derives_attendance_again() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    whole_day(&app, &w).await;
    app.post_ok(
        &w.trainer,
        &format!("{}/corrections", w.half("am")),
        json!({"advisor_id": w.leo, "status": "present", "reason": "Feuille papier retrouvée"}),
    )
    .await;
    let leo: Option<bool> = app.with_conn(|c| {
        use parcours::db::schema::module_enrolments as e;
        e::table
            .filter(e::advisor_id.eq(w.leo))
            .select(e::attended)
            .first(c)
            .unwrap()
    });
    assert_eq!(leo, Some(true));
    let versions: i64 = app.with_conn(|c| {
        use parcours::db::schema::sealed_documents as d;
        d::table
            .filter(d::module_session_id.eq(w.session))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(versions, 2, "the correction seals a new version");
    app.expect_leftover_jobs();
}
