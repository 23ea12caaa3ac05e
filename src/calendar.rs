//! iCalendar (RFC 5545) invites and feeds, written by hand: TEXT values escaped, lines folded at
//! 75 octets, times carried in the session's own zone with a `VTIMEZONE` built from the
//! time-zone database (daylight-saving transitions included), `DTSTAMP` in UTC.

use chrono::{Duration, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// One event, for one attendee.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable per event and person.
    pub uid: String,
    /// Raised on every change.
    pub sequence: i32,
    /// Start (UTC).
    pub start: NaiveDateTime,
    /// End (UTC).
    pub end: NaiveDateTime,
    /// The session's zone.
    pub zone: Tz,
    /// Title.
    pub summary: String,
    /// Where.
    pub location: String,
    /// Details.
    pub description: String,
    /// Its page in parcours (absolute URL; empty: none).
    pub url: String,
    /// `(name, e-mail)` of the organiser.
    pub organizer: (String, String),
    /// `(name, e-mail)` of the attendee.
    pub attendee: (String, String),
    /// Cancelled.
    pub cancelled: bool,
}

/// What the calendar asks of its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation or its update.
    Request,
    /// A cancellation.
    Cancel,
    /// A subscribed feed.
    Publish,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
            Self::Publish => "PUBLISH",
        }
    }
}

/// Escapes a TEXT value: `\`, `;`, `,` and line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so that no line exceeds 75 octets, never splitting a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
}

fn push(out: &mut String, line: &str) {
    out.push_str(&fold(line));
    out.push_str("\r\n");
}

