//! The module deadline and the funded-module quota.
//!
//! An advisor's *training entry date* starts the clock: two funded thematic modules between that
//! date and the *module deadline* (entry + one year; a year from 29 February ends on 28
//! February); after the deadline, one funded module per calendar year, starting with the
//! calendar year in which the deadline falls. Dates are the advisor's own (their zone).

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

/// Funded modules within the first year.
pub const FIRST_YEAR_QUOTA: usize = 2;
/// Funded modules per calendar year after the deadline.
pub const YEARLY_QUOTA: usize = 1;
/// Days before the deadline from which an advisor short of modules is "at risk".
pub const AT_RISK_DAYS: u64 = 90;

/// The same day one year later; 29 February gives 28 February.
pub fn one_year_after(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year() + 1, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(date.year() + 1, date.month(), date.day() - 1))
        .unwrap_or(date)
}

/// The module deadline for an entry date.
pub fn module_deadline(entry: NaiveDate) -> NaiveDate {
    one_year_after(entry)
}

/// The training entry date: the later of the cohort's start and the day the advisor joined.
pub fn training_entry_date(cohort_starts_on: NaiveDate, joined_on: NaiveDate) -> NaiveDate {
    cohort_starts_on.max(joined_on)
}

/// Where an advisor stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// No training entry yet.
    NotStarted,
    /// The first-year quota ([`FIRST_YEAR_QUOTA`]) completed.
    Done,
    /// Deadline passed with fewer modules completed than the quota.
    Late,
    /// Deadline within [`AT_RISK_DAYS`] days and fewer modules completed or booked than the quota.
    AtRisk,
    /// Otherwise.
    OnTrack,
}

impl ProgressStatus {
    /// Every status, in dashboard order.
    pub const ALL: [Self; 5] = [
        Self::Late,
        Self::AtRisk,
        Self::OnTrack,
        Self::Done,
        Self::NotStarted,
    ];

    /// API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Done => "done",
            Self::Late => "late",
            Self::AtRisk => "at_risk",
            Self::OnTrack => "on_track",
        }
    }

    /// Parses the API name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Pas encore en formation",
            Self::Done => "Modules suivis",
            Self::Late => "En retard",
            Self::AtRisk => "À risque",
            Self::OnTrack => "Dans les temps",
        }
    }
}

/// Whether `count` modules meet the first-year quota.
pub fn quota_met(count: i32) -> bool {
    usize::try_from(count).is_ok_and(|n| n >= FIRST_YEAR_QUOTA)
}

/// The deadline status at instant `now` from the stored figures: `at_risk_from` and `late_from`
/// are the advisor's local midnights in UTC ([`status_instants`]). This is the rule;
/// `db::progress::status_case` is its one SQL translation, for the dashboard's filter and counts.
///
/// In order: no entry (or no stored instants) → not started; the quota completed → done; from
/// `late_from` → late; from `at_risk_from` with completed + booked short of the quota → at risk;
/// otherwise on track.
pub fn status_at(
    entry: Option<NaiveDate>,
    completed: i32,
    booked: i32,
    at_risk_from: Option<NaiveDateTime>,
    late_from: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> ProgressStatus {
    let (Some(_), Some(risk), Some(late)) = (entry, at_risk_from, late_from) else {
        return ProgressStatus::NotStarted;
    };
    if quota_met(completed) {
        ProgressStatus::Done
    } else if now >= late {
        ProgressStatus::Late
    } else if now >= risk && !quota_met(completed.saturating_add(booked)) {
        ProgressStatus::AtRisk
    } else {
        ProgressStatus::OnTrack
    }
}

/// The first day an advisor short of modules is at risk.
pub fn at_risk_from(deadline: NaiveDate) -> NaiveDate {
    deadline
        .checked_sub_days(Days::new(AT_RISK_DAYS))
        .unwrap_or(deadline)
}

/// Midnight starting `date` in `zone`, as a UTC instant (the earliest valid instant that day).
pub fn start_of_day_utc(date: NaiveDate, zone: Tz) -> NaiveDateTime {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match zone.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.naive_utc(),
        // A zone that skips midnight (a DST jump): take one hour later.
        chrono::LocalResult::None => zone
            .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
            .earliest()
            .map_or(midnight, |t| t.naive_utc()),
    }
}

