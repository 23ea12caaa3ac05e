//! Account lifecycle, from the attacker's side: an old password, a stolen session or token, a
//! replayed or stale reset link, a staff member reaching beyond their organisation, a leaked
//! calendar URL, all stop working when they should.

use chrono::Duration;
use diesel::prelude::*;
use parcours::db::schema::{api_tokens, calendar_feeds, password_resets};
use parcours::services::accounts::{STAFF_DEACTIVATION_RULE, WRONG_CURRENT_PASSWORD};
use parcours::services::auth::BAD_CREDENTIALS;
use parcours::services::password_reset::INVALID_LINK;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::smtp::SmtpPeer;
use crate::support::{
    Options, PASSWORD, TestApp, advisor_body, assert_problem, csrf_token, header, post_form,
};

const NEW_PASSWORD: &str = "un-tout-nouveau-mot-de-passe";

/// A client without a cookie jar, not following redirects.
fn bare() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of cookie `name` set by a response.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v[..v.find(';').unwrap_or(v.len())].to_owned())
        .filter(|v| !v.is_empty())
}

/// Logs in through the form by hand; the session cookie's value, or the failed response's body.
async fn login_raw(app: &TestApp, email: &str, password: &str) -> Result<String, String> {
    let client = bare();
    let page = client.get(app.url("/login")).send().await.unwrap();
    let pre = set_cookie(&page, "parcours_csrf").unwrap();
    let csrf = csrf_token(&page.text().await.unwrap());
    let response = client
        .post(app.url("/login"))
        .header("cookie", format!("parcours_csrf={pre}"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    match set_cookie(&response, "parcours_session") {
        Some(session) => Ok(session),
        None => Err(response.text().await.unwrap()),
    }
}

/// `GET path` with a session cookie.
async fn with_session(app: &TestApp, session: &str, path: &str) -> reqwest::Response {
    bare()
        .get(app.url(path))
        .header("cookie", format!("parcours_session={session}"))
        .send()
        .await
        .unwrap()
}

/// Whether a session cookie still opens « Mon compte ».
async fn session_alive(app: &TestApp, session: &str) -> bool {
    let response = with_session(app, session, "/account").await;
    match response.status() {
        StatusCode::OK => true,
        StatusCode::SEE_OTHER => {
            assert!(header(&response, "location").starts_with("/login"));
            false
        }
        other => panic!("unexpected {other}"),
    }
}

/// Posts a form as a session (taking the CSRF token from `page`).
async fn post_as(
    app: &TestApp,
    session: &str,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = with_session(app, session, page).await.text().await.unwrap();
    let csrf = csrf_token(&html);
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    bare()
        .post(app.url(action))
        .header("cookie", format!("parcours_session={session}"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// An API token for `email` with `password`.
async fn token_with(app: &TestApp, email: &str, password: &str) -> String {
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn problem(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_changed_password_shuts_out_the_old_one_other_sessions_and_tokens() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let mine = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap();
    let thief = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap();
    // A wrong current password changes nothing.
    let refused = post_as(
        &app,
        &mine,
        "/account",
        "/account/password",
        &[
            ("current_password", "pas-le-bon-mot-de-passe"),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains(WRONG_CURRENT_PASSWORD)
    );
    assert!(session_alive(&app, &thief).await);
    let changed = post_as(
        &app,
        &mine,
        "/account",
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    assert!(
        session_alive(&app, &mine).await,
        "the session that changed it stays"
    );
    assert!(
        !session_alive(&app, &thief).await,
        "the other session is dead"
    );
    let (status, body) = problem(app.get(&token, "/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["type"], "/problems/unauthenticated");
    let old = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap_err();
    assert!(old.contains(BAD_CREDENTIALS), "{old}");
    assert!(
        login_raw(&app, "staff@example.org", NEW_PASSWORD)
            .await
            .is_ok()
    );

    // Through the API: the token used is revoked too.
    let api = token_with(&app, "staff@example.org", NEW_PASSWORD).await;
    let wrong = app
        .post(
            &api,
            "/api/v1/me/password",
            json!({"current_password": PASSWORD, "new_password": "encore-un-autre-mot-de-passe"}),
        )
        .await;
    let (status, body) = problem(wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"]["current_password"], WRONG_CURRENT_PASSWORD);
    let done = app
        .post(
            &api,
            "/api/v1/me/password",
            json!({"current_password": NEW_PASSWORD, "new_password": "encore-un-autre-mot-de-passe"}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    let ended: Value = done.json().await.unwrap();
    assert_eq!(ended["tokens_revoked"], 1);
    assert_eq!(ended["sessions_ended"], 2);
    assert_problem(
        app.get(&api, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
    assert!(!session_alive(&app, &mine).await);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server_and_everywhere_ends_them_all() {
    let app = TestApp::spawn().await;
    app.user("staff@example.org", "staff", Some("la-fabrik"), None);
    let stolen = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap();
    let out = post_as(&app, &stolen, "/account", "/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(
        !session_alive(&app, &stolen).await,
        "a copied cookie dies with the logout"
    );
    let laptop = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap();
    let phone = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap();
    let page = with_session(&app, &laptop, "/account")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Se déconnecter partout"));
    let all = post_as(&app, &laptop, "/account", "/logout/everywhere", &[]).await;
    assert_eq!(all.status(), StatusCode::SEE_OTHER);
    assert!(!session_alive(&app, &laptop).await);
    assert!(!session_alive(&app, &phone).await);
}

/// The reset link in a received message (quoted-printable soft breaks undone).
/// A reset link refused as unknown, used or expired: 404 with the message that says so.
async fn assert_invalid_link(response: reqwest::Response) {
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = response.text().await.unwrap().replace("&#x27;", "'");
    assert!(body.contains(INVALID_LINK), "{body}");
}

fn reset_link(raw: &str) -> String {
    let text = raw.replace("=\r\n", "").replace("=3D", "=");
    let start = text.find("/password/reset/").expect("no reset link") + "/password/reset/".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("/password/reset/{token}")
}

/// Asks for a reset of `email` through the public form; the answer's status and body.
async fn ask_reset(app: &TestApp, email: &str) -> (StatusCode, String) {
    let browser = app.browser();
    let response = post_form(
        app,
        &browser,
        "/password/forgot",
        "/password/forgot",
        &[("email", email)],
    )
    .await;
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn forgot_password_answers_the_same_and_mails_a_single_use_link() {
    let smtp = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(smtp.url.clone()).await;
    let token = app.fabrik_staff().await;
    let session = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap();
    let login = bare()
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(login.contains("href=\"/password/forgot\"") && login.contains("Mot de passe oublié ?"));
    let known = ask_reset(&app, "Staff@Example.org").await;
    let unknown = ask_reset(&app, "personne@example.org").await;
    assert_eq!(known.0, StatusCode::OK);
    assert_eq!(
        known, unknown,
        "the same answer whether or not the account exists"
    );
    assert!(
        known
            .1
            .contains("Si un compte actif correspond à cette adresse")
    );
    assert_eq!(
        app.run_jobs().await,
        1,
        "one e-mail, for the real account only"
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, vec!["staff@example.org".to_owned()]);
    let link = reset_link(&messages[0].raw);
    // Only the digest is stored, nowhere the secret.
    let secret = link.trim_start_matches("/password/reset/").to_owned();
    let stored: Vec<Option<String>> = app.with_conn(|c| {
        password_resets::table
            .select(password_resets::token_hash)
            .load(c)
            .unwrap()
    });
    assert_eq!(stored, vec![Some(parcours::auth::token::digest(&secret))]);
    let form = app.browser();
    let weak = post_form(&app, &form, &link, &link, &[("password", "court")]).await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.text().await.unwrap().contains("12 caractères"));
    let done = post_form(&app, &form, &link, &link, &[("password", NEW_PASSWORD)]).await;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(
        done.text()
            .await
            .unwrap()
            .contains("Votre mot de passe est modifié")
    );
    assert!(!session_alive(&app, &session).await, "every session ends");
    assert_problem(
        app.get(&token, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
    assert!(
        login_raw(&app, "staff@example.org", PASSWORD)
            .await
            .is_err()
    );
    assert!(
        login_raw(&app, "staff@example.org", NEW_PASSWORD)
            .await
            .is_ok()
    );
    // Replayed: refused, by the form and by a direct post.
    let again = app.browser().get(app.url(&link)).send().await.unwrap();
    assert_invalid_link(again).await;
    let browser = app.browser();
    let replay = post_form(
        &app,
        &browser,
        "/password/forgot",
        &link,
        &[("password", "encore-un-autre-mot-de-passe")],
    )
    .await;
    assert_invalid_link(replay).await;
    assert!(
        login_raw(&app, "staff@example.org", NEW_PASSWORD)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_reset_link_dies_after_an_hour_and_requests_are_limited_per_address() {
    let smtp = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(smtp.url.clone()).await;
    app.user("staff@example.org", "staff", Some("la-fabrik"), None);
    ask_reset(&app, "staff@example.org").await;
    app.run_jobs().await;
    let link = reset_link(&smtp.messages()[0].raw);
    app.clock.advance(Duration::minutes(59));
    assert_eq!(
        app.browser()
            .get(app.url(&link))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    app.clock.advance(Duration::minutes(2));
    let stale = app.browser().get(app.url(&link)).send().await.unwrap();
    assert_invalid_link(stale).await;
    let browser = app.browser();
    let late = post_form(
        &app,
        &browser,
        "/password/forgot",
        &link,
        &[("password", NEW_PASSWORD)],
    )
    .await;
    assert_invalid_link(late).await;
    assert!(login_raw(&app, "staff@example.org", PASSWORD).await.is_ok());
    // Three e-mails per address per hour; the fourth request gets the same answer and no e-mail.
    let first = ask_reset(&app, "staff@example.org").await;
    for _ in 0..3 {
        assert_eq!(ask_reset(&app, "staff@example.org").await, first);
    }
    app.run_jobs().await;
    assert_eq!(smtp.messages().len(), 1 + 3);
}

#[tokio::test]
async fn a_deactivated_account_loses_its_sessions_and_tokens_at_once() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let trainer_id = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    let trainer_token = app.login_token("trainer@example.org").await;
    let trainer_session = login_raw(&app, "trainer@example.org", PASSWORD)
        .await
        .unwrap();
    let response = app
        .post(
            &staff,
            &format!("/api/v1/users/{trainer_id}/deactivate"),
            json!({}),
        )
        .await;
    let (status, body) = problem(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["active"], false);
    let (status, body) = problem(app.get(&trainer_token, "/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["type"], "/problems/unauthenticated");
    assert!(!session_alive(&app, &trainer_session).await);
    let refused = login_raw(&app, "trainer@example.org", PASSWORD)
        .await
        .unwrap_err();
    assert!(refused.contains(BAD_CREDENTIALS));
    let api = app.ask_token("trainer@example.org", PASSWORD).await;
    assert_problem(api, 422, "mot de passe incorrect").await;
    // Reactivated: the password works again, the old token does not come back.
    app.post_ok(
        &staff,
        &format!("/api/v1/users/{trainer_id}/reactivate"),
        json!({}),
    )
    .await;
    assert_problem(
        app.get(&trainer_token, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
    assert!(
        login_raw(&app, "trainer@example.org", PASSWORD)
            .await
            .is_ok()
    );
    let audit: i64 = app.with_conn(|c| {
        use parcours::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq_any(["user.deactivate", "user.reactivate"]))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(audit, 2);

    // An advisor's account, from the button on their page.
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    app.user("lea@example.org", "advisor", None, Some(lea));
    let lea_token = app.login_token("lea@example.org").await;
    let browser = app.logged_in("staff@example.org").await;
    let page = app.page(&browser, &format!("/advisors/{lea}")).await;
    assert!(page.contains("Désactiver le compte"));
    let action = page
        .split("action=\"")
        .find(|s| s.starts_with("/users/"))
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .unwrap();
    let lea_id = lea.to_string();
    let done = post_form(
        &app,
        &browser,
        &format!("/advisors/{lea}"),
        &action,
        &[("advisor_id", &lea_id)],
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_problem(
        app.get(&lea_token, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn staff_cannot_deactivate_another_organisations_user_an_admin_or_a_coordinator() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let other_trainer = app.user(
        "trainer@simplon.example.org",
        "trainer",
        Some("simplon"),
        None,
    );
    let admin = app.user("admin@example.org", "admin", None, None);
    let colleague = app.user("staff2@example.org", "staff", Some("la-fabrik"), None);
    let coordinator = app.user("coord@example.org", "coordinator", Some("la-mednum"), None);
    for target in [other_trainer, admin, colleague, coordinator, 999_999] {
        let (status, body) = problem(
            app.post(
                &staff,
                &format!("/api/v1/users/{target}/deactivate"),
                json!({}),
            )
            .await,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{target}");
        assert_eq!(body["type"], "/problems/forbidden");
        assert_eq!(
            body["title"], STAFF_DEACTIVATION_RULE,
            "the same refusal for {target}"
        );
    }
    // A trainer may deactivate no one.
    let trainer = app
        .token("trainer@example.org", "trainer", Some("la-fabrik"))
        .await;
    let (status, body) = problem(
        app.post(
            &trainer,
            &format!("/api/v1/users/{colleague}/deactivate"),
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["type"], "/problems/forbidden");
    // Nobody was cut off.
    for email in [
        "trainer@simplon.example.org",
        "admin@example.org",
        "staff2@example.org",
        "coord@example.org",
    ] {
        assert!(login_raw(&app, email, PASSWORD).await.is_ok(), "{email}");
    }
    // An admin may, but not themself.
    let admin_token = app.login_token("admin@example.org").await;
    let (status, _) = problem(
        app.post(
            &admin_token,
            &format!("/api/v1/users/{admin}/deactivate"),
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.post_ok(
        &admin_token,
        &format!("/api/v1/users/{coordinator}/deactivate"),
        json!({}),
    )
    .await;
}

#[tokio::test]
async fn tokens_expire_are_listed_without_secrets_and_revoked_by_their_owner() {
    let app = TestApp::spawn_with(Options {
        token_ttl: parcours::config::Config::new("").token_ttl,
        ..Options::default()
    })
    .await;
    app.user("staff@example.org", "staff", Some("la-fabrik"), None);
    let first = app.login_token("staff@example.org").await;
    let second = app.login_token("staff@example.org").await;
    let other = app.staff_token("other@example.org", "simplon").await;
    let listed = app.get(&first, "/api/v1/me/tokens").await;
    assert_eq!(listed.status(), StatusCode::OK);
    let text = listed.text().await.unwrap();
    for secret in [&first, &second] {
        assert!(!text.contains(secret.as_str()), "no secret in the list");
        assert!(
            !text.contains(&parcours::auth::token::digest(secret)),
            "no digest either"
        );
    }
    let body: Value = serde_json::from_str(&text).unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0]["expires_at"], "2026-05-31T09:00:00",
        "90 days by default"
    );
    let second_id = items[0]["id"].as_i64().unwrap();
    // Someone else cannot revoke it; its owner can.
    let (status, body) = problem(
        app.client
            .delete(app.url(&format!("/api/v1/me/tokens/{second_id}")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["type"], "/problems/not-found");
    assert_eq!(
        app.get(&second, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/me/tokens/{second_id}")))
        .bearer_auth(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let (status, body) = problem(app.get(&second, "/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["type"], "/problems/unauthenticated");
    // « Mon compte » lists them too, without the secret.
    let session = login_raw(&app, "staff@example.org", PASSWORD)
        .await
        .unwrap();
    let page = with_session(&app, &session, "/account")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Jetons d&#x27;API") || page.contains("Jetons d'API"));
    assert!(!page.contains(first.as_str()));
    // Admins revoke all of an account's tokens (`parcours tokens revoke --email`).
    let revoked = app.with_conn(|c| {
        parcours::services::accounts::revoke_tokens_as_admin(
            c,
            &parcours::auth::Principal::system(),
            &parcours::services::accounts::TokenTarget::Email("Other@example.org".to_owned()),
            app.ctx().now,
        )
        .unwrap()
    });
    assert_eq!(revoked, 1);
    assert_problem(
        app.get(&other, "/api/v1/me").await,
        401,
        "/problems/unauthenticated",
    )
    .await;
    // 90 days on, the first token no longer authenticates.
    app.clock.advance(Duration::days(89));
    assert_eq!(app.get(&first, "/api/v1/me").await.status(), StatusCode::OK);
    app.clock.advance(Duration::days(1));
    let (status, body) = problem(app.get(&first, "/api/v1/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "expired");
    assert_eq!(body["type"], "/problems/unauthenticated");
}

#[tokio::test]
async fn calendar_feeds_are_stored_as_digests_and_old_clear_tokens_keep_working() {
    let app = TestApp::spawn().await;
    let user = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    let token = app.login_token("trainer@example.org").await;
    let status = app.get_json(&token, "/api/v1/me/calendar").await;
    assert_eq!(status["exists"], false);
    let created = app
        .post_ok(&token, "/api/v1/me/calendar/renew", json!({}))
        .await;
    let url = created["url"].as_str().unwrap();
    let secret = url[url.find("/calendar/").unwrap() + 10..]
        .trim_end_matches(".ics")
        .to_owned();
    let stored: Vec<String> = app.with_conn(|c| {
        calendar_feeds::table
            .select(calendar_feeds::token)
            .load(c)
            .unwrap()
    });
    assert_eq!(stored, vec![parcours::auth::token::digest(&secret)]);
    let status = app
        .get(&token, "/api/v1/me/calendar")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        status.contains("\"exists\":true") && !status.contains(&secret),
        "{status}"
    );
    assert_eq!(
        app.anonymous(&format!("/calendar/{secret}.ics"))
            .await
            .status(),
        StatusCode::OK
    );
    // The digest itself is no key to the feed.
    let digest = parcours::auth::token::digest(&secret);
    assert_eq!(
        app.anonymous(&format!("/calendar/{digest}.ics"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // A feed written in clear before the upgrade: the start-up step hashes it, the URL still works.
    let legacy = "ancien-jeton-en-clair-d-avant-la-migration";
    app.with_conn(|c| {
        diesel::insert_into(calendar_feeds::table)
            .values((
                calendar_feeds::token.eq(legacy),
                calendar_feeds::user_id.eq(user),
                calendar_feeds::created_at.eq(app.ctx().now),
                calendar_feeds::hashed.eq(false),
            ))
            .execute(c)
            .unwrap()
    });
    let upgraded =
        app.with_conn(|c| parcours::services::calendar_feed::upgrade_legacy_tokens(c).unwrap());
    assert_eq!(upgraded, 1);
    assert_eq!(
        app.with_conn(|c| parcours::services::calendar_feed::upgrade_legacy_tokens(c).unwrap()),
        0,
        "idempotent"
    );
    let clear: i64 = app.with_conn(|c| {
        calendar_feeds::table
            .filter(calendar_feeds::token.eq(legacy))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(clear, 0, "the clear token is gone from the table");
    assert_eq!(
        app.anonymous(&format!("/calendar/{legacy}.ics"))
            .await
            .status(),
        StatusCode::OK
    );
}

#[test]
fn tokens_revoke_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
            .env("DATABASE_URL", &db)
            .env("PARCOURS_PASSWORD", PASSWORD)
            .env("RUST_LOG", "warn")
            .args(args)
            .output()
            .unwrap()
    };
    let added = run(&crate::cli::add_lea("la-fabrik"));
    crate::cli::assert_success(&added);
    for _ in 0..2 {
        assert!(
            run(&["tokens", "create", "--email", "lea@example.org"])
                .status
                .success()
        );
    }
    let one = run(&["tokens", "revoke", "--id", "1"]);
    assert!(String::from_utf8_lossy(&one.stdout).contains("1 token(s) revoked"));
    let all = run(&["tokens", "revoke", "--email", "lea@example.org"]);
    assert!(all.status.success());
    assert!(String::from_utf8_lossy(&all.stdout).contains("1 token(s) revoked"));
    let mut conn = parcours::db::establish(&db).unwrap();
    let live: i64 = api_tokens::table
        .filter(api_tokens::revoked_at.is_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(live, 0);
    let expiring: i64 = api_tokens::table
        .filter(api_tokens::expires_at.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(expiring, 2);
}
