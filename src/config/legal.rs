//! What the public footer pages say about the deployment (mentions légales, données
//! personnelles, déclaration d'accessibilité): who publishes and hosts the service and whom to
//! write to. Each deployment sets its own; the defaults describe the national programme.

use clap::Args;
use serde::Serialize;

/// The flags and variables of the footer pages, flattened into [`super::args::ConfigArgs`].
#[derive(Debug, Clone, Args)]
pub struct LegalArgs {
    /// The publisher of the service (name and address), on the « Mentions légales ».
    #[arg(
        long,
        env = "PARCOURS_LEGAL_PUBLISHER",
        default_value = "Agence nationale de la cohésion des territoires (ANCT), 20 avenue de Ségur, 75007 Paris",
        global = true
    )]
    pub legal_publisher: String,
    /// The director of publication.
    #[arg(
        long,
        env = "PARCOURS_LEGAL_DIRECTOR",
        default_value = "le directeur général de l'Agence nationale de la cohésion des territoires",
        global = true
    )]
    pub legal_director: String,
    /// The host of the service (name and address).
    #[arg(
        long,
        env = "PARCOURS_LEGAL_HOST",
        default_value = "l'hébergeur désigné par l'éditeur, sur le territoire de l'Union européenne",
        global = true
    )]
    pub legal_host: String,
    /// Whom to write to about personal data (the data protection officer); defaults to the
    /// sender of e-mails.
    #[arg(long, env = "PARCOURS_DPO_CONTACT", global = true)]
    pub dpo_contact: Option<String>,
    /// Whom to write to about accessibility; defaults to the sender of e-mails.
    #[arg(long, env = "PARCOURS_ACCESSIBILITY_CONTACT", global = true)]
    pub accessibility_contact: Option<String>,
}

/// What the footer pages show.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LegalSettings {
    /// The publisher.
    pub publisher: String,
    /// The director of publication.
    pub director: String,
    /// The host.
    pub host: String,
    /// Whom to write to about personal data.
    pub dpo_contact: String,
    /// Whom to write to about accessibility.
    pub accessibility_contact: String,
}

impl LegalArgs {
    /// The settings, the contacts falling back to `mail_from` (only its address).
    pub fn into_settings(self, mail_from: &str) -> LegalSettings {
        let fallback = address_of(mail_from);
        let given = |value: Option<String>| {
            value
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.clone())
        };
        LegalSettings {
            publisher: self.legal_publisher,
            director: self.legal_director,
            host: self.legal_host,
            dpo_contact: given(self.dpo_contact),
            accessibility_contact: given(self.accessibility_contact),
        }
    }
}

/// `a@b` out of `Name <a@b>`.
fn address_of(mailbox: &str) -> String {
    match (mailbox.find('<'), mailbox.rfind('>')) {
        (Some(open), Some(close)) if open < close => mailbox[open + 1..close].trim().to_owned(),
        _ => mailbox.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn contacts_fall_back_to_the_sender_address() {
        let args = crate::config::args::ConfigArgs::defaults().legal;
        let settings = args.into_settings("parcours <ne-pas-repondre@parcours.example>");
        assert_eq!(settings.dpo_contact, "ne-pas-repondre@parcours.example");
        assert!(settings.publisher.contains("ANCT"));
    }
}
