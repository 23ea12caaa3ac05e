//! The documents funders ask for: the certificat de réalisation and the attestation de fin de
//! formation (per trainee, sealed, versioned), the cohort's certificates in one PDF, who may
//! download them, the cohort's attendance CSV, and the command line that writes them all.

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, assert_problem, cohort, enrol};

/// A 24×8 grayscale PNG standing for the signatory's signature.
const SIGNATURE_PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 24, 0, 0, 0, 8, 8, 0, 0,
    0, 0, 198, 202, 96, 191, 0, 0, 0, 29, 73, 68, 65, 84, 120, 218, 99, 96, 248, 15, 4, 88, 8, 92,
    226, 184, 37, 25, 112, 169, 103, 192, 101, 14, 3, 245, 44, 7, 0, 240, 21, 153, 103, 73, 253,
    190, 25, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

pub(crate) struct World {
    pub(crate) staff: String,
    admin: String,
    pub(crate) cohort: i64,
    pub(crate) day: i64,
    morning: i64,
    pub(crate) lea: i64,
    pub(crate) zoe: i64,
    host: i64,
}

/// La Fabrik with its details, a 70 h cohort with a full day and a morning, Léa (no employer)
/// and Zoé (employed by Mairie X), both enrolled.
pub(crate) async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let admin = app.admin_token().await;
    let fabrik = app.org("la-fabrik");
    let png = SIGNATURE_PNG;
    app.patch_ok(
        &admin,
        &format!("/api/v1/organisations/{fabrik}"),
        json!({"siret": "732 829 320 00074", "nda": "84 69 12345 69",
               "address": "1 rue de la Paix\n69001 Lyon", "signatory_name": "Anne Durand",
               "signatory_role": "Directrice",
               "signature_png_base64": base64::engine::general_purpose::STANDARD.encode(png)}),
    )
    .await;
    let host = app
        .created(
            &admin,
            "/api/v1/organisations",
            json!({"slug": "mairie-x", "name": "Mairie X",
                 "kind": "host_structure", "roles": ["host_structure"]}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let cohort_id = cohort(app, &staff, 3, "2026-02-16", "2026-05-29", 12).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let mut zoe_body = advisor_body("zoe@example.org");
    zoe_body["first_name"] = json!("Zoé");
    zoe_body["last_name"] = json!("Payet");
    zoe_body["host_structure_id"] = json!(host);
    let zoe = app.advisor(&staff, zoe_body).await;
    enrol(app, &staff, cohort_id, lea).await;
    enrol(app, &staff, cohort_id, zoe).await;
    let day = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days"),
            json!({"date": "2026-02-24", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let morning = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days"),
            json!({"date": "2026-02-25", "start_time": "09:00", "end_time": "12:00"}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    app.run_jobs().await;
    World {
        staff,
        admin,
        cohort: cohort_id,
        day,
        morning,
        lea,
        zoe,
        host,
    }
}

pub(crate) async fn mark(app: &TestApp, w: &World, day: i64, entries: Value) {
    app.put_ok(
        &w.staff,
        &format!("/api/v1/cohorts/{}/days/{day}/attendance", w.cohort),
        json!({"entries": entries}),
    )
    .await;
    // The days are past: the host structure's notice of each absence is due at once.
    app.run_jobs().await;
}

async fn pdf(app: &TestApp, token: &str, path: &str) -> Vec<u8> {
    let response = app.get(token, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    response.bytes().await.unwrap().to_vec()
}

pub(crate) fn text_of(pdf: &[u8], page: u32) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.extract_text(&[page]).unwrap()
}

fn certificat_path(w: &World, advisor: i64) -> String {
    format!(
        "/api/v1/cohorts/{}/advisors/{advisor}/certificat-realisation.pdf",
        w.cohort
    )
}

pub(crate) fn latest(
    app: &TestApp,
    kind: &str,
    w: &World,
    advisor: i64,
) -> parcours::db::sealed_documents::SealedRow {
    app.with_conn(|c| {
        parcours::db::sealed_documents::latest_for_advisor(c, kind, w.cohort, advisor)
            .unwrap()
            .unwrap()
    })
}

/// The seal's claims, checked with a real JOSE library against the published JWKS.
async fn verified_claims(app: &TestApp, token: &str) -> Value {
    let jwks = app.public_json("/.well-known/jwks.json").await;
    let header = jsonwebtoken::decode_header(token).unwrap();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"].as_str() == header.kid.as_deref())
        .unwrap();
    assert_eq!(key["kty"], "OKP");
    let decoding =
        jsonwebtoken::DecodingKey::from_ed_components(key["x"].as_str().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(token, &decoding, &validation)
        .unwrap()
        .claims
}

#[tokio::test]
async fn the_certificat_names_everything_the_model_asks_and_counts_the_present_half_days() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    mark(
        &app,
        &w,
        w.day,
        json!([
            {"advisor_id": w.zoe, "half_day": "am", "status": "present"},
            {"advisor_id": w.zoe, "half_day": "pm", "status": "absent"},
        ]),
    )
    .await;
    mark(
        &app,
        &w,
        w.morning,
        json!([{"advisor_id": w.zoe, "half_day": "am", "status": "present"}]),
    )
    .await;
    // 9:00-17:00 less an hour's lunch: 3 h in the morning, 4 h in the afternoon; the
    // morning-only day: 3 h.
    let bytes = pdf(&app, &w.staff, &certificat_path(&w, w.zoe)).await;
    let text = text_of(&bytes, 1);
    for expected in [
        "CERTIFICAT DE RÉALISATION",
        "Zoé Payet",
        "Mairie X",
        "Formation initiale des conseillers numériques — parcours 70 h",
        "☒ Action de formation",
        "du 24/02/2026 au 25/02/2026",
        "pour une durée de 6 h réalisées (sur 10 h prévues)",
        "73282932000074",
        "84691234569",
        "Anne Durand",
        "Fait à : Lyon",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let row = latest(&app, "certificat_realisation", &w, w.zoe);
    assert!(text.contains(&row.code), "{text}");
    assert_eq!(row.version, 1);
    let claims = verified_claims(&app, &row.signature).await;
    assert_eq!(
        claims["sha256"],
        parcours::services::seal::sha256_hex(&bytes)
    );
    assert_eq!(claims["code"], row.code.as_str());
    assert_eq!(claims["advisor_id"], w.zoe);

    // Unchanged: the same document.
    let again = pdf(&app, &w.staff, &certificat_path(&w, w.zoe)).await;
    assert_eq!(again, bytes);
    assert_eq!(latest(&app, "certificat_realisation", &w, w.zoe).id, row.id);

    // A mark changes: version 2 under a new code, the first superseded.
    mark(
        &app,
        &w,
        w.day,
        json!([{"advisor_id": w.zoe, "half_day": "pm", "status": "present"}]),
    )
    .await;
    let third = pdf(&app, &w.staff, &certificat_path(&w, w.zoe)).await;
    let newer = latest(&app, "certificat_realisation", &w, w.zoe);
    assert_eq!(newer.version, 2);
    assert_ne!(newer.code, row.code);
    assert!(
        text_of(&third, 1).contains("10 h"),
        "{}",
        text_of(&third, 1)
    );
    let old = app.with_conn(|c| parcours::db::sealed_documents::find(c, row.id).unwrap());
    assert_eq!(old.superseded_by, Some(newer.id));
}

#[tokio::test]
async fn missing_details_print_a_dash_and_the_page_says_what_to_fill_in() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 3, "2026-02-16", "2026-05-29", 12).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    enrol(&app, &staff, cohort_id, lea).await;
    app.run_jobs().await;
    let path = format!("/api/v1/cohorts/{cohort_id}/advisors/{lea}/certificat-realisation.pdf");
    let text = text_of(&pdf(&app, &staff, &path).await, 1);
    assert!(text.contains("SIRET : —"), "{text}");
    assert!(text.contains("0 h"), "{text}");
    let browser = app.logged_in("staff@example.org").await;
    let html = app.page(&browser, &format!("/cohorts/{cohort_id}")).await;
    assert!(html.contains("renseignez SIRET"), "{html}");
    assert!(
        html.contains(&format!("/cohorts/{cohort_id}/certificats-realisation.pdf")),
        "{html}"
    );
}

#[tokio::test]
async fn the_attestation_states_objectives_nature_duration_and_assessment() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    mark(
        &app,
        &w,
        w.morning,
        json!([{"advisor_id": w.lea, "half_day": "am", "status": "present"}]),
    )
    .await;
    let path = format!(
        "/api/v1/cohorts/{}/advisors/{}/attestation-fin-formation.pdf",
        w.cohort, w.lea
    );
    let bytes = pdf(&app, &w.staff, &path).await;
    let text = text_of(&bytes, 1);
    for expected in [
        "ATTESTATION DE FIN DE FORMATION",
        "Objectifs de la formation",
        "Accompagner différents publics",
        "Nature de l'action : action de formation",
        "Durée de la formation : 10 h",
        "heures suivies : 3 h",
        "Évaluation des acquis : positionnement et évaluations en cours de formation",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let row = latest(&app, "attestation_fin_formation", &w, w.lea);
    assert!(text.contains(&row.code));
    let claims = verified_claims(&app, &row.signature).await;
    assert_eq!(
        claims["sha256"],
        parcours::services::seal::sha256_hex(&bytes)
    );
}

#[tokio::test]
async fn the_bulk_pdf_has_one_certificate_per_trainee() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let path = format!("/api/v1/cohorts/{}/certificats-realisation.pdf", w.cohort);
    let bytes = pdf(&app, &w.staff, &path).await;
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 2);
    let all = format!("{}{}", text_of(&bytes, 1), text_of(&bytes, 2));
    assert!(
        all.contains("Léa Martin") && all.contains("Zoé Payet"),
        "{all}"
    );
    // Each was issued and sealed on its own.
    latest(&app, "certificat_realisation", &w, w.lea);
    latest(&app, "certificat_realisation", &w, w.zoe);
    // The advisor may not have the whole cohort's.
    app.user("lea@example.org", "advisor", None, Some(w.lea));
    let lea = app.login_token("lea@example.org").await;
    let r = app.get(&lea, &path).await;
    assert_problem(r, 404, "introuvable").await;
}

#[tokio::test]
async fn the_trainee_and_their_employer_read_theirs_and_no_one_else_s() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    app.user("rh@mairie-x.example.org", "staff", Some("mairie-x"), None);
    let host = app.login_token("rh@mairie-x.example.org").await;
    let _ = w.host;
    let text = text_of(&pdf(&app, &host, &certificat_path(&w, w.zoe)).await, 1);
    assert!(text.contains("Zoé Payet"));
    assert_problem(
        app.get(&host, &certificat_path(&w, w.lea)).await,
        404,
        "introuvable",
    )
    .await;
    let csv = format!("/api/v1/cohorts/{}/attendance.csv", w.cohort);
    assert_problem(app.get(&host, &csv).await, 404, "introuvable").await;
    // The trainee themself, from their page.
    app.user("lea@example.org", "advisor", None, Some(w.lea));
    let lea = app.login_token("lea@example.org").await;
    pdf(&app, &lea, &certificat_path(&w, w.lea)).await;
    assert_problem(
        app.get(&lea, &certificat_path(&w, w.zoe)).await,
        404,
        "introuvable",
    )
    .await;
    let browser = app.logged_in("lea@example.org").await;
    let html = app.page(&browser, &format!("/advisors/{}", w.lea)).await;
    assert!(
        html.contains(&format!(
            "/cohorts/{}/advisors/{}/attestation-fin-formation.pdf",
            w.cohort, w.lea
        )),
        "{html}"
    );
    let page = app
        .visit(
            &browser,
            &format!(
                "/cohorts/{}/advisors/{}/certificat-realisation.pdf",
                w.cohort, w.lea
            ),
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let _ = w.admin;
}
