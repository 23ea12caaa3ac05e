//! Training days: times in the session's zone, half-days, hours, and generated patterns.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

use super::validation::FieldErrors;

/// Half past noon splits a day into morning and afternoon.
pub fn noon() -> NaiveTime {
    NaiveTime::from_hms_opt(12, 30, 0).unwrap_or_default()
}

/// A half-day of attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HalfDay {
    /// Morning.
    Am,
    /// Afternoon.
    Pm,
}

impl HalfDay {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Am => "am",
            Self::Pm => "pm",
        }
    }

    /// Parses the stored name.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "am" => Some(Self::Am),
            "pm" => Some(Self::Pm),
            _ => None,
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Am => "Matin",
            Self::Pm => "Après-midi",
        }
    }
}

/// The half-days a day spans: morning if it starts before 12:30, afternoon if it ends after.
pub fn half_days(start: NaiveTime, end: NaiveTime) -> Vec<HalfDay> {
    let mut halves = Vec::with_capacity(2);
    if start < noon() {
        halves.push(HalfDay::Am);
    }
    if end > noon() {
        halves.push(HalfDay::Pm);
    }
    halves
}

/// Whether a day loses an hour's lunch break from its training hours: it spans both halves and
/// is longer than five hours.
pub fn lunch_deducted(start: NaiveTime, end: NaiveTime) -> bool {
    start < noon() && end > noon() && (end - start).num_minutes() > 5 * 60
}

/// Hours of a half-day: the part of the day before (or after) 12:30, less half of the lunch
/// break when [`lunch_deducted`].
pub fn half_day_minutes(start: NaiveTime, end: NaiveTime, half: HalfDay) -> i64 {
    let lunch = if lunch_deducted(start, end) { 60 } else { 0 };
    let (before, after) = (
        (noon().min(end) - start).num_minutes().max(0),
        (end - noon().max(start)).num_minutes().max(0),
    );
    match half {
        HalfDay::Am if start < noon() => (before - lunch / 2).max(0),
        HalfDay::Pm if end > noon() => (after - lunch / 2).max(0),
        _ => 0,
    }
}

/// Training minutes of a day (its span less the lunch break).
pub fn day_minutes(start: NaiveTime, end: NaiveTime) -> i64 {
    half_day_minutes(start, end, HalfDay::Am) + half_day_minutes(start, end, HalfDay::Pm)
}

/// A local date and time in `zone` as a UTC instant; a time skipped by a DST change is refused,
/// an ambiguous one takes the earlier instant.
pub fn local_to_utc(date: NaiveDate, time: NaiveTime, zone: Tz) -> Result<NaiveDateTime, String> {
    zone.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.naive_utc())
        .ok_or_else(|| {
            format!(
                "{} à {} n'existe pas dans le fuseau {} (changement d'heure).",
                date.format("%d/%m/%Y"),
                time.format("%H:%M"),
                zone.name()
            )
        })
}

/// Parses `HH:MM`.
pub fn parse_time(value: Option<&str>) -> Result<NaiveTime, String> {
    let text = value.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err("Ce champ est obligatoire.".to_owned());
    }
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| "Heure invalide : attendu HH:MM.".to_owned())
}

/// Checks a day's times.
pub fn check_times(start: NaiveTime, end: NaiveTime) -> Result<(), FieldErrors> {
    if end <= start {
        return Err(FieldErrors::single(
            "end_time",
            "L'heure de fin doit suivre l'heure de début.",
        ));
    }
    Ok(())
}

