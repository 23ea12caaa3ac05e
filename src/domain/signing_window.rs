//! When a half-day may be signed: its span in UTC (the morning up to 12:30 local time, the
//! afternoon from it), opened shortly before it starts and closed shortly after it ends
//! (`PARCOURS_SIGNING_OPENS_BEFORE`, `PARCOURS_SIGNING_CLOSES_AFTER`; −15 min / +30 min), and
//! the 30-second QR tokens that prove *where and when* (valid 30 s plus 90 s of grace).

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::french::french_instant;
use super::schedule::{HalfDay, local_to_utc, noon};

/// How often the QR code shown by the trainer changes.
pub const QR_PERIOD_SECONDS: i64 = 30;
/// How long after its period a QR token is still accepted (a slow scan, a slow network).
pub const QR_GRACE_SECONDS: i64 = 90;

/// A half-day in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HalfDaySpan {
    /// Which half.
    pub half: HalfDay,
    /// Start, UTC.
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    pub ends_at: NaiveDateTime,
}

/// The span of `half` of a day held from `start` to `end` (local times in `zone`), if the day
/// has that half.
pub fn span(
    day: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    zone: Tz,
    half: HalfDay,
) -> Option<HalfDaySpan> {
    let (from, to) = match half {
        HalfDay::Am if start < noon() => (start, end.min(noon())),
        HalfDay::Pm if end > noon() => (start.max(noon()), end),
        _ => return None,
    };
    let starts_at = local_to_utc(day, from, zone).ok()?;
    let ends_at = local_to_utc(day, to, zone).ok()?;
    Some(HalfDaySpan {
        half,
        starts_at,
        ends_at,
    })
}

/// Why signing is refused now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// Too early: it opens at this instant.
    NotYet(NaiveDateTime),
    /// Too late: it closed at this instant.
    Over(NaiveDateTime),
}

impl Closed {
    /// The French sentence, with the time in the session's zone (and Paris beside it).
    pub fn message(&self, zone: Tz) -> String {
        match self {
            Self::NotYet(at) => format!(
                "La signature de cette demi-journée n'est pas encore ouverte : elle ouvre le {}.",
                french_instant(*at, zone)
            ),
            Self::Over(at) => format!(
                "La signature de cette demi-journée est close depuis le {}.",
                french_instant(*at, zone)
            ),
        }
    }
}

/// The signing window of a half-day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First instant signing is open.
    pub opens_at: NaiveDateTime,
    /// Last instant signing is open.
    pub closes_at: NaiveDateTime,
}

impl Window {
    /// The window around `span`.
    pub fn around(span: HalfDaySpan, opens_before_minutes: u32, closes_after_minutes: u32) -> Self {
        Self {
            opens_at: span.starts_at - Duration::minutes(i64::from(opens_before_minutes)),
            closes_at: span.ends_at + Duration::minutes(i64::from(closes_after_minutes)),
        }
    }

    /// Whether signing is open at `now`.
    pub fn check(self, now: NaiveDateTime) -> Result<(), Closed> {
        if now < self.opens_at {
            Err(Closed::NotYet(self.opens_at))
        } else if now > self.closes_at {
            Err(Closed::Over(self.closes_at))
        } else {
            Ok(())
        }
    }
}

/// The QR period `now` falls in (Unix seconds / 30).
pub fn qr_period(now: NaiveDateTime) -> i64 {
    now.and_utc().timestamp().div_euclid(QR_PERIOD_SECONDS)
}

/// Whether a QR token of `period` is still accepted at `now`: during its period and the grace
/// after it; never before it (a token cannot come from the future).
pub fn qr_period_valid(period: i64, now: NaiveDateTime) -> bool {
    let start = period.saturating_mul(QR_PERIOD_SECONDS);
    let now = now.and_utc().timestamp();
    now >= start && now < start + QR_PERIOD_SECONDS + QR_GRACE_SECONDS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("instant")
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn half_days_split_at_half_past_noon_in_the_zone() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).expect("day");
        let paris = chrono_tz::Europe::Paris;
        let am = span(day, time(9, 0), time(17, 0), paris, HalfDay::Am).expect("am");
        assert_eq!(
            (am.starts_at, am.ends_at),
            (at("2026-03-10 08:00:00"), at("2026-03-10 11:30:00"))
        );
        let pm = span(day, time(9, 0), time(17, 0), paris, HalfDay::Pm).expect("pm");
        assert_eq!(
            (pm.starts_at, pm.ends_at),
            (at("2026-03-10 11:30:00"), at("2026-03-10 16:00:00"))
        );
        assert_eq!(
            span(day, time(14, 0), time(17, 0), paris, HalfDay::Am),
            None
        );
        let reunion = chrono_tz::Indian::Reunion;
        let am = span(day, time(9, 0), time(12, 0), reunion, HalfDay::Am).expect("am");
        assert_eq!(am.starts_at, at("2026-03-10 05:00:00"));
    }

    #[test]
    fn the_window_opens_before_and_closes_after() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).expect("day");
        let am = span(
            day,
            time(9, 0),
            time(17, 0),
            chrono_tz::Europe::Paris,
            HalfDay::Am,
        )
        .expect("am");
        let window = Window::around(am, 15, 30);
        assert_eq!(
            window.check(at("2026-03-10 07:44:59")),
            Err(Closed::NotYet(at("2026-03-10 07:45:00")))
        );
        assert_eq!(window.check(at("2026-03-10 07:45:00")), Ok(()));
        assert_eq!(window.check(at("2026-03-10 12:00:00")), Ok(()));
        assert_eq!(
            window.check(at("2026-03-10 12:00:01")),
            Err(Closed::Over(at("2026-03-10 12:00:00")))
        );
        let message = Closed::NotYet(window.opens_at).message(chrono_tz::Europe::Paris);
        assert!(message.contains("n'est pas encore ouverte"), "{message}");
        assert!(
            message.contains("8\u{a0}h\u{a0}45") || message.contains("8 h 45"),
            "{message}"
        );
    }

    #[test]
    fn qr_tokens_live_thirty_seconds_and_the_grace() {
        let now = at("2026-03-10 08:00:10");
        let period = qr_period(now);
        assert!(qr_period_valid(period, now));
        assert!(qr_period_valid(period, now + Duration::seconds(109)));
        assert!(!qr_period_valid(period, now + Duration::seconds(110)));
        assert!(!qr_period_valid(period + 1, now));
    }
}
