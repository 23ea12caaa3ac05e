//! The demo accounts, one per role, whose password is [`DEMO_PASSWORD`].

use super::{DEMO_PASSWORD, org_id};
use crate::auth::Principal;
use crate::db::{DbConn, users};
use crate::domain::pagination::PageRequest;
use crate::domain::scope::Scope;
use crate::services::{self, Ctx};

/// The demo accounts: `(e-mail, name, role, organisation slug)`.
const ACCOUNTS: &[(&str, &str, &str, Option<&str>)] = &[
    ("admin@parcours.test", "Alice Admin", "admin", None),
    (
        "equipe@lafabrik.test",
        "Bruno Lemoine",
        "staff",
        Some("la-fabrik"),
    ),
    (
        "formatrice@lafabrik.test",
        "Clara Nguyen",
        "trainer",
        Some("la-fabrik"),
    ),
    (
        "examinateur@lafabrik.test",
        "Didier Roussel",
        "examiner",
        Some("la-fabrik"),
    ),
    (
        "examinatrice@lafabrik.test",
        "Estelle Marchand",
        "examiner",
        Some("la-fabrik"),
    ),
    (
        "equipe@francilin.test",
        "Fanny Hoarau",
        "staff",
        Some("francilin"),
    ),
    (
        "coordination@anct.test",
        "Gilles Perrin",
        "coordinator",
        Some("anct"),
    ),
    (
        "catalogue@lamednum.test",
        "Hélène Brun",
        "staff",
        Some("la-mednum"),
    ),
    ("equipe@histya.test", "Ibrahim Sow", "staff", Some("histya")),
];

/// Creates the missing demo accounts, the advisor account last (linked to a demo advisor).
pub(super) fn ensure(conn: &mut DbConn, system: &Principal, ctx: Ctx) -> anyhow::Result<usize> {
    let mut created = 0;
    for (email, name, role, org) in ACCOUNTS {
        if users::find_by_email(conn, email)?.is_some() {
            continue;
        }
        let organisation_id = match org {
            Some(slug) => Some(org_id(conn, slug)?),
            None => None,
        };
        services::users::create(
            conn,
            system,
            ctx,
            &services::users::UserInput {
                email: Some((*email).to_owned()),
                name: Some((*name).to_owned()),
                password: Some(DEMO_PASSWORD.to_owned()),
                role: Some((*role).to_owned()),
                organisation_id,
                advisor_id: None,
            },
        )
        .map_err(|e| anyhow::anyhow!("account {email}: {e}"))?;
        created += 1;
    }
    // The demo advisor account is linked to the first demo advisor of La Fabrik.
    if users::find_by_email(conn, "conseillere@parcours.test")?.is_none() {
        let la_fabrik = org_id(conn, "la-fabrik")?;
        let first = crate::db::advisors::list(
            conn,
            &Scope::Organisations(vec![la_fabrik]),
            &crate::db::advisors::AdvisorFilter {
                q: Some("demo.parcours.fr".to_owned()),
                ..Default::default()
            },
            PageRequest::new(Some(1), Some(1)),
        )?
        .0
        .into_iter()
        .next();
        if let Some(advisor) = first {
            services::users::create(
                conn,
                system,
                ctx,
                &services::users::UserInput {
                    email: Some("conseillere@parcours.test".to_owned()),
                    name: Some(format!("{} {}", advisor.first_name, advisor.last_name)),
                    password: Some(DEMO_PASSWORD.to_owned()),
                    role: Some("advisor".to_owned()),
                    organisation_id: None,
                    advisor_id: Some(advisor.id),
                },
            )
            .map_err(|e| anyhow::anyhow!("advisor account: {e}"))?;
            created += 1;
        }
    }
    Ok(created)
}
