//! The calendar feeds this server wrote, kept while they read the same: nothing written to the
//! tables a feed is read from (the version of `db::calendar_versions`, raised by triggers in every
//! writing transaction, from any instance or command) and the clock not yet past the end of the
//! feed's first event (nor, for a feed listing what an organisation runs, at the next UTC
//! midnight, when its horizon moves on). A calendar application polling its feed then costs one
//! read of that version; the first request after a change writes the feed again.
//!
//! Only feeds behind a live token are kept, under the token's digest, never the token. Bounded by
//! their bytes: at most [`BUDGET_BYTES`] in all and none over [`LARGEST_KEPT`]; when full, those
//! of an older version or past their moment go first, then all.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use chrono::NaiveDateTime;

use crate::db::{self, DbConn};
use crate::error::AppResult;

/// The most bytes of feeds kept (a person's feed is a few kilobytes; 200 events are 135 KB).
pub const BUDGET_BYTES: usize = 8 * 1024 * 1024;

/// The largest feed kept; a larger one is written for each request.
pub const LARGEST_KEPT: usize = 1024 * 1024;

/// A feed as written, and the first instant at which the clock alone makes it read differently.
#[derive(Debug, Clone)]
pub struct WrittenFeed {
    /// The iCalendar text.
    pub text: String,
    /// Kept until then (exclusive).
    pub changes_at: NaiveDateTime,
}

struct Kept {
    version: i64,
    written_at: NaiveDateTime,
    changes_at: NaiveDateTime,
    body: Bytes,
}

impl Kept {
    fn holds(&self, version: i64, now: NaiveDateTime) -> bool {
        self.version == version && self.written_at <= now && now < self.changes_at
    }
}

#[derive(Default)]
struct Feeds {
    by_digest: HashMap<String, Kept>,
    bytes: usize,
}

/// One server's kept feeds.
#[derive(Default)]
pub struct KeptFeeds {
    kept: Mutex<Feeds>,
}

impl KeptFeeds {
    /// The feed of the token with digest `digest` at `now`: the one kept while it holds, or
    /// `write`n and kept. An error of `write` (an unknown or revoked token: not found) is kept
    /// nowhere.
    pub fn get_or_write(
        &self,
        conn: &mut DbConn,
        digest: &str,
        now: NaiveDateTime,
        write: impl FnOnce(&mut DbConn, &str) -> AppResult<WrittenFeed>,
    ) -> AppResult<Bytes> {
        // Read before the feed: a write committed in between is then in what is kept under the
        // older version, which the next request no longer finds.
        let version = db::calendar_versions::current(conn)?;
        if let Some(body) = self.get(digest, version, now) {
            return Ok(body);
        }
        let written = write(conn, digest)?;
        let body = Bytes::from(written.text);
        self.put(digest, version, now, written.changes_at, body.clone());
        Ok(body)
    }

    fn get(&self, digest: &str, version: i64, now: NaiveDateTime) -> Option<Bytes> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.by_digest
            .get(digest)
            .filter(|k| k.holds(version, now))
            .map(|k| k.body.clone())
    }

    fn put(
        &self,
        digest: &str,
        version: i64,
        now: NaiveDateTime,
        changes_at: NaiveDateTime,
        body: Bytes,
    ) {
        if body.len() > LARGEST_KEPT {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let feeds = &mut *kept;
        if let Some(old) = feeds.by_digest.remove(digest) {
            feeds.bytes -= old.body.len();
        }
        if feeds.bytes + body.len() > BUDGET_BYTES {
            feeds.by_digest.retain(|_, k| k.holds(version, now));
            feeds.bytes = feeds.by_digest.values().map(|k| k.body.len()).sum();
            if feeds.bytes + body.len() > BUDGET_BYTES {
                feeds.by_digest.clear();
                feeds.bytes = 0;
            }
        }
        feeds.bytes += body.len();
        feeds.by_digest.insert(
            digest.to_owned(),
            Kept {
                version,
                written_at: now,
                changes_at,
                body,
            },
        );
    }

    /// How many bytes of feeds are kept.
    pub fn bytes(&self) -> usize {
        self.kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 10)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    fn body(len: usize) -> Bytes {
        Bytes::from(vec![b'x'; len])
    }

    #[test]
    fn a_kept_feed_holds_for_its_version_until_its_moment() {
        let feeds = KeptFeeds::default();
        feeds.put("a", 3, at(9, 0), at(17, 0), body(10));
        assert_eq!(feeds.get("a", 3, at(16, 59)), Some(body(10)));
        assert!(feeds.get("a", 4, at(9, 1)).is_none(), "a write");
        assert!(
            feeds.get("a", 3, at(17, 0)).is_none(),
            "its first event ended"
        );
        assert!(feeds.get("a", 3, at(8, 59)).is_none(), "an earlier clock");
        assert!(feeds.get("b", 3, at(9, 1)).is_none(), "another token");
    }

    #[test]
    fn the_feeds_kept_stay_within_their_budget() {
        let feeds = KeptFeeds::default();
        feeds.put("huge", 1, at(9, 0), at(17, 0), body(LARGEST_KEPT + 1));
        assert_eq!(feeds.bytes(), 0, "too large to keep");
        for n in 0..100 {
            feeds.put(&format!("t{n}"), 1, at(9, 0), at(17, 0), body(LARGEST_KEPT));
            assert!(feeds.bytes() <= BUDGET_BYTES);
        }
        feeds.put("t99", 1, at(9, 0), at(17, 0), body(5));
        assert!(feeds.bytes() <= BUDGET_BYTES);
        assert_eq!(feeds.get("t99", 1, at(9, 0)), Some(body(5)), "replaced");
    }
}
