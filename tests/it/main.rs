//! Integration tests: each starts parcours on 127.0.0.1:0 with a fresh database and speaks
//! HTTP to it. SQLite by default; PostgreSQL when `PARCOURS_TEST_POSTGRES_URL` is set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot set itself up should fail loudly"
)]

mod absences;
mod absences_pages;
mod access;
mod accommodations;
mod accounts;
mod advisors;
mod agrements;
mod attendance;
mod attendance_day_journey;
mod attendance_day_world;
mod auth;
mod birth_names;
mod browser;
mod calendar;
mod catalogue;
mod certificates;
mod cli;
mod cohorts;
mod concurrency;
mod copy;
mod csrf;
mod dashboards;
mod demo;
mod enrolment;
mod epreuves_grid;
mod epreuves_reference;
mod epreuves_schedule;
mod esf;
mod exam_centre_journey;
mod exam_day;
mod exam_pages;
mod exam_retention;
mod exam_signing;
mod exams;
mod exports;
mod health;
mod hostile;
mod identity;
mod instances;
mod invite_updates;
mod journeys;
mod layering;
mod leftover_jobs;
mod livret;
mod livret_pages;
mod login_flood;
mod module_retention;
mod module_sessions;
mod module_signing;
mod module_signing_pages;
mod notifications;
mod observability;
mod open_badges;
mod open_badges_fixture;
mod openapi;
mod operations;
mod pages;
mod proces_verbal;
mod proces_verbal_world;
mod progress;
mod quota;
mod realisation;
mod realisation_exports;
mod reference;
mod result_rules;
mod retention;
mod retention_cli;
mod schedule;
mod scope;
mod sealed_sheets;
mod session_file;
mod signing;
mod signing_board_pages;
mod signing_closing;
mod signing_journey;
mod signing_pages;
mod smtp;
mod snapshots;
mod support;
mod trainers;
mod training_pages;
mod validity;
mod validity_reminders;
mod worker_resilience;
mod write_rules;
