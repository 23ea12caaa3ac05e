//! « Échéances des modules », second pass: sorted by urgency, name or deadline, with days late
//! or left, host structure and territory names, and « relancer »: a reminder e-mail through the
//! job queue (at the real SMTP peer), once per advisor per week, enforced by the database.

use reqwest::StatusCode;
use serde_json::json;

use crate::absences_pages::plain;
use crate::smtp::SmtpPeer;
use crate::support::{TestApp, cohort, csrf_token, submit};

struct World {
    anne: i64,
    zoe: i64,
    host: i64,
}

async fn advisor(
    app: &TestApp,
    staff: &str,
    (first, last): (&str, &str),
    territory: &str,
    host: Option<i64>,
) -> i64 {
    let mut body = json!({"first_name": first, "last_name": last,
                          "email": format!("{}@example.org", first.to_lowercase().replace('é', "e")),
                          "birth_date": "1995-05-17", "territory": territory});
    if let Some(host) = host {
        body["host_structure_id"] = json!(host);
    }
    app.advisor(staff, body).await
}

/// Anne Martin, late since 13 January (Mairie X hosts her); Zoé Durand, of La Réunion, due on
/// 5 May; both trained by La Fabrik.
async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let admin = app.admin_token().await;
    let host = crate::support::mairie_x(app, &admin).await;
    let winter = cohort(app, &staff, 2, "2025-01-13", "2025-04-04", 20).await;
    let spring = cohort(app, &staff, 2, "2025-05-05", "2025-07-25", 20).await;
    let anne = advisor(app, &staff, ("Anne", "Martin"), "FR", Some(host)).await;
    let zoe = advisor(app, &staff, ("Zoé", "Durand"), "974", None).await;
    for (cohort, advisor, joined) in [(winter, anne, "2025-01-13"), (spring, zoe, "2025-05-05")] {
        app.created(
            &staff,
            &format!("/api/v1/cohorts/{cohort}/enrolments"),
            json!({"advisor_id": advisor, "joined_on": joined}),
        )
        .await;
    }
    World { anne, zoe, host }
}

fn position(html: &str, text: &str) -> usize {
    html.find(text)
        .unwrap_or_else(|| panic!("no {text} in {html}"))
}

#[tokio::test]
async fn the_list_sorts_and_says_days_late_host_and_territory_by_name() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let staff = app.logged_in("staff@example.org").await;
    let html = app.visit_text(&staff, "/progress").await;
    assert!(html.contains("en retard de 48 jours"), "{html}");
    assert!(html.contains("64 jours restants"), "{html}");
    assert!(
        html.contains("<td data-label=\"Structure d'accueil\">Mairie X</td>"),
        "{html}"
    );
    assert!(html.contains("<td data-label=\"Territoire\">France métropolitaine</td>"));
    assert!(html.contains("<td data-label=\"Territoire\">La Réunion</td>"));
    assert!(
        !html.contains("<td data-label=\"Territoire\">FR</td>"),
        "no codes"
    );
    assert!(
        position(&html, "Martin Anne") < position(&html, "Durand Zoé"),
        "the late one first"
    );
    let by_name = app.visit_text(&staff, "/progress?sort=name").await;
    assert!(position(&by_name, "Durand Zoé") < position(&by_name, "Martin Anne"));
    let token = app.login_token("staff@example.org").await;
    let api = app.get_json(&token, "/api/v1/progress?sort=name").await;
    assert_eq!(api["advisors"]["items"][0]["advisor_id"], w.zoe);
    assert_eq!(api["advisors"]["items"][1]["days_left"], -48);
    assert_eq!(api["advisors"]["items"][1]["host_structure"], "Mairie X");
    assert_eq!(
        api["advisors"]["items"][1]["territory_name"],
        "France métropolitaine"
    );
    let bad = app.get(&token, "/api/v1/progress?sort=shoe-size").await;
    crate::support::assert_problem(bad, 422, "/problems/validation").await;
    let _ = w.host;
    app.run_jobs().await;
}

