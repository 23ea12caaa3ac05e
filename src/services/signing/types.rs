//! What signing takes and returns.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::services::sitting::DayKind;

/// A half-day of a cohort's training day, of a module session's day or of an exam session.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
pub struct HalfDayKey {
    /// `cohort_day`, `module_day` or `exam_day`.
    pub kind: DayKind,
    /// The cohort, the module session or the exam session.
    pub owner_id: i64,
    /// The day (`cohort_days.id`, `module_session_days.id`, or the exam session's id).
    pub day_id: i64,
    /// `am` or `pm`.
    pub half: String,
}

impl HalfDayKey {
    /// A half-day of a cohort's training day.
    pub fn cohort(cohort_id: i64, day_id: i64, half: &str) -> Self {
        Self {
            kind: DayKind::CohortDay,
            owner_id: cohort_id,
            day_id,
            half: half.to_owned(),
        }
    }

    /// A half-day of an exam session (its own day: the day id is the session's).
    pub fn exam(session_id: i64, half: &str) -> Self {
        Self {
            kind: DayKind::ExamDay,
            owner_id: session_id,
            day_id: session_id,
            half: half.to_owned(),
        }
    }

    /// A half-day of a module session's day.
    pub fn module(session_id: i64, day_id: i64, half: &str) -> Self {
        Self {
            kind: DayKind::ModuleDay,
            owner_id: session_id,
            day_id,
            half: half.to_owned(),
        }
    }
}

/// Where a signature came from, as the web layer saw the request.
#[derive(Debug, Clone, Default)]
pub struct Client {
    /// The client's address (behind the trusted proxy, the forwarded one).
    pub addr: Option<String>,
    /// Its user agent.
    pub user_agent: Option<String>,
}

/// One trainee on the board.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardLine {
    /// Advisor id.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Their mark: `present`, `absent`, `excused` or none yet.
    pub status: Option<String>,
    /// When they signed, in French (the owner's zone, Paris beside it).
    pub signed_at_text: Option<String>,
    /// How: `self`, `qr`, `kiosk` or `paper`.
    pub method: Option<String>,
    /// False for a self-signature of an on-site half-day (« sans preuve de présence sur place »).
    pub on_site_proof: bool,
}

/// A trainer's signature (it closed the half-day).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainerSignature {
    /// The trainer's name.
    pub name: String,
    /// When, in French.
    pub signed_at_text: String,
}

/// A half-day's signatures as the trainer and the staff see them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Board {
    /// The half-day.
    pub half_day_id: i64,
    /// `cohort_day` or `module_day`.
    pub kind: DayKind,
    /// The cohort, or the module session.
    pub owner_id: i64,
    /// Its name (« module — session du … » for a module session).
    pub name: String,
    /// The day's id.
    pub day_id: i64,
    /// The day (local date).
    pub day: NaiveDate,
    /// `am` or `pm`.
    pub half: String,
    /// « Matin » or « Après-midi ».
    pub half_label: String,
    /// The half-day's span in French, in the owner's zone and Paris when different.
    pub span_text: String,
    /// When signing opens, UTC.
    pub opens_at: NaiveDateTime,
    /// When it closes, UTC.
    pub closes_at: NaiveDateTime,
    /// Whether the window is open now.
    pub open_now: bool,
    /// A remote day: trainees sign by themselves.
    pub remote: bool,
    /// The trainer lets trainees self-sign on site.
    pub self_sign_on_site: bool,
    /// Taken on paper.
    pub paper: bool,
    /// When it was closed, in French.
    pub closed_at_text: Option<String>,
    /// The trainees expected that half-day.
    pub trainees: Vec<BoardLine>,
    /// The trainers' signatures.
    pub trainers: Vec<TrainerSignature>,
    /// Whether the viewer may close it.
    pub may_close: bool,
    /// Whether the viewer may show the QR code.
    pub may_show_qr: bool,
}

/// A half-day an advisor may sign now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Signable {
    /// The half-day.
    pub half_day_id: i64,
    /// `cohort_day` or `module_day`.
    pub kind: DayKind,
    /// The cohort, or the module session.
    pub owner_id: i64,
    /// The day.
    pub day_id: i64,
    /// `am` or `pm`.
    pub half: String,
    /// The cohort's or module session's name.
    pub name: String,
    /// The span in French.
    pub span_text: String,
    /// A remote day.
    pub remote: bool,
    /// « Je signe ma présence » is offered (remote, or allowed on site).
    pub self_sign_allowed: bool,
    /// Already signed.
    pub signed: bool,
}

/// A trainee's signature, as recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Signed {
    /// The half-day.
    pub half_day_id: i64,
    /// When, in French.
    pub signed_at_text: String,
    /// `self`, `qr`, `kiosk` or `paper`.
    pub method: String,
    /// The trainee had already signed: this is that first signature.
    pub already: bool,
    /// Self-signed on site: « sans preuve de présence sur place ».
    pub without_on_site_proof: bool,
}

/// The QR code the trainer shows: a 30-second token and the URL it encodes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QrToken {
    /// Compact JWS `{typ: "attendance-qr", hd, p}` signed with the instance key.
    pub token: String,
    /// `{base_url}/sign/qr/{token}`.
    pub url: String,
    /// Last instant it is accepted (its period and the grace), UTC.
    pub valid_until: NaiveDateTime,
    /// Seconds until the next token.
    pub refresh_in_seconds: i64,
}

/// A signing step as its page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepView {
    /// The half-day.
    pub half_day_id: i64,
    /// The cohort's or module session's name.
    pub name: String,
    /// The span in French.
    pub span_text: String,
    /// The viewer already signed it.
    pub signed: bool,
}

/// A closed half-day and who closing marked absent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Closed {
    /// The board after closing.
    pub board: Board,
    /// Advisors marked absent by closing.
    pub absent: Vec<i64>,
}

/// A corrected mark: the sheet of `corrected_day` is to be sealed again.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Corrected {
    /// The board after the correction.
    pub board: Board,
    /// The day whose sheet changed.
    pub corrected_day: i64,
}

/// One of today's half-days a trainer trains.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainerHalfDay {
    /// Which half-day.
    pub key: HalfDayKey,
    /// The cohort's or module session's name.
    pub name: String,
    /// The span in French.
    pub span_text: String,
    /// Closed.
    pub closed: bool,
    /// Trainees who signed.
    pub signed: i64,
    /// Trainees expected.
    pub enrolled: i64,
}
