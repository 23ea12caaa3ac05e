//! E-mail addresses.

/// A syntactically valid e-mail address, lower-cased so that uniqueness ignores case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a domain with a dot, no spaces, at
    /// most 254 characters.
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = input.trim().to_lowercase();
        let invalid = || Err("Adresse e-mail invalide.".to_owned());
        if value.is_empty() {
            return Err("Ce champ est obligatoire.".to_owned());
        }
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid();
        }
        let Some((local, domain)) = value.split_once('@') else {
            return invalid();
        };
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && !local.contains(['<', '>', '(', ')', '[', ']', ',', ';', ':', '"', '\\']);
        if domain_ok && local_ok {
            Ok(Self(value))
        } else {
            invalid()
        }
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Takes the inner string.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn accepts_ordinary_addresses_and_lowercases() {
        assert_eq!(
            Email::parse(" Lea.Martin@Mairie-Lyon.fr ").map(Email::into_string),
            Ok("lea.martin@mairie-lyon.fr".to_owned())
        );
        assert!(Email::parse("a+tag@sub.example.org").is_ok());
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "lea",
            "lea@",
            "@mairie.fr",
            "lea@mairie",
            "lea@@mairie.fr",
            "lé a@mairie.fr",
            "lea@.mairie.fr",
            "lea@mairie..fr",
            "lea..martin@mairie.fr",
            "lea@mairie.fr.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
