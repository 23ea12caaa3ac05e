//! Demo host structures: a few per territory, named after its towns.

use super::{names, slugify};
use crate::auth::Principal;
use crate::db::organisations::OrganisationFilter;
use crate::db::{DbConn, organisations};
use crate::domain::pagination::PageRequest;
use crate::services::{self, Ctx};

/// Creates the missing demo host structures, a few per territory.
pub(super) fn ensure(conn: &mut DbConn, system: &Principal, ctx: Ctx) -> anyhow::Result<usize> {
    let mut created = 0;
    for (territory, towns) in names::TOWNS {
        for (i, town) in towns.iter().enumerate() {
            let kind = names::HOST_KINDS[i % names::HOST_KINDS.len()];
            let slug = format!("demo-{}-{}", territory.to_lowercase(), slugify(town));
            if organisations::find_by_slug(conn, &slug)?.is_some() {
                continue;
            }
            let contact = format!("contact@{slug}.example.org");
            services::organisations::create(
                conn,
                system,
                ctx,
                &services::organisations::OrganisationInput {
                    slug: Some(slug),
                    name: Some(format!("{kind} {town}")),
                    kind: Some("host_structure".to_owned()),
                    territory: Some((*territory).to_owned()),
                    roles: Some(vec!["host_structure".to_owned()]),
                    territories: Some(vec![(*territory).to_owned()]),
                    details: services::organisation_details::DetailsInput {
                        contact_email: Some(contact),
                        public_employer: Some(i % 2 == 0),
                        ..Default::default()
                    },
                },
            )
            .map_err(|e| anyhow::anyhow!("host structure {town}: {e}"))?;
            created += 1;
        }
    }
    Ok(created)
}

/// Host structures by territory: `(territory, id)`.
pub(super) fn by_territory(conn: &mut DbConn) -> anyhow::Result<Vec<(String, i64)>> {
    let (rows, _) = organisations::list(
        conn,
        &OrganisationFilter {
            kind: Some("host_structure".to_owned()),
            ..OrganisationFilter::default()
        },
        PageRequest::new(Some(1), Some(200)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|o| o.territory_code.map(|t| (t, o.id)))
        .collect())
}
