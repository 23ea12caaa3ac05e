//! Identity for the ministry, Pix and the ANCT: the ANCT's id (unique), sex, contract, and the
//! place of birth checked against the COG (a current, a former or a postcode-and-name commune, a
//! country abroad; an unknown code refused, or accepted with a warning for a birth before the
//! list); `parcours cog refresh` replacing the embedded list; cohorts' lot and marché.

use std::process::Command;

use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, assert_field_error, cohort};

/// An advisor body born on `born` with identity fields `extra`.
fn body(email: &str, born: &str, extra: Value) -> Value {
    let mut body = advisor_body(email);
    body["birth_date"] = json!(born);
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

#[tokio::test]
async fn the_identity_is_recorded_and_its_place_of_birth_checked_against_the_cog() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let lyon = app
        .created(
            &staff,
            "/api/v1/advisors",
            body(
                "lyon@example.org",
                "1990-05-04",
                json!({"anct_id": "PG-12345", "sex": "F", "contract_type": "CDI",
                       "birth_commune_code": "69123"}),
            ),
        )
        .await;
    let identity = &lyon["identity"];
    assert_eq!(identity["anct_id"], "PG-12345");
    assert_eq!(identity["sex"], "F");
    assert_eq!(identity["contract_type"], "cdi");
    assert_eq!(identity["birth_commune_name"], "Lyon");
    assert_eq!(identity["birth_place_warning"], Value::Null);

    // The ANCT's id is one advisor's.
    let taken = assert_field_error(
        app.post(
            &staff,
            "/api/v1/advisors",
            body(
                "twin@example.org",
                "1990-05-04",
                json!({"anct_id": "PG-12345"}),
            ),
        )
        .await,
        "anct_id",
    )
    .await;
    assert_eq!(
        taken,
        "Un conseiller est déjà enregistré avec cet identifiant ANCT."
    );

    // A commune merged into a new one (Saint-Bois, delegated commune of Arboys en Bugey) keeps
    // its code; a postcode and a name find the commune.
    let merged = app
        .created(
            &staff,
            "/api/v1/advisors",
            body(
                "bugey@example.org",
                "1985-01-01",
                json!({"birth_commune_code": "01340"}),
            ),
        )
        .await;
    assert_eq!(merged["identity"]["birth_commune_name"], "Saint-Bois");
    let by_name = app
        .created(
            &staff,
            "/api/v1/advisors",
            body(
                "stetienne@example.org",
                "1985-01-01",
                json!({"birth_postcode": "42000", "birth_commune_name": "st etienne"}),
            ),
        )
        .await;
    assert_eq!(by_name["identity"]["birth_commune_code"], "42218");
    let wrong_name = assert_field_error(
        app.post(
            &staff,
            "/api/v1/advisors",
            body(
                "nowhere@example.org",
                "1985-01-01",
                json!({"birth_postcode": "42000", "birth_commune_name": "Lyon"}),
            ),
        )
        .await,
        "birth_commune_name",
    )
    .await;
    assert_eq!(
        wrong_name,
        "Aucune commune « Lyon » n'a le code postal 42000."
    );

    // An unknown code: refused outside any département, accepted with a warning in a known one
    // (a commune that disappeared before the list), shown on the advisor's page.
    let unknown = assert_field_error(
        app.post(
            &staff,
            "/api/v1/advisors",
            body(
                "x@example.org",
                "1985-01-01",
                json!({"birth_commune_code": "00999"}),
            ),
        )
        .await,
        "birth_commune_code",
    )
    .await;
    assert_eq!(unknown, "Code commune INSEE inconnu du COG : 00999.");
    let old = app
        .created(
            &staff,
            "/api/v1/advisors",
            body(
                "old@example.org",
                "1970-01-01",
                json!({"birth_commune_code": "69999"}),
            ),
        )
        .await;
    let warning = old["identity"]["birth_place_warning"].as_str().unwrap();
    assert!(warning.contains("absent du COG"), "{warning}");
    let browser = app.logged_in("staff@example.org").await;
    let page = app
        .page(&browser, &format!("/advisors/{}", old["id"]))
        .await;
    assert!(page.contains("absent du COG"), "{page}");

    // Abroad: a country of the list, not a French commune besides.
    let turin = app
        .created(
            &staff,
            "/api/v1/advisors",
            body(
                "turin@example.org",
                "1988-03-03",
                json!({"birth_country_code": "99127", "birth_commune_name": "Turin"}),
            ),
        )
        .await;
    assert_eq!(turin["identity"]["birth_country_code"], "99127");
    let mixed = assert_field_error(
        app.post(
            &staff,
            "/api/v1/advisors",
            body(
                "mixed@example.org",
                "1988-03-03",
                json!({"birth_country_code": "99127", "birth_commune_code": "69123"}),
            ),
        )
        .await,
        "birth_country_code",
    )
    .await;
    assert!(mixed.contains("étranger"), "{mixed}");
    let bad_sex = assert_field_error(
        app.patch(
            &staff,
            &format!("/api/v1/advisors/{}", lyon["id"]),
            json!({"sex": "X"}),
        )
        .await,
        "sex",
    )
    .await;
    assert_eq!(bad_sex, "Sexe : F (femme) ou M (homme).");
    // A change elsewhere keeps the identity; the list shows it too.
    let kept = app
        .patch_ok(
            &staff,
            &format!("/api/v1/advisors/{}", lyon["id"]),
            json!({"phone": "0601020304"}),
        )
        .await;
    assert_eq!(kept["identity"]["anct_id"], "PG-12345");
    let list = app.get_json(&staff, "/api/v1/advisors?q=lyon").await;
    assert!(list.to_string().contains("PG-12345"), "{list}");
    // Staff find them by their ANCT id too.
    let found = app.get_json(&staff, "/api/v1/advisors?q=pg-12345").await;
    assert!(found.to_string().contains("lyon@example.org"), "{found}");
}

