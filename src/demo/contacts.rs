//! Contact e-mails of the reference organisations, so that notices to training bodies (an
//! advisor enrolled by another organisation) have somewhere to go in the demo.

use crate::auth::Principal;
use crate::db::{DbConn, organisation_details, organisations};
use crate::services::Ctx;
use crate::services::organisation_details::DetailsInput;
use crate::services::organisations::{self as service, OrganisationInput};

/// Gives each reference organisation without one a contact e-mail `contact@{slug}.example.org`.
pub fn ensure(conn: &mut DbConn, system: &Principal, ctx: Ctx) -> anyhow::Result<()> {
    for slug in [
        "anct",
        "la-fabrik",
        "francilin",
        "la-mednum",
        "histya",
        "simplon",
        "afpa",
        "hinaura",
        "adea",
        "cefim",
        "id-formations",
        "pimms-mediation",
        "webforce3",
        "pop-school",
    ] {
        let Some(org) = organisations::find_by_slug(conn, slug)? else {
            continue;
        };
        if organisation_details::contact_email(conn, org.id)?.is_some() {
            continue;
        }
        service::update(
            conn,
            system,
            ctx,
            org.id,
            &OrganisationInput {
                details: DetailsInput {
                    contact_email: Some(format!("contact@{slug}.example.org")),
                    ..DetailsInput::default()
                },
                ..OrganisationInput::default()
            },
        )
        .map_err(|e| anyhow::anyhow!("contact of {slug}: {e}"))?;
    }
    Ok(())
}
