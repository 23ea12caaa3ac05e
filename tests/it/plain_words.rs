//! No internal word reaches a person: each demo account walks the pages its home leads to (the
//! links of each page, breadth first, up to a bound) and no page shows a slug, a stored code, a
//! territory code standing for its name, an « exemple » badge or a gendered parenthesis
//! (« inscrit(e) »). Every page answers, none with an error.

use std::collections::{HashSet, VecDeque};

use parcours::clock::FixedClock;
use parcours::demo::DEMO_PASSWORD;
use regex::Regex;
use reqwest::{Client, StatusCode};

use crate::support::{TestApp, csrf_token, default_now};

/// Pages walked per account.
const PAGES_PER_ACCOUNT: usize = 45;

/// Every demo account that has pages.
const ACCOUNTS: &[&str] = &[
    "admin@parcours.test",
    "equipe@lafabrik.test",
    "formatrice@lafabrik.test",
    "examinateur@lafabrik.test",
    "examinatrice@lafabrik.test",
    "equipe@francilin.test",
    "coordination@anct.test",
    "catalogue@lamednum.test",
    "conseillere@parcours.test",
];

async fn demo_app() -> TestApp {
    let app = TestApp::spawn().await;
    let clock = FixedClock::new(default_now());
    let params = parcours::config::PasswordParams {
        memory_kib: 256,
        iterations: 1,
    };
    app.with_conn(|c| parcours::demo::run(c, &clock, params, 240, false).unwrap());
    app.run_jobs().await;
    app
}

async fn log_in(app: &TestApp, email: &str) -> Client {
    let browser = app.browser();
    let token = csrf_token(&app.visit_text(&browser, "/login").await);
    let response = browser
        .post(app.url("/login"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", email),
            ("password", DEMO_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {email}");
    browser
}

/// The links a page offers to pages of parcours (no file, feed, API or log-out).
fn page_links(html: &str, links: &Regex) -> Vec<String> {
    links
        .captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .filter(|href| {
            !href.starts_with("/api/")
                && !href.starts_with("/assets/")
                && !href.starts_with("/calendar/")
                && !href.contains("logout")
                && ![".pdf", ".csv", ".ics", ".xlsx", ".json", ".png", ".zip"]
                    .iter()
                    .any(|ext| href.split('?').next().unwrap_or("").ends_with(ext))
                && !href.contains("/download")
                && !href.contains("/export")
        })
        .collect()
}

/// What a person reads: the text outside tags, scripts and styles, one line per text node.
fn visible_text(html: &str, hidden: &Regex, tags: &Regex) -> String {
    let without_code = hidden.replace_all(html, " ");
    tags.replace_all(&without_code, "\n")
        .replace("&nbsp;", " ")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The rules: what must never be read, each named for the failure message.
fn forbidden() -> Vec<(&'static str, Regex)> {
    [
        ("a gendered parenthesis", r"\w\((e|es|ne|le)\)"),
        ("an « exemple » badge", r"(?i)^exemple$"),
        (
            "an organisation's slug",
            r"\b(la-fabrik|la-mednum|francilin|histya|anct|mairie-x)\b",
        ),
        (
            "a stored code",
            r"\b(confirmed|waitlisted|withdrawn|cancelled|at_risk|on_track|not_started|host_structure|training_body|ccp23|module_provider|catalogue_owner|staff|trainer|examiner|coordinator)\b",
        ),
        ("a territory code for its name", r"^(FR|971|972|973|974|976)$"),
    ]
    .into_iter()
    .map(|(rule, pattern)| (rule, Regex::new(pattern).unwrap()))
    .collect()
}

#[tokio::test]
async fn no_page_of_any_demo_account_shows_an_internal_word() {
    let app = demo_app().await;
    let links = Regex::new(r##"href="(/[^"#]*)""##).unwrap();
    let hidden = Regex::new(r"(?s)<script.*?</script>|<style.*?</style>|<svg.*?</svg>").unwrap();
    let tags = Regex::new(r"(?s)<[^>]*>").unwrap();
    // E-mail addresses may hold a slug (« equipe@francilin.test »): they are read as written.
    let addresses = Regex::new(r"[\w.+-]+@[\w.-]+").unwrap();
    let rules = forbidden();
    let mut problems = Vec::new();
    let mut walked = 0;
    for email in ACCOUNTS {
        let browser = log_in(&app, email).await;
        let mut seen = HashSet::from(["/".to_owned()]);
        let mut queue = VecDeque::from(["/".to_owned()]);
        let mut visited = 0;
        while let Some(path) = queue.pop_front() {
            if visited == PAGES_PER_ACCOUNT {
                break;
            }
            visited += 1;
            let response = app.visit(&browser, &path).await;
            let status = response.status();
            let is_html = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            let html = response.text().await.unwrap();
            assert!(
                status.is_success() || status.is_redirection() || status == StatusCode::FORBIDDEN,
                "{email} {path}: {status}\n{html}"
            );
            if !status.is_success() || !is_html {
                continue;
            }
            let text = visible_text(&html, &hidden, &tags);
            let text = addresses.replace_all(&text, "");
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                for (rule, pattern) in &rules {
                    if pattern.is_match(line) {
                        problems.push(format!("{email} {path}: {rule}: « {line} »"));
                    }
                }
            }
            for link in page_links(&html, &links) {
                if seen.insert(link.clone()) {
                    queue.push_back(link);
                }
            }
        }
        walked += visited;
    }
    assert!(walked > 150, "only {walked} pages walked");
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
