//! How long the proof of a training action is kept, counted from the action's end: the evidence
//! (signatures, corrections, absence proofs, signing steps, scanned and sealed attendance sheets)
//! for `evidence_years`, the certificats de réalisation and attestations de fin de formation for
//! `certificate_years`, and everything for `esf_years` when the action is co-funded by the ESF.
//!
//! The action ends on the cohort's last day or, for a cancelled cohort, on the day it was
//! cancelled when that is earlier (nothing was trained after it). A period of `n` years ends on
//! the anniversary of that day (29 February: the 28th); what it covers expires the day after.

use chrono::{Months, NaiveDate};

/// The retention periods, in years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    /// Evidence of attendance.
    pub evidence_years: u32,
    /// Certificats de réalisation and attestations de fin de formation.
    pub certificate_years: u32,
    /// Everything, for an action co-funded by the ESF.
    pub esf_years: u32,
}

impl Periods {
    /// The shortest period: no action that ended later than this many years ago has anything
    /// expired.
    pub fn shortest(self) -> u32 {
        self.evidence_years
            .min(self.certificate_years)
            .min(self.esf_years)
    }
}

/// Which rule applies to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Evidence and certificates each for their own period.
    Standard,
    /// Co-funded by the ESF: everything for the ESF's period.
    Esf,
}

/// What has expired for one action on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry {
    /// The rule applied.
    pub rule: Rule,
    /// The evidence of attendance has expired.
    pub evidence: bool,
    /// The certificates have expired.
    pub certificates: bool,
}

impl Expiry {
    /// Whether anything has expired.
    pub fn any(self) -> bool {
        self.evidence || self.certificates
    }
}

/// The end of the training action: its last day, or the day it was cancelled if earlier.
pub fn action_end(ends_on: NaiveDate, cancelled_on: Option<NaiveDate>) -> NaiveDate {
    cancelled_on.map_or(ends_on, |c| c.min(ends_on))
}

/// The last day a period of `years` from `end` covers (the anniversary; 28 February for the
/// 29th), or the latest date when beyond the calendar.
pub fn kept_until(end: NaiveDate, years: u32) -> NaiveDate {
    end.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

/// The latest action end that may have something expired on `today` (for a first filter).
pub fn latest_expired_end(today: NaiveDate, periods: Periods) -> NaiveDate {
    today
        .checked_sub_months(Months::new(periods.shortest().saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// What has expired on `today` for an action that ended on `end`.
pub fn expiry(end: NaiveDate, esf_cofunded: bool, today: NaiveDate, periods: Periods) -> Expiry {
    let past = |years: u32| today > kept_until(end, years);
    if esf_cofunded {
        let all = past(periods.esf_years);
        Expiry {
            rule: Rule::Esf,
            evidence: all,
            certificates: all,
        }
    } else {
        Expiry {
            rule: Rule::Standard,
            evidence: past(periods.evidence_years),
            certificates: past(periods.certificate_years),
        }
    }
}

/// The rule in words: « preuves 6 ans, certificats 3 ans » or « cofinancement FSE : 10 ans ».
pub fn describe(rule: Rule, periods: Periods) -> String {
    match rule {
        Rule::Standard => format!(
            "preuves {} ans, certificats {} ans",
            periods.evidence_years, periods.certificate_years
        ),
        Rule::Esf => format!("cofinancement FSE : {} ans", periods.esf_years),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULTS: Periods = Periods {
        evidence_years: 6,
        certificate_years: 3,
        esf_years: 10,
    };

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn evidence_is_kept_six_years_to_the_day_then_expires() {
        let end = d(2020, 3, 27);
        assert!(!expiry(end, false, d(2026, 3, 27), DEFAULTS).evidence);
        assert!(expiry(end, false, d(2026, 3, 28), DEFAULTS).evidence);
    }

    #[test]
    fn certificates_expire_before_the_evidence() {
        let e = expiry(d(2022, 1, 10), false, d(2026, 1, 11), DEFAULTS);
        assert!(e.certificates && !e.evidence);
        assert_eq!(e.rule, Rule::Standard);
    }

    #[test]
    fn an_esf_action_keeps_everything_ten_years() {
        let end = d(2019, 6, 30);
        let seven = expiry(end, true, d(2026, 7, 1), DEFAULTS);
        assert!(!seven.any());
        assert_eq!(seven.rule, Rule::Esf);
        let eleven = expiry(end, true, d(2030, 7, 1), DEFAULTS);
        assert!(eleven.evidence && eleven.certificates);
    }

    #[test]
    fn a_cancelled_action_ends_when_cancelled_if_earlier() {
        assert_eq!(
            action_end(d(2026, 6, 30), Some(d(2026, 3, 1))),
            d(2026, 3, 1)
        );
        assert_eq!(
            action_end(d(2026, 6, 30), Some(d(2026, 9, 1))),
            d(2026, 6, 30)
        );
        assert_eq!(action_end(d(2026, 6, 30), None), d(2026, 6, 30));
    }

    #[test]
    fn the_29th_of_february_is_kept_until_the_28th() {
        assert_eq!(kept_until(d(2024, 2, 29), 3), d(2027, 2, 28));
    }

    #[test]
    fn the_first_filter_reaches_back_the_shortest_period() {
        assert_eq!(latest_expired_end(d(2026, 3, 2), DEFAULTS), d(2023, 3, 2));
        assert_eq!(
            describe(Rule::Standard, DEFAULTS),
            "preuves 6 ans, certificats 3 ans"
        );
    }
}
