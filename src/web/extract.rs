//! Extractors: who is asking (for the API and for pages), the client address, and JSON bodies
//! whose rejections are problem documents.

use std::net::{IpAddr, SocketAddr};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::Principal;
use crate::error::AppError;
use crate::services::auth::Identity;

/// The identity resolved once per request by [`super::middleware::identify`].
#[derive(Debug, Clone, Default)]
pub struct RequestIdentity(pub Option<Identity>);

/// The versions [`super::middleware::identify`] read with the identity (one statement):
/// a dashboard the request serves is checked against them instead of reading its own. None for
/// a request without credentials.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadVersions(pub Option<crate::services::identity_cache::Versions>);

impl ReadVersions {
    /// The dashboards' version, if read.
    pub fn dashboards(self) -> Option<i64> {
        self.0.map(|v| v.dashboards)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ReadVersions {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(parts
            .extensions
            .get::<ReadVersions>()
            .copied()
            .unwrap_or_default())
    }
}

/// The signed-in user of an API request; 401 without one.
#[derive(Debug, Clone)]
pub struct ApiUser(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<RequestIdentity>()
            .and_then(|r| r.0.as_ref())
            .map(|i| Self(i.principal.clone()))
            .ok_or(AppError::Unauthenticated)
    }
}

/// The signed-in user of a page request, with the session's CSRF token; redirects to the login
/// page without one.
#[derive(Debug, Clone)]
pub struct PageUser {
    /// The user.
    pub principal: Principal,
    /// The session's anti-forgery token, for forms.
    pub csrf_token: String,
    /// The name of the user's main organisation.
    pub organisation_name: Option<String>,
    /// How the user wishes to be addressed.
    pub address: crate::domain::address::Address,
}

impl PageUser {
    /// The page user of a resolved identity.
    pub fn of(identity: &crate::services::auth::Identity) -> Self {
        Self {
            principal: identity.principal.clone(),
            csrf_token: identity.csrf_token.clone().unwrap_or_default(),
            organisation_name: identity.organisation_name.clone(),
            address: identity.address,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Response> {
        match parts
            .extensions
            .get::<RequestIdentity>()
            .and_then(|r| r.0.as_ref())
        {
            Some(identity) => Ok(Self::of(identity)),
            None => Err(login_redirect(
                parts.uri.path_and_query().map_or("/", |p| p.as_str()),
            )),
        }
    }
}

/// Redirects to the login page, remembering where to come back (a local path only: see
/// [`crate::domain::redirect`]).
pub fn login_redirect(next: &str) -> Response {
    let next = crate::domain::redirect::local_path_or_home(Some(next));
    Redirect::to(&format!(
        "/login?next={}",
        super::cookies::encode_flash(next)
    ))
    .into_response()
}

/// The client's address: the TCP peer or, when the peer is the trusted proxy, the right-most
/// `X-Forwarded-For` hop that is not the proxy itself. Each proxy appends the address it saw, so
/// the hops to the left of the last one were written by the client and prove nothing.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// The client behind `peer`, given the `X-Forwarded-For` values in the order received.
    pub fn resolve<'a>(
        peer: IpAddr,
        trusted_proxy: Option<IpAddr>,
        forwarded: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        if trusted_proxy != Some(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded
            .into_iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if Some(ip) == trusted_proxy => {}
                Ok(ip) => return ip,
                // Garbage where the proxy writes: believe no hop at all.
                Err(_) => return peer,
            }
        }
        peer
    }
}

impl FromRequestParts<crate::state::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(Self(Self::resolve(
            peer,
            state.config.trusted_proxy,
            forwarded,
        )))
    }
}

