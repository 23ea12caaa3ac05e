//! The OpenAPI document and the API router agree: every documented operation is served at its
//! documented path, and the router serves nothing under `/api/v1` that the document leaves out.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::support::TestApp;

/// The document as the server answers it.
async fn document(app: &TestApp) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A documented path with each `{parameter}` filled in.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').unwrap();
        out.push('1');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The methods the router serves at `path`, read from the `Allow` header of its 405 answer to a
/// method no API route takes; `None` when no route matches the path (the fallback answers).
async fn served_methods(app: &TestApp, path: &str) -> Option<BTreeSet<String>> {
    let response = app
        .client
        .request(Method::OPTIONS, app.url(path))
        .send()
        .await
        .unwrap();
    if response.status() != 405 {
        return None;
    }
    let allow = response
        .headers()
        .get("allow")?
        .to_str()
        .unwrap()
        .to_owned();
    Some(
        allow
            .split(',')
            .map(|m| m.trim().to_lowercase())
            .filter(|m| m != "head")
            .collect(),
    )
}

#[tokio::test]
async fn every_documented_operation_is_served_at_its_path() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 50, "only {} documented paths", paths.len());
    for (path, operations) in paths {
        assert!(path.starts_with("/api/v1/"), "{path} is outside /api/v1");
        let documented: BTreeSet<String> = operations
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| !matches!(k.as_str(), "parameters" | "summary" | "description"))
            .cloned()
            .collect();
        let served = served_methods(&app, &concrete(path)).await;
        assert_eq!(
            served.as_ref(),
            Some(&documented),
            "{path}: the router serves {served:?}, the document says {documented:?}"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn unknown_api_paths_reach_no_route() {
    let app = TestApp::spawn().await;
    // The probe itself must tell a missing route from a served one.
    assert_eq!(served_methods(&app, "/api/v1/no-such-thing").await, None);
    assert_eq!(
        served_methods(&app, "/api/v1/openapi.json").await,
        Some(BTreeSet::from(["get".to_owned()]))
    );
}

/// The router mounts API routes from the documented list alone: `web/api/routes.rs` adds each
/// through `routes!` (which documents it), and `router.rs` adds only the document itself.
#[test]
fn the_api_router_has_no_undocumented_route() {
    let api_routes = std::fs::read_to_string("src/web/api/routes.rs").unwrap();
    for call in [
        ".route(",
        ".route_service(",
        ".nest(",
        ".merge(",
        ".fallback(",
    ] {
        assert!(
            !api_routes.contains(call),
            "web/api/routes.rs mounts a route with `{call}`, which the document does not see"
        );
    }
    assert!(api_routes.matches("routes!(").count() >= 50);
    let router = std::fs::read_to_string("src/web/router.rs").unwrap();
    let build =
        &router[router.find("pub fn build").unwrap()..router.find("async fn not_found").unwrap()];
    let api_mentions: Vec<&str> = build
        .lines()
        .filter(|line| line.contains("\"/api"))
        .collect();
    assert_eq!(
        api_mentions,
        vec![
            "    let api_v1 = api_v1.route(\"/api/v1/openapi.json\", api::openapi::document(api_doc));"
        ],
        "router.rs mounts an API path outside the documented routes"
    );
}
