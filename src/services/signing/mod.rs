//! Signing attendance (R6313-3, « tout élément probant »): trainees sign each half-day within its
//! window (by themselves on a remote day or when the trainer allows it, by scanning the trainer's
//! QR code, on the trainer's kiosk, or on paper), the trainer's signature closes the half-day and
//! marks the unsigned absent, and later changes are corrections with a reason.
//!
//! One concern per file: [`types`] (what the API returns), [`target`] (which half-day, who may
//! act), [`trainee`] (a trainee's signature), [`qr`] (QR tokens and signing steps),
//! [`board`] (what the pages show), [`closing`] (closing, paper, self-sign on site),
//! [`corrections`], [`days`] (a module session's half-days for its page). The day behind a
//! half-day is a [`crate::services::sitting::Sitting`]: a cohort's training day or a module
//! session's day, each rule written once for both.

pub mod board;
pub mod closing;
pub mod corrections;
pub mod days;
pub mod qr;
pub mod target;
pub mod trainee;
pub mod types;

pub use board::{board, signable_now, trainer_today};
pub use closing::{close, paper, set_self_sign};
pub use corrections::correct;
pub use days::{DayHalves, HalfLink, exam_session_day, module_session_days};
pub use qr::{qr_token, sign_step, sign_with_token, start_step, step};
pub use trainee::{sign_kiosk, sign_self, sign_self_at};
pub use types::{
    Board, BoardLine, Client, Closed, Corrected, DayKind, HalfDayKey, QrToken, Signable, Signed,
    StepView, TrainerHalfDay, TrainerSignature,
};