fn local(at: NaiveDateTime, zone: Tz) -> String {
    zone.from_utc_datetime(&at)
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// The zone's offset changes between `from` and `to` (UTC): `(instant, offset before, after)`.
fn transitions(zone: Tz, from: NaiveDateTime, to: NaiveDateTime) -> Vec<(NaiveDateTime, i32, i32)> {
    let offset_at = |t: NaiveDateTime| zone.offset_from_utc_datetime(&t).fix().local_minus_utc();
    let mut found = Vec::new();
    let mut t = from;
    let mut current = offset_at(t);
    while t < to {
        let next = t + Duration::hours(1);
        let o = offset_at(next);
        if o != current {
            // Narrow down to the minute.
            let mut lo = t;
            while lo + Duration::minutes(1) < next
                && offset_at(lo + Duration::minutes(1)) == current
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

/// The `VTIMEZONE` of `zone` around `[from, to]`.
fn vtimezone(out: &mut String, zone: Tz, from: NaiveDateTime, to: NaiveDateTime) {
    push(out, "BEGIN:VTIMEZONE");
    push(out, &format!("TZID:{}", zone.name()));
    let changes = transitions(zone, from - Duration::days(366), to + Duration::days(366));
    if changes.is_empty() {
        let o = zone.offset_from_utc_datetime(&from).fix().local_minus_utc();
        push(out, "BEGIN:STANDARD");
        push(out, "DTSTART:19700101T000000");
        push(out, &format!("TZOFFSETFROM:{}", offset(o)));
        push(out, &format!("TZOFFSETTO:{}", offset(o)));
        push(out, "END:STANDARD");
    }
    for (at, before, after) in changes {
        let kind = if after > before {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // DTSTART is the local time just before the change, in the offset before it.
        let local_start = at + Duration::seconds(i64::from(before));
        push(out, &format!("BEGIN:{kind}"));
        push(
            out,
            &format!("DTSTART:{}", local_start.format("%Y%m%dT%H%M%S")),
        );
        push(out, &format!("TZOFFSETFROM:{}", offset(before)));
        push(out, &format!("TZOFFSETTO:{}", offset(after)));
        push(out, &format!("END:{kind}"));
    }
    push(out, "END:VTIMEZONE");
}

/// A whole calendar: `METHOD`, its name (`X-WR-CALNAME`, for feeds), one `VTIMEZONE` per zone,
/// the events.
pub fn calendar(
    method: Method,
    name: Option<&str>,
    events: &[Event],
    now: NaiveDateTime,
) -> String {
    let mut out = String::new();
    push(&mut out, "BEGIN:VCALENDAR");
    push(&mut out, "VERSION:2.0");
    push(&mut out, "PRODID:-//parcours//conseillers numeriques//FR");
    push(&mut out, "CALSCALE:GREGORIAN");
    push(&mut out, &format!("METHOD:{}", method.as_str()));
    if let Some(name) = name {
        push(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    }
    let mut zones: Vec<Tz> = events.iter().map(|e| e.zone).collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    for zone in zones {
        let of_zone = events.iter().filter(|e| e.zone == zone);
        let from = of_zone.clone().map(|e| e.start).min().unwrap_or(now);
        let to = of_zone.map(|e| e.end).max().unwrap_or(now);
        vtimezone(&mut out, zone, from, to);
    }
    for e in events {
        push(&mut out, "BEGIN:VEVENT");
        push(&mut out, &format!("UID:{}", e.uid));
        push(&mut out, &format!("SEQUENCE:{}", e.sequence));
        push(
            &mut out,
            &format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
        );
        push(
            &mut out,
            &format!("DTSTART;TZID={}:{}", e.zone.name(), local(e.start, e.zone)),
        );
        push(
            &mut out,
            &format!("DTEND;TZID={}:{}", e.zone.name(), local(e.end, e.zone)),
        );
        push(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if !e.location.is_empty() {
            push(&mut out, &format!("LOCATION:{}", escape(&e.location)));
        }
        if !e.description.is_empty() {
            push(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        }
        if !e.url.is_empty() && !e.url.contains(['\r', '\n', '"']) {
            push(&mut out, &format!("URL:{}", e.url));
        }
        push(
            &mut out,
            &format!(
                "ORGANIZER;CN=\"{}\":mailto:{}",
                crate::domain::display_name::one_line_or_empty(&e.organizer.0).replace('"', "'"),
                crate::domain::display_name::one_line_or_empty(&e.organizer.1)
            ),
        );
        push(
            &mut out,
            &format!(
                "ATTENDEE;CN=\"{}\";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{}",
                crate::domain::display_name::one_line_or_empty(&e.attendee.0).replace('"', "'"),
                crate::domain::display_name::one_line_or_empty(&e.attendee.1)
            ),
        );
        push(
            &mut out,
            &format!(
                "STATUS:{}",
                if e.cancelled {
                    "CANCELLED"
                } else {
                    "CONFIRMED"
                }
            ),
        );
        push(&mut out, "END:VEVENT");
    }
    push(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn event(zone: Tz) -> Event {
        Event {
            uid: "module-session-7-advisor-3@parcours".to_owned(),
            sequence: 2,
            start: at(2026, 4, 7, 7),
            end: at(2026, 4, 7, 15),
            zone,
            summary: "Cybersécurité, les bons réflexes; niveau 1".to_owned(),
            location: "Médiathèque, salle 2".to_owned(),
            description: "Ligne 1\nLigne 2 avec \\ antislash".to_owned(),
            url: "https://parcours.example/module-sessions/7".to_owned(),
            organizer: (
                "Simplon.co".to_owned(),
                "ne-pas-repondre@parcours.localhost".to_owned(),
            ),
            attendee: ("Léa Martin".to_owned(), "lea@example.org".to_owned()),
            cancelled: false,
        }
    }

    #[test]
    fn a_line_break_in_a_name_adds_no_property() {
        let mut hostile = event(chrono_tz::Europe::Paris);
        hostile.attendee.0 = "Léa\r\nATTACH:https://evil.example/x\"".to_owned();
        let text = calendar(Method::Request, None, &[hostile], at(2026, 3, 2, 9));
        assert!(!text.contains("\r\nATTACH"), "{text}");
        assert!(text.contains("ATTENDEE;CN=\"Léa ATTACH:https://evil.example/x'\""));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), long);
    }

    #[test]
    fn paris_carries_its_daylight_saving_transitions() {
        let text = calendar(
            Method::Request,
            None,
            &[event(chrono_tz::Europe::Paris)],
            at(2026, 3, 2, 9),
        );
        assert!(text.contains("DTSTART;TZID=Europe/Paris:20260407T090000"));
        assert!(
            text.contains("BEGIN:DAYLIGHT")
                && text.contains("TZOFFSETFROM:+0100")
                && text.contains("TZOFFSETTO:+0200")
        );
        assert!(
            text.contains("DTSTART:20260329T020000"),
            "the spring change, local time"
        );
        assert!(text.contains("DTSTAMP:20260302T090000Z"));
    }

    #[test]
    fn reunion_has_one_offset_and_miquelon_its_own_changes() {
        let reunion = calendar(
            Method::Request,
            None,
            &[event(chrono_tz::Indian::Reunion)],
            at(2026, 3, 2, 9),
        );
        assert!(reunion.contains("TZOFFSETFROM:+0400") && reunion.contains("TZOFFSETTO:+0400"));
        assert!(!reunion.contains("BEGIN:DAYLIGHT"));
        let miquelon = calendar(
            Method::Request,
            None,
            &[event(chrono_tz::America::Miquelon)],
            at(2026, 3, 2, 9),
        );
        assert!(miquelon.contains("TZOFFSETFROM:-0300") && miquelon.contains("TZOFFSETTO:-0200"));
        assert!(miquelon.contains("DTSTART;TZID=America/Miquelon:20260407T050000"));
    }

    #[test]
    fn cancellation_says_so() {
        let mut e = event(chrono_tz::Europe::Paris);
        e.cancelled = true;
        let text = calendar(Method::Cancel, None, &[e], at(2026, 3, 2, 9));
        assert!(text.contains("METHOD:CANCEL") && text.contains("STATUS:CANCELLED"));
    }
}
