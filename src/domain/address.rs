//! How a person wishes to be addressed (« Madame », « Monsieur », or neutral, the default), and
//! the one rule that makes words agree with it: feminine, masculine, or a neutral phrasing that
//! needs no « (e) ».

use super::roles::Role;

/// A user's chosen form of address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Address {
    /// « Madame »: feminine agreement.
    Madame,
    /// « Monsieur »: masculine agreement.
    Monsieur,
    /// No form of address: neutral phrasing.
    #[default]
    Neutral,
}

impl Address {
    /// Every value, in the order « Mon compte » offers them.
    pub const ALL: [Self; 3] = [Self::Neutral, Self::Madame, Self::Monsieur];

    /// Stored and API form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Madame => "madame",
            Self::Monsieur => "monsieur",
            Self::Neutral => "neutral",
        }
    }

    /// In a form.
    pub fn label(self) -> &'static str {
        match self {
            Self::Madame => "Madame",
            Self::Monsieur => "Monsieur",
            Self::Neutral => "Aucune (formulations neutres)",
        }
    }

    /// From its stored form; anything else is neutral.
    pub fn parse(value: &str) -> Self {
        Self::parse_strict(value).unwrap_or_default()
    }

    /// From its stored form, `None` when unknown.
    pub fn parse_strict(value: &str) -> Option<Self> {
        match value.trim() {
            "madame" => Some(Self::Madame),
            "monsieur" => Some(Self::Monsieur),
            "neutral" | "" => Some(Self::Neutral),
            _ => None,
        }
    }

    /// The wording that agrees: `feminine`, `masculine` or `neutral`.
    pub fn agree<'a>(self, feminine: &'a str, masculine: &'a str, neutral: &'a str) -> &'a str {
        match self {
            Self::Madame => feminine,
            Self::Monsieur => masculine,
            Self::Neutral => neutral,
        }
    }

    /// A role as the person would write it on their own badge.
    pub fn role_label(self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.agree("Administratrice", "Administrateur", "Administration"),
            Role::Coordinator => self.agree("Coordinatrice", "Coordinateur", "Coordination"),
            Role::Staff => "Équipe",
            Role::Trainer => self.agree("Formatrice", "Formateur", "Formation"),
            Role::Examiner => self.agree("Examinatrice", "Examinateur", "Jury d'examen"),
            Role::Advisor => self.agree(
                "Conseillère numérique",
                "Conseiller numérique",
                "Conseil numérique",
            ),
        }
    }
}

/// `count` followed by `singular` or `plural` (« 1 résultat », « 2 résultats », « 0 résultat »).
pub fn plural<N>(count: N, singular: &str, plural: &str) -> String
where
    N: std::fmt::Display + PartialOrd + From<u8>,
{
    if count > N::from(1) {
        format!("{count} {plural}")
    } else {
        format!("{count} {singular}")
    }
}

/// « de » or « d' » before `word` (« d'Anne », « de Bruno », « d'Hélène »).
pub fn de(word: &str) -> String {
    let first = word
        .chars()
        .next()
        .map(|c| c.to_lowercase().next().unwrap_or(c));
    let vowel = first.is_some_and(|c| "aeiouyhàâäéèêëîïôöùûüœ".contains(c));
    if vowel {
        format!("d'{word}")
    } else {
        format!("de {word}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_follows_the_form_of_address() {
        assert_eq!(
            Address::Madame.agree("née", "né", "date de naissance"),
            "née"
        );
        assert_eq!(
            Address::Monsieur.agree("née", "né", "date de naissance"),
            "né"
        );
        assert_eq!(
            Address::Neutral.agree("née", "né", "date de naissance"),
            "date de naissance"
        );
        assert_eq!(Address::parse("autre"), Address::Neutral);
        for a in Address::ALL {
            assert_eq!(Address::parse(a.as_str()), a);
        }
    }

    #[test]
    fn role_labels_have_no_parentheses() {
        for a in Address::ALL {
            for r in Role::ALL {
                assert!(!a.role_label(*r).contains('('), "{:?}", a.role_label(*r));
            }
        }
        assert_eq!(Address::Madame.role_label(Role::Trainer), "Formatrice");
        assert_eq!(Address::Neutral.role_label(Role::Trainer), "Formation");
    }

    #[test]
    fn plurals_and_elisions() {
        assert_eq!(plural(1, "résultat", "résultats"), "1 résultat");
        assert_eq!(plural(0, "résultat", "résultats"), "0 résultat");
        assert_eq!(plural(2, "résultat", "résultats"), "2 résultats");
        assert_eq!(de("Anne"), "d'Anne");
        assert_eq!(de("Bruno"), "de Bruno");
        assert_eq!(de("Hélène"), "d'Hélène");
        assert_eq!(de("Émile"), "d'Émile");
    }
}
