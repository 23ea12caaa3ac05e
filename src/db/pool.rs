//! The connection pool and the bridge from async handlers to blocking diesel calls.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};

use super::{Backend, DbConn, establish};

/// Why a database operation could not run.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// `DATABASE_URL` is not usable.
    #[error("configuration: {0}")]
    Config(String),
    /// Could not connect.
    #[error("connection: {0}")]
    Connection(#[from] diesel::ConnectionError),
    /// A query failed.
    #[error("query: {0}")]
    Query(#[from] diesel::result::Error),
    /// No connection was free in time.
    #[error("pool: {0}")]
    Pool(#[from] r2d2::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migration(String),
    /// The blocking task running the query panicked or was cancelled.
    #[error("database task: {0}")]
    Task(String),
}

/// How long a connection that last served without an error is lent again without a check.
pub const TRUSTED_FOR: Duration = Duration::from_secs(5);

/// A pooled connection and what the pool knows of its health.
///
/// A connection is checked (`SELECT 1`, a round trip) before it is lent only when it may have
/// gone bad: its last use ended in an error, or it has been idle longer than [`TRUSTED_FOR`]
/// (the database may have restarted meanwhile). Under load a connection is lent again within
/// milliseconds of serving, so requests do not pay that round trip on top of their own.
pub struct PooledConn {
    conn: DbConn,
    last_served: Instant,
    suspect: bool,
}

impl PooledConn {
    fn new(conn: DbConn) -> Self {
        Self {
            conn,
            last_served: Instant::now(),
            suspect: false,
        }
    }

    /// Records how its last use ended: an error makes it checked before it is lent again.
    pub fn served(&mut self, ok: bool) {
        self.last_served = Instant::now();
        self.suspect = !ok;
    }

    fn needs_check(&self) -> bool {
        self.suspect || self.last_served.elapsed() >= TRUSTED_FOR
    }
}

impl Deref for PooledConn {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl DerefMut for PooledConn {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

/// Hands out connections for [`r2d2`], picking the backend from the URL.
#[derive(Debug)]
pub struct ConnectionManager {
    url: String,
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = PooledConn;
    type Error = DbError;

    fn connect(&self) -> Result<PooledConn, DbError> {
        establish(&self.url).map(PooledConn::new)
    }

    /// Checked on every checkout, but only a connection that may have gone bad costs a round
    /// trip ([`PooledConn`]).
    fn is_valid(&self, conn: &mut PooledConn) -> Result<(), DbError> {
        if !conn.needs_check() {
            return Ok(());
        }
        conn.conn.batch_execute("SELECT 1")?;
        conn.served(true);
        Ok(())
    }

    /// A connection is broken, and dropped instead of going back to the pool, when the thread
    /// using it panicked or when it is still inside a transaction (or its transaction manager is
    /// in error): the next borrower must never inherit an open transaction or its locks.
    fn has_broken(&self, conn: &mut PooledConn) -> bool {
        std::thread::panicking() || is_broken(&mut conn.conn)
    }
}

/// Whether `conn` is left inside a transaction, or its transaction state is unknown.
pub fn is_broken(conn: &mut DbConn) -> bool {
    match conn {
        DbConn::Pg(inner) => AnsiTransactionManager::is_broken_transaction_manager(inner),
        DbConn::Sqlite(inner) => AnsiTransactionManager::is_broken_transaction_manager(inner),
    }
}

/// The shared pool. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<ConnectionManager>,
    /// One permit per connection, taken by [`Db::run`] before it goes to a blocking thread.
    permits: Arc<tokio::sync::Semaphore>,
    backend: Backend,
    url: Arc<str>,
}

impl Db {
    /// Opens a pool of `size` connections to `url`.
    pub fn connect(url: &str, size: u32) -> Result<Self, DbError> {
        let backend = Backend::from_url(url).map_err(DbError::Config)?;
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(ConnectionManager {
                url: url.to_owned(),
            })?;
        Ok(Self {
            pool,
            permits: Arc::new(tokio::sync::Semaphore::new(
                usize::try_from(size).unwrap_or(1),
            )),
            backend,
            url: Arc::from(url),
        })
    }

    /// Which engine this pool talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL the pool was opened with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Takes a connection for blocking use (CLI commands, the worker thread).
    pub fn get(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs blocking database work on tokio's blocking threads with a pooled connection.
    ///
    /// Requests wait their turn for a connection in the order they asked (a fair semaphore of
    /// one permit per connection), before taking a blocking thread: under load the pool's own
    /// wait, where a newcomer can take the connection a long waiter was woken for, would make
    /// some requests wait many times longer than the rest, and every waiter would hold a thread.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|e| E::from(DbError::Task(e.to_string())))?;
        let joined = tokio::task::spawn_blocking(move || {
            // Held until the connection is back in the pool, even if the request is dropped.
            let _permit = permit;
            let mut conn = pool.get().map_err(|e| E::from(DbError::Pool(e)))?;
            let result = f(&mut conn);
            conn.served(result.is_ok());
            result
        })
        .await;
        match joined {
            Ok(result) => result,
            Err(join_error) => Err(E::from(DbError::Task(join_error.to_string()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};

    use super::{DbConn, is_broken};

    fn sqlite() -> DbConn {
        match super::establish("sqlite://:memory:") {
            Ok(conn) => conn,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_connection_is_checked_before_it_is_lent_again_only_after_an_error() {
        let mut conn = super::PooledConn::new(sqlite());
        assert!(!conn.needs_check(), "just opened");
        conn.served(false);
        assert!(conn.needs_check(), "its last use failed");
        conn.served(true);
        assert!(!conn.needs_check(), "it served");
        conn.last_served -= super::TRUSTED_FOR;
        assert!(conn.needs_check(), "idle too long");
    }

    #[test]
    fn a_connection_left_inside_a_transaction_is_broken() {
        let mut conn = sqlite();
        assert!(!is_broken(&mut conn), "a fresh connection is sound");
        let DbConn::Sqlite(inner) = &mut conn else {
            panic!("SQLite expected");
        };
        assert!(AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE").is_ok());
        assert!(
            is_broken(&mut conn),
            "an open transaction must not go back to the pool"
        );
        let DbConn::Sqlite(inner) = &mut conn else {
            panic!("SQLite expected");
        };
        assert!(AnsiTransactionManager::rollback_transaction(inner).is_ok());
        assert!(
            !is_broken(&mut conn),
            "closed again, the connection is sound"
        );
    }

    #[test]
    fn the_pool_never_lends_a_connection_inside_a_transaction() {
        let path = std::env::temp_dir().join(format!("parcours-pool-{}.db", std::process::id()));
        let url = format!("sqlite://{}", path.display());
        let db = match super::Db::connect(&url, 1) {
            Ok(db) => db,
            Err(e) => panic!("{e}"),
        };
        {
            let mut conn = db.get().unwrap_or_else(|e| panic!("{e}"));
            let DbConn::Sqlite(inner) = &mut **conn else {
                panic!("SQLite expected");
            };
            assert!(
                AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE").is_ok()
            );
            // Dropped while inside the transaction, as a failed handler would leave it.
        }
        let mut conn = db.get().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !is_broken(&mut conn),
            "the next borrower got the open transaction"
        );
        drop(conn);
        let _ = std::fs::remove_file(&path);
    }
}
