//! The procès-verbal of an exam session and the fiches individuelles de résultats: their facts
//! and content, the jurors' signatures of the content as it stands, the sealing of the PV and of
//! one fiche per candidate when the last juror signs (a new version after a correction, the old
//! one superseded), and their reading. One concern per file; the public items are re-exported.

mod content;
mod documents;
mod facts;
mod render;
mod sign;
mod state;

pub use documents::{NOT_SEALED_YET, fiche_pdf, own_fiches, pv_pdf, state};
pub use facts::candidate_name;
pub use sign::{ALREADY_SIGNED, JURORS_ONLY, PvSignatureInput, SIGN_OR_CERTIFY, SignedFrom, sign};
pub use state::{JurorState, PvState, SealedVersion};
