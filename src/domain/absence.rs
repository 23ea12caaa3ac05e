//! Absences and their justifications: the categories a proof may carry, and the programme rule
//! told to the host structure (an unjustified absence can suspend the employer's subsidy).

/// What a justification says the absence was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Category {
    /// « Arrêt maladie » (a sick note: health data).
    SickLeave,
    /// « Force majeure ».
    ForceMajeure,
    /// « Autre », with a required motive.
    Other,
}

impl Category {
    /// Every category, in the order forms offer them.
    pub const ALL: [Self; 3] = [Self::SickLeave, Self::ForceMajeure, Self::Other];

    /// The stored name (also the mark's `justification` once accepted).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SickLeave => "sick_leave",
            Self::ForceMajeure => "force_majeure",
            Self::Other => "other",
        }
    }

    /// The category a stored or submitted name names.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value.trim())
    }

    /// Its French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::SickLeave => "arrêt maladie",
            Self::ForceMajeure => "force majeure",
            Self::Other => "autre",
        }
    }

    /// Whether it needs a motive.
    pub fn needs_motive(self) -> bool {
        self == Self::Other
    }
}

/// The French label of a stored category (the name itself when unknown).
pub fn category_label(stored: &str) -> String {
    Category::parse(stored).map_or_else(|| stored.to_owned(), |c| c.label().to_owned())
}

/// The French label of a justification's state.
pub fn status_label(stored: &str) -> &'static str {
    match stored {
        "pending" => "en attente de décision",
        "accepted" => "accepté",
        "refused" => "refusé",
        _ => "inconnu",
    }
}

/// The reason written on the correction when accepting a proof changes a closed half-day.
pub fn correction_reason(category: Category) -> String {
    format!("Justificatif accepté : {}", category.label())
}

/// The programme rule the host structure is reminded of.
pub const SUBSIDY_RULE: &str = "Une absence non justifiée peut entraîner la suspension de l'aide versée à l'employeur au titre du dispositif Conseillers numériques.";

/// The rule of an absence at an exam (REGULATION §1): only a sick note or force majeure, with its
/// proof, justifies it.
pub const EXAM_ABSENCE_RULE: &str = "Une absence à un examen ne se justifie que par un arrêt maladie ou un cas de force majeure, avec son justificatif.";

/// The refusal when a justification of an exam absence outcome has no accepted proof.
pub const EXAM_ABSENCE_UNPROVEN: &str = "Une absence à un examen n'est justifiée que par un arrêt maladie ou un cas de force majeure dont le justificatif a été accepté : aucun justificatif accepté pour ce candidat à cette session.";

impl Category {
    /// Whether it may justify an absence at an exam (arrêt maladie or force majeure only).
    pub fn justifies_exam_absence(self) -> bool {
        matches!(self, Self::SickLeave | Self::ForceMajeure)
    }
}

/// The refusal when a category `other` comes without a motive.
pub const MOTIVE_REQUIRED: &str = "Précisez le motif de l'absence (catégorie « autre »).";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip_and_only_other_needs_a_motive() {
        for category in Category::ALL {
            assert_eq!(Category::parse(category.as_str()), Some(category));
        }
        assert_eq!(Category::parse("vacances"), None);
        assert!(Category::Other.needs_motive());
        assert!(!Category::SickLeave.needs_motive());
        assert_eq!(
            correction_reason(Category::SickLeave),
            "Justificatif accepté : arrêt maladie"
        );
        assert_eq!(category_label("force_majeure"), "force majeure");
        assert!(Category::SickLeave.justifies_exam_absence());
        assert!(Category::ForceMajeure.justifies_exam_absence());
        assert!(!Category::Other.justifies_exam_absence());
    }
}
