//! Assertions on refusals: a refusal names the rule it applies (the problem's `type`, `detail`
//! or field message; for pages, the French message in the HTML), not only its status.

use reqwest::{Response, StatusCode};
use serde_json::Value;

/// Asserts a 422 problem document with a message for `field`; returns the message.
pub async fn assert_field_error(response: Response, field: &str) -> String {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    body["errors"][field]
        .as_str()
        .unwrap_or_else(|| panic!("no error for {field} in {body}"))
        .to_owned()
}

/// Asserts a problem document with `status` (e.g. `409`) whose `type`, `title`, `detail` or one
/// of whose field messages contains `names_the_rule`; returns the document.
pub async fn assert_problem(response: Response, status: u16, names_the_rule: &str) -> Value {
    let got = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    let body: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not a problem document ({e}): {text}"));
    let mut said: Vec<&str> = ["type", "title", "detail"]
        .iter()
        .filter_map(|key| body[key].as_str())
        .collect();
    if let Some(errors) = body["errors"].as_object() {
        said.extend(errors.values().filter_map(Value::as_str));
    }
    assert!(
        said.iter().any(|s| s.contains(names_the_rule)),
        "no {names_the_rule:?} in {body}"
    );
    body
}

/// Asserts a page answer with `status` whose HTML contains the French message `message`;
/// returns the HTML.
pub async fn assert_page_refusal(response: Response, status: StatusCode, message: &str) -> String {
    let got = response.status();
    let html = response.text().await.unwrap();
    assert_eq!(got, status, "{html}");
    assert!(html.contains(message), "no {message:?} in {html}");
    html
}