/// The UTC instants at which the status turns "at risk" and "late", for SQL filtering.
pub fn status_instants(entry: NaiveDate, zone: Tz) -> (NaiveDateTime, NaiveDateTime) {
    let deadline = module_deadline(entry);
    let late_day = deadline.checked_add_days(Days::new(1)).unwrap_or(deadline);
    (
        start_of_day_utc(at_risk_from(deadline), zone),
        start_of_day_utc(late_day, zone),
    )
}

/// Whether a module held on `session_day` is funded, given the days of the advisor's funded
/// modules already counted (confirmed or completed, excluding this one).
///
/// Within `[entry, deadline)` the first two are funded; on or after the deadline, one per
/// calendar year, counting only modules on or after the deadline. `None` before entry.
pub fn is_funded(
    entry: NaiveDate,
    session_day: NaiveDate,
    funded_days: &[NaiveDate],
) -> Option<bool> {
    if session_day < entry {
        return None;
    }
    let deadline = module_deadline(entry);
    if session_day < deadline {
        let used = funded_days
            .iter()
            .filter(|d| **d >= entry && **d < deadline)
            .count();
        Some(used < FIRST_YEAR_QUOTA)
    } else {
        let used = funded_days
            .iter()
            .filter(|d| **d >= deadline && d.year() == session_day.year())
            .count();
        Some(used < YEARLY_QUOTA)
    }
}

