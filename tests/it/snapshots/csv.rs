//! One snapshot per CSV export: a session's results and the deadline dashboard, as a French
//! spreadsheet reads them (`;`, UTF-8 with a BOM, CRLF), advisor ids redacted.

use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::support::{ExamWorld, TestApp, advisor_body, cohort, enrol};

/// The body of a CSV response as a snapshot shows it: its type, whether it has a BOM and CRLF
/// line ends, then its lines with the leading id column redacted.
async fn csv_snapshot(response: Response) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let disposition = response
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.bytes().await.unwrap();
    let (bom, text) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, String::from_utf8(rest.to_vec()).unwrap()),
        None => (false, String::from_utf8(bytes.to_vec()).unwrap()),
    };
    let crlf = !text.is_empty() && text.matches('\n').count() == text.matches("\r\n").count();
    let id = regex::Regex::new(r"(?m)^[0-9]+;").unwrap();
    let lines = id
        .replace_all(&text.replace("\r\n", "\n"), "[id];")
        .into_owned();
    super::redact(&format!(
        "Content-Type: {content_type}\nContent-Disposition: {disposition}\nBOM: {bom}\nCRLF: {crlf}\n\n{lines}"
    ))
}

#[tokio::test]
async fn exam_results_export() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::published(&app).await;
    let session = w.session;
    let r = app
        .get(
            &w.staff,
            &format!("/api/v1/exam-sessions/{session}/results.csv"),
        )
        .await;
    insta::assert_snapshot!("exam_results", csv_snapshot(r).await);
    app.run_jobs().await;
}

#[tokio::test]
async fn progress_export() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let mut body = advisor_body("eloise@example.org");
    body["first_name"] = json!("Éloïse");
    body["last_name"] = json!("Ménard; « Lefèvre »");
    let eloise = app.advisor(&staff, body).await;
    enrol(&app, &staff, cohort_id, eloise).await;
    app.advisor(&staff, advisor_body("lea@example.org")).await;
    let r = app.get(&staff, "/api/v1/progress/export.csv").await;
    insta::assert_snapshot!("progress", csv_snapshot(r).await);
    app.run_jobs().await;
}
