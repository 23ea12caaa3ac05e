//! `GET /exam-sessions/{id}/schedule`: the organiser's schedule of each candidate's épreuves
//! (start in the session's zone, jurors ticked among the jury; the end follows from the duration
//! lengthened by the candidate's extra time), each candidate's dossier professionnel, and
//! sending the schedule to the candidates. A refusal re-renders with its message beside the
//! field.

use axum::extract::State;
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::{FormData, get};
use crate::domain::french::french_span;
use crate::domain::timezone::parse_zone;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::epreuves::{
    self, DossierInput, SessionSchedule, SlotEntry, jurors_field, start_field,
};
use crate::state::AppState;
use crate::web::extract::{Form, Path};

/// The field of a juror's box on a slot.
fn juror_box(advisor: i64, epreuve: i64, user: i64) -> String {
    format!("juror-{advisor}-{epreuve}-{user}")
}

/// The candidates' lines as the template shows them.
fn lines(schedule: &SessionSchedule, zone: chrono_tz::Tz, form: Option<&FormData>) -> Vec<Value> {
    let local = |t: &chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
    };
    schedule
        .candidates
        .iter()
        .map(|c| {
            let epreuves: Vec<Value> = c
                .epreuves
                .iter()
                .map(|e| {
                    let start = start_field(c.advisor_id, e.epreuve_id);
                    let value = match form {
                        Some(f) => f.get(&start).cloned().unwrap_or_default(),
                        None => e.starts_at.as_ref().map(local).unwrap_or_default(),
                    };
                    let jurors: Vec<Value> = schedule
                        .jury
                        .iter()
                        .map(|j| {
                            let name = juror_box(c.advisor_id, e.epreuve_id, j.user_id);
                            let checked = match form {
                                Some(f) => f.contains_key(&name),
                                None => e.juror_ids.contains(&j.user_id),
                            };
                            json!({"field": name, "name": j.name, "checked": checked})
                        })
                        .collect();
                    json!({
                        "label": e.label, "kind": e.kind,
                        "duration": e.duration_minutes, "minutes": e.lengthened_minutes,
                        "start_field": start, "jurors_field": jurors_field(c.advisor_id, e.epreuve_id),
                        "value": value, "jurors": jurors,
                        "span": match (e.starts_at, e.ends_at) {
                            (Some(s), Some(t)) => french_span(s.naive_utc(), t.naive_utc(), zone),
                            _ => String::new(),
                        },
                    })
                })
                .collect();
            json!({
                "advisor_id": c.advisor_id, "name": c.name,
                "extra_time_percent": c.extra_time_percent,
                "dossier_received_on": c.dossier_received_on,
                "dossier_missing": c.dossier_missing,
                "entretien_final_required": c.entretien_final_required,
                "epreuves": epreuves,
            })
        })
        .collect()
}

/// Renders the page, with a refused form's values and messages.
async fn render(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(FieldErrors, FormData)>,
    slots_typed: bool,
) -> PageResult {
    let principal = page.principal().clone();
    let schedule = state
        .db
        .run(move |conn| epreuves::schedule(conn, &principal, id))
        .await?;
    let zone = parse_zone(&schedule.timezone).map_err(AppError::Internal)?;
    let mut context = tera::Context::new();
    context.insert("title", "Horaires des épreuves");
    context.insert("session_id", &id);
    context.insert("timezone", &schedule.timezone);
    context.insert(
        "lines",
        &lines(
            &schedule,
            zone,
            failed.as_ref().filter(|_| slots_typed).map(|f| &f.1),
        ),
    );
    context.insert("has_jury", &!schedule.jury.is_empty());
    let refused = failed.is_some();
    let (errors, values) = failed.unwrap_or_default();
    context.insert("errors", &errors);
    context.insert("values", &values);
    if refused {
        page.render_invalid(state, "exams/schedule.html", context)
    } else {
        page.render(state, "exams/schedule.html", context)
    }
}