/// A JSON body; malformed JSON or wrong types answer a problem document (400 for syntax, 422 for
/// values that do not fit the fields).
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(JsonRejection::JsonDataError(e)) => Err(AppError::field(
                "body",
                format!("Champ de type inattendu : {}", e.body_text()),
            )),
            Err(JsonRejection::JsonSyntaxError(_)) => {
                Err(AppError::BadRequest("Corps JSON mal formé.".to_owned()))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest(
                "En-tête Content-Type: application/json attendu.".to_owned(),
            )),
            Err(other) if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::PayloadTooLarge)
            }
            Err(other) => Err(AppError::BadRequest(other.body_text())),
        }
    }
}

/// A path parameter whose rejection speaks French: a problem document (400) under `/api`, the
/// error page elsewhere. Used instead of axum's `Path`, whose rejections are plain text.
#[derive(Debug, Clone, Copy)]
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(_) => Err(bad_address(
                parts,
                "Adresse invalide : un identifiant de cette adresse n'a pas la forme attendue.",
            )),
        }
    }
}

/// Query parameters whose rejection speaks French, like [`Path`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(bad_address(
                parts,
                &format!(
                    "Paramètres de l'adresse invalides : {}",
                    query_problem(&rejection.body_text())
                ),
            )),
        }
    }
}

/// The French gist of serde's complaint about a query string.
fn query_problem(detail: &str) -> String {
    // serde_urlencoded says "Failed to deserialize query string: <field>: invalid digit…";
    // keep the field it names, if any, and say the rest in French.
    let field = detail
        .split(": ")
        .nth(1)
        .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !f.is_empty());
    match field {
        Some(field) => format!("la valeur de « {field} » n'a pas la forme attendue."),
        None => "une valeur n'a pas la forme attendue.".to_owned(),
    }
}

/// 400 as a problem document under `/api`, as the error page elsewhere (the path read before
/// `nest` stripped its prefix).
fn bad_address(parts: &Parts, message: &str) -> Response {
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(parts.uri.path(), |original| original.0.path());
    if path.starts_with("/api/") {
        AppError::BadRequest(message.to_owned()).into_response()
    } else {
        super::middleware::page_error(axum::http::StatusCode::BAD_REQUEST, message)
    }
}

/// A form body whose rejection is the French error page (422), not axum's English plain text.
#[derive(Debug, Clone)]
pub struct Form<T>(pub T);

impl<S, T> FromRequest<S> for Form<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(rejection) => {
                tracing::debug!(detail = %rejection.body_text(), "form refused");
                Err(super::middleware::page_error(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "Le formulaire envoyé est incomplet ou mal formé : revenez en arrière, \
                     vérifiez-le et recommencez.",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn the_right_most_hop_that_is_not_the_proxy_is_the_client() {
        let proxy = Some(ip("10.0.0.1"));
        let peer = ip("10.0.0.1");
        let table: &[(&[&str], &str)] = &[
            (&["203.0.113.7"], "203.0.113.7"),
            (&["198.51.100.1, 203.0.113.7"], "203.0.113.7"),
            (&["198.51.100.1", "203.0.113.7"], "203.0.113.7"),
            (&["203.0.113.7, 10.0.0.1"], "203.0.113.7"),
            (&["forged, 203.0.113.7"], "203.0.113.7"),
            (&["203.0.113.7, forged"], "10.0.0.1"),
            (&[], "10.0.0.1"),
            (&["10.0.0.1"], "10.0.0.1"),
            (&["2001:db8::1"], "2001:db8::1"),
        ];
        for (headers, expected) in table {
            let got = ClientIp::resolve(peer, proxy, headers.iter().copied());
            assert_eq!(got, ip(expected), "{headers:?}");
        }
    }

    #[test]
    fn without_the_trusted_proxy_the_header_is_ignored() {
        let peer = ip("192.0.2.5");
        assert_eq!(ClientIp::resolve(peer, None, ["203.0.113.7"]), peer);
        assert_eq!(
            ClientIp::resolve(peer, Some(ip("10.0.0.1")), ["203.0.113.7"]),
            peer
        );
    }
}
