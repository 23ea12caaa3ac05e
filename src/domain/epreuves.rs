//! The épreuves of a title version: their kinds, a candidate's lengthened duration (extra time
//! for disability applies to each épreuve), overlapping slots, and when the entretien final is
//! required.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

/// The kinds of épreuve a title's référentiel lists (REGULATION.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EpreuveKind {
    /// Mise en situation professionnelle.
    MiseEnSituation,
    /// Presentation of a project made beforehand.
    PresentationProjet,
    /// Entretien technique.
    EntretienTechnique,
    /// Questionnaire professionnel.
    QuestionnaireProfessionnel,
    /// Entretien final (session titre, or the last missing CCPs).
    EntretienFinal,
}

impl EpreuveKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [Self; 5] = [
        Self::MiseEnSituation,
        Self::PresentationProjet,
        Self::EntretienTechnique,
        Self::QuestionnaireProfessionnel,
        Self::EntretienFinal,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MiseEnSituation => "mise_en_situation",
            Self::PresentationProjet => "presentation_projet",
            Self::EntretienTechnique => "entretien_technique",
            Self::QuestionnaireProfessionnel => "questionnaire_professionnel",
            Self::EntretienFinal => "entretien_final",
        }
    }

    /// Parses the stored name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::MiseEnSituation => "Mise en situation professionnelle",
            Self::PresentationProjet => "Présentation d'un projet",
            Self::EntretienTechnique => "Entretien technique",
            Self::QuestionnaireProfessionnel => "Questionnaire professionnel",
            Self::EntretienFinal => "Entretien final",
        }
    }
}

/// A stored kind that is not one of [`EpreuveKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored épreuve kind « {0} » is unknown")]
pub struct UnreadableKind(pub String);

impl TryFrom<String> for EpreuveKind {
    type Error = UnreadableKind;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::parse(&name).ok_or(UnreadableKind(name))
    }
}

/// The longest épreuve an admin may set, in minutes (as the database's CHECK).
pub const MAX_DURATION_MINUTES: i32 = 600;

/// The largest extra time that lengthens an épreuve, in percent (beyond it, the input is wrong).
pub const MAX_EXTRA_TIME_PERCENT: i32 = 200;

/// An épreuve's duration lengthened by `extra_time_percent`, rounded up to the minute
/// (90 min + 33 % = 120 min). A negative extra time counts as none.
pub fn lengthened_minutes(duration_minutes: i32, extra_time_percent: i32) -> i64 {
    let extra = i64::from(extra_time_percent.clamp(0, MAX_EXTRA_TIME_PERCENT));
    let base = i64::from(duration_minutes.max(0));
    (base * (100 + extra) + 99) / 100
}

/// The end of a slot starting at `start` for an épreuve of `duration_minutes`, lengthened.
pub fn slot_end(
    start: NaiveDateTime,
    duration_minutes: i32,
    extra_time_percent: i32,
) -> NaiveDateTime {
    start + Duration::minutes(lengthened_minutes(duration_minutes, extra_time_percent))
}

/// Whether two slots `[start, end)` overlap (one ending when the other starts does not).
pub fn slots_overlap(a: (NaiveDateTime, NaiveDateTime), b: (NaiveDateTime, NaiveDateTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Whether a candidate presents the last CCPs they miss of a title version: `presented` are
/// blocks of the version, and every other block of it (`blocks`) is already `held`.
pub fn presents_last_missing_ccps(blocks: &[i64], held: &[i64], presented: &[i64]) -> bool {
    !presented.is_empty()
        && presented.iter().all(|p| blocks.contains(p))
        && blocks
            .iter()
            .all(|b| presented.contains(b) || held.contains(b))
}

/// The entretien final is required for a session titre, and when the candidate presents the
/// last CCPs they miss of the title version (REGULATION.md §1).
pub fn entretien_final_required(is_session_titre: bool, presents_last_missing_ccps: bool) -> bool {
    is_session_titre || presents_last_missing_ccps
}

/// Whether a candidate's dossier professionnel is missing for a session held on `session_day`:
/// not received, or received after it (it is due at the latest on the session day).
pub fn dossier_missing(received_on: Option<NaiveDate>, session_day: NaiveDate) -> bool {
    received_on.is_none_or(|on| on > session_day)
}

/// The flag jury screens show beside a candidate whose dossier professionnel is missing.
pub const DOSSIER_MISSING: &str = "dossier professionnel non reçu";

/// The refusal of a decision taken without the required entretien final.
pub const ENTRETIEN_FINAL_MISSING: &str = "Entretien final requis : le candidat présente les \
     derniers CCP qui lui manquent pour le titre (ou passe une session titre) ; enregistrez \
     l'observation du jury sur l'entretien final avant la décision.";

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 10)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    #[test]
    fn kinds_round_trip() {
        for kind in EpreuveKind::ALL {
            assert_eq!(EpreuveKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EpreuveKind::parse("oral"), None);
    }

    #[test]
    fn extra_time_lengthens_and_rounds_up() {
        assert_eq!(lengthened_minutes(90, 0), 90);
        assert_eq!(lengthened_minutes(90, 33), 120);
        assert_eq!(lengthened_minutes(20, 25), 25);
        assert_eq!(lengthened_minutes(20, -10), 20);
        assert_eq!(slot_end(at(9, 0), 90, 50), at(11, 15));
    }

    #[test]
    fn touching_slots_do_not_overlap() {
        assert!(!slots_overlap(
            (at(9, 0), at(10, 0)),
            (at(10, 0), at(11, 0))
        ));
        assert!(slots_overlap((at(9, 0), at(10, 1)), (at(10, 0), at(11, 0))));
        assert!(slots_overlap((at(9, 0), at(12, 0)), (at(10, 0), at(11, 0))));
    }

    #[test]
    fn the_last_missing_ccps_call_for_the_entretien_final() {
        let blocks = [1, 2, 3];
        assert!(presents_last_missing_ccps(&blocks, &[1, 2], &[3]));
        assert!(presents_last_missing_ccps(&blocks, &[1], &[2, 3]));
        assert!(!presents_last_missing_ccps(&blocks, &[1], &[3]));
        assert!(!presents_last_missing_ccps(&blocks, &[1, 2, 3], &[]));
        assert!(!presents_last_missing_ccps(&blocks, &[1, 2], &[9]));
        assert!(entretien_final_required(true, false));
        assert!(entretien_final_required(false, true));
        assert!(!entretien_final_required(false, false));
    }

    #[test]
    fn a_dossier_is_due_on_the_session_day() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        assert!(dossier_missing(None, day));
        assert!(!dossier_missing(Some(day), day));
        assert!(!dossier_missing(day.pred_opt(), day));
        assert!(dossier_missing(day.succ_opt(), day));
    }
}
