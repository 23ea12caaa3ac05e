//! Errors and how they reach people.
//!
//! A short guide:
//! - `db/` returns `diesel::QueryResult` or [`crate::db::DbError`];
//! - `services/` return [`AppResult`]: a refusal a person can fix is [`AppError::Validation`]
//!   (field → French message) or [`AppError::Conflict`]; what the actor may not see is
//!   [`AppError::NotFound`], what they may see but not do is [`AppError::Forbidden`];
//! - API handlers return `AppResult<Json<…>>`: errors become `application/problem+json`;
//! - page handlers return `PageResult` (in `web::pages`), which renders the same errors as an
//!   HTML page, or re-render their form with the field messages themselves.
//!
//! Diesel's `NotFound` becomes 404; every other database error is logged and answered as a 500
//! without details.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::DbError;
use crate::domain::validation::FieldErrors;

/// The result type of services and API handlers.
pub type AppResult<T> = Result<T, AppError>;

/// Everything that can go wrong in a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No valid session or token.
    #[error("authentication required")]
    Unauthenticated,
    /// Authenticated, but the role or organisation does not allow it.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Absent, or not visible to this user.
    #[error("not found")]
    NotFound,
    /// Input refused, with a message per field.
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    /// The request conflicts with the current state.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Malformed request (not a validation of values).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The body is larger than parcours reads.
    #[error("payload too large")]
    PayloadTooLarge,
    /// The form's anti-forgery token is missing or wrong.
    #[error("invalid CSRF token")]
    Csrf,
    /// Too many attempts; try again later.
    #[error("too many requests")]
    TooManyRequests {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Every password verification of this instance is busy (a login flood); try again shortly.
    #[error("login capacity reached")]
    LoginCapacity {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Anything else; logged, not shown. The text carries the failure and its chain of causes
    /// (see [`AppError::internal`]).
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// Validation failure on a single field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(FieldErrors::single(field, message))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests { .. } | Self::LoginCapacity { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A French sentence for people.
    pub fn title(&self) -> String {
        match self {
            Self::Unauthenticated => "Connexion requise.".to_owned(),
            Self::Forbidden(why) if !why.is_empty() => why.clone(),
            Self::Forbidden(_) => "Vous n'avez pas le droit d'effectuer cette action.".to_owned(),
            Self::NotFound => "Page ou ressource introuvable.".to_owned(),
            Self::Validation(_) => "Certaines informations sont à corriger.".to_owned(),
            Self::Conflict(why) | Self::BadRequest(why) => why.clone(),
            Self::PayloadTooLarge => {
                "Envoi trop volumineux : réduisez sa taille et recommencez.".to_owned()
            }
            Self::Csrf => "Le formulaire a expiré ou ne vient pas de parcours : rechargez la page \
                           et recommencez."
                .to_owned(),
            Self::TooManyRequests { retry_after } => format!(
                "Trop de tentatives. Réessayez dans {}.",
                crate::domain::address::plural(
                    retry_after.div_ceil(60).max(1),
                    "minute",
                    "minutes"
                )
            ),
            Self::LoginCapacity { .. } => "Trop de connexions en cours en ce moment : réessayez \
                                           dans quelques secondes."
                .to_owned(),
            Self::Internal(_) => {
                "Une erreur inattendue s'est produite ; elle a été enregistrée.".to_owned()
            }
        }
    }

    /// An internal failure in `context`, keeping `err` and each of its sources.
    pub fn internal(context: &str, err: &(dyn std::error::Error + 'static)) -> Self {
        Self::Internal(format!("{context}: {}", chain(err)))
    }

    /// Logs server-side failures once, where they are turned into a response (API problem,
    /// error page, or the CLI's message).
    pub fn log(&self) {
        if let Self::Internal(detail) = self {
            tracing::error!(error = %detail, "internal error");
        }
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Query(e) => e.into(),
            other => Self::internal("database", &other),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match err {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => Self::field(
                &violated_field(info.as_ref()),
                "Cette valeur est déjà enregistrée : choisissez-en une autre.",
            ),
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => Self::field(
                &violated_field(info.as_ref()),
                "Cette référence ne correspond à aucun enregistrement.",
            ),
            other => Self::internal("query", &other),
        }
    }
}

/// An error and its sources joined by `: `, a source left out when the message above already
/// quotes it (thiserror's `{0}` with `#[from]`).
pub fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = cause.source();
    }
    text
}

