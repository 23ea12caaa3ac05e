//! Exports in the shapes others read: the ANCT dataspace's `formation` table, the Pix
//! candidate list and the CERES identity list of an exam session.

pub mod ceres_list;
pub mod dataspace;
pub mod pix_list;
pub mod session_lists;

pub use dataspace::{RejectedReport, RejectedRow};
