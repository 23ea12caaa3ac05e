//! The test harness: a real server on 127.0.0.1:0 per test, each with a fresh database (a
//! temporary SQLite file, or a PostgreSQL database cloned from a migrated template when
//! `PARCOURS_TEST_POSTGRES_URL` is set), a fixed clock, and HTTP clients.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, TimeZone, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};
use parcours::auth::Principal;
use parcours::clock::FixedClock;
use parcours::config::{Config, PasswordParams, ThrottleConfig};
use parcours::db::{self, DbConn, organisations};
use parcours::services::{self, Ctx};
use parcours::web::state::AppState;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

/// The password of every account tests create.
pub const PASSWORD: &str = "mot-de-passe-de-test";

/// "Today" in tests: Monday 2 March 2026, 10:00 in Paris.
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().unwrap()
}

/// A database for one test, dropped with it.
enum TestDb {
    Sqlite(
        #[allow(
            dead_code,
            reason = "held so that the directory lives as long as the test"
        )]
        tempfile::TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self
            && let Ok(mut conn) = PgConnection::establish(admin_url)
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Whether the suite runs on PostgreSQL.
pub fn postgres_url() -> Option<String> {
    std::env::var("PARCOURS_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn database_url_with_name(url: &str, name: &str) -> String {
    match url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => format!("{url}/{name}"),
    }
}

/// The migrated template database, built once per run (its name carries a hash of the
/// migrations, so a changed migration builds a new one).
fn postgres_template(admin_url: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            let mut files: Vec<_> = walk("migrations/postgres");
            files.sort();
            for file in files {
                for b in std::fs::read(&file).unwrap() {
                    hash = (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
                }
            }
            let name = format!("parcours_tpl_{hash:016x}");
            let mut admin = PgConnection::establish(admin_url).unwrap();
            let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
                &format!("EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"),
            ))
            .get_result(&mut admin)
            .unwrap();
            if !exists {
                let building = format!("{name}_b{}", std::process::id());
                admin
                    .batch_execute(&format!("CREATE DATABASE {building}"))
                    .unwrap();
                {
                    let mut conn =
                        db::establish(&database_url_with_name(admin_url, &building)).unwrap();
                    db::run_migrations(&mut conn).unwrap();
                }
                admin
                    .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .unwrap();
            }
            name
        })
        .clone()
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(path.to_str().unwrap()));
        } else {
            out.push(path);
        }
    }
    out
}

fn fresh_database() -> (String, TestDb) {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    static CREATE_LOCK: Mutex<()> = Mutex::new(());
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    match postgres_url() {
        Some(admin_url) => {
            let template = postgres_template(&admin_url);
            let name = format!("parcours_t_{}_{n}", std::process::id());
            {
                let _guard = CREATE_LOCK
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let mut admin = PgConnection::establish(&admin_url).unwrap();
                admin
                    .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .unwrap();
            }
            (
                database_url_with_name(&admin_url, &name),
                TestDb::Postgres { admin_url, name },
            )
        }
        None => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            (url, TestDb::Sqlite(dir))
        }
    }
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
        self.leftover_jobs_expected.store(true, Ordering::Relaxed);
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

    /// `GET` with a bearer token.
    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `POST` JSON with a bearer token.
    pub async fn post(&self, token: &str, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `PATCH` JSON with a bearer token.
    pub async fn patch(&self, token: &str, path: &str, body: Value) -> Response {
        self.client
            .patch(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Records an advisor through the API as `token` and returns its id.
    pub async fn advisor(&self, token: &str, body: Value) -> i64 {
        let response = self.post(token, "/api/v1/advisors", body).await;
        let status = response.status();
        let json: Value = response.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json["id"].as_i64().unwrap()
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
        let page = browser
            .get(self.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = csrf_token(&page);
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
}

/// The value of the first `csrf_token` hidden field of a page.
pub fn csrf_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("no csrf_token field") + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

/// A valid advisor body, aged 30 on the test's today, in metropolitan France.
pub fn advisor_body(email: &str) -> Value {
    json!({
        "first_name": "Léa",
        "last_name": "Martin",
        "email": email,
        "birth_date": "1995-05-17",
        "territory": "FR",
    })
}

/// Asserts a 422 problem document with a message for `field`; returns the message.
pub async fn assert_field_error(response: Response, field: &str) -> String {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    body["errors"][field]
        .as_str()
        .unwrap_or_else(|| panic!("no error for {field} in {body}"))
        .to_owned()
}

/// An initial-training cohort of La Fabrik on track `track_id` (1 = 315 h, 2 = 175 h, 3 = 70 h),
/// with `capacity` seats, from `starts_on` to `ends_on`; returns its id.
pub async fn cohort(
    app: &TestApp,
    token: &str,
    track_id: i64,
    starts_on: &str,
    ends_on: &str,
    capacity: i32,
) -> i64 {
    let response = app
        .post(
            token,
            "/api/v1/cohorts",
            json!({"kind": "initial", "track_id": track_id, "starts_on": starts_on,
                   "ends_on": ends_on, "venue": "Lyon, salle 2", "capacity": capacity}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

/// Enrols `advisor_id` in `cohort_id`; returns the enrolment's JSON.
pub async fn enrol(app: &TestApp, token: &str, cohort_id: i64, advisor_id: i64) -> Value {
    let response = app
        .post(
            token,
            &format!("/api/v1/cohorts/{cohort_id}/enrolments"),
            json!({"advisor_id": advisor_id}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// Enrols the advisor with this exact e-mail in `cohort_id` (how an organisation that does not
/// follow them names them); returns the enrolment's JSON.
pub async fn enrol_by_email(app: &TestApp, token: &str, cohort_id: i64, email: &str) -> Value {
    let response = app
        .post(
            token,
            &format!("/api/v1/cohorts/{cohort_id}/enrolments"),
            json!({"advisor_email": email}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// A module session of `module_id` by Simplon (a module provider) on one or two days starting
/// `first_day` (`YYYY-MM-DD`), 9:00–17:00 in `zone`'s territory; returns its id.
pub async fn module_session(
    app: &TestApp,
    token: &str,
    module_id: i64,
    days: &[&str],
    capacity: i32,
) -> i64 {
    let days: Vec<Value> = days
        .iter()
        .map(|d| json!({"starts_at": format!("{d}T09:00:00+01:00"), "ends_at": format!("{d}T17:00:00+01:00")}))
        .collect();
    let response = app
        .post(
            token,
            "/api/v1/module-sessions",
            json!({"module_id": module_id, "days": days, "venue": "Simplon Lyon", "capacity": capacity}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

/// The id of a catalogue module lasting `hours`, the `n`-th one.
pub async fn module_of(app: &TestApp, token: &str, hours: i64, n: usize) -> i64 {
    let body: Value = app
        .get(token, "/api/v1/modules?per_page=200")
        .await
        .json()
        .await
        .unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["hours"] == hours)
        .nth(n)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// Fetches `page`, takes its CSRF token and posts `fields` to `action` as a form.
pub async fn post_form(
    app: &TestApp,
    browser: &Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Response {
    let html = browser
        .get(app.url(page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_token(&html);
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    browser
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Gives an account a display name (accounts made by [`TestApp::user`] are all "Test {role}").
pub fn rename_user(app: &TestApp, id: i64, name: &str) {
    use diesel::prelude::*;
    use parcours::db::schema::users;
    app.with_conn(|c| {
        diesel::update(users::table.find(id))
            .set(users::name.eq(name))
            .execute(c)
            .unwrap()
    });
}
