use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dates(territory: &str, department: Option<&str>, year: i32) -> Vec<NaiveDate> {
    holidays(territory, department, year)
        .into_iter()
        .map(|h| h.date)
        .collect()
}

#[test]
fn easter_matches_known_dates() {
    for (year, date) in [
        (2000, d(2000, 4, 23)),
        (2019, d(2019, 4, 21)),
        (2025, d(2025, 4, 20)),
        (2026, d(2026, 4, 5)),
        (2027, d(2027, 3, 28)),
        (2028, d(2028, 4, 16)),
        (2038, d(2038, 4, 25)),
        (2285, d(2285, 3, 22)),
    ] {
        assert_eq!(easter(year), date, "{year}");
    }
}

/// Easter Monday, Ascension and Whit Monday, 2025–2028, as the calendars print them.
#[test]
fn easter_based_days_2025_to_2028() {
    for (year, monday, ascension, whit) in [
        (2025, d(2025, 4, 21), d(2025, 5, 29), d(2025, 6, 9)),
        (2026, d(2026, 4, 6), d(2026, 5, 14), d(2026, 5, 25)),
        (2027, d(2027, 3, 29), d(2027, 5, 6), d(2027, 5, 17)),
        (2028, d(2028, 4, 17), d(2028, 5, 25), d(2028, 6, 5)),
    ] {
        let all = holidays("FR", None, year);
        let named = |name: &str| all.iter().find(|h| h.name == name).map(|h| h.date);
        assert_eq!(named("lundi de Pâques"), Some(monday), "{year}");
        assert_eq!(named("jeudi de l'Ascension"), Some(ascension), "{year}");
        assert_eq!(named("lundi de Pentecôte"), Some(whit), "{year}");
    }
}

#[test]
fn metropolitan_france_has_eleven_days() {
    for year in 2025..=2028 {
        let all = dates("FR", None, year);
        assert_eq!(all.len(), 11, "{year}");
        for fixed in [
            (1, 1),
            (5, 1),
            (5, 8),
            (7, 14),
            (8, 15),
            (11, 1),
            (11, 11),
            (12, 25),
        ] {
            assert!(all.contains(&d(year, fixed.0, fixed.1)), "{year} {fixed:?}");
        }
        assert!(!all.contains(&d(year, 12, 26)));
        // A département elsewhere adds nothing.
        assert_eq!(dates("FR", Some("75"), year), all);
    }
}

#[test]
fn alsace_moselle_adds_good_friday_and_saint_stephen() {
    for (year, good_friday) in [
        (2025, d(2025, 4, 18)),
        (2026, d(2026, 4, 3)),
        (2027, d(2027, 3, 26)),
        (2028, d(2028, 4, 14)),
    ] {
        for department in ["57", "67", "68"] {
            let all = dates("FR", Some(department), year);
            assert_eq!(all.len(), 13, "{year} {department}");
            assert!(all.contains(&good_friday), "{year} {department}");
            assert!(all.contains(&d(year, 12, 26)), "{year} {department}");
        }
    }
}

#[test]
fn each_overseas_territory_has_its_abolition_day() {
    let expected = [
        ("971", 5, 27),
        ("972", 5, 22),
        ("973", 6, 10),
        ("974", 12, 20),
        ("976", 4, 27),
        ("977", 10, 9),
        ("978", 5, 28),
    ];
    for year in 2025..=2028 {
        let national = dates("FR", None, year);
        for (territory, month, day) in expected {
            let all = holidays(territory, None, year);
            assert_eq!(all.len(), 12, "{territory} {year}");
            let abolition = all
                .iter()
                .find(|h| h.name == "jour de l'abolition de l'esclavage")
                .unwrap();
            assert_eq!(abolition.date, d(year, month, day), "{territory} {year}");
            for n in &national {
                assert!(all.iter().any(|h| h.date == *n), "{territory} {n}");
            }
            // Alsace-Moselle's days are metropolitan only.
            assert!(!all.iter().any(|h| h.name == "Vendredi saint"));
        }
        for territory in ["975", "986", "987", "988"] {
            assert_eq!(dates(territory, None, year), national, "{territory}");
        }
    }
}

#[test]
fn warnings_name_the_day_and_the_holiday() {
    assert_eq!(
        warning("FR", None, d(2026, 5, 25)).as_deref(),
        Some("Le lundi 25 mai 2026 est le lundi de Pentecôte, jour férié.")
    );
    assert_eq!(
        warning("FR", None, d(2026, 1, 1)).as_deref(),
        Some("Le jeudi 1er janvier 2026 est le jour de l'An, jour férié.")
    );
    assert_eq!(
        warning("FR", None, d(2026, 8, 15)).as_deref(),
        Some("Le samedi 15 août 2026 est l'Assomption, jour férié.")
    );
    assert_eq!(
        warning("FR", None, d(2026, 12, 25)).as_deref(),
        Some("Le vendredi 25 décembre 2026 est Noël, jour férié.")
    );
    assert_eq!(
        warning("974", None, d(2027, 12, 20)).as_deref(),
        Some("Le lundi 20 décembre 2027 est le jour de l'abolition de l'esclavage, jour férié.")
    );
    assert_eq!(
        warning("FR", Some("67"), d(2026, 4, 3)).as_deref(),
        Some("Le vendredi 3 avril 2026 est le Vendredi saint, jour férié.")
    );
    assert_eq!(warning("FR", None, d(2026, 4, 3)), None);
    assert_eq!(
        warning("FR", None, d(2026, 3, 8)).as_deref(),
        Some("Le dimanche 8 mars 2026 tombe un week-end.")
    );
    assert_eq!(warning("FR", None, d(2026, 3, 9)), None);
    assert!(is_working_day("972", None, d(2026, 5, 21)));
    assert!(!is_working_day("972", None, d(2026, 5, 22)));
}

#[test]
fn the_department_comes_from_the_venue_postcode() {
    assert_eq!(
        department_of_venue(Some("12 rue du Dôme, 67000 Strasbourg")).as_deref(),
        Some("67")
    );
    assert_eq!(
        department_of_venue(Some("Salle 3, 57000 Metz")).as_deref(),
        Some("57")
    );
    assert_eq!(department_of_venue(Some("Salle 12")), None);
    assert_eq!(department_of_venue(Some("Tél. 0388123456")), None);
    assert_eq!(department_of_venue(None), None);
}
