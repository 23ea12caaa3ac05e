//! Exam sessions: planned by an entitled organiser, their state derived from what was recorded;
//! habilitations of examiners and host structures' agreements.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::exams::{self as q, ExamFilter, ExamSessionRow, ExamSessionValues};
use crate::db::{self, DbConn, advisors, organisations, reference, users};
use crate::domain::exam::{self, SessionState};
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::roles::{OrgRole, Role};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, optional_text, parse_date, required_text};
use crate::error::{AppError, AppResult};

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
}

/// The certification row: `(id, code, title id, version)`.
type Cert = q::CertificationRow;

/// Builds the view, counting candidates and results.
pub fn view(
    conn: &mut DbConn,
    row: &ExamSessionRow,
    now: NaiveDateTime,
) -> AppResult<ExamSessionView> {
    let certs = q::certification_rows(conn)?;
    let cert = certs.iter().find(|c| c.0 == row.certification_id);
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
        certification: cert.map(|c| c.1.clone()).unwrap_or_default(),
        title_version: cert.and_then(|c| c.3.clone()),
        organisation_id: row.organisation_id,
        starts_at: row.starts_at.and_utc(),
        ends_at: row.ends_at.and_utc(),
        timezone: row.timezone.clone(),
        territory: row.territory_code.clone(),
        capacity: row.capacity,
        venue: row.venue.clone(),
        room: row.room.clone(),
        remote: row.remote,
        state: state.as_str().to_owned(),
        candidates: i64::try_from(candidates).unwrap_or(0),
        results: i64::try_from(results).unwrap_or(0),
        jury: q::jury(conn, row.id)?,
        confirmed: row.confirmed_at.is_some(),
        cancel_reason: row.cancel_reason.clone(),
    })
}

/// The view of session `id`.
pub fn view_of(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> AppResult<ExamSessionView> {
    let row = q::find(conn, id)?;
    view(conn, &row, now)
}

/// The state of a session now.
pub fn state_of(
    conn: &mut DbConn,
    row: &ExamSessionRow,
    now: NaiveDateTime,
) -> AppResult<SessionState> {
    let candidates = q::candidates(conn, row.id)?.len();
    let results = q::results(conn, row.id)?.len();
    Ok(exam::state(
        row.cancelled_at.is_some(),
        row.published_at.is_some(),
        row.ends_at,
        now,
        candidates,
        results,
    ))
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

/// The certification of a code at a date: the title version valid then (Pix has none).
pub fn certification_at(
    conn: &mut DbConn,
    code: &str,
    title_version: Option<&str>,
    day: NaiveDate,
) -> AppResult<Cert> {
    let mut candidates: Vec<Cert> = q::certification_rows(conn)?
        .into_iter()
        .filter(|c| c.1 == code)
        .filter(|c| title_version.is_none_or(|v| c.3.as_deref() == Some(v)))
        .collect();
    candidates.sort_by_key(|c| c.4);
    candidates
        .iter()
        .rev()
        .find(|c| c.4.is_none_or(|from| from <= day))
        .or(candidates.first())
        .cloned()
        .ok_or_else(|| {
            AppError::field(
                "certification",
                "Certification inconnue : CCP1, CCP2, CCP3 ou PIX.",
            )
        })
}

/// Fields of a session. Instants are RFC 3339 with any offset.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExamSessionInput {
    /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
    pub certification: Option<String>,
    /// Title version (`2019`, `2025`); defaults to the one in force on the session's date.
    pub title_version: Option<String>,
    /// Organiser; defaults to the actor's.
    pub organisation_id: Option<i64>,
    /// Start.
    pub starts_at: Option<String>,
    /// End.
    pub ends_at: Option<String>,
    /// IANA zone; defaults to the territory's.
    pub timezone: Option<String>,
    /// Territory code; defaults to `FR`.
    pub territory: Option<String>,
    /// Address.
    pub venue: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Remote.
    pub remote: Option<bool>,
    /// Seats.
    pub capacity: Option<i32>,
}

fn instant(field: &str, value: Option<&str>, errors: &mut FieldErrors) -> Option<NaiveDateTime> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            errors.add(field, "Ce champ est obligatoire.");
            None
        }
        Some(v) => errors.take(field, crate::domain::validation::parse_instant(v)),
    }
}

/// The programme role an organiser needs for a certification.
fn organiser_role(code: &str) -> &'static [OrgRole] {
    match code {
        "CCP1" => &[OrgRole::Ccp1ExamOrganiser],
        _ => &[OrgRole::Ccp23CourseProvider],
    }
}

