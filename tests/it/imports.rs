//! Bulk import of advisors and of exam candidates from CSV: the dry run's report per row (its
//! line, column and French message for each refusal), all or nothing, `;` and `,`, UTF-8 with or
//! without BOM and Windows-1252, formula cells refused, matching on the ANCT id then the e-mail
//! within the importer's scope only (a stranger gets the neutral message), and the CLI; the
//! candidates of an exam session are in `imports_candidates.rs`.

use std::process::Command;

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body};

pub(crate) const NEUTRAL: &str =
    "Cette personne ne peut pas être inscrite ici ; son organisme de formation peut vous aider.";

/// Posts `bytes` as `text/csv` to `path`.
pub(crate) async fn send(
    app: &TestApp,
    token: &str,
    path: &str,
    bytes: impl Into<Vec<u8>>,
) -> Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(bytes.into())
        .send()
        .await
        .unwrap()
}

/// The report of a dry run (it must answer 200).
async fn dry_run(app: &TestApp, token: &str, bytes: impl Into<Vec<u8>>) -> Value {
    let response = send(app, token, "/api/v1/imports/advisors?dry_run=true", bytes).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The `(column, message)` pairs of the report's row at `line`, and its action.
fn row(report: &Value, line: u64) -> (String, Vec<(String, String)>) {
    let row = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == line)
        .unwrap_or_else(|| panic!("no line {line} in {report}"));
    let messages = row["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["column"].as_str().unwrap().to_owned(),
                m["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (row["action"].as_str().unwrap().to_owned(), messages)
}

pub(crate) fn refused_with(report: &Value, line: u64, column: &str, message: &str) {
    let (action, messages) = row(report, line);
    assert_eq!(action, "refused", "line {line}: {report}");
    assert!(
        messages
            .iter()
            .any(|(c, m)| c == column && m.contains(message)),
        "line {line}: no {column:?} {message:?} in {messages:?}"
    );
}

async fn advisor_count(app: &TestApp, token: &str, q: &str) -> i64 {
    app.get_json(token, &format!("/api/v1/advisors?q={q}"))
        .await["total"]
        .as_i64()
        .unwrap()
}

const HEADER: &str =
    "Nom;Prénom;E-mail;Date de naissance;Territoire;ID ANCT;Code INSEE de naissance\n";

#[tokio::test]
async fn a_file_with_any_refused_row_imports_nothing_and_says_why_per_cell() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let file = format!(
        "{HEADER}Martin;Léa;lea@example.org;17/05/1995;FR;PG-1;69123\n\
         Durand;Paul;paul@example.org;1990-01-02;FR;PG-1;\n\
         Petit;Zoé;zoe@example.org;31/02/1990;FR;PG-3;\n\
         Roux;Jo;jo@example.org;01/01/1990;FR;PG-4;96123\n\
         \"=HYPERLINK(\"\"http://x\"\")\";Max;max@example.org;01/01/1990;FR;PG-5;\n"
    );
    let report = dry_run(&app, &staff, file.clone()).await;
    assert_eq!(report["created"], 1, "{report}");
    assert_eq!(report["refused"], 4);
    assert_eq!(row(&report, 2).0, "create");
    refused_with(
        &report,
        3,
        "ID ANCT",
        "Cet identifiant ANCT figure déjà ligne 2 du fichier.",
    );
    refused_with(
        &report,
        4,
        "Date de naissance",
        "Date invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ.",
    );
    refused_with(
        &report,
        5,
        "Code INSEE de naissance",
        "Code commune INSEE inconnu du COG : 96123.",
    );
    refused_with(
        &report,
        6,
        "Nom",
        "La cellule A6 commence par « = », comme une formule de tableur",
    );
    // The import refuses the whole file, with the report in the problem; nothing is written.
    let refused = send(&app, &staff, "/api/v1/imports/advisors?dry_run=false", file).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/import-refused");
    assert!(
        problem["title"]
            .as_str()
            .unwrap()
            .contains("rien n'a été enregistré")
    );
    refused_with(&problem["report"], 3, "ID ANCT", "figure déjà ligne 2");
    assert_eq!(advisor_count(&app, &staff, "lea").await, 0);
    // An unknown column refuses the file, listing the expected ones.
    let unknown = send(
        &app,
        &staff,
        "/api/v1/imports/advisors",
        "Nom;Prénom;Âge\nMartin;Léa;30\n",
    )
    .await;
    let problem = crate::support::assert_problem(unknown, 422, "Colonne inconnue : « Âge »").await;
    assert!(
        problem["errors"]["file"]
            .as_str()
            .unwrap()
            .contains("« E-mail » (obligatoire)")
    );
}

#[tokio::test]
async fn good_rows_import_in_every_encoding_and_delimiter_with_an_audit() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    // Windows-1252 as Excel writes it, `;`: « œ » 0x9C, « ’ » 0x92, « é » 0xE9.
    let mut cp1252 =
        b"Nom;Pr\xE9nom;Courriel;Date de naissance;Territoire;idPG;Sexe;Contrat\n".to_vec();
    cp1252.extend_from_slice(
        b"C\x9Cur;Ren\xE9e;renee@example.org;04/05/1990;FR;PG-20;F;CDI\nd\x92Arc;Jos\xE9;jose@example.org;1991-06-07;974;PG-21;M;cdd\n",
    );
    let report = dry_run(&app, &staff, cp1252.clone()).await;
    assert_eq!(report["created"], 2, "{report}");
    let done = send(
        &app,
        &staff,
        "/api/v1/imports/advisors?dry_run=false",
        cp1252,
    )
    .await;
    assert_eq!(done.status(), StatusCode::CREATED);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["imported"], true);
    let ids: Vec<i64> = done["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let renee = app
        .get_json(&staff, &format!("/api/v1/advisors/{}", ids[0]))
        .await;
    assert_eq!(renee["last_name"], "Cœur");
    assert_eq!(renee["first_name"], "Renée");
    assert_eq!(renee["identity"]["anct_id"], "PG-20");
    assert_eq!(renee["identity"]["contract_type"], "cdi");
    let jose = app
        .get_json(&staff, &format!("/api/v1/advisors/{}", ids[1]))
        .await;
    assert_eq!(jose["last_name"], "d’Arc");
    assert_eq!(jose["territory"], "974");
    // Audited, one entry per advisor.
    let audited =
        app.with_conn(|c| parcours::db::audit::history(c, "advisor", &ids[0].to_string()).unwrap());
    assert_eq!(audited[0].action, "advisor.create");
    // UTF-8 with a BOM and `,`, quoted cells holding the delimiter.
    let bom = "\u{feff}Nom d'usage,Prénom,E-mail,Date de naissance,Territoire\n\
               \"Dupont, dite Jo\",Anaïs,anais@example.org,01/02/1993,FR\n";
    let done = send(&app, &staff, "/api/v1/imports/advisors?dry_run=false", bom).await;
    assert_eq!(done.status(), StatusCode::CREATED);
    assert_eq!(advisor_count(&app, &staff, "anais").await, 1);
}

