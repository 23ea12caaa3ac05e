//! Sending e-mail: over SMTP with lettre (`PARCOURS_SMTP_URL`), or, when none is configured, as
//! `.eml` files under the data directory.

use std::path::PathBuf;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

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
        transport: AsyncSmtpTransport<Tokio1Executor>,
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
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("PARCOURS_SMTP_URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(15)))
                    .build();
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

    fn build(&self, message: &Outgoing) -> Result<Message, String> {
        let from = match self {
            Self::Smtp { from, .. } | Self::Files { from, .. } => from.clone(),
        };
        let to = Mailbox::new(
            Some(message.to_name.clone()),
            message
                .to
                .parse()
                .map_err(|e| format!("recipient {}: {e}", message.to))?,
        );
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
            .subject(message.subject.clone())
            .multipart(body)
            .map_err(|e| format!("message: {e}"))
    }

    /// Sends one message.
    pub async fn send(&self, message: &Outgoing) -> Result<(), String> {
        let email = self.build(message)?;
        match self {
            Self::Smtp { transport, .. } => transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("smtp: {e}")),
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
