//! The Pix candidate list of an exam session, in the column order Pix sessions import
//! (REGULATION §3; the headers' wording and the values are **assumed**): birth name (from
//! [`civil_name`]), first name, date of birth (JJ/MM/AAAA), sex (M/F), INSEE commune code, or
//! postal code and commune, country of birth (INSEE country code, 99100 France when born in
//! France), the e-mail for results and the one for the convocation (both the advisor's), the
//! local id (parcours's advisor id), extra time (`33%`, empty when none).

use super::session_lists::{candidates, or_empty, write_csv};
use crate::auth::Principal;
use crate::db::DbConn;
use crate::domain::civil_name;
use crate::domain::text::csv_cell;
use crate::error::AppResult;

/// The header, in Pix's order.
pub const HEADER: [&str; 12] = [
    "Nom de naissance",
    "Prénom",
    "Date de naissance (JJ/MM/AAAA)",
    "Sexe (M ou F)",
    "Code INSEE de la commune de naissance",
    "Code postal de la commune de naissance",
    "Nom de la commune de naissance",
    "Pays de naissance",
    "E-mail du destinataire des résultats",
    "E-mail de convocation",
    "Identifiant local",
    "Temps majoré (supposé)",
];

/// The INSEE code of France, for those born in France.
const FRANCE: &str = "99100";

/// The session's Pix candidate list as CSV (`;`, UTF-8 with BOM).
pub fn export_csv(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<Vec<u8>> {
    let records = candidates(conn, actor, session_id)?
        .into_iter()
        .map(|c| {
            let p = &c.person;
            let birth = civil_name::birth_last_name(&p.last_name, p.birth_name.as_deref());
            let country = p
                .birth_country_code
                .clone()
                .filter(|c| !c.trim().is_empty())
                .unwrap_or_else(|| FRANCE.to_owned());
            let extra = c.candidate.extra_time_percent;
            vec![
                csv_cell(birth).into_owned(),
                csv_cell(&p.first_name).into_owned(),
                p.birth_date.format("%d/%m/%Y").to_string(),
                or_empty(p.sex.as_ref()),
                or_empty(p.birth_commune_code.as_ref()),
                or_empty(p.birth_postcode.as_ref()),
                or_empty(p.birth_commune_name.as_ref()),
                csv_cell(&country).into_owned(),
                csv_cell(&p.email).into_owned(),
                csv_cell(&p.email).into_owned(),
                p.advisor_id.to_string(),
                if extra > 0 {
                    format!("{extra}%")
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    write_csv(&HEADER, records)
}
