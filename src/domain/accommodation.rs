//! Disability accommodations at an exam: the kinds a request may ask for (several at once), the
//! decision, the notice a request should give (three months by default: configurable), and the
//! rules told when something is refused.

use chrono::{Days, NaiveDate};

/// The rule of extra time: only an accepted decision grants it.
pub const EXTRA_TIME_RULE: &str = "Pas de temps supplémentaire sans décision d'aménagement acceptée : le pourcentage vient de la décision (demande d'aménagement du candidat), il ne se saisit pas à l'inscription.";

/// The rule of the free accommodation notes, now part of the request (health data).
pub const NOTES_RULE: &str = "Les aménagements se demandent sur la ligne du candidat (demande d'aménagement) : leurs éléments médicaux sont des données de santé réservées.";

/// The rule of who reads the proof of status and the medical recommendation.
pub const HEALTH_DATA: &str = "La recommandation médicale et le justificatif de statut sont des données de santé : seuls le candidat, l'équipe de l'organisme qui décide et son référent handicap les consultent.";

/// The rule of who records and decides a request.
pub const DECIDERS: &str = "Les demandes d'aménagement sont enregistrées et décidées par l'équipe de l'organisme qui organise la session.";

/// What a request may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Extra time, with its percentage.
    ExtraTime,
    /// A technical aid (software, equipment).
    TechnicalAid,
    /// A human aid (a reader, a scribe, an interpreter).
    HumanAid,
    /// An adapted épreuve.
    AdaptedEpreuve,
    /// A room (accessible, apart).
    Room,
}

impl Kind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [Self; 5] = [
        Self::ExtraTime,
        Self::TechnicalAid,
        Self::HumanAid,
        Self::AdaptedEpreuve,
        Self::Room,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ExtraTime => "extra_time",
            Self::TechnicalAid => "technical_aid",
            Self::HumanAid => "human_aid",
            Self::AdaptedEpreuve => "adapted_epreuve",
            Self::Room => "room",
        }
    }

    /// The kind a name names.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value.trim())
    }

    /// Its French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::ExtraTime => "temps supplémentaire",
            Self::TechnicalAid => "aide technique",
            Self::HumanAid => "aide humaine",
            Self::AdaptedEpreuve => "épreuve adaptée",
            Self::Room => "salle adaptée",
        }
    }
}

/// The kinds named in `values` (duplicates dropped, in the order of [`Kind::ALL`]); an unknown
/// name is refused with the list of the known ones.
pub fn parse_kinds<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Vec<Kind>, String> {
    let mut kinds = Vec::new();
    for value in values {
        let kind = Kind::parse(value).ok_or_else(|| {
            format!(
                "Aménagement inconnu : {}.",
                Kind::ALL.map(Kind::as_str).join(", ")
            )
        })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds.sort();
    Ok(kinds)
}

/// The stored list of kinds (`extra_time,room`).
pub fn stored_kinds(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The kinds of a stored list; an unreadable value is an error, never a default.
pub fn read_kinds(stored: &str) -> Result<Vec<Kind>, String> {
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    parse_kinds(stored.split(','))
}

/// The decision on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Accepted (with the extra time granted, if any).
    Accepted,
    /// Refused.
    Refused,
}

impl Decision {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Refused => "refused",
        }
    }

    /// The decision a name names.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "accepted" => Some(Self::Accepted),
            "refused" => Some(Self::Refused),
            _ => None,
        }
    }
}

/// The extra time a convocation carries: the accepted decision's percentage, else none.
pub fn convocation_extra_time(decision: Option<Decision>, granted_percent: Option<i32>) -> i32 {
    match decision {
        Some(Decision::Accepted) => granted_percent.unwrap_or(0),
        _ => 0,
    }
}

/// Whether a request made on `requested_on` gives less than `notice_days` before the session's
/// day (warned, not refused).
pub fn is_late(requested_on: NaiveDate, session_day: NaiveDate, notice_days: u32) -> bool {
    session_day
        .checked_sub_days(Days::new(u64::from(notice_days)))
        .is_none_or(|limit| requested_on > limit)
}

/// The warning shown on a late request.
pub fn late_warning(notice_days: u32) -> String {
    format!(
        "Demande tardive : moins de {notice_days} jours avant la session (la procédure régionale demande au moins trois mois) ; la décision pourrait ne pas arriver à temps."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn kinds_parse_sort_and_round_trip() {
        let kinds = parse_kinds(["room", "extra_time", "room"]).unwrap();
        assert_eq!(kinds, vec![Kind::ExtraTime, Kind::Room]);
        assert_eq!(stored_kinds(&kinds), "extra_time,room");
        assert_eq!(read_kinds("extra_time,room").unwrap(), kinds);
        assert!(read_kinds("").unwrap().is_empty());
        assert!(
            parse_kinds(["tiers_temps"])
                .unwrap_err()
                .contains("extra_time")
        );
    }

    #[test]
    fn only_an_accepted_decision_gives_extra_time() {
        assert_eq!(
            convocation_extra_time(Some(Decision::Accepted), Some(33)),
            33
        );
        assert_eq!(convocation_extra_time(Some(Decision::Refused), None), 0);
        assert_eq!(convocation_extra_time(None, Some(33)), 0);
    }

    #[test]
    fn a_request_inside_the_notice_is_late() {
        let session = d(2026, 6, 10);
        assert!(!is_late(d(2026, 3, 12), session, 90));
        assert!(is_late(d(2026, 3, 13), session, 90));
        assert!(is_late(d(2026, 6, 1), session, 90));
    }
}
