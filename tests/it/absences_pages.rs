//! Absences seen from outside the API: the host structure's e-mails after the delay (at the
//! real SMTP peer), and the pages where the advisor uploads a proof and staff decide.

use reqwest::StatusCode;
use serde_json::json;

use crate::absences::{BOUNDARY, PDF, body, submitted, world};
use crate::smtp::SmtpPeer;
use crate::support::{TestApp, assert_page_refusal, csrf_token, post_form};

/// A quoted-printable text part, decoded.
pub(crate) fn plain(message: &crate::smtp::Received) -> String {
    let raw = String::from_utf8(message.part("text/plain").unwrap()).unwrap();
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        let hex = tail.get(..2).and_then(|h| std::str::from_utf8(h).ok());
        if first == b'='
            && let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            bytes.push(byte);
            rest = &tail[2..];
            continue;
        }
        bytes.push(first);
        rest = tail;
    }
    String::from_utf8(bytes).unwrap().replace('\u{a0}', " ")
}

pub(crate) fn subjects(peer: &SmtpPeer) -> Vec<String> {
    peer.messages()
        .iter()
        .map(|m| {
            m.raw
                .lines()
                .find(|l| l.starts_with("Subject:"))
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn an_unjustified_absence_reaches_the_host_structure_after_the_delay_only() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let _w = world(&app).await;
    app.run_jobs().await;
    assert!(subjects(&peer).is_empty(), "not before the delay");
    // The morning ended at 12:30 in Paris (11:30 UTC); 48 hours later:
    app.at("2026-02-26T11:31:00Z");
    app.run_jobs().await;
    let messages = peer.messages();
    assert_eq!(messages.len(), 1, "{:?}", subjects(&peer));
    assert_eq!(messages[0].to, vec!["rh@mairie-x.example.org".to_owned()]);
    let text = plain(&messages[0]);
    assert!(
        subjects(&peer)[0].starts_with("Subject: Absence non "),
        "{:?}",
        subjects(&peer)
    );
    for said in [
        "sans justificatif",
        "Léa Martin",
        "mardi 24 février 2026",
        "suspension de l'aide",
    ] {
        assert!(text.contains(said), "{said} in {text}");
    }
}

#[tokio::test]
async fn a_justification_accepted_in_time_sends_the_justified_notice_only() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let w = world(&app).await;
    let id = submitted(&app, &w.advisor, &w).await;
    app.post_ok(
        &w.staff,
        &format!("/api/v1/absence-justifications/{id}/accept"),
        json!({}),
    )
    .await;
    app.run_jobs().await;
    app.at("2026-02-26T11:31:00Z");
    app.run_jobs().await;
    let subjects = subjects(&peer);
    assert_eq!(subjects.len(), 1, "{subjects:?}");
    assert!(
        subjects[0].starts_with("Subject: Absence ") && !subjects[0].contains(" non "),
        "{subjects:?}"
    );
    let messages = peer.messages();
    let text = plain(&messages[0]);
    assert!(
        text.contains("est justifiée") && text.contains("arrêt maladie"),
        "{text}"
    );
    assert!(
        !text.contains("arret.pdf") && !text.contains("%PDF"),
        "{text}"
    );
}

#[tokio::test]
async fn the_advisor_uploads_from_the_page_and_staff_decide_from_the_cohort() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let browser = app.logged_in("lea@example.org").await;
    let html = app.page(&browser, "/me/absences").await;
    assert!(html.contains("absence non justifiée"), "{html}");
    assert!(html.contains("enctype=\"multipart/form-data\""));
    let token = csrf_token(&html);
    let fields = |csrf: &str| {
        vec![
            ("csrf_token", csrf.to_owned()),
            ("cohort_id", w.cohort.to_string()),
            ("day_id", w.day.to_string()),
            ("half_day", "am".to_owned()),
            ("category", "sick_leave".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>, file: &'static [u8]| {
        browser
            .post(app.url("/me/absences"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body(&fields, Some(("arret.pdf", file))))
            .send()
    };
    let forged = post(fields("not-the-token"), PDF).await.unwrap();
    assert_eq!(forged.status(), 403);
    let refused = post(fields(&token), b"<html>nope</html>").await.unwrap();
    assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "PDF, une image JPEG ou PNG",
    )
    .await;
    let sent = post(fields(&token), PDF).await.unwrap();
    assert_eq!(sent.status(), 303);
    let html = app.page(&browser, "/me/absences").await;
    assert!(html.contains("en attente de décision"), "{html}");

    let staff = app.logged_in("staff@example.org").await;
    let page = format!("/cohorts/{}/absences", w.cohort);
    let html = app.page(&staff, &page).await;
    assert!(
        html.contains("Léa Martin") && html.contains("Refuser"),
        "{html}"
    );
    let id = app
        .get_json(
            &w.staff,
            &format!("/api/v1/cohorts/{}/absence-justifications", w.cohort),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    let cohort = w.cohort.to_string();
    let r = post_form(
        &app,
        &staff,
        &page,
        &format!("/absence-justifications/{id}/refuse"),
        &[("cohort_id", cohort.as_str()), ("reason", "")],
    )
    .await;
    assert_page_refusal(r, StatusCode::UNPROCESSABLE_ENTITY, "Un refus se motive").await;
    let r = post_form(
        &app,
        &staff,
        &page,
        &format!("/absence-justifications/{id}/accept"),
        &[("cohort_id", cohort.as_str())],
    )
    .await;
    assert_eq!(r.status(), 303);
    let proof = staff
        .get(app.url(&format!("/absence-justifications/{id}/proof")))
        .send()
        .await
        .unwrap();
    assert_eq!(proof.bytes().await.unwrap().as_ref(), PDF);
    app.run_jobs().await;
}
