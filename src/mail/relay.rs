//! The SMTP connections of `smtp://` URLs (plain, or with `?tls=required|opportunistic`
//! STARTTLS), opened by parcours with `TCP_NODELAY` and pooled here.
//!
//! lettre writes a message's body and its final `.` in two writes; with Nagle's algorithm on
//! (lettre's own transport never sets `TCP_NODELAY` and lets no one reach its socket), the
//! final `.` waits for the peer's delayed acknowledgement, about 40 ms a message (issue 17,
//! `BENCHMARKS.md`). lettre's connection type accepts a stream opened elsewhere, so parcours opens
//! the TCP connection itself. `smtps://` (TLS from the first byte) stays on lettre's transport.

use std::time::Duration;

use lettre::Message;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;
use tokio::sync::Mutex;

/// How long opening the TCP connection may take (lettre's transport was given the same).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// The most idle connections kept (lettre's pool keeps 10).
const MAX_IDLE: usize = 10;

/// An SMTP server reached over connections parcours opens, and its idle connections.
pub struct Relay {
    host: String,
    port: u16,
    /// STARTTLS: its parameters, and whether it is required (else used when offered).
    starttls: Option<(TlsParameters, bool)>,
    hello: ClientId,
    credentials: Option<Credentials>,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Relay({}:{})", self.host, self.port)
    }
}

fn decode(text: &str) -> Result<String, String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|e| format!("PARCOURS_SMTP_URL: {e}"))
}

impl Relay {
    /// The relay of an `smtp://` URL, read as lettre reads it (port 25, or 587 with `tls=`; the
    /// path as the EHLO name; `user:password@`); `None` for any other scheme.
    pub fn from_url(url: &str) -> Result<Option<Self>, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("PARCOURS_SMTP_URL: {e}"))?;
        if parsed.scheme() != "smtp" {
            return Ok(None);
        }
        let host = parsed
            .host_str()
            .ok_or("PARCOURS_SMTP_URL: no host")?
            .to_owned();
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let starttls = match tls.as_deref() {
            None => None,
            Some(mode @ ("required" | "opportunistic")) => {
                let parameters = TlsParameters::new(host.clone())
                    .map_err(|e| format!("PARCOURS_SMTP_URL: {e}"))?;
                Some((parameters, mode == "required"))
            }
            Some(other) => return Err(format!("PARCOURS_SMTP_URL: unknown tls={other}")),
        };
        let port = parsed
            .port()
            .unwrap_or(if starttls.is_some() { 587 } else { 25 });
        let hello = match parsed.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_owned()),
        };
        let credentials = match parsed.password() {
            Some(password) => Some(Credentials::new(
                decode(parsed.username())?,
                decode(password)?,
            )),
            None => None,
        };
        Ok(Some(Self {
            host,
            port,
            starttls,
            hello,
            credentials,
            idle: Mutex::new(Vec::new()),
        }))
    }

    /// A new connection: TCP with `TCP_NODELAY`, greeting and EHLO, STARTTLS, authentication.
    async fn connect(&self) -> Result<AsyncSmtpConnection, String> {
        let tcp = tokio::time::timeout(
            CONNECT_TIMEOUT,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| format!("smtp: no connection within {} s", CONNECT_TIMEOUT.as_secs()))?
        .map_err(|e| format!("smtp: {e}"))?;
        tcp.set_nodelay(true).map_err(|e| format!("smtp: {e}"))?;
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
            .await
            .map_err(|e| format!("smtp: {e}"))?;
        if let Some((parameters, required)) = &self.starttls
            && (*required || conn.can_starttls())
        {
            conn.starttls(parameters.clone(), &self.hello)
                .await
                .map_err(|e| format!("smtp: {e}"))?;
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(|e| format!("smtp: {e}"))?;
        }
        Ok(conn)
    }

    /// An idle connection that still answers `NOOP` (as lettre's pool checks), or a new one.
    async fn connection(&self) -> Result<AsyncSmtpConnection, String> {
        loop {
            let parked = self.idle.lock().await.pop();
            let Some(mut conn) = parked else {
                return self.connect().await;
            };
            if conn.test_connected().await {
                return Ok(conn);
            }
            conn.abort().await;
        }
    }

    /// Sends one message; the connection goes back to the pool unless it failed.
    pub async fn send(&self, email: &Message) -> Result<(), String> {
        let mut conn = self.connection().await?;
        match conn.send(email.envelope(), &email.formatted()).await {
            Ok(_) => {
                let mut idle = self.idle.lock().await;
                if idle.len() < MAX_IDLE && !conn.has_broken() {
                    idle.push(conn);
                } else {
                    drop(idle);
                    conn.abort().await;
                }
                Ok(())
            }
            Err(e) => {
                conn.abort().await;
                Err(format!("smtp: {e}"))
            }
        }
    }
}
