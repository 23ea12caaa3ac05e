//! The RGAA conformity status of the service, from the rate of an audit's criteria met: totally
//! conforming at 100 %, partially from 50 %, not conforming below (and until an audit is
//! recorded).

use serde::Serialize;

/// The status shown in the footer and the déclaration d'accessibilité.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conformity {
    /// No audit, or under 50 % of the criteria met.
    Non,
    /// From 50 % to under 100 %.
    Partial,
    /// 100 %.
    Total,
}

impl Conformity {
    /// The status of an audit's `rate` (percentage of criteria met, 0–100); none: not conforming.
    pub fn of(rate: Option<f64>) -> Self {
        match rate {
            Some(rate) if rate >= 100.0 => Self::Total,
            Some(rate) if rate >= 50.0 => Self::Partial,
            _ => Self::Non,
        }
    }

    /// As the RGAA words it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Non => "non conforme",
            Self::Partial => "partiellement conforme",
            Self::Total => "totalement conforme",
        }
    }
}

/// Checks a typed rate: a number from 0 to 100 (a comma as decimal separator is accepted).
pub fn parse_rate(text: &str) -> Option<f64> {
    let rate: f64 = text
        .trim()
        .trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse()
        .ok()?;
    (rate.is_finite() && (0.0..=100.0).contains(&rate)).then_some(rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_decides_the_status() {
        assert_eq!(Conformity::of(None), Conformity::Non);
        assert_eq!(Conformity::of(Some(49.9)), Conformity::Non);
        assert_eq!(Conformity::of(Some(50.0)), Conformity::Partial);
        assert_eq!(Conformity::of(Some(99.9)), Conformity::Partial);
        assert_eq!(Conformity::of(Some(100.0)), Conformity::Total);
        assert_eq!(Conformity::Partial.label(), "partiellement conforme");
    }

    #[test]
    fn rates_are_percentages() {
        assert_eq!(parse_rate("72,5 %"), Some(72.5));
        assert_eq!(parse_rate("100"), Some(100.0));
        assert_eq!(parse_rate("101"), None);
        assert_eq!(parse_rate("-1"), None);
        assert_eq!(parse_rate("beaucoup"), None);
    }
}
