//! Times on documents (sheets, statements): in the session's zone, named, with Paris beside them
//! when they differ (« 9 h 00 – 12 h 30 heure de La Réunion (6 h 00 – 9 h 30 à Paris) »).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::french::{french_clock, french_time_range};
use super::schedule::{HalfDay, local_to_utc, noon};

/// « heure de La Réunion », « heure de Paris », or « heure locale (zone) » for a zone without a
/// French name here.
pub fn zone_label(zone: Tz) -> String {
    let name = match zone.name() {
        "Europe/Paris" => "heure de Paris",
        "Indian/Reunion" => "heure de La Réunion",
        "Indian/Mayotte" => "heure de Mayotte",
        "America/Martinique" => "heure de la Martinique",
        "America/Guadeloupe" => "heure de la Guadeloupe",
        "America/Cayenne" => "heure de la Guyane",
        "America/Miquelon" => "heure de Saint-Pierre-et-Miquelon",
        "Pacific/Noumea" => "heure de la Nouvelle-Calédonie",
        "Pacific/Tahiti" => "heure de Tahiti",
        "Pacific/Wallis" => "heure de Wallis-et-Futuna",
        other => return format!("heure locale ({other})"),
    };
    name.to_owned()
}

fn in_paris(date: NaiveDate, time: NaiveTime, zone: Tz) -> Option<NaiveTime> {
    let utc = local_to_utc(date, time, zone).ok()?;
    Some(
        utc.and_utc()
            .with_timezone(&chrono_tz::Europe::Paris)
            .naive_local()
            .time(),
    )
}

/// A half-day's times: the part of the day before (or after) 12:30, in the zone, with Paris
/// beside it when different; `None` when the day has no such half.
pub fn half_day_times(
    date: NaiveDate,
    (start, end): (NaiveTime, NaiveTime),
    zone: Tz,
    half: HalfDay,
) -> Option<String> {
    let (from, to) = match half {
        HalfDay::Am if start < noon() => (start, end.min(noon())),
        HalfDay::Pm if end > noon() => (start.max(noon()), end),
        _ => return None,
    };
    let local = format!("{} {}", french_time_range(from, to), zone_label(zone));
    match (in_paris(date, from, zone), in_paris(date, to, zone)) {
        (Some(a), Some(b)) if (a, b) != (from, to) => {
            Some(format!("{local} ({} à Paris)", french_time_range(a, b)))
        }
        _ => Some(local),
    }
}

/// An instant's time of day in the zone (« 9 h 02 »), with Paris beside it when different
/// (« 9 h 02 (6 h 02 à Paris) »).
pub fn clock_in(utc: NaiveDateTime, zone: Tz) -> String {
    let local = utc.and_utc().with_timezone(&zone).naive_local();
    let paris = utc
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris)
        .naive_local();
    if local == paris {
        french_clock(local.time())
    } else {
        format!(
            "{} ({} à Paris)",
            french_clock(local.time()),
            french_clock(paris.time())
        )
    }
}

/// A day and its start in the zone, for a convocation or a next step: « mardi 10 mars 2026 à
/// 9 h 00 » in Paris, « mardi 12 janvier 2027 à 9 h 00 heure de La Réunion (6 h 00 à Paris) »
/// elsewhere.
pub fn day_and_time(utc: NaiveDateTime, zone: Tz) -> String {
    let local = utc.and_utc().with_timezone(&zone).naive_local();
    let day = super::french::french_date(local.date());
    if zone == chrono_tz::Europe::Paris {
        return format!("{day} à {}", french_clock(local.time()));
    }
    let paris = utc
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris)
        .naive_local();
    let beside = if paris.date() == local.date() {
        format!("{} à Paris", french_clock(paris.time()))
    } else {
        format!(
            "{} à {} à Paris",
            super::french::french_date(paris.date()),
            french_clock(paris.time())
        )
    };
    format!(
        "{day} à {} {} ({beside})",
        french_clock(local.time()),
        zone_label(zone)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn times_show_paris_beside_them_when_different() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 12).unwrap();
        let reunion: Tz = "Indian/Reunion".parse().unwrap();
        assert_eq!(
            half_day_times(day, (t(9, 0), t(17, 0)), reunion, HalfDay::Am).unwrap(),
            "9\u{a0}h\u{a0}00\u{a0}– 12\u{a0}h\u{a0}30 heure de La Réunion (6\u{a0}h\u{a0}00\u{a0}– 9\u{a0}h\u{a0}30 à Paris)"
        );
        let paris: Tz = "Europe/Paris".parse().unwrap();
        assert_eq!(
            half_day_times(day, (t(9, 0), t(17, 0)), paris, HalfDay::Pm).unwrap(),
            "12\u{a0}h\u{a0}30\u{a0}– 17\u{a0}h\u{a0}00 heure de Paris"
        );
        assert!(half_day_times(day, (t(9, 0), t(12, 0)), paris, HalfDay::Pm).is_none());
        let at = day.and_time(t(5, 2));
        assert_eq!(
            clock_in(at, reunion),
            "9\u{a0}h\u{a0}02 (6\u{a0}h\u{a0}02 à Paris)"
        );
        assert_eq!(clock_in(at, paris), "6\u{a0}h\u{a0}02");
        assert_eq!(
            day_and_time(at, reunion),
            "mardi 12 janvier 2027 à 9\u{a0}h\u{a0}02 heure de La Réunion (6\u{a0}h\u{a0}02 à Paris)"
        );
        assert_eq!(
            day_and_time(at, paris),
            "mardi 12 janvier 2027 à 6\u{a0}h\u{a0}02"
        );
    }
}
