//! An exam day's attendance proof expires like a training day's: six years after the session its
//! signatures and sealed sheet are listed, then removed and audited; the procès-verbal is the
//! certification's record and is never counted.

use parcours::auth::Principal;
use parcours::services::retention;

use crate::exam_signing::{leo_absent, world};
use crate::support::TestApp;

#[tokio::test]
async fn an_exam_days_evidence_expires_six_years_after_the_session() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    leo_absent(&app, &w).await;
    // Léo's absence is told to his host structure later: not this test's concern.
    app.expect_leftover_jobs();
    let session = w.exam.session;
    let of_session = |plan: &[retention::CohortExpiry]| {
        plan.iter()
            .find(|p| p.entity == "exam_session" && p.cohort_id == session)
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
    let expired = of_session(&plan).expect("the exam day's evidence has expired");
    assert_eq!(expired.name, "Session d'examen du 10/03/2026");
    // Éloïse's signature and the juror's closing; the day's sealed sheet.
    assert_eq!(expired.counts.signatures, 2, "{expired:?}");
    assert_eq!(expired.counts.attendance_sheets, 1, "{expired:?}");
    assert_eq!(expired.counts.certificats_realisation, 0);

    let purged = app.with_conn(|c| retention::purge(c, &Principal::system(), ctx).unwrap());
    assert_eq!(of_session(&purged).map(|p| p.counts), Some(expired.counts));
    let after = app.with_conn(|c| retention::plan(c, &Principal::system(), ctx).unwrap());
    assert_eq!(of_session(&after), None);
    let audited: i64 = app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq("retention.purge"))
            .filter(audit_log::entity.eq("exam_session"))
            .filter(audit_log::entity_id.eq(session.to_string()))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(audited, 1);
}
