//! Attestations as Open Badges 3.0 credentials: downloaded by their holder as a `vc+jwt`, verified
//! here with `jsonwebtoken` against the JWKS fetched over HTTP, their claims checked; a tampered
//! one refused; revocation published in the signed Bitstring Status List; old credentials still
//! verify after the key is rotated; nobody else downloads them.

use std::io::Read;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::certificates::{certificates_of, published};
use crate::support::{TestApp, assert_problem};

const VC: &str = "https://www.w3.org/ns/credentials/v2";
const OB: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// A published world whose validated candidate (Éloïse) has an account and her attestation.
pub(crate) struct Holder {
    pub(crate) token: String,
    advisor: i64,
    pub(crate) certificate: i64,
    code: String,
    pub(crate) admin: String,
    leo: i64,
    examiner: String,
    session: i64,
}

pub(crate) async fn holder(app: &TestApp) -> Holder {
    let w = published(app).await;
    app.run_jobs().await;
    let certificate = certificates_of(app, w.eloise)[0].clone();
    app.user(
        "eloise.account@example.org",
        "advisor",
        None,
        Some(w.eloise),
    );
    Holder {
        token: app.login_token("eloise.account@example.org").await,
        advisor: w.eloise,
        certificate: certificate.id,
        code: certificate.code,
        admin: w.admin,
        leo: w.leo,
        examiner: w.examiner,
        session: w.session,
    }
}

/// Downloads the credential as its holder, from « Mon parcours »'s link.
pub(crate) async fn download(app: &TestApp, h: &Holder) -> String {
    let r = app
        .get(
            &h.token,
            &format!("/certificates/{}/credential.jwt", h.certificate),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/vc+jwt");
    let disposition = r.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.contains(&format!("attestation-{}.jwt", h.code)));
    r.text().await.unwrap()
}

/// Verifies a compact JWS with `jsonwebtoken` against the JWKS fetched over HTTP.
async fn verify(app: &TestApp, jwt: &str) -> Result<(jsonwebtoken::Header, Value), String> {
    let header = jsonwebtoken::decode_header(jwt).map_err(|e| e.to_string())?;
    let jwks: Value = app.public_json("/.well-known/jwks.json").await;
    let kid = header.kid.clone().ok_or("no kid")?;
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .ok_or("kid not in the JWKS")?;
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    let decoding = jsonwebtoken::DecodingKey::from_ed_components(key["x"].as_str().unwrap())
        .map_err(|e| e.to_string())?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<Value>(jwt, &decoding, &validation)
        .map_err(|e| e.to_string())?
        .claims;
    Ok((header, claims))
}

