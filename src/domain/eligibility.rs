//! Who may become a *conseiller numérique*: aged 16 to 64, not retired, not on a *service civique*
//! engagement. Checked when the advisor is recorded (on the hiring date) and again when they enter
//! training (on the entry date), never on "today".

use chrono::{Datelike, NaiveDate};

use super::validation::FieldErrors;

/// Youngest eligible age, in whole years.
pub const MIN_AGE: u32 = 16;
/// Oldest eligible age, in whole years.
pub const MAX_AGE: u32 = 64;

/// The facts eligibility depends on.
#[derive(Debug, Clone, Copy)]
pub struct EligibilityFacts {
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Retired people cannot become advisors.
    pub retired: bool,
    /// A *service civique* engagement does not qualify.
    pub civic_service: bool,
}

/// Age in whole years on `on` (a person born on 29 February turns a year older on 1 March in
/// common years).
pub fn age_on(birth_date: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth_date.year();
    if (on.month(), on.day()) < (birth_date.month(), birth_date.day()) {
        age -= 1;
    }
    age
}

/// Checks the rules on `on`; `moment` names the date in the message ("à l'embauche",
/// "à l'entrée en formation"). Errors are keyed on the form fields.
pub fn check(facts: EligibilityFacts, on: NaiveDate, moment: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let age = age_on(facts.birth_date, on);
    if age < i32::try_from(MIN_AGE).unwrap_or(16) || age > i32::try_from(MAX_AGE).unwrap_or(64) {
        errors.add(
            "birth_date",
            format!(
                "Un conseiller numérique doit avoir entre {MIN_AGE} et {MAX_AGE} ans {moment} \
                 ({age} ans le {}).",
                on.format("%d/%m/%Y")
            ),
        );
    }
    if facts.retired {
        errors.add(
            "retired",
            "Une personne retraitée ne peut pas devenir conseiller numérique.",
        );
    }
    if facts.civic_service {
        errors.add(
            "civic_service",
            "Un engagement de service civique ne permet pas d'être conseiller numérique : \
             la structure d'accueil doit proposer un contrat de travail.",
        );
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn facts(birth: NaiveDate) -> EligibilityFacts {
        EligibilityFacts {
            birth_date: birth,
            retired: false,
            civic_service: false,
        }
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(date(2000, 6, 15), date(2016, 6, 14)), 15);
        assert_eq!(age_on(date(2000, 6, 15), date(2016, 6, 15)), 16);
        assert_eq!(age_on(date(2008, 2, 29), date(2024, 2, 28)), 15);
        assert_eq!(age_on(date(2008, 2, 29), date(2024, 2, 29)), 16);
        assert_eq!(age_on(date(2008, 2, 29), date(2025, 2, 28)), 16);
    }

    #[test]
    fn sixteen_to_sixty_four_inclusive() {
        let on = date(2026, 3, 1);
        assert!(check(facts(date(2010, 3, 1)), on, "à l'embauche").is_ok());
        assert!(check(facts(date(2010, 3, 2)), on, "à l'embauche").is_err());
        assert!(check(facts(date(1961, 3, 2)), on, "à l'embauche").is_ok());
        assert!(check(facts(date(1961, 3, 1)), on, "à l'embauche").is_err());
    }

    #[test]
    fn retired_and_civic_service_are_refused_with_the_fix() {
        let on = date(2026, 3, 1);
        let mut f = facts(date(1990, 1, 1));
        f.retired = true;
        f.civic_service = true;
        let errors = check(f, on, "à l'embauche").err().unwrap_or_default();
        assert!(errors.get("retired").is_some());
        assert!(
            errors
                .get("civic_service")
                .is_some_and(|m| m.contains("contrat de travail"))
        );
    }
}
