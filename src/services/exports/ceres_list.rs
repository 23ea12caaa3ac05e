//! The candidates of an exam session in the identity shape CERES asks for (the shape is
//! **assumed**): birth name, usage name, first names, sex, date of birth, place of birth (INSEE
//! commune code, postcode and commune, INSEE country code for a birth abroad), e-mail, route
//! (`formation` or `VAE`).

use super::session_lists::{candidates, or_empty, write_csv};
use crate::auth::Principal;
use crate::db::DbConn;
use crate::domain::civil_name;
use crate::domain::text::csv_cell;
use crate::error::AppResult;

/// The header.
pub const HEADER: [&str; 11] = [
    "nom de naissance",
    "nom d'usage",
    "prénoms",
    "sexe",
    "date de naissance",
    "code commune de naissance",
    "code postal de naissance",
    "commune de naissance",
    "pays de naissance",
    "e-mail",
    "voie d'accès",
];

/// The session's CERES identity list as CSV (`;`, UTF-8 with BOM).
pub fn export_csv(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<Vec<u8>> {
    let records = candidates(conn, actor, session_id)?
        .into_iter()
        .map(|c| {
            let p = &c.person;
            let birth = civil_name::birth_last_name(&p.last_name, p.birth_name.as_deref());
            let route = if c.candidate.route == "vae" {
                "VAE"
            } else {
                "formation"
            };
            vec![
                csv_cell(birth).into_owned(),
                csv_cell(&p.last_name).into_owned(),
                csv_cell(&p.first_name).into_owned(),
                or_empty(p.sex.as_ref()),
                p.birth_date.format("%d/%m/%Y").to_string(),
                or_empty(p.birth_commune_code.as_ref()),
                or_empty(p.birth_postcode.as_ref()),
                or_empty(p.birth_commune_name.as_ref()),
                or_empty(p.birth_country_code.as_ref()),
                csv_cell(&p.email).into_owned(),
                route.to_owned(),
            ]
        })
        .collect();
    write_csv(&HEADER, records)
}
