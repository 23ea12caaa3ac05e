//! How attendance reads on documents: a status (« Présence », « Absence », « Absence
//! justifiée (arrêt maladie) ») and a signature's method (« QR code », « téléphone, sans preuve
//! de présence sur place », « tablette », « papier »).

/// A half-day's status for a person; `None` when nothing is recorded.
pub fn status_label(status: Option<&str>, justification: Option<&str>) -> String {
    match status {
        Some("present") => "Présence".to_owned(),
        Some("absent") => "Absence".to_owned(),
        Some("excused") => match justification.map(category_label) {
            Some(category) => format!("Absence justifiée ({category})"),
            None => "Absence justifiée".to_owned(),
        },
        Some(other) => other.to_owned(),
        None => "Non renseigné".to_owned(),
    }
}

/// A justification's category in French.
pub fn category_label(category: &str) -> &str {
    match category {
        "sick_leave" => "arrêt maladie",
        "force_majeure" => "force majeure",
        "other" => "autre motif",
        other => other,
    }
}

/// A signature's method in French; a signature on one's own phone without the trainer's QR code
/// says it carries no proof of presence on site.
pub fn method_label(method: &str, on_site_proof: bool) -> &str {
    match (method, on_site_proof) {
        ("qr", _) => "QR code",
        ("self", false) => "téléphone, sans preuve de présence sur place",
        ("self", true) => "téléphone",
        ("kiosk", _) => "tablette",
        ("paper", _) => "papier",
        (other, _) => other,
    }
}

/// How a trainer's closing signature was made: on the trainer's own session (« Je certifie »),
/// or on paper (the scanned sheet) — never a trainee's « téléphone ».
pub fn closing_method_label(method: &str) -> &'static str {
    match method {
        "paper" => "feuille papier signée et numérisée",
        _ => "signature électronique du formateur",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_methods_read_in_french() {
        assert_eq!(status_label(Some("present"), None), "Présence");
        assert_eq!(
            status_label(Some("excused"), Some("sick_leave")),
            "Absence justifiée (arrêt maladie)"
        );
        assert_eq!(status_label(None, None), "Non renseigné");
        assert_eq!(
            method_label("self", false),
            "téléphone, sans preuve de présence sur place"
        );
        assert_eq!(method_label("qr", true), "QR code");
        assert_eq!(
            closing_method_label("self"),
            "signature électronique du formateur"
        );
    }
}
