//! « Importer des conseillers » from the staff pages: the link on /advisors, the upload (CSRF in
//! the multipart body), the dry-run table, and the button that imports the same file, kept
//! server-side for its uploader only, once.

use reqwest::StatusCode;

use crate::absences::{BOUNDARY, body};
use crate::support::{TestApp, assert_page_refusal, csrf_token};

#[tokio::test]
async fn staff_upload_a_file_see_the_dry_run_and_import_the_same_file() {
    let app = TestApp::spawn().await;
    let _staff = app.fabrik_staff().await;
    let browser = app.logged_in("staff@example.org").await;
    let list = app.page(&browser, "/advisors").await;
    assert!(list.contains("href=\"/advisors/import\""), "{list}");
    let form = app.page(&browser, "/advisors/import").await;
    assert!(form.contains("enctype=\"multipart/form-data\""));
    let token = csrf_token(&form);
    let upload = |csrf: String, file: &'static [u8]| {
        browser
            .post(app.url("/advisors/import"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body(
                &[("csrf_token", csrf)],
                Some(("conseillers.csv", file)),
            ))
            .send()
    };
    let forged = upload("not-the-token".to_owned(), b"x").await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // A refused row: the table says which cell, and offers no import.
    let refused = upload(
        token.clone(),
        b"Nom;Pr\xE9nom;E-mail;Date de naissance;Territoire\nMartin;L\xE9a;lea@example.org;hier;FR\n",
    )
    .await
    .unwrap();
    let html = assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Date de naissance : Date invalide : attendu JJ",
    )
    .await;
    assert!(!html.contains("Importer ces"), "{html}");
    // Good rows: the table, then the button imports the file kept on the server.
    let tried = upload(
        token.clone(),
        b"Nom;Pr\xE9nom;E-mail;Date de naissance;Territoire\nC\x9Cur;L\xE9a;lea@example.org;17/05/1995;FR\nMartin;Paul;paul@example.org;1990-01-02;FR\n",
    )
    .await
    .unwrap();
    assert_eq!(tried.status(), StatusCode::OK);
    let html = tried.text().await.unwrap();
    assert!(
        html.contains("<td>Léa Cœur</td>") && html.contains("création"),
        "{html}"
    );
    assert!(html.contains("Importer ces 2 conseillers"), "{html}");
    let marker = "action=\"/advisors/import/";
    let start = html.find(marker).unwrap() + marker.len();
    let id: String = html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let confirm = format!("/advisors/import/{id}");
    let post = |path: String| {
        browser
            .post(app.url(&path))
            .form(&[("csrf_token", token.clone())])
            .send()
    };
    // Someone else cannot use the upload.
    let other = app
        .browser_as("other@example.org", "staff", Some("la-fabrik"))
        .await;
    let theirs = other
        .post(app.url(&confirm))
        .form(&[(
            "csrf_token",
            csrf_token(&app.page(&other, "/advisors/import").await),
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    let done = post(confirm.clone()).await.unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let list = app.page(&browser, "/advisors").await;
    assert!(
        list.contains("Import terminé : 2 fiches créées, 0 fiche mise à jour."),
        "{list}"
    );
    assert!(list.contains("Cœur"), "{list}");
    // Once only.
    let again = post(confirm).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_import_the_candidates_of_an_exam_session_from_its_page() {
    let app = TestApp::spawn().await;
    let world = crate::support::ExamWorld::jury_set(&app).await;
    for (email, anct) in [("c1@example.org", "PG-C1"), ("c2@example.org", "PG-C2")] {
        let mut body = crate::support::advisor_body(email);
        body["anct_id"] = serde_json::json!(anct);
        app.created_id(&world.staff, "/api/v1/advisors", body).await;
    }
    let browser = app.logged_in("staff@example.org").await;
    let session = format!("/exam-sessions/{}", world.session);
    let page = app.page(&browser, &session).await;
    let path = format!("{session}/candidates/import");
    assert!(page.contains(&format!("href=\"{path}\"")), "{page}");
    let token = csrf_token(&app.page(&browser, &path).await);
    let tried = browser
        .post(app.url(&path))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body(
            &[("csrf_token", token.clone())],
            Some(("candidats.csv", b"ID ANCT;Voie\nPG-C1;vae\nPG-C2;VAE\n")),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(tried.status(), StatusCode::OK);
    let html = tried.text().await.unwrap();
    assert!(html.contains("Inscrire ces 2 candidats"), "{html}");
    let marker = format!("action=\"{path}/");
    let start = html.find(&marker).unwrap() + marker.len();
    let id: String = html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let done = browser
        .post(app.url(&format!("{path}/{id}")))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let page = app.page(&browser, &session).await;
    assert!(page.contains("2 inscriptions enregistrées."), "{page}");
    app.run_jobs().await;
}
