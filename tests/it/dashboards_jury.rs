//! The examiners' home dashboard (their sessions to come, then the results left to record) and a
//! user with several roles getting each dashboard; the jury set-up the path tests share.

use parcours::auth::Principal;
use serde_json::json;

use crate::dashboards::{assert_accessible, named_cohort, page, row, svg};
use crate::support::{
    Examiner, TestApp, add_juror, advisor_body, ccp1_on_10_march, convoke, enrol_joined,
    exam_session, examiner, record_result,
};

/// A jury of two over a CCP1 session and its two candidates.
pub(crate) struct Jury {
    pub(crate) staff: String,
    pub(crate) a: Examiner,
    pub(crate) b: Examiner,
    pub(crate) lea: i64,
    pub(crate) leo: i64,
    pub(crate) session: i64,
}

/// A CCP1 session on 10 March 2026 with two candidates trained in January and a jury of two.
pub(crate) async fn jury(app: &TestApp) -> Jury {
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let a = examiner(app, &admin, "exa@example.org").await;
    let b = examiner(app, &admin, "exb@example.org").await;
    examiner(app, &admin, "exc@example.org").await;
    let cohort = named_cohort(app, &staff, "Janvier", ("2026-01-05", "2026-02-27"), 20).await;
    let session = exam_session(app, &staff, ccp1_on_10_march()).await;
    for user in [a.id, b.id] {
        add_juror(app, &staff, session, user).await;
    }
    let mut advisors = Vec::new();
    for email in ["lea@example.org", "leo@example.org"] {
        let id = app.advisor(&staff, advisor_body(email)).await;
        enrol_joined(app, &staff, cohort, id, "2026-01-05").await;
        convoke(app, &staff, session, id, "training").await;
        advisors.push(id);
    }
    Jury {
        staff,
        a,
        b,
        lea: advisors[0],
        leo: advisors[1],
        session,
    }
}

/// Records `outcome` for `advisor` at `session` as the juror of `token`.
pub(crate) async fn put_result(
    app: &TestApp,
    token: &str,
    session: i64,
    advisor: i64,
    outcome: &str,
) {
    record_result(app, token, session, advisor, json!({"outcome": outcome})).await;
}

#[tokio::test]
async fn examiners_see_their_sessions_to_come_then_the_results_left_to_record() {
    let app = TestApp::spawn().await;
    let j = jury(&app).await;
    let link = format!("href=\"/exam-sessions/{}\"", j.session);

    let before = page(&app, "exa@example.org", "/").await;
    assert_accessible(&before);
    let upcoming = &before[before.find("h-dash-upcoming").unwrap()..];
    assert!(upcoming.contains(&link), "{upcoming}");
    assert!(upcoming.contains("CCP1, mardi 10 mars 2026, 9 h 00</a>"));
    assert!(upcoming.contains("2 candidats"));
    assert!(before.contains("Aucun résultat en attente de saisie."));
    let outsider = page(&app, "exc@example.org", "/").await;
    assert!(!outsider.contains(&link), "not on this jury");
    assert!(outsider.contains("Aucune session d'examen à venir."));

    app.clock.set("2026-03-10T10:00:00Z".parse().unwrap());
    put_result(&app, &j.a.token, j.session, j.lea, "validated").await;
    let during = page(&app, "exa@example.org", "/").await;
    assert_accessible(&during);
    let chart = svg(&during, "chart-results");
    assert!(
        chart.contains(">1 à saisir sur 2 candidats</text>"),
        "{chart}"
    );
    assert!(
        chart.contains(">CCP1 du 10/03/2026 · La Fabrik</text>"),
        "{chart}"
    );
    let list = &during[during.find("results-to-record").unwrap()..];
    assert!(list.contains(&link));
    assert!(list.contains(": 1 résultat à saisir sur 2</li>"), "{list}");
    assert!(during.contains("Aucune session d'examen à venir."));
    assert!(!page(&app, "exc@example.org", "/").await.contains(&link));

    put_result(&app, &j.b.token, j.session, j.leo, "absent").await;
    let done = page(&app, "exa@example.org", "/").await;
    assert!(done.contains("Aucun résultat en attente de saisie."));
    assert!(!done.contains("aria-labelledby=\"chart-results\""));
    app.run_jobs().await;
}

#[tokio::test]
async fn a_user_with_several_roles_gets_each_dashboard() {
    let app = TestApp::spawn().await;
    let j = jury(&app).await;
    let anct = app.org("anct");
    let ctx = app.ctx();
    app.with_conn(|c| {
        parcours::services::users::add_membership(
            c,
            &Principal::system(),
            ctx,
            j.a.id,
            "coordinator",
            Some(anct),
        )
        .unwrap()
    });
    let html = page(&app, "exa@example.org", "/").await;
    assert_accessible(&html);
    assert!(html.contains("id=\"h-dash-progress\""));
    assert!(html.contains("id=\"h-dash-exams\""));
    assert!(!html.contains("id=\"h-dash-training\""), "no staff role");
    assert_eq!(
        row(&html, "France métropolitaine (FR)"),
        ["0", "0", "2", "0", "0", "2"]
    );
    app.run_jobs().await;
}
