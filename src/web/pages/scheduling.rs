//! What the scheduling forms share: the weekend-and-holiday warning a person confirms
//! (« Programmer quand même ») or answers by changing the date, and the time zone choices.
//! The calendar itself is `domain::holidays`.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::holidays;
use crate::error::AppError;
use crate::services::form_choices;
use crate::state::AppState;
use crate::web::pages::PageError;

/// The checkbox that confirms a day off.
pub const CONFIRM_FIELD: &str = "confirm_days_off";

/// The warnings for `dates` in `territory` (a venue's postcode in Alsace-Moselle adds its two
/// days), none when the form already confirmed them.
pub fn days_off(
    form: &HashMap<String, String>,
    territory: &str,
    venue: Option<&str>,
    dates: &[NaiveDate],
) -> Vec<String> {
    if form.get(CONFIRM_FIELD).is_some_and(|v| v == "on") {
        return Vec::new();
    }
    let department = holidays::department_of_venue(venue);
    let mut warnings: Vec<String> = Vec::new();
    for date in dates {
        if let Some(w) = holidays::warning(territory, department.as_deref(), *date)
            && !warnings.contains(&w)
        {
            warnings.push(w);
        }
    }
    warnings
}

/// Puts the programme's zones, named by territory, in a form's context (`zones`), for
/// `scheduling/_timezone.html`.
pub async fn insert_zones(state: &AppState, context: &mut tera::Context) -> Result<(), PageError> {
    let now = state.clock.now_naive();
    let zones = state
        .db
        .run(move |conn| form_choices::zones(conn, now))
        .await
        .map_err(|e: AppError| PageError(e))?;
    context.insert("zones", &zones);
    Ok(())
}
