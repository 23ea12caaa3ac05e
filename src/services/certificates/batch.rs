//! Issuing a session's attestations at once (`parcours certificates generate`): in batches of
//! [`BATCH`] sources, each batch in one transaction: planned and coded in order on the
//! connection, drawn on every core at once, then stored by one multi-row `INSERT` for the new
//! ones and one `UPDATE` per redrawn one. A failure undoes its batch only: the batches before it
//! stay issued, and running the command again finishes the work (codes and issue dates kept).

use std::collections::HashSet;
use std::num::NonZeroUsize;

use chrono::{NaiveDate, NaiveDateTime};

use super::Issuing;
use super::issue::draw;
use super::plan::{Plan, plan};
use crate::certificates::code;
use crate::db::certificates::{self as q, Content, NewCertificate, Source};
use crate::db::{self, DbConn};
use crate::domain::address::Address;
use crate::error::{AppError, AppResult};
use crate::services::form_of_address;

/// Sources per transaction.
pub const BATCH: usize = 64;

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// New attestations.
    pub issued: usize,
    /// Attestations drawn again from today's layout.
    pub regenerated: usize,
}

/// One attestation to draw: what it says, under which code and date, and the row it replaces.
struct Work {
    source: Source,
    plan: Plan,
    address: Address,
    code: String,
    issued_on: NaiveDate,
    existing: Option<i64>,
}

/// Issues the missing attestations of `sources` and draws the others again; `progress` hears how
/// many sources each finished batch held.
pub fn issue_all(
    conn: &mut DbConn,
    issuing: Issuing<'_>,
    sources: &[Source],
    now: NaiveDateTime,
    mut progress: impl FnMut(usize),
) -> AppResult<Tally> {
    let mut tally = Tally::default();
    for batch in sources.chunks(BATCH) {
        let done = db::write_transaction(conn, |conn| issue_batch(conn, issuing, batch, now))?;
        tally.issued += done.issued;
        tally.regenerated += done.regenerated;
        progress(batch.len());
    }
    Ok(tally)
}

fn issue_batch(
    conn: &mut DbConn,
    issuing: Issuing<'_>,
    sources: &[Source],
    now: NaiveDateTime,
) -> AppResult<Tally> {
    let work = planned(conn, sources, now)?;
    let drawn = draw_all(issuing, &work, now)?;
    let mut fresh = Vec::new();
    let mut tally = Tally::default();
    for (item, content) in work.iter().zip(&drawn) {
        match item.existing {
            Some(id) => {
                q::replace_content(conn, id, content, now)?;
                tally.regenerated += 1;
            }
            None => fresh.push(NewCertificate {
                code: &item.code,
                advisor_id: item.plan.advisor_id,
                source: item.source,
                content,
                issued_on: item.issued_on,
            }),
        }
    }
    tally.issued = q::insert_many(conn, &fresh, now)?;
    Ok(tally)
}

/// What each source's attestation says, its code (kept, or a new free one: free in the
/// database and within the batch) and its date; sources with nothing to attest are left out.
fn planned(conn: &mut DbConn, sources: &[Source], now: NaiveDateTime) -> AppResult<Vec<Work>> {
    let mut work = Vec::with_capacity(sources.len());
    let mut batch_codes = HashSet::new();
    let mut seen = HashSet::new();
    for source in sources {
        // A source listed twice is drawn once.
        if !seen.insert(key_of(*source)) {
            continue;
        }
        let existing = q::find_for(conn, *source)?;
        let Some(plan) = plan(conn, *source)? else {
            continue;
        };
        let (code, issued_on, existing) = match existing {
            Some(row) => (row.code, row.issued_on, Some(row.id)),
            None => {
                let code = code::unique_code(
                    || code::random_code().map_err(AppError::Internal),
                    |c| Ok(batch_codes.contains(c) || q::code_taken(conn, c)?),
                )?
                .ok_or_else(|| AppError::Internal("no free verification code".to_owned()))?;
                batch_codes.insert(code.clone());
                (code, now.date(), None)
            }
        };
        let address = form_of_address::of_advisor(conn, plan.advisor_id)?;
        work.push(Work {
            source: *source,
            plan,
            address,
            code,
            issued_on,
            existing,
        });
    }
    Ok(work)
}

/// A source as a comparable key.
fn key_of(source: Source) -> (bool, i64) {
    match source {
        Source::Candidate(id) => (false, id),
        Source::TitleAward(id) => (true, id),
    }
}

/// Draws every attestation of `work`, on as many threads as there are cores, in order.
fn draw_all(issuing: Issuing<'_>, work: &[Work], now: NaiveDateTime) -> AppResult<Vec<Content>> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let per_thread = work.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|w| draw(issuing, w.address, &w.plan, &w.code, w.issued_on, now))
                        .collect::<AppResult<Vec<Content>>>()
                })
            })
            .collect();
        let mut drawn = Vec::with_capacity(work.len());
        for handle in handles {
            let chunk = handle
                .join()
                .map_err(|_| AppError::Internal("an attestation's drawing stopped".to_owned()))??;
            drawn.extend(chunk);
        }
        Ok(drawn)
    })
}
