//! Birth and usage names (CLARIFICATIONS « Names »): `last_name` is the usage name, and the
//! birth name is kept only when it differs. The procès-verbal, the fiche individuelle de
//! résultats and the livret show both; exports for the ministry (and, later, Pix and the ANCT)
//! use the birth name; every other page and document uses the usage name.

/// The birth name: the recorded one, else the usage name.
pub fn birth_last_name<'a>(usage: &'a str, birth: Option<&'a str>) -> &'a str {
    birth
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or(usage)
}

/// The birth name to store: `None` when empty or the same as the usage name (case and
/// surrounding spaces aside).
pub fn stored_birth_name(usage: &str, birth: Option<&str>) -> Option<String> {
    let birth = birth.map(str::trim).filter(|b| !b.is_empty())?;
    (birth.to_lowercase() != usage.trim().to_lowercase()).then(|| birth.to_owned())
}

/// Both names, as the documents for the ministry print them, surname first: « MARTIN Marie,
/// nom d'usage DUPONT » when they differ, « DUPONT Marie » otherwise.
pub fn birth_and_usage(first: &str, usage: &str, birth: Option<&str>) -> String {
    let born = birth_last_name(usage, birth);
    if born == usage {
        format!("{} {first}", usage.to_uppercase())
    } else {
        format!(
            "{} {first}, nom d'usage {}",
            born.to_uppercase(),
            usage.to_uppercase()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_birth_name_is_kept_only_when_it_differs() {
        assert_eq!(
            stored_birth_name("Dupont", Some(" Martin ")).as_deref(),
            Some("Martin")
        );
        assert_eq!(stored_birth_name("Dupont", Some("DUPONT")), None);
        assert_eq!(stored_birth_name("Dupont", Some("  ")), None);
        assert_eq!(stored_birth_name("Dupont", None), None);
    }

    #[test]
    fn documents_for_the_ministry_show_both_names() {
        assert_eq!(
            birth_and_usage("Marie", "Dupont", Some("Martin")),
            "MARTIN Marie, nom d'usage DUPONT"
        );
        assert_eq!(birth_and_usage("Marie", "Dupont", None), "DUPONT Marie");
        assert_eq!(birth_last_name("Dupont", Some("Martin")), "Martin");
        assert_eq!(birth_last_name("Dupont", None), "Dupont");
    }
}
