//! Sealed attendance sheets: a closed day's sheet names each trainee with status, signature time
//! and method, the trainer and its code; its hash is the downloaded bytes'; its seal verifies with
//! a real JOSE library; /verify shows it; a correction makes a new version that supersedes it; a
//! long day spans pages with the header repeated; the état de présence lists half-days and hours.

use chrono::{NaiveDate, NaiveDateTime};
use parcours::db::sealed_documents::SealedRow;
use parcours::db::{self, attendance, cohorts, half_days, signatures};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{TestApp, assert_problem, cohort, enrol, named_advisor};

const DATE: &str = "2026-03-02";

fn at(h: u32, m: u32) -> NaiveDateTime {
    // UTC; Paris is one hour ahead in March.
    NaiveDate::parse_from_str(DATE, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

struct World {
    staff: String,
    cohort: i64,
    day: i64,
    trainees: Vec<i64>,
    trainer: i64,
}

async fn day_with(app: &TestApp, n: usize) -> World {
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(app, &staff, 2, "2026-02-16", "2026-05-29", 60).await;
    let mut trainees = Vec::new();
    for i in 0..n {
        let first = if i == 0 {
            "Léa".to_owned()
        } else {
            format!("Prénom{i:02}")
        };
        let id = named_advisor(app, &staff, &first, &format!("t{i}@example.org")).await;
        enrol(app, &staff, cohort_id, id).await;
        trainees.push(id);
    }
    let day = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days"),
            json!({"date": DATE, "start_time": "09:00", "end_time": "17:00"}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    app.run_jobs().await;
    let trainer = app.user("formatrice@example.org", "trainer", Some("la-fabrik"), None);
    app.with_conn(|c| cohorts::add_trainer(c, cohort_id, trainer).unwrap());
    World {
        staff,
        cohort: cohort_id,
        day,
        trainees,
        trainer,
    }
}

/// Marks every trainee present in the morning by QR code (the first one also drew a signature on
/// the kiosk in the afternoon; the others absent), the trainer signs and closes both halves.
fn run_day(app: &TestApp, d: &World) {
    app.with_conn(|c| {
        for (half, close_at) in [("am", at(11, 31)), ("pm", at(16, 1))] {
            let row = half_days::get_or_create(c, half_days::COHORT_DAY, d.day, half).unwrap();
            for (i, advisor) in d.trainees.iter().enumerate() {
                let present = half == "am" || i == 0;
                attendance::upsert(
                    c,
                    &attendance::NewMark {
                        cohort_day_id: d.day,
                        advisor_id: *advisor,
                        half_day: half.to_owned(),
                        status: if present { "present" } else { "absent" }.to_owned(),
                        justification: None,
                        recorded_by: Some(d.trainer),
                        recorded_at: close_at,
                    },
                )
                .unwrap();
                if present {
                    let (method, drawn) = if half == "am" {
                        ("qr", None)
                    } else {
                        ("kiosk", Some("M 10 10 L 120 80 L 250 30"))
                    };
                    signatures::insert(
                        c,
                        &signatures::NewSignature {
                            half_day_id: row.id,
                            signer_role: signatures::TRAINEE,
                            advisor_id: Some(*advisor),
                            user_id: None,
                            method,
                            on_site_proof: true,
                            signed_at: if half == "am" { at(8, 2) } else { at(12, 40) },
                            client_addr: Some("127.0.0.1"),
                            user_agent: Some("test"),
                            drawn_svg: drawn,
                        },
                    )
                    .unwrap();
                }
            }
            signatures::insert(
                c,
                &signatures::NewSignature {
                    half_day_id: row.id,
                    signer_role: signatures::TRAINER,
                    advisor_id: None,
                    user_id: Some(d.trainer),
                    method: "kiosk",
                    on_site_proof: true,
                    signed_at: close_at,
                    client_addr: None,
                    user_agent: None,
                    drawn_svg: Some("M 5 50 L 150 20 L 290 90"),
                },
            )
            .unwrap();
            half_days::close(c, row.id, Some(d.trainer), close_at).unwrap();
        }
    });
}

fn seal(app: &TestApp, day: i64) -> Option<SealedRow> {
    let ctx = app.ctx();
    app.with_conn(|c| {
        db::write_transaction(c, |c| {
            parcours::services::sealing::seal_day(
                c,
                ctx,
                parcours::services::sitting::DayKind::CohortDay,
                day,
            )
        })
        .unwrap()
    })
}

async fn download(app: &TestApp, token: &str, d: &World) -> Vec<u8> {
    let response = app
        .get(
            token,
            &format!("/api/v1/cohorts/{}/days/{}/sealed-sheet", d.cohort, d.day),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.unwrap().to_vec()
}

fn text_of(pdf: &[u8]) -> (usize, Vec<String>) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages = doc.get_pages().len();
    let texts = (1..=u32::try_from(pages).unwrap())
        .map(|p| {
            let text = doc.extract_text(&[p]).unwrap().replace('\u{a0}', " ");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect();
    (pages, texts)
}

async fn check_jws(app: &TestApp, row: &SealedRow, pdf: &[u8]) {
    let jwks: Value = app.public_json("/.well-known/jwks.json").await;
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == row.kid.as_str())
        .expect("the sealing key is published");
    assert_eq!(key["kty"], "OKP");
    let decoding =
        jsonwebtoken::DecodingKey::from_ed_components(key["x"].as_str().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<Value>(&row.signature, &decoding, &validation)
        .expect("the seal verifies")
        .claims;
    assert_eq!(claims["sha256"], hex::encode(Sha256::digest(pdf)));
    assert_eq!(claims["code"], row.code.as_str());
    assert_eq!(claims["kind"], "attendance_sheet");
}

#[tokio::test]
async fn a_closed_day_is_sealed_checked_and_superseded_by_its_correction() {
    let app = TestApp::spawn().await;
    let d = day_with(&app, 3).await;
    let path = format!("/api/v1/cohorts/{}/days/{}/sealed-sheet", d.cohort, d.day);
    assert!(seal(&app, d.day).is_none(), "nothing closed yet");
    let early = app.get(&d.staff, &path).await;
    assert_problem(early, 409, "scellée quand chaque demi-journée").await;

    let staff_page = app
        .browser_as("equipe@example.org", "staff", Some("la-fabrik"))
        .await;
    let sheet_page = format!("/cohorts/{}/days/{}/sheet.pdf", d.cohort, d.day);
    let response = app.visit(&staff_page, &sheet_page).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("La feuille sera scellée quand chaque demi-journée sera close."),
        "{html}"
    );

    run_day(&app, &d);
    let v1 = seal(&app, d.day).expect("every half-day closed");
    assert_eq!(v1.version, 1);
    let pdf = download(&app, &d.staff, &d).await;
    assert_eq!(hex::encode(Sha256::digest(&pdf)), v1.sha256);
    let (_, pages) = text_of(&pdf);
    let text = pages.join("\n");
    for expected in [
        "Léa Martin",
        "Prénom01 Martin",
        "Présence",
        "Absence",
        "9 h 02 · QR code",
        "13 h 40 · tablette",
        "(3 h de formation, pause déjeuner déduite)",
        "(4 h de formation, pause déjeuner déduite)",
        "signature électronique du formateur",
        "Test trainer",
        v1.code.as_str(),
        "Version 1",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let again = seal(&app, d.day).unwrap();
    assert_eq!(
        (again.id, again.version),
        (v1.id, 1),
        "unchanged: same version"
    );
    check_jws(&app, &v1, &pdf).await;

    let page = app.public_text(&format!("/verify/{}", v1.code)).await;
    for expected in [
        "Feuille d&#x27;émargement",
        "lundi 2 mars 2026",
        &v1.sha256,
        &v1.kid,
        "Le sceau est vérifié",
    ] {
        assert!(page.contains(expected), "{expected:?} in {page}");
    }
    let api = app
        .public_json(&format!("/api/v1/verify/{}", v1.code))
        .await;
    assert_eq!(api["kind"], "attendance_sheet");
    assert_eq!(api["seal_verifies"], true);

    // A correction after closing: Prénom01 was there in the afternoon.
    let reason = "Arrivé en retard, présent l'après-midi (vu par la formatrice)";
    app.with_conn(|c| {
        let pm = half_days::find_for(c, half_days::COHORT_DAY, d.day, "pm")
            .unwrap()
            .unwrap();
        attendance::upsert(
            c,
            &attendance::NewMark {
                cohort_day_id: d.day,
                advisor_id: d.trainees[1],
                half_day: "pm".to_owned(),
                status: "present".to_owned(),
                justification: None,
                recorded_by: Some(d.trainer),
                recorded_at: at(17, 0),
            },
        )
        .unwrap();
        signatures::insert_correction(
            c,
            &signatures::NewCorrection {
                half_day_id: pm.id,
                advisor_id: d.trainees[1],
                before_status: Some("absent"),
                after_status: "present",
                reason,
                corrected_by: Some(d.trainer),
                corrected_at: at(17, 0),
            },
        )
        .unwrap();
    });
    let v2 = seal(&app, d.day).unwrap();
    assert_eq!(v2.version, 2);
    assert_ne!(v2.code, v1.code);
    let pdf2 = download(&app, &d.staff, &d).await;
    assert_eq!(hex::encode(Sha256::digest(&pdf2)), v2.sha256);
    let text2 = text_of(&pdf2).1.join("\n");
    for expected in [
        reason,
        "Absence → Présence",
        "Version 2",
        &format!("remplace la version 1 (code {})", v1.code),
    ] {
        assert!(text2.contains(expected), "{expected:?} in {text2}");
    }
    let old = app.public_text(&format!("/verify/{}", v1.code)).await;
    assert!(old.contains("remplacée"), "{old}");
    assert!(
        old.contains(&format!("href=\"/verify/{}\"", v2.code)),
        "{old}"
    );

    // Outside the cohort's organisation: not found.
    let stranger = app.staff_token("simplon@example.org", "simplon").await;
    assert_problem(app.get(&stranger, &path).await, 404, "introuvable").await;
    let page = app
        .browser_as("autre@example.org", "staff", Some("simplon"))
        .await;
    let response = app
        .visit(
            &page,
            &format!("/cohorts/{}/days/{}/sheet.pdf", d.cohort, d.day),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let trainer = app.logged_in("formatrice@example.org").await;
    let response = app
        .visit(
            &trainer,
            &format!("/cohorts/{}/days/{}/sheet.pdf", d.cohort, d.day),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().await.unwrap().to_vec(), pdf2);
}

#[tokio::test]
async fn forty_trainees_span_several_pages_with_the_header_repeated() {
    let app = TestApp::spawn().await;
    let d = day_with(&app, 40).await;
    run_day(&app, &d);
    let row = seal(&app, d.day).unwrap();
    let pdf = download(&app, &d.staff, &d).await;
    assert_eq!(hex::encode(Sha256::digest(&pdf)), row.sha256);
    let (count, pages) = text_of(&pdf);
    assert!(count >= 3, "{count} pages");
    let with_trainees = pages.iter().filter(|t| t.contains(" Martin ")).count();
    assert!(with_trainees >= 3, "{with_trainees} pages of trainees");
    for (i, text) in pages.iter().enumerate() {
        if text.contains(" Martin ") {
            assert!(
                text.contains("Stagiaire Matin Après-midi"),
                "page {}: {text}",
                i + 1
            );
        }
        assert!(
            text.contains(&format!("Page {} / {count}", i + 1)),
            "{text}"
        );
        assert!(text.contains(&row.code), "the code on every page");
    }
    let all = pages.join("\n");
    assert!(all.contains("Prénom39 Martin"), "{all}");
}

#[tokio::test]
async fn the_attendance_statement_lists_half_days_and_hours() {
    let app = TestApp::spawn().await;
    let d = day_with(&app, 2).await;
    run_day(&app, &d);
    let path = format!("/api/v1/advisors/{}/attendance-statement", d.trainees[1]);
    let response = app.get(&d.staff, &path).await;
    assert_eq!(response.status(), StatusCode::OK);
    let pdf = response.bytes().await.unwrap().to_vec();
    let text = text_of(&pdf).1.join("\n");
    for expected in [
        "ÉTAT DE PRÉSENCE",
        "Prénom01 Martin",
        "lundi 2 mars 2026",
        "Matin",
        "Après-midi",
        "9 h 02 · QR code",
        "Absence",
        "Heures réalisées : 3 h sur 7 h",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let stranger = app.staff_token("simplon@example.org", "simplon").await;
    assert_problem(app.get(&stranger, &path).await, 404, "introuvable").await;
}
