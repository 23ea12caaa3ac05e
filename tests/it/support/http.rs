//! HTTP as the tests speak it: bearer-token calls, calls that expect their answer (the body in
//! the failure message), and browser pages with their CSRF tokens.

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

use super::app::TestApp;

impl TestApp {
    /// `GET` with a bearer token.
    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `POST` JSON with a bearer token.
    pub async fn post(&self, token: &str, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `PATCH` JSON with a bearer token.
    pub async fn patch(&self, token: &str, path: &str, body: Value) -> Response {
        self.client
            .patch(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `DELETE` with a bearer token.
    pub async fn delete(&self, token: &str, path: &str) -> Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `PUT` JSON with a bearer token.
    pub async fn put(&self, token: &str, path: &str, body: Value) -> Response {
        self.client
            .put(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Asks for an API token with `email` and `password`, without an account.
    pub async fn ask_token(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// `GET` that must answer 200; returns the JSON body.
    pub async fn get_json(&self, token: &str, path: &str) -> Value {
        expect(self.get(token, path).await, StatusCode::OK, path).await
    }

    /// `POST` that must answer 201; returns the JSON body.
    pub async fn created(&self, token: &str, path: &str, body: Value) -> Value {
        expect(
            self.post(token, path, body).await,
            StatusCode::CREATED,
            path,
        )
        .await
    }

    /// `POST` that must answer 201; returns the new record's `id`.
    pub async fn created_id(&self, token: &str, path: &str, body: Value) -> i64 {
        id_of(&self.created(token, path, body).await)
    }

    /// `POST` that must answer 200; returns the JSON body.
    pub async fn post_ok(&self, token: &str, path: &str, body: Value) -> Value {
        expect(self.post(token, path, body).await, StatusCode::OK, path).await
    }

    /// `PATCH` that must answer 200; returns the JSON body.
    pub async fn patch_ok(&self, token: &str, path: &str, body: Value) -> Value {
        expect(self.patch(token, path, body).await, StatusCode::OK, path).await
    }

    /// `PUT` that must answer 200; returns the JSON body.
    pub async fn put_ok(&self, token: &str, path: &str, body: Value) -> Value {
        expect(self.put(token, path, body).await, StatusCode::OK, path).await
    }

    /// A page fetched by `browser`; it must answer 200. Returns its HTML.
    pub async fn page(&self, browser: &Client, path: &str) -> String {
        let response = self.visit(browser, path).await;
        let status = response.status();
        let html = response.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        html
    }

    /// `GET` without an account.
    pub async fn anonymous(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// The body of `path` fetched without an account, whatever its status.
    pub async fn public_text(&self, path: &str) -> String {
        self.anonymous(path).await.text().await.unwrap()
    }

    /// The JSON body of `path` fetched without an account, whatever its status.
    pub async fn public_json(&self, path: &str) -> Value {
        self.anonymous(path).await.json().await.unwrap()
    }

    /// `GET` by `browser`.
    #[allow(
        clippy::unused_self,
        reason = "reads as app.visit(&browser, path) beside app.page"
    )]
    pub async fn visit(&self, browser: &Client, path: &str) -> Response {
        browser.get(self.url(path)).send().await.unwrap()
    }

    /// The body of `path` fetched by `browser`, whatever its status.
    pub async fn visit_text(&self, browser: &Client, path: &str) -> String {
        self.visit(browser, path).await.text().await.unwrap()
    }
}

/// Asserts `response` has `status` (with the body and `what` in the failure message); returns
/// the body as JSON (`null` when empty).
pub async fn expect(response: Response, status: StatusCode, what: &str) -> Value {
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{what}: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"))
    }
}

/// The `id` of a JSON record.
pub fn id_of(body: &Value) -> i64 {
    body["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id in {body}"))
}

/// The value of the first `csrf_token` hidden field of a page.
pub fn csrf_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("no csrf_token field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

/// Posts `fields` to `action` as a form from `browser`, with the CSRF token `token`.
pub async fn submit(
    app: &TestApp,
    browser: &Client,
    action: &str,
    token: &str,
    fields: &[(&str, &str)],
) -> Response {
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token)];
    form.extend_from_slice(fields);
    browser
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Fetches `page` (it must answer 200), takes its CSRF token and posts `fields` to `action` as a form.
pub async fn post_form(
    app: &TestApp,
    browser: &Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Response {
    let token = csrf_token(&app.page(browser, page).await);
    submit(app, browser, action, &token, fields).await
}

/// The value of the header `name` of `response` (it must be there and readable).
pub fn header(response: &Response, name: &str) -> String {
    response.headers()[name]
        .to_str()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .to_owned()
}
