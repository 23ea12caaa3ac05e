//! The full title: obtained when every block of one title version (CCP1 to CCP3) is validated
//! and published; recorded once, with its attestation queued.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::exams as q;
use crate::domain::exam::Outcome;
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::jobs::{self, Job};

/// Records every title whose blocks the advisor now all holds (published, validated), dated by
/// the last of them.
pub(super) fn award_titles(conn: &mut DbConn, ctx: Ctx, advisor_id: i64) -> AppResult<()> {
    let mut by_title: HashMap<i64, Vec<(i64, NaiveDate)>> = HashMap::new();
    for r in q::published_results(conn, advisor_id)? {
        if let Some(title) = r.title_id
            && r.outcome == Outcome::Validated.as_str()
        {
            by_title
                .entry(title)
                .or_default()
                .push((r.certification_id, r.starts_at.date()));
        }
    }
    for (title, held) in by_title {
        let blocks = q::certification_ids_of_title(conn, title)?;
        let complete = !blocks.is_empty()
            && blocks
                .iter()
                .all(|block| held.iter().any(|(id, _)| id == block));
        if !complete {
            continue;
        }
        let on = held.iter().map(|(_, d)| *d).max().unwrap_or(ctx.now.date());
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
