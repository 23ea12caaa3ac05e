//! Exam-day attendance (issue 14, « On the day »), through the rules of cohort and module days:
//! the session's jurors open and close its half-days, its registered candidates sign (QR, self,
//! kiosk), the sealed exam-day sheet names « juré » and « candidat » and checks at /verify; a
//! trainer off the jury may not close, another organisation sees nothing; an absence at an exam
//! is justified only by an arrêt maladie or a force majeure with its proof, and an `absent`
//! result marked justified needs that accepted proof (API and CSV import); the host structure
//! hears of an unjustified absence once.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::absences::{BOUNDARY, PDF, body};
use crate::absences_pages::plain;
use crate::smtp::SmtpPeer;
use crate::support::{ExamWorld, TestApp, advisor_body, assert_problem};

/// The 10 March CCP1 session (9:00–12:00 in Paris: one half-day, the morning) with its jury
/// (examiners A and B), Éloïse (from training) and Léo (VAE, employed by Mairie X, which has a
/// contact address) registered with their accounts; Zoé has an account but is not a candidate.
pub(crate) struct World {
    pub(crate) exam: ExamWorld,
    eloise: i64,
    leo: i64,
    eloise_token: String,
    leo_token: String,
    zoe_token: String,
}

impl World {
    fn half(&self) -> String {
        format!("/api/v1/exam-sessions/{}/half-days/am", self.exam.session)
    }

    fn juror(&self) -> &str {
        &self.exam.examiner_a.token
    }
}

pub(crate) async fn world(app: &TestApp) -> World {
    let mut exam = ExamWorld::jury_set(app).await;
    let host = crate::support::mairie_x(app, &exam.admin).await;
    let mut eloise = advisor_body("eloise@example.org");
    eloise["first_name"] = json!("Éloïse");
    eloise["last_name"] = json!("Ménard-Lefèvre");
    let eloise = exam.add_candidate(app, eloise, "training").await;
    let mut leo = advisor_body("leo@example.org");
    leo["first_name"] = json!("Léo");
    leo["host_structure_id"] = json!(host);
    let leo = exam.add_candidate(app, leo, "vae").await;
    let zoe = app
        .advisor(&exam.staff, advisor_body("zoe@example.org"))
        .await;
    for (id, email) in [
        (eloise, "eloise@example.org"),
        (leo, "leo@example.org"),
        (zoe, "zoe@example.org"),
    ] {
        app.user(email, "advisor", None, Some(id));
    }
    app.run_jobs().await;
    World {
        eloise,
        leo,
        eloise_token: app.login_token("eloise@example.org").await,
        leo_token: app.login_token("leo@example.org").await,
        zoe_token: app.login_token("zoe@example.org").await,
        exam,
    }
}

async fn sign_qr(app: &TestApp, w: &World, token: &str) -> reqwest::Response {
    let qr = app
        .get_json(w.juror(), &format!("{}/qr-token", w.half()))
        .await;
    app.post(
        token,
        &format!("{}/signatures", w.half()),
        json!({"token": qr["token"]}),
    )
    .await
}

