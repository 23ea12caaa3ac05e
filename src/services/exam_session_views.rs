//! Reading exam sessions: the view the API and pages show (state derived from the facts), who
//! may see a session, and the list each actor sees.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exams::{self as q, ExamFilter, ExamSessionRow};
use crate::domain::exam;
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

/// An exam session as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExamSessionView {
    /// Id.
    pub id: i64,
    /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
    pub certification: String,
    /// The title version (none for Pix).
    pub title_version: Option<String>,
    /// Organiser.
    pub organisation_id: i64,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// The session's zone.
    pub timezone: String,
    /// Territory code.
    pub territory: String,
    /// Seats.
    pub capacity: i32,
    /// Address.
    pub venue: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Remote.
    pub remote: bool,
    /// `planned`, `held`, `results_recorded`, `published` or `cancelled`.
    pub state: String,
    /// The state as a person says it: « À venir », « En cours », « Résultats à saisir »,
    /// « Résultats à confirmer », « Résultats à publier », « Résultats publiés », « Annulée ».
    pub state_label: String,
    /// Registered candidates.
    pub candidates: i64,
    /// Results recorded.
    pub results: i64,
    /// Jury members: `[[user_id, name]]`.
    pub jury: Vec<(i64, String)>,
    /// Confirmed by a second jury member.
    pub confirmed: bool,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// The agrément it is held under (none: « sans agrément », sessions recorded before).
    pub agrement_id: Option<i64>,
    /// That agrément's number.
    pub agrement_number: Option<String>,
    /// `session_ccp` or `session_titre`.
    pub kind: String,
    /// The session's number in CERES.
    pub ceres_number: Option<String>,
    /// The responsable de session: `[user_id, name]`.
    pub responsable: Option<(i64, String)>,
    /// The video-conference link of a remote session; only shown to the organiser's staff and
    /// the jury (candidates find it on their convocation).
    pub video_link: Option<String>,
}

impl ExamSessionView {
    /// The view as `actor` may see it: without its video-conference link unless they are of the
    /// organiser's staff (or admins) or of its jury; coordinators over it see the session only.
    #[must_use]
    pub fn shown_to(mut self, actor: &Principal) -> Self {
        if !(actor.is_staff_of(self.organisation_id)
            || self.jury.iter().any(|(u, _)| *u == actor.user_id))
        {
            self.video_link = None;
        }
        self
    }
}

/// Builds the view, counting candidates and results.
pub fn view(
    conn: &mut DbConn,
    row: &ExamSessionRow,
    now: NaiveDateTime,
) -> AppResult<ExamSessionView> {
    let cert = q::certification(conn, row.certification_id)?;
    let candidates = q::candidates(conn, row.id)?.len();
    let results = q::results(conn, row.id)?.len();
    let state = exam::state(
        row.cancelled_at.is_some(),
        row.published_at.is_some(),
        row.ends_at,
        now,
        candidates,
        results,
    );
    Ok(ExamSessionView {
        id: row.id,
        certification: cert.code,
        title_version: cert.title_version,
        organisation_id: row.organisation_id,
        starts_at: row.starts_at.and_utc(),
        ends_at: row.ends_at.and_utc(),
        timezone: row.timezone.name().to_owned(),
        territory: row.territory_code.clone(),
        capacity: row.capacity,
        venue: row.venue.clone(),
        room: row.room.clone(),
        remote: row.remote,
        state: state.as_str().to_owned(),
        state_label: exam::state_words(state, now >= row.starts_at, row.confirmed_at.is_some())
            .to_owned(),
        candidates: i64::try_from(candidates).unwrap_or(0),
        results: i64::try_from(results).unwrap_or(0),
        jury: q::jury(conn, row.id)?,
        confirmed: row.confirmed_at.is_some(),
        cancel_reason: row.cancel_reason.clone(),
        agrement_id: row.agrement_id,
        agrement_number: match row.agrement_id {
            Some(a) => Some(crate::db::agrements::find(conn, a)?.number),
            None => None,
        },
        kind: row.kind.clone(),
        ceres_number: row.ceres_number.clone(),
        responsable: match row.responsable_user_id {
            Some(u) => Some((u, crate::db::users::find(conn, u)?.name)),
            None => None,
        },
        video_link: row.video_link.clone(),
    })
}

/// The view of session `id`.
pub fn view_of(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> AppResult<ExamSessionView> {
    let row = q::find(conn, id)?;
    view(conn, &row, now)
}

/// Who may see a session: admins, the organiser's staff, coordinators over it, its jury.
pub fn may_see(conn: &mut DbConn, actor: &Principal, row: &ExamSessionRow) -> AppResult<bool> {
    Ok(actor.can_read_org(row.organisation_id)
        || q::jury(conn, row.id)?
            .iter()
            .any(|(u, _)| *u == actor.user_id))
}

/// A session the actor may see (404 otherwise).
pub fn visible(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<ExamSessionRow> {
    let row = q::find(conn, id)?;
    if may_see(conn, actor, &row)? {
        Ok(row)
    } else {
        Err(AppError::NotFound)
    }
}

/// Sessions the actor may see: their organisations' and those they sit on.
pub fn list(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    filter: &ExamFilter,
    page: PageRequest,
) -> AppResult<Paginated<ExamSessionView>> {
    let mut filter = filter.clone();
    if !actor.is_admin() {
        let staff = actor.orgs_with(Role::Staff);
        match (filter.organisation_id, staff.as_slice()) {
            (Some(o), _) if actor.can_read_org(o) => {}
            (None, [only]) if !actor.has_role(Role::Examiner) => {
                filter.organisation_id = Some(*only);
            }
            _ => filter.examiner_id = Some(actor.user_id),
        }
    }
    let (rows, total) = q::list(conn, &filter, page)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(view(conn, row, ctx.now)?.shown_to(actor));
    }
    Ok(Paginated::new(items, total, page))
}
