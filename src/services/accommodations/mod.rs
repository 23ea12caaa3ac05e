//! Disability accommodations of exam candidates: the request (kinds, extra time asked, what
//! the jury needs), its files (proof of status and medical recommendation: health data, read by
//! the candidate, the organiser's staff who decide and its référent handicap only, each read
//! audited, never in an export or an e-mail), its sending to the DREETS and the decision, which
//! alone sets the candidate's extra time. Each organisation names its référent handicap. The
//! free values recorded before requests existed are taken over at start-up as « reprise ».

mod access;
mod decision;
mod files;
mod referent;
mod request;
mod take_over;
mod views;

pub use decision::{DecisionInput, SentInput, decide, mark_sent};
pub use files::{HealthFile, read_file, upload};
pub use referent::{ReferentInput, referent, set_referent};
pub use request::{RequestInput, record};
pub use take_over::take_over_legacy;
pub use views::{AccommodationPage, AccommodationView, Summary, of_candidate, summaries};

pub use crate::db::accommodations::FileSlot;