fn validate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &ExamSessionInput,
    current: Option<&ExamSessionRow>,
) -> AppResult<ExamSessionValues> {
    let mut errors = FieldErrors::new();
    let organisation_id = input
        .organisation_id
        .or(current.map(|c| c.organisation_id))
        .or_else(|| actor.orgs_with(Role::Staff).first().copied())
        .ok_or_else(|| AppError::field("organisation_id", "Indiquez l'organisme organisateur."))?;
    actor.require_staff_of(organisation_id)?;
    let starts_at = match (&input.starts_at, current) {
        (None, Some(c)) => Some(c.starts_at),
        (v, _) => instant("starts_at", v.as_deref(), &mut errors),
    };
    let ends_at = match (&input.ends_at, current) {
        (None, Some(c)) => Some(c.ends_at),
        (v, _) => instant("ends_at", v.as_deref(), &mut errors),
    };
    if let (Some(s), Some(e)) = (starts_at, ends_at)
        && e <= s
    {
        errors.add("ends_at", "La fin doit suivre le début.");
    }
    let territory_code = input
        .territory
        .clone()
        .or_else(|| current.map(|c| c.territory_code.clone()))
        .unwrap_or_else(|| "FR".to_owned());
    let territory = reference::territory(conn, &territory_code)?;
    if territory.is_none() {
        errors.add(
            "territory",
            format!("Territoire inconnu : « {territory_code} »."),
        );
    }
    let timezone = match (&input.timezone, current, &territory) {
        (Some(tz), _, _) if !tz.trim().is_empty() => {
            errors.take("timezone", parse_zone(tz).map(|z| z.name().to_owned()))
        }
        (_, Some(c), _) if input.territory.is_none() => Some(c.timezone.clone()),
        (_, _, Some(t)) => Some(t.timezone.clone()),
        _ => None,
    };
    let day = match (
        starts_at,
        timezone.as_deref().and_then(|z| parse_zone(z).ok()),
    ) {
        (Some(s), Some(z)) => s.and_utc().with_timezone(&z).date_naive(),
        _ => ctx.now.date(),
    };
    let certification_id = match (&input.certification, current) {
        (None, Some(c)) => Some(c.certification_id),
        (Some(code), _) => errors.take(
            "certification",
            certification_at(conn, code.trim(), input.title_version.as_deref(), day)
                .map(|c| c.0)
                .map_err(|e| {
                    if let AppError::Validation(f) = e {
                        f.get("certification").unwrap_or_default().to_owned()
                    } else {
                        e.title()
                    }
                }),
        ),
        (None, None) => {
            errors.add("certification", "Ce champ est obligatoire.");
            None
        }
    };
    if let Some(cert_id) = certification_id {
        let code = q::certification_rows(conn)?
            .into_iter()
            .find(|c| c.0 == cert_id)
            .map(|c| c.1)
            .unwrap_or_default();
        if code == "PIX" {
            return Err(AppError::field(
                "certification",
                "La certification Pix se passe chez Pix : enregistrez son résultat sur la fiche du conseiller.",
            ));
        }
        let mut entitled = false;
        for role in organiser_role(&code) {
            entitled |= organisations::has_role(conn, organisation_id, role.as_str())?;
        }
        if !entitled {
            errors.add(
                "certification",
                format!("Cet organisme n'est pas habilité à organiser les sessions {code}."),
            );
        } else if code == "CCP1"
            && !organisations::territories_of(conn, &[organisation_id])?
                .remove(&organisation_id)
                .unwrap_or_default()
                .contains(&territory_code)
        {
            errors.add(
                "territory",
                "Cet organisme n'organise pas le CCP1 sur ce territoire.",
            );
        }
    }
    let venue = errors
        .take(
            "venue",
            optional_text(
                input
                    .venue
                    .as_deref()
                    .or(current.and_then(|c| c.venue.as_deref())),
                300,
            ),
        )
        .flatten();
    let room = errors
        .take(
            "room",
            optional_text(
                input
                    .room
                    .as_deref()
                    .or(current.and_then(|c| c.room.as_deref())),
                100,
            ),
        )
        .flatten();
    let remote = input.remote.or(current.map(|c| c.remote)).unwrap_or(false);
    if !remote && venue.is_none() {
        errors.add("venue", "Indiquez l'adresse, ou cochez « à distance ».");
    }
    let capacity = input.capacity.or(current.map(|c| c.capacity)).unwrap_or(0);
    if capacity <= 0 {
        errors.add("capacity", "La capacité doit être d'au moins une place.");
    }
    errors.into_result()?;
    Ok(ExamSessionValues {
        organisation_id,
        certification_id: certification_id.unwrap_or_default(),
        territory_code,
        timezone: timezone.unwrap_or_default(),
        starts_at: starts_at.unwrap_or_default(),
        ends_at: ends_at.unwrap_or_default(),
        venue,
        room,
        remote,
        capacity,
        updated_at: ctx.now,
    })
}

