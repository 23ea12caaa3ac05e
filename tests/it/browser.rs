//! The harness of the browser journeys: a chromedriver and a headless Chromium per journey,
//! axe-core (vendored in `tests/vendor/axe-core`) run on every page visited, and a screenshot of
//! each key page under `target/tmp/journeys/{journey}/` (and in `PARCOURS_SCREENSHOTS_DIR` when
//! set, for the README's pictures); no page may scroll sideways, on the desktop's 1280 px nor on a
//! phone's 390 px (`Journey::phone`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::support::{TestApp, free_port};

const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// The pages shown in the README (`PARCOURS_SCREENSHOTS_DIR=docs/screenshots`).
const README_PAGES: &[&str] = &[
    "accueil-organisme",
    "session-journees",
    "emargement",
    "mon-parcours",
    "session-de-module",
    "resultats-saisis",
    "mes-attestations",
    "attestation-valide",
    "mon-parcours-telephone",
    "sessions-de-modules-telephone",
    "aujourd-hui-telephone",
    "emargement-21-telephone",
];

/// Runs axe-core on the page and returns its violations, summarised.
const RUN_AXE: &str = r"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then(r => done(r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)
  }))))
  .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));
";

/// A phone's window (the issue's 390 × 844) and the desktop's.
pub const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 1000);

/// The page's scroll width and the window's inner width.
const WIDTHS: &str = "return [document.documentElement.scrollWidth, window.innerWidth];";

/// The innermost elements that stick out on the right, widest first (for the failure message);
/// those inside a box that scrolls on its own (a wide table) do not move the page.
const WIDEST_ELEMENTS: &str = "const w = window.innerWidth + 1;\
    const scrolls = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {\
        const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }\
        return false; };\
    const out = e => e.getBoundingClientRect().right > w && !scrolls(e);\
    return [...document.querySelectorAll('body *')]\
    .filter(out)\
    .filter(e => ![...e.children].some(out))\
    .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)\
    .slice(0, 5)\
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
        (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + \
        ' ' + Math.round(e.getBoundingClientRect().right) + ' px: ' + e.textContent.trim().slice(0, 40));";

/// Whether the journeys run here: on SQLite only (the rest of the suite covers PostgreSQL).
pub fn on_sqlite() -> bool {
    if crate::support::postgres_url().is_some() {
        eprintln!("browser journeys run on SQLite only: skipped in the PostgreSQL pass");
        return false;
    }
    true
}

fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A chromedriver process, killed with the journey.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_driver() -> Driver {
    let binary = on_path("chromedriver").expect(
        "chromedriver is missing: apt-get install chromium chromium-driver \
         (PARCOURS_REQUIRE_BROWSER=1 makes this a failure)",
    );
    let port = free_port();
    let child = Command::new(binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let status = format!("{}/status", driver.url);
    for _ in 0..100 {
        if reqwest::get(&status)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

/// One journey's browser.
pub struct Journey<'a> {
    /// The WebDriver session.
    pub client: Client,
    /// The app under test.
    pub app: &'a TestApp,
    name: &'static str,
    shots: PathBuf,
    count: usize,
    /// Whether the window is at the phone's width (`phone`) rather than the desktop's.
    narrow: std::cell::Cell<bool>,
    _driver: Driver,
}

impl<'a> Journey<'a> {
    /// Opens headless Chromium for the journey `name` against `app`.
    pub async fn start(app: &'a TestApp, name: &'static str) -> Self {
        // Two TLS back-ends are linked (lettre's and the WebDriver client's): pick one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let driver = start_driver().await;
        let chromium = on_path("chromium")
            .or_else(|| on_path("chromium-browser"))
            .expect("chromium is missing: apt-get install chromium chromium-driver");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         "--disable-gpu", "--window-size=1280,1000", "--lang=fr-FR",
                         "--disable-extensions", "--no-first-run"],
            }),
        );
        let client = ClientBuilder::rustls()
            .unwrap()
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .unwrap();
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("journeys")
            .join(name);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        Self {
            client,
            app,
            name,
            shots,
            count: 0,
            narrow: std::cell::Cell::new(false),
            _driver: driver,
        }
    }

    /// Goes to `path` on the app.
    pub async fn visit(&self, path: &str) {
        self.client.goto(&self.app.url(path)).await.unwrap();
    }

    /// The current path.
    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// The page's text.
    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Types `value` into the field labelled by the element with id `id`.
    pub async fn fill(&self, id: &str, value: &str) {
        let field = self
            .client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("no field #{id} on {}: {e}", self.name));
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Chooses the option whose value is `value` in the select `id`.
    pub async fn select(&self, id: &str, value: &str) {
        self.client
            .find(Locator::Id(id))
            .await
            .unwrap()
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("#{id} has no option {value}: {e}"));
    }

    /// Clicks the element matching the CSS selector, then waits for the next page.
    pub async fn click(&self, css: &str) {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing matches {css}: {e}"));
        self.navigate_with(element).await;
    }

    /// Clicks `element` (a link or a submit button) and waits until the next page has loaded.
    pub async fn navigate_with(&self, element: fantoccini::elements::Element) {
        self.client
            .execute("window.journeyPreviousPage = true;", vec![])
            .await
            .unwrap();
        element.click().await.unwrap();
        self.wait_for_new_page().await;
    }

    /// Waits until the page marked by `window.journeyPreviousPage` is replaced and loaded.
    pub async fn wait_for_new_page(&self) {
        for _ in 0..200 {
            let loaded = self
                .client
                .execute(
                    "return window.journeyPreviousPage === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .ok();
            if loaded.as_ref().and_then(Value::as_bool) == Some(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page after the click ({})", self.name);
    }

    /// Waits until the document has loaded.
    pub async fn settle(&self) {
        for _ in 0..100 {
            let ready = self
                .client
                .execute("return document.readyState", vec![])
                .await
                .ok();
            if ready.as_ref().and_then(Value::as_str) == Some("complete") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Narrows the window to a phone's screen (390 × 844).
    pub async fn phone(&self) {
        self.narrow.set(true);
        self.client
            .set_window_rect(0, 0, PHONE.0, PHONE.1)
            .await
            .unwrap();
    }

    /// Widens the window back to the desktop's 1280 × 1000.
    pub async fn desktop(&self) {
        self.narrow.set(false);
        self.client
            .set_window_rect(0, 0, DESKTOP.0, DESKTOP.1)
            .await
            .unwrap();
    }

    /// Saves a screenshot named `page`, then fails on any axe-core violation and on any
    /// horizontal scroll (naming the elements that stick out); a page seen at the desktop's
    /// width is checked again at the phone's 390 × 844 (screenshot `{page}-390`), so that every
    /// page of every journey works on a phone.
    pub async fn check(&mut self, page: &str) {
        self.check_at_this_width(page).await;
        if !self.narrow.get() {
            self.phone().await;
            self.check_at_this_width(&format!("{page}-390")).await;
            self.desktop().await;
        }
    }

    /// [`Self::check`] at the window's current width only.
    async fn check_at_this_width(&mut self, page: &str) {
        self.settle().await;
        self.client
            .execute(&format!("{AXE}\n;return true;"), vec![])
            .await
            .unwrap();
        let violations = self.client.execute_async(RUN_AXE, vec![]).await.unwrap();
        let url = self.client.current_url().await.unwrap();
        self.count += 1;
        let png = self.client.screenshot().await.unwrap();
        let file = format!("{:02}-{page}.png", self.count);
        std::fs::write(self.shots.join(&file), &png).unwrap();
        if let Ok(dir) = std::env::var("PARCOURS_SCREENSHOTS_DIR")
            && README_PAGES.contains(&page)
        {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{page}.png")), &png).unwrap();
        }
        assert_eq!(
            violations.as_array().map_or(0, Vec::len),
            0,
            "axe-core violations on {url} ({} / {page}):\n{:#}",
            self.name,
            violations
        );
        let widths = self.client.execute(WIDTHS, vec![]).await.unwrap();
        let (scroll, inner) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
        if scroll > inner {
            let wide = self.client.execute(WIDEST_ELEMENTS, vec![]).await.unwrap();
            panic!(
                "{url} ({} / {page}) scrolls sideways: {scroll} px for a window of {inner} px; \
                 sticking out: {wide:#}",
                self.name
            );
        }
    }

    /// Closes the browser.
    pub async fn finish(self) {
        self.client.close().await.unwrap();
    }
}
