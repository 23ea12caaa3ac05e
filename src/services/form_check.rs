//! All of a form's errors in one round: when a page already found errors while reading the
//! typed text (a number that is not one, an unknown choice), the service's own rules still run,
//! in a transaction that is always rolled back, and their messages join the page's.

use crate::db::{self, DbConn};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};

/// `change` when `page_errors` is empty; otherwise the page's errors and those `change` finds,
/// nothing written.
pub fn all_errors<T>(
    conn: &mut DbConn,
    page_errors: FieldErrors,
    change: impl FnOnce(&mut DbConn) -> AppResult<T>,
) -> AppResult<T> {
    if page_errors.is_empty() {
        return change(conn);
    }
    let found = db::write_transaction_keeping(conn, |conn| {
        let found = match change(conn) {
            Err(AppError::Validation(errors)) => errors,
            _ => FieldErrors::new(),
        };
        Ok::<_, AppError>((found, false))
    })?;
    let mut all = page_errors;
    all.merge(found);
    Err(AppError::Validation(all))
}
