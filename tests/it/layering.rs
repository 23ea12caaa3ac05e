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

/// The source with its comments blanked (line, block and doc comments; strings are kept, so a
/// path written inside a string literal would count, which no module does).
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut previous = ' ';
                for skipped in chars.by_ref() {
                    if previous == '*' && skipped == '/' {
                        break;
                    }
                    previous = skipped;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// A file's module path below the crate root: `src/services/advisors/mod.rs` is
/// `["services", "advisors"]`, `src/lib.rs` and `src/main.rs` are `[]`.
fn module_path(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root.join("src")).unwrap_or(file);
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem.to_owned());
        }
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The module paths `source` (the file of module `here`) refers to through `crate::`,
/// `super::` and `self::`, brace groups of `use` included; each as far as it is written.
fn references(source: &str, here: &[String]) -> Vec<Vec<String>> {
    let text = without_comments(source);
    let bytes: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(is_ident(bytes[i - 1]) || bytes[i - 1] == ':');
        if !starts_word || !is_ident(bytes[i]) {
            i += 1;
            continue;
        }
        let word_end = (i..bytes.len())
            .find(|&j| !is_ident(bytes[j]))
            .unwrap_or(bytes.len());
        let word: String = bytes[i..word_end].iter().collect();
        let base: Option<Vec<String>> = match word.as_str() {
            "crate" => Some(Vec::new()),
            "super" => Some(here[..here.len().saturating_sub(1)].to_vec()),
            "self" => Some(here.to_vec()),
            _ => None,
        };
        match base {
            Some(base) => {
                let (paths, end) = parse_path(&bytes, word_end, base);
                found.extend(paths);
                i = end.max(word_end);
            }
            None => i = word_end,
        }
    }
    found
}

/// Parses `::a::b::{c, d::e}` (or `::super::x`) from `at`, starting from module `base`; returns
/// the paths named and where parsing stopped.
fn parse_path(chars: &[char], mut at: usize, mut base: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let mut out = Vec::new();
    loop {
        if chars.get(at) != Some(&':') || chars.get(at + 1) != Some(&':') {
            break;
        }
        at += 2;
        while chars.get(at).is_some_and(|c| c.is_whitespace()) {
            at += 1;
        }
        if chars.get(at) == Some(&'{') {
            let mut depth = 0;
            let mut item_start = at + 1;
            let mut j = at;
            while j < chars.len() {
                match chars[j] {
                    '{' => depth += 1,
                    '}' | ',' if depth == 1 => {
                        let item: String = chars[item_start..j].iter().collect();
                        let first: String =
                            item.trim().chars().take_while(|c| is_ident(*c)).collect();
                        if !first.is_empty() && first != "self" {
                            let mut path = base.clone();
                            path.push(first);
                            out.push(path);
                        }
                        item_start = j + 1;
                        if chars[j] == '}' {
                            return (out, j + 1);
                        }
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            return (out, j);
        }
        let end = (at..chars.len())
            .find(|&j| !is_ident(chars[j]))
            .unwrap_or(chars.len());
        if end == at {
            break;
        }
        let segment: String = chars[at..end].iter().collect();
        if segment == "super" {
            base.pop();
        } else {
            base.push(segment);
        }
        at = end;
    }
    if !base.is_empty() {
        out.push(base);
    }
    (out, at)
}

/// The dependency graph between units (a unit is what `unit_of` makes of a module path):
/// `unit → units it names`, self-references left out.
fn unit_graph(
    unit_of: &dyn Fn(&[String]) -> Option<String>,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut graph: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    for file in files {
        let here = module_path(root, &file);
        let Some(from) = unit_of(&here) else { continue };
        let source = std::fs::read_to_string(&file).unwrap();
        for path in references(&source, &here) {
            if let Some(to) = unit_of(&path)
                && to != from
            {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// One cycle of `graph` written `a → b → a`, if there is any.
fn find_cycle(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Option<String> {
    fn visit(
        node: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<String> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle.join(" → "));
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

/// The crate's top-level modules (`auth`, `db`, `services`…) and, inside `services/`, each
/// service module: the units between which imports must not go round in a circle.
fn top_level(path: &[String]) -> Option<String> {
    path.first().cloned()
}

fn service_module(path: &[String]) -> Option<String> {
    match path {
        [services, name, ..] if services == "services" => Some(name.clone()),
        _ => None,
    }
}

/// Every cycle of `graph`, one per broken edge: a cycle is found, written down, and its closing
/// edge taken out before looking again.
fn cycles(
    mut graph: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Vec<String> {
    let mut found = Vec::new();
    while let Some(cycle) = find_cycle(&graph) {
        let nodes: Vec<&str> = cycle.split(" → ").collect();
        if let [.., from, to] = nodes.as_slice()
            && let Some(edges) = graph.get_mut(*from)
        {
            edges.remove(*to);
        }
        found.push(cycle);
    }
    found
}

#[test]
fn no_import_cycles_between_modules_or_between_services() {
    let top = cycles(unit_graph(&top_level));
    let services = cycles(unit_graph(&service_module));
    assert!(
        top.is_empty() && services.is_empty(),
        "import cycles (see ARCHITECTURE.md):\nbetween top-level modules:\n{}\nbetween services:\n{}",
        top.join("\n"),
        services.join("\n")
    );
}

#[test]
fn the_cycle_check_reads_paths_and_sees_a_cycle() {
    let here: Vec<String> = vec!["services".into(), "advisors".into()];
    let source = "use super::{results::record, certificates};\n\
                  // use crate::web::x;\n\
                  let x = crate::db::advisors::find(c)?;\n\
                  use self::inner::Thing;\n";
    let mut named: Vec<String> = references(source, &here)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    named.sort();
    assert_eq!(
        named,
        vec![
            "db::advisors::find",
            "services::advisors::inner::Thing",
            "services::certificates",
            "services::results",
        ]
    );
    let mut graph = std::collections::BTreeMap::new();
    graph.insert("a".to_owned(), ["b".to_owned()].into_iter().collect());
    graph.insert("b".to_owned(), ["a".to_owned()].into_iter().collect());
    assert_eq!(find_cycle(&graph).as_deref(), Some("a → b → a"));
}
