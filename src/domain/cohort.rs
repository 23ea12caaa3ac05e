//! Cohorts of initial training and of the CCP2-CCP3 course.

use chrono::NaiveDate;

use super::validation::FieldErrors;

/// What a cohort trains for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CohortKind {
    /// Initial training, leading to CCP1.
    Initial,
    /// The 17-week hybrid course towards CCP2 and CCP3.
    Ccp23,
}

impl CohortKind {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initial => "initial",
            Self::Ccp23 => "ccp23",
        }
    }

    /// Parses the stored name.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value.trim() {
            "initial" => Ok(Self::Initial),
            "ccp23" => Ok(Self::Ccp23),
            _ => Err("Type de session inconnu : « initial » ou « ccp23 ».".to_owned()),
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Initial => "Formation initiale",
            Self::Ccp23 => "Parcours CCP2-CCP3",
        }
    }
}

/// A cohort ends after it starts, holds at least one person, happens somewhere (a venue or
/// remotely), and an initial-training cohort follows a track.
pub fn check_shape(
    kind: CohortKind,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    capacity: i32,
    has_track: bool,
    venue: Option<&str>,
    remote: bool,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if ends_on <= starts_on {
        errors.add(
            "ends_on",
            "La date de fin doit être postérieure à la date de début.",
        );
    }
    if kind == CohortKind::Initial && !has_track {
        errors.add(
            "track_id",
            "Une session de formation initiale suit un parcours (70, 175 ou 315 h…).",
        );
    }
    super::placement::check_place_and_seats(&mut errors, venue, remote, capacity);
    errors.into_result()
}

/// A training day falls within its cohort's dates; the error is French.
pub fn day_within(
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
    day: chrono::NaiveDate,
) -> Result<(), String> {
    if (starts_on..=ends_on).contains(&day) {
        Ok(())
    } else {
        Err(format!(
            "Cette journée tombe hors des dates de la session (du {} au {}).",
            starts_on.format("%d/%m/%Y"),
            ends_on.format("%d/%m/%Y")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn ends_after_it_starts() {
        let ok = check_shape(
            CohortKind::Initial,
            d(2026, 1, 5),
            d(2026, 3, 5),
            12,
            true,
            Some("Lyon"),
            false,
        );
        assert!(ok.is_ok());
        let same = check_shape(
            CohortKind::Initial,
            d(2026, 1, 5),
            d(2026, 1, 5),
            12,
            true,
            Some("Lyon"),
            false,
        );
        assert!(same.err().is_some_and(|e| e.get("ends_on").is_some()));
        let before = check_shape(
            CohortKind::Initial,
            d(2026, 1, 5),
            d(2025, 12, 5),
            12,
            true,
            Some("Lyon"),
            false,
        );
        assert!(before.is_err());
    }

    #[test]
    fn capacity_positive_track_and_place_required() {
        let e = check_shape(
            CohortKind::Initial,
            d(2026, 1, 5),
            d(2026, 3, 5),
            0,
            false,
            None,
            false,
        )
        .err()
        .unwrap_or_default();
        assert!(e.get("capacity").is_some());
        assert!(e.get("track_id").is_some());
        assert!(e.get("venue").is_some());
        assert!(
            check_shape(
                CohortKind::Ccp23,
                d(2026, 1, 5),
                d(2026, 5, 5),
                10,
                false,
                None,
                true
            )
            .is_ok()
        );
    }

    #[test]
    fn days_fall_within_the_cohort() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(day_within(d("2026-02-02"), d("2026-05-29"), d("2026-02-02")).is_ok());
        assert!(day_within(d("2026-02-02"), d("2026-05-29"), d("2026-05-29")).is_ok());
        let refused = day_within(d("2026-02-02"), d("2026-05-29"), d("2026-06-01")).unwrap_err();
        assert!(refused.contains("hors des dates"), "{refused}");
        assert!(day_within(d("2026-02-02"), d("2026-05-29"), d("2026-02-01")).is_err());
    }
}
