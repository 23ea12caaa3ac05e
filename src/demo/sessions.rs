//! Demo module sessions: 7-hour sessions of the catalogue by the module providers, spread over
//! the last two years and the months ahead.

use chrono::{Duration, NaiveDate};

use super::rng::SplitMix64;
use super::{SESSION_PREFIX, territory_for, zone_for};
use crate::db::bulk::{self, SessionInsert};
use crate::db::modules::ModuleFilter;
use crate::db::organisations::OrganisationFilter;
use crate::db::{self, DbConn, modules, organisations, reference};
use crate::domain::pagination::PageRequest;
use crate::domain::schedule::local_to_utc;
use crate::services::Ctx;

/// Creates the missing demo sessions (one per twelve advisors, at least twenty).
pub fn ensure(
    conn: &mut DbConn,
    ctx: Ctx,
    today: NaiveDate,
    advisor_target: u32,
) -> anyhow::Result<usize> {
    let target = i64::from((advisor_target / 12).max(20));
    let existing = bulk::count_sessions_with_venue_prefix(conn, SESSION_PREFIX)?;
    if existing >= target {
        return Ok(0);
    }
    let (catalogue, _) = modules::list(
        conn,
        &ModuleFilter {
            active: Some(true),
            ..ModuleFilter::default()
        },
        PageRequest::new(Some(1), Some(200)),
    )?;
    let seven: Vec<i64> = catalogue
        .iter()
        .filter(|m| m.hours == 7)
        .map(|m| m.id)
        .collect();
    let (providers, _) = organisations::list(
        conn,
        &OrganisationFilter {
            role: Some("module_provider".to_owned()),
            ..OrganisationFilter::default()
        },
        PageRequest::new(Some(1), Some(200)),
    )?;
    if seven.is_empty() || providers.is_empty() {
        return Ok(0);
    }
    let territories = reference::territories(conn)?;
    let mut rng = SplitMix64::new(0x5E55_1045 ^ u64::try_from(existing).unwrap_or(0));
    let mut rows = Vec::new();
    for n in existing..target {
        let n_u = u64::try_from(n).unwrap_or(0);
        let territory = territory_for(n_u.wrapping_mul(3));
        let default_zone = territories
            .iter()
            .find(|t| t.code == territory)
            .map_or("Europe/Paris", |t| t.timezone.as_str());
        let zone_name = zone_for(territory, default_zone, n_u);
        let zone =
            crate::domain::timezone::parse_zone(&zone_name).unwrap_or(chrono_tz::Europe::Paris);
        let day = super::working_day_from(
            territory,
            today + Duration::days(i64::try_from(rng.below(900)).unwrap_or(0) - 700),
        );
        let (Ok(starts_at), Ok(ends_at)) = (
            local_to_utc(
                day,
                chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
                zone,
            ),
            local_to_utc(
                day,
                chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
                zone,
            ),
        ) else {
            continue;
        };
        let remote = n % 3 == 2;
        rows.push(SessionInsert {
            module_id: seven[usize::try_from(n_u).unwrap_or(0) % seven.len()],
            organisation_id: providers[usize::try_from(n_u).unwrap_or(0) % providers.len()].id,
            territory_code: territory.to_owned(),
            timezone: zone_name,
            venue: Some(format!("{SESSION_PREFIX} — salle {}", n % 9 + 1)),
            remote,
            capacity: 20,
            starts_at,
            ends_at,
            created_at: ctx.now,
            updated_at: ctx.now,
        });
    }
    let created = rows.len();
    db::write_transaction(conn, |conn| {
        for chunk in rows.chunks(500) {
            bulk::insert_sessions(conn, chunk)?;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(created)
}
