//! Field errors: what a form or an API call got wrong, one French message per field.

use std::collections::BTreeMap;

use serde::Serialize;

use super::input::{self, TextShape};

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

/// A required single-line text field: trimmed, not empty, at most `max` characters, and clean
/// by the rule of [`input::check`].
pub fn required_text(value: Option<&str>, max: usize) -> Result<String, String> {
    required(value, max, TextShape::SingleLine)
}

/// An optional single-line text field: trimmed, empty becomes `None`.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    optional(value, max, TextShape::SingleLine)
}

/// A required multi-line text field (a reason, a comment): line breaks kept and made uniform.
pub fn required_multiline(value: Option<&str>, max: usize) -> Result<String, String> {
    required(value, max, TextShape::MultiLine)
}

/// An optional multi-line text field.
pub fn optional_multiline(value: Option<&str>, max: usize) -> Result<Option<String>, String> {
    optional(value, max, TextShape::MultiLine)
}

/// A person's name: a required single-line text that does not start like a spreadsheet
/// formula (`=`, `+`, `-`, `@`), so that no export opens as a formula.
pub fn person_name(value: Option<&str>, max: usize) -> Result<String, String> {
    let name = required_text(value, max)?;
    if input::starts_like_formula(&name) {
        return Err("Un nom ne commence pas par =, +, - ou @.".to_owned());
    }
    Ok(name)
}

/// An optional telephone number: digits with spaces, dots, dashes or brackets between them and
/// at most one leading `+` (`+33 6 12 34 56 78`, `06.12.34.56.78`), 6 to 20 digits. Checked at
/// entry, it is exported as it is: it cannot carry a formula.
pub fn optional_phone(value: Option<&str>) -> Result<Option<String>, String> {
    let Some(phone) = optional_text(value, 30)? else {
        return Ok(None);
    };
    let body = phone.strip_prefix('+').unwrap_or(&phone);
    let shaped = body.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if shaped && (6..=20).contains(&digits) {
        Ok(Some(phone))
    } else {
        Err(
            "Numéro de téléphone invalide : des chiffres, espaces ou points, et un + au début \
             pour l'international (+33 6 12 34 56 78)."
                .to_owned(),
        )
    }
}

fn required(value: Option<&str>, max: usize, shape: TextShape) -> Result<String, String> {
    optional(value, max, shape)?.ok_or_else(|| "Ce champ est obligatoire.".to_owned())
}

fn optional(value: Option<&str>, max: usize, shape: TextShape) -> Result<Option<String>, String> {
    let Some(raw) = value else { return Ok(None) };
    input::check(raw, shape)?;
    let cleaned = match shape {
        TextShape::SingleLine | TextShape::Drawing => raw.trim().to_owned(),
        TextShape::MultiLine => input::normalise_breaks(raw.trim()),
    };
    if cleaned.is_empty() {
        Ok(None)
    } else if cleaned.chars().count() > max {
        Err(format!("{max} caractères au plus."))
    } else {
        Ok(Some(cleaned))
    }
}

/// The earliest year a date may fall in (a birth date of 1900 is already implausible).
pub const FIRST_YEAR: i32 = 1900;
/// The latest year a date may fall in.
pub const LAST_YEAR: i32 = 2100;

/// Whether `date` falls in the plausible range of years; the error is French.
pub fn plausible_date(date: chrono::NaiveDate) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "Date hors des années plausibles ({FIRST_YEAR}–{LAST_YEAR})."
        ))
    }
}

/// An instant written in RFC 3339 with any offset, within the plausible years, as naive UTC.
pub fn parse_instant(value: &str) -> Result<chrono::NaiveDateTime, String> {
    let instant = chrono::DateTime::parse_from_rfc3339(value.trim())
        .map_err(|_| "Date et heure invalides : attendu AAAA-MM-JJTHH:MM:SS+01:00.".to_owned())?
        .naive_utc();
    plausible_date(instant.date())?;
    Ok(instant)
}

/// A date written `YYYY-MM-DD`.
pub fn parse_date(value: Option<&str>) -> Result<chrono::NaiveDate, String> {
    let value = value.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Err("Ce champ est obligatoire.".to_owned());
    }
    let date = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| "Date invalide : attendu AAAA-MM-JJ.".to_owned())?;
    plausible_date(date)
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
    fn text_fields_refuse_controls_by_shape() {
        assert!(required_text(Some("Du\npont"), 50).is_err());
        assert!(optional_text(Some("a\0"), 50).is_err());
        assert_eq!(
            required_multiline(Some(" ligne 1\r\nligne 2 "), 50),
            Ok("ligne 1\nligne 2".to_owned())
        );
        assert!(optional_multiline(Some("a\tb"), 50).is_err());
    }

    #[test]
    fn phones_have_a_checked_shape() {
        for ok in [
            "+33 6 12 34 56 78",
            "06.12.34.56.78",
            "0262 12 34 56",
            "(0)1 23 45 67 89",
        ] {
            assert!(optional_phone(Some(ok)).is_ok(), "{ok}");
        }
        for bad in ["=1+1", "-33 6", "@6", "06 12 ab", "+", "12", "+33+6"] {
            assert!(optional_phone(Some(bad)).is_err(), "{bad}");
        }
        assert_eq!(optional_phone(Some("  ")), Ok(None));
    }

    #[test]
    fn dates_are_plausible() {
        assert!(parse_date(Some("9999-01-01")).is_err());
        assert!(parse_date(Some("1899-12-31")).is_err());
        assert!(parse_instant("9999-01-01T09:00:00+01:00").is_err());
        assert!(parse_instant("2026-03-02T09:00:00+04:00").is_ok());
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
