//! Agréments (arrêté du 21 juillet 2016): the DREETS approves an exam centre for one title
//! version, one site and one period (at most the title's validity, five years). A session is
//! held inside its agrément's period, or during the one-year **prolongation** after the title's
//! end of validity, which admits only some candidates (`services::candidates::prolongation`).
//!
//! A title's `valid_until` is its last day of validity: the day after it the title has ended.

use chrono::{Months, NaiveDate};

/// Longest period of an agrément, in years.
pub const MAX_YEARS: u32 = 5;

/// Where a session's day falls for its agrément.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Inside the agrément's period.
    InPeriod,
    /// After the title's end, within the year of prolongation of an agrément that ran to it.
    Prolongation,
    /// Neither: the session cannot be held under this agrément.
    Outside,
}

/// The last day of the prolongation after a title ended on `title_end`: one year later.
pub fn prolongation_end(title_end: NaiveDate) -> NaiveDate {
    title_end
        .checked_add_months(Months::new(12))
        .unwrap_or(title_end)
}

/// Whether `day` falls after the title's end of validity (`title_end`, its last valid day).
pub fn after_title_end(title_end: Option<NaiveDate>, day: NaiveDate) -> bool {
    title_end.is_some_and(|end| day > end)
}

/// Where `day` falls for an agrément valid `valid_from..=valid_until` of a title that ends on
/// `title_end` (none: still in force). The prolongation is open to an agrément that ran to the
/// title's end (its last day the title's last day, or the day before).
pub fn coverage(
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    title_end: Option<NaiveDate>,
    day: NaiveDate,
) -> Coverage {
    if let Some(end) = title_end
        && day > end
    {
        let ran_to_end = valid_until.succ_opt().is_some_and(|next| next >= end);
        return if ran_to_end && day <= prolongation_end(end) {
            Coverage::Prolongation
        } else {
            Coverage::Outside
        };
    }
    if (valid_from..=valid_until).contains(&day) {
        Coverage::InPeriod
    } else {
        Coverage::Outside
    }
}

/// The refusal of a period that breaks the rules of an agrément of a title valid
/// `title_from..=title_until`, if any: `(field, message)`.
pub fn period_refusal(
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    title_from: NaiveDate,
    title_until: Option<NaiveDate>,
) -> Option<(&'static str, String)> {
    if valid_until < valid_from {
        return Some((
            "valid_until",
            "La fin de l'agrément doit suivre son début.".to_owned(),
        ));
    }
    if valid_from
        .checked_add_months(Months::new(12 * MAX_YEARS))
        .is_some_and(|limit| valid_until > limit)
    {
        return Some((
            "valid_until",
            format!("Un agrément vaut {MAX_YEARS} ans au plus."),
        ));
    }
    if valid_from < title_from {
        return Some((
            "valid_from",
            format!(
                "L'agrément ne peut commencer avant l'entrée en vigueur du titre ({}).",
                title_from.format("%d/%m/%Y")
            ),
        ));
    }
    if let Some(end) = title_until
        && valid_until > end
    {
        return Some((
            "valid_until",
            format!(
                "L'agrément ne peut durer au-delà de la validité du titre ({}).",
                end.format("%d/%m/%Y")
            ),
        ));
    }
    None
}

/// Whether `postcode` is a French postcode (five digits; overseas ones too).
pub fn postcode_ok(postcode: &str) -> bool {
    postcode.len() == 5 && postcode.chars().all(|c| c.is_ascii_digit())
}

/// The site as one line: its lines joined by commas, then the postcode and the city
/// (« 12 rue de la Part-Dieu, 69003 Lyon »). This is the venue of the sessions held there.
pub fn site_line(lines: &str, postcode: &str, city: &str) -> String {
    let street: Vec<&str> = lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    format!("{}, {postcode} {city}", street.join(", "))
}

/// Whether two written addresses name the same site: compared without case, accents aside,
/// punctuation and spacing ignored.
pub fn same_site(a: &str, b: &str) -> bool {
    fn folded(s: &str) -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
    folded(a) == folded(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_day_is_in_the_period_or_the_prolongation_or_outside() {
        let (from, until) = (d("2021-01-01"), d("2025-07-01"));
        let end = Some(d("2025-07-01"));
        assert_eq!(
            coverage(from, until, end, d("2024-05-01")),
            Coverage::InPeriod
        );
        assert_eq!(
            coverage(from, until, end, d("2020-12-31")),
            Coverage::Outside
        );
        assert_eq!(
            coverage(from, until, end, d("2026-03-10")),
            Coverage::Prolongation
        );
        assert_eq!(
            coverage(from, until, end, d("2026-07-01")),
            Coverage::Prolongation
        );
        assert_eq!(
            coverage(from, until, end, d("2026-07-02")),
            Coverage::Outside
        );
        // An agrément that ended before the title has no prolongation.
        assert_eq!(
            coverage(from, d("2024-12-31"), end, d("2025-09-01")),
            Coverage::Outside
        );
        // A title still in force: the period alone.
        assert_eq!(
            coverage(d("2025-07-01"), d("2030-06-30"), None, d("2030-07-01")),
            Coverage::Outside
        );
    }

    #[test]
    fn a_period_stays_within_five_years_and_the_title() {
        let title = d("2025-07-01");
        assert_eq!(
            period_refusal(d("2025-09-01"), d("2030-08-31"), title, None),
            None
        );
        assert_eq!(
            period_refusal(d("2025-09-01"), d("2030-09-02"), title, None)
                .unwrap()
                .0,
            "valid_until"
        );
        assert_eq!(
            period_refusal(d("2025-01-01"), d("2026-01-01"), title, None)
                .unwrap()
                .0,
            "valid_from"
        );
        assert!(
            period_refusal(
                d("2021-01-01"),
                d("2025-12-31"),
                d("2019-01-01"),
                Some(title)
            )
            .unwrap()
            .1
            .contains("validité du titre")
        );
        assert!(period_refusal(d("2026-01-02"), d("2026-01-01"), title, None).is_some());
    }

    #[test]
    fn the_site_reads_as_one_line_and_compares_loosely() {
        let line = site_line("La Fabrik\n 12 rue de la Part-Dieu ", "69003", "Lyon");
        assert_eq!(line, "La Fabrik, 12 rue de la Part-Dieu, 69003 Lyon");
        assert!(same_site(
            &line,
            "la fabrik 12 rue de la part-dieu 69003 LYON"
        ));
        assert!(!same_site(&line, "La Fabrik, Villeurbanne"));
        assert!(postcode_ok("97400") && !postcode_ok("6900") && !postcode_ok("69 003"));
    }
}
