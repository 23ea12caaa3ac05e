//! A personal feed over several zones (Paris across its spring change, Guyane, La Réunion,
//! Nouvelle-Calédonie) is served byte for byte as the checked-in fixture
//! `tests/fixtures/feed_zones.ics`, captured from the code before its time-zone blocks were
//! cached: nothing in it is random (UIDs from the rows' ids, `DTSTAMP` from the tests' fixed
//! clock). `PARCOURS_WRITE_FIXTURE=1` writes the fixture again instead of comparing.

use serde_json::{Value, json};

use crate::support::{TestApp, rename_user, training_days};

const FIXTURE: &str = "tests/fixtures/feed_zones.ics";

/// A cohort of La Fabrik in `territory` and `zone`, from March to May 2026; its id.
async fn cohort_in(app: &TestApp, token: &str, name: &str, territory: &str, zone: &str) -> i64 {
    let body = json!({"name": name, "kind": "initial", "track_id": 2, "starts_on": "2026-03-02",
                      "ends_on": "2026-05-29", "territory": territory, "timezone": zone,
                      "venue": format!("{name}, salle 1"), "capacity": 12});
    app.created_id(token, "/api/v1/cohorts", body).await
}

#[tokio::test]
async fn a_feed_over_several_zones_is_served_byte_for_byte_as_the_fixture() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let user = app.with_conn(|c| {
        parcours::db::users::find_by_email(c, "staff@example.org")
            .unwrap()
            .unwrap()
            .id
    });
    rename_user(&app, user, "Anne Martin");
    let mut cohorts = Vec::new();
    let mut days = Vec::new();
    for (name, territory, zone, dates) in [
        (
            "Lyon",
            "FR",
            "Europe/Paris",
            &["2026-03-10", "2026-04-07"][..],
        ),
        ("Cayenne", "973", "America/Cayenne", &["2026-03-11"][..]),
        ("Saint-Denis", "974", "Indian/Reunion", &["2026-03-12"][..]),
        ("Nouméa", "988", "Pacific/Noumea", &["2026-03-13"][..]),
    ] {
        let id = cohort_in(&app, &staff, name, territory, zone).await;
        cohorts.push(id);
        days.extend(training_days(&app, &staff, id, dates).await);
    }
    // The fixture names these ids: both engines number a fresh database's rows alike.
    assert_eq!((cohorts.len(), days.len()), (4, 5));
    let url = app
        .post(&staff, "/api/v1/me/calendar/renew", json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let served = app
        .public_text(&url[url.find("/calendar/").unwrap()..])
        .await;
    let ids = format!("user {user}, cohorts {cohorts:?}, days {days:?}");
    let expected_ids = std::fs::read_to_string(format!("{FIXTURE}.ids")).unwrap_or_default();
    if std::env::var("PARCOURS_WRITE_FIXTURE").is_ok_and(|v| v == "1") {
        std::fs::write(FIXTURE, &served).unwrap();
        std::fs::write(format!("{FIXTURE}.ids"), format!("{ids}\n")).unwrap();
    } else {
        assert_eq!(expected_ids.trim_end(), ids, "the rows the fixture names");
        let fixture = std::fs::read_to_string(FIXTURE).unwrap();
        assert!(served.contains("BEGIN:DAYLIGHT") && served.contains("TZID:Pacific/Noumea"));
        assert!(
            served == fixture,
            "the served feed differs from {FIXTURE}:\n{served}"
        );
    }
    app.run_jobs().await;
}
