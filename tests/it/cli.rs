//! The command line: migrate, users add, tokens create.

use std::process::Command;

fn parcours(db: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parcours"));
    command
        .env("DATABASE_URL", db)
        .env_remove("PARCOURS_PASSWORD")
        .env("RUST_LOG", "warn");
    command
}

/// The arguments of `parcours users add` for Léa, staff of `org`.
pub(crate) fn add_lea(org: &str) -> [&str; 10] {
    [
        "users",
        "add",
        "--email",
        "lea@example.org",
        "--name",
        "Léa",
        "--role",
        "staff",
        "--org",
        org,
    ]
}

/// Asserts that a command succeeded, with its standard error in the failure message.
pub(crate) fn assert_success(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn migrate_add_a_user_and_print_a_token_alone_on_the_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let migrated = parcours(&db).arg("migrate").output().unwrap();
    assert_success(&migrated);
    assert!(String::from_utf8_lossy(&migrated.stdout).contains("migration(s) applied"));
    // The password comes from PARCOURS_PASSWORD; without it and without a terminal, a clear error.
    let no_password = parcours(&db).args(add_lea("la-fabrik")).output().unwrap();
    assert!(!no_password.status.success());
    let weak = parcours(&db)
        .env("PARCOURS_PASSWORD", "court")
        .args(add_lea("la-fabrik"))
        .output()
        .unwrap();
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("12 caractères"));
    let unknown_org = parcours(&db)
        .env("PARCOURS_PASSWORD", "un-long-mot-de-passe")
        .args(add_lea("nowhere"))
        .output()
        .unwrap();
    assert!(!unknown_org.status.success());
    let added = parcours(&db)
        .env("PARCOURS_PASSWORD", "un-long-mot-de-passe")
        .args(add_lea("la-fabrik"))
        .output()
        .unwrap();
    assert_success(&added);
    let token = parcours(&db)
        .args(["tokens", "create", "--email", "lea@example.org"])
        .output()
        .unwrap();
    assert!(token.status.success());
    let stdout = String::from_utf8(token.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert_eq!(last.len(), 43, "the token alone: {last:?}");
    assert!(
        last.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );
}
