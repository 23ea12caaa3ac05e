//! The files an independent verifier checks (`scripts/verify-credential`, run by `.ci/run`): a
//! holder's credential, the JWKS, and the status list before and after its revocation, written to
//! `PARCOURS_BADGE_FIXTURE_DIR` when it is set (the test runs either way).

use serde_json::json;

use crate::open_badges::{download, holder};
use crate::support::TestApp;

#[tokio::test]
async fn a_credential_and_its_status_lists_for_the_independent_verifier() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let credential = download(&app, &h).await;
    let jwks = app.public_text("/.well-known/jwks.json").await;
    let valid = app.public_text("/open-badges/status/1").await;
    app.post_ok(
        &h.admin,
        &format!("/api/v1/certificates/{}/revoke", h.certificate),
        json!({"reason": "Fraude établie"}),
    )
    .await;
    let revoked = app.public_text("/open-badges/status/1").await;
    assert_ne!(valid, revoked, "the revocation changed the list");
    if let Ok(dir) = std::env::var("PARCOURS_BADGE_FIXTURE_DIR") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        for (name, content) in [
            ("credential.jwt", &credential),
            ("jwks.json", &jwks),
            ("status-valid.jwt", &valid),
            ("status-revoked.jwt", &revoked),
        ] {
            std::fs::write(dir.join(name), content).unwrap();
        }
        std::fs::write(dir.join("email"), "eloise@example.org").unwrap();
    }
}
