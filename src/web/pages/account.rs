//! « Mon compte »: password change, API tokens, calendar link, « Se déconnecter partout »; and
//! the deactivation buttons on an advisor's page.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::address::plural;
use crate::error::AppError;
use crate::services::accounts::{self, PasswordChange};
use crate::services::calendar_feed;
use crate::state::AppState;
use crate::web::cookies;
use crate::web::extract::ClientIp;

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current_password: Option<String>,
    new_password: Option<String>,
}

async fn render_account(
    state: &AppState,
    page: &PageCtx,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    let (tokens, feed_exists) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                accounts::my_tokens(conn, &principal, now)?,
                calendar_feed::exists(conn, &principal)?,
            ))
        })
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Mon compte");
    context.insert("email", &page.principal().email);
    context.insert("tokens", &tokens);
    context.insert("feed_exists", &feed_exists);
    let addresses: Vec<(&str, &str)> = crate::domain::address::Address::ALL
        .iter()
        .map(|a| (a.as_str(), a.label()))
        .collect();
    context.insert("addresses", &addresses);
    context.insert("values", &BTreeMap::<String, String>::new());
    let invalid = !errors.is_empty();
    context.insert("errors", &errors);
    if invalid {
        page.render_invalid(state, "account/show.html", context)
    } else {
        page.render(state, "account/show.html", context)
    }
}

/// `GET /account`.
pub async fn show(State(state): State<AppState>, page: PageCtx) -> PageResult {
    render_account(&state, &page, BTreeMap::new()).await
}

/// `POST /account/password`: changes the password (the current one asked); this session stays,
/// the others end and the API tokens are revoked.
pub async fn change_password(
    State(state): State<AppState>,
    page: PageCtx,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Form(form): Form<PasswordForm>,
) -> PageResult {
    let input = PasswordChange {
        current_password: form.current_password,
        new_password: form.new_password,
    };
    let keep = cookies::get(&headers, cookies::SESSION);
    let result = accounts::change_password(
        &state.db,
        page.principal(),
        state.ctx(),
        state.config.throttle,
        ip.to_string(),
        input,
        keep,
    )
    .await;
    match result {
        Ok(ended) => {
            let (sessions, tokens) = (ended.sessions_ended, ended.tokens_revoked);
            Ok(redirect_with_flash(
                &state,
                "/account",
                &format!(
                    "Mot de passe modifié : {} fermée{}, {} révoqué{}.",
                    plural(sessions, "autre session", "autres sessions"),
                    if sessions > 1 { "s" } else { "" },
                    plural(tokens, "jeton d'API", "jetons d'API"),
                    if tokens > 1 { "s" } else { "" },
                ),
            ))
        }
        Err(AppError::Validation(errors)) => {
            let errors = errors
                .iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            render_account(&state, &page, errors).await
        }
        Err(e @ AppError::TooManyRequests { .. }) => {
            let errors = BTreeMap::from([("current_password".to_owned(), e.title())]);
            let mut response = render_account(&state, &page, errors).await?;
            *response.status_mut() = e.status();
            Ok(response)
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    state
        .db
        .run(move |conn| accounts::revoke_my_token(conn, &principal, id, now))
        .await?;
    Ok(redirect_with_flash(&state, "/account", "Jeton révoqué."))
}

/// `POST /account/calendar`: a new calendar link, shown once on the answer page (never again).
pub async fn renew_calendar(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    let token = state
        .db
        .run(move |conn| calendar_feed::renew(conn, &principal, now))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Mon nouveau lien d'agenda");
    context.insert(
        "feed_url",
        &format!(
            "{}/calendar/{token}.ics",
            state.config.base_url.trim_end_matches('/')
        ),
    );
    page.render(&state, "account/calendar_link.html", context)
}

/// `POST /logout/everywhere`: ends every session of the user, this one included.
pub async fn logout_everywhere(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    state
        .db
        .run(move |conn| accounts::logout_everywhere(conn, &principal, now))
        .await?;
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookies::clear(
        cookies::SESSION,
        state.config.secure_cookies(),
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// The deactivation form on an advisor's page.
#[derive(Debug, Deserialize)]
pub struct ActivationForm {
    advisor_id: Option<i64>,
}

async fn set_active(
    state: AppState,
    page: PageCtx,
    id: i64,
    form: ActivationForm,
    active: bool,
) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    let view = state
        .db
        .run(move |conn| accounts::set_active(conn, &principal, id, active, now))
        .await?;
    let back = form
        .advisor_id
        .map_or_else(|| "/".to_owned(), |a| format!("/advisors/{a}"));
    let message = if active {
        format!("Compte {} réactivé.", view.email)
    } else {
        format!(
            "Compte {} désactivé : ses sessions et ses jetons sont fermés.",
            view.email
        )
    };
    Ok(redirect_with_flash(&state, &back, &message))
}

/// `POST /users/{id}/deactivate`.
pub async fn deactivate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<ActivationForm>,
) -> PageResult {
    set_active(state, page, id, form, false).await
}

/// `POST /users/{id}/reactivate`.
pub async fn reactivate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<ActivationForm>,
) -> PageResult {
    set_active(state, page, id, form, true).await
}

/// Adds `account` (the advisor's account, if any) and `account_manageable` (whether the viewer
/// may deactivate it) to an advisor page's context.
pub async fn insert_advisor_account(
    state: &AppState,
    page: &PageCtx,
    advisor_id: i64,
    context: &mut tera::Context,
) -> Result<(), PageError> {
    let principal = page.principal().clone();
    let account = state
        .db
        .run(move |conn| accounts::advisor_account(conn, &principal, advisor_id))
        .await?;
    let manageable = account.as_ref().is_some_and(|(_, may)| *may);
    context.insert("account", &account.map(|(view, _)| view));
    context.insert("account_manageable", &manageable);
    Ok(())
}
