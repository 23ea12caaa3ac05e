//! The signing pages, phone first: the advisor's « Signer ma présence » (`/sign`), the scanned
//! QR code's signing step (`/sign/qr/…`, `/sign/step/…`, which survives a login), and the
//! trainer's half-day (of a cohort's training day or a module session's day, see [`address`]):
//! its board (closing, self-signing, corrections), its QR page and its kiosk.
//! Each handler extracts, calls one `services::signing` function and renders.

mod address;
mod advisor;
mod board;
mod client;
mod kiosk;
mod qr;
mod qr_svg;
mod step;

pub use advisor::{sign_page, sign_self};
pub use board::{board_page, close, correct, set_self_sign};
pub use client::SigningClient;
pub use kiosk::{kiosk_page, kiosk_sign};
pub use qr::{qr_current, qr_page};
pub use step::{from_qr, sign_step, step_page};

pub use address::{HalfDayAddress, board_path, owner_path};

use crate::error::AppError;

/// The French sentence of a refusal a signing form shows beside itself (a closed window, a
/// token past its validity, a malformed drawing); `None` for what deserves the error page
/// (no right, nothing there, a failure).
fn refusal(err: &AppError) -> Option<String> {
    match err {
        AppError::Validation(errors) => Some(
            errors
                .iter()
                .map(|(_, message)| message)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        AppError::Conflict(why) | AppError::BadRequest(why) => Some(why.clone()),
        _ => None,
    }
}
