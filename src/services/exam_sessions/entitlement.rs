//! Who may organise sessions of a certification: the role its part in the rules asks of the
//! organiser (CCP1 organisers within the territories they serve, CCP2-CCP3 course providers);
//! Pix is passed at Pix, never organised here.

use crate::db::exams as q;
use crate::db::{DbConn, organisations};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};

/// Refuses a Pix session outright, and adds to `errors` why `organisation_id` may not organise
/// sessions of `certification_id` in `territory_code`, if it may not.
pub(super) fn check_organiser(
    conn: &mut DbConn,
    errors: &mut FieldErrors,
    organisation_id: i64,
    certification_id: i64,
    territory_code: &str,
) -> AppResult<()> {
    let cert = q::certification(conn, certification_id)?;
    let Some(needed) = cert.role.organiser_role() else {
        return Err(AppError::field(
            "certification",
            "La certification Pix se passe chez Pix : enregistrez son résultat sur la fiche du conseiller.",
        ));
    };
    if !organisations::has_role(conn, organisation_id, needed.as_str())? {
        errors.add(
            "certification",
            format!(
                "Cet organisme n'est pas habilité à organiser les sessions {}.",
                cert.code
            ),
        );
    } else if cert.role.organised_by_territory()
        && !organisations::territories_of(conn, &[organisation_id])?
            .remove(&organisation_id)
            .unwrap_or_default()
            .iter()
            .any(|t| t == territory_code)
    {
        errors.add(
            "territory",
            format!(
                "Cet organisme n'organise pas le {} sur ce territoire.",
                cert.code
            ),
        );
    }
    Ok(())
}
