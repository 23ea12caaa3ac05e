//! Forms carry an anti-forgery token; API calls authenticated by cookie carry it in a header.

use reqwest::StatusCode;

use crate::support::{PASSWORD, TestApp, assert_problem, csrf_token};

#[tokio::test]
async fn a_form_without_the_token_is_refused() {
    let app = TestApp::spawn().await;
    let browser = app
        .browser_as("lea@example.org", "staff", Some("la-fabrik"))
        .await;
    let form = [
        ("first_name", "Léa"),
        ("last_name", "Martin"),
        ("email", "lea.martin@example.org"),
        ("birth_date", "1995-05-17"),
        ("territory", "FR"),
    ];
    let missing = browser
        .post(app.url("/advisors"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    let mut forged = form.to_vec();
    forged.push(("csrf_token", "forged-token-forged-token-forged-token-xx"));
    let wrong = browser
        .post(app.url("/advisors"))
        .form(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    // Nothing was written.
    let count = app
        .with_conn(|c| parcours::db::bulk::count_advisors_with_suffix(c, "@example.org").unwrap());
    assert_eq!(count, 0);
    // With the page's token it goes through.
    let page = app.page(&browser, "/advisors/new").await;
    let token = csrf_token(&page);
    let mut good = form.to_vec();
    good.push(("csrf_token", token.as_str()));
    let ok = browser
        .post(app.url("/advisors"))
        .form(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_login_form_needs_its_token_too() {
    let app = TestApp::spawn().await;
    app.user("lea@example.org", "staff", Some("la-fabrik"), None);
    let browser = app.browser();
    app.visit(&browser, "/login").await;
    let response = browser
        .post(app.url("/login"))
        .form(&[("email", "lea@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cross_site_form_posts_are_refused_even_with_a_token() {
    let app = TestApp::spawn().await;
    let browser = app
        .browser_as("lea@example.org", "staff", Some("la-fabrik"))
        .await;
    let page = app.page(&browser, "/").await;
    let token = csrf_token(&page);
    let response = browser
        .post(app.url("/logout"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cookie_authenticated_api_writes_need_the_header() {
    let app = TestApp::spawn().await;
    let browser = app
        .browser_as("lea@example.org", "staff", Some("la-fabrik"))
        .await;
    let body = crate::support::advisor_body("via-cookie@example.org");
    let without = browser
        .post(app.url("/api/v1/advisors"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_problem(without, 403, "/problems/csrf").await;
    let page = app.page(&browser, "/").await;
    let token = csrf_token(&page);
    let with = browser
        .post(app.url("/api/v1/advisors"))
        .header("x-csrf-token", token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), StatusCode::CREATED);
}
