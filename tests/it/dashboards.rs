//! Home dashboards per role (server-drawn SVG whose texts give the figures), repeated in tables,
//! each reading only what the user may see: a training body's fill and attendance, the
//! coordinators' statuses per territory; the helpers the other dashboard tests share.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, enrol, enrolled_advisor, module_of, module_session};

/// The HTML of `path` for `email`, logged in afresh (the clock may have moved).
pub(crate) async fn page(app: &TestApp, email: &str, path: &str) -> String {
    let browser = app.browser();
    app.login(&browser, email).await;
    let response = app.visit(&browser, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path} for {email}");
    response.text().await.unwrap()
}

/// The `<svg>` named by the title `id`.
pub(crate) fn svg<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("aria-labelledby=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no chart {id}"));
    let start = html[..at].rfind("<svg").unwrap();
    let end = at + html[at..].find("</svg>").unwrap() + "</svg>".len();
    &html[start..end]
}

/// The cells of the table row whose header contains `header`.
pub(crate) fn row(html: &str, header: &str) -> Vec<String> {
    let at = html
        .find(&format!("<th scope=\"row\">{header}"))
        .unwrap_or_else(|| panic!("no row {header}"));
    let end = at + html[at..].find("</tr>").unwrap();
    html[at..end]
        .split("<td")
        .skip(1)
        .map(|cell| {
            let cell = &cell[cell.find('>').unwrap() + 1..];
            cell[..cell.find("</td>").unwrap()].trim().to_owned()
        })
        .collect()
}

/// `text` as tera's autoescape writes it.
pub(crate) fn tera_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2F;")
}

/// Every chart is an image named by a `<title>` inside it, with ids unique on the page; no
/// inline style (the CSP blocks them) and every table has a caption and column headers.
pub(crate) fn assert_accessible(html: &str) {
    assert!(!html.contains(" style="), "inline style attribute");
    assert!(!html.contains("<script>"), "inline script");
    let mut ids = Vec::new();
    for chart in html.split("<svg").skip(1) {
        let chart = &chart[..chart.find("</svg>").unwrap()];
        // Charts are images, except those whose bars are links (a named group of links).
        assert!(
            chart.contains("role=\"img\"") || chart.contains("role=\"group\""),
            "{chart}"
        );
        let at = chart.find("aria-labelledby=\"").unwrap() + "aria-labelledby=\"".len();
        let id = &chart[at..at + chart[at..].find('"').unwrap()];
        assert!(chart.contains(&format!("<title id=\"{id}\">")), "{chart}");
        assert!(!ids.contains(&id.to_owned()), "id {id} twice");
        ids.push(id.to_owned());
    }
    for table in html.split("<table").skip(1) {
        let table = &table[..table.find("</table>").unwrap()];
        assert!(table.contains("<caption"), "{table}");
        assert!(table.contains("<th scope=\"col\">"), "{table}");
    }
}

