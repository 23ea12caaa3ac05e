//! Which tables `parcours copy-data` carries, in which order (parents before their children),
//! which the migrations seed, and which point into themselves. The generic reading and writing
//! is `db::copy`.

/// Every table, parents before children (the order the migrations create them in).
pub const TABLES: &[&str] = &[
    "territories",
    "organisations",
    "organisation_roles",
    "organisation_territories",
    "organisation_coordinations",
    "titles",
    "certifications",
    "positioning_scales",
    "tracks",
    "advisors",
    "users",
    "memberships",
    "positioning_tests",
    "cohorts",
    "cohort_trainers",
    "modules",
    "sessions",
    "api_tokens",
    "login_attempts",
    "audit_log",
    "cohort_days",
    "cohort_enrolments",
    "attendance",
    "module_sessions",
    "module_session_days",
    "module_enrolments",
    "jobs",
    "habilitations",
    "host_agreements",
    "agrements",
    "exam_sessions",
    "exam_examiners",
    "exam_candidates",
    "exam_results",
    "title_awards",
    "pix_results",
    "emails_sent",
    "calendar_feeds",
    "certificates",
    "verification_lookups",
    "password_resets",
    "password_reset_requests",
    "worker_heartbeats",
    "organisation_details",
    "cross_org_enrolments",
    "stored_files",
    "attendance_half_days",
    "attendance_signatures",
    "attendance_corrections",
    "absence_justifications",
    "signing_steps",
    "signing_keys",
    "sealed_documents",
    "cohort_day_trainers",
    "epreuves",
    "competences",
    "epreuve_slots",
    "epreuve_slot_jurors",
    "epreuve_observations",
    "competence_marks",
    "dossier_receipts",
    "module_attendance",
    "module_session_trainers",
    "title_correspondences",
    "ccp_holdings",
    "livrets",
    "disability_referents",
    "accommodation_requests",
    "exam_session_steps",
    "exam_incidents",
    "exam_incident_candidates",
    "advisor_identities",
    "geo_lists",
    "pv_signatures",
    "badge_status_lists",
    "badge_credentials",
    "exam_attendance",
    "import_uploads",
    "host_labels",
    "title_prolongations",
    "form_replays",
    "accessibility_audits",
    "deadline_relances",
];

/// Derived tables `parcours copy-data` leaves out: the target's triggers fill them, in the same
/// transaction, as the rows they are derived from arrive. `advisor_names` is SQLite's trigram
/// index of `advisors.search_text` (an FTS5 table; its shadow tables are named
/// `advisor_names_*`); `progress_counts` is the dashboard's summary of `advisors`,
/// `module_uptake_counts` the home's summary of `module_enrolments`, `dashboard_versions` the
/// counter the dashboard's cache is keyed by, `identity_versions` and `calendar_versions` those
/// of the identities' and the feeds' caches (their one row comes with the migration).
pub const DERIVED: &[&str] = &[
    "advisor_names",
    "progress_counts",
    "module_uptake_counts",
    "dashboard_versions",
    "identity_versions",
    "calendar_versions",
];

/// Whether `table` is a derived table or one of its FTS5 shadow tables.
pub fn is_derived(table: &str) -> bool {
    DERIVED.iter().any(|d| {
        table == *d
            || table
                .strip_prefix(d)
                .is_some_and(|rest| rest.starts_with('_'))
    })
}

/// Columns that point into their own table (an older sealed document names the version that
/// replaced it, which may come in a later batch): copied as NULL with their rows, then set once
/// every row of the table is in (`db::copy::links`, `db::copy::relink`).
pub const SELF_LINKS: &[(&str, &str)] = &[("sealed_documents", "superseded_by")];

/// The column of `table` that points into the table itself, if any.
pub fn self_link(table: &str) -> Option<&'static str> {
    SELF_LINKS
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, column)| *column)
}

/// Tables the migrations fill with reference data; the others are empty in a new database.
pub const SEEDED: &[&str] = &[
    "territories",
    "organisations",
    "organisation_roles",
    "organisation_territories",
    "organisation_coordinations",
    "titles",
    "certifications",
    "positioning_scales",
    "tracks",
    "modules",
    "epreuves",
    "competences",
    "title_correspondences",
];