/// Plans a session.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &ExamSessionInput,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        let values = validate(conn, actor, ctx, input, None)?;
        let id = q::insert(conn, &values, ctx.now)?;
        let view = view_of(conn, id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.create",
                entity: "exam_session",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a session before its results are published.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &ExamSessionInput,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        let current = visible(conn, actor, id)?;
        actor.require_staff_of(current.organisation_id)?;
        if current.published_at.is_some() || current.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Une session publiée ou annulée ne se modifie plus.".to_owned(),
            ));
        }
        let before = view(conn, &current, ctx.now)?;
        let values = validate(conn, actor, ctx, input, Some(&current))?;
        let seated = i32::try_from(before.candidates).unwrap_or(i32::MAX);
        if values.capacity < seated {
            return Err(AppError::field(
                "capacity",
                format!("{seated} candidats sont déjà inscrits."),
            ));
        }
        q::update(conn, id, &values)?;
        if (
            values.starts_at,
            values.ends_at,
            &values.timezone,
            values.certification_id,
        ) != (
            current.starts_at,
            current.ends_at,
            &current.timezone,
            current.certification_id,
        ) {
            super::session_move::check(conn, id)?;
        }
        let moved = (
            values.starts_at,
            values.ends_at,
            &values.venue,
            &values.room,
            values.remote,
        ) != (
            current.starts_at,
            current.ends_at,
            &current.venue,
            &current.room,
            current.remote,
        );
        if moved {
            notify_candidates(conn, ctx, id, false)?;
        }
        let after = view_of(conn, id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.update",
                entity: "exam_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// Queues an updated convocation (or a cancellation) for each candidate.
fn notify_candidates(conn: &mut DbConn, ctx: Ctx, id: i64, cancelled: bool) -> AppResult<()> {
    for candidate in q::candidates(conn, id)? {
        let job = if cancelled {
            super::jobs::Job::ExamSessionCancelled {
                candidate_id: candidate.id,
            }
        } else {
            super::jobs::Job::ExamSessionChanged {
                candidate_id: candidate.id,
            }
        };
        super::jobs::enqueue(conn, &job, ctx.now, ctx.now)?;
    }
    Ok(())
}

/// Cancels a session with a reason.
pub fn cancel(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    reason: Option<&str>,
) -> AppResult<ExamSessionView> {
    let reason = crate::domain::validation::required_multiline(reason, 500)
        .map_err(|m| AppError::field("reason", m))?;
    db::write_transaction(conn, |conn| {
        let current = visible(conn, actor, id)?;
        actor.require_staff_of(current.organisation_id)?;
        if current.published_at.is_some() || current.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Une session publiée ou annulée ne s'annule plus.".to_owned(),
            ));
        }
        let before = view(conn, &current, ctx.now)?;
        q::cancel(conn, id, &reason, ctx.now)?;
        notify_candidates(conn, ctx, id, true)?;
        let after = view_of(conn, id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.cancel",
                entity: "exam_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: Some(&reason),
            },
        )?;
        Ok(after)
    })
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
        items.push(view(conn, row, ctx.now)?);
    }
    Ok(Paginated::new(items, total, page))
}

/// Fields of a habilitation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HabilitationInput {
    /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
    pub certification: Option<String>,
    /// `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD`; none for open-ended.
    pub valid_to: Option<String>,
}

/// A habilitation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HabilitationView {
    /// Id.
    pub id: i64,
    /// The examiner.
    pub user_id: i64,
    /// Certification code.
    pub certification: String,
    /// From.
    pub valid_from: NaiveDate,
    /// To.
    pub valid_to: Option<NaiveDate>,
}

