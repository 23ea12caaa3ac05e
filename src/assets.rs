//! Static files (CSS, icons, scripts), embedded in the binary and indexed under content-hashed
//! names so that browsers may cache them for a year; `web::assets` serves them.

use std::collections::HashMap;

use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// One embedded file.
#[derive(Debug, Clone)]
struct Asset {
    bytes: &'static [u8],
    content_type: &'static str,
}

/// The embedded files, by logical name and by hashed name.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    by_hashed_name: HashMap<String, Asset>,
    hashed_names: HashMap<String, String>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

impl Assets {
    /// Indexes the embedded files: `app.css` is served as `app.<8 hex>.css`.
    pub fn load() -> Self {
        let mut assets = Self::default();
        for file in ASSETS.files() {
            let Some(name) = file.path().to_str() else {
                continue;
            };
            let hash = hex::encode(&Sha256::digest(file.contents())[..4]);
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{name}.{hash}"),
            };
            assets.hashed_names.insert(name.to_owned(), hashed.clone());
            assets.by_hashed_name.insert(
                hashed,
                Asset {
                    bytes: file.contents(),
                    content_type: content_type(name),
                },
            );
        }
        assets
    }

    /// The bytes and content type of the file served as `hashed_name`.
    pub fn file(&self, hashed_name: &str) -> Option<(&'static [u8], &'static str)> {
        self.by_hashed_name
            .get(hashed_name)
            .map(|asset| (asset.bytes, asset.content_type))
    }

    /// The URL of a logical asset name (`app.css` → `/assets/app.1a2b3c4d.css`).
    pub fn url(&self, name: &str) -> String {
        match self.hashed_names.get(name) {
            Some(hashed) => format!("/assets/{hashed}"),
            None => format!("/assets/{name}"),
        }
    }
}
