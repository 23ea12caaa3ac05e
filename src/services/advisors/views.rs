//! What the advisor endpoints answer and accept.

use super::identity::IdentityView;
use crate::db::advisors::AdvisorRow;
use crate::services::reference::TrackView;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An advisor as the API and pages show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdvisorView {
    /// Id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name: the usage name.
    pub last_name: String,
    /// Birth name, when it differs from the usage name.
    pub birth_name: Option<String>,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Territory code.
    pub territory: String,
    /// The advisor's IANA zone.
    pub timezone: String,
    /// Training body in charge.
    pub organisation_id: Option<i64>,
    /// Employer.
    pub host_structure_id: Option<i64>,
    /// Hiring date.
    pub hired_on: NaiveDate,
    /// Retired.
    pub retired: bool,
    /// On a *service civique* engagement.
    pub civic_service: bool,
    /// May enrol in thematic modules without having entered training.
    pub module_exempt: bool,
    /// The identity the ministry, Pix and the ANCT read.
    pub identity: IdentityView,
}

impl From<AdvisorRow> for AdvisorView {
    fn from(r: AdvisorRow) -> Self {
        Self {
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            birth_name: r.birth_name,
            email: r.email,
            phone: r.phone,
            birth_date: r.birth_date,
            territory: r.territory_code,
            timezone: r.timezone.name().to_owned(),
            organisation_id: r.organisation_id,
            host_structure_id: r.host_structure_id,
            hired_on: r.hired_on,
            retired: r.retired,
            civic_service: r.civic_service,
            module_exempt: r.module_exempt,
            identity: IdentityView::default(),
        }
    }
}

/// Fields to record or change an advisor. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AdvisorInput {
    /// Required on creation.
    pub first_name: Option<String>,
    /// Required on creation: the usage name.
    pub last_name: Option<String>,
    /// The birth name, when it differs from the usage name (empty clears it).
    pub birth_name: Option<String>,
    /// Required on creation; unique.
    pub email: Option<String>,
    /// Required on creation.
    pub birth_date: Option<String>,
    /// Territory code; required on creation.
    pub territory: Option<String>,
    /// Optional.
    pub phone: Option<String>,
    /// Employer (an organisation of kind host structure).
    pub host_structure_id: Option<i64>,
    /// Training body in charge (defaults to the actor's organisation).
    pub organisation_id: Option<i64>,
    /// Hiring date; defaults to today.
    pub hired_on: Option<String>,
    /// IANA zone; defaults to the territory's.
    pub timezone: Option<String>,
    /// Defaults to false.
    pub retired: Option<bool>,
    /// Defaults to false.
    pub civic_service: Option<bool>,
    /// Exempt from the training-entry condition for thematic modules; defaults to false.
    pub module_exempt: Option<bool>,
    /// The ANCT's id (`idPG`), unique; empty clears it.
    pub anct_id: Option<String>,
    /// `F` or `M`; empty clears it.
    pub sex: Option<String>,
    /// INSEE commune code of birth (or give `birth_postcode` and `birth_commune_name`).
    pub birth_commune_code: Option<String>,
    /// Postcode of the commune of birth.
    pub birth_postcode: Option<String>,
    /// Commune of birth (or the town abroad).
    pub birth_commune_name: Option<String>,
    /// INSEE country code (`99xxx`) for a birth abroad.
    pub birth_country_code: Option<String>,
    /// `cdd`, `cdi`, `cdp` or `pec`.
    pub contract_type: Option<String>,
}

/// A positioning test result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PositioningView {
    /// Id.
    pub id: i64,
    /// Date taken.
    pub taken_on: NaiveDate,
    /// Score.
    pub score: i32,
    /// The track it selects.
    pub track: TrackView,
}

/// Fields of a positioning test.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PositioningInput {
    /// `YYYY-MM-DD`.
    pub taken_on: Option<String>,
    /// On the test's scale (default 0–1024).
    pub score: Option<i32>,
}

/// An advisor with what their page shows.
#[derive(Debug, Clone, Serialize)]
pub struct AdvisorDetail {
    /// The advisor.
    pub advisor: AdvisorView,
    /// Their training body's name.
    pub organisation_name: Option<String>,
    /// Their employer's name.
    pub host_structure_name: Option<String>,
    /// Territory name.
    pub territory_name: String,
    /// Positioning tests, latest first.
    pub positioning_tests: Vec<PositioningView>,
    /// Whether the viewer may change the record.
    pub can_edit: bool,
    /// Module deadline and counts.
    pub progress: crate::services::progress::ProgressView,
    /// Module enrolments, confirmed or waitlisted, soonest first.
    pub modules: Vec<crate::db::module_enrolments::AdvisorModule>,
    /// Published exam results and the full title.
    pub certifications: crate::services::results::Certifications,
    /// Last day of the initial training the advisor entered (their path's timeline).
    pub training_ends_on: Option<NaiveDate>,
}
