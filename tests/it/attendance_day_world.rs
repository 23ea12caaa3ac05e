//! The world and helpers of the attendance day's journey: a cohort of La Fabrik with one day
//! (Monday 2 March 2026, 9:00–17:00 in Paris), its trainer, four advisors with accounts employed
//! by Mairie X (contact e-mail set); PDFs fetched by the browser and read back as text.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::Journey;
use crate::support::{TestApp, cohort, enrol};

/// The host structure's contact, who receives the absence e-mails.
pub(crate) const HOST_CONTACT: &str = "rh@mairie-x.example.org";

/// The cohort, its training day and four advisors (A, B, C, D).
pub(crate) struct World {
    pub(crate) cohort: i64,
    pub(crate) day: i64,
    pub(crate) trainees: [i64; 4],
}

/// The four advisors' first names, last names and e-mails.
pub(crate) const TRAINEES: [(&str, &str, &str); 4] = [
    ("Alice", "Aubert", "alice@example.org"),
    ("Bruno", "Blanc", "bruno@example.org"),
    ("Chloé", "Carré", "chloe@example.org"),
    ("Denis", "Dupont", "denis@example.org"),
];

impl World {
    /// The board of the half-day `half` (`am` or `pm`).
    pub(crate) fn board(&self, half: &str) -> String {
        format!("/cohorts/{}/days/{}/{half}", self.cohort, self.day)
    }
}

/// Builds the [`World`]: staff `staff@example.org`, trainer `trainer@example.org`.
pub(crate) async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let admin = app.admin_token().await;
    let host = crate::support::mairie_x(app, &admin).await;
    let cohort_id = cohort(app, &staff, 2, "2026-02-16", "2026-05-29", 12).await;
    let trainer = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{cohort_id}/trainers"),
        json!({"user_id": trainer}),
    )
    .await;
    let day = app
        .created_id(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days"),
            json!({"date": "2026-03-02", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    let mut trainees = [0; 4];
    for (slot, (first, last, email)) in trainees.iter_mut().zip(TRAINEES) {
        let id = app
            .advisor(
                &staff,
                json!({"first_name": first, "last_name": last, "email": email,
                       "birth_date": "1990-01-15", "territory": "FR", "host_structure_id": host}),
            )
            .await;
        enrol(app, &staff, cohort_id, id).await;
        app.user(email, "advisor", None, Some(id));
        *slot = id;
    }
    World {
        cohort: cohort_id,
        day,
        trainees,
    }
}

/// The bytes at `path` as the browser's session fetches them (its cookies, its origin).
pub(crate) async fn fetched(journey: &Journey<'_>, path: &str) -> Vec<u8> {
    let script = "const done = arguments[arguments.length - 1];
        fetch(arguments[0]).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
          .then(b => done(Array.from(new Uint8Array(b)))).catch(e => done('erreur ' + e));";
    let bytes = journey
        .client
        .execute_async(script, vec![json!(path)])
        .await
        .unwrap();
    let array = bytes
        .as_array()
        .unwrap_or_else(|| panic!("{path}: {bytes}"));
    array
        .iter()
        .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
        .collect()
}

/// Each page's text, its white space collapsed.
pub(crate) fn pages_of(pdf: &[u8]) -> Vec<String> {
    assert!(
        pdf.starts_with(b"%PDF-"),
        "not a PDF: {}",
        String::from_utf8_lossy(&pdf[..pdf.len().min(300)])
    );
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let count = u32::try_from(doc.get_pages().len()).unwrap();
    (1..=count)
        .map(|p| {
            let text = doc.extract_text(&[p]).unwrap().replace('\u{a0}', " ");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The text of the element `css`.
pub(crate) async fn text_at(journey: &Journey<'_>, css: &str) -> String {
    journey
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("nothing matches {css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// The value JavaScript `script` returns, as a string.
pub(crate) async fn js_string(journey: &Journey<'_>, script: &str) -> String {
    let value: Value = journey.client.execute(script, vec![]).await.unwrap();
    value.as_str().unwrap_or_default().to_owned()
}
