//! A bounded number of password verifications at once, each in a work area kept from one
//! verification to the next.
//!
//! argon2id is made to be expensive: 19 MiB and tens of milliseconds of one core per login. Run
//! unbounded, a flood of wrong passwords takes every core and, through the allocator's arenas,
//! gigabytes of memory that are not given back. Here each instance verifies at most `permits`
//! passwords at a time, on tokio's blocking threads and with no database connection held; each
//! permit owns one work area, allocated once. A login that finds no permit free within a short
//! wait is answered "busy" (429) instead of queueing for ever.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use argon2::Block;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::password;

/// The seconds a busy login is told to wait (`Retry-After`).
pub const BUSY_RETRY_AFTER: u64 = 1;

/// The permits and their work areas; one per instance, in the application state.
#[derive(Debug)]
pub struct HashPool {
    permits: Arc<Semaphore>,
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
    wait: Duration,
    size: usize,
}

/// A permit to verify one password, with its work area; both go back to the pool when dropped.
#[derive(Debug)]
pub struct HashSlot {
    _permit: OwnedSemaphorePermit,
    area: Vec<Block>,
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Drop for HashSlot {
    fn drop(&mut self) {
        let area = std::mem::take(&mut self.area);
        self.areas
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(area);
    }
}

impl HashPool {
    /// A pool of `size` permits (at least one); a login waits at most `wait` for one.
    pub fn new(size: usize, wait: Duration) -> Self {
        let size = size.max(1);
        Self {
            permits: Arc::new(Semaphore::new(size)),
            areas: Arc::new(Mutex::new(Vec::with_capacity(size))),
            wait,
            size,
        }
    }

    /// How many verifications may run at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Takes a permit, waiting at most the pool's wait; `None` when every permit stayed busy.
    pub async fn acquire(&self) -> Option<HashSlot> {
        let permit = tokio::time::timeout(self.wait, Arc::clone(&self.permits).acquire_owned())
            .await
            .ok()?
            .ok()?;
        let area = self
            .areas
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or_default();
        Some(HashSlot {
            _permit: permit,
            area,
            areas: Arc::clone(&self.areas),
        })
    }
}

impl HashSlot {
    /// Verifies `password` against `phc` on a blocking thread, in this slot's work area; the
    /// slot (permit and area) is released when the verification ends.
    pub async fn verify(mut self, password: String, phc: String) -> bool {
        tokio::task::spawn_blocking(move || {
            let ok = password::verify_with_memory(&password, &phc, &mut self.area);
            drop(self);
            ok
        })
        .await
        .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PasswordParams;

    const CHEAP: PasswordParams = PasswordParams {
        memory_kib: 64,
        iterations: 1,
    };

    #[tokio::test]
    async fn a_busy_pool_answers_none_and_areas_are_reused() {
        let pool = HashPool::new(1, Duration::from_millis(10));
        let slot = pool.acquire().await;
        assert!(slot.is_some());
        assert!(pool.acquire().await.is_none(), "the only permit is taken");
        let phc = password::hash("secret", CHEAP).unwrap_or_default();
        let ok = match slot {
            Some(slot) => slot.verify("secret".to_owned(), phc.clone()).await,
            None => false,
        };
        assert!(ok);
        let again = pool.acquire().await;
        assert_eq!(again.as_ref().map(|s| s.area.len()), Some(64), "area kept");
        drop(again);
        assert_eq!(pool.areas.lock().map_or(0, |a| a.len()), 1);
    }
}
