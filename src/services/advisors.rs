//! Advisors: recorded by the staff of their training body or host structure, eligible when
//! recorded, and positioned by a test that selects their track. One file per concern: the views
//! and inputs, the read-outs, the validation of a record, its writes, and the positioning tests.

mod identity;
mod positioning;
mod read;
mod validate;
mod views;
mod write;

pub use identity::IdentityView;
pub use positioning::record_positioning;
pub(crate) use read::may_edit;
pub use read::{detail, get, list};
pub(crate) use validate::{Lookups, validate_with};
pub use views::{AdvisorDetail, AdvisorInput, AdvisorView, PositioningInput, PositioningView};
pub(crate) use write::{DUPLICATE_ANCT_ID, DUPLICATE_EMAIL, require_recorder};
pub use write::{create, update};
