//! Retrying failed jobs: exponential backoff with a cap, then give up.

use chrono::Duration;

/// Attempts before a job is declared dead.
pub const MAX_ATTEMPTS: i32 = 8;

/// The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min… capped at one hour; `None` once
/// `attempts` reaches [`MAX_ATTEMPTS`].
pub fn next_delay(attempts: i32) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let exponent = u32::try_from(attempts.saturating_sub(1).max(0))
        .unwrap_or(0)
        .min(20);
    let seconds = 30_i64.saturating_mul(1_i64 << exponent);
    Some(Duration::seconds(seconds.min(3600)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_an_hour_then_gives_up() {
        assert_eq!(next_delay(1), Some(Duration::seconds(30)));
        assert_eq!(next_delay(2), Some(Duration::seconds(60)));
        assert_eq!(next_delay(3), Some(Duration::seconds(120)));
        assert_eq!(next_delay(7), Some(Duration::seconds(1920)));
        assert_eq!(next_delay(MAX_ATTEMPTS), None);
        assert_eq!(next_delay(20), None);
    }
}