/// A weekday named in French or English (`mardi`, `tuesday`, `tue`).
pub fn parse_weekday(value: &str) -> Option<Weekday> {
    match value.trim().to_lowercase().as_str() {
        "lundi" | "monday" | "mon" => Some(Weekday::Mon),
        "mardi" | "tuesday" | "tue" => Some(Weekday::Tue),
        "mercredi" | "wednesday" | "wed" => Some(Weekday::Wed),
        "jeudi" | "thursday" | "thu" => Some(Weekday::Thu),
        "vendredi" | "friday" | "fri" => Some(Weekday::Fri),
        "samedi" | "saturday" | "sat" => Some(Weekday::Sat),
        "dimanche" | "sunday" | "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

/// The dates of a weekly pattern: the given weekdays from `from` (inclusive), `weeks` weeks long.
pub fn weekly_dates(from: NaiveDate, weekdays: &[Weekday], weeks: u32) -> Vec<NaiveDate> {
    let end = from + Duration::weeks(i64::from(weeks));
    let mut dates = Vec::new();
    let mut day = from;
    while day < end {
        if weekdays.contains(&day.weekday()) {
            dates.push(day);
        }
        day += Duration::days(1);
    }
    dates
}

/// Whether planned hours match the track's; `None` when they do, the warning otherwise.
pub fn hours_warning(planned_minutes: i64, track_hours: Option<i32>) -> Option<String> {
    let hours = track_hours?;
    if planned_minutes == i64::from(hours) * 60 {
        None
    } else {
        Some(format!(
            "Les journées programmées totalisent {} h, le parcours en prévoit {hours} h.",
            format_hours(planned_minutes)
        ))
    }
}

/// `420` minutes → `7`, `450` → `7,5`.
pub fn format_hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{},{}", minutes / 60, (minutes % 60) * 10 / 60)
    }
}

/// Minutes as printed on proof-of-training documents: `24 h 30`, `24 h`.
pub fn format_hours_minutes(minutes: i64) -> String {
    let minutes = minutes.max(0);
    match minutes % 60 {
        0 => format!("{} h", minutes / 60),
        rest => format!("{} h {rest:02}", minutes / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_minutes_print_the_french_way() {
        assert_eq!(format_hours_minutes(24 * 60 + 30), "24 h 30");
        assert_eq!(format_hours_minutes(7 * 60), "7 h");
        assert_eq!(format_hours_minutes(65), "1 h 05");
        assert_eq!(format_hours_minutes(0), "0 h");
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_full_day_has_two_halves_and_seven_hours() {
        assert_eq!(half_days(t(9, 0), t(17, 0)), vec![HalfDay::Am, HalfDay::Pm]);
        assert_eq!(day_minutes(t(9, 0), t(17, 0)), 7 * 60);
        assert_eq!(half_day_minutes(t(9, 0), t(17, 0), HalfDay::Am), 180);
        assert_eq!(half_day_minutes(t(9, 0), t(17, 0), HalfDay::Pm), 240);
        assert_eq!(half_days(t(9, 0), t(12, 30)), vec![HalfDay::Am]);
        assert_eq!(day_minutes(t(9, 0), t(12, 30)), 210);
        assert_eq!(half_days(t(13, 30), t(17, 0)), vec![HalfDay::Pm]);
    }

    #[test]
    fn local_times_become_utc_across_zones_and_dst() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let paris = local_to_utc(date, t(9, 0), chrono_tz::Europe::Paris).unwrap();
        assert_eq!(paris, date.and_hms_opt(8, 0, 0).unwrap());
        let reunion = local_to_utc(date, t(9, 0), chrono_tz::Indian::Reunion).unwrap();
        assert_eq!(reunion, date.and_hms_opt(5, 0, 0).unwrap());
        let skipped = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert!(local_to_utc(skipped, t(2, 30), chrono_tz::Europe::Paris).is_err());
    }

    #[test]
    fn every_tuesday_for_seventeen_weeks() {
        let from = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
        let dates = weekly_dates(from, &[Weekday::Tue], 17);
        assert_eq!(dates.len(), 17);
        assert!(dates.iter().all(|d| d.weekday() == Weekday::Tue));
        assert_eq!(parse_weekday("Mardi"), Some(Weekday::Tue));
    }

    #[test]
    fn warns_when_hours_differ_from_the_track() {
        assert_eq!(hours_warning(70 * 60, Some(70)), None);
        assert!(hours_warning(63 * 60, Some(70)).unwrap().contains("63 h"));
        assert_eq!(hours_warning(10, None), None);
        assert_eq!(format_hours(450), "7,5");
    }
}
