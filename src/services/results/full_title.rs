//! The full title: obtained when the advisor holds every CCP of one title version in the livret
//! (by exam, VAE or correspondence from another version); recorded once, with its attestation
//! queued.

use crate::db::DbConn;
use crate::db::exams as q;
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::jobs::{self, Job};
use crate::services::livret;

/// Brings the advisor's livret up to date from their published results, then records every
/// title whose CCPs they now all hold, dated by the last of them.
pub(super) fn award_titles(conn: &mut DbConn, ctx: Ctx, advisor_id: i64) -> AppResult<()> {
    livret::sync(conn, ctx, advisor_id)?;
    for (title, on) in livret::complete_titles(conn, advisor_id)? {
        if let Some(title_award_id) = q::award_title(conn, advisor_id, title, on, ctx.now)? {
            jobs::enqueue(
                conn,
                &Job::TitleCertificateIssue { title_award_id },
                ctx.now,
                ctx.now,
            )?;
        }
    }
    Ok(())
}
