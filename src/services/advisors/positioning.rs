//! Positioning tests: the score on the training body's scale selects the track.

use super::read::may_edit;
use super::views::{PositioningInput, PositioningView};
use crate::auth::Principal;
use crate::db::advisors::{self as q, NewPositioningTest};
use crate::db::{self, DbConn, reference};
use crate::domain::positioning::{Scale, TrackRange, check_score, select_track};
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Records a positioning test and returns the track its score selects.
pub fn record_positioning(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
    input: &PositioningInput,
) -> AppResult<PositioningView> {
    db::write_transaction(conn, |conn| {
        let advisor = q::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
        if !may_edit(actor, &advisor) {
            return Err(AppError::Forbidden(
                "Seule l'équipe de l'organisme du conseiller enregistre son test.".to_owned(),
            ));
        }
        let mut errors = FieldErrors::new();
        let taken_on = errors.take("taken_on", parse_date(input.taken_on.as_deref()));
        let zone = advisor.timezone.tz();
        let today =
            chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(ctx.now, chrono::Utc)
                .with_timezone(&zone)
                .date_naive();
        if taken_on.is_some_and(|d| d > today) {
            errors.add(
                "taken_on",
                "La date du test ne peut pas être dans le futur.",
            );
        }
        let scale_row = reference::default_scale(conn)?;
        let scale = Scale {
            min: scale_row.score_min,
            max: scale_row.score_max,
        };
        let score = errors.take(
            "score",
            input
                .score
                .ok_or_else(|| "Ce champ est obligatoire.".to_owned())
                .and_then(|s| check_score(scale, s)),
        );
        let ranges: Vec<TrackRange> = reference::ranged_tracks(conn, scale_row.id)?
            .into_iter()
            .filter_map(|t| {
                Some(TrackRange {
                    track_id: t.id,
                    min: t.score_min?,
                    max: t.score_max?,
                })
            })
            .collect();
        let track_id = score.and_then(|s| select_track(&ranges, s));
        if score.is_some() && track_id.is_none() {
            errors.add(
                "score",
                "Aucun parcours actif ne correspond à ce score : vérifiez les seuils des parcours.",
            );
        }
        errors.into_result()?;
        let (Some(taken_on), Some(score), Some(track_id)) = (taken_on, score, track_id) else {
            return Err(AppError::Internal("validated test incomplete".to_owned()));
        };
        let id = q::insert_test(
            conn,
            &NewPositioningTest {
                advisor_id,
                organisation_id: advisor.organisation_id,
                taken_on,
                score,
                scale_id: scale_row.id,
                track_id,
                recorded_by: actor.audit_user_id(),
                created_at: ctx.now,
            },
        )?;
        let view = PositioningView {
            id,
            taken_on,
            score,
            track: reference::track(conn, track_id)?.into(),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "positioning_test.create",
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
