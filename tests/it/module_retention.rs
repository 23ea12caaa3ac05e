//! A module session's attendance proof expires like a cohort's: six years after the session's
//! end its signatures and sealed sheets are listed, then removed and audited, and nothing of it
//! is listed again.

use parcours::auth::Principal;
use parcours::services::retention;

use crate::module_signing::{whole_day, world};
use crate::support::TestApp;

#[tokio::test]
async fn a_module_sessions_evidence_expires_six_years_after_it_ended() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    whole_day(&app, &w).await;
    // Léo's morning absence is told to his host structure later: not this test's concern.
    app.expect_leftover_jobs();
    let of_session = |plan: &[retention::CohortExpiry]| {
        plan.iter()
            .find(|p| p.entity == "module_session" && p.cohort_id == w.session)
            .cloned()
    };

    app.at("2031-03-11T08:00:00Z");
    let ctx = app.ctx();
    let early = app.with_conn(|c| retention::plan(c, &Principal::system(), ctx).unwrap());
    assert_eq!(
        of_session(&early),
        None,
        "five years on, nothing has expired"
    );

    app.at("2032-03-11T08:00:00Z");
    let ctx = app.ctx();
    let plan = app.with_conn(|c| retention::plan(c, &Principal::system(), ctx).unwrap());
    let expired = of_session(&plan).expect("the module session's evidence has expired");
    assert!(expired.name.starts_with(&w.title), "{expired:?}");
    assert_eq!(expired.rule_text, "preuves 6 ans, certificats 3 ans");
    // Léa's two signatures, Léo's afternoon, the trainer's two closings; one sealed sheet.
    assert_eq!(expired.counts.signatures, 5, "{expired:?}");
    assert_eq!(expired.counts.attendance_sheets, 1, "{expired:?}");

    let purged = app.with_conn(|c| retention::purge(c, &Principal::system(), ctx).unwrap());
    assert_eq!(of_session(&purged).map(|p| p.counts), Some(expired.counts));
    let after = app.with_conn(|c| retention::plan(c, &Principal::system(), ctx).unwrap());
    assert_eq!(of_session(&after), None);
    let audited: i64 = app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq("retention.purge"))
            .filter(audit_log::entity.eq("module_session"))
            .filter(audit_log::entity_id.eq(w.session.to_string()))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(audited, 1);
}
