//! The public side: the login page's links, the footer's pages (mentions légales, données
//! personnelles, déclaration d'accessibilité) open without an account and configurable per
//! deployment, the accessibility status following the audit an admin records, and the
//! verification page's issue date, title version and code.

use reqwest::StatusCode;
use serde_json::Value;

use crate::certificates::{certificates_of, published};
use crate::support::{Options, TestApp, assert_page_refusal, post_form};

async fn public_page(app: &TestApp, path: &str) -> String {
    let response = app.anonymous(path).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{path} opens without an account"
    );
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_login_page_offers_the_password_reset_the_check_and_the_footer() {
    let app = TestApp::spawn().await;
    let login = public_page(&app, "/login").await;
    assert!(login.contains(r#"<a href="/password/forgot">Mot de passe oublié ?</a>"#));
    assert!(login.contains(r#"<a href="/verify">Vérifier une attestation</a>"#));
    for link in [
        r#"<a href="/mentions-legales">Mentions légales</a>"#,
        r#"<a href="/donnees-personnelles">Données personnelles</a>"#,
        r#"<a href="/accessibilite">Accessibilité : non conforme</a>"#,
    ] {
        assert!(login.contains(link), "{link} in {login}");
    }
    let verify = public_page(&app, "/verify").await;
    assert!(
        verify.contains("Accessibilité : non conforme"),
        "the footer of the public layout"
    );
    let forgot = public_page(&app, "/password/forgot").await;
    assert!(forgot.contains(r#"href="/mentions-legales""#), "{forgot}");
}

#[tokio::test]
async fn the_footer_pages_say_who_publishes_what_is_kept_and_whom_to_ask() {
    let legal = parcours::config::legal::LegalSettings {
        publisher: "Région Test, 1 place de l'Hôtel de région, 69000 Lyon".to_owned(),
        director: "la présidente de la Région Test".to_owned(),
        host: "Hébergeur Souverain SAS, 2 rue du Centre de données, 59000 Lille".to_owned(),
        dpo_contact: "dpo@region-test.example".to_owned(),
        accessibility_contact: "accessibilite@region-test.example".to_owned(),
    };
    let app = TestApp::spawn_with(Options {
        legal: Some(legal),
        ..Options::default()
    })
    .await;
    let mentions = public_page(&app, "/mentions-legales").await;
    assert!(mentions.contains("<h1>Mentions légales</h1>"));
    for fact in [
        "Région Test, 1 place de l&#x27;Hôtel de région, 69000 Lyon",
        "La publication est dirigée par la présidente de la Région Test.",
        "Hébergeur Souverain SAS, 2 rue du Centre de données, 59000 Lille",
    ] {
        assert!(mentions.contains(fact), "{fact} in {mentions}");
    }
    let data = public_page(&app, "/donnees-personnelles").await;
    for fact in [
        "nom de naissance",
        "date, commune et pays de naissance",
        "émargements",
        "Des données de santé, dans deux cas seulement",
        "demandes d'aménagement d'épreuves",
        "Code du travail",
        "6 ans après la fin de l'action de formation",
        "3 ans après la fin de l'action",
        "10 ans après sa fin",
        "mailto:dpo@region-test.example",
        "Commission nationale de l'informatique et des libertés (CNIL)",
    ] {
        assert!(data.contains(fact), "{fact} in {data}");
    }
    let declaration = public_page(&app, "/accessibilite").await;
    for fact in [
        "<h1>Déclaration d'accessibilité</h1>",
        "<h2>État de conformité</h2>",
        "parcours est <strong>non conforme</strong>",
        "aucun audit de conformité n'a encore été réalisé",
        "<h2>Résultats des tests</h2>",
        "<h2>Contenus non accessibles</h2>",
        "<h2>Établissement de cette déclaration</h2>",
        "Environnement de test",
        "axe-core",
        "défilement horizontal à 390 pixels",
        "Contrôles du HTML rendu",
        "<h2>Retour d'information et contact</h2>",
        "mailto:accessibilite@region-test.example",
        "<h2>Voies de recours</h2>",
        "Défenseur des droits",
        "Région Test",
    ] {
        assert!(declaration.contains(fact), "{fact} in {declaration}");
    }
    assert!(
        !declaration.contains("Enregistrer un audit"),
        "only an admin records an audit"
    );
}

#[tokio::test]
async fn an_audit_makes_the_service_partially_then_totally_conforming() {
    let app = TestApp::spawn().await;
    let admin = app
        .browser_as("admin.a11y@example.org", "admin", None)
        .await;
    let refused = post_form(
        &app,
        &admin,
        "/accessibilite",
        "/accessibilite/audits",
        &[
            ("audited_on", "2026-02-20"),
            ("auditor", "Access42"),
            ("rate", "120"),
        ],
    )
    .await;
    let html = assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Taux de conformité attendu : un pourcentage de 0 à 100.",
    )
    .await;
    assert!(html.contains("Accessibilité : non conforme"));
    let saved = post_form(
        &app,
        &admin,
        "/accessibilite",
        "/accessibilite/audits",
        &[
            ("audited_on", "2026-02-20"),
            ("auditor", "Access42"),
            ("rate", "72,5"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = app.visit_text(&admin, "/accessibilite").await;
    assert!(page.contains("Audit enregistré."), "{page}");
    let anonymous = public_page(&app, "/accessibilite").await;
    assert!(anonymous.contains("parcours est <strong>partiellement conforme</strong>"));
    assert!(
        anonymous.contains("Access42 le vendredi 20 février 2026 révèle que 72,5 % des critères"),
        "{anonymous}"
    );
    assert!(
        public_page(&app, "/login")
            .await
            .contains("Accessibilité : partiellement conforme")
    );
    let entries =
        app.with_conn(|c| parcours::db::audit::history(c, "accessibility_audit", "1").unwrap());
    assert_eq!(entries.len(), 1, "the record is audited");

    post_form(
        &app,
        &admin,
        "/accessibilite",
        "/accessibilite/audits",
        &[
            ("audited_on", "2026-03-01"),
            ("auditor", "Access42"),
            ("rate", "100"),
        ],
    )
    .await;
    let total = public_page(&app, "/accessibilite").await;
    assert!(total.contains("parcours est <strong>totalement conforme</strong>"));
    assert!(total.contains("Aucun contenu non accessible n'a été relevé."));

    let staff = app
        .browser_as("staff.a11y@example.org", "staff", Some("la-fabrik"))
        .await;
    let token = crate::support::csrf_token(&app.page(&staff, "/").await);
    let forbidden = crate::support::submit(
        &app,
        &staff,
        "/accessibilite/audits",
        &token,
        &[
            ("audited_on", "2026-03-01"),
            ("auditor", "Moi"),
            ("rate", "10"),
        ],
    )
    .await;
    assert_page_refusal(
        forbidden,
        StatusCode::FORBIDDEN,
        "Seul un administrateur enregistre un audit d&#x27;accessibilité.",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verification_page_gives_the_issue_date_the_title_version_and_its_code() {
    let app = TestApp::spawn().await;
    let w = published(&app).await;
    app.run_jobs().await;
    let code = certificates_of(&app, w.eloise)[0].code.clone();
    let page = public_page(&app, &format!("/verify/{code}")).await;
    for fact in [
        "<dt>Attestation délivrée le</dt><dd>mardi 10 mars 2026</dd>",
        "<dt>Titre professionnel</dt><dd>Médiateur numérique</dd>",
        "<dt>Version du titre</dt><dd>2025</dd>",
        "<dt>Code du titre</dt><dd>TP-01336</dd>",
    ] {
        assert!(page.contains(fact), "{fact} in {page}");
    }
    let json: Value = app.public_json(&format!("/api/v1/verify/{code}")).await;
    assert_eq!(json["title_version"], "2025");
    assert_eq!(json["title_code"], "TP-01336");
    assert_eq!(json["issued_on"], "2026-03-10");
}
