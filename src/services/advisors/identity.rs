//! An advisor's identity for the ministry, Pix and the ANCT (REGULATION.md §3): the ANCT's id,
//! sex, place of birth checked against the COG, contract. Validated with the advisor's other
//! fields and written in the same transaction.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::views::AdvisorInput;
use crate::db::DbConn;
use crate::db::advisor_identities::{self as q, IdentityRow};
use crate::domain::identity::{self, BirthPlaceInput, Contract, Sex, check_birth_place};
use crate::domain::validation::FieldErrors;
use crate::error::AppResult;

/// The identity as the API and pages show it.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct IdentityView {
    /// The ANCT's id (`idPG`).
    pub anct_id: Option<String>,
    /// `F` or `M`.
    pub sex: Option<String>,
    /// INSEE commune code of birth.
    pub birth_commune_code: Option<String>,
    /// Postcode of birth.
    pub birth_postcode: Option<String>,
    /// Commune of birth (or the town abroad).
    pub birth_commune_name: Option<String>,
    /// INSEE country code, for a birth abroad.
    pub birth_country_code: Option<String>,
    /// Why the place of birth was accepted without being found in the COG.
    pub birth_place_warning: Option<String>,
    /// `cdd`, `cdi`, `cdp` or `pec`.
    pub contract_type: Option<String>,
}

impl From<IdentityRow> for IdentityView {
    fn from(r: IdentityRow) -> Self {
        Self {
            anct_id: r.anct_id,
            sex: r.sex,
            birth_commune_code: r.birth_commune_code,
            birth_postcode: r.birth_postcode,
            birth_commune_name: r.birth_commune_name,
            birth_country_code: r.birth_country_code,
            birth_place_warning: r.birth_place_warning,
            contract_type: r.contract_type,
        }
    }
}

/// The new value of a text field: `None` keeps the current one, an empty text clears it.
fn next<'a>(typed: Option<&'a str>, current: Option<&'a str>) -> Option<&'a str> {
    match typed.map(str::trim) {
        None => current,
        Some("") => None,
        Some(value) => Some(value),
    }
}

/// Validates the identity fields of `input` over `current`, adding refusals to `errors`;
/// `born` is the advisor's birth date (a code missing from the COG is accepted, with a warning,
/// only for a birth before the lists' date).
pub(super) fn validate(
    look: &mut dyn super::validate::Lookups,
    input: &AdvisorInput,
    current: Option<&IdentityRow>,
    born: Option<NaiveDate>,
    errors: &mut FieldErrors,
) -> AppResult<IdentityRow> {
    let cur = current.cloned().unwrap_or_default();
    let anct_id = next(input.anct_id.as_deref(), cur.anct_id.as_deref())
        .and_then(|v| errors.take("anct_id", identity::anct_id(v)));
    let sex = next(input.sex.as_deref(), cur.sex.as_deref()).and_then(|v| {
        let parsed = Sex::parse(v).map(|s| s.as_str().to_owned());
        if parsed.is_none() {
            errors.add("sex", "Sexe : F (femme) ou M (homme).");
        }
        parsed
    });
    let contract_type = next(input.contract_type.as_deref(), cur.contract_type.as_deref())
        .and_then(|v| {
            let parsed = Contract::parse(v).map(|c| c.as_str().to_owned());
            if parsed.is_none() {
                errors.add("contract_type", "Contrat : cdd, cdi, cdp ou pec.");
            }
            parsed
        });
    let place_typed = [
        &input.birth_commune_code,
        &input.birth_postcode,
        &input.birth_commune_name,
        &input.birth_country_code,
    ]
    .iter()
    .any(|f| f.is_some());
    let mut place = identity::BirthPlace {
        commune_code: cur.birth_commune_code.clone(),
        postcode: cur.birth_postcode.clone(),
        commune_name: cur.birth_commune_name.clone(),
        country_code: cur.birth_country_code.clone(),
        warning: cur.birth_place_warning.clone(),
    };
    if place_typed {
        let geo = look.geo()?;
        let typed = BirthPlaceInput {
            commune_code: next(
                input.birth_commune_code.as_deref(),
                cur.birth_commune_code.as_deref(),
            ),
            postcode: next(
                input.birth_postcode.as_deref(),
                cur.birth_postcode.as_deref(),
            ),
            commune_name: next(
                input.birth_commune_name.as_deref(),
                cur.birth_commune_name.as_deref(),
            ),
            country_code: next(
                input.birth_country_code.as_deref(),
                cur.birth_country_code.as_deref(),
            ),
        };
        match check_birth_place(&geo, &typed, born) {
            Ok(checked) => place = checked,
            Err((field, message)) => errors.add(field, message),
        }
    }
    Ok(IdentityRow {
        advisor_id: cur.advisor_id,
        anct_id,
        sex,
        birth_commune_code: place.commune_code,
        birth_postcode: place.postcode,
        birth_commune_name: place.commune_name,
        birth_country_code: place.country_code,
        birth_place_warning: place.warning,
        contract_type,
        updated_at: cur.updated_at,
    })
}

/// The identity of one advisor (empty when none is recorded).
pub fn of(conn: &mut DbConn, advisor_id: i64) -> AppResult<IdentityView> {
    Ok(q::of(conn, advisor_id)?.map(Into::into).unwrap_or_default())
}
