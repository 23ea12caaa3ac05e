//! The key under which the dashboard's summary (`progress_counts`) counts an advisor: what the
//! clock cannot change (the class), and the instants at which the clock moves the status.
//!
//! The migration's triggers compute this key in SQL on every write to `advisors`;
//! `db::progress_counts::check` recomputes it here from the advisors themselves and compares, and
//! the tests below prove that reading a key at any instant ([`status_of`]) gives what
//! [`super::deadline::status_at`] gives for the advisor.

use chrono::{NaiveDate, NaiveDateTime};

use super::deadline::{ProgressStatus, quota_met};

/// What the clock cannot change about an advisor's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SummaryClass {
    /// No training entry, or no stored instants: not started, whatever the time.
    NotStarted,
    /// The first-year quota completed: done, whatever the time.
    Done,
    /// Completed + booked short of the quota: on track, then at risk, then late.
    Short,
    /// Enough modules booked, not all completed: on track, then late.
    Booked,
}

impl SummaryClass {
    /// The number stored in `progress_counts.class`.
    pub fn code(self) -> i32 {
        match self {
            Self::NotStarted => 0,
            Self::Done => 1,
            Self::Short => 2,
            Self::Booked => 3,
        }
    }

    /// The class stored as `code`.
    pub fn from_code(code: i32) -> Option<Self> {
        [Self::NotStarted, Self::Done, Self::Short, Self::Booked]
            .into_iter()
            .find(|c| c.code() == code)
    }
}

/// The instant stored for a boundary that does not matter to the class (the far future), so that
/// advisors who differ only by it share one row of the summary.
pub fn never() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(NaiveDateTime::MAX)
}

/// An advisor's summary key: the class, the instant it turns at risk and the instant it turns
/// late (each [`never`] when it cannot happen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SummaryKey {
    /// The class.
    pub class: SummaryClass,
    /// From when a [`SummaryClass::Short`] advisor is at risk.
    pub at_risk_from: NaiveDateTime,
    /// From when a short or booked advisor is late.
    pub late_from: NaiveDateTime,
}

/// The key of an advisor's stored figures.
pub fn key_of(
    has_entry: bool,
    completed: i32,
    booked: i32,
    at_risk_from: Option<NaiveDateTime>,
    late_from: Option<NaiveDateTime>,
) -> SummaryKey {
    let (Some(risk), Some(late), true) = (at_risk_from, late_from, has_entry) else {
        return SummaryKey {
            class: SummaryClass::NotStarted,
            at_risk_from: never(),
            late_from: never(),
        };
    };
    if quota_met(completed) {
        SummaryKey {
            class: SummaryClass::Done,
            at_risk_from: never(),
            late_from: never(),
        }
    } else if quota_met(completed.saturating_add(booked)) {
        SummaryKey {
            class: SummaryClass::Booked,
            at_risk_from: never(),
            late_from: late,
        }
    } else {
        SummaryKey {
            class: SummaryClass::Short,
            at_risk_from: risk,
            late_from: late,
        }
    }
}

/// The status at `now` of every advisor counted under `key`; `db::progress_counts` has its one
/// SQL translation.
pub fn status_of(key: SummaryKey, now: NaiveDateTime) -> ProgressStatus {
    match key.class {
        SummaryClass::NotStarted => ProgressStatus::NotStarted,
        SummaryClass::Done => ProgressStatus::Done,
        _ if now >= key.late_from => ProgressStatus::Late,
        SummaryClass::Short if now >= key.at_risk_from => ProgressStatus::AtRisk,
        _ => ProgressStatus::OnTrack,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadline::status_at;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, d)
            .and_then(|x| x.and_hms_opt(h, 0, 0))
            .unwrap()
    }

    #[test]
    fn reading_the_key_gives_the_rule_s_status_at_every_instant() {
        let entry = NaiveDate::from_ymd_opt(2025, 3, 1);
        let instants = [None, Some(at(10, 0)), Some(at(20, 3))];
        for has_entry in [false, true] {
            for completed in 0..4 {
                for booked in 0..4 {
                    for risk in instants {
                        for late in instants {
                            let key = key_of(has_entry, completed, booked, risk, late);
                            for now in [at(1, 0), at(10, 0), at(15, 12), at(20, 3), at(28, 0)] {
                                let entry = entry.filter(|_| has_entry);
                                assert_eq!(
                                    status_of(key, now),
                                    status_at(entry, completed, booked, risk, late, now),
                                    "{has_entry} {completed} {booked} {risk:?} {late:?} {now}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_class_codes_read_back() {
        for class in [
            SummaryClass::NotStarted,
            SummaryClass::Done,
            SummaryClass::Short,
            SummaryClass::Booked,
        ] {
            assert_eq!(SummaryClass::from_code(class.code()), Some(class));
        }
        assert_eq!(SummaryClass::from_code(7), None);
    }
}
