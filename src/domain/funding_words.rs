//! The funded-module quota said in plain words, from the same rule as
//! [`super::deadline::is_funded`] and [`super::deadline::funded_left`]: what applies today (the
//! advisor's « prochaine étape », her path) and why a given session is or is not funded (the
//! session's page), so that both pages say one true thing.

use chrono::{Datelike, NaiveDate};

use super::deadline::{FIRST_YEAR_QUOTA, YEARLY_QUOTA, funded_left, is_funded, module_deadline};
use super::french::french_date;

/// « 1 module financé », « 2 modules financés ».
fn funded_modules(n: usize) -> String {
    if n > 1 {
        format!("{n} modules financés")
    } else {
        format!("{n} module financé")
    }
}

/// The rule that applies on `today`, with what is left of it, in the second person.
pub fn rule_today(entry: Option<NaiveDate>, today: NaiveDate, funded_days: &[NaiveDate]) -> String {
    let Some(entry) = entry else {
        return format!(
            "Les modules thématiques se suivent après l'entrée en formation initiale : \
             {FIRST_YEAR_QUOTA} modules financés pendant la première année, puis un par année civile."
        );
    };
    let deadline = module_deadline(entry);
    let left = funded_left(Some(entry), today, funded_days);
    if today < deadline {
        let until = french_date(deadline);
        if left == 0 {
            format!(
                "Vos {FIRST_YEAR_QUOTA} modules financés de la première année sont réservés ou suivis : \
                 un autre module avant le {until} ne serait pas financé ; ensuite, un module \
                 financé par année civile."
            )
        } else {
            format!(
                "Il vous reste {} d'ici le {until} ({FIRST_YEAR_QUOTA} modules financés la \
                 première année) ; ensuite, un module financé par année civile.",
                funded_modules(left)
            )
        }
    } else if left == 0 {
        format!(
            "Depuis le {}, un module financé par année civile : celui de {} est réservé ou \
             suivi ; le prochain sera financé à partir du 1er janvier {}.",
            french_date(deadline),
            today.year(),
            today.year() + 1
        )
    } else {
        format!(
            "Depuis le {}, un module financé par année civile : il vous reste {} en {}.",
            french_date(deadline),
            funded_modules(left.min(YEARLY_QUOTA)),
            today.year()
        )
    }
}

/// Whether a session held on `session_day` would be funded, and why, in the second person.
/// `entry` is the advisor's training entry (the session's day when she has none yet).
pub fn for_session(
    entry: Option<NaiveDate>,
    session_day: NaiveDate,
    funded_days: &[NaiveDate],
) -> (bool, String) {
    let entry = entry.unwrap_or(session_day);
    let funded = is_funded(entry, session_day, funded_days).unwrap_or(false);
    let deadline = module_deadline(entry);
    let on = french_date(session_day);
    let why = if session_day < deadline {
        if funded {
            format!(
                "Cette session du {on} est financée : elle compte parmi vos {FIRST_YEAR_QUOTA} \
                 modules financés d'ici le {}.",
                french_date(deadline)
            )
        } else {
            format!(
                "Cette session du {on} ne serait pas financée : vos {FIRST_YEAR_QUOTA} modules \
                 financés d'ici le {} sont déjà réservés ou suivis.",
                french_date(deadline)
            )
        }
    } else if funded {
        format!(
            "Cette session du {on} est financée : c'est votre module financé de {} (un par \
             année civile après le {}).",
            session_day.year(),
            french_date(deadline)
        )
    } else {
        format!(
            "Cette session du {on} ne serait pas financée : elle a lieu après le {}, où un seul \
             module est financé par année civile, et celui de {} est déjà réservé ou suivi.",
            french_date(deadline),
            session_day.year()
        )
    };
    (funded, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_rule_today_counts_what_is_left_in_its_window() {
        let entry = Some(d(2026, 1, 5));
        let one = rule_today(entry, d(2026, 3, 2), &[d(2026, 2, 10)]);
        assert!(
            one.starts_with("Il vous reste 1 module financé d'ici le mardi 5 janvier 2027"),
            "{one}"
        );
        let none = rule_today(entry, d(2026, 3, 2), &[d(2026, 2, 10), d(2026, 4, 1)]);
        assert!(none.contains("sont réservés ou suivis"), "{none}");
        let after = rule_today(entry, d(2027, 3, 1), &[d(2026, 2, 10)]);
        assert!(
            after.contains("il vous reste 1 module financé en 2027"),
            "{after}"
        );
        let used = rule_today(entry, d(2027, 3, 1), &[d(2027, 2, 1)]);
        assert!(used.contains("à partir du 1er janvier 2028"), "{used}");
        assert!(rule_today(None, d(2026, 3, 2), &[]).contains("après l'entrée"));
    }

    #[test]
    fn a_session_after_the_deadline_follows_the_yearly_rule_whatever_is_left_today() {
        let entry = Some(d(2026, 1, 5));
        // One funded module left today, but 2027's is already booked.
        let days = [d(2026, 2, 10), d(2027, 2, 1)];
        assert!(rule_today(entry, d(2026, 3, 2), &days).starts_with("Il vous reste 1"));
        let (funded, why) = for_session(entry, d(2027, 3, 2), &days);
        assert!(!funded);
        assert!(why.contains("celui de 2027 est déjà réservé"), "{why}");
        let (funded, why) = for_session(entry, d(2026, 6, 2), &days);
        assert!(funded, "{why}");
        assert!(why.contains("est financée"));
    }
}
