//! `GET /login`, `POST /login`, `POST /logout`.

use crate::web::extract::Form;
use crate::web::extract::Query;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::PageError;
use crate::domain::redirect;
use crate::error::AppError;
use crate::services::auth::{self, Credentials};
use crate::services::login::{self, LoginGate};
use crate::state::AppState;
use crate::web::cookies;
use crate::web::extract::{ClientIp, RequestIdentity};

/// `?next=` after login.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: Option<String>,
    password: Option<String>,
    next: Option<String>,
}

/// Only local paths are followed after login (the rule: [`redirect::local_path`]).
fn safe_next(next: Option<&str>) -> String {
    redirect::local_path_or_home(next).to_owned()
}

fn render_login(
    state: &AppState,
    csrf: &str,
    email: &str,
    next: &str,
    error: Option<&str>,
    status: StatusCode,
    set_cookie: Option<String>,
) -> Result<Response, PageError> {
    let mut context = tera::Context::new();
    context.insert("csrf_token", csrf);
    context.insert("email", email);
    context.insert("next", next);
    context.insert("error", &error);
    context.insert("title", "Connexion");
    let html = state
        .templates
        .render("login.html", &context)
        .map_err(|e| AppError::Internal(format!("login template: {e:?}")))?;
    let mut response = (status, Html(html)).into_response();
    if let Some(cookie) = set_cookie
        && let Ok(value) = HeaderValue::from_str(&cookie)
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The pre-login CSRF token: the existing cookie, or a new one to set.
pub(super) fn pre_login_token(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Option<String>), PageError> {
    match cookies::get(headers, cookies::PRE_LOGIN_CSRF).filter(|t| t.len() >= 32) {
        Some(token) => Ok((token, None)),
        None => {
            let token = crate::auth::token::generate().map_err(AppError::Internal)?;
            let cookie = cookies::set(
                cookies::PRE_LOGIN_CSRF,
                &token,
                None,
                state.config.secure_cookies(),
            );
            Ok((token, Some(cookie)))
        }
    }
}

/// `GET /login`.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    identity: axum::Extension<RequestIdentity>,
    Query(query): Query<NextQuery>,
) -> Result<Response, PageError> {
    let next = safe_next(query.next.as_deref());
    if identity.0.0.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let (token, set_cookie) = pre_login_token(&state, &headers)?;
    render_login(&state, &token, "", &next, None, StatusCode::OK, set_cookie)
}

/// `POST /login`: opens a session, or shows the form again with the reason.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    let email = form.email.clone().unwrap_or_default();
    let credentials = Credentials {
        email: email.clone(),
        password: form.password.unwrap_or_default(),
        ip: ip.to_string(),
    };
    let (now, ttl) = (state.clock.now_naive(), state.config.session_ttl);
    let gate = LoginGate {
        db: &state.db,
        hashes: &state.hashes,
        throttle: state.config.throttle,
        dummy_hash: &state.dummy_hash,
    };
    let result = login::login(gate, now, credentials, move |conn, user_id| {
        auth::open_session(conn, user_id, now, ttl)
    })
    .await;
    let (csrf, _) = pre_login_token(&state, &headers)?;
    match result {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            let secure = state.config.secure_cookies();
            let cookie = cookies::set(
                cookies::SESSION,
                &session.cookie_value,
                Some(ttl.as_secs()),
                secure,
            );
            for value in [cookie, cookies::clear(cookies::PRE_LOGIN_CSRF, secure)] {
                if let Ok(v) = HeaderValue::from_str(&value) {
                    response.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            Ok(response)
        }
        Err(AppError::Validation(errors)) => render_login(
            &state,
            &csrf,
            &email,
            &next,
            errors.get("email"),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        ),
        Err(e @ (AppError::TooManyRequests { .. } | AppError::LoginCapacity { .. })) => {
            let mut response = render_login(
                &state,
                &csrf,
                &email,
                &next,
                Some(&e.title()),
                StatusCode::TOO_MANY_REQUESTS,
                None,
            )?;
            if let AppError::TooManyRequests { retry_after }
            | AppError::LoginCapacity { retry_after } = e
                && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
            {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(cookie) = cookies::get(&headers, cookies::SESSION) {
        state
            .db
            .run(move |conn| auth::close_session(conn, &cookie))
            .await?;
    }
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookies::clear(
        cookies::SESSION,
        state.config.secure_cookies(),
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