#[tokio::test]
async fn rows_match_on_the_anct_id_then_the_email_and_say_what_changes() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let mut a = advisor_body("a@example.org");
    a["anct_id"] = json!("PG-10");
    let a = app.created_id(&staff, "/api/v1/advisors", a).await;
    let b = app
        .created_id(&staff, "/api/v1/advisors", advisor_body("b@example.org"))
        .await;
    let c = app
        .created_id(&staff, "/api/v1/advisors", advisor_body("c@example.org"))
        .await;
    let file = "Nom;Prénom;E-mail;Date de naissance;Territoire;ID ANCT;Téléphone\n\
                Martin;Léo;a2@example.org;17/05/1995;FR;PG-10;\n\
                Martin;Léa;b@example.org;17/05/1995;FR;;06 12 34 56 78\n\
                Martin;Léa;c@example.org;1995-05-17;FR;;\n";
    let report = dry_run(&app, &staff, file).await;
    assert_eq!(
        (report["updated"].as_i64(), report["unchanged"].as_i64()),
        (Some(2), Some(1)),
        "{report}"
    );
    let first = &report["rows"][0];
    assert_eq!(first["matched_id"], a);
    let changes: Vec<&str> = first["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(changes.contains(&"Prénom : Léa → Léo"), "{changes:?}");
    assert!(
        changes.contains(&"E-mail : a@example.org → a2@example.org"),
        "{changes:?}"
    );
    assert_eq!(report["rows"][1]["matched_id"], b);
    assert_eq!(
        report["rows"][1]["changes"][0],
        "Téléphone : — → 06 12 34 56 78"
    );
    assert_eq!(report["rows"][2]["matched_id"], c);
    assert_eq!(report["rows"][2]["action"], "unchanged");
    assert_eq!(report["rows"][2]["changes"][0], "inchangé");
    // A second row naming the same advisor (by their recorded e-mail) is refused.
    let twice = dry_run(
        &app,
        &staff,
        format!("{file}Martin;Léa;a@example.org;17/05/1995;FR;;\n"),
    )
    .await;
    refused_with(
        &twice,
        5,
        "E-mail",
        "Cette ligne désigne le même conseiller que la ligne 2.",
    );
    let done = send(&app, &staff, "/api/v1/imports/advisors?dry_run=false", file).await;
    assert_eq!(done.status(), StatusCode::CREATED);
    let a = app.get_json(&staff, &format!("/api/v1/advisors/{a}")).await;
    assert_eq!(
        (a["first_name"].as_str(), a["email"].as_str()),
        (Some("Léo"), Some("a2@example.org"))
    );
    let b = app.get_json(&staff, &format!("/api/v1/advisors/{b}")).await;
    assert_eq!(b["phone"], "06 12 34 56 78");
}

