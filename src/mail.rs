//! Sending e-mail: over SMTP with lettre (`PARCOURS_SMTP_URL`), or, when none is configured, as
//! `.eml` files under the data directory.
//!
//! Nothing here may panic on what the database holds: lettre panics while formatting a mailbox
//! whose display name holds a CR or LF (`Mailbox`'s `Display` fails and its header `expect`s it
//! not to), so names go through [`crate::domain::display_name::one_line`] and the mailbox is
//! formatted once here, where a failure falls back to the address alone.

use std::path::PathBuf;
use std::sync::Arc;

use lettre::Address;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

mod relay;

/// How long one message may take to go through the SMTP server, greeting included.
pub const SMTP_SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// One message to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Recipient address.
    pub to: String,
    /// Recipient name.
    pub to_name: String,
    /// Subject.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
    /// Attachments: `(file name, content type, bytes)`.
    pub attachments: Vec<(String, String, Vec<u8>)>,
}

/// Where messages go.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP server.
    Smtp {
        /// The transport (pooled).
        transport: Transport,
        /// The sender.
        from: Mailbox,
    },
    /// `.eml` files in a directory.
    Files {
        /// The directory.
        dir: PathBuf,
        /// The sender.
        from: Mailbox,
    },
}

/// How messages reach the SMTP server.
#[derive(Clone)]
pub enum Transport {
    /// `smtp://`: connections parcours opens with `TCP_NODELAY` ([`relay`]), pooled.
    Relay(Arc<relay::Relay>),
    /// `smtps://`: lettre's own transport (pooled).
    Lettre(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    async fn send(&self, email: Message) -> Result<(), String> {
        match self {
            Self::Relay(relay) => relay.send(&email).await,
            Self::Lettre(transport) => transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("smtp: {e}")),
        }
    }
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Self::Files { dir, .. } => write!(f, "Mailer::Files({})", dir.display()),
        }
    }
}

impl Mailer {
    /// SMTP when `smtp_url` is set (`smtp://host:port`, `smtps://user:pass@host`), files otherwise.
    pub fn new(
        smtp_url: Option<&str>,
        from: &str,
        data_dir: &std::path::Path,
    ) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("PARCOURS_MAIL_FROM: {e}"))?;
        match smtp_url.filter(|u| !u.is_empty()) {
            Some(url) => {
                // lettre reads the URL first: what it refuses stays refused.
                let lettre = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("PARCOURS_SMTP_URL: {e}"))?;
                let transport = match relay::Relay::from_url(url)? {
                    Some(relay) => Transport::Relay(Arc::new(relay)),
                    None => Transport::Lettre(
                        lettre
                            .timeout(Some(std::time::Duration::from_secs(15)))
                            .build(),
                    ),
                };
                Ok(Self::Smtp { transport, from })
            }
            None => Ok(Self::Files {
                dir: data_dir.join("mail"),
                from,
            }),
        }
    }

    /// `smtp` or `file`, as recorded.
    pub fn transport_name(&self) -> &'static str {
        match self {
            Self::Smtp { .. } => "smtp",
            Self::Files { .. } => "file",
        }
    }

    fn build(&self, message: &Outgoing, message_id: Option<&str>) -> Result<Message, String> {
        let from = match self {
            Self::Smtp { from, .. } | Self::Files { from, .. } => from.clone(),
        };
        let to = mailbox(&message.to_name, &message.to)?;
        let mut body = MultiPart::mixed().multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::plain(message.text.clone()))
                .singlepart(SinglePart::html(message.html.clone())),
        );
        for (name, content_type, bytes) in &message.attachments {
            let content_type =
                ContentType::parse(content_type).map_err(|e| format!("content type: {e}"))?;
            body = body.singlepart(Attachment::new(name.clone()).body(bytes.clone(), content_type));
        }
        Message::builder()
            .from(from)
            .to(to)
            .subject(crate::domain::display_name::one_line_or_empty(
                &message.subject,
            ))
            .message_id(message_id.map(str::to_owned))
            .multipart(body)
            .map_err(|e| format!("message: {e}"))
    }

    /// Sends one message (with a `Message-ID` lettre draws at random).
    pub async fn send(&self, message: &Outgoing) -> Result<(), String> {
        self.send_with_id(message, None).await
    }

    /// Sends one message with the `Message-ID` given (see [`message_id`]), so that a message
    /// sent again, after a crash between sending and recording, is recognisable as the same.
    pub async fn send_with_id(
        &self,
        message: &Outgoing,
        message_id: Option<&str>,
    ) -> Result<(), String> {
        let email = self.build(message, message_id)?;
        match self {
            // lettre's own timeout covers the TCP connection only: a server that accepts and
            // then says nothing would hold the job, and its lane, for ever.
            Self::Smtp { transport, .. } => {
                match tokio::time::timeout(SMTP_SEND_TIMEOUT, transport.send(email)).await {
                    Ok(sent) => sent,
                    Err(_) => Err(format!(
                        "smtp: no answer within {} s",
                        SMTP_SEND_TIMEOUT.as_secs()
                    )),
                }
            }
            Self::Files { dir, .. } => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("{}: {e}", dir.display()))?;
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
                    crate::domain::text::fold(&message.to).replace(['@', ' '], "_")
                );
                tokio::fs::write(dir.join(name), email.formatted())
                    .await
                    .map_err(|e| format!("{}: {e}", dir.display()))
            }
        }
    }
}

