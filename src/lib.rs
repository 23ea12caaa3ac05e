//! parcours: training and certification management for France's *conseillers numériques*.
//!
//! A map of the crate, from the outside in:
//! - [`web`]: HTTP only. `router` lists every URL; `web::api` answers JSON under `/api/v1`,
//!   `web::pages` renders French HTML with tera; `web::middleware` resolves who is asking and
//!   checks CSRF. Handlers extract, call one service, render.
//! - [`services`]: one function per user intention; checks permissions (via [`auth`]), validates
//!   (via [`domain`]), owns the transaction, writes the audit log.
//! - [`domain`]: the programme's pure rules (eligibility, tracks, modules, cohorts), unit-tested in
//!   place; no axum, no diesel, no I/O.
//! - [`db`]: the connection enum over SQLite and PostgreSQL, pool, migrations, `schema.rs` and the
//!   queries. The only module that knows which engine runs.
//! - [`auth`]: passwords (argon2id), secret tokens, the principal and its permission rules.
//! - [`demo`]: realistic demo data for `parcours demo`.
//! - [`worker`]: runs queued jobs (e-mails through [`mail`]) with retries and backoff.
//! - [`state`]: the application state handlers and the worker share; [`assets`]: the embedded
//!   static files it holds.
//! - [`app`]: builds the application from a [`config::Config`] and a [`clock::Clock`].
//! - [`config`]: the settings, each default written once on its flag ([`config::args`]).
//! - [`cli`]: the `parcours` commands, one module each; `main.rs` only parses and dispatches.

pub mod app;
pub mod assets;
pub mod auth;
pub mod calendar;
pub mod certificates;
pub mod cli;
pub mod clock;
pub mod config;
pub mod copy;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod mail;
pub mod metrics;
pub mod services;
pub mod state;
pub mod web;
pub mod worker;
