//! Imports beyond one advisor file: the candidates of an exam session through the registration
//! rule, all or nothing; and a file larger than a batch, imported then updated in chunks.

use std::fmt::Write as _;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::imports::{NEUTRAL, refused_with, send};
use crate::support::{ExamWorld, TestApp, advisor_body};

#[tokio::test]
async fn candidates_import_through_the_registration_rule_all_or_nothing() {
    let app = TestApp::spawn().await;
    let world = ExamWorld::jury_set(&app).await;
    for (email, anct) in [("c1@example.org", "PG-C1"), ("c2@example.org", "PG-C2")] {
        let mut body = advisor_body(email);
        body["anct_id"] = json!(anct);
        app.created_id(&world.staff, "/api/v1/advisors", body).await;
    }
    let simplon = app.staff_token("s@simplon.example", "simplon").await;
    let mut stranger = advisor_body("x@example.org");
    stranger["anct_id"] = json!("PG-X");
    app.created_id(&simplon, "/api/v1/advisors", stranger).await;
    let path = format!("/api/v1/exam-sessions/{}/candidates/import", world.session);
    let file = "ID ANCT;Voie\nPG-C1;vae\nPG-C2;VAE\nPG-X;vae\n";
    let tried = send(&app, &world.staff, &path, file).await;
    assert_eq!(tried.status(), StatusCode::OK);
    let report: Value = tried.json().await.unwrap();
    assert_eq!(report["created"], 2, "{report}");
    refused_with(&report, 4, "ID ANCT", NEUTRAL);
    let refused = send(&app, &world.staff, &format!("{path}?dry_run=false"), file).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let registered = || {
        app.with_conn(|c| {
            parcours::db::exams::candidates(c, world.session)
                .unwrap()
                .len()
        })
    };
    assert_eq!(registered(), 0);
    // The dry run wrote nothing either: the same file without the stranger registers both.
    let done = send(
        &app,
        &world.staff,
        &format!("{path}?dry_run=false"),
        "ID ANCT;Voie\nPG-C1;vae\nPG-C2;vae\n",
    )
    .await;
    assert_eq!(done.status(), StatusCode::CREATED);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["ids"].as_array().map(Vec::len), Some(2));
    assert_eq!(registered(), 2);
    // A second import of one of them is refused by the single registration's rule.
    let again = send(
        &app,
        &world.staff,
        &format!("{path}?dry_run=false"),
        "E-mail;Voie\nc1@example.org;vae\n",
    )
    .await;
    let problem: Value = again.json().await.unwrap();
    refused_with(
        &problem["report"],
        2,
        "E-mail",
        "Ce conseiller est déjà inscrit à cette session.",
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn a_file_larger_than_a_batch_imports_and_updates_in_chunks() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let file = |phone: &str| {
        let mut out = String::from(
            "Nom;Prénom;E-mail;Date de naissance;Territoire;ID ANCT;Code INSEE de naissance;Téléphone\n",
        );
        for i in 0..1_200 {
            let _ = writeln!(
                out,
                "Martin{i};Léa;lea{i}@lot.example.org;17/05/1995;FR;PG-L{i};69123;{phone} {:02}",
                i % 100
            );
        }
        out
    };
    let done = send(
        &app,
        &staff,
        "/api/v1/imports/advisors?dry_run=false",
        file("06 12 34 56"),
    )
    .await;
    assert_eq!(done.status(), StatusCode::CREATED);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["created"], 1_200);
    let again = send(
        &app,
        &staff,
        "/api/v1/imports/advisors?dry_run=false",
        file("07 12 34 56"),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["updated"], 1_200, "{}", again["refused"]);
    assert_eq!(again["ids"], done["ids"]);
    let last = done["ids"][1_199].as_i64().unwrap();
    let last = app
        .get_json(&staff, &format!("/api/v1/advisors/{last}"))
        .await;
    assert_eq!(last["phone"], "07 12 34 56 99");
    assert_eq!(last["identity"]["anct_id"], "PG-L1199");
}
