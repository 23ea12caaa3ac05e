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
