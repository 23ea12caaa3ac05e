//! Tells the test build whether headless Chromium and chromedriver are installed, so that the
//! browser journeys run, or show as ignored with the reason and the command that installs them.
//! `PARCOURS_REQUIRE_BROWSER=1` (CI) always enables them: a missing browser then fails.

use std::path::Path;

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| Path::new(&dir).join(name).is_file())
    })
}

fn main() {
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