/// The status list credential's bits, verified and unpacked (multibase `u`, base64url, GZIP).
async fn status_bits(app: &TestApp, url: &str) -> Vec<u8> {
    let path = url.strip_prefix("http://127.0.0.1").unwrap();
    let r = app.anonymous(path).await;
    assert_eq!(r.status(), StatusCode::OK, "the status list is public");
    assert_eq!(r.headers()["content-type"], "application/vc+jwt");
    let jwt = r.text().await.unwrap();
    let (header, list) = verify(app, &jwt).await.expect("the status list verifies");
    assert_eq!(header.typ.as_deref(), Some("vc+jwt"));
    assert_eq!(list["id"], url);
    assert_eq!(
        list["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(list["@context"][0], VC);
    let subject = &list["credentialSubject"];
    assert_eq!(subject["type"], "BitstringStatusList");
    assert_eq!(subject["statusPurpose"], "revocation");
    let encoded = subject["encodedList"].as_str().unwrap();
    let gzip = URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u').expect("multibase base64url"))
        .unwrap();
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(gzip.as_slice())
        .read_to_end(&mut bits)
        .unwrap();
    assert!(bits.len() >= 16 * 1024, "at least 16 KiB: {}", bits.len());
    bits
}

fn bit(bits: &[u8], index: usize) -> u8 {
    (bits[index / 8] >> (7 - index % 8)) & 1
}

#[tokio::test]
async fn the_holder_downloads_an_open_badge_that_verifies_against_the_published_keys() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let page = app
        .get(&h.token, &format!("/advisors/{}", h.advisor))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("/certificates/{}/credential.jwt", h.certificate)),
        "« Mon parcours » links the credential"
    );
    let list = app
        .get_json(
            &h.token,
            &format!("/api/v1/advisors/{}/certificates", h.advisor),
        )
        .await;
    assert_eq!(
        list["items"][0]["credential_url"],
        format!(
            "http://127.0.0.1/certificates/{}/credential.jwt",
            h.certificate
        )
        .as_str()
    );
    let jwt = download(&app, &h).await;
    let (header, vc) = verify(&app, &jwt).await.expect("the credential verifies");
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    assert_eq!(header.typ.as_deref(), Some("vc+jwt"));

    assert_eq!(vc["@context"], json!([VC, OB]));
    assert_eq!(
        vc["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert!(vc["id"].as_str().unwrap().starts_with("urn:uuid:"));
    assert_eq!(vc["validFrom"], "2026-03-10T00:00:00Z");
    let issuer = &vc["issuer"];
    assert_eq!(issuer["id"], "http://127.0.0.1/open-badges/issuer");
    assert_eq!(issuer["type"], json!(["Profile"]));
    assert_eq!(issuer["name"], parcours::config::DEFAULT_ISSUER);
    let profile: Value = app.public_json("/open-badges/issuer").await;
    assert_eq!(profile["id"], issuer["id"], "the issuer profile is public");
    assert_eq!(profile["type"], json!(["Profile"]));
    assert_eq!(profile["@context"], json!([VC, OB]));

    let subject = &vc["credentialSubject"];
    assert_eq!(subject["type"], json!(["AchievementSubject"]));
    let identity = &subject["identifier"][0];
    assert_eq!(identity["type"], "IdentityObject");
    assert_eq!(identity["identityType"], "emailAddress");
    assert_eq!(identity["hashed"], true);
    let salt = identity["salt"].as_str().unwrap();
    assert!(salt.len() >= 16);
    let expected = format!(
        "sha256${}",
        hex::encode(Sha256::digest(format!("eloise@example.org{salt}")))
    );
    assert_eq!(identity["identityHash"], expected.as_str());
    assert!(!jwt.contains("eloise"), "the e-mail only hashed");

    let achievement = &subject["achievement"];
    assert_eq!(achievement["type"], json!(["Achievement"]));
    assert_eq!(achievement["humanCode"], "CCP1");
    assert_eq!(achievement["achievementType"], "Certificate");
    assert!(achievement["name"].as_str().unwrap().starts_with("CCP1 — "));
    assert!(
        achievement["id"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1/open-badges/issuer#achievement-CCP1-")
    );
    let version = achievement["version"].as_str().unwrap();
    assert!(!version.is_empty());
    assert!(
        achievement["description"]
            .as_str()
            .unwrap()
            .contains(&format!("(version {version})"))
    );
    let narrative = achievement["criteria"]["narrative"].as_str().unwrap();
    assert!(
        narrative.contains("C1 : "),
        "from the référentiel: {narrative}"
    );

    let evidence = &vc["evidence"][0];
    assert_eq!(
        evidence["id"],
        format!("http://127.0.0.1/verify/{}", h.code).as_str()
    );
    let status = &vc["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusPurpose"], "revocation");
    assert_eq!(status["statusListIndex"], "0");
    assert_eq!(
        status["statusListCredential"],
        "http://127.0.0.1/open-badges/status/1"
    );

    // The same credential over the API; the same id, salt and place on every download.
    let api = app
        .get(
            &h.token,
            &format!("/api/v1/certificates/{}/credential", h.certificate),
        )
        .await;
    assert_eq!(api.headers()["content-type"], "application/vc+jwt");
    let again = verify(&app, &api.text().await.unwrap()).await.unwrap().1;
    assert_eq!(again, vc);

    // The public check offers it and gives the issue date and the title.
    let check: Value = app.public_json(&format!("/api/v1/verify/{}", h.code)).await;
    assert_eq!(check["issued_on"], "2026-03-10");
    assert!(!check["title"].as_str().unwrap().is_empty());
    assert_eq!(check["title_version"], version);
    let link = format!("/certificates/{}/credential.jwt", h.certificate);
    assert_eq!(check["credential_url"], link.as_str());
    let html = app
        .anonymous(&format!("/verify/{}", h.code))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&link) && html.contains("Open Badges"),
        "{html}"
    );
}

#[tokio::test]
async fn a_tampered_credential_is_refused() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let jwt = download(&app, &h).await;
    let parts: Vec<&str> = jwt.split('.').collect();
    let mut vc: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    vc["credentialSubject"]["achievement"]["humanCode"] = json!("CCP3");
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(vc.to_string()),
        parts[2]
    );
    let refused = verify(&app, &forged).await.expect_err("tampered");
    assert!(refused.contains("InvalidSignature"), "{refused}");
}

