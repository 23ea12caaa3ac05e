//! The dashboards this server computed, kept while what they show cannot have changed:
//! nothing written to the tables they read (the version of `db::dashboard_versions`, raised by
//! triggers in every writing transaction, from any instance or command) and no status boundary
//! crossed by the clock (the next at-risk or late instant of the scope, and the next UTC midnight
//! for the days left). A request then costs one read of that version instead of the counts and
//! the page; the first request after a change computes them again.
//!
//! Bounded: at most [`CAPACITY`] dashboards are kept; when full, those of an older version or
//! whose moment has passed go first, then all.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{Days, NaiveDateTime};

use crate::auth::principal::Scope;
use crate::db::{self, DbConn};
use crate::error::AppResult;

/// The most dashboards kept (each a page of lines and its counts, some kilobytes).
pub const CAPACITY: usize = 256;

/// A computed dashboard and when it holds.
struct Kept<V> {
    /// The version of the data it was computed from.
    version: i64,
    /// The clock's instant it was computed at.
    computed_at: NaiveDateTime,
    /// The first instant at which a status or a day count under its scope may change.
    valid_until: NaiveDateTime,
    dashboard: Arc<V>,
}

impl<V> Kept<V> {
    fn holds(&self, version: i64, now: NaiveDateTime) -> bool {
        self.version == version && self.computed_at <= now && now < self.valid_until
    }
}

/// One server's kept dashboards of one kind, `V`, under what they are computed from, `K`.
pub struct KeptDashboards<K, V> {
    kept: Mutex<HashMap<K, Kept<V>>>,
}

impl<K, V> Default for KeptDashboards<K, V> {
    fn default() -> Self {
        Self {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

/// The first instant after `now` at which the dashboard may read differently: the next status
/// boundary of its scope (`next_boundary`), or the next UTC midnight (the days left are counted
/// from the UTC date).
pub fn valid_until(now: NaiveDateTime, next_boundary: Option<NaiveDateTime>) -> NaiveDateTime {
    let midnight = now
        .date()
        .checked_add_days(Days::new(1))
        .map_or(NaiveDateTime::MAX, |d| d.and_time(chrono::NaiveTime::MIN));
    next_boundary.map_or(midnight, |b| b.min(midnight))
}

impl<K: Hash + Eq, V> KeptDashboards<K, V> {
    /// The dashboard of `key` at `now`: the one kept while it holds, or `compute`d and kept.
    /// `scope` is whose advisors it shows, whose next status boundary ends it; an advisor's own
    /// scope (not in the summary the boundary is read from) is computed each time. `read` is the
    /// version the request already read (`db::kept_versions`, with its identity); without one it
    /// is read here.
    pub fn get_or_compute(
        &self,
        conn: &mut DbConn,
        (key, scope): (K, &Scope),
        now: NaiveDateTime,
        read: Option<i64>,
        compute: impl FnOnce(&mut DbConn) -> AppResult<V>,
    ) -> AppResult<Arc<V>> {
        if !matches!(scope, Scope::All | Scope::Organisations(_)) {
            return compute(conn).map(Arc::new);
        }
        // Read before the figures: a write committed in between is then in what is kept under
        // the older version, which the next request no longer finds.
        let version = match read {
            Some(version) => version,
            None => db::dashboard_versions::current(conn)?,
        };
        if let Some(kept) = self.get(&key, version, now) {
            return Ok(kept);
        }
        let next_boundary = db::progress_counts::next_change(conn, scope, now)?;
        let computed = Arc::new(compute(conn)?);
        self.put(
            key,
            version,
            now,
            valid_until(now, next_boundary),
            Arc::clone(&computed),
        );
        Ok(computed)
    }

    /// The dashboard kept for `key`, if computed from `version` and still true at `now`.
    pub fn get(&self, key: &K, version: i64, now: NaiveDateTime) -> Option<Arc<V>> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(key)
            .filter(|k| k.holds(version, now))
            .map(|k| Arc::clone(&k.dashboard))
    }

    /// Keeps `dashboard`, computed at `computed_at` from `version`, until `valid_until`.
    pub fn put(
        &self,
        key: K,
        version: i64,
        computed_at: NaiveDateTime,
        valid_until: NaiveDateTime,
        dashboard: Arc<V>,
    ) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= CAPACITY && !kept.contains_key(&key) {
            kept.retain(|_, k| k.holds(version, computed_at));
            if kept.len() >= CAPACITY {
                kept.clear();
            }
        }
        kept.insert(
            key,
            Kept {
                version,
                computed_at,
                valid_until,
                dashboard,
            },
        );
    }

    /// How many dashboards are kept.
    pub fn len(&self) -> usize {
        self.kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

    /// Kept figures of one organisation, by its id.
    type Kept = KeptDashboards<i64, Vec<i64>>;

    #[test]
    fn a_kept_dashboard_holds_for_its_version_until_its_boundary() {
        let cache = Kept::default();
        let until = valid_until(at(9, 0), Some(at(23, 0)));
        assert_eq!(until, at(23, 0));
        cache.put(1, 7, at(9, 0), until, Arc::new(vec![3]));
        assert_eq!(cache.get(&1, 7, at(22, 59)).as_deref(), Some(&vec![3]));
        assert!(cache.get(&1, 8, at(9, 1)).is_none(), "a write");
        assert!(cache.get(&1, 7, at(23, 0)).is_none(), "the boundary");
        assert!(cache.get(&1, 7, at(8, 59)).is_none(), "an earlier clock");
        assert!(cache.get(&2, 7, at(9, 1)).is_none(), "another scope");
    }

    #[test]
    fn without_a_boundary_ahead_it_holds_until_utc_midnight() {
        let midnight = NaiveDate::from_ymd_opt(2026, 3, 11)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        assert_eq!(valid_until(at(9, 0), None), midnight);
        assert_eq!(
            valid_until(at(9, 0), Some(at(23, 59) + Days::new(1))),
            midnight
        );
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = Kept::default();
        for org in (0..).take(CAPACITY * 3) {
            cache.put(org, 1, at(9, 0), at(10, 0), Arc::new(vec![org]));
            assert!(cache.len() <= CAPACITY);
        }
    }
}
