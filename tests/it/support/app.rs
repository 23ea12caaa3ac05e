//! The app under test: a real server on 127.0.0.1:0 per test, its fresh database, a fixed
//! clock and the accounts it is driven with.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use parcours::auth::Principal;
use parcours::clock::FixedClock;
use parcours::config::{Config, PasswordParams, ThrottleConfig};
use parcours::db::{DbConn, organisations};
use parcours::services::{self, Ctx};
use parcours::state::AppState;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use super::db::{TestDb, fresh_database};
use super::http::csrf_token;

/// The password of every account tests create.
pub const PASSWORD: &str = "mot-de-passe-de-test";

/// "Today" in tests: Monday 2 March 2026, 10:00 in Paris.
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().unwrap()
}

/// Settings a test may change before the server starts.
pub struct Options {
    /// Failed-login limits.
    pub throttle: ThrottleConfig,
    /// Public URL.
    pub base_url: Option<String>,
    /// Deadline reminder offsets, in days.
    pub reminder_offsets: [u16; 4],
    /// The reverse proxy whose `X-Forwarded-For` is believed.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// The SMTP server to send through (none: `.eml` files in a temporary directory).
    pub smtp_url: Option<String>,
    /// Public certificate checks allowed per address.
    pub verify_limit: parcours::config::VerifyLimit,
    /// The token that opens `/metrics` to other machines.
    pub metrics_token: Option<String>,
    /// How long API tokens live (long by default: tests move the clock across years).
    pub token_ttl: std::time::Duration,
    /// Cross-organisation enrolments allowed per organisation per day.
    pub cross_org_per_day: u32,
    /// What the footer pages say, when not the defaults.
    pub legal: Option<parcours::config::legal::LegalSettings>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            throttle: ThrottleConfig {
                per_account: 5,
                per_address: 1000,
                window: std::time::Duration::from_secs(900),
            },
            base_url: None,
            reminder_offsets: parcours::services::DEFAULT_REMINDER_OFFSETS,
            trusted_proxy: None,
            smtp_url: None,
            verify_limit: parcours::config::VerifyLimit::default(),
            metrics_token: None,
            token_ttl: std::time::Duration::from_secs(10 * 365 * 24 * 3600),
            cross_org_per_day: parcours::services::DEFAULT_CROSS_ORG_PER_DAY,
            legal: None,
        }
    }
}

/// A running parcours for one test.
pub struct TestApp {
    /// Where it listens.
    pub addr: SocketAddr,
    /// A client without cookies (API calls).
    pub client: Client,
    /// The clock the app reads.
    pub clock: FixedClock,
    /// The app's state, for direct database set-up.
    pub state: AppState,
    _db: TestDb,
    _data_dir: tempfile::TempDir,
    /// Whether the test expects jobs left behind (see [`crate::leftover_jobs`]).
    leftover_jobs_expected: std::sync::atomic::AtomicBool,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let expected = *self.leftover_jobs_expected.get_mut();
        crate::leftover_jobs::check(self, expected);
    }
}

impl TestApp {
    /// Starts a server with the default options.
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    /// Starts a server that sends its mail through the SMTP server at `smtp_url`.
    pub async fn spawn_with_smtp(smtp_url: String) -> Self {
        Self::spawn_with(Options {
            smtp_url: Some(smtp_url),
            ..Options::default()
        })
        .await
    }

