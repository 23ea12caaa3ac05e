//! French formatting of dates, times and instants for people: « mardi 3 mars 2026 »,
//! « 9 h 00 », an instant in its zone with Paris beside it when they differ.

use chrono::{Datelike, NaiveDate};

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
