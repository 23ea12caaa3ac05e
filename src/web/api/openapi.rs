//! The OpenAPI document: its info and security scheme here, its paths from the routes the router
//! mounts (`routes.rs`), served at `/api/v1/openapi.json`.

use std::sync::Arc;

use axum::Json;
use axum::routing::{MethodRouter, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::state::AppState;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API description without its paths, which [`super::routes::api`] adds as it mounts them.
#[derive(OpenApi)]
#[openapi(
    info(title = "parcours API", version = "1",
         description = "Training and certification of France's conseillers numériques. \
                        Errors are application/problem+json; validation failures are 422 with \
                        `errors: {field: message}`."),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`: answers the document the router was built with.
pub fn document(doc: utoipa::openapi::OpenApi) -> MethodRouter<AppState> {
    let doc = Arc::new(doc);
    get(move || {
        let doc = Arc::clone(&doc);
        async move { Json(doc.as_ref().clone()) }
    })
}
