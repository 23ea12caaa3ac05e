//! Agréments of an exam centre: recorded and changed by its staff (or admins), warned before
//! they end, and the forecast programme of the sessions held under them. One file per concern;
//! the public items are re-exported here, so callers name `agrements::…`.
//!
//! Where a session meets its agrément (title, site, period, prolongation) is the session's rule:
//! `services::exam_sessions` (`agrement_rule.rs`); the candidates a prolongation admits are
//! `services::candidates` (`prolongation.rs`).

mod expiry;
mod forecast;
mod validate;
mod views;
mod write;

pub use expiry::{ExpiryFacts, expiry_facts, fan_out as fan_out_expiry};
pub use forecast::{ForecastQuery, forecast_csv};
pub use validate::AgrementInput;
pub use views::{AgrementView, PlanChoices, TitleChoice, get, list, plan_choices, title_choices};
pub use write::{create, delete, update};
