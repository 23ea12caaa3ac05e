//! The `VTIMEZONE` of a zone: its offset changes, found once per zone and calendar year by
//! bisection and kept for the life of the process (a feed of any size asks for a handful of
//! zones over two or three years).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::push_line;

/// One offset change: `(instant (UTC), offset before, offset after)`, offsets in seconds.
type Change = (NaiveDateTime, i32, i32);

/// The changes of each zone in each UTC calendar year, computed on first use.
type YearCache = Mutex<HashMap<(Tz, i32), Arc<[Change]>>>;

fn cache() -> &'static YearCache {
    static CACHE: OnceLock<YearCache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn offset_at(zone: Tz, t: NaiveDateTime) -> i32 {
    zone.offset_from_utc_datetime(&t).fix().local_minus_utc()
}

fn year_start(year: i32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// The changes of `zone` in `(1 January year, 1 January year + 1]` (UTC), each to the minute: the
/// first whole minute carrying the new offset. Sampled a day apart, then bisected (tz data has no
/// two changes within a day).
fn changes_in_year(zone: Tz, year: i32) -> Vec<Change> {
    let end = year_start(year + 1);
    let mut found = Vec::new();
    let mut t = year_start(year);
    let mut current = offset_at(zone, t);
    while t < end {
        let next = (t + Duration::days(1)).min(end);
        let o = offset_at(zone, next);
        if o != current {
            // The offset is `current` at `lo` and not at `hi`: narrow to one minute.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::minutes(1) {
                let mid = lo + Duration::minutes((hi - lo).num_minutes() / 2);
                if offset_at(zone, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let after = offset_at(zone, hi);
            found.push((hi, current, after));
            current = after;
            t = hi;
            continue;
        }
        t = next;
    }
    found
}

fn year_changes(zone: Tz, year: i32) -> Arc<[Change]> {
    let mut cache = cache()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Arc::clone(
        cache
            .entry((zone, year))
            .or_insert_with(|| changes_in_year(zone, year).into()),
    )
}

/// The zone's offset changes after `from` and up to `to` (UTC), oldest first.
fn transitions(zone: Tz, from: NaiveDateTime, to: NaiveDateTime) -> Vec<Change> {
    let mut found = Vec::new();
    // A change at midnight on 1 January belongs to the year before.
    for year in (from.year() - 1)..=to.year() {
        found.extend(
            year_changes(zone, year)
                .iter()
                .filter(|(at, _, _)| *at > from && *at <= to),
        );
    }
    found
}

fn offset(out: &mut String, seconds: i32) {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    let _ = write!(out, "{sign}{:02}{:02}", s / 3600, (s % 3600) / 60);
}

fn block(out: &mut String, kind: &str, start: NaiveDateTime, before: i32, after: i32) {
    push_line(out, format_args!("BEGIN:{kind}"));
    push_line(
        out,
        format_args!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
    );
    out.push_str("TZOFFSETFROM:");
    offset(out, before);
    out.push_str("\r\nTZOFFSETTO:");
    offset(out, after);
    out.push_str("\r\n");
    push_line(out, format_args!("END:{kind}"));
}

/// Writes the `VTIMEZONE` of `zone` for events between `from` and `to` (UTC): its changes from
/// a year (366 days) before to a year after, to the first whole hour (from `from` less a year)
/// at or after that; a zone without any carries its one offset.
pub(super) fn vtimezone(out: &mut String, zone: Tz, from: NaiveDateTime, to: NaiveDateTime) {
    push_line(out, format_args!("BEGIN:VTIMEZONE"));
    push_line(out, format_args!("TZID:{}", zone.name()));
    let start = from - Duration::days(366);
    let span = (to + Duration::days(366)) - start;
    let hours = (span.num_seconds() + 3599).div_euclid(3600).max(0);
    let changes = transitions(zone, start, start + Duration::hours(hours));
    if changes.is_empty() {
        let o = offset_at(zone, from);
        block(out, "STANDARD", year_start(1970), o, o);
    }
    for (at, before, after) in changes {
        let kind = if after > before {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // DTSTART is the local time just before the change, in the offset before it.
        block(
            out,
            kind,
            at + Duration::seconds(i64::from(before)),
            before,
            after,
        );
    }
    push_line(out, format_args!("END:VTIMEZONE"));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan the feeds used before (hour by hour, then minute by minute), kept as the reference.
    fn hourly(zone: Tz, from: NaiveDateTime, to: NaiveDateTime) -> Vec<Change> {
        let mut found = Vec::new();
        let mut t = from;
        let mut current = offset_at(zone, t);
        while t < to {
            let next = t + Duration::hours(1);
            let o = offset_at(zone, next);
            if o != current {
                let mut lo = t;
                while lo + Duration::minutes(1) < next
                    && offset_at(zone, lo + Duration::minutes(1)) == current
                {
                    lo += Duration::minutes(1);
                }
                found.push((lo + Duration::minutes(1), current, o));
                current = o;
            }
            t = next;
        }
        found
    }

    #[test]
    fn bisection_finds_what_the_hourly_scan_found() {
        let from = NaiveDate::from_ymd_opt(2024, 12, 31)
            .and_then(|d| d.and_hms_opt(7, 30, 0))
            .unwrap();
        for zone in [
            chrono_tz::Europe::Paris,
            chrono_tz::America::Miquelon,
            chrono_tz::America::Santiago,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Pacific::Noumea,
            chrono_tz::Indian::Reunion,
        ] {
            for days in [0, 1, 200, 800] {
                let to = from + Duration::days(days) + Duration::minutes(17);
                let mut first = String::new();
                let mut cached = String::new();
                vtimezone(&mut first, zone, from, to);
                vtimezone(&mut cached, zone, from, to);
                assert_eq!(first, cached, "{zone} over {days} days, cached");
                let start = from - Duration::days(366);
                let span = (to + Duration::days(366) - start).num_seconds();
                let end = start + Duration::hours((span + 3599) / 3600);
                assert_eq!(
                    transitions(zone, start, end),
                    hourly(zone, start, to + Duration::days(366)),
                    "{zone} over {days} days"
                );
            }
        }
    }
}