/// Grants a habilitation to an examiner (admins and coordinators; habilitation is national).
pub fn add_habilitation(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    user_id: i64,
    input: &HabilitationInput,
) -> AppResult<HabilitationView> {
    if !actor.is_admin() && !actor.has_role(Role::Coordinator) {
        return Err(AppError::Forbidden(
            "Les habilitations sont accordées par les administrateurs et les coordinations."
                .to_owned(),
        ));
    }
    let mut errors = FieldErrors::new();
    let valid_from = errors.take("valid_from", parse_date(input.valid_from.as_deref()));
    let valid_to = match input.valid_to.as_deref().filter(|v| !v.trim().is_empty()) {
        Some(v) => errors.take("valid_to", parse_date(Some(v))),
        None => None,
    };
    if let (Some(f), Some(t)) = (valid_from, valid_to)
        && t < f
    {
        errors.add("valid_to", "La fin de validité suit son début.");
    }
    let code = input.certification.clone().unwrap_or_default();
    errors.clone().into_result()?;
    let valid_from = valid_from.unwrap_or_default();
    db::write_transaction(conn, |conn| {
        let is_examiner = users::memberships_of(conn, user_id)?
            .iter()
            .any(|m| m.role == Role::Examiner.as_str());
        if !is_examiner {
            return Err(AppError::field(
                "user_id",
                "Cette personne n'a pas le rôle d'examinateur.",
            ));
        }
        let cert = certification_at(conn, code.trim(), None, valid_from)?;
        let id = q::add_habilitation(
            conn,
            user_id,
            cert.0,
            valid_from,
            valid_to,
            actor.audit_user_id(),
            ctx.now,
        )?;
        let view = HabilitationView {
            id,
            user_id,
            certification: cert.1,
            valid_from,
            valid_to,
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "habilitation.create",
                entity: "user",
                entity_id: user_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// A host structure's agreement to CCP2-CCP3.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct HostAgreementInput {
    /// `YYYY-MM-DD`.
    pub agreed_on: Option<String>,
    /// The person who agreed for the host structure.
    pub agreed_by: Option<String>,
}

/// Records the host structure's agreement (staff who may edit the advisor).
pub fn add_host_agreement(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
    input: &HostAgreementInput,
) -> AppResult<HostAgreementInput> {
    let mut errors = FieldErrors::new();
    let agreed_on = errors.take("agreed_on", parse_date(input.agreed_on.as_deref()));
    let agreed_by = errors.take("agreed_by", required_text(input.agreed_by.as_deref(), 200));
    errors.clone().into_result()?;
    let (Some(agreed_on), Some(agreed_by)) = (agreed_on, agreed_by) else {
        return Err(errors.into());
    };
    db::write_transaction(conn, |conn| {
        let advisor = advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
        let staff = actor.orgs_with(Role::Staff);
        if !actor.is_admin()
            && ![advisor.organisation_id, advisor.host_structure_id]
                .into_iter()
                .flatten()
                .any(|o| staff.contains(&o))
        {
            return Err(AppError::Forbidden(
                "Réservé à l'équipe de l'organisme du conseiller.".to_owned(),
            ));
        }
        q::add_host_agreement(
            conn,
            advisor_id,
            agreed_on,
            &agreed_by,
            actor.audit_user_id(),
            ctx.now,
        )?;
        let view = HostAgreementInput {
            agreed_on: Some(agreed_on.to_string()),
            agreed_by: Some(agreed_by.clone()),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "host_agreement.create",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// A Pix certification result, as Pix reports it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct PixResultInput {
    /// `YYYY-MM-DD`.
    pub taken_on: Option<String>,
    /// Pix's score.
    pub score: Option<i32>,
    /// Pix's own verification code.
    pub verification_code: Option<String>,
}

/// Records a Pix result (staff who may edit the advisor); parcours issues no document for it.
pub fn add_pix_result(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
    input: &PixResultInput,
) -> AppResult<PixResultInput> {
    let mut errors = FieldErrors::new();
    let taken_on = errors.take("taken_on", parse_date(input.taken_on.as_deref()));
    let score = input.score.filter(|s| *s >= 0);
    if score.is_none() {
        errors.add("score", "Score Pix attendu (nombre positif).");
    }
    let code = errors.take(
        "verification_code",
        required_text(input.verification_code.as_deref(), 64),
    );
    errors.clone().into_result()?;
    let (Some(taken_on), Some(score), Some(code)) = (taken_on, score, code) else {
        return Err(errors.into());
    };
    db::write_transaction(conn, |conn| {
        let advisor = advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
        let staff = actor.orgs_with(Role::Staff);
        if !actor.is_admin()
            && ![advisor.organisation_id, advisor.host_structure_id]
                .into_iter()
                .flatten()
                .any(|o| staff.contains(&o))
        {
            return Err(AppError::Forbidden(
                "Réservé à l'équipe de l'organisme du conseiller.".to_owned(),
            ));
        }
        q::add_pix_result(
            conn,
            advisor_id,
            taken_on,
            score,
            &code,
            actor.audit_user_id(),
            ctx.now,
        )
        .map_err(|e| {
            if db::unique_violation(&e).is_some() {
                AppError::field(
                    "verification_code",
                    "Ce code de vérification Pix est déjà enregistré.",
                )
            } else {
                e.into()
            }
        })?;
        let view = PixResultInput {
            taken_on: Some(taken_on.to_string()),
            score: Some(score),
            verification_code: Some(code.clone()),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "pix_result.create",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
