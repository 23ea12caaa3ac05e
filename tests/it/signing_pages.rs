//! The signing pages over HTTP: the advisor's « Signer ma présence », the QR code's step (which
//! survives a login), the trainer's board (self-signing, closing, corrections), QR page and
//! kiosk, and the trainer's home; each refused to the roles it is not for.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::support::{
    PASSWORD, TestApp, assert_page_refusal, cohort, csrf_token, enrol, header, named_advisor,
    post_form,
};

/// A cohort of La Fabrik with its trainer, a training day today on site (Monday 2 March 2026,
/// 9:00–17:00 in Paris; the clock says 10:00 there), Inès and Hugo enrolled with their accounts.
pub struct World {
    pub cohort: i64,
    pub day: i64,
    pub ines: i64,
    pub hugo: i64,
}

impl World {
    /// The morning's board.
    pub fn board(&self) -> String {
        format!("/cohorts/{}/days/{}/am", self.cohort, self.day)
    }
}

/// Builds the [`World`]: staff `staff@example.org`, trainer `trainer@example.org`, advisors
/// `ines@example.org` and `hugo@example.org`.
pub async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
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
    let ines = named_advisor(app, &staff, "Inès", "ines@example.org").await;
    let hugo = named_advisor(app, &staff, "Hugo", "hugo@example.org").await;
    for (id, email) in [(ines, "ines@example.org"), (hugo, "hugo@example.org")] {
        enrol(app, &staff, cohort_id, id).await;
        app.user(email, "advisor", None, Some(id));
    }
    World {
        cohort: cohort_id,
        day,
        ines,
        hugo,
    }
}

/// The HTML with tera's escapes of `/` and `'` undone, to look for paths and sentences.
pub fn unescaped(html: &str) -> String {
    html.replace("&#x2F;", "/").replace("&#x27;", "'")
}

/// The path (and query) of an absolute URL of the app.
pub fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or_else(|| "/".to_owned(), |i| after_scheme[i..].to_owned())
}

/// The current QR code's JSON, fetched by the trainer's browser.
async fn current_code(app: &TestApp, trainer: &Client, w: &World) -> Value {
    let response = app
        .visit(trainer, &format!("{}/qr/current", w.board()))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Follows the scanned URL and the step as `advisor`, and signs; returns the confirmation.
async fn scan_and_sign(app: &TestApp, advisor: &Client, url: &str) -> String {
    let scanned = app.visit(advisor, &path_of(url)).await;
    assert_eq!(scanned.status(), StatusCode::SEE_OTHER);
    let step = header(&scanned, "location");
    assert!(step.starts_with("/sign/step/"), "{step}");
    let page = app.page(advisor, &step).await;
    assert!(page.contains("Je signe ma présence"), "{page}");
    let signed = post_form(app, advisor, &step, &step, &[]).await;
    assert_eq!(signed.status(), StatusCode::OK);
    signed.text().await.unwrap()
}

#[tokio::test]
async fn each_page_renders_for_its_role_and_refuses_the_others() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let trainer = app.logged_in("trainer@example.org").await;
    let board = unescaped(&app.page(&trainer, &w.board()).await);
    assert!(board.contains("Émargement · Matin"), "{board}");
    assert!(board.contains("Afficher le QR code") && board.contains("Clore la demi-journée"));
    assert!(board.contains("Autoriser la signature depuis le téléphone sans QR"));
    let qr = unescaped(&app.page(&trainer, &format!("{}/qr", w.board())).await);
    assert!(qr.contains("<svg") && qr.contains("/sign/qr/"), "{qr}");
    assert!(qr.contains("aria-live=\"polite\""));
    let kiosk = unescaped(&app.page(&trainer, &format!("{}/kiosk", w.board())).await);
    assert!(
        kiosk.contains(&format!("kiosk?advisor={}", w.ines)),
        "{kiosk}"
    );
    let drawing = app
        .page(&trainer, &format!("{}/kiosk?advisor={}", w.board(), w.hugo))
        .await;
    assert!(drawing.contains("Signature de Hugo Martin") && drawing.contains("<canvas"));
    let home = unescaped(&app.page(&trainer, "/").await);
    assert!(
        home.contains("Émargement du jour") && home.contains(&w.board()),
        "{home}"
    );
    let schedule = app.page(&trainer, &format!("/cohorts/{}", w.cohort)).await;
    assert!(schedule.contains(&format!("{}\">Émargement matin", w.board())));

    let ines = app.logged_in("ines@example.org").await;
    let sign = app.page(&ines, "/sign").await;
    assert!(
        sign.contains("Scannez le QR code affiché par votre formateur"),
        "{sign}"
    );
    for page in ["kiosk", "qr"] {
        let refused = app.visit(&ines, &format!("{}/{page}", w.board())).await;
        assert_page_refusal(refused, StatusCode::NOT_FOUND, "introuvable").await;
    }
    let json = app.visit(&ines, &format!("{}/qr/current", w.board())).await;
    assert_eq!(json.status(), StatusCode::NOT_FOUND);

    // A trainer of the organisation who does not train that day sees the board, not the tools.
    app.user("colleague@example.org", "trainer", Some("la-fabrik"), None);
    let colleague = app.logged_in("colleague@example.org").await;
    let kiosk = app.visit(&colleague, &format!("{}/kiosk", w.board())).await;
    assert_page_refusal(kiosk, StatusCode::FORBIDDEN, "réservée aux formateurs").await;
    let qr = app.visit(&colleague, &format!("{}/qr", w.board())).await;
    assert_page_refusal(qr, StatusCode::FORBIDDEN, "Réservé aux formateurs").await;

    app.user("other@example.org", "trainer", Some("la-mednum"), None);
    let other = app.logged_in("other@example.org").await;
    for page in ["", "/qr", "/kiosk"] {
        let hidden = app.visit(&other, &format!("{}{page}", w.board())).await;
        assert_page_refusal(hidden, StatusCode::NOT_FOUND, "introuvable").await;
    }
    let unknown_half = app
        .visit(
            &trainer,
            &format!("/cohorts/{}/days/{}/soir", w.cohort, w.day),
        )
        .await;
    assert_eq!(unknown_half.status(), StatusCode::NOT_FOUND);
    app.run_jobs().await;
}

