//! « Mon compte »: how the user wishes to be addressed (`domain::address`), which the wording of
//! pages, e-mails and documents about them follows.

use chrono::NaiveDateTime;

use crate::auth::Principal;
use crate::db::{DbConn, users};
use crate::domain::address::Address;
use crate::error::{AppError, AppResult};

/// Records the user's choice; an unknown value is a field error on `form_of_address`.
pub fn choose(
    conn: &mut DbConn,
    principal: &Principal,
    value: &str,
    now: NaiveDateTime,
) -> AppResult<Address> {
    let address = Address::parse_strict(value).ok_or_else(|| {
        AppError::field(
            "form_of_address",
            "Choisissez Madame, Monsieur ou aucune civilité.",
        )
    })?;
    users::set_form_of_address(conn, principal.user_id, address.as_str(), now)?;
    Ok(address)
}

/// How the advisor `advisor_id` wishes to be addressed (neutral without an account).
pub fn of_advisor(conn: &mut DbConn, advisor_id: i64) -> AppResult<Address> {
    Ok(users::form_of_address_of_advisor(conn, advisor_id)?
        .map_or(Address::Neutral, |v| Address::parse(&v)))
}
