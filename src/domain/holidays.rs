//! French public holidays (« jours fériés ») of a territory and a year, computed, and the
//! weekend-or-holiday warning shown when a day is scheduled on one.
//!
//! Sources:
//! - the eleven national days: Code du travail, art. L3133-1 (Easter Monday, Ascension and Whit
//!   Monday follow Easter, computed here by the anonymous Gregorian algorithm);
//! - Alsace-Moselle (Moselle 57, Bas-Rhin 67, Haut-Rhin 68): Good Friday and 26 December, Code
//!   du travail, art. L3134-13;
//! - the abolition of slavery: loi n° 83-550 du 30 juin 1983 and décret n° 83-1003 du
//!   23 novembre 1983 (as amended by décret n° 2012-553 for Saint-Barthélemy and Saint-Martin,
//!   then for Saint-Martin moved from 27 to 28 May in 2017 at the Collectivité's request):
//!   Mayotte 27 April, Martinique 22 May, Guadeloupe 27 May, Saint-Martin 28 May, Guyane
//!   10 June, Saint-Barthélemy 9 October, La Réunion 20 December. Etalab's
//!   `jours-feries-france` gives the same list; it has nothing extra for Saint-Pierre-et-Miquelon,
//!   Wallis-et-Futuna, French Polynesia or New Caledonia, nor does parcours (their local
//!   holidays are set by their own authorities).
//!
//! Territories are the codes of the `territories` table (`FR`, `971`…`988`); a metropolitan
//! venue's département is read from the postcode in its address ([`department_of_venue`]).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::french::french_date;

/// A public holiday: its date and its name (« lundi de Pentecôte »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The day.
    pub date: NaiveDate,
    /// Its name, lower case after the first word as French writes it in a sentence.
    pub name: &'static str,
}

/// Easter Sunday of `year` (Gregorian calendar; anonymous algorithm, Meeus/Jones/Butcher).
#[expect(
    clippy::many_single_char_names,
    reason = "the names of the published algorithm, to check it against"
)]
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    #[expect(clippy::cast_sign_loss, reason = "month is 3 or 4 and day 1 to 31")]
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// The date of the abolition of slavery in `territory`, if it has one.
fn abolition_of_slavery(territory: &str) -> Option<(u32, u32)> {
    match territory {
        "976" => Some((4, 27)),  // Mayotte
        "972" => Some((5, 22)),  // Martinique
        "971" => Some((5, 27)),  // Guadeloupe
        "978" => Some((5, 28)),  // Saint-Martin
        "973" => Some((6, 10)),  // Guyane
        "977" => Some((10, 9)),  // Saint-Barthélemy
        "974" => Some((12, 20)), // La Réunion
        _ => None,
    }
}

/// Whether a département keeps the local law of Alsace-Moselle.
fn alsace_moselle(department: Option<&str>) -> bool {
    matches!(department, Some("57" | "67" | "68"))
}

/// The public holidays of `territory` in `year`, sorted by date; `department` is the venue's
/// département (`57`, `67`, `68` add Alsace-Moselle's two days), when known.
pub fn holidays(territory: &str, department: Option<&str>, year: i32) -> Vec<Holiday> {
    let fixed =
        |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
    let easter = easter(year);
    let mut days = vec![
        Holiday {
            date: fixed(1, 1),
            name: "jour de l'An",
        },
        Holiday {
            date: easter + Duration::days(1),
            name: "lundi de Pâques",
        },
        Holiday {
            date: fixed(5, 1),
            name: "fête du Travail",
        },
        Holiday {
            date: fixed(5, 8),
            name: "fête de la Victoire 1945",
        },
        Holiday {
            date: easter + Duration::days(39),
            name: "jeudi de l'Ascension",
        },
        Holiday {
            date: easter + Duration::days(50),
            name: "lundi de Pentecôte",
        },
        Holiday {
            date: fixed(7, 14),
            name: "fête nationale",
        },
        Holiday {
            date: fixed(8, 15),
            name: "Assomption",
        },
        Holiday {
            date: fixed(11, 1),
            name: "Toussaint",
        },
        Holiday {
            date: fixed(11, 11),
            name: "Armistice 1918",
        },
        Holiday {
            date: fixed(12, 25),
            name: "Noël",
        },
    ];
    if territory == "FR" && alsace_moselle(department) {
        days.push(Holiday {
            date: easter - Duration::days(2),
            name: "Vendredi saint",
        });
        days.push(Holiday {
            date: fixed(12, 26),
            name: "Saint-Étienne",
        });
    }
    if let Some((month, day)) = abolition_of_slavery(territory) {
        days.push(Holiday {
            date: fixed(month, day),
            name: "jour de l'abolition de l'esclavage",
        });
    }
    days.sort_by_key(|h| h.date);
    days
}

/// The holiday on `date` in `territory`, if any.
pub fn holiday_on(territory: &str, department: Option<&str>, date: NaiveDate) -> Option<Holiday> {
    holidays(territory, department, date.year())
        .into_iter()
        .find(|h| h.date == date)
}

/// The département of a metropolitan venue, read from the first five-digit postcode in its
/// address (« 12 rue du Dôme, 67000 Strasbourg » → `67`); `None` without one.
pub fn department_of_venue(venue: Option<&str>) -> Option<String> {
    let venue = venue?;
    let bytes = venue.as_bytes();
    let mut i = 0;
    while i + 5 <= bytes.len() {
        let run = &bytes[i..i + 5];
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 5);
        if run.iter().all(u8::is_ascii_digit)
            && !before.is_some_and(|b| b.is_ascii_digit())
            && !after.is_some_and(u8::is_ascii_digit)
        {
            return venue.get(i..i + 2).map(str::to_owned);
        }
        i += 1;
    }
    None
}

/// The warning for a day scheduled on a weekend or a public holiday of its territory
/// (« Le lundi 25 mai 2026 est le lundi de Pentecôte, jour férié. »), `None` on a working day.
pub fn warning(territory: &str, department: Option<&str>, date: NaiveDate) -> Option<String> {
    let day = french_date(date);
    if let Some(h) = holiday_on(territory, department, date) {
        return Some(format!(
            "Le {day} est {}{}, jour férié.",
            article(h.name),
            h.name
        ));
    }
    match date.weekday() {
        Weekday::Sat | Weekday::Sun => Some(format!("Le {day} tombe un week-end.")),
        _ => None,
    }
}

/// Whether `date` is a working day (not a weekend, not a holiday) in `territory`.
pub fn is_working_day(territory: &str, department: Option<&str>, date: NaiveDate) -> bool {
    warning(territory, department, date).is_none()
}

/// « le », « la », « l' » or nothing before a holiday's name.
fn article(name: &str) -> &'static str {
    match name {
        "fête du Travail"
        | "fête de la Victoire 1945"
        | "fête nationale"
        | "Toussaint"
        | "Saint-Étienne" => "la ",
        "Assomption" | "Armistice 1918" => "l'",
        "Noël" => "",
        _ => "le ",
    }
}

#[cfg(test)]
mod tests;
