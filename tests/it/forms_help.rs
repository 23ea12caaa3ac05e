//! Forms that help: the error summary names each field and links to it, every error comes in
//! one round, a refused form answers with post/redirect/get, every form has « Annuler », error
//! pages keep the menu, and the login error is said once.

use reqwest::{Client, Response, StatusCode};

use crate::support::{TestApp, advisor_body, csrf_token, header, submit};

/// A staff browser of La Fabrik.
async fn staff(app: &TestApp) -> Client {
    app.browser_as("staff@example.org", "staff", Some("la-fabrik"))
        .await
}

/// Posts `fields` to `action` from the page `page`, as a browser does (with its `Referer`).
async fn submit_from(
    app: &TestApp,
    browser: &Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Response {
    let token = csrf_token(&app.page(browser, page).await);
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    browser
        .post(app.url(action))
        .header("referer", app.url(page))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// A cohort form with no dates, junk for its number of places, and no venue.
const BAD_COHORT: [(&str, &str); 4] = [
    ("kind", "initial"),
    ("track_id", "1"),
    ("territory", "FR"),
    ("capacity", "douze"),
];

#[tokio::test]
async fn the_error_summary_names_each_field_and_links_to_it() {
    let app = TestApp::spawn().await;
    let browser = staff(&app).await;
    let token = csrf_token(&app.page(&browser, "/cohorts/new").await);
    let refused = submit(&app, &browser, "/cohorts", &token, &BAD_COHORT).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    let summary = &html[html.find("error-summary").unwrap()..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    for (field, line) in [
        ("starts_on", "Premier jour\u{a0}: ce champ est obligatoire."),
        ("ends_on", "Dernier jour\u{a0}: ce champ est obligatoire."),
        ("capacity", "Nombre de places\u{a0}: nombre entier attendu."),
    ] {
        assert!(
            summary.contains(&format!(
                "<a href=\"#f-{field}\" data-label-for=\"f-{field}\">{line}</a>"
            )),
            "{field}: {summary}"
        );
        assert!(html.contains(&format!("id=\"f-{field}\"")), "{field}");
    }
    assert!(!summary.contains(">Ce champ est obligatoire."), "{summary}");
}

#[tokio::test]
async fn a_two_stage_form_gives_every_error_in_one_round() {
    let app = TestApp::spawn().await;
    let browser = staff(&app).await;
    let token = csrf_token(&app.page(&browser, "/cohorts/new").await);
    // The page reads « douze » as no number (its stage), the service finds the missing dates
    // and venue (its stage): both are told at once, and nothing is recorded.
    let refused = submit(&app, &browser, "/cohorts", &token, &BAD_COHORT).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    for field in ["capacity", "starts_on", "ends_on"] {
        assert!(
            html.contains(&format!("id=\"f-{field}-error\"")),
            "{field}: {html}"
        );
    }
    assert!(html.contains("Nombre entier attendu."));
    let list = app.page(&browser, "/cohorts").await;
    assert!(
        !list.contains("Formation initiale — "),
        "nothing recorded: {list}"
    );

    // The same on the advisor form: a junk organisation and a missing name together.
    let token = csrf_token(&app.page(&browser, "/advisors/new").await);
    let refused = submit(
        &app,
        &browser,
        "/advisors",
        &token,
        &[("organisation_id", "x"), ("email", "lea@example.org")],
    )
    .await;
    let html = refused.text().await.unwrap();
    for field in ["organisation_id", "first_name", "last_name", "birth_date"] {
        assert!(
            html.contains(&format!("id=\"f-{field}-error\""))
                || html.contains(&format!("href=\"#f-{field}\"")),
            "{field}: {html}"
        );
    }
}

#[tokio::test]
async fn a_refused_form_redirects_to_its_page_which_shows_the_errors_once() {
    let app = TestApp::spawn().await;
    let browser = staff(&app).await;
    let mut fields = BAD_COHORT.to_vec();
    fields.push(("name", "Lyon printemps"));
    let refused = submit_from(&app, &browser, "/cohorts/new", "/cohorts", &fields).await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&refused, "location"), "/cohorts/new");
    // The GET after the redirect shows what was typed and the messages.
    let shown = app.visit(&browser, "/cohorts/new").await;
    assert_eq!(shown.status(), StatusCode::OK);
    let html = shown.text().await.unwrap();
    assert!(
        html.contains("Certaines informations sont à corriger"),
        "{html}"
    );
    assert!(html.contains("value=\"Lyon printemps\""), "{html}");
    assert!(html.contains("Premier jour\u{a0}: ce champ est obligatoire."));
    // A reload asks for the page afresh: no resubmission, no stale errors.
    let again = app.page(&browser, "/cohorts/new").await;
    assert!(!again.contains("Certaines informations sont à corriger"));
    assert!(!again.contains("Lyon printemps"));
    // CSRF still holds for a form posted with a Referer.
    let forged = browser
        .post(app.url("/cohorts"))
        .header("referer", app.url("/cohorts/new"))
        .form(&[("csrf_token", "forged"), ("name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // A page of another site is never redirected to.
    let token = csrf_token(&app.page(&browser, "/cohorts/new").await);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(&BAD_COHORT);
    let elsewhere = browser
        .post(app.url("/cohorts"))
        .header("referer", "https://evil.example/cohorts/new")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The post forms of `html` that ask for something (a field to fill), without « Annuler ».
fn forms_without_cancel(html: &str) -> Vec<String> {
    let mut missing = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form method=\"post\"") {
        let block = &rest[start..];
        let end = block.find("</form>").unwrap_or(block.len());
        let form = &block[..end];
        let tag = &form[..form.find('>').unwrap_or(0)];
        let asks = form.contains("class=\"field") || form.contains("<fieldset");
        if asks && !tag.contains("inline") && !form.contains(">Annuler</a>") {
            missing.push(tag.to_owned());
        }
        rest = &block[end..];
    }
    missing
}

#[tokio::test]
async fn every_form_of_the_main_pages_has_annuler() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let advisor = app.advisor(&token, advisor_body("lea@example.org")).await;
    let cohort = crate::support::cohort(&app, &token, 1, "2026-05-04", "2026-08-07", 12).await;
    let browser = app.logged_in("staff@example.org").await;
    for page in [
        "/account".to_owned(),
        "/advisors/new".to_owned(),
        format!("/advisors/{advisor}"),
        format!("/advisors/{advisor}/edit"),
        "/cohorts/new".to_owned(),
        format!("/cohorts/{cohort}"),
        format!("/cohorts/{cohort}/edit"),
        format!("/organisations/{}", app.org("la-fabrik")),
    ] {
        let html = app.page(&browser, &page).await;
        assert!(html.contains("<form method=\"post\""), "{page} has a form");
        let missing = forms_without_cancel(&html);
        assert!(missing.is_empty(), "{page}: {missing:?}");
    }
    let html = app.page(&browser, "/cohorts/new").await;
    // Back to the parent page (tera writes « / » as an entity in attributes).
    let back = html.replace("&#x2F;", "/");
    assert!(back.contains("<a class=\"button secondary cancel\" href=\"/cohorts\">Annuler</a>"));
}

#[tokio::test]
async fn an_error_page_keeps_the_menu_of_the_signed_in_user() {
    let app = TestApp::spawn().await;
    let browser = staff(&app).await;
    let missing = app.visit(&browser, "/cohorts/999999").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let html = missing.text().await.unwrap();
    assert!(html.contains("Erreur 404"), "{html}");
    assert!(
        html.contains("aria-label=\"Navigation principale\""),
        "{html}"
    );
    assert!(html.contains(">Sessions de formation</a>"), "{html}");
    assert!(html.contains("Mon compte"), "{html}");
    let nowhere = app.visit_text(&browser, "/no-such-page").await;
    assert!(
        nowhere.contains("aria-label=\"Navigation principale\""),
        "{nowhere}"
    );
    // A forged form is refused inside the layout too.
    let forged = browser
        .post(app.url("/cohorts"))
        .form(&[("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let html = forged.text().await.unwrap();
    assert!(html.contains("Le formulaire a expiré"), "{html}");
    assert!(
        html.contains("aria-label=\"Navigation principale\""),
        "{html}"
    );
}

#[tokio::test]
async fn the_login_error_is_said_once() {
    let app = TestApp::spawn().await;
    app.user("staff@example.org", "staff", Some("la-fabrik"), None);
    let browser = app.browser();
    let token = csrf_token(&app.visit_text(&browser, "/login").await);
    let refused = browser
        .post(app.url("/login"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "staff@example.org"),
            ("password", "pas le bon mot de passe"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    let message = parcours::services::auth::BAD_CREDENTIALS;
    assert_eq!(html.matches(message).count(), 1, "{html}");
    assert!(html.contains("aria-describedby=\"login-error\""));
    assert!(html.contains("id=\"login-error\""));
}
