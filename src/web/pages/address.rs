//! « Mon compte »: `POST /account/address`, the form of address (Madame, Monsieur or none).

use axum::Form;
use axum::extract::State;
use serde::Deserialize;

use super::{PageCtx, PageResult, redirect_with_flash};
use crate::services::form_of_address;
use crate::state::AppState;

/// The form.
#[derive(Debug, Deserialize)]
pub struct AddressForm {
    form_of_address: Option<String>,
}

/// `POST /account/address`.
pub async fn choose(
    State(state): State<AppState>,
    page: PageCtx,
    Form(form): Form<AddressForm>,
) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    let value = form.form_of_address.unwrap_or_default();
    state
        .db
        .run(move |conn| form_of_address::choose(conn, &principal, &value, now))
        .await?;
    Ok(redirect_with_flash(
        &state,
        "/account",
        "Votre civilité est enregistrée : les pages, e-mails et documents s'y accordent.",
    ))
}