    /// Starts a server.
    pub async fn spawn_with(options: Options) -> Self {
        let (url, guard) = fresh_database();
        let mut config = Config::new(url);
        config.password = PasswordParams {
            memory_kib: 256,
            iterations: 1,
        };
        config.throttle = options.throttle;
        config.pool_size = 4;
        config.reminder_offsets = options.reminder_offsets;
        config.trusted_proxy = options.trusted_proxy;
        config.smtp_url = options.smtp_url;
        config.verify_limit = options.verify_limit;
        config.metrics_token = options.metrics_token;
        config.token_ttl = options.token_ttl;
        config.cross_org_enrolments_per_day = options.cross_org_per_day;
        if let Some(legal) = options.legal {
            config.legal = legal;
        }
        let data_dir = tempfile::tempdir().unwrap();
        config.data_dir = data_dir.path().to_path_buf();
        config.base_url = options
            .base_url
            .unwrap_or_else(|| "http://127.0.0.1".to_owned());
        let clock = FixedClock::new(default_now());
        let state = parcours::app::build_state(config, Arc::new(clock.clone())).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let served = state.clone();
        tokio::spawn(async move {
            parcours::app::serve(served, listener, std::future::pending())
                .await
                .unwrap();
        });
        Self {
            _data_dir: data_dir,
            addr,
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            clock,
            state,
            _db: guard,
            leftover_jobs_expected: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Says that this test leaves jobs behind on purpose (checked when the app is dropped).
    pub fn expect_leftover_jobs(&self) {
        self.leftover_jobs_expected
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// An absolute URL.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Runs set-up code on a connection.
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut DbConn) -> T) -> T {
        let mut conn = self.state.db.get().unwrap();
        f(&mut conn)
    }

    /// Runs every ready job now, as the worker would; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        parcours::worker::drain(&self.state).await.unwrap()
    }

    /// The service context at the test's "now".
    pub fn ctx(&self) -> Ctx {
        self.state.ctx()
    }

    /// The id of a reference organisation.
    pub fn org(&self, slug: &str) -> i64 {
        self.with_conn(|c| organisations::find_by_slug(c, slug).unwrap().unwrap().id)
    }

    /// Creates an account with one role and returns its id.
    pub fn user(&self, email: &str, role: &str, org: Option<&str>, advisor_id: Option<i64>) -> i64 {
        let organisation_id = org.map(|slug| self.org(slug));
        let ctx = self.ctx();
        self.with_conn(|c| {
            services::users::create(
                c,
                &Principal::system(),
                ctx,
                &services::users::UserInput {
                    email: Some(email.to_owned()),
                    name: Some(format!("Test {role}")),
                    password: Some(PASSWORD.to_owned()),
                    role: Some(role.to_owned()),
                    organisation_id,
                    advisor_id,
                },
            )
            .unwrap()
            .id
        })
    }

    /// Creates an account and returns an API token for it.
    pub async fn token(&self, email: &str, role: &str, org: Option<&str>) -> String {
        self.user(email, role, org, None);
        self.login_token(email).await
    }

    /// Exchanges the test password for a token through the API.
    pub async fn login_token(&self, email: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "token for {email}");
        response.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A browser-like client with a cookie jar, not following redirects.
    #[allow(
        clippy::unused_self,
        reason = "reads as app.browser() beside app.client"
    )]
    pub fn browser(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Logs `browser` in through the login form.
    pub async fn login(&self, browser: &Client, email: &str) -> Response {
        let token = csrf_token(&self.visit_text(browser, "/login").await);
        browser
            .post(self.url("/login"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", email),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap()
    }

    /// Creates an account and returns a browser logged in as it (the login answers 303).
    pub async fn browser_as(&self, email: &str, role: &str, org: Option<&str>) -> Client {
        self.user(email, role, org, None);
        self.logged_in(email).await
    }

    /// A browser logged in as the existing account `email` (the login answers 303).
    pub async fn logged_in(&self, email: &str) -> Client {
        let browser = self.browser();
        let response = self.login(&browser, email).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {email}");
        browser
    }

    /// Creates a staff account of the organisation `org` and returns its API token.
    pub async fn staff_token(&self, email: &str, org: &str) -> String {
        self.token(email, "staff", Some(org)).await
    }

    /// The API token of `staff@example.org`, staff of La Fabrik (created on this call).
    pub async fn fabrik_staff(&self) -> String {
        self.staff_token("staff@example.org", "la-fabrik").await
    }

    /// The API token of `admin@example.org`, a platform admin (created on this call).
    pub async fn admin_token(&self) -> String {
        self.token("admin@example.org", "admin", None).await
    }

    /// Sets the app's clock to an RFC 3339 instant.
    pub fn at(&self, instant: &str) {
        let parsed =
            DateTime::parse_from_rfc3339(instant).unwrap_or_else(|e| panic!("{instant}: {e}"));
        self.clock.set(parsed.to_utc());
    }
}

/// A TCP port free on 127.0.0.1 when asked (for a process the test starts itself).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
