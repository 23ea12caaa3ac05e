//! The « relance » of an advisor about the module deadline: at most one a week per advisor
//! (the database holds it: `db::relances`), and how far the deadline is, in words.

use chrono::{Duration, NaiveDate, NaiveDateTime};

/// The least time between two relances of one advisor.
pub const MIN_INTERVAL: Duration = Duration::days(7);

/// The latest previous relance that still forbids a new one at `now`: one sent after this.
pub fn blocked_after(now: NaiveDateTime) -> NaiveDateTime {
    now - MIN_INTERVAL
}

/// « en retard de 12 jours », « échéance aujourd'hui », « 1 jour restant », « 30 jours
/// restants ».
pub fn days_label(deadline: NaiveDate, today: NaiveDate) -> String {
    let left = (deadline - today).num_days();
    let days = |n: i64| {
        if n == 1 {
            "1 jour".to_owned()
        } else {
            format!("{n} jours")
        }
    };
    match left {
        0 => "échéance aujourd'hui".to_owned(),
        n if n < 0 => format!("en retard de {}", days(-n)),
        1 => "1 jour restant".to_owned(),
        n => format!("{} restants", days(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn days_are_said_in_words() {
        assert_eq!(days_label(d(2, 18), d(3, 2)), "en retard de 12 jours");
        assert_eq!(days_label(d(3, 1), d(3, 2)), "en retard de 1 jour");
        assert_eq!(days_label(d(3, 2), d(3, 2)), "échéance aujourd'hui");
        assert_eq!(days_label(d(3, 3), d(3, 2)), "1 jour restant");
        assert_eq!(days_label(d(4, 1), d(3, 2)), "30 jours restants");
    }

    #[test]
    fn a_week_must_pass() {
        let now = d(3, 9).and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(blocked_after(now), d(3, 2).and_hms_opt(9, 0, 0).unwrap());
    }
}
