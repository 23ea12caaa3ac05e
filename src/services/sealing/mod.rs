//! Sealed attendance documents: the day's « feuille d'émargement » per cohort (sealed with
//! [`super::seal`] once every half-day is closed, a new version on a correction, the old one
//! superseded), its download, the public check of every sealed kind at `/verify`, and the
//! advisor's « état de présence ». One file per concern; the public items are re-exported here.

mod check;
mod day;
mod facts;
mod sheet;
mod statement;

pub use check::{SealedCheck, Verified, kind_title, verify};
pub use day::{NOT_SEALED_YET, seal_day, sheet_pdf};
pub use statement::attendance_statement;
