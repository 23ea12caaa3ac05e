//! The OpenAPI document describes every API route.

use serde_json::Value;

use crate::support::TestApp;

#[tokio::test]
async fn every_api_route_is_documented() {
    let app = TestApp::spawn().await;
    let doc: Value = app.public_json("/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    let router = std::fs::read_to_string("src/web/router.rs").unwrap();
    let api_block = &router[router.find("let api_v1").unwrap()..router.find("let pages").unwrap()];
    let mut route_count = 0;
    for line in api_block.lines() {
        let Some(start) = line.find("\"/") else {
            continue;
        };
        let rest = &line[start + 1..];
        let path = &rest[..rest.find('"').unwrap()];
        if path == "/openapi.json" {
            continue;
        }
        let full = format!("/api/v1{path}");
        route_count += 1;
        assert!(
            paths.contains_key(&full),
            "{full} is not in the OpenAPI document"
        );
    }
    assert!(route_count >= 15);
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
