//! What the cohort endpoints answer and accept.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::cohorts::CohortRow;

/// A cohort as the API and pages show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortView {
    /// Id.
    pub id: i64,
    /// The training body.
    pub organisation_id: i64,
    /// Name.
    pub name: String,
    /// `initial` or `ccp23`.
    pub kind: String,
    /// Track (initial training).
    pub track_id: Option<i64>,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Territory code.
    pub territory: String,
    /// IANA zone.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Cancelled.
    pub cancelled: bool,
    /// Co-funded by the European Social Fund (« action cofinancée par le FSE »): its evidence is
    /// kept longer.
    pub esf_cofunded: bool,
    /// The procurement lot (« lot ») the training is bought under.
    pub lot: Option<String>,
    /// The procurement contract (« marché de formation »).
    pub marche: Option<String>,
    /// The video-conference link of its remote days (`https://…`); only shown to the staff of
    /// its training body.
    pub video_link: Option<String>,
}

impl From<CohortRow> for CohortView {
    fn from(r: CohortRow) -> Self {
        Self {
            id: r.id,
            organisation_id: r.organisation_id,
            name: r.name,
            kind: r.kind,
            track_id: r.track_id,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            territory: r.territory_code,
            timezone: r.timezone.name().to_owned(),
            venue: r.venue,
            remote: r.remote,
            capacity: r.capacity,
            cancelled: r.cancelled_at.is_some(),
            esf_cofunded: r.esf_cofunded,
            lot: r.lot,
            marche: r.marche,
            video_link: r.video_link,
        }
    }
}

impl CohortView {
    /// The view as `actor` may see it: the video-conference link only for the staff of the
    /// training body (and admins) and its trainers (`trains`); coordinators and other readers
    /// see that there is a cohort, not how to join it.
    #[must_use]
    pub fn shown_to(mut self, actor: &crate::auth::Principal, trains: bool) -> Self {
        if !(trains || actor.is_staff_of(self.organisation_id)) {
            self.video_link = None;
        }
        self
    }
}

/// A cohort with what its page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CohortDetail {
    /// The cohort.
    pub cohort: CohortView,
    /// The training body's name.
    pub organisation_name: String,
    /// The track's name and hours.
    pub track: Option<crate::services::reference::TrackView>,
    /// Trainers: `(user id, name)`.
    pub trainers: Vec<(i64, String)>,
    /// Whether the viewer may change it.
    pub can_edit: bool,
}

/// Fields to schedule or change a cohort. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CohortInput {
    /// Training body (defaults to the actor's).
    pub organisation_id: Option<i64>,
    /// Name; defaults to one built from the dates.
    pub name: Option<String>,
    /// `initial` (default) or `ccp23`.
    pub kind: Option<String>,
    /// Track, required for initial training.
    pub track_id: Option<i64>,
    /// First day.
    pub starts_on: Option<String>,
    /// Last day.
    pub ends_on: Option<String>,
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
    /// Co-funded by the European Social Fund (kept when absent; `false` for a new cohort).
    pub esf_cofunded: Option<bool>,
    /// The procurement lot; empty clears it.
    pub lot: Option<String>,
    /// The procurement contract (marché); empty clears it.
    pub marche: Option<String>,
    /// The video-conference link its remote days use: an `https://` address of at most 500
    /// characters; empty clears it.
    pub video_link: Option<String>,
}
