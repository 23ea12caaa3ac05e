//! HTTP: every URL in [`router`], JSON under `/api/v1` in [`api`], French HTML in [`pages`].
//! Handlers extract, call one service, render; they never name diesel.

pub mod api;
pub mod assets;
pub mod charts;
pub mod cookies;
pub mod exam_routes;
pub mod extract;
pub mod form_labels;
pub mod form_replay;
pub mod health;
pub mod input;
pub mod jwks;
pub mod metrics;
pub mod middleware;
pub mod multipart;
pub mod open_badges;
pub mod pages;
pub mod request_id;
pub mod router;
pub mod templates;
pub mod words;
