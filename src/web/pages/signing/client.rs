//! Who signs from where: the client address (the login throttle's rule, [`ClientIp`]) and the
//! user agent, bounded, recorded with each signature.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::services::signing::Client;
use crate::state::AppState;
use crate::web::extract::ClientIp;

/// The longest user agent kept (in characters); browsers send far less.
const MAX_USER_AGENT: usize = 300;

/// The signing client of a request, for [`Client`].
pub struct SigningClient(pub Client);

impl FromRequestParts<AppState> for SigningClient {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(bounded)
            .filter(|ua| !ua.is_empty());
        Ok(Self(Client {
            addr: Some(ip.to_string()),
            user_agent,
        }))
    }
}

/// `value` without control characters, cut to [`MAX_USER_AGENT`] characters.
fn bounded(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_USER_AGENT)
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_agent_is_cut_and_cleaned() {
        assert_eq!(bounded(" Mozilla/5.0\u{7}  "), "Mozilla/5.0");
        assert_eq!(bounded(&"é".repeat(1000)).chars().count(), MAX_USER_AGENT);
    }
}
