//! Hostile input is normal input: every text field of every create and update endpoint of the
//! OpenAPI document receives each hostile string in turn; nothing answers 5xx, nothing stores a
//! control character, and the worker still delivers an e-mail afterwards. Anonymous endpoints
//! get NUL and friends in their paths, queries and bodies.

use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};

use crate::smtp::SmtpPeer;
use crate::support::{
    TestApp, advisor_body, cohort, enrol, enrolled_advisor, header, module_of, module_session,
};

/// The strings a careless user or an attacker sends.
fn hostile_strings() -> Vec<String> {
    vec![
        "Du\0pont".to_owned(),
        "Du\r\npont".to_owned(),
        "Du\tpont".to_owned(),
        "\u{202E}fdp.exe".to_owned(),
        "x".repeat(10 * 1024),
        "Zoé 😀🇫🇷".to_owned(),
        "=HYPERLINK(\"http://evil.example\")".to_owned(),
        "+33 6 12 34 56 78".to_owned(),
        "-2+3".to_owned(),
        "@SUM(A1:A9)".to_owned(),
        "\u{85}suivant".to_owned(),
    ]
}

/// Resolves `$ref`s into `components.schemas`.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// A body of the schema's shape: strings "Texte", numbers 1, booleans false, one array item.
fn sample(doc: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(doc, schema);
    if depth > 6 {
        return Value::Null;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema[key].as_array() {
            let chosen = options
                .iter()
                .find(|o| resolve(doc, o)["type"] != "null")
                .unwrap_or(&Value::Null);
            return sample(doc, chosen, depth + 1);
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    let kind = match &schema["type"] {
        Value::String(t) => t.clone(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_owned(),
        _ if schema["properties"].is_object() => "object".to_owned(),
        _ => "null".to_owned(),
    };
    match kind.as_str() {
        "string" => json!("Texte"),
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        "array" => json!([sample(doc, &schema["items"], depth + 1)]),
        "object" => {
            let mut out = Map::new();
            if let Some(properties) = schema["properties"].as_object() {
                for (name, property) in properties {
                    out.insert(name.clone(), sample(doc, property, depth + 1));
                }
            }
            Value::Object(out)
        }
        _ => Value::Null,
    }
}

/// JSON pointers of every string in `value`.
fn string_slots(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at.to_owned()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_slots(item, &format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                string_slots(item, &format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}

/// The path with each `{param}` replaced by a value that names an existing object.
fn concrete(path: &str) -> String {
    path.replace("{code}", "FR")
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "1"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every text value stored in any table, with its table and column: none may hold a control
/// character, but a line feed in a multi-line column.
fn stored_controls(app: &TestApp) -> Vec<String> {
    use diesel::RunQueryDsl;
    use diesel::sql_types::{Nullable, Text};
    #[derive(diesel::QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Cell {
        #[diesel(sql_type = Nullable<Text>)]
        v: Option<String>,
    }
    let listing = if crate::support::postgres_url().is_some() {
        "SELECT table_name::text AS table_name, column_name::text AS column_name \
         FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'text'"
    } else {
        "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m \
         JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND upper(p.type) = 'TEXT' \
         AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__diesel%'"
    };
    app.with_conn(|conn| {
        let columns: Vec<Column> = diesel::sql_query(listing).load(conn).unwrap();
        let mut found = Vec::new();
        for column in columns {
            if column.table_name.starts_with("__diesel") {
                continue;
            }
            let cells: Vec<Cell> = diesel::sql_query(format!(
                "SELECT {c} AS v FROM {t}",
                c = column.column_name,
                t = column.table_name
            ))
            .load(conn)
            .unwrap();
            let multi_line = parcours::domain::input::TextShape::of_field(&column.column_name)
                == parcours::domain::input::TextShape::MultiLine;
            for value in cells.into_iter().filter_map(|c| c.v) {
                let bad = value.chars().any(|c| {
                    (c.is_control() && !(multi_line && c == '\n'))
                        || ('\u{202A}'..='\u{202E}').contains(&c)
                });
                if bad {
                    found.push(format!(
                        "{}.{}: {:?}",
                        column.table_name,
                        column.column_name,
                        value.chars().take(40).collect::<String>()
                    ));
                }
            }
        }
        found
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_strings_in_every_text_field_never_break_the_service_or_the_store() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    // A small world, so that `1` names an advisor, a cohort and a module session.
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    enrol(&app, &staff, cohort_id, advisor).await;
    let module = module_of(&app, &provider, 7, 0).await;
    module_session(&app, &provider, module, &["2026-04-07"], 10).await;

    let doc: Value = app.public_json("/api/v1/openapi.json").await;
    let mut failures = Vec::new();
    let mut sent = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let Some(schema) = operation
                .pointer("/requestBody/content/application~1json/schema")
                .cloned()
            else {
                continue;
            };
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let url = app.url(&concrete(path));
            let base = sample(&doc, &schema, 0);
            let mut slots = Vec::new();
            string_slots(&base, "", &mut slots);
            for token in [&admin, &staff] {
                for slot in &slots {
                    for hostile in hostile_strings() {
                        let mut body = base.clone();
                        *body.pointer_mut(slot).unwrap() = json!(hostile);
                        let response = app
                            .client
                            .request(method.clone(), &url)
                            .bearer_auth(token)
                            .json(&body)
                            .send()
                            .await
                            .unwrap();
                        sent += 1;
                        if response.status().is_server_error() {
                            failures.push(format!(
                                "{method} {path} {slot} = {:?}: {}",
                                hostile.chars().take(20).collect::<String>(),
                                response.status()
                            ));
                        }
                    }
                }
                // A lone surrogate, as a JSON escape.
                let raw = base.to_string().replacen("\"Texte\"", "\"\\ud800\"", 1);
                let response = app
                    .client
                    .request(method.clone(), &url)
                    .bearer_auth(token)
                    .header("content-type", "application/json")
                    .body(raw)
                    .send()
                    .await
                    .unwrap();
                if response.status().is_server_error() {
                    failures.push(format!(
                        "{method} {path} lone surrogate: {}",
                        response.status()
                    ));
                }
            }
        }
    }
    assert!(sent > 1000, "only {sent} hostile requests were sent");
    assert!(
        failures.is_empty(),
        "server errors:\n{}",
        failures.join("\n")
    );
    let stored = stored_controls(&app);
    assert!(
        stored.is_empty(),
        "control characters stored:\n{}",
        stored.join("\n")
    );

    // The worker still delivers a later e-mail.
    app.run_jobs().await;
    enrolled_advisor(&app, &staff, cohort_id, "apres@example.org").await;
    app.run_jobs().await;
    assert!(
        peer.messages()
            .iter()
            .any(|m| m.to.iter().any(|to| to.contains("apres@example.org"))),
        "no convocation reached the SMTP peer after the hostile run"
    );
}

/// Each anonymous endpoint, with NUL, CR/LF and an invalid UTF-8 byte in its path, query and
/// body: a 4xx that names the refusal, never a 500 (PostgreSQL refuses NUL in text).
#[tokio::test]
async fn anonymous_endpoints_refuse_control_characters_with_a_french_problem() {
    let app = TestApp::spawn().await;
    for path in [
        "/verify/CN-%00ABC",
        "/verify/CN-%0D%0AX",
        "/api/v1/verify/CN-%00",
        "/calendar/abc%00.ics",
        "/calendar/%FF.ics",
        "/verify?code=CN-%00",
        "/login?next=%00",
        "/api/v1/verify/CN-X?x=%0A",
    ] {
        let response = app.anonymous(path).await;
        let status = response.status();
        let is_api = path.starts_with("/api/");
        let content_type = header(&response, "content-type");
        let body = response.text().await.unwrap();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        if is_api {
            assert_eq!(content_type, "application/problem+json", "{path}");
            let problem: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(problem["type"], "/problems/bad-request", "{path}");
        } else {
            assert!(content_type.starts_with("text/html"), "{path}");
        }
        assert!(
            body.contains("Adresse refusée")
                || body.contains("Paramètre")
                || body.contains("Adresse illisible"),
            "{path}: {body}"
        );
    }
    let response = app.ask_token("a\u{0}@example.org", "x").await;
    let message = crate::support::assert_field_error(response, "email").await;
    assert!(message.contains("caractère nul"), "{message}");

    let response = app
        .client
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=a%00%40example.org&password=x&csrf_token=t")
        .header("cookie", "parcours_csrf=t")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("caractère nul"));
}

#[tokio::test]
async fn api_rejections_are_problem_documents_in_french() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // A path parameter of the wrong type.
    let response = app.get(&admin, "/api/v1/advisors/abc").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    assert!(
        problem["title"]
            .as_str()
            .unwrap()
            .contains("Adresse invalide"),
        "{problem}"
    );
    // A query parameter of the wrong type.
    let response = app.get(&admin, "/api/v1/advisors?page=deux").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    assert!(
        problem["title"].as_str().unwrap().contains("« page »"),
        "{problem}"
    );
    // A body over the limit: 413, not 400.
    let huge = json!({"first_name": "x".repeat(3 * 1024 * 1024)});
    let response = app.post(&admin, "/api/v1/advisors", huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/payload-too-large");
    // A body field with a line break where one line is expected.
    let mut body = advisor_body("lf@example.org");
    body["last_name"] = json!("Mar\ntin");
    let message = crate::support::assert_field_error(
        app.post(&admin, "/api/v1/advisors", body).await,
        "last_name",
    )
    .await;
    assert!(message.contains("une seule ligne"), "{message}");
}

#[tokio::test]
async fn implausible_dates_are_refused_with_their_rule() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    for date in ["9999-01-01", "0001-01-01"] {
        let mut body = advisor_body("date@example.org");
        body["birth_date"] = json!(date);
        let message = crate::support::assert_field_error(
            app.post(&staff, "/api/v1/advisors", body).await,
            "birth_date",
        )
        .await;
        assert!(message.contains("années plausibles"), "{date}: {message}");
    }
    let response = app
        .post(
            &staff,
            "/api/v1/cohorts",
            json!({"kind": "initial", "track_id": 2, "starts_on": "2026-02-02",
                   "ends_on": "9999-05-29", "venue": "Lyon", "capacity": 12}),
        )
        .await;
    let message = crate::support::assert_field_error(response, "ends_on").await;
    assert!(message.contains("années plausibles"), "{message}");
}

#[tokio::test]
async fn names_cannot_start_a_formula_and_exports_never_carry_one() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let mut body = advisor_body("formule@example.org");
    body["last_name"] = json!("=HYPERLINK(\"http://evil.example\")");
    let message = crate::support::assert_field_error(
        app.post(&staff, "/api/v1/advisors", body).await,
        "last_name",
    )
    .await;
    assert!(message.contains("ne commence pas par"), "{message}");

    // A name stored before the rule (written directly) is exported as text.
    let id = app
        .advisor(&staff, advisor_body("ancien@example.org"))
        .await;
    app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::advisors;
        diesel::update(advisors::table.find(id))
            .set(advisors::last_name.eq("@SUM(A1)"))
            .execute(c)
            .unwrap()
    });
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    enrol(&app, &staff, cohort_id, id).await;
    let csv = app
        .client
        .get(app.url("/api/v1/progress/export.csv"))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains("ancien@example.org"))
        .unwrap();
    assert!(line.contains(";'@SUM(A1);"), "{line}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_csv_export_downloads_whole_through_gzip() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 30).await;
    for n in 0..5 {
        enrolled_advisor(&app, &staff, cohort_id, &format!("gz{n}@example.org")).await;
    }
    let response = app
        .client
        .get(app.url("/api/v1/progress/export.csv"))
        .bearer_auth(&staff)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let bytes = response.bytes().await.unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    assert_eq!(
        text.lines().filter(|l| l.contains("@example.org")).count(),
        5,
        "{text}"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn signed_in_answers_are_not_cached_and_constraint_violations_name_their_field() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let response = app.get(&staff, "/api/v1/me").await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    let anonymous = app.anonymous("/login").await;
    assert!(
        anonymous
            .headers()
            .get("cache-control")
            .is_none_or(|v| v != "no-store")
    );

    let first = app
        .advisor(&staff, advisor_body("double@example.org"))
        .await;
    assert!(first > 0);
    let message = crate::support::assert_field_error(
        app.post(
            &staff,
            "/api/v1/advisors",
            advisor_body("double@example.org"),
        )
        .await,
        "email",
    )
    .await;
    assert!(!message.is_empty());
}

#[tokio::test]
async fn phone_numbers_have_a_checked_shape_and_export_as_they_are() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let mut body = advisor_body("tel@example.org");
    body["phone"] = json!("=1+1");
    let message = crate::support::assert_field_error(
        app.post(&staff, "/api/v1/advisors", body).await,
        "phone",
    )
    .await;
    assert!(
        message.contains("Numéro de téléphone invalide"),
        "{message}"
    );
    let mut body = advisor_body("tel@example.org");
    body["phone"] = json!("+33 6 12 34 56 78");
    let response = app.post(&staff, "/api/v1/advisors", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["phone"], "+33 6 12 34 56 78");
}