async fn relancer(app: &TestApp, browser: &reqwest::Client, fields: &[(&str, &str)]) -> String {
    let token = csrf_token(&app.page(browser, "/progress").await);
    let response = submit(app, browser, "/progress/relances", &token, fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "back to the list");
    let back = response.headers()["location"].to_str().unwrap().to_owned();
    app.visit_text(browser, &back).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relancer_mails_the_advisors_and_their_host_once_a_week_at_most() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let w = world(&app).await;
    app.run_jobs().await;
    let before = peer.messages().len();
    let staff = app.logged_in("staff@example.org").await;
    let (anne, zoe) = (w.anne.to_string(), w.zoe.to_string());

    let none = relancer(&app, &staff, &[]).await;
    assert!(
        none.contains("Cochez au moins un conseiller à relancer."),
        "{none}"
    );

    let page = relancer(
        &app,
        &staff,
        &[
            ("advisor_ids", &anne),
            ("advisor_ids", &zoe),
            ("with_host", "on"),
        ],
    )
    .await;
    assert!(
        page.contains(
            "Relance envoyée à Anne Martin, Zoé Durand (et à 1 structure d&#x27;accueil)."
        ),
        "{page}"
    );
    app.run_jobs().await;
    let sent: Vec<_> = peer.messages().into_iter().skip(before).collect();
    assert_eq!(sent.len(), 3, "Anne, Zoé and Anne's host structure");
    let text = sent
        .iter()
        .filter(|m| m.to == ["anne@example.org"])
        .map(plain)
        .find(|t| t.contains("Votre échéance pour suivre"))
        .unwrap();
    assert!(text.contains("Bonjour Anne,"), "{text}");
    assert!(
        text.contains("le 13/01/2026 (en retard de 48 jours)"),
        "{text}"
    );
    assert!(text.contains("http://127.0.0.1/module-sessions"), "{text}");
    let to_host = sent
        .iter()
        .find(|m| m.to == ["rh@mairie-x.example.org"])
        .unwrap();
    assert!(plain(to_host).contains("Anne Martin, conseiller numérique de votre structure"));
    assert!(sent.iter().any(|m| m.to == ["zoe@example.org"]));

    // The same week: refused, and said so.
    let again = relancer(&app, &staff, &[("advisor_ids", &anne)]).await;
    assert!(
        again.contains("Non relancés : Anne Martin (déjà relancé le lundi 2 mars 2026 : une relance par semaine au plus)."),
        "{again}"
    );
    assert_eq!(app.run_jobs().await, 0, "nothing queued");
    app.at("2026-03-08T20:00:00Z");
    let staff = app.logged_in("staff@example.org").await; // the session of 2 March has ended
    let still = relancer(&app, &staff, &[("advisor_ids", &anne)]).await;
    assert!(
        still.contains("déjà relancé le lundi 2 mars 2026"),
        "six days later: {still}"
    );

    // Seven days later: allowed again.
    app.at("2026-03-09T09:00:00Z");
    let staff = app.logged_in("staff@example.org").await;
    let later = relancer(&app, &staff, &[("advisor_ids", &anne)]).await;
    assert!(later.contains("Relance envoyée à Anne Martin."), "{later}");
    app.run_jobs().await;
    let all = peer.messages();
    let to_anne: Vec<String> = all
        .iter()
        .filter(|m| m.to == ["anne@example.org"])
        .map(plain)
        .filter(|text| text.contains("Votre échéance pour suivre"))
        .collect();
    assert_eq!(
        to_anne.len(),
        2,
        "two relances (besides the scheduled reminders)"
    );
    assert!(
        to_anne[1].contains("en retard de 55 jours"),
        "{}",
        to_anne[1]
    );
    let history =
        app.with_conn(|c| parcours::db::audit::history(c, "advisor", &w.anne.to_string()).unwrap());
    assert_eq!(
        history
            .iter()
            .filter(|e| e.action == "deadline.relance")
            .count(),
        2,
        "each relance audited"
    );

    // Another organisation's staff cannot relance La Fabrik's advisors.
    let other = app
        .browser_as("other.staff@example.org", "staff", Some("francilin"))
        .await;
    let token = csrf_token(&app.page(&other, "/progress").await);
    let refused = submit(
        &app,
        &other,
        "/progress/relances",
        &token,
        &[("advisor_ids", &zoe)],
    )
    .await;
    crate::support::assert_page_refusal(
        refused,
        StatusCode::NOT_FOUND,
        "Page ou ressource introuvable.",
    )
    .await;
}