/// Funded modules still available on `today`.
pub fn funded_left(entry: Option<NaiveDate>, today: NaiveDate, funded_days: &[NaiveDate]) -> usize {
    let Some(entry) = entry else {
        return FIRST_YEAR_QUOTA;
    };
    let deadline = module_deadline(entry);
    if today < deadline {
        let used = funded_days
            .iter()
            .filter(|d| **d >= entry && **d < deadline)
            .count();
        FIRST_YEAR_QUOTA.saturating_sub(used)
    } else {
        let used = funded_days
            .iter()
            .filter(|d| **d >= deadline && d.year() == today.year())
            .count();
        YEARLY_QUOTA.saturating_sub(used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_year_from_29_february_ends_on_28_february() {
        assert_eq!(module_deadline(d(2024, 2, 29)), d(2025, 2, 28));
        assert_eq!(module_deadline(d(2025, 3, 10)), d(2026, 3, 10));
    }

    #[test]
    fn entry_is_the_later_of_start_and_joining() {
        assert_eq!(
            training_entry_date(d(2026, 1, 5), d(2025, 12, 1)),
            d(2026, 1, 5)
        );
        assert_eq!(
            training_entry_date(d(2026, 1, 5), d(2026, 1, 20)),
            d(2026, 1, 20)
        );
    }

    fn at(day: NaiveDate, hour: u32) -> NaiveDateTime {
        day.and_hms_opt(hour, 0, 0).unwrap()
    }

    #[test]
    fn status_at_gives_every_status_from_the_stored_figures() {
        let entry = d(2025, 3, 10);
        let (risk, late) = status_instants(entry, chrono_tz::Europe::Paris);
        let status = |completed, booked, now| {
            status_at(Some(entry), completed, booked, Some(risk), Some(late), now)
        };
        assert_eq!(
            status_at(None, 0, 0, None, None, at(d(2026, 1, 1), 12)),
            ProgressStatus::NotStarted
        );
        assert_eq!(
            status_at(Some(entry), 0, 0, None, None, at(d(2026, 1, 1), 12)),
            ProgressStatus::NotStarted,
            "figures not stored yet"
        );
        assert_eq!(status(2, 0, at(d(2027, 1, 1), 12)), ProgressStatus::Done);
        assert_eq!(status(3, 0, at(d(2025, 4, 1), 12)), ProgressStatus::Done);
        assert_eq!(
            status(1, 1, late),
            ProgressStatus::Late,
            "from local midnight"
        );
        assert_eq!(status(1, 1, at(d(2026, 6, 1), 12)), ProgressStatus::Late);
        assert_eq!(
            status(1, 1, late - chrono::Duration::seconds(1)),
            ProgressStatus::OnTrack,
            "the deadline day itself, booked counts"
        );
        assert_eq!(status(1, 0, risk), ProgressStatus::AtRisk, "90 days before");
        assert_eq!(status(0, 0, at(d(2026, 3, 10), 12)), ProgressStatus::AtRisk);
        assert_eq!(
            status(1, 0, risk - chrono::Duration::seconds(1)),
            ProgressStatus::OnTrack
        );
        assert_eq!(
            status(0, 2, at(d(2026, 2, 1), 12)),
            ProgressStatus::OnTrack,
            "booked counts"
        );
    }

    #[test]
    fn the_quota_is_met_from_two_modules() {
        assert!(!quota_met(-1));
        assert!(!quota_met(1));
        assert!(quota_met(2));
        assert!(quota_met(5));
    }

    #[test]
    fn two_funded_in_the_first_year_then_one_per_calendar_year() {
        let entry = d(2025, 3, 10);
        assert_eq!(is_funded(entry, d(2025, 3, 9), &[]), None);
        assert_eq!(is_funded(entry, d(2025, 4, 1), &[]), Some(true));
        assert_eq!(
            is_funded(entry, d(2025, 5, 1), &[d(2025, 4, 1)]),
            Some(true)
        );
        assert_eq!(
            is_funded(entry, d(2025, 6, 1), &[d(2025, 4, 1), d(2025, 5, 1)]),
            Some(false)
        );
        // After the deadline (2026-03-10): one in 2026, counting only from the deadline.
        let used = [d(2025, 4, 1), d(2026, 2, 1)];
        assert_eq!(is_funded(entry, d(2026, 3, 10), &used), Some(true));
        assert_eq!(
            is_funded(entry, d(2026, 9, 1), &[d(2026, 3, 10)]),
            Some(false)
        );
        assert_eq!(
            is_funded(entry, d(2027, 1, 4), &[d(2026, 3, 10)]),
            Some(true)
        );
    }

    #[test]
    fn funded_left_follows_the_same_windows() {
        let entry = Some(d(2025, 3, 10));
        assert_eq!(funded_left(entry, d(2025, 6, 1), &[d(2025, 4, 1)]), 1);
        assert_eq!(funded_left(entry, d(2026, 6, 1), &[d(2025, 4, 1)]), 1);
        assert_eq!(funded_left(entry, d(2026, 6, 1), &[d(2026, 4, 1)]), 0);
        assert_eq!(funded_left(None, d(2026, 6, 1), &[]), 2);
    }

    #[test]
    fn status_instants_are_local_midnights() {
        let (risk, late) = status_instants(d(2025, 3, 10), chrono_tz::Europe::Paris);
        // 2025-12-10 00:00 in Paris (UTC+1) is 2025-12-09 23:00 UTC.
        assert_eq!(risk, d(2025, 12, 9).and_hms_opt(23, 0, 0).unwrap());
        // 2026-03-11 00:00 in Paris is 2026-03-10 23:00 UTC.
        assert_eq!(late, d(2026, 3, 10).and_hms_opt(23, 0, 0).unwrap());
        let (_, late_tahiti) = status_instants(d(2025, 3, 10), chrono_tz::Pacific::Tahiti);
        assert_eq!(late_tahiti, d(2026, 3, 11).and_hms_opt(10, 0, 0).unwrap());
    }
}
