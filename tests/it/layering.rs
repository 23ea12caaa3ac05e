//! The layers are mechanical: `web/` never names `db::` or diesel, `services/` never names
//! diesel or `web::`, `domain/` names no I/O and no layer above it. Read from the source tree,
//! comments excluded, so the rule fails the suite the day it is broken.

use std::path::{Path, PathBuf};

/// A layer's folder and the names it must never write.
struct Rule {
    folder: &'static str,
    forbidden: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        folder: "src/web",
        forbidden: &["crate::db", "db::", "diesel"],
    },
    Rule {
        folder: "src/services",
        forbidden: &["diesel", "crate::web", "web::"],
    },
    Rule {
        folder: "src/domain",
        forbidden: &[
            "axum",
            "diesel",
            "tokio",
            "std::fs",
            "std::net",
            "crate::db",
            "crate::services",
            "crate::web",
        ],
    },
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `name` occurs in `line` as a path or identifier of its own: not preceded by a letter,
/// digit, `_` or `.` (so `state.db` or `my_db::` do not count).
fn names(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + name.len()..].chars().next();
        let starts = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let ends = name.ends_with(':') || !after.is_some_and(|c| c.is_alphanumeric() || c == '_');
        starts && ends
    })
}

/// Each `(line number, forbidden name, line)` of `source` breaking `forbidden`; line comments
/// and doc comments are skipped.
fn violations<'a>(
    source: &'a str,
    forbidden: &[&'static str],
) -> Vec<(usize, &'static str, &'a str)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        for name in forbidden {
            if names(code, name) {
                found.push((n + 1, *name, line));
            }
        }
    }
    found
}

#[test]
fn each_layer_names_only_what_it_may() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for rule in RULES {
        let mut files = Vec::new();
        rust_files(&root.join(rule.folder), &mut files);
        assert!(!files.is_empty(), "no source under {}", rule.folder);
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for (line, name, text) in violations(&source, rule.forbidden) {
                broken.push(format!(
                    "{}:{line}: names `{name}`: {}",
                    file.strip_prefix(root).unwrap_or(&file).display(),
                    text.trim()
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer rules broken (see ARCHITECTURE.md):\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_check_sees_a_database_call_from_the_web_layer() {
    let web = RULES[0].forbidden;
    let sample = "use crate::services::operations;\n\
                  // a comment may say db:: or diesel\n\
                  let n = crate::db::jobs::counts(conn)?;\n\
                  let d = db::jobs::dead(conn, 5)?;\n\
                  let p = state.db.run(operations::queue_figures);\n\
                  use diesel::prelude::*;\n";
    let lines: Vec<usize> = violations(sample, web).iter().map(|v| v.0).collect();
    assert_eq!(lines, vec![3, 3, 4, 6]);
}
