//! Exam sessions and results: the session's state, juries, eligibility of candidates.

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::Serialize;

/// Where a session stands; it follows from what was recorded, never from a free field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Not held yet.
    Planned,
    /// Its end has passed.
    Held,
    /// Every candidate has a result.
    ResultsRecorded,
    /// Results published.
    Published,
    /// Cancelled with a reason.
    Cancelled,
}

impl SessionState {
    /// API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Held => "held",
            Self::ResultsRecorded => "results_recorded",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "Programmée",
            Self::Held => "Tenue",
            Self::ResultsRecorded => "Résultats saisis",
            Self::Published => "Résultats publiés",
            Self::Cancelled => "Annulée",
        }
    }
}

/// The state as a person would say it: a planned session that has begun is « En cours », a
/// held one waits for its results, recorded results wait for the jury's confirmation, then for
/// their publication.
pub fn state_words(state: SessionState, started: bool, confirmed: bool) -> &'static str {
    match state {
        SessionState::Planned if started => "En cours",
        SessionState::Planned => "À venir",
        SessionState::Held => "Résultats à saisir",
        SessionState::ResultsRecorded if confirmed => "Résultats à publier",
        SessionState::ResultsRecorded => "Résultats à confirmer",
        SessionState::Published => "Résultats publiés",
        SessionState::Cancelled => "Annulée",
    }
}

/// The state from the facts.
pub fn state(
    cancelled: bool,
    published: bool,
    ends_at: NaiveDateTime,
    now: NaiveDateTime,
    candidates: usize,
    results: usize,
) -> SessionState {
    if cancelled {
        SessionState::Cancelled
    } else if published {
        SessionState::Published
    } else if candidates > 0 && results >= candidates {
        SessionState::ResultsRecorded
    } else if now >= ends_at {
        SessionState::Held
    } else {
        SessionState::Planned
    }
}

/// A candidate's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Validated.
    Validated,
    /// Not validated.
    NotValidated,
    /// Absent (justified or not).
    Absent,
}

impl Outcome {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validated => "validated",
            Self::NotValidated => "not_validated",
            Self::Absent => "absent",
        }
    }

    /// Parses the stored name.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "validated" => Some(Self::Validated),
            "not_validated" => Some(Self::NotValidated),
            "absent" => Some(Self::Absent),
            _ => None,
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Validated => "Validé",
            Self::NotValidated => "Non validé",
            Self::Absent => "Absent",
        }
    }
}

/// Whether two time spans overlap (instants in UTC, so across zones).
pub fn overlaps(a: (NaiveDateTime, NaiveDateTime), b: (NaiveDateTime, NaiveDateTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Whether a habilitation `[from, to]` covers `day`.
pub fn habilitation_covers(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && to.is_none_or(|t| day <= t)
}

/// The smallest jury.
pub const MIN_JURY: usize = 2;

/// CCP1 within six months after the end of training; a later exam needs a recorded reason.
pub fn ccp1_delay_ok(training_end: NaiveDate, exam_day: NaiveDate, delay_reason: bool) -> bool {
    let limit = training_end
        .checked_add_months(Months::new(6))
        .unwrap_or(training_end);
    exam_day <= limit || delay_reason
}

/// By the training route, CCP1 is sat after entering initial training: the entry date comes
/// before the exam's day.
pub fn ccp1_entered_ok(training_entry: NaiveDate, exam_day: NaiveDate) -> bool {
    training_entry < exam_day
}

/// A re-sit is allowed within one year of the failure.
pub fn resit_ok(failed_on: NaiveDate, exam_day: NaiveDate) -> bool {
    exam_day <= super::deadline::one_year_after(failed_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_reads_as_a_person_says_it() {
        assert_eq!(state_words(SessionState::Planned, false, false), "À venir");
        assert_eq!(state_words(SessionState::Planned, true, false), "En cours");
        assert_eq!(
            state_words(SessionState::Held, true, false),
            "Résultats à saisir"
        );
        assert_eq!(
            state_words(SessionState::ResultsRecorded, true, false),
            "Résultats à confirmer"
        );
        assert_eq!(
            state_words(SessionState::ResultsRecorded, true, true),
            "Résultats à publier"
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(day: u32, h: u32) -> NaiveDateTime {
        d(2026, 6, day).and_hms_opt(h, 0, 0).unwrap()
    }

    #[test]
    fn state_follows_the_facts() {
        let end = t(10, 17);
        assert_eq!(
            state(false, false, end, t(10, 9), 3, 0),
            SessionState::Planned
        );
        assert_eq!(
            state(false, false, end, t(10, 18), 3, 1),
            SessionState::Held
        );
        assert_eq!(
            state(false, false, end, t(10, 18), 3, 3),
            SessionState::ResultsRecorded
        );
        assert_eq!(
            state(false, true, end, t(10, 18), 3, 3),
            SessionState::Published
        );
        assert_eq!(
            state(true, false, end, t(10, 9), 3, 0),
            SessionState::Cancelled
        );
    }

    #[test]
    fn overlap_compares_instants() {
        // 9–12 UTC in Paris (UTC+2) and 11–14 UTC in La Réunion (UTC+4) overlap.
        assert!(overlaps((t(10, 7), t(10, 10)), (t(10, 9), t(10, 12))));
        assert!(
            !overlaps((t(10, 7), t(10, 9)), (t(10, 9), t(10, 12))),
            "back to back"
        );
    }

    #[test]
    fn habilitation_dates_are_inclusive() {
        assert!(habilitation_covers(
            d(2026, 1, 1),
            Some(d(2026, 12, 31)),
            d(2026, 12, 31)
        ));
        assert!(!habilitation_covers(
            d(2026, 1, 1),
            Some(d(2026, 12, 31)),
            d(2027, 1, 1)
        ));
        assert!(!habilitation_covers(d(2026, 7, 1), None, d(2026, 6, 30)));
        assert!(habilitation_covers(d(2026, 7, 1), None, d(2030, 6, 30)));
    }

    #[test]
    fn six_months_after_training_and_a_year_to_resit() {
        assert!(ccp1_delay_ok(d(2026, 1, 31), d(2026, 7, 31), false));
        assert!(!ccp1_delay_ok(d(2026, 1, 31), d(2026, 8, 1), false));
        assert!(ccp1_delay_ok(d(2026, 1, 31), d(2026, 8, 1), true));
        assert!(ccp1_entered_ok(d(2026, 11, 2), d(2026, 12, 1)));
        assert!(!ccp1_entered_ok(d(2027, 1, 4), d(2026, 12, 1)));
        assert!(!ccp1_entered_ok(d(2026, 12, 1), d(2026, 12, 1)));
        assert!(resit_ok(d(2026, 3, 1), d(2027, 3, 1)));
        assert!(!resit_ok(d(2026, 3, 1), d(2027, 3, 2)));
    }
}
