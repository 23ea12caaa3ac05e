//! The calendar feeds a server keeps (`services::feed_cache`) are the ones it would write: served
//! again while nothing a feed is read from was written, written again after a write from
//! anywhere (this server, another instance, a command: here, SQL behind the server's back), when
//! its first event ends, and, for what an organisation runs, when its horizon moves on at UTC
//! midnight. A revoked feed is refused at once.

use chrono::{NaiveDate, NaiveDateTime};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, cohort, enrolled_advisor, feed_path};

fn execute(app: &TestApp, sql: &str) {
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), c)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    });
}

fn calendar_version(app: &TestApp) -> i64 {
    app.with_conn(|c| parcours::db::calendar_versions::current(c).unwrap())
}

fn summaries(text: &str) -> Vec<String> {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let calendar = parser.next().unwrap().unwrap();
    calendar
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .find(|p| p.name == "SUMMARY")
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        })
        .collect()
}

async fn day(app: &TestApp, staff: &str, cohort_id: i64, date: &str) {
    app.created(
        staff,
        &format!("/api/v1/cohorts/{cohort_id}/days"),
        json!({"date": date, "start_time": "09:00", "end_time": "17:00"}),
    )
    .await;
}

#[tokio::test]
async fn a_kept_feed_is_served_until_a_write_or_the_end_of_its_first_event() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    day(&app, &staff, cohort_id, "2026-03-10").await;
    day(&app, &staff, cohort_id, "2026-03-12").await;
    let lea = enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let token = app.login_token("lea.account@example.org").await;
    let path = feed_path(&app, &token).await;
    let first = app.public_text(&path).await;
    assert_eq!(summaries(&first).len(), 2);
    assert!(app.state.feeds.bytes() > 0, "kept");

    // Renamed, then the version put back as if nothing had been written: the kept feed is
    // served, which shows that it is kept.
    let before = calendar_version(&app);
    execute(
        &app,
        &format!("UPDATE cohorts SET name = 'Promotion renommée' WHERE id = {cohort_id}"),
    );
    assert!(
        calendar_version(&app) > before,
        "a write to cohorts raises it"
    );
    execute(
        &app,
        &format!("UPDATE calendar_versions SET version = {before}"),
    );
    assert_eq!(app.public_text(&path).await, first, "kept");
    // Any write raises it: written again, the new name shows.
    execute(&app, "UPDATE calendar_versions SET version = version + 1");
    let renamed = app.public_text(&path).await;
    assert!(
        summaries(&renamed)
            .iter()
            .all(|s| s.contains("Promotion renommée")),
        "{renamed}"
    );

    // The first day ends (17:00 in Paris) with nothing written: gone from the next answer.
    app.at("2026-03-10T15:59:00Z");
    assert_eq!(summaries(&app.public_text(&path).await).len(), 2);
    app.at("2026-03-10T16:00:01Z");
    assert_eq!(summaries(&app.public_text(&path).await).len(), 1);

    // Revoked by another writer: refused at once.
    execute(&app, "UPDATE calendar_feeds SET revoked_at = created_at");
    assert_eq!(app.anonymous(&path).await.status(), StatusCode::NOT_FOUND);
    app.run_jobs().await;
}

#[tokio::test]
async fn what_an_organisation_runs_enters_its_kept_feed_as_the_horizon_moves_at_midnight() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    day(&app, &staff, cohort_id, "2026-03-10").await;
    // A day 367 days ahead (written directly: a cohort does not last that long), just past the
    // horizon of a feed read on 2 March 2026, inside it from 3 March.
    let at = |d: &str, h: u32| -> NaiveDateTime {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::cohort_days as d;
        diesel::insert_into(d::table)
            .values((
                d::cohort_id.eq(cohort_id),
                d::day.eq(at("2027-03-04", 0).date()),
                d::start_time.eq(at("2027-03-04", 9).time()),
                d::end_time.eq(at("2027-03-04", 17).time()),
                d::starts_at.eq(at("2027-03-04", 8)),
                d::ends_at.eq(at("2027-03-04", 16)),
                d::remote.eq(false),
                d::sequence.eq(0),
                d::created_at.eq(at("2026-03-01", 9)),
                d::updated_at.eq(at("2026-03-01", 9)),
            ))
            .execute(c)
            .unwrap()
    });
    let path = feed_path(&app, &staff).await;
    app.at("2026-03-02T23:59:00Z");
    let today = summaries(&app.public_text(&path).await).len();
    app.at("2026-03-02T23:59:59Z");
    assert_eq!(summaries(&app.public_text(&path).await).len(), today);
    app.at("2026-03-03T00:00:00Z");
    assert_eq!(
        summaries(&app.public_text(&path).await).len(),
        today + 1,
        "the day 367 days ahead is now within the horizon"
    );
}
