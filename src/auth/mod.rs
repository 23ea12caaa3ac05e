//! Who is asking: password hashing, secret tokens, the authenticated principal and its
//! permission checks.

pub mod hash_pool;
pub mod jose;
pub mod password;
pub mod principal;
pub mod token;

pub use principal::{Membership, Principal};