#[tokio::test]
async fn a_row_naming_someone_of_another_organisation_is_refused_and_reveals_nothing() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let simplon = app.staff_token("s@simplon.example", "simplon").await;
    let mut stranger = advisor_body("secret@example.org");
    stranger["first_name"] = json!("Gwendoline");
    stranger["anct_id"] = json!("PG-77");
    app.created_id(&simplon, "/api/v1/advisors", stranger).await;
    let file = format!(
        "{HEADER}Martin;Léa;lea@example.org;17/05/1995;FR;PG-77;\n\
         Martin;Léa;secret@example.org;17/05/1995;FR;;\n"
    );
    let response = send(
        &app,
        &staff,
        "/api/v1/imports/advisors?dry_run=false",
        file.clone(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("Gwendoline") && !text.contains("simplon"),
        "{text}"
    );
    let problem: Value = serde_json::from_str(&text).unwrap();
    let report = &problem["report"];
    refused_with(report, 2, "ID ANCT", NEUTRAL);
    refused_with(report, 3, "E-mail", NEUTRAL);
    assert_eq!(report["rows"][0]["matched_id"], Value::Null);
    assert_eq!(report["rows"][0]["label"], "");
    // The stranger is unchanged.
    let mine = app.get_json(&simplon, "/api/v1/advisors?q=secret").await;
    assert_eq!(mine["items"][0]["first_name"], "Gwendoline");
}

#[tokio::test]
async fn the_command_line_imports_with_a_report_and_fails_on_a_refused_row() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "Nom;Prénom;E-mail;Date de naissance;Territoire;Date d'embauche\n\
         Martin;Léa;cli@example.org;17/05/1995;FR;01/09/2025\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Nom;Prénom;E-mail;Date de naissance;Territoire\nMartin;Léa;bad@example.org;hier;FR\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_parcours"))
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("RUST_LOG", "warn")
            .args(args)
            .output()
            .unwrap()
    };
    let as_staff = ["--as", "staff@example.org"];
    let good = good.to_str().unwrap();
    let tried = run(&[&["import", "advisors", good, "--dry-run"], &as_staff[..]].concat());
    assert!(
        tried.status.success(),
        "{}",
        String::from_utf8_lossy(&tried.stderr)
    );
    let said = String::from_utf8_lossy(&tried.stdout).into_owned();
    assert!(said.contains("1 conseiller(s) à créer"), "{said}");
    assert!(said.contains("Essai seulement"), "{said}");
    let done = run(&[&["import", "advisors", good], &as_staff[..]].concat());
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(String::from_utf8_lossy(&done.stdout).contains("1 conseiller(s) créés"));
    let refused = run(&[
        &["import", "advisors", bad.to_str().unwrap()],
        &as_staff[..],
    ]
    .concat());
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stdout).into_owned();
    assert!(
        said.contains(
            "Ligne 2 — Date de naissance : Date invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ."
        ),
        "{said}"
    );
    assert!(said.contains("Rien n'a été enregistré"), "{said}");
    assert_eq!(advisor_count(&app, &staff, "cli").await, 1);
    assert_eq!(advisor_count(&app, &staff, "bad").await, 0);
}
