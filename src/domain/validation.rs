//! Field errors: what a form or an API call got wrong, one French message per field.

use std::collections::BTreeMap;

use serde::Serialize;

/// Messages keyed by field name; the first message for a field wins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `field` unless the field already has one.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    /// A single error.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Every `(field, message)` pair, by field name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// `Ok(())` when empty, the errors otherwise.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Adds the error of `result` under `field`, returning its value.
    pub fn take<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    /// Merges `other` into `self`, keeping messages already present.
    pub fn merge(&mut self, other: Self) {
        for (field, message) in other.0 {
            self.0.entry(field).or_insert(message);
        }
    }
}

/// A required text field: trimmed, not empty, at most `max` characters.
pub fn required_text(value: Option<&str>, max: usize) -> Result<String, String> {
    let trimmed = value.map(str::trim).unwrap_or_default();
    if trimmed.is_empty() {
        Err("Ce champ est obligatoire.".to_owned())
    } else if trimmed.chars().count() > max {
        Err(format!("{max} caractères au plus."))
    } else {
        Ok(trimmed.to_owned())
    }
}

/// An optional text field: trimmed, empty becomes `None`.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > max => Err(format!("{max} caractères au plus.")),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

/// A date written `YYYY-MM-DD`.
pub fn parse_date(value: Option<&str>) -> Result<chrono::NaiveDate, String> {
    let value = value.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Err("Ce champ est obligatoire.".to_owned());
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| "Date invalide : attendu AAAA-MM-JJ.".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_message_wins() {
        let mut errors = FieldErrors::new();
        errors.add("email", "a");
        errors.add("email", "b");
        assert_eq!(errors.get("email"), Some("a"));
        assert!(errors.into_result().is_err());
    }

    #[test]
    fn required_text_trims_and_refuses_blank() {
        assert_eq!(required_text(Some("  Léa "), 10), Ok("Léa".to_owned()));
        assert!(required_text(Some("   "), 10).is_err());
        assert!(required_text(None, 10).is_err());
        assert!(required_text(Some("abcdef"), 5).is_err());
    }

    #[test]
    fn dates_are_iso() {
        assert!(parse_date(Some("2026-02-29")).is_err());
        assert!(parse_date(Some("03/03/2026")).is_err());
        assert_eq!(
            parse_date(Some("2024-02-29")),
            Ok(chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap_or_default())
        );
    }
}