/// A cohort of track 2 named `name`, from `dates.0` to `dates.1`, with `seats` places.
pub(crate) async fn named_cohort(
    app: &TestApp,
    token: &str,
    name: &str,
    dates: (&str, &str),
    seats: i32,
) -> i64 {
    let response = app
        .post(
            token,
            "/api/v1/cohorts",
            json!({"kind": "initial", "track_id": 2, "name": name, "starts_on": dates.0,
                   "ends_on": dates.1, "venue": "Salle 2", "capacity": seats}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn training_staff_see_fill_and_attendance_of_their_own_cohorts_only() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let simplon = app.staff_token("simplon@example.org", "simplon").await;
    let spring = named_cohort(
        &app,
        &staff,
        "Lyon <printemps> & co",
        ("2026-03-09", "2026-04-30"),
        12,
    )
    .await;
    let winter = named_cohort(
        &app,
        &staff,
        "Paris hiver",
        ("2026-02-16", "2026-05-29"),
        10,
    )
    .await;
    named_cohort(
        &app,
        &simplon,
        "Simplon Lille",
        ("2026-04-06", "2026-06-26"),
        8,
    )
    .await;
    for n in 0..2 {
        enrolled_advisor(&app, &staff, spring, &format!("spring{n}@example.org")).await;
    }
    let lea = enrolled_advisor(&app, &staff, winter, "lea@example.org").await;
    let day = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{winter}/days"),
            json!({"date": "2026-02-24", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    app.put_ok(&staff, &format!("/api/v1/cohorts/{winter}/days/{}/attendance", day["id"]), json!({"entries": [ {"advisor_id": lea, "half_day": "am", "status": "present"}, {"advisor_id": lea, "half_day": "pm", "status": "absent"}, ]})).await;

    let html = page(&app, "staff@example.org", "/").await;
    assert_accessible(&html);
    let fill = svg(&html, "chart-fill");
    assert!(fill.contains("<title id=\"chart-fill\">Taux de remplissage"));
    assert!(
        fill.contains(">Lyon &lt;printemps&gt; &amp; co (du 09/03/2026 au 30/04/2026)</text>"),
        "{fill}"
    );
    assert!(fill.contains(">2 / 12 (17\u{a0}%)</text>"), "{fill}");
    assert!(fill.contains(">1 / 10 (10\u{a0}%)</text>"), "{fill}");
    assert!(!html.contains("<printemps>"), "the name is escaped");
    assert!(!html.contains("Simplon Lille"), "another body's cohort");
    assert_eq!(
        row(&html, &format!("<a href=\"/cohorts/{spring}\">"))[1..],
        ["2", "12", "17 %"]
    );
    let attendance = svg(&html, "chart-attendance");
    assert!(
        attendance.contains(">1 / 2 demi-journées (50\u{a0}%)</text>"),
        "{attendance}"
    );
    assert!(attendance.contains(">Paris hiver</text>"));
    assert!(!attendance.contains("printemps"), "nothing recorded there");
    // The existing home content stays below the dashboards.
    let dashboard = html.find("h-dash-training").unwrap();
    assert!(html.find("id=\"h-cohorts\"").unwrap() > dashboard);
    assert!(html.contains("id=\"h-agenda\""));

    let other = page(&app, "simplon@example.org", "/").await;
    let fill = svg(&other, "chart-fill");
    assert!(fill.contains(">0 / 8 (0\u{a0}%)</text>"), "{fill}");
    assert!(!other.contains("printemps") && !other.contains("Paris hiver"));
    assert!(other.contains("Aucun émargement enregistré"));
    app.run_jobs().await;
}

#[tokio::test]
async fn coordinators_count_advisors_per_territory_and_status_within_their_scope() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    app.user("anct@example.org", "coordinator", Some("anct"), None);
    app.user("mednum@example.org", "coordinator", Some("la-mednum"), None);
    let cohort = named_cohort(&app, &staff, "Lyon", ("2026-02-02", "2026-05-29"), 20).await;
    let body = |email: &str, territory: &str| {
        let mut b = advisor_body(email);
        b["territory"] = json!(territory);
        b
    };
    for email in ["a1@example.org", "a2@example.org"] {
        app.advisor(&staff, body(email, "FR")).await;
    }
    let trained = app.advisor(&staff, body("a3@example.org", "FR")).await;
    enrol(&app, &staff, cohort, trained).await;
    let guadeloupe = app.advisor(&staff, body("g1@example.org", "971")).await;
    enrol(&app, &staff, cohort, guadeloupe).await;
    app.advisor(&staff, body("g2@example.org", "971")).await;
    // One module booked by the trained advisor.
    let module = module_of(&app, &provider, 7, 0).await;
    let theme = app
        .get(&provider, &format!("/api/v1/modules/{module}"))
        .await
        .json::<Value>()
        .await
        .unwrap()["theme"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = module_session(&app, &provider, module, &["2026-04-07"], 10).await;
    let booked = app
        .post(
            &staff,
            &format!("/api/v1/module-sessions/{session}/enrolments"),
            json!({"advisor_id": trained}),
        )
        .await;
    assert_eq!(booked.status(), StatusCode::CREATED);

    // Statuses: late, at risk, on track, done, not started; then the total.
    let html = page(&app, "anct@example.org", "/").await;
    assert_accessible(&html);
    assert_eq!(
        row(&html, "France métropolitaine (FR)"),
        ["0", "0", "1", "0", "2", "3"]
    );
    assert_eq!(
        row(&html, "Guadeloupe (971)"),
        ["0", "0", "1", "0", "1", "2"]
    );
    let statuses = svg(&html, "chart-statuses");
    assert!(statuses.contains(">Guadeloupe (971)</text>"));
    assert!(
        statuses.contains(">Dans les temps : 1 · Pas encore en formation : 2</text>"),
        "{statuses}"
    );
    assert_eq!(row(&html, &tera_escaped(&theme)), ["0", "1", "1"]);
    assert!(svg(&html, "chart-themes").contains(">Inscrits, à venir : 1</text>"));

    // The status is computed at the time of asking: nine months later both are at risk (the
    // booked module not attended), a year later late.
    app.clock.set("2026-12-15T12:00:00Z".parse().unwrap());
    let html = page(&app, "anct@example.org", "/").await;
    assert_eq!(
        row(&html, "France métropolitaine (FR)"),
        ["0", "1", "0", "0", "2", "3"]
    );
    app.clock.set("2027-03-10T12:00:00Z".parse().unwrap());
    let html = page(&app, "anct@example.org", "/").await;
    assert_eq!(
        row(&html, "Guadeloupe (971)"),
        ["1", "0", "0", "0", "1", "2"]
    );

    // La Mednum coordinates module providers, not La Fabrik: none of these advisors.
    let mednum = page(&app, "mednum@example.org", "/").await;
    assert!(mednum.contains("Aucun conseiller à suivre"));
    assert!(!mednum.contains("(971)"));
    assert!(mednum.contains("Aucune inscription à un module"));
    app.run_jobs().await;
}