/// The recipient's mailbox: the address must parse (an error otherwise, never a panic); the name
/// is cleaned to one line, and dropped when even then the mailbox would not format.
pub fn mailbox(name: &str, address: &str) -> Result<Mailbox, String> {
    let address: Address = address
        .trim()
        .parse()
        .map_err(|e| format!("recipient {}: {e}", address.escape_debug()))?;
    let named = Mailbox::new(crate::domain::display_name::one_line(name), address.clone());
    // lettre's header formatting `expect`s this to succeed; check it where a failure is harmless.
    let mut formatted = String::new();
    if std::fmt::Write::write_fmt(&mut formatted, format_args!("{named}")).is_ok() {
        Ok(named)
    } else {
        Ok(Mailbox::new(None, address))
    }
}

/// The `Message-ID` of a job's e-mail: `<job-{id}.{kind}@{host}>`, the host of `base_url` (or
/// `parcours.localhost`); the same for every attempt of one job.
pub fn message_id(job_id: i64, kind: &str, base_url: &str) -> String {
    let kind: String = kind
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    format!("<job-{job_id}.{kind}@{}>", host_of(base_url))
}

/// The host part of a URL when it is a plain DNS name or IPv4 address, `parcours.localhost`
/// otherwise.
fn host_of(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next().unwrap_or_default();
    let plain = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    if plain { host } else { "parcours.localhost" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing(name: &str) -> Outgoing {
        Outgoing {
            to: "lea@example.org".to_owned(),
            to_name: name.to_owned(),
            subject: "Convocation :\r\nBcc: x@evil.example".to_owned(),
            text: "texte".to_owned(),
            html: "<p>texte</p>".to_owned(),
            attachments: Vec::new(),
        }
    }

    fn mailer() -> Mailer {
        Mailer::new(
            None,
            "parcours <ne-pas-repondre@parcours.localhost>",
            "/nowhere".as_ref(),
        )
        .unwrap()
    }

    #[test]
    fn lettre_alone_panics_on_a_line_break_in_a_name() {
        // The finding, kept as a reminder of why `mailbox` exists.
        let raw = Mailbox::new(
            Some("Léa\r\nBcc: x@evil.example".to_owned()),
            "lea@example.org".parse().unwrap(),
        );
        let panicked = std::panic::catch_unwind(|| Message::builder().to(raw)).is_err();
        assert!(panicked);
    }

    #[test]
    fn hostile_names_are_cleaned_and_never_panic() {
        for name in [
            "Léa\r\nBcc: x@evil.example",
            "\n",
            "\u{0}\u{85}\t\u{1b}[31m",
            "\"quoted\" \\ back",
            "\u{202e}Martin",
        ] {
            let message = mailer()
                .build(&outgoing(name), Some("<job-1.k@h>"))
                .unwrap();
            let text = String::from_utf8(message.formatted()).unwrap();
            let head = text.split("\r\n\r\n").next().unwrap();
            assert!(!head.lines().any(|l| l.starts_with("Bcc:")), "{head}");
            assert!(head.contains("Message-ID: <job-1.k@h>"), "{head}");
        }
    }

    #[test]
    fn an_invalid_address_is_an_error_not_a_panic() {
        let mut bad = outgoing("Léa");
        bad.to = "lea@example.org\r\nBcc: x@evil.example".to_owned();
        assert!(
            mailer()
                .build(&bad, None)
                .unwrap_err()
                .contains("recipient")
        );
        bad.to = "pas une adresse".to_owned();
        assert!(mailer().build(&bad, None).is_err());
    }

    #[test]
    fn message_ids_name_the_job_and_the_public_host() {
        assert_eq!(
            message_id(
                42,
                "cohort_convocation",
                "https://parcours.example.fr:8443/x"
            ),
            "<job-42.cohort_convocation@parcours.example.fr>"
        );
        assert_eq!(
            message_id(7, "k", "http://user@127.0.0.1"),
            "<job-7.k@127.0.0.1>"
        );
        assert_eq!(
            message_id(7, "k", "http://[::1]:80"),
            "<job-7.k@parcours.localhost>"
        );
        assert_eq!(message_id(7, "k", ""), "<job-7.k@parcours.localhost>");
        assert_eq!(message_id(7, "k>\r\n", "x"), "<job-7.k@x>");
    }
}
