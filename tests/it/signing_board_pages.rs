//! The trainer's kiosk and board over HTTP: a drawing recorded as the trainee's, closing with the
//! keyboard alternative (or refused without it), corrections with their reason afterwards.

use reqwest::StatusCode;

use crate::signing_pages::{unescaped, world};
use crate::support::{TestApp, assert_page_refusal, header, post_form};

#[tokio::test]
async fn the_kiosk_records_a_drawing_and_the_trainer_closes_then_corrects() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let trainer = app.logged_in("trainer@example.org").await;
    let kiosk = format!("{}/kiosk", w.board());
    let picked = format!("{kiosk}?advisor={}", w.ines);
    let scribble = post_form(
        &app,
        &trainer,
        &picked,
        &kiosk,
        &[("advisor_id", &w.ines.to_string()), ("drawn_path", "M 1 1")],
    )
    .await;
    assert_page_refusal(
        scribble,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Dessinez votre signature avant de valider.",
    )
    .await;
    let long_path = (0..900)
        .map(|i| format!("{} {} {}", if i == 0 { "M" } else { "L" }, i % 300, i % 100))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(long_path.len() > 1_000);
    let signed = post_form(
        &app,
        &trainer,
        &picked,
        &kiosk,
        &[
            ("advisor_id", &w.ines.to_string()),
            ("drawn_path", &long_path),
        ],
    )
    .await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&signed, "location"), kiosk);
    let list = unescaped(&app.page(&trainer, &kiosk).await);
    assert!(
        list.contains("Merci Inès Martin : présence signée le lundi 2 mars 2026"),
        "{list}"
    );
    assert!(!list.contains(&format!("advisor={}", w.ines)));

    let unsure = post_form(
        &app,
        &trainer,
        &w.board(),
        &format!("{}/close", w.board()),
        &[],
    )
    .await;
    assert_page_refusal(
        unsure,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Signez dans le cadre, ou cochez « Je certifie… »",
    )
    .await;
    let closed = post_form(
        &app,
        &trainer,
        &w.board(),
        &format!("{}/close", w.board()),
        &[("certify", "on"), ("drawn_path", "")],
    )
    .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let board = unescaped(&app.page(&trainer, &w.board()).await);
    assert!(board.contains("1 stagiaire est noté absent"), "{board}");
    assert!(board.contains("Demi-journée close le"), "{board}");
    assert!(
        board.contains("tablette") && board.contains("Corriger"),
        "{board}"
    );
    assert!(!board.contains("Clore la demi-journée</button>"));

    let corrections = format!("{}/corrections", w.board());
    let hugo = w.hugo.to_string();
    let unexplained = post_form(
        &app,
        &trainer,
        &w.board(),
        &corrections,
        &[("advisor_id", &hugo), ("status", "present"), ("reason", "")],
    )
    .await;
    assert_eq!(unexplained.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let corrected = post_form(
        &app,
        &trainer,
        &w.board(),
        &corrections,
        &[
            ("advisor_id", &hugo),
            ("status", "present"),
            ("reason", "Arrivé en retard, a signé la feuille papier."),
        ],
    )
    .await;
    assert_eq!(corrected.status(), StatusCode::SEE_OTHER);
    let board = unescaped(&app.page(&trainer, &w.board()).await);
    assert!(board.contains("Correction enregistrée"), "{board}");
    let kiosk_after = app.visit(&trainer, &kiosk).await;
    assert_page_refusal(
        kiosk_after,
        StatusCode::FORBIDDEN,
        "réservée aux formateurs",
    )
    .await;
    app.run_jobs().await;
}
