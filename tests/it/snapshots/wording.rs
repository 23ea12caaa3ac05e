//! Words that fit the person: the attestation read back from its PDF, the exam convocation and
//! « Mon parcours » for Madame, Monsieur and the neutral form of address (the default), each
//! chosen on « Mon compte »; and no « (e) » nor internal word on the pages of a crawl.

use reqwest::{Client, StatusCode};

use super::{mail_to, redact};
use crate::attendance_day_world::pages_of;
use crate::support::{TestApp, ccp1_on_14_april, convoke, exam_session, named_advisor, post_form};
use parcours::clock::Clock;
use parcours::services::certificates::{Issuing, issue_or_regenerate, sources_of_session};

/// The three forms of address, as « Mon compte » sends them.
const ADDRESSES: [&str; 3] = ["neutral", "madame", "monsieur"];

/// Chooses `address` on « Mon compte » (the page answers 303 back to it).
async fn choose(app: &TestApp, browser: &Client, address: &str) {
    let r = post_form(
        app,
        browser,
        "/account",
        "/account/address",
        &[("form_of_address", address)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{address}");
    let account = app.page(browser, "/account").await;
    assert!(
        account.contains(&format!("value=\"{address}\" checked")),
        "{address} kept"
    );
}

/// The text between `start` and the next `end` in `html`, tags removed.
fn text_between(html: &str, start: &str, end: &str) -> String {
    let from = html.find(start).map_or("", |i| &html[i + start.len()..]);
    let inner = &from[..from.find(end).unwrap_or(from.len())];
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentence of `text` that starts with one of `starts`.
fn sentence(text: &str, starts: &[&str]) -> String {
    starts
        .iter()
        .find_map(|s| text.find(s).map(|i| &text[i..]))
        .map_or_else(
            || format!("(none of {starts:?})"),
            |rest| rest[..rest.find(['.', '\n']).unwrap_or(rest.len())].to_owned(),
        )
}

#[tokio::test]
async fn the_wording_agrees_with_each_form_of_address() {
    let app = TestApp::spawn().await;
    let w = crate::certificates::published(&app).await;
    app.run_jobs().await;
    let session = exam_session(&app, &w.staff, ccp1_on_14_april()).await;
    let documents = parcours::certificates::Documents::load().unwrap();
    app.user("eloise@example.org", "advisor", None, Some(w.eloise));
    let eloise = app.logged_in("eloise@example.org").await;
    let mut said = Vec::new();
    for (i, address) in ADDRESSES.iter().enumerate() {
        // The attestation, drawn again after the choice.
        choose(&app, &eloise, address).await;
        let now = app.clock.now_naive();
        app.with_conn(|c| {
            let issuing = Issuing {
                documents: &documents,
                base_url: "https://parcours.example",
                issuer: "La Fabrik",
            };
            for source in sources_of_session(c, w.session).unwrap() {
                issue_or_regenerate(c, issuing, source, now).unwrap();
            }
        });
        let certificate = &crate::certificates::certificates_of(&app, w.eloise)[0];
        let pdf = app
            .visit(&eloise, &format!("/certificates/{}/pdf", certificate.id))
            .await;
        assert_eq!(pdf.status(), StatusCode::OK);
        let text = pages_of(&pdf.bytes().await.unwrap()).join("\n");
        said.push(format!("## {address}\nattestation: {}", redact(&text)));

        // A convocation and « Mon parcours » for a new advisor who chose it.
        let email = format!("candidat{i}@example.org");
        let name = ["Camille", "Anne", "Bruno"][i];
        let advisor = named_advisor(&app, &w.staff, name, &email).await;
        app.user(&email, "advisor", None, Some(advisor));
        let browser = app.logged_in(&email).await;
        choose(&app, &browser, address).await;
        let page = app.page(&browser, &format!("/advisors/{advisor}")).await;
        said.push(format!(
            "rôle : {}",
            text_between(&page, "<span class=\"whoami-role\">", "</span>")
        ));
        let content = text_between(&page, "<main", "</main>");
        said.push(format!(
            "Mon parcours : {}",
            sentence(
                &content,
                &["Vous n'êtes pas encore entr", "Votre formation initiale"]
            )
        ));
        convoke(&app, &w.staff, session, advisor, "vae").await;
        app.run_jobs().await;
        let mail = mail_to(&app, "exam_convocation", &format!("candidat{i}@"));
        let body = mail.part("text/plain").unwrap_or_default();
        said.push(format!(
            "convocation : {}",
            sentence(&body, &["Vous êtes convoqu", "Voici votre convocation"])
        ));
    }
    let all = said.join("\n");
    assert!(!all.contains("(e)"), "{all}");
    insta::assert_snapshot!("wording_by_form_of_address", all);
}

/// The pages an advisor and La Fabrik's staff see, crawled: no « (e) », no « exemple » badge,
/// no bare territory code in the header.
#[tokio::test]
async fn no_page_of_a_crawl_says_e_in_parentheses_or_shows_an_internal_word() {
    let app = TestApp::spawn().await;
    let w = crate::certificates::published(&app).await;
    app.run_jobs().await;
    app.user("eloise@example.org", "advisor", None, Some(w.eloise));
    let advisor = app.logged_in("eloise@example.org").await;
    let staff = app.logged_in("staff@example.org").await;
    let mut crawled = 0;
    for (who, browser, start) in [
        ("advisor", &advisor, format!("/advisors/{}", w.eloise)),
        ("staff", &staff, "/".to_owned()),
    ] {
        let mut queue = vec![start, "/modules".to_owned(), "/module-sessions".to_owned()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(path) = queue.pop() {
            if !seen.insert(path.clone()) || seen.len() > 40 {
                continue;
            }
            let response = app.visit(browser, &path).await;
            if response.status() != StatusCode::OK
                || !response.headers()["content-type"]
                    .to_str()
                    .unwrap_or_default()
                    .starts_with("text/html")
            {
                continue;
            }
            let html = response.text().await.unwrap();
            crawled += 1;
            assert!(!html.contains("(e)"), "{who} {path}: « (e) »");
            assert!(!html.contains(">exemple<"), "{who} {path}: « exemple »");
            for link in html.split("href=\"/").skip(1) {
                let link = &link[..link.find('"').unwrap_or(0)];
                let bare = !link.contains('?') && !link.contains('.') && !link.contains('#');
                if bare && !link.starts_with("logout") && !link.starts_with("assets") {
                    queue.push(format!("/{link}"));
                }
            }
        }
    }
    assert!(crawled > 10, "{crawled} pages");
}