/// `GET /exam-sessions/{id}/schedule`.
pub async fn page(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render(&state, &page, id, None, false).await
}

/// A local `YYYY-MM-DDTHH:MM` in `zone`, as UTC.
fn local_instant(text: &str, zone: chrono_tz::Tz) -> Result<NaiveDateTime, String> {
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .map_err(|_| "Date et heure invalides : attendu JJ/MM/AAAA HH:MM.".to_owned())?;
    crate::domain::schedule::local_to_utc(local.date(), local.time(), zone)
}

/// `POST /exam-sessions/{id}/schedule`: every slot of the page (`start-{advisor}-{epreuve}` in
/// the session's zone, blank to clear; `juror-{advisor}-{epreuve}-{user}` ticked).
pub async fn record(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let principal = page.principal().clone();
    let schedule = state
        .db
        .run(move |conn| epreuves::schedule(conn, &principal, id))
        .await?;
    let zone = parse_zone(&schedule.timezone).map_err(AppError::Internal)?;
    let mut errors = FieldErrors::new();
    let mut entries = Vec::new();
    for c in &schedule.candidates {
        for e in &c.epreuves {
            let field = start_field(c.advisor_id, e.epreuve_id);
            let starts_at = match get(&form, &field) {
                Some(text) => match local_instant(&text, zone) {
                    Ok(at) => Some(at),
                    Err(message) => {
                        errors.add(&field, message);
                        continue;
                    }
                },
                None => None,
            };
            let juror_ids = schedule
                .jury
                .iter()
                .filter(|j| form.contains_key(&juror_box(c.advisor_id, e.epreuve_id, j.user_id)))
                .map(|j| j.user_id)
                .collect();
            entries.push(SlotEntry {
                advisor_id: c.advisor_id,
                epreuve_id: e.epreuve_id,
                starts_at,
                juror_ids,
            });
        }
    }
    if !errors.is_empty() {
        return render(&state, &page, id, Some((errors, form)), true).await;
    }
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| epreuves::set_slots(conn, &principal, ctx, id, &entries))
        .await
    {
        Ok(n) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}/schedule"),
            &format!(
                "{}.",
                crate::domain::address::plural(n, "créneau enregistré", "créneaux enregistrés")
            ),
        )),
        Err(AppError::Validation(errors)) => {
            render(&state, &page, id, Some((errors, form)), true).await
        }
        Err(AppError::Conflict(why)) => {
            render(
                &state,
                &page,
                id,
                Some((FieldErrors::single("schedule", why), form)),
                true,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /exam-sessions/{id}/schedule/send`: a new convocation with the schedule to each
/// scheduled candidate.
pub async fn send(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let sent = state
        .db
        .run(move |conn| epreuves::send_schedules(conn, &principal, ctx, id))
        .await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/exam-sessions/{id}/schedule"),
        &format!(
            "{} avec les horaires.",
            crate::domain::address::plural(sent, "convocation envoyée", "convocations envoyées")
        ),
    ))
}

/// `POST /exam-sessions/{id}/candidates/{advisor}/dossier`: `received_on` (blank: not received).
pub async fn set_dossier(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, advisor)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = DossierInput {
        received_on: get(&form, "received_on"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| epreuves::set_dossier(conn, &principal, ctx, id, advisor, &input))
        .await
    {
        Ok(view) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}/schedule"),
            if view.received_on.is_some() {
                "Dossier professionnel marqué reçu."
            } else {
                "Dossier professionnel marqué non reçu."
            },
        )),
        Err(AppError::Validation(errors)) => {
            let mut renamed = FieldErrors::new();
            for (_, message) in errors.iter() {
                renamed.add(&format!("dp-{advisor}"), message);
            }
            render(&state, &page, id, Some((renamed, form)), false).await
        }
        Err(other) => Err(PageError(other)),
    }
}