async fn expect_ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Éloïse signs by QR at 8:50 in Paris; Léo does not; a juror closes at 12:05.
pub(crate) async fn leo_absent(app: &TestApp, w: &World) {
    app.at("2026-03-10T07:50:00Z");
    expect_ok(sign_qr(app, w, &w.eloise_token).await).await;
    app.at("2026-03-10T11:05:00Z");
    let closed = app
        .post_ok(w.juror(), &format!("{}/close", w.half()), json!({}))
        .await;
    assert_eq!(closed["absent"], json!([w.leo]));
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
async fn jurors_open_candidates_sign_and_closing_seals_the_exam_day_sheet() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let session = w.exam.session;
    app.at("2026-03-10T07:50:00Z");
    // The juror's home lists the half-day to open.
    let juror_home = app.logged_in("exa@example.org").await;
    let home = app.page(&juror_home, "/").await.replace("&#x2F;", "/");
    let board_link = format!("/exam-sessions/{session}/days/{session}/am");
    assert!(home.contains(&board_link), "{home}");
    // Éloïse by the juror's QR code; Léo by himself once the juror allows it on site.
    let signed = expect_ok(sign_qr(&app, &w, &w.eloise_token).await).await;
    assert_eq!(signed["method"], "qr");
    let self_path = format!("{}/signatures", w.half());
    let refused = app.post(&w.leo_token, &self_path, json!({})).await;
    assert_problem(refused, 403, "scannez le code QR affiché par le juré").await;
    app.put_ok(
        w.juror(),
        &format!("{}/self-sign", w.half()),
        json!({"allowed": true}),
    )
    .await;
    let listed = app.get_json(&w.leo_token, "/api/v1/me/signable").await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "exam_day"
                && s["owner_id"] == session
                && s["self_sign_allowed"] == true),
        "{listed}"
    );
    let by_himself = expect_ok(app.post(&w.leo_token, &self_path, json!({})).await).await;
    assert_eq!(by_himself["method"], "self");
    // Zoé is not a candidate: nothing to see.
    let stranger = sign_qr(&app, &w, &w.zoe_token).await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    // The board says « juré » and « candidat ».
    let board = app.page(&juror_home, &board_link).await;
    assert!(board.contains("Candidats : 2 signatures sur 2"), "{board}");
    assert!(board.contains("Cadre de signature du juré"), "{board}");

    app.at("2026-03-10T11:05:00Z");
    let closed = app
        .post_ok(w.juror(), &format!("{}/close", w.half()), json!({}))
        .await;
    assert_eq!(closed["absent"], json!([]));
    let sheet_path = format!("/api/v1/exam-sessions/{session}/sealed-sheet");
    let sheet = app.get(&w.exam.staff, &sheet_path).await;
    assert_eq!(sheet.status(), StatusCode::OK);
    let text = text_of(&sheet.bytes().await.unwrap());
    for said in [
        "Session d'examen CCP1 du mardi 10 mars 2026",
        "Jury :",
        "Candidats",
        "Signatures du jury",
        "Éloïse Ménard-Lefèvre",
        "Léo Martin",
        "d'examen",
    ] {
        assert!(text.contains(said), "{said} in {text}");
    }
    assert!(!text.contains("Formateur"), "{text}");
    let outsider = app.get(&w.zoe_token, &sheet_path).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    // The exam-day page links to the half-day and the sealed sheet.
    let day_page = app
        .page(&juror_home, &format!("/exam-sessions/{session}/day"))
        .await;
    assert!(day_page.contains(&board_link), "{day_page}");
    assert!(
        day_page.contains(&format!("/exam-sessions/{session}/sheet.pdf")),
        "{day_page}"
    );
    let code = app.with_conn(|c| {
        use parcours::db::schema::sealed_documents as d;
        d::table
            .filter(d::exam_session_id.eq(session))
            .select(d::code)
            .first::<String>(c)
            .unwrap()
    });
    let verified = app.public_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(verified["kind"], "attendance_sheet");
    assert_eq!(verified["seal_verifies"], true);
    assert_eq!(
        verified["cohort"],
        "Session d'examen CCP1 du mardi 10 mars 2026"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn only_a_juror_closes_and_another_organisation_sees_nothing() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    app.at("2026-03-10T11:05:00Z");
    let trainer = app
        .token("trainer@example.org", "trainer", Some("la-fabrik"))
        .await;
    // La Fabrik's trainer sees the board (the organiser's data) but is not on the jury.
    app.get_json(&trainer, &w.half()).await;
    let close = app
        .post(&trainer, &format!("{}/close", w.half()), json!({}))
        .await;
    assert_problem(
        close,
        403,
        "Seul un membre du jury de cette session d'examen clôt la demi-journée.",
    )
    .await;
    let qr = app.get(&trainer, &format!("{}/qr-token", w.half())).await;
    assert_problem(qr, 403, "Réservé au jury de cette session d'examen").await;
    let elsewhere = app
        .token("trainer@simplon.example.org", "trainer", Some("simplon"))
        .await;
    let board = app.get(&elsewhere, &w.half()).await;
    assert_problem(board, 404, "/problems/not-found").await;
    let close = app
        .post(&elsewhere, &format!("{}/close", w.half()), json!({}))
        .await;
    assert_problem(close, 404, "/problems/not-found").await;
    app.run_jobs().await;
}

