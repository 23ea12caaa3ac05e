//! What the module session endpoints answer and accept.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A session day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionDay {
    /// Start (RFC 3339, any offset on input; UTC on output).
    pub starts_at: String,
    /// End.
    pub ends_at: String,
}

/// A module session, as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionView {
    /// Id.
    pub id: i64,
    /// The catalogue module.
    pub module_id: i64,
    /// Its title.
    pub module_title: String,
    /// Its hours.
    pub hours: i32,
    /// The provider.
    pub organisation_id: i64,
    /// First day's start.
    pub starts_at: DateTime<Utc>,
    /// Last day's end.
    pub ends_at: DateTime<Utc>,
    /// The session's own IANA zone.
    pub timezone: String,
    /// Territory code.
    pub territory: String,
    /// Seats.
    pub capacity: i32,
    /// Seats not confirmed yet.
    pub seats_left: i64,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Days, in order.
    pub days: Vec<SessionDay>,
    /// Cancelled.
    pub cancelled: bool,
    /// Why.
    pub cancel_reason: Option<String>,
    /// The video-conference link of a remote session; only shown to who takes part (the
    /// provider's staff, its trainers, the people with a confirmed seat).
    pub video_link: Option<String>,
}

/// Fields of a session. Instants are RFC 3339 with any offset.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SessionInput {
    /// The catalogue module.
    pub module_id: Option<i64>,
    /// The provider (defaults to the actor's module-provider organisation).
    pub organisation_id: Option<i64>,
    /// Territory code; defaults to `FR`.
    pub territory: Option<String>,
    /// IANA zone; defaults to the territory's.
    pub timezone: Option<String>,
    /// Venue (address, room).
    pub venue: Option<String>,
    /// Remote.
    pub remote: Option<bool>,
    /// Seats.
    pub capacity: Option<i32>,
    /// One day (7 h) or two (14 h).
    pub days: Option<Vec<SessionDay>>,
    /// Shorthand for a one-day session: start.
    pub starts_at: Option<String>,
    /// Shorthand for a one-day session: end.
    pub ends_at: Option<String>,
    /// The video-conference link of a remote session: an `https://` address of at most 500
    /// characters; empty clears it; refused on a session held on site.
    pub video_link: Option<String>,
}