#[tokio::test]
async fn revocation_sets_the_credential_s_bit_in_the_status_list() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let jwt = download(&app, &h).await;
    let vc = verify(&app, &jwt).await.unwrap().1;
    let url = vc["credentialStatus"]["statusListCredential"]
        .as_str()
        .unwrap()
        .to_owned();
    let index: usize = vc["credentialStatus"]["statusListIndex"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(bit(&status_bits(&app, &url).await, index), 0, "valid");

    app.post_ok(
        &h.admin,
        &format!("/api/v1/certificates/{}/revoke", h.certificate),
        json!({"reason": "Fraude établie"}),
    )
    .await;
    let bits = status_bits(&app, &url).await;
    assert_eq!(bit(&bits, index), 1, "revoked");
    assert_eq!(bits.iter().map(|b| b.count_ones()).sum::<u32>(), 1);
    assert!(
        verify(&app, &jwt).await.is_ok(),
        "still signed: the status list says it is revoked"
    );
    assert_problem(
        app.get(
            &h.token,
            &format!("/api/v1/certificates/{}/credential", h.certificate),
        )
        .await,
        409,
        "Cette attestation a été révoquée.",
    )
    .await;
    let check: Value = app.public_json(&format!("/api/v1/verify/{}", h.code)).await;
    assert!(check.get("credential_url").is_none());
    // Lists never started are not published.
    assert_eq!(
        app.anonymous("/open-badges/status/2").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_result_corrected_to_not_validated_sets_the_credential_s_bit() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let vc = verify(&app, &download(&app, &h).await).await.unwrap().1;
    let url = vc["credentialStatus"]["statusListCredential"]
        .as_str()
        .unwrap()
        .to_owned();
    let index: usize = vc["credentialStatus"]["statusListIndex"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    app.put_ok(
        &h.examiner,
        &format!("/api/v1/exam-sessions/{}/results/{}", h.session, h.advisor),
        json!({"outcome": "not_validated", "reasons": "Copie d'un autre candidat",
               "correction_reason": "Fraude signalée après la session"}),
    )
    .await;
    let bits = status_bits(&app, &url).await;
    assert_eq!(bit(&bits, index), 1, "revoked by the correction");
    let check: Value = app.public_json(&format!("/api/v1/verify/{}", h.code)).await;
    assert!(check.get("credential_url").is_none(), "{check}");
    app.run_jobs().await;
}

#[tokio::test]
async fn after_a_key_rotation_old_credentials_still_verify_with_their_kid() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let old = download(&app, &h).await;
    let old_kid = jsonwebtoken::decode_header(&old).unwrap().kid.unwrap();
    let now = parcours::clock::Clock::now_naive(&app.clock);
    let new_kid = app.with_conn(|c| parcours::services::signing_keys::rotate(c, now).unwrap());
    assert_ne!(new_kid, old_kid);
    let (header, claims) = verify(&app, &old)
        .await
        .expect("the old key stays published");
    assert_eq!(header.kid.as_deref(), Some(old_kid.as_str()));
    let fresh = download(&app, &h).await;
    let (header, again) = verify(&app, &fresh).await.unwrap();
    assert_eq!(header.kid.as_deref(), Some(new_kid.as_str()));
    assert_eq!(again, claims, "the same credential, signed by the new key");
}

#[tokio::test]
async fn nobody_else_downloads_someone_s_credential() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let leo = h.leo;
    app.user("leo.account@example.org", "advisor", None, Some(leo));
    let other = app.login_token("leo.account@example.org").await;
    assert_problem(
        app.get(
            &other,
            &format!("/api/v1/certificates/{}/credential", h.certificate),
        )
        .await,
        404,
        "introuvable",
    )
    .await;
    assert_problem(
        app.get(&other, "/api/v1/certificates/999999/credential")
            .await,
        404,
        "introuvable",
    )
    .await;
    let page = app
        .get(
            &other,
            &format!("/certificates/{}/credential.jwt", h.certificate),
        )
        .await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    // Without an account: the login page, not the credential.
    let anonymous = app
        .anonymous(&format!("/certificates/{}/credential.jwt", h.certificate))
        .await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.anonymous(&format!(
            "/api/v1/certificates/{}/credential",
            h.certificate
        ))
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_first_downloads_at_once_draw_one_credential() {
    let app = TestApp::spawn().await;
    let h = holder(&app).await;
    let (a, b) = tokio::join!(download(&app, &h), download(&app, &h));
    let (a, b) = (
        verify(&app, &a).await.unwrap().1,
        verify(&app, &b).await.unwrap().1,
    );
    assert_eq!(a, b, "one id, one salt, one place in the list");
}
