//! Bulk imports from spreadsheets (CSV): advisors, and the candidates of an exam session. A dry
//! run first reports every row (create, update, unchanged, refused with a French message per
//! cell); the import then writes all rows or none. Decoding and headers are
//! `domain::csv_import`; each row goes through the rule of a single record.

mod advisor_rows;
mod advisors;
mod candidates;
mod columns;
mod lookups;
mod report;
mod uploads;

pub use advisors::{Progress, dry_run, import};
pub use candidates::{dry_run_candidates, import_candidates};
pub use columns::{ADVISOR_COLUMNS, CANDIDATE_COLUMNS};
pub use report::{CellMessage, ImportReport, RowAction, RowReport};
pub use uploads::{UploadKind, import_upload, keep, take, try_upload};
