//! `parcours demo`: idempotent, and its data obeys the same rules as the services'.

use parcours::clock::FixedClock;
use parcours::db::{advisors, progress};

use crate::support::{TestApp, default_now};

#[tokio::test]
async fn demo_data_is_idempotent_and_consistent_with_the_rules() {
    let app = TestApp::spawn().await;
    let clock = FixedClock::new(default_now());
    let params = parcours::config::PasswordParams {
        memory_kib: 256,
        iterations: 1,
    };
    let first = app.with_conn(|c| parcours::demo::run(c, &clock, params, 240, false).unwrap());
    assert_eq!(first.advisors, 240);
    assert!(first.cohorts >= 12 && first.module_sessions >= 20 && first.users >= 9);
    let second = app.with_conn(|c| parcours::demo::run(c, &clock, params, 240, false).unwrap());
    assert_eq!(
        (
            second.advisors,
            second.cohorts,
            second.module_sessions,
            second.users
        ),
        (0, 0, 0, 0)
    );
    let grown = app.with_conn(|c| parcours::demo::run(c, &clock, params, 300, false).unwrap());
    assert_eq!(grown.advisors, 60, "only what is missing");
    // A published CCP1 session: one advisor in ten, its attestations issued by the worker.
    assert_eq!(first.exam_candidates, 24);
    assert_eq!((second.exam_candidates, grown.exam_candidates), (0, 0));
    app.run_jobs().await;
    let session = app.with_conn(|c| {
        parcours::db::bulk::exam_session_with_venue_prefix(c, "Démo")
            .unwrap()
            .unwrap()
    });
    let validated =
        app.with_conn(|c| parcours::db::certificates::validated_candidates(c, session).unwrap());
    assert_eq!(validated.len(), 21, "three of 24 did not validate");
    let issued: Vec<String> = app.with_conn(|c| {
        validated
            .iter()
            .map(|v| {
                parcours::db::certificates::find_for(
                    c,
                    parcours::db::certificates::Source::Candidate(*v),
                )
                .unwrap()
                .unwrap()
                .code
            })
            .collect()
    });
    let check = app
        .anonymous(&format!("/api/v1/verify/{}", issued[0]))
        .await;
    assert_eq!(check.status(), reqwest::StatusCode::OK);
    // The demo examiners can sit on the juries a demo user forms: habilitated for each CCP, once.
    let habilitations = app.with_conn(|c| {
        let examiner = parcours::db::users::find_by_email(c, "examinateur@lafabrik.test")
            .unwrap()
            .unwrap();
        parcours::db::exams::habilitations_of(c, examiner.id).unwrap()
    });
    assert_eq!(
        habilitations.len(),
        6,
        "CCP1–3 of both title versions: {habilitations:?}"
    );
    // The stored deadline figures are what the services would compute.
    let ctx = app.ctx();
    let mismatches: Vec<i64> = app.with_conn(|c| {
        (1..=300)
            .filter(|id| {
                let before = advisors::find(c, *id).unwrap();
                let stored = (
                    before.training_entry_date,
                    before.module_deadline,
                    before.modules_completed,
                    before.modules_booked,
                    before.late_from,
                );
                let recomputed = parcours::services::progress::refresh(c, ctx, *id).unwrap();
                stored
                    != (
                        recomputed.training_entry_date,
                        recomputed.module_deadline,
                        recomputed.modules_completed,
                        recomputed.modules_booked,
                        recomputed.late_from,
                    )
            })
            .collect()
    });
    assert!(
        mismatches.is_empty(),
        "advisors whose figures differ: {mismatches:?}"
    );
    let counts = app.with_conn(|c| {
        progress::counts(
            c,
            &parcours::auth::principal::Scope::All,
            &progress::DashboardFilter::default(),
            ctx.now,
        )
        .unwrap()
    });
    assert!(
        counts.iter().filter(|(_, n)| *n > 0).count() >= 3,
        "several statuses represented: {counts:?}"
    );
    // Nobody is over capacity.
    let over = app.with_conn(|c| {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(
            "SELECT COUNT(*) AS n FROM module_sessions s WHERE s.capacity < \
             (SELECT COUNT(*) FROM module_enrolments e WHERE e.session_id = s.id AND e.status = 'confirmed')",
        )
        .get_result::<N>(c)
        .unwrap()
        .n
    });
    assert_eq!(over, 0);
}

/// No demo session, training day or exam falls on a weekend or a public holiday of its
/// territory (the demo once had sessions on Sundays and on 1 January).
#[tokio::test]
async fn demo_data_has_no_weekend_or_holiday_session() {
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    use parcours::db::schema::{cohort_days, cohorts, exam_sessions, module_sessions};
    use parcours::domain::holidays::warning;
    let app = TestApp::spawn().await;
    let clock = FixedClock::new(default_now());
    let params = parcours::config::PasswordParams {
        memory_kib: 256,
        iterations: 1,
    };
    app.with_conn(|c| parcours::demo::run(c, &clock, params, 240, false).unwrap());
    let local = |utc: chrono::NaiveDateTime, zone: &str| {
        utc.and_utc()
            .with_timezone(&zone.parse::<chrono_tz::Tz>().unwrap())
            .date_naive()
    };
    let (sessions, days, exams) = app.with_conn(|c| {
        let sessions: Vec<(String, String, chrono::NaiveDateTime)> = module_sessions::table
            .select((
                module_sessions::territory_code,
                module_sessions::timezone,
                module_sessions::starts_at,
            ))
            .load(c)
            .unwrap();
        let days: Vec<(String, chrono::NaiveDate)> = cohort_days::table
            .inner_join(cohorts::table)
            .filter(cohort_days::cancelled_at.is_null())
            .select((cohorts::territory_code, cohort_days::day))
            .load(c)
            .unwrap();
        let exams: Vec<(String, String, chrono::NaiveDateTime)> = exam_sessions::table
            .select((
                exam_sessions::territory_code,
                exam_sessions::timezone,
                exam_sessions::starts_at,
            ))
            .load(c)
            .unwrap();
        (sessions, days, exams)
    });
    assert!(sessions.len() >= 20 && days.len() > 100 && !exams.is_empty());
    let mut wrong: Vec<String> = Vec::new();
    for (territory, zone, at) in sessions.iter().chain(exams.iter()) {
        wrong.extend(warning(territory, None, local(*at, zone)));
    }
    for (territory, day) in &days {
        wrong.extend(warning(territory, None, *day));
    }
    assert!(wrong.is_empty(), "demo days off: {wrong:?}");
    // The demo's convocations and attestations are another test's business.
    app.expect_leftover_jobs();
}
