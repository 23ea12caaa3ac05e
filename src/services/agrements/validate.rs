//! The fields of an agrément, checked: title version, number, site, period (within the title's
//! validity, five years at most), DREETS unit. Messages in French, one per field.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::db::agrements::{self as q, AgrementRow, AgrementValues};
use crate::db::{self, DbConn};
use crate::domain::agrement::{period_refusal, postcode_ok};
use crate::domain::validation::{FieldErrors, parse_date, required_multiline, required_text};
use crate::error::{AppError, AppResult};

/// Fields of an agrément; on a change, a field left out keeps its value.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AgrementInput {
    /// The title version approved (`titles.id`).
    pub title_id: Option<i64>,
    /// The DREETS's number.
    pub number: Option<String>,
    /// The site's address lines (street, building), one per line.
    pub address: Option<String>,
    /// The site's postcode (five digits).
    pub postcode: Option<String>,
    /// The site's city.
    pub city: Option<String>,
    /// First day (`YYYY-MM-DD`).
    pub valid_from: Option<String>,
    /// Last day (`YYYY-MM-DD`).
    pub valid_until: Option<String>,
    /// The DREETS unit that granted it (« DREETS Auvergne-Rhône-Alpes »).
    pub dreets_unit: Option<String>,
}

/// A text field: the input's, or the current value when left out.
fn text(
    errors: &mut FieldErrors,
    field: &str,
    input: Option<&str>,
    current: Option<&str>,
    max: usize,
) -> Option<String> {
    errors.take(field, required_text(input.or(current), max))
}

/// The values of a new or changed agrément of `organisation_id`; `current` is the one changed.
pub(super) fn validate(
    conn: &mut DbConn,
    organisation_id: i64,
    input: &AgrementInput,
    current: Option<&AgrementRow>,
    now: chrono::NaiveDateTime,
) -> AppResult<AgrementValues> {
    let mut errors = FieldErrors::new();
    let title = match input.title_id.or(current.map(|c| c.title_id)) {
        None => {
            errors.add("title_id", "Indiquez le titre et sa version.");
            None
        }
        Some(id) => {
            let title = db::found(q::title(conn, id))?;
            if title.is_none() {
                errors.add("title_id", "Titre inconnu.");
            }
            title
        }
    };
    let number = text(
        &mut errors,
        "number",
        input.number.as_deref(),
        current.map(|c| c.number.as_str()),
        50,
    );
    let address = errors.take(
        "address",
        required_multiline(
            input
                .address
                .as_deref()
                .or(current.map(|c| c.site_lines.as_str())),
            300,
        ),
    );
    let postcode = text(
        &mut errors,
        "postcode",
        input.postcode.as_deref(),
        current.map(|c| c.site_postcode.as_str()),
        10,
    );
    if let Some(p) = &postcode
        && !postcode_ok(p)
    {
        errors.add("postcode", "Code postal : cinq chiffres.");
    }
    let city = text(
        &mut errors,
        "city",
        input.city.as_deref(),
        current.map(|c| c.site_city.as_str()),
        100,
    );
    let dreets_unit = text(
        &mut errors,
        "dreets_unit",
        input.dreets_unit.as_deref(),
        current.map(|c| c.dreets_unit.as_str()),
        150,
    );
    let date = |errors: &mut FieldErrors, field: &str, value: Option<&String>, kept| match value {
        None => kept,
        Some(v) => errors.take(field, parse_date(Some(v))),
    };
    let valid_from = date(
        &mut errors,
        "valid_from",
        input.valid_from.as_ref(),
        current.map(|c| c.valid_from),
    );
    let valid_until = date(
        &mut errors,
        "valid_until",
        input.valid_until.as_ref(),
        current.map(|c| c.valid_until),
    );
    for (field, value) in [("valid_from", valid_from), ("valid_until", valid_until)] {
        if value.is_none() && errors.get(field).is_none() {
            errors.add(field, "Ce champ est obligatoire.");
        }
    }
    if let (Some(from), Some(until), Some(t)) = (valid_from, valid_until, &title)
        && let Some((field, message)) = period_refusal(from, until, t.valid_from, t.valid_until)
    {
        errors.add(field, message);
    }
    errors.into_result()?;
    let (Some(title), Some(number), Some(address), Some(postcode), Some(city), Some(unit)) =
        (title, number, address, postcode, city, dreets_unit)
    else {
        return Err(AppError::Internal(
            "agrément validated incomplete".to_owned(),
        ));
    };
    Ok(AgrementValues {
        organisation_id,
        title_id: title.id,
        number,
        site_lines: address,
        site_postcode: postcode,
        site_city: city,
        valid_from: valid_from.unwrap_or_default(),
        valid_until: valid_until.unwrap_or_default(),
        dreets_unit: unit,
        updated_at: now,
    })
}
