//! French formatting of dates, times and instants for people: « mardi 3 mars 2026 »,
//! « 9 h 00 », « 9 h 00 – 17 h 00 », an instant or a span in its zone with Paris beside it when
//! they differ; « de » and « à » before names in [`elision`].

pub mod elision;

pub use elision::{a_lieu, de_lieu, de_personne};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// The no-break space (U+00A0) that keeps « 9 h 00 » and « – 17 h 00 » on one line, as the
/// percentages of the dashboards do.
pub const NBSP: char = '\u{a0}';

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A date in French: « mardi 3 mars 2026 ».
pub fn french_date(date: NaiveDate) -> String {
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[date.month0() as usize];
    let day = if date.day() == 1 {
        "1er".to_owned()
    } else {
        date.day().to_string()
    };
    format!("{weekday} {day} {month} {}", date.year())
}

/// `09:00` → « 9 h 00 ».
pub fn french_time(text: &str) -> String {
    match text.split_once(':') {
        Some((h, m)) => format!(
            "{} h {}",
            h.trim_start_matches('0').max("0"),
            &m[..m.len().min(2)]
        ),
        None => text.to_owned(),
    }
}

/// An instant in `zone`, in French: « mardi 3 mars 2026, 9 h 00 », with the Paris time beside it
/// when the two differ (« … (10 h 00 à Paris) »).
pub fn french_instant(utc: chrono::NaiveDateTime, zone: chrono_tz::Tz) -> String {
    let local = utc.and_utc().with_timezone(&zone);
    let text = format!(
        "{}, {}",
        french_date(local.date_naive()),
        french_time(&local.format("%H:%M").to_string())
    );
    let paris = utc.and_utc().with_timezone(&chrono_tz::Europe::Paris);
    if paris.naive_local() == local.naive_local() {
        text
    } else if paris.date_naive() == local.date_naive() {
        format!(
            "{text} ({} à Paris)",
            french_time(&paris.format("%H:%M").to_string())
        )
    } else {
        format!(
            "{text} ({} {} à Paris)",
            paris.format("%d/%m"),
            french_time(&paris.format("%H:%M").to_string())
        )
    }
}

/// A time of day with no-break spaces: « 9 h 00 » (U+00A0 around the h).
pub fn french_clock(time: NaiveTime) -> String {
    format!("{}{NBSP}h{NBSP}{:02}", time.hour(), time.minute())
}

/// A time range: « 9 h 00 – 17 h 00 », with no-break spaces inside each time and before the
/// dash, so that the line breaks only after it.
pub fn french_time_range(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}{NBSP}– {}", french_clock(start), french_clock(end))
}

/// A span between two UTC instants, in `zone`: « mardi 3 mars 2026, 9 h 00 – 17 h 00 » within
/// one day, « du mardi 3 mars 2026, 9 h 00 au mercredi 4 mars 2026, 17 h 00 » across days;
/// with Paris beside it when its times differ (« (6 h 00 – 14 h 00 à Paris) »).
pub fn french_span(start: NaiveDateTime, end: NaiveDateTime, zone: chrono_tz::Tz) -> String {
    let (from, to) = (
        start.and_utc().with_timezone(&zone).naive_local(),
        end.and_utc().with_timezone(&zone).naive_local(),
    );
    let text = if from.date() == to.date() {
        format!(
            "{}, {}",
            french_date(from.date()),
            french_time_range(from.time(), to.time())
        )
    } else {
        format!(
            "du {}, {} au {}, {}",
            french_date(from.date()),
            french_clock(from.time()),
            french_date(to.date()),
            french_clock(to.time())
        )
    };
    let paris = chrono_tz::Europe::Paris;
    let (paris_from, paris_to) = (
        start.and_utc().with_timezone(&paris).naive_local(),
        end.and_utc().with_timezone(&paris).naive_local(),
    );
    if (paris_from, paris_to) == (from, to) {
        text
    } else if paris_from.date() == from.date() && paris_to.date() == to.date() {
        format!(
            "{text} ({} à Paris)",
            french_time_range(paris_from.time(), paris_to.time())
        )
    } else {
        format!(
            "{text} (du {} {} au {} {} à Paris)",
            paris_from.format("%d/%m"),
            french_clock(paris_from.time()),
            paris_to.format("%d/%m"),
            french_clock(paris_to.time())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, min, 0))
            .unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_time_range_keeps_its_parts_together() {
        assert_eq!(
            french_time_range(t(9, 0), t(17, 0)),
            "9\u{a0}h\u{a0}00\u{a0}– 17\u{a0}h\u{a0}00"
        );
        assert_eq!(french_clock(t(0, 5)), "0\u{a0}h\u{a0}05");
    }

    #[test]
    fn a_span_of_one_day_in_paris() {
        // 9:00–17:00 in Paris in March (UTC+1).
        assert_eq!(
            french_span(
                utc(2026, 3, 3, 8, 0),
                utc(2026, 3, 3, 16, 0),
                chrono_tz::Europe::Paris
            ),
            "mardi 3 mars 2026, 9\u{a0}h\u{a0}00\u{a0}– 17\u{a0}h\u{a0}00"
        );
    }

    #[test]
    fn a_span_elsewhere_shows_paris_beside_it() {
        // 9:00–17:00 at La Réunion (UTC+4) is 6:00–14:00 in Paris.
        assert_eq!(
            french_span(
                utc(2026, 3, 3, 5, 0),
                utc(2026, 3, 3, 13, 0),
                chrono_tz::Indian::Reunion
            ),
            "mardi 3 mars 2026, 9\u{a0}h\u{a0}00\u{a0}– 17\u{a0}h\u{a0}00 \
             (6\u{a0}h\u{a0}00\u{a0}– 14\u{a0}h\u{a0}00 à Paris)"
        );
        // 9:00–17:00 in Tahiti (UTC-10) ends on the next day in Paris.
        assert_eq!(
            french_span(
                utc(2026, 3, 3, 19, 0),
                utc(2026, 3, 4, 3, 0),
                chrono_tz::Pacific::Tahiti
            ),
            "mardi 3 mars 2026, 9\u{a0}h\u{a0}00\u{a0}– 17\u{a0}h\u{a0}00 \
             (du 03/03 20\u{a0}h\u{a0}00 au 04/03 4\u{a0}h\u{a0}00 à Paris)"
        );
    }

    #[test]
    fn a_span_over_two_days() {
        assert_eq!(
            french_span(
                utc(2026, 3, 3, 8, 0),
                utc(2026, 3, 4, 16, 0),
                chrono_tz::Europe::Paris
            ),
            "du mardi 3 mars 2026, 9\u{a0}h\u{a0}00 au mercredi 4 mars 2026, 17\u{a0}h\u{a0}00"
        );
    }
}