#[tokio::test]
async fn a_refreshed_cog_list_replaces_the_embedded_one_for_every_instance() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("communes.json");
    std::fs::write(
        &file,
        r#"[{"code":"69123","nom":"Lyon","type":"commune-actuelle","codesPostaux":["69003"]}]"#,
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
    let loaded = run(&[
        "cog",
        "refresh",
        "--from",
        file.to_str().unwrap(),
        "--dated",
        "2026-01-01",
    ]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("1 communes"));
    let status = String::from_utf8_lossy(&run(&["cog", "status"]).stdout).into_owned();
    assert!(
        status.contains("communes : communes.json, au 2026-01-01"),
        "{status}"
    );
    // Saint-Étienne is no longer in the list in use: born after its date, refused.
    let refused = assert_field_error(
        app.post(
            &staff,
            "/api/v1/advisors",
            body(
                "se@example.org",
                "2008-01-01",
                json!({"birth_commune_code": "42218"}),
            ),
        )
        .await,
        "birth_commune_code",
    )
    .await;
    assert_eq!(refused, "Code commune INSEE inconnu du COG : 42218.");
    // A file that is no list is refused, and the one in use stays.
    std::fs::write(&file, "[]").unwrap();
    let bad = run(&["cog", "refresh", "--from", file.to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("liste des communes vide"));
}

#[tokio::test]
async fn a_cohort_names_its_lot_and_marche() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 2, "2026-04-06", "2026-05-29", 12).await;
    let path = format!("/api/v1/cohorts/{id}");
    let changed = app
        .patch_ok(
            &staff,
            &path,
            json!({"marche": "ANCT 2026-FORM-01", "lot": "3"}),
        )
        .await;
    assert_eq!(changed["marche"], "ANCT 2026-FORM-01");
    assert_eq!(changed["lot"], "3");
    let browser = app.logged_in("staff@example.org").await;
    let page = app.page(&browser, &format!("/cohorts/{id}")).await;
    assert!(page.contains("ANCT 2026-FORM-01, lot 3"), "{page}");
    let cleared = app.patch_ok(&staff, &path, json!({"lot": ""})).await;
    assert_eq!(cleared["lot"], Value::Null);
    assert_eq!(cleared["marche"], "ANCT 2026-FORM-01");
}
