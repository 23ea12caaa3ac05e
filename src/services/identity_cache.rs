//! The identities this server resolved, kept while they cannot have changed: nothing written
//! that could change them (the version of `db::identity_versions`, raised by triggers in every
//! transaction that ends a session, revokes a token or changes an account, its memberships, its
//! coordinations or an organisation's name, from any instance or command) and the session or
//! token not yet at its end. An authenticated request then costs one read of that version
//! instead of the token, the account and its memberships; a revocation is seen by the next
//! request, on every instance.
//!
//! Only what resolved is kept (an unknown secret is looked up each time and kept nowhere, so that
//! guessing cannot fill the cache), keyed by the secret's digest, never the secret. Bounded: at
//! most [`CAPACITY`] identities; when full, those of an older version or past their end go first,
//! then all.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDateTime;

use super::auth::{self, Identity, ResolvedIdentity};
use crate::auth::token;
/// The versions read with an identity, which the request's kept dashboards are checked against.
pub use crate::db::kept_versions::Versions;
use crate::db::{self, DbConn};
use crate::error::AppResult;

/// The most identities kept (each an account's name, e-mail and memberships: well under a
/// kilobyte).
pub const CAPACITY: usize = 4096;

/// What a request presents: the digest of its session cookie or of its bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Credential {
    /// A session cookie's digest.
    Session(String),
    /// An API token's digest.
    Token(String),
}

impl Credential {
    /// The credential of a session cookie's value.
    pub fn session(cookie_value: &str) -> Self {
        Self::Session(token::digest(cookie_value))
    }

    /// The credential of a bearer token's secret.
    pub fn bearer(secret: &str) -> Self {
        Self::Token(token::digest(secret))
    }
}

/// A resolved identity and the version it was read under.
struct Kept {
    version: i64,
    resolved_at: NaiveDateTime,
    resolved: ResolvedIdentity,
}

impl Kept {
    fn holds(&self, version: i64, now: NaiveDateTime) -> bool {
        self.version == version && self.resolved_at <= now && now < self.resolved.expires_at
    }
}

/// One server's kept identities.
#[derive(Default)]
pub struct KeptIdentities {
    kept: Mutex<HashMap<Credential, Kept>>,
}

impl KeptIdentities {
    /// Who is behind `credential` at `now`: the identity kept while it holds, or read from the
    /// database and kept; `None` for an unknown, ended or revoked credential or an inactive
    /// account. With the versions read for it (`db::kept_versions`, one statement), which the
    /// request's kept dashboards are then checked against.
    pub fn resolve(
        &self,
        conn: &mut DbConn,
        credential: &Credential,
        now: NaiveDateTime,
    ) -> AppResult<(Option<Identity>, Versions)> {
        // Read before the identity: a write committed in between is then in what is kept under
        // the older version, which the next request no longer finds.
        let versions = db::kept_versions::current(conn)?;
        Ok((
            self.resolve_at(conn, credential, versions.identities, now)?,
            versions,
        ))
    }

    fn resolve_at(
        &self,
        conn: &mut DbConn,
        credential: &Credential,
        version: i64,
        now: NaiveDateTime,
    ) -> AppResult<Option<Identity>> {
        if let Some(kept) = self.get(credential, version, now) {
            if let Some((token_id, noted)) = kept.token_use
                && auth::token_use_is_stale(Some(noted), now)
            {
                auth::note_token_use(conn, token_id, now)?;
                self.noted(credential, now);
            }
            return Ok(Some(kept.identity));
        }
        let resolved = match credential {
            Credential::Session(digest) => auth::identity_from_session(conn, digest, now)?,
            Credential::Token(digest) => auth::identity_from_token(conn, digest, now)?,
        };
        Ok(resolved.map(|resolved| {
            let identity = resolved.identity.clone();
            self.put(credential.clone(), version, now, resolved);
            identity
        }))
    }

    /// The identity kept for `credential`, if read under `version` and not ended at `now`.
    fn get(
        &self,
        credential: &Credential,
        version: i64,
        now: NaiveDateTime,
    ) -> Option<ResolvedIdentity> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(credential)
            .filter(|k| k.holds(version, now))
            .map(|k| k.resolved.clone())
    }

    /// Keeps `resolved`, read at `now` under `version`.
    fn put(
        &self,
        credential: Credential,
        version: i64,
        now: NaiveDateTime,
        resolved: ResolvedIdentity,
    ) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= CAPACITY && !kept.contains_key(&credential) {
            kept.retain(|_, k| k.holds(version, now));
            if kept.len() >= CAPACITY {
                kept.clear();
            }
        }
        kept.insert(
            credential,
            Kept {
                version,
                resolved_at: now,
                resolved,
            },
        );
    }

    /// Records that the kept token's use was noted at `now`.
    fn noted(&self, credential: &Credential, now: NaiveDateTime) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(token_use) = kept
            .get_mut(credential)
            .and_then(|k| k.resolved.token_use.as_mut())
        {
            token_use.1 = now;
        }
    }

    /// How many identities are kept.
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
    use crate::auth::principal::Principal;
    use crate::domain::address::Address;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 10)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    fn resolved(user_id: i64, expires_at: NaiveDateTime) -> ResolvedIdentity {
        ResolvedIdentity {
            identity: Identity {
                principal: Principal {
                    user_id,
                    email: format!("u{user_id}@example.test"),
                    name: format!("U{user_id}"),
                    advisor_id: None,
                    memberships: Vec::new(),
                    coordinated: Vec::new(),
                },
                csrf_token: None,
                organisation_name: None,
                address: Address::parse(""),
            },
            expires_at,
            token_use: Some((user_id, at(9, 0))),
        }
    }

    #[test]
    fn a_kept_identity_holds_for_its_version_until_its_end() {
        let cache = KeptIdentities::default();
        let token = Credential::bearer("secret");
        cache.put(token.clone(), 7, at(9, 0), resolved(1, at(12, 0)));
        let hit = cache
            .get(&token, 7, at(11, 59))
            .map(|r| r.identity.principal.user_id);
        assert_eq!(hit, Some(1));
        assert!(cache.get(&token, 8, at(9, 1)).is_none(), "a write");
        assert!(cache.get(&token, 7, at(12, 0)).is_none(), "its end");
        assert!(
            cache.get(&token, 7, at(8, 59)).is_none(),
            "an earlier clock"
        );
        assert!(
            cache
                .get(&Credential::session("secret"), 7, at(9, 1))
                .is_none(),
            "a session is not a token with the same secret"
        );
    }

    #[test]
    fn a_noted_use_is_kept() {
        let cache = KeptIdentities::default();
        let token = Credential::bearer("secret");
        cache.put(token.clone(), 1, at(9, 0), resolved(1, at(23, 0)));
        cache.noted(&token, at(10, 30));
        let noted = cache.get(&token, 1, at(10, 31)).and_then(|r| r.token_use);
        assert_eq!(noted, Some((1, at(10, 30))));
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = KeptIdentities::default();
        for user in (0..).take(CAPACITY * 3) {
            let credential = Credential::bearer(&format!("secret {user}"));
            cache.put(credential, 1, at(9, 0), resolved(user, at(10, 0)));
            assert!(cache.len() <= CAPACITY);
        }
    }
}
