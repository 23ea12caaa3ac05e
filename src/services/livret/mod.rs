//! The livret de certification: per advisor and title version, the CCPs held (by an exam after
//! training or VAE, or by correspondence from another version: a CCP once obtained is final),
//! the DREETS livret number, the re-sit deadlines (one year from the deliberation) and their
//! reminder, the « CCP à repasser » list for planning. One file per concern; the public items
//! are re-exported here.

mod ledger;
mod number;
mod resit_list;
mod resits;
mod view;

pub use ledger::{complete_titles, holds_every_ccp, sync, withdraw_for_correction};
pub use number::{LivretNumberInput, set_number};
pub use resit_list::{ResitLine, export_csv, resit_list};
pub use resits::{ResitReminder, reminder_facts, schedule_reminder};
pub use view::{LedgerLine, LivretVersion, LivretView, ReferentView, Resit, livret, referent_of};