async fn justify(
    app: &TestApp,
    w: &World,
    category: &str,
    motive: Option<&str>,
) -> reqwest::Response {
    let mut fields = vec![
        ("exam_session_id", w.exam.session.to_string()),
        ("half_day", "am".to_owned()),
        ("category", category.to_owned()),
    ];
    if let Some(m) = motive {
        fields.push(("motive", m.to_owned()));
    }
    app.client
        .post(app.url("/api/v1/absence-justifications"))
        .bearer_auth(&w.leo_token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body(&fields, Some(("arret.pdf", PDF))))
        .send()
        .await
        .unwrap()
}

async fn import(app: &TestApp, w: &World, result: &str) -> reqwest::Response {
    let csv = format!(
        "id;nom;prénom;email;certification;résultat;date\r\n{};Martin;Léo;leo@example.org;CCP1;{result};10/03/2026\r\n",
        w.leo
    );
    app.client
        .post(app.url(&format!(
            "/api/v1/exam-sessions/{}/results.csv",
            w.exam.session
        )))
        .bearer_auth(w.juror())
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_exam_absence_is_justified_by_sick_leave_or_force_majeure_with_its_accepted_proof() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    leo_absent(&app, &w).await;
    let result_path =
        |advisor: i64| format!("/api/v1/exam-sessions/{}/results/{advisor}", w.exam.session);
    let justified = json!({"outcome": "absent", "absence_justified": true});
    // No accepted proof yet: refused on the API and on the CSV import, naming the rule.
    let api = app
        .put(w.juror(), &result_path(w.leo), justified.clone())
        .await;
    assert_problem(
        api,
        422,
        "arrêt maladie ou un cas de force majeure dont le justificatif a été accepté",
    )
    .await;
    let csv = import(&app, &w, "absent justifié").await;
    let problem = assert_problem(csv, 422, "dont le justificatif a été accepté").await;
    assert!(problem["errors"]["ligne 2"].is_string(), "{problem}");
    // « Autre » does not justify an absence at an exam.
    let other = justify(&app, &w, "other", Some("Panne de réveil")).await;
    let problem = assert_problem(
        other,
        422,
        "Une absence à un examen ne se justifie que par un arrêt maladie ou un cas de force majeure, avec son justificatif.",
    )
    .await;
    assert!(problem["errors"]["category"].is_string(), "{problem}");
    // A sick note, accepted by the organiser's staff: the absence is justified.
    let sick = justify(&app, &w, "sick_leave", None).await;
    assert_eq!(sick.status(), StatusCode::CREATED);
    let id = sick.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.post_ok(
        &w.exam.staff,
        &format!("/api/v1/absence-justifications/{id}/accept"),
        json!({}),
    )
    .await;
    let recorded = app.put_ok(w.juror(), &result_path(w.leo), justified).await;
    assert_eq!(recorded["absence_justified"], true);
    let csv = import(&app, &w, "absent justifié").await;
    assert_eq!(
        csv.status(),
        StatusCode::OK,
        "{}",
        csv.text().await.unwrap()
    );
    // Éloïse signed: the attendance says she was there.
    let present = app
        .put(
            w.juror(),
            &result_path(w.eloise),
            json!({"outcome": "absent"}),
        )
        .await;
    assert_problem(present, 422, "montre ce candidat présent").await;
    app.expect_leftover_jobs();
}

#[tokio::test]
async fn the_host_structure_hears_of_an_unjustified_exam_absence_once() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let w = world(&app).await;
    leo_absent(&app, &w).await;
    let to_host = |peer: &SmtpPeer| {
        peer.messages()
            .into_iter()
            .filter(|m| m.to == vec!["rh@mairie-x.example.org".to_owned()])
            .collect::<Vec<_>>()
    };
    app.run_jobs().await;
    assert!(to_host(&peer).is_empty(), "not before the delay");
    // 48 hours after the half-day ended (12:00 in Paris).
    app.at("2026-03-12T11:01:00Z");
    app.run_jobs().await;
    // Running the jobs again does not tell twice.
    app.at("2026-03-13T09:00:00Z");
    app.run_jobs().await;
    let notices = to_host(&peer);
    assert_eq!(notices.len(), 1);
    let text = plain(&notices[0]);
    for said in [
        "Léo Martin",
        "sans justificatif, à l'examen",
        "Session d'examen CCP1 du mardi 10 mars 2026",
        "Une absence à un examen ne se justifie que par un arrêt maladie",
    ] {
        assert!(text.contains(said), "{said} in {text}");
    }
    assert!(!text.contains("arret.pdf"), "{text}");
}