#[tokio::test]
async fn the_current_qr_code_leads_an_enrolled_advisor_to_a_signature() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let trainer = app.logged_in("trainer@example.org").await;
    let code = current_code(&app, &trainer, &w).await;
    let svg = code["svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    assert!(code["refresh_in_seconds"].as_i64().unwrap() > 0);
    let url = code["url"].as_str().unwrap();
    assert!(url.contains("/sign/qr/"), "{url}");

    let ines = app.logged_in("ines@example.org").await;
    let confirmation = scan_and_sign(&app, &ines, url).await;
    assert!(
        confirmation.contains("Signé le lundi 2 mars 2026"),
        "{confirmation}"
    );
    assert!(!confirmation.contains("sans preuve de présence"));
    let board = app.page(&trainer, &w.board()).await;
    assert!(board.contains("QR code"), "{board}");
    assert!(board.contains("1 signature sur 2"), "{board}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_step_survives_a_login() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let trainer = app.logged_in("trainer@example.org").await;
    let code = current_code(&app, &trainer, &w).await;
    let phone = app.browser();
    let scanned = app
        .visit(&phone, &path_of(code["url"].as_str().unwrap()))
        .await;
    assert_eq!(scanned.status(), StatusCode::SEE_OTHER);
    let login = header(&scanned, "location");
    assert!(
        login.starts_with("/login?next=%2Fsign%2Fstep%2F"),
        "{login}"
    );
    let form = app.page(&phone, &login).await;
    let next = unescaped(&form)
        .split("name=\"next\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert!(next.starts_with("/sign/step/"), "{next}");
    let logged = phone
        .post(app.url("/login"))
        .form(&[
            ("csrf_token", csrf_token(&form).as_str()),
            ("email", "hugo@example.org"),
            ("password", PASSWORD),
            ("next", next.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&logged, "location"), next);
    let step = unescaped(&app.page(&phone, &next).await);
    assert!(step.contains(&format!("action=\"{next}\"")), "{step}");
    let signed = post_form(&app, &phone, &next, &next, &[]).await;
    let text = signed.text().await.unwrap();
    assert!(text.contains("Signé le lundi 2 mars 2026"), "{text}");
    let _ = w.hugo;
    app.run_jobs().await;
}

#[tokio::test]
async fn an_expired_code_is_refused_on_a_page_that_says_so() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let trainer = app.logged_in("trainer@example.org").await;
    let code = current_code(&app, &trainer, &w).await;
    app.at("2026-03-02T09:05:00Z");
    let ines = app.logged_in("ines@example.org").await;
    let late = app
        .visit(&ines, &path_of(code["url"].as_str().unwrap()))
        .await;
    assert_page_refusal(late, StatusCode::CONFLICT, "Ce code QR a expiré").await;
    let forged = app.visit(&ines, "/sign/qr/abc.def.ghi").await;
    assert_page_refusal(forged, StatusCode::BAD_REQUEST, "est pas valide.").await;
    let anonymous = app.browser();
    let forged = app.visit(&anonymous, "/sign/qr/abc.def.ghi").await;
    assert_page_refusal(forged, StatusCode::BAD_REQUEST, "est pas valide.").await;
    app.run_jobs().await;
}

#[tokio::test]
async fn an_advisor_signs_from_the_phone_when_the_trainer_allows_it() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let trainer = app.logged_in("trainer@example.org").await;
    let allowed = post_form(
        &app,
        &trainer,
        &w.board(),
        &format!("{}/self-sign", w.board()),
        &[("allowed", "on")],
    )
    .await;
    assert_eq!(allowed.status(), StatusCode::SEE_OTHER);
    let ines = app.logged_in("ines@example.org").await;
    let page = unescaped(&app.page(&ines, "/sign").await);
    assert!(page.contains("Je signe ma présence") && page.contains("sans preuve de présence"));
    let action = page
        .split("<form method=\"post\" action=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert!(action.starts_with("/sign/"), "{action}");
    let signed = post_form(&app, &ines, "/sign", &action, &[]).await;
    assert_eq!(signed.status(), StatusCode::OK);
    let text = signed.text().await.unwrap();
    assert!(text.contains("Signé le lundi 2 mars 2026"), "{text}");
    assert!(text.contains("sans preuve de présence sur place"), "{text}");
    let again = app.page(&ines, "/sign").await;
    assert!(
        again.contains("Vous avez signé cette demi-journée."),
        "{again}"
    );

    // Outside any window: the page says when signing opens.
    app.at("2026-03-02T19:00:00Z");
    let closed = app.page(&ines, "/sign").await;
    assert!(
        closed.contains("La signature ouvre 15 minutes avant"),
        "{closed}"
    );
    let hugo = app.logged_in("hugo@example.org").await;
    let late = post_form(&app, &hugo, "/sign", &action, &[]).await;
    assert_page_refusal(late, StatusCode::CONFLICT, "Signature refusée").await;
    app.run_jobs().await;
}
