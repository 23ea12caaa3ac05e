//! What expires and when (issue 15, « Validity and renewal »): the kinds of item the
//! « Échéances » list shows, the validity of a Pix certification (three years from the day it
//! was taken: **assumed**, Pix's own published rule), and the days left before an end.
//!
//! An end date is the item's *last day of validity*: an item ending today has 0 days left and
//! has expired tomorrow.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Years a Pix certification stays valid after the day it was taken (assumed).
pub const PIX_VALID_YEARS: u32 = 3;

/// The default window of the list, in days ahead.
pub const DEFAULT_WITHIN_DAYS: u32 = 90;

/// The longest window the list accepts, in days.
pub const MAX_WITHIN_DAYS: u32 = 3650;

/// What expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValidityKind {
    /// An examiner's habilitation for a certification.
    Habilitation,
    /// An advisor's Pix certification.
    Pix,
    /// A centre's agrément (its warnings are `services::agrements`'s own).
    Agrement,
    /// A title version (its end, or its recorded prolongation).
    Title,
    /// A host structure's yearly « label conseiller numérique » (assumed shape).
    HostLabel,
}

impl ValidityKind {
    /// Every kind, in the order the list names them.
    pub const ALL: [Self; 5] = [
        Self::Habilitation,
        Self::Pix,
        Self::Agrement,
        Self::Title,
        Self::HostLabel,
    ];

    /// The stored name (job payloads and keys, the API's `kind`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Habilitation => "habilitation",
            Self::Pix => "pix",
            Self::Agrement => "agrement",
            Self::Title => "title",
            Self::HostLabel => "host_label",
        }
    }

    /// The French label of the kind.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Habilitation => "Habilitation de jury",
            Self::Pix => "Certification Pix",
            Self::Agrement => "Agrément",
            Self::Title => "Version de titre",
            Self::HostLabel => "Label de structure d'accueil",
        }
    }
}

/// The last day of validity of a Pix certification taken on `taken_on` (the day before the
/// third anniversary).
pub fn pix_valid_until(taken_on: NaiveDate) -> NaiveDate {
    taken_on
        .checked_add_months(Months::new(12 * PIX_VALID_YEARS))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// The day a Pix certification was taken if it is valid until `valid_until` (the inverse of
/// [`pix_valid_until`], to turn a window on ends into one on `taken_on`).
pub fn pix_taken_on_for(valid_until: NaiveDate) -> NaiveDate {
    valid_until
        .succ_opt()
        .and_then(|d| d.checked_sub_months(Months::new(12 * PIX_VALID_YEARS)))
        .unwrap_or(NaiveDate::MIN)
}

/// Days from `today` to the last day `ends_on` (negative once expired).
pub fn days_left(ends_on: NaiveDate, today: NaiveDate) -> i64 {
    (ends_on - today).num_days()
}

/// The window `?within=` asks for, bounded; the default when absent.
pub fn within_days(asked: Option<u32>) -> u32 {
    asked.unwrap_or(DEFAULT_WITHIN_DAYS).min(MAX_WITHIN_DAYS)
}

/// The day a reminder `days_before` the end `ends_on` falls due, if any.
pub fn reminder_day(ends_on: NaiveDate, days_before: u16) -> Option<NaiveDate> {
    ends_on.checked_sub_days(chrono::Days::new(u64::from(days_before)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn pix_is_valid_three_years() {
        assert_eq!(pix_valid_until(d("2023-05-10")), d("2026-05-09"));
        assert_eq!(pix_taken_on_for(d("2026-05-09")), d("2023-05-10"));
        assert_eq!(pix_valid_until(d("2024-02-29")), d("2027-02-27"));
    }

    #[test]
    fn days_left_counts_to_the_last_day() {
        assert_eq!(days_left(d("2026-03-02"), d("2026-03-02")), 0);
        assert_eq!(days_left(d("2026-03-01"), d("2026-03-02")), -1);
        assert_eq!(days_left(d("2026-05-31"), d("2026-03-02")), 90);
    }

    #[test]
    fn the_window_is_bounded() {
        assert_eq!(within_days(None), 90);
        assert_eq!(within_days(Some(30)), 30);
        assert_eq!(within_days(Some(100_000)), MAX_WITHIN_DAYS);
    }
}