/// Maps a unique violation to `field`'s French `message`; any other error converts as usual
/// (a foreign-key violation names its column, other failures are internal and logged).
pub fn unique_as(
    field: &'static str,
    message: &'static str,
) -> impl Fn(diesel::result::Error) -> AppError {
    move |err| {
        if crate::db::unique_violation(&err).is_some() {
            AppError::field(field, message)
        } else {
            err.into()
        }
    }
}

/// The column a constraint violation names: PostgreSQL's detail `Key (email)=(…) …`, or
/// SQLite's message `UNIQUE constraint failed: users.email`; `reference` when neither says
/// (SQLite's foreign-key message names no column).
fn violated_field(info: &dyn diesel::result::DatabaseErrorInformation) -> String {
    let from_detail = info
        .details()
        .and_then(|d| d.strip_prefix("Key ("))
        .and_then(|d| d.split(')').next())
        .map(|columns| columns.split(", ").last().unwrap_or(columns).to_owned());
    let from_message = info
        .message()
        .split_once("constraint failed: ")
        .map(|(_, columns)| {
            let last = columns.split(", ").last().unwrap_or(columns);
            last.rsplit('.').next().unwrap_or(last).to_owned()
        });
    from_detail
        .or(from_message)
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or_else(|| "reference".to_owned())
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        Self::Validation(errors)
    }
}

/// The problem type URI for each error.
fn problem_type(err: &AppError) -> &'static str {
    match err {
        AppError::Unauthenticated => "/problems/unauthenticated",
        AppError::Forbidden(_) => "/problems/forbidden",
        AppError::NotFound => "/problems/not-found",
        AppError::Validation(_) => "/problems/validation",
        AppError::Conflict(_) => "/problems/conflict",
        AppError::BadRequest(_) => "/problems/bad-request",
        AppError::PayloadTooLarge => "/problems/payload-too-large",
        AppError::Csrf => "/problems/csrf",
        AppError::TooManyRequests { .. } => "/problems/too-many-requests",
        AppError::LoginCapacity { .. } => "/problems/login-capacity",
        AppError::Internal(_) => "/problems/internal",
    }
}

/// RFC 9457 `application/problem+json`; validation errors carry `errors: {field: message}`.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let mut body = json!({
            "type": problem_type(&self),
            "title": self.title(),
            "status": status.as_u16(),
        });
        if let Self::Validation(errors) = &self {
            body["errors"] = json!(errors);
        }
        let mut response = (status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Self::TooManyRequests { retry_after } | Self::LoginCapacity { retry_after } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            headers.insert(header::RETRY_AFTER, value);
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"parcours\""),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::{AppError, chain};

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_causes() {
        let err = Outer(std::io::Error::other("disk full"));
        assert_eq!(chain(&err), "outer: disk full");
        let AppError::Internal(text) = AppError::internal("backup", &err) else {
            panic!("internal expected");
        };
        assert_eq!(text, "backup: outer: disk full");
    }

    #[test]
    fn a_cause_already_quoted_is_not_repeated() {
        let err = crate::db::DbError::Task("joined: cancelled".to_owned());
        assert_eq!(chain(&err), "database task: joined: cancelled");
        let pool = crate::db::DbError::Migration("42 failed".to_owned());
        let AppError::Internal(text) = AppError::from(pool) else {
            panic!("internal expected");
        };
        assert_eq!(text, "database: migration: 42 failed");
    }
}
