//! The advisor validation's lookups answered from tables loaded once per import: territories,
//! organisations, the advisors the file's e-mails and ANCT ids name (wherever recorded, so that
//! a row naming someone out of scope is refused), which of them the importer sees, their
//! identities, and the COG.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::auth::Principal;
use crate::db::advisor_identities::IdentityRow;
use crate::db::advisors::AdvisorRow;
use crate::db::reference::{self, TerritoryRow};
use crate::db::{DbConn, imports as q};
use crate::domain::geo::GeoIndex;
use crate::error::AppResult;
use crate::services::advisors::Lookups;
use crate::services::geo;

/// What the file's rows may match, loaded in a few queries.
pub struct Preloaded {
    territories: HashMap<String, TerritoryRow>,
    organisations: HashMap<i64, bool>,
    /// E-mail → advisor, for every advisor holding one of the file's e-mails.
    pub by_email: HashMap<String, i64>,
    /// ANCT id → advisor, for every advisor holding one of the file's ANCT ids.
    pub by_anct_id: HashMap<String, i64>,
    /// The advisors named, by id.
    pub advisors: HashMap<i64, AdvisorRow>,
    /// Those the importer sees.
    pub visible: HashSet<i64>,
    identities: HashMap<i64, IdentityRow>,
    geo: Arc<GeoIndex>,
}

impl Preloaded {
    /// Loads what `emails` (lower-cased) and `anct_ids` name, in chunks.
    pub fn load(
        conn: &mut DbConn,
        actor: &Principal,
        emails: &[String],
        anct_ids: &[String],
    ) -> AppResult<Self> {
        let mut advisors: HashMap<i64, AdvisorRow> = q::advisors_by_email(conn, emails)?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let by_email = advisors.values().map(|a| (a.email.clone(), a.id)).collect();
        let by_anct_id: HashMap<String, i64> = q::identities_by_anct_id(conn, anct_ids)?
            .into_iter()
            .filter_map(|i| i.anct_id.map(|id| (id, i.advisor_id)))
            .collect();
        let missing: Vec<i64> = by_anct_id
            .values()
            .filter(|id| !advisors.contains_key(id))
            .copied()
            .collect();
        advisors.extend(
            q::advisors_by_id(conn, &missing)?
                .into_iter()
                .map(|a| (a.id, a)),
        );
        let ids: Vec<i64> = advisors.keys().copied().collect();
        let visible = q::visible(conn, &actor.advisor_scope(), &ids)?
            .into_iter()
            .collect::<HashSet<_>>();
        let identities = q::identities_of(conn, &ids)?
            .into_iter()
            .map(|i| (i.advisor_id, i))
            .collect();
        Ok(Self {
            territories: reference::territories(conn)?
                .into_iter()
                .map(|t| (t.code.clone(), t))
                .collect(),
            organisations: q::organisations(conn)?.into_iter().collect(),
            by_email,
            by_anct_id,
            advisors,
            visible,
            identities,
            geo: geo::index(conn)?,
        })
    }
}

impl Lookups for Preloaded {
    fn email_taken(&mut self, email: &str, except: Option<i64>) -> AppResult<bool> {
        Ok(self
            .by_email
            .get(email)
            .is_some_and(|owner| Some(*owner) != except))
    }

    fn territory(&mut self, code: &str) -> AppResult<Option<TerritoryRow>> {
        Ok(self.territories.get(code).cloned())
    }

    fn is_host_structure(&mut self, id: i64) -> AppResult<bool> {
        Ok(self.organisations.get(&id).copied().unwrap_or(false))
    }

    fn organisation_exists(&mut self, id: i64) -> AppResult<bool> {
        Ok(self.organisations.contains_key(&id))
    }

    fn identity_of(&mut self, advisor_id: i64) -> AppResult<Option<IdentityRow>> {
        Ok(self.identities.get(&advisor_id).cloned())
    }

    fn geo(&mut self) -> AppResult<Arc<GeoIndex>> {
        Ok(Arc::clone(&self.geo))
    }
}
