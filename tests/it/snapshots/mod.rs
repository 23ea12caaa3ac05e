//! Snapshot tests (insta): each e-mail the worker sends, each calendar document, each CSV export
//! and each kind of problem document, as a reviewer would read them, with whatever changes from
//! run to run or from engine to engine (dates of sending, tokens, codes, row ids, MIME
//! boundaries) redacted. A new or changed snapshot fails and leaves a `.snap.new` beside it;
//! `INSTA_UPDATE=always cargo test --test it -- snapshots::` writes the `.snap` files, which are
//! committed (under `CI=true` insta writes nothing).

mod csv;
mod emails;
mod ics;
mod problems;
mod wording;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use base64::Engine;
use regex::Regex;

use crate::support::{TestApp, cohort, enrolled_advisor, training_days};

/// The redactions every text snapshot gets, in order: `(pattern, replacement)`.
static REDACTIONS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        // Reset links and calendar feeds carry secrets.
        (r"/password/reset/[A-Za-z0-9_-]+", "/password/reset/[token]"),
        (r"/calendar/[A-Za-z0-9_-]+\.ics", "/calendar/[token].ics"),
        // Attestation codes are drawn at random.
        (r"CN-[A-Z0-9]{8}", "CN-[code]"),
        // Row ids in URLs, calendar UIDs and Message-IDs differ between engines.
        (
            r"/(advisors|cohorts|exam-sessions|module-sessions|certificates)/[0-9]+",
            "/$1/[id]",
        ),
        (
            r"(job|cohort-day|exam-session|module-session|advisor|user|resultats-session)-[0-9]+",
            "$1-[id]",
        ),
    ]
    .into_iter()
    .map(|(pattern, replacement)| (Regex::new(pattern).unwrap(), replacement))
    .collect()
});

/// `text` with its unstable parts redacted (see [`REDACTIONS`]).
pub fn redact(text: &str) -> String {
    REDACTIONS
        .iter()
        .fold(text.to_owned(), |text, (pattern, replacement)| {
            pattern.replace_all(&text, *replacement).into_owned()
        })
}

/// A header block: `(name, value)` in order.
type Headers = Vec<(String, String)>;

/// One leaf part of a message: its headers and its decoded body.
type Part = (Headers, Vec<u8>);

/// One e-mail as the worker wrote it (`.eml`), split into what a reader sees.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The top-level headers, unfolded, encoded words decoded: `(name, value)`.
    pub headers: Headers,
    /// The leaf parts: `(headers, decoded body)`.
    pub parts: Vec<Part>,
}

impl Mail {
    /// Parses a message written by lettre.
    pub fn parse(raw: &str) -> Self {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let headers = parse_headers(head);
        let mut parts = Vec::new();
        leaf_parts(&headers, body, &mut parts);
        Self { headers, parts }
    }

    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> &str {
        header(&self.headers, name).unwrap_or_default()
    }

    /// The job kind its `Message-ID` names (`<job-{id}.{kind}@host>`).
    pub fn kind(&self) -> String {
        let id = self.header("Message-ID");
        let after = id.split_once('.').map_or("", |(_, rest)| rest);
        after.split('@').next().unwrap_or_default().to_owned()
    }

    /// The job id its `Message-ID` names.
    pub fn job_id(&self) -> i64 {
        let id = self.header("Message-ID");
        id.trim_start_matches("<job-")
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_default()
    }

    /// The decoded body of the first part whose `Content-Type` starts with `content_type`.
    pub fn part(&self, content_type: &str) -> Option<String> {
        self.parts
            .iter()
            .find(|(headers, _)| {
                header(headers, "Content-Type").is_some_and(|t| t.starts_with(content_type))
            })
            .map(|(_, body)| String::from_utf8_lossy(body).into_owned())
    }

