//! One row of an advisor file: its cells as the single record's input, its messages keyed on the
//! file's columns, and what an update would change.

use crate::db::advisor_identities::IdentityRow;
use crate::db::advisors::{AdvisorRow, AdvisorValues};
use crate::domain::csv_import::{Sheet, SheetRow, iso_date};
use crate::services::advisors::AdvisorInput;

use super::columns::field_label;
use super::report::CellMessage;

/// A message on the column that `key` stands for, named as the file names it.
pub fn message(sheet: &Sheet, key: &str, text: impl Into<String>) -> CellMessage {
    CellMessage {
        column: sheet
            .header(key)
            .map_or_else(|| field_label(key).to_owned(), str::to_owned),
        message: text.into(),
    }
}

/// The row as the input of one advisor; the dates in French or ISO form become ISO, a date in
/// neither is refused here. Empty cells are `None`: an update keeps what is recorded.
pub fn input(sheet: &Sheet, row: &SheetRow, refusals: &mut Vec<CellMessage>) -> AdvisorInput {
    let text = |key: &str| row.get(key).map(str::to_owned);
    let mut date = |key: &str| match row.get(key).map(iso_date) {
        Some(Ok(iso)) => Some(iso),
        Some(Err(why)) => {
            refusals.push(message(sheet, key, why));
            None
        }
        None => None,
    };
    let birth_date = date("birth_date");
    let hired_on = date("hired_on");
    AdvisorInput {
        first_name: text("first_name"),
        last_name: text("last_name"),
        birth_name: text("birth_name"),
        email: text("email").map(|e| e.to_lowercase()),
        birth_date,
        territory: text("territory").map(|t| t.to_uppercase()),
        phone: text("phone"),
        hired_on,
        anct_id: text("anct_id"),
        sex: text("sex"),
        birth_commune_code: text("birth_commune_code"),
        birth_postcode: text("birth_postcode"),
        birth_commune_name: text("birth_commune_name"),
        birth_country_code: text("birth_country_code"),
        contract_type: text("contract_type"),
        ..AdvisorInput::default()
    }
}

/// The name a row is about, for the report.
pub fn label(row: &SheetRow) -> String {
    [row.get("first_name"), row.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

fn shown<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// What writing `values` and `identity` over `current` changes, one « Colonne : avant → après »
/// per field.
pub fn changes(
    current: &AdvisorRow,
    current_identity: Option<&IdentityRow>,
    values: &AdvisorValues,
    identity: &IdentityRow,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut diff = |key: &str, before: String, after: String| {
        if before != after {
            out.push(format!("{} : {before} → {after}", field_label(key)));
        }
    };
    diff(
        "first_name",
        current.first_name.clone(),
        values.first_name.clone(),
    );
    diff(
        "last_name",
        current.last_name.clone(),
        values.last_name.clone(),
    );
    diff(
        "birth_name",
        shown(current.birth_name.as_ref()),
        shown(values.birth_name.as_ref()),
    );
    diff("email", current.email.clone(), values.email.clone());
    diff(
        "birth_date",
        current.birth_date.format("%d/%m/%Y").to_string(),
        values.birth_date.format("%d/%m/%Y").to_string(),
    );
    diff(
        "territory",
        current.territory_code.clone(),
        values.territory_code.clone(),
    );
    diff(
        "phone",
        shown(current.phone.as_ref()),
        shown(values.phone.as_ref()),
    );
    diff(
        "hired_on",
        current.hired_on.format("%d/%m/%Y").to_string(),
        values.hired_on.format("%d/%m/%Y").to_string(),
    );
    let before = current_identity.cloned().unwrap_or_default();
    for (key, old, new) in [
        ("anct_id", &before.anct_id, &identity.anct_id),
        ("sex", &before.sex, &identity.sex),
        (
            "birth_commune_code",
            &before.birth_commune_code,
            &identity.birth_commune_code,
        ),
        (
            "birth_postcode",
            &before.birth_postcode,
            &identity.birth_postcode,
        ),
        (
            "birth_commune_name",
            &before.birth_commune_name,
            &identity.birth_commune_name,
        ),
        (
            "birth_country_code",
            &before.birth_country_code,
            &identity.birth_country_code,
        ),
        (
            "contract_type",
            &before.contract_type,
            &identity.contract_type,
        ),
    ] {
        diff(key, shown(old.as_ref()), shown(new.as_ref()));
    }
    out
}
