//! The exports of the proof-of-training documents: the cohort's attendance CSV and the command
//! line that writes every trainee's certificat de réalisation.

use reqwest::StatusCode;
use serde_json::json;

use crate::realisation::{latest, mark, text_of, world};
use crate::support::{TestApp, assert_problem};

#[tokio::test]
async fn the_attendance_csv_has_a_bom_one_line_per_trainee_and_half_day_and_no_formula() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    mark(&app, &w, w.day, json!([
        {"advisor_id": w.lea, "half_day": "am", "status": "present"},
        {"advisor_id": w.lea, "half_day": "pm", "status": "excused", "justification": "sick_leave"},
        {"advisor_id": w.zoe, "half_day": "am", "status": "absent"},
    ])).await;
    // A name stored before the input rule refused formulas.
    app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::advisors;
        diesel::update(advisors::table.find(w.zoe))
            .set(advisors::last_name.eq("=Payet"))
            .execute(c)
            .unwrap()
    });
    let response = app
        .get(
            &w.staff,
            &format!("/api/v1/cohorts/{}/attendance.csv", w.cohort),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "date;demi-journée;nom d'usage;prénom;statut;heure de signature;méthode;sans preuve sur place;justification"
    );
    // Three half-days, two trainees.
    assert_eq!(lines.len(), 1 + 3 * 2, "{text}");
    assert!(
        lines.contains(&"2026-02-24;Matin;Martin;Léa;présent;;;;"),
        "{text}"
    );
    assert!(
        lines.contains(&"2026-02-24;Après-midi;Martin;Léa;absent justifié;;;;arrêt maladie"),
        "{text}"
    );
    assert!(
        lines.contains(&"2026-02-24;Matin;'=Payet;Zoé;absent;;;;"),
        "{text}"
    );
    assert!(!text.contains(";=Payet"), "{text}");
    // Trainers and outsiders do not export.
    let other = app
        .staff_token("staff@simplon.example.org", "simplon")
        .await;
    let r = app
        .get(
            &other,
            &format!("/api/v1/cohorts/{}/attendance.csv", w.cohort),
        )
        .await;
    assert_problem(r, 404, "introuvable").await;
}

#[tokio::test]
async fn the_command_line_writes_one_sealed_pdf_per_trainee() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let out = tempfile::tempdir().unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("RUST_LOG", "warn")
            .args([
                "documents",
                "realisation",
                "--cohort",
                &w.cohort.to_string(),
                "--out",
            ])
            .arg(out.path())
            .output()
            .unwrap()
    };
    let output = run();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        stdout.contains("2 document(s) written") && stdout.contains("2 sealed"),
        "{stdout}"
    );
    let files: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 2);
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(text_of(&bytes, 1).contains("CERTIFICAT DE RÉALISATION"));
    }
    let row = latest(&app, "certificat_realisation", &w, w.lea);
    let lea_file = files
        .iter()
        .find(|f| f.to_string_lossy().contains(&format!("-{}-", w.lea)))
        .unwrap();
    assert_eq!(
        row.sha256,
        parcours::services::seal::sha256_hex(&std::fs::read(lea_file).unwrap())
    );
    let again = run();
    assert!(String::from_utf8_lossy(&again.stdout).contains("2 unchanged"));
}
