//! iCalendar (RFC 5545) invites and feeds, written by hand: TEXT values escaped, lines folded at
//! 75 octets, times carried in the session's own zone with a `VTIMEZONE` built from the
//! time-zone database (daylight-saving transitions included), `DTSTAMP` in UTC.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;

mod zones;

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
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
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
}

/// Folds a content line so that no line exceeds 75 octets, never splitting a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    fold_into(&mut out, line);
    out
}

fn fold_into(out: &mut String, line: &str) {
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
}

/// Ends the content line begun at `start` in `out`: folded in place when longer than 75 octets
/// (the tail is moved aside only then), then CRLF.
fn end_line(out: &mut String, start: usize) {
    if out.len() - start > 75 {
        let line = out.split_off(start);
        fold_into(out, &line);
    }
    out.push_str("\r\n");
}

/// Writes one content line, formatted straight into `out`, folded, with its CRLF.
pub(crate) fn push_line(out: &mut String, line: std::fmt::Arguments<'_>) {
    let start = out.len();
    let _ = out.write_fmt(line);
    end_line(out, start);
}

/// Writes `name` then the TEXT value escaped, as one content line.
fn push_text(out: &mut String, name: &str, text: &str) {
    let start = out.len();
    out.push_str(name);
    push_escaped(out, text);
    end_line(out, start);
}

/// Writes `name;TZID=zone:YYYYMMDDTHHMMSS`, the instant `at` (UTC) in `zone`'s local time
/// (digits written directly: chrono's `format` parses its pattern on every call).
fn push_local(out: &mut String, name: &str, at: NaiveDateTime, zone: Tz) {
    let local = zone.from_utc_datetime(&at).naive_local();
    push_line(
        out,
        format_args!(
            "{name};TZID={}:{:04}{:02}{:02}T{:02}{:02}{:02}",
            zone.name(),
            local.year(),
            local.month(),
            local.day(),
            local.hour(),
            local.minute(),
            local.second()
        ),
    );
}

/// The `ORGANIZER` and `ATTENDEE` lines of an event, kept while the next event has the same
/// people (in a feed, all of them).
#[derive(Default)]
struct People {
    organizer: (String, String),
    attendee: (String, String),
    lines: String,
}

impl People {
    fn lines(&mut self, e: &Event) -> &str {
        if self.lines.is_empty() || self.organizer != e.organizer || self.attendee != e.attendee {
            use crate::domain::display_name::one_line_or_empty;
            self.organizer.clone_from(&e.organizer);
            self.attendee.clone_from(&e.attendee);
            self.lines.clear();
            push_line(
                &mut self.lines,
                format_args!(
                    "ORGANIZER;CN=\"{}\":mailto:{}",
                    one_line_or_empty(&e.organizer.0).replace('"', "'"),
                    one_line_or_empty(&e.organizer.1)
                ),
            );
            push_line(
                &mut self.lines,
                format_args!(
                    "ATTENDEE;CN=\"{}\";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{}",
                    one_line_or_empty(&e.attendee.0).replace('"', "'"),
                    one_line_or_empty(&e.attendee.1)
                ),
            );
        }
        &self.lines
    }
}

/// About how many octets an event takes, to size the buffer once.
const EVENT_OCTETS: usize = 700;

/// A whole calendar: `METHOD`, its name (`X-WR-CALNAME`, for feeds), one `VTIMEZONE` per zone,
/// the events; written into one buffer.
pub fn calendar(
    method: Method,
    name: Option<&str>,
    events: &[Event],
    now: NaiveDateTime,
) -> String {
    let mut out = String::with_capacity(1_024 + events.len() * EVENT_OCTETS);
    out.push_str(concat!(
        "BEGIN:VCALENDAR\r\n",
        "VERSION:2.0\r\n",
        "PRODID:-//parcours//conseillers numeriques//FR\r\n",
        "CALSCALE:GREGORIAN\r\n",
    ));
    push_line(&mut out, format_args!("METHOD:{}", method.as_str()));
    if let Some(name) = name {
        push_text(&mut out, "X-WR-CALNAME:", name);
    }
    let mut zones: Vec<Tz> = events.iter().map(|e| e.zone).collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    for zone in zones {
        let of_zone = events.iter().filter(|e| e.zone == zone);
        let from = of_zone.clone().map(|e| e.start).min().unwrap_or(now);
        let to = of_zone.map(|e| e.end).max().unwrap_or(now);
        zones::vtimezone(&mut out, zone, from, to);
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut people = People::default();
    for e in events {
        out.push_str("BEGIN:VEVENT\r\n");
        push_line(&mut out, format_args!("UID:{}", e.uid));
        push_line(&mut out, format_args!("SEQUENCE:{}", e.sequence));
        push_line(&mut out, format_args!("DTSTAMP:{stamp}"));
        push_local(&mut out, "DTSTART", e.start, e.zone);
        push_local(&mut out, "DTEND", e.end, e.zone);
        push_text(&mut out, "SUMMARY:", &e.summary);
        if !e.location.is_empty() {
            push_text(&mut out, "LOCATION:", &e.location);
        }
        if !e.description.is_empty() {
            push_text(&mut out, "DESCRIPTION:", &e.description);
        }
        if !e.url.is_empty() && !e.url.contains(['\r', '\n', '"']) {
            push_line(&mut out, format_args!("URL:{}", e.url));
        }
        out.push_str(people.lines(e));
        out.push_str(if e.cancelled {
            "STATUS:CANCELLED\r\n"
        } else {
            "STATUS:CONFIRMED\r\n"
        });
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
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