    /// What a snapshot shows: the headers that matter, the parts' types and names, the text
    /// body; the sending date, the job id, codes and tokens redacted (boundaries are not shown).
    pub fn snapshot(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for name in ["From", "To", "Subject", "MIME-Version", "Message-ID"] {
            let _ = writeln!(out, "{name}: {}", self.header(name));
        }
        let date = if self.header("Date").is_empty() {
            "(none)"
        } else {
            "[date]"
        };
        let _ = writeln!(out, "Date: {date}");
        let top = self.header("Content-Type");
        let _ = writeln!(
            out,
            "Content-Type: {}",
            top.split(';').next().unwrap_or_default()
        );
        // Sizes are left out: ids in links and UIDs have as many digits as the engine gives.
        for (headers, _) in &self.parts {
            let _ = writeln!(
                out,
                "part: {}{}",
                header(headers, "Content-Type").unwrap_or_default(),
                header(headers, "Content-Disposition")
                    .map(|d| format!("; {d}"))
                    .unwrap_or_default(),
            );
        }
        out.push('\n');
        out.push_str(
            &self
                .part("text/plain")
                .unwrap_or_default()
                .replace("\r\n", "\n"),
        );
        redact(&out)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Unfolds and decodes a header block.
fn parse_headers(head: &str) -> Headers {
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded
        .split("\r\n")
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_owned(), decode_words(value)))
        .collect()
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`); the blanks between two
/// encoded words go.
fn decode_words(value: &str) -> String {
    static BETWEEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\?=\s+=\?").unwrap());
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"=\?[^?]+\?([bBqQ])\?([^?]*)\?=").unwrap());
    let joined = BETWEEN.replace_all(value, "?==?");
    WORD.replace_all(&joined, |c: &regex::Captures| {
        let text = &c[2];
        let bytes = if c[1].eq_ignore_ascii_case("b") {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap()
        } else {
            quoted_printable::decode(text.replace('_', " "), quoted_printable::ParseMode::Robust)
                .unwrap()
        };
        String::from_utf8(bytes).unwrap()
    })
    .into_owned()
}

/// Collects the leaf parts of a body with `headers`, decoding their transfer encoding.
fn leaf_parts(headers: &[(String, String)], body: &str, out: &mut Vec<Part>) {
    let content_type = header(headers, "Content-Type").unwrap_or("text/plain");
    if let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
    {
        let delimiter = format!("--{}", boundary.trim_matches('"'));
        for chunk in body.split(&delimiter).skip(1) {
            if chunk.starts_with("--") {
                break;
            }
            let chunk = chunk.trim_start_matches("\r\n");
            let (head, inner) = chunk.split_once("\r\n\r\n").unwrap_or((chunk, ""));
            leaf_parts(&parse_headers(head), inner.trim_end_matches("\r\n"), out);
        }
        return;
    }
    let decoded = match header(headers, "Content-Transfer-Encoding") {
        Some(e) if e.eq_ignore_ascii_case("base64") => base64::engine::general_purpose::STANDARD
            .decode(body.replace(['\r', '\n'], ""))
            .unwrap(),
        Some(e) if e.eq_ignore_ascii_case("quoted-printable") => {
            quoted_printable::decode(body, quoted_printable::ParseMode::Robust).unwrap()
        }
        _ => body.as_bytes().to_vec(),
    };
    out.push((headers.to_vec(), decoded));
}

/// The e-mails an app without SMTP wrote so far, by job kind, each kind's messages in job order.
pub fn outbox(app: &TestApp) -> BTreeMap<String, Vec<Mail>> {
    let dir = app.state.config.data_dir.join("mail");
    let mut mails: Vec<Mail> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| Mail::parse(&std::fs::read_to_string(e.unwrap().path()).unwrap()))
            .collect(),
        Err(_) => Vec::new(),
    };
    mails.sort_by_key(Mail::job_id);
    let mut by_kind: BTreeMap<String, Vec<Mail>> = BTreeMap::new();
    for mail in mails {
        by_kind.entry(mail.kind()).or_default().push(mail);
    }
    by_kind
}

/// The first e-mail of job kind `kind` sent to `to` (its address).
pub fn mail_to(app: &TestApp, kind: &str, to: &str) -> Mail {
    let outbox = outbox(app);
    outbox
        .get(kind)
        .and_then(|mails| mails.iter().find(|m| m.header("To").contains(to)))
        .cloned()
        .unwrap_or_else(|| panic!("no {kind} e-mail to {to}; sent: {:?}", outbox.keys()))
}

/// An iCalendar document as a snapshot shows it: lines unfolded, CRLF as LF, ids redacted.
pub fn ics_snapshot(ics: &str) -> String {
    redact(&ics.replace("\r\n ", "").replace("\r\n", "\n"))
}

/// Asserts `response`'s status and returns its JSON body (`null` when it has none).
pub async fn expect(response: reqwest::Response, status: reqwest::StatusCode) -> serde_json::Value {
    let actual = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "{text}");
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

/// Léa in La Fabrik's February cohort (2 February – 29 May 2026), whose two days are 10 and
/// 17 March, and Simplon (a module provider) ready to plan a module session.
pub struct LeaInTraining {
    /// La Fabrik's staff token.
    pub staff: String,
    /// Simplon's staff token.
    pub provider: String,
    /// The cohort.
    pub cohort: i64,
    /// Its two training days, in order.
    pub days: Vec<i64>,
    /// Léa's advisor id.
    pub lea: i64,
}

impl LeaInTraining {
    /// Builds it (every call asserts its answer).
    pub async fn build(app: &TestApp) -> Self {
        let staff = app.fabrik_staff().await;
        let provider = app.staff_token("simplon@example.org", "simplon").await;
        let cohort = cohort(app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
        let days = training_days(app, &staff, cohort, &["2026-03-10", "2026-03-17"]).await;
        let lea = enrolled_advisor(app, &staff, cohort, "lea@example.org").await;
        Self {
            staff,
            provider,
            cohort,
            days,
            lea,
        }
    }
}
