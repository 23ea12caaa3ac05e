//! The livret de certification: how a CCP came to be held (by an exam, by training or VAE, or
//! by correspondence from another title version), whether a result opens a re-sit year, and
//! that year's deadline (one year from the deliberation, the session's day).

use chrono::{Days, NaiveDate};

use super::deadline::one_year_after;
use super::exam::Outcome;

/// How a CCP is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldingRoute {
    /// An exam after training.
    Training,
    /// An exam by validation of prior experience.
    Vae,
    /// The correspondence table from a CCP of another title version.
    Correspondence,
}

impl HoldingRoute {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Training => "training",
            Self::Vae => "vae",
            Self::Correspondence => "correspondence",
        }
    }

    /// The route of a stored name (`None` when unreadable).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "training" => Some(Self::Training),
            "vae" => Some(Self::Vae),
            "correspondence" => Some(Self::Correspondence),
            _ => None,
        }
    }

    /// The exam route of a candidate's stored route (`training` or `vae`).
    pub fn of_candidate(route: &str) -> Self {
        if route == "vae" {
            Self::Vae
        } else {
            Self::Training
        }
    }

    /// Its French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Training => "examen (formation)",
            Self::Vae => "examen (VAE)",
            Self::Correspondence => "par correspondance",
        }
    }
}

/// Whether a published result opens a re-sit year: not validated, or absent without
/// justification (a justified absence is rescheduled instead).
pub fn opens_resit(outcome: &str, absence_justified: bool) -> bool {
    outcome == Outcome::NotValidated.as_str()
        || (outcome == Outcome::Absent.as_str() && !absence_justified)
}

/// The last day to re-sit a CCP failed at a session held on `deliberated_on`.
pub fn resit_deadline(deliberated_on: NaiveDate) -> NaiveDate {
    one_year_after(deliberated_on)
}

/// The day the re-sit reminder goes, `days_before` the deadline (the deadline itself when the
/// offset reaches past the calendar).
pub fn reminder_day(deadline: NaiveDate, days_before: u32) -> NaiveDate {
    deadline
        .checked_sub_days(Days::new(u64::from(days_before)))
        .unwrap_or(deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn failures_and_unjustified_absences_open_a_resit_year() {
        assert!(opens_resit("not_validated", false));
        assert!(opens_resit("absent", false));
        assert!(!opens_resit("absent", true));
        assert!(!opens_resit("validated", false));
    }

    #[test]
    fn the_deadline_is_a_year_after_the_deliberation() {
        assert_eq!(resit_deadline(d(2026, 3, 10)), d(2027, 3, 10));
        assert_eq!(resit_deadline(d(2028, 2, 29)), d(2029, 2, 28));
        assert_eq!(reminder_day(d(2027, 3, 10), 30), d(2027, 2, 8));
    }

    #[test]
    fn routes_round_trip() {
        for route in [
            HoldingRoute::Training,
            HoldingRoute::Vae,
            HoldingRoute::Correspondence,
        ] {
            assert_eq!(HoldingRoute::parse(route.as_str()), Some(route));
        }
        assert_eq!(HoldingRoute::of_candidate("vae"), HoldingRoute::Vae);
    }
}
