//! Attestations: issued and mailed after publication, downloaded by their holder, checked by
//! anyone by their code, revoked by an admin, regenerated from the command line.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::smtp::SmtpPeer;
use crate::support::{
    ExamWorld, Options, TestApp, assert_field_error, assert_page_refusal, assert_problem, post_form,
};

/// A published CCP1 session: Éloïse validated (from training), Léo not validated (VAE).
pub(crate) struct Published {
    pub(crate) admin: String,
    pub(crate) staff: String,
    pub(crate) examiner: String,
    pub(crate) session: i64,
    pub(crate) eloise: i64,
    pub(crate) leo: i64,
}

/// The published world of the support ([`ExamWorld::published`]), its candidates named.
pub(crate) async fn published(app: &TestApp) -> Published {
    let w = ExamWorld::published(app).await;
    Published {
        eloise: w.candidates[0],
        leo: w.candidates[1],
        examiner: w.examiner_a.token,
        session: w.session,
        admin: w.admin,
        staff: w.staff,
    }
}

pub(crate) fn certificates_of(
    app: &TestApp,
    advisor: i64,
) -> Vec<parcours::db::certificates::CertificateRow> {
    app.with_conn(|c| parcours::db::certificates::of_advisor(c, advisor).unwrap())
}

fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.extract_text(&[1]).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publication_mails_each_validated_candidate_their_attestation_which_anyone_can_check() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let w = published(&app).await;
    app.run_jobs().await;
    let with_pdf: Vec<_> = peer
        .messages()
        .into_iter()
        .filter(|m| m.part("application/pdf").is_some())
        .collect();
    assert_eq!(with_pdf.len(), 1, "only the validated candidate");
    let mail = &with_pdf[0];
    assert_eq!(mail.to, vec!["eloise@example.org".to_owned()]);
    assert!(mail.raw.contains("text/plain") && mail.raw.contains("text/html"));
    assert!(
        mail.raw.contains("attestation-CN-"),
        "the attachment is named after its code"
    );
    let pdf = mail.part("application/pdf").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());

    let stored = certificates_of(&app, w.eloise);
    assert_eq!(stored.len(), 1);
    assert!(certificates_of(&app, w.leo).is_empty());
    let certificate = &stored[0];
    let code = certificate.code.clone();
    assert!(code.starts_with("CN-") && code.len() == 11);
    assert_eq!(certificate.pdf_sha256, hex::encode(Sha256::digest(&pdf)));
    let text = pdf_text(&pdf);
    assert!(text.contains("Éloïse Ménard-Lefèvre"), "{text}");
    assert!(text.contains(&code), "{text}");
    assert!(text.contains("CCP1"), "{text}");
    let (text_part, html_part) = (
        String::from_utf8_lossy(&mail.part("text/plain").unwrap()).into_owned(),
        String::from_utf8_lossy(&mail.part("text/html").unwrap()).into_owned(),
    );
    assert!(text_part.contains(&code) && html_part.contains(&code));

    // Each message once, even when the worker runs again.
    let sent = peer.messages().len();
    assert_eq!(app.run_jobs().await, 0);
    assert_eq!(peer.messages().len(), sent);

    // Anyone checks the code, without an account.
    let page = app.anonymous(&format!("/verify/{code}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Attestation valide"), "{html}");
    assert!(html.contains("Éloïse Ménard-Lefèvre"));
    assert!(html.contains("10 mars 2026"), "{html}");
    let json: Value = app.public_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(json["status"], "valid");
    assert_eq!(json["holder"], "Éloïse Ménard-Lefèvre");
    assert!(
        json["certification"]
            .as_str()
            .unwrap()
            .starts_with("CCP1 — ")
    );
    assert_eq!(json["date"], "2026-03-10");
    assert_eq!(json["issuer"], parcours::config::DEFAULT_ISSUER);
    // The form takes the code as typed on paper.
    let typed = code.to_lowercase().replace('-', " ");
    let r = app
        .client
        .get(app.url("/verify"))
        .query(&[("code", typed.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], format!("/verify/{code}").as_str());

    // The holder downloads it from their path; nobody else sees it.
    app.user(
        "eloise.account@example.org",
        "advisor",
        None,
        Some(w.eloise),
    );
    let holder = app.login_token("eloise.account@example.org").await;
    let list = app
        .get_json(
            &holder,
            &format!("/api/v1/advisors/{}/certificates", w.eloise),
        )
        .await;
    let item = &list["items"][0];
    assert_eq!(item["code"], code.as_str());
    assert_eq!(item["id"], certificate.id);
    assert_eq!(item["issued_on"], "2026-03-10");
    assert!(item["certification"].as_str().unwrap().starts_with("CCP1"));
    let pdf_url = item["pdf_url"].as_str().unwrap();
    assert!(pdf_url.ends_with(&format!("/certificates/{}/pdf", certificate.id)));
    let download = app
        .get(&holder, &format!("/certificates/{}/pdf", certificate.id))
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let page = app
        .get(&holder, &format!("/advisors/{}", w.eloise))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("/certificates/{}/pdf", certificate.id)),
        "mon parcours links the PDF"
    );
    app.user("leo.account@example.org", "advisor", None, Some(w.leo));
    let other = app.login_token("leo.account@example.org").await;
    for path in [
        format!("/certificates/{}/pdf", certificate.id),
        format!("/api/v1/advisors/{}/certificates", w.eloise),
    ] {
        assert_eq!(
            app.get(&other, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Without an account: the login page, not the PDF.
    let anonymous = app
        .anonymous(&format!("/certificates/{}/pdf", certificate.id))
        .await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let _ = (&w.admin, &w.staff, &w.examiner, w.session);
}

#[tokio::test]
async fn unknown_codes_get_a_plain_not_found_in_the_same_time() {
    let app = TestApp::spawn().await;
    let w = published(&app).await;
    app.run_jobs().await;
    let code = certificates_of(&app, w.eloise)[0].code.clone();
    for (path, expected) in [
        (format!("/api/v1/verify/{code}"), StatusCode::OK),
        (
            "/api/v1/verify/CN-BBBBBBBB".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/verify/n'importe-quoi".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (format!("/verify/{code}"), StatusCode::OK),
        ("/verify/CN-BBBBBBBB".to_owned(), StatusCode::NOT_FOUND),
    ] {
        let started = Instant::now();
        let r = app.anonymous(&path).await;
        let elapsed = started.elapsed();
        assert_eq!(r.status(), expected, "{path}");
        assert!(
            elapsed >= parcours::web::pages::verify::MIN_DURATION,
            "{path} answered in {elapsed:?}: every answer is padded to the same floor"
        );
        if expected == StatusCode::NOT_FOUND && path.starts_with("/verify/") {
            let html = r.text().await.unwrap();
            assert!(html.contains("Aucun document trouvé"));
            assert!(!html.contains("Titulaire"));
        }
    }
}

#[tokio::test]
async fn lookups_are_limited_per_address() {
    let app = TestApp::spawn_with(Options {
        verify_limit: parcours::config::VerifyLimit {
            per_address: 3,
            window: Duration::from_secs(600),
        },
        ..Options::default()
    })
    .await;
    for _ in 0..3 {
        let r = app.anonymous("/api/v1/verify/CN-BBBBBBBB").await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    let r = app.anonymous("/api/v1/verify/CN-BBBBBBBB").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let page = app.anonymous("/verify/CN-BBBBBBBB").await;
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.text().await.unwrap().contains("Trop de tentatives"));
    // The window slides: later, lookups are allowed again.
    app.clock.advance(chrono::Duration::minutes(11));
    let r = app.anonymous("/api/v1/verify/CN-BBBBBBBB").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_revokes_with_a_reason_and_the_check_says_so() {
    let app = TestApp::spawn().await;
    let w = published(&app).await;
    app.run_jobs().await;
    let certificate = certificates_of(&app, w.eloise)[0].clone();
    let path = format!("/api/v1/certificates/{}/revoke", certificate.id);
    let refused = app.post(&w.staff, &path, json!({"reason": "Fraude"})).await;
    // Admins only.
    assert_problem(refused, 403, "/problems/forbidden").await;
    assert_field_error(
        app.post(&w.admin, &path, json!({"reason": "  "})).await,
        "reason",
    )
    .await;
    app.post_ok(
        &w.admin,
        &path,
        json!({"reason": "Fraude constatée à l'examen"}),
    )
    .await;
    let again = app.post(&w.admin, &path, json!({"reason": "encore"})).await;
    assert_problem(again, 409, "déjà révoquée").await;
    let json: Value = app
        .public_json(&format!("/api/v1/verify/{}", certificate.code))
        .await;
    assert_eq!(json["status"], "revoked");
    assert_eq!(json["holder"], "Éloïse Ménard-Lefèvre");
    let html = app
        .public_text(&format!("/verify/{}", certificate.code))
        .await;
    assert!(html.contains("Attestation révoquée"), "{html}");
    assert!(html.contains("révoquée le mardi 10 mars 2026"), "{html}");
    let history = app.with_conn(|c| {
        parcours::db::audit::history(c, "certificate", &certificate.id.to_string()).unwrap()
    });
    assert!(
        history.iter().any(|h| h.action == "certificate.revoke"
            && h.reason.as_deref() == Some("Fraude constatée à l'examen")),
        "{history:?}"
    );
    // A revoked attestation is not handed out any more.
    let pdf = app
        .get(&w.admin, &format!("/certificates/{}/pdf", certificate.id))
        .await;
    assert_page_refusal(pdf, StatusCode::CONFLICT, "a été révoquée").await;
}

#[tokio::test]
async fn the_revocation_form_asks_for_a_reason_next_to_the_field() {
    let app = TestApp::spawn().await;
    let w = published(&app).await;
    app.run_jobs().await;
    let certificate = certificates_of(&app, w.eloise)[0].clone();
    let browser = app.browser_as("root@example.org", "admin", None).await;
    let page = format!("/advisors/{}", w.eloise);
    let action = format!("/certificates/{}/revoke", certificate.id);
    let r = post_form(&app, &browser, &page, &action, &[("reason", "")]).await;
    let message = "Indiquez le motif de la révocation.";
    let html = assert_page_refusal(r, StatusCode::UNPROCESSABLE_ENTITY, message).await;
    assert!(html.contains("aria-invalid=\"true\""));
    let r = post_form(
        &app,
        &browser,
        &page,
        &action,
        &[("reason", "Erreur de saisie du jury")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let row = app.with_conn(|c| parcours::db::certificates::find(c, certificate.id).unwrap());
    assert_eq!(
        row.revoked_reason.as_deref(),
        Some("Erreur de saisie du jury")
    );
}

#[tokio::test]
async fn a_result_corrected_after_publication_revokes_its_attestation() {
    let app = TestApp::spawn().await;
    let w = published(&app).await;
    app.run_jobs().await;
    let r = app
        .client
        .put(app.url(&format!(
            "/api/v1/exam-sessions/{}/results/{}",
            w.session, w.eloise
        )))
        .bearer_auth(&w.examiner)
        .json(
            &json!({"outcome": "not_validated", "reasons": "Copie d'un autre candidat",
                      "correction_reason": "Fraude signalée après la session"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let row = certificates_of(&app, w.eloise)[0].clone();
    assert!(row.revoked_at.is_some());
    assert!(row.revoked_reason.unwrap().contains("Fraude signalée"));
    // Léo's result corrected to validated: his attestation follows.
    app.put_ok(
        &w.examiner,
        &format!("/api/v1/exam-sessions/{}/results/{}", w.session, w.leo),
        json!({"outcome": "validated", "correction_reason": "Erreur de report"}),
    )
    .await;
    app.run_jobs().await;
    assert_eq!(certificates_of(&app, w.leo).len(), 1);
}

/// Runs `parcours certificates generate --session {session}` on the app's database.
fn generate(app: &TestApp, session: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("RUST_LOG", "warn")
        .args(["certificates", "generate", "--session", session])
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_command_line_regenerates_a_sessions_attestations_keeping_their_codes() {
    let app = TestApp::spawn().await;
    let w = published(&app).await;
    let session = w.session.to_string();
    let output = generate(&app, &session);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        stdout.contains("1 attestation(s) issued, 0 regenerated"),
        "{stdout}"
    );
    let first = certificates_of(&app, w.eloise)[0].clone();
    let stdout = String::from_utf8_lossy(&generate(&app, &session).stdout).into_owned();
    assert!(
        stdout.contains("0 attestation(s) issued, 1 regenerated"),
        "{stdout}"
    );
    let second = certificates_of(&app, w.eloise)[0].clone();
    assert_eq!(first.code, second.code);
    assert_eq!(first.issued_on, second.issued_on);
    // The job that follows mails the existing attestation rather than issuing another.
    app.run_jobs().await;
    assert_eq!(certificates_of(&app, w.eloise).len(), 1);
    // An unknown session has nothing to generate.
    assert!(!generate(&app, "999999").status.success());
}
