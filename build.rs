//! Two build steps:
//! - strips the certificate fonts (`certificates/fonts/*.ttf`) of their hinting and long name
//!   records (see `build/fonts.rs`) into `OUT_DIR`, with a table `stripped_fonts.rs` that the
//!   layouts read them from (`src/certificates/mod.rs`);
//! - tells the test build whether headless Chromium and chromedriver are installed, so that the
//!   browser journeys run, or show as ignored with the reason and the command that installs
//!   them. `PARCOURS_REQUIRE_BROWSER=1` (CI) always enables them: a missing browser then fails.

#[path = "build/fonts.rs"]
mod fonts;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| Path::new(&dir).join(name).is_file())
    })
}

/// Strips each font of `certificates/fonts` into `OUT_DIR/fonts` and writes the table
/// `OUT_DIR/stripped_fonts.rs`: `(name as the layouts give it, bytes)`.
fn strip_fonts() {
    println!("cargo::rerun-if-changed=build/fonts.rs");
    println!("cargo::rerun-if-changed=certificates/fonts");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::create_dir_all(out.join("fonts")).expect("OUT_DIR is writable");
    let mut names: Vec<String> = std::fs::read_dir("certificates/fonts")
        .expect("certificates/fonts is readable")
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("ttf"))
        })
        .collect();
    names.sort();
    let mut table = String::from("/// The certificate fonts, stripped at build time.\n");
    table.push_str("pub static STRIPPED_FONTS: &[(&str, &[u8])] = &[\n");
    for name in names {
        let original = std::fs::read(Path::new("certificates/fonts").join(&name))
            .expect("a font of certificates/fonts is readable");
        let stripped = fonts::strip(&original)
            .unwrap_or_else(|e| panic!("certificates/fonts/{name} cannot be stripped: {e}"));
        let target = out.join("fonts").join(&name);
        std::fs::write(&target, stripped).expect("OUT_DIR is writable");
        writeln!(
            table,
            "    (\"fonts/{name}\", include_bytes!({:?})),",
            target.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    table.push_str("];\n");
    std::fs::write(out.join("stripped_fonts.rs"), table).expect("OUT_DIR is writable");
}

fn main() {
    strip_fonts();
    println!("cargo::rustc-check-cfg=cfg(browser)");
    println!("cargo::rerun-if-env-changed=PARCOURS_REQUIRE_BROWSER");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-changed=build.rs");
    // Installing or removing the Debian packages changes /usr/bin.
    if Path::new("/usr/bin").is_dir() {
        println!("cargo::rerun-if-changed=/usr/bin");
    }
    let installed = on_path("chromedriver") && (on_path("chromium") || on_path("chromium-browser"));
    let required = std::env::var("PARCOURS_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    if installed || required {
        println!("cargo::rustc-cfg=browser");
    }
}
