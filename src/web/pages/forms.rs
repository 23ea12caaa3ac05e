//! Turning submitted form text into service inputs.

use crate::domain::validation::FieldErrors;

/// An optional id typed in a form: empty is `None`, junk is an error on `field`.
pub fn optional_id(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<i64> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add(field, "Choix invalide.");
                None
            }
        },
    }
}

/// An optional whole number typed in a form.
pub fn optional_int(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<i32> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => match text.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(field, "Nombre entier attendu.");
                None
            }
        },
    }
}

/// A checkbox: present (any value) means checked.
pub fn checkbox(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "false")
}

/// Empty strings are "not given".
pub fn text(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}
