//! The advisor search through its trigram index (FTS5 on SQLite, `pg_trgm` on PostgreSQL):
//! substrings in the middle of names, accents and case ignored, one- and two-character texts
//! (which the index does not serve) still found, the scope kept, a renamed advisor found by the
//! new name only, a deleted one not at all, and `%`, `_` and `"` taken literally.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body};

async fn advisor(app: &TestApp, token: &str, first: &str, last: &str, email: &str) -> i64 {
    let mut body = advisor_body(email);
    body["first_name"] = json!(first);
    body["last_name"] = json!(last);
    app.advisor(token, body).await
}

/// The ids `/api/v1/advisors?q=…` lists for `token`, sorted.
async fn found(app: &TestApp, token: &str, q: &str) -> Vec<i64> {
    let q = q.bytes().fold(String::new(), |mut out, b| {
        let _ = write!(out, "%{b:02X}");
        out
    });
    let body: Value = app
        .get_json(token, &format!("/api/v1/advisors?q={q}&per_page=100"))
        .await;
    let mut ids: Vec<i64> = body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {body}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        body["total"],
        ids.len(),
        "{q}: the count agrees with the rows"
    );
    ids
}

#[tokio::test]
async fn names_are_found_by_any_part_through_the_index_and_follow_renames_and_deletions() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let payet = advisor(&app, &staff, "Hélène", "Payet-Hoarau", "h.p@example.org").await;
    let grondin = advisor(&app, &staff, "Jean", "Grondin", "jg@example.org").await;
    let odd = advisor(&app, &staff, "Zoé", "Cent%_Pour", "odd@example.org").await;
    let quote = advisor(&app, &staff, "Anne", "O\"Hara", "oh@example.org").await;
    // The middle of a name, accents and case ignored.
    assert_eq!(found(&app, &staff, "YET-HO").await, vec![payet]);
    assert_eq!(found(&app, &staff, "élène pay").await, vec![payet]);
    assert_eq!(found(&app, &staff, "helene").await, vec![payet]);
    assert_eq!(found(&app, &staff, "ondi").await, vec![grondin]);
    // One and two characters: the scan, same answers.
    assert_eq!(found(&app, &staff, "Ž").await, vec![odd]);
    assert_eq!(found(&app, &staff, "nd").await, vec![grondin]);
    assert_eq!(found(&app, &staff, "ar").await, vec![payet, quote]);
    // Wildcards and quotes are plain characters.
    assert_eq!(found(&app, &staff, "t%_p").await, vec![odd]);
    assert_eq!(found(&app, &staff, "%_").await, vec![odd]);
    assert_eq!(found(&app, &staff, "nt%").await, vec![odd]);
    assert_eq!(found(&app, &staff, "o\"ha").await, vec![quote]);
    assert!(found(&app, &staff, "payet hoarau").await.is_empty());
    // Another training body sees none of them.
    let simplon = app.staff_token("s@simplon.test", "simplon").await;
    assert!(found(&app, &simplon, "payet").await.is_empty());
    // Renamed: found by the new name, not the old.
    app.patch_ok(
        &staff,
        &format!("/api/v1/advisors/{grondin}"),
        json!({"last_name": "Técher"}),
    )
    .await;
    assert_eq!(found(&app, &staff, "teche").await, vec![grondin]);
    assert!(found(&app, &staff, "grondin").await.is_empty());
    // Deleted: found no more.
    app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::{advisor_identities, advisors};
        diesel::delete(advisor_identities::table.find(payet))
            .execute(c)
            .unwrap();
        diesel::delete(advisors::table.find(payet))
            .execute(c)
            .unwrap()
    });
    assert!(found(&app, &staff, "payet").await.is_empty());
    assert_eq!(found(&app, &staff, "ar").await, vec![quote]);
    // The suggestions take the same way.
    let suggested = app
        .get_json(&staff, "/api/v1/advisors/suggest?q=echer")
        .await;
    assert_eq!(
        suggested["items"].as_array().map(Vec::len),
        Some(1),
        "{suggested}"
    );
    app.run_jobs().await;
}
