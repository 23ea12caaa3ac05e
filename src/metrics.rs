//! Request counters and the latency histogram, kept in memory per instance, and their rendering
//! in the Prometheus text format (with the queue's figures read from the database at scrape time).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
pub const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// This instance's request figures.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

/// The queue and mail figures, read at scrape time.
#[derive(Debug, Default, Clone)]
pub struct QueueFigures {
    /// Jobs per state (`queued`, `running`, `done`, `dead`, `cancelled`).
    pub jobs: Vec<(String, i64)>,
    /// Queued jobs that failed at least once.
    pub retrying: i64,
    /// E-mails sent.
    pub emails_sent: i64,
    /// Seconds since the last worker heartbeat (none when no worker ever beat).
    pub heartbeat_age: Option<i64>,
}

/// Escapes a label value.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Metrics {
    /// Counts one request to `route` (the matched pattern, not the raw path).
    pub fn record(&self, route: &str, method: &str, status: u16, took: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests
                .entry((route.to_owned(), method.to_owned(), status))
                .or_default() += 1;
        }
        let seconds = took.as_secs_f64();
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self, queue: &QueueFigures) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str(
            "# HELP parcours_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE parcours_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((route, method, status), n) in requests.iter() {
                let _ = writeln!(
                    out,
                    "parcours_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                    label(route),
                    label(method)
                );
            }
        }
        out.push_str(
            "# HELP parcours_http_request_duration_seconds Time spent answering requests.\n",
        );
        out.push_str("# TYPE parcours_http_request_duration_seconds histogram\n");
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "parcours_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "parcours_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        #[allow(clippy::cast_precision_loss)] // a sum of microseconds, shown in seconds
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "parcours_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "parcours_http_request_duration_seconds_count {count}");
        out.push_str("# HELP parcours_jobs Background jobs by state.\n");
        out.push_str("# TYPE parcours_jobs gauge\n");
        for state in ["queued", "running", "done", "dead", "cancelled"] {
            let n = queue
                .jobs
                .iter()
                .find(|(s, _)| s == state)
                .map_or(0, |(_, n)| *n);
            let _ = writeln!(out, "parcours_jobs{{state=\"{state}\"}} {n}");
        }
        out.push_str(
            "# HELP parcours_jobs_failed Queued jobs waiting for a retry after a failure.\n",
        );
        out.push_str("# TYPE parcours_jobs_failed gauge\n");
        let _ = writeln!(out, "parcours_jobs_failed {}", queue.retrying);
        out.push_str("# HELP parcours_emails_sent_total E-mails sent by the workers.\n");
        out.push_str("# TYPE parcours_emails_sent_total counter\n");
        let _ = writeln!(out, "parcours_emails_sent_total {}", queue.emails_sent);
        out.push_str(
            "# HELP parcours_worker_heartbeat_age_seconds Seconds since a worker last beat \
             (+Inf when none ever did).\n",
        );
        out.push_str("# TYPE parcours_worker_heartbeat_age_seconds gauge\n");
        match queue.heartbeat_age {
            Some(age) => {
                let _ = writeln!(out, "parcours_worker_heartbeat_age_seconds {age}");
            }
            None => out.push_str("parcours_worker_heartbeat_age_seconds +Inf\n"),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_and_status_with_their_latency() {
        let metrics = Metrics::default();
        metrics.record("/advisors/{id}", "GET", 200, Duration::from_millis(3));
        metrics.record("/advisors/{id}", "GET", 200, Duration::from_millis(30));
        metrics.record("/login", "POST", 303, Duration::from_secs(20));
        let text = metrics.render(&QueueFigures {
            jobs: vec![("queued".to_owned(), 4), ("dead".to_owned(), 1)],
            retrying: 2,
            emails_sent: 7,
            heartbeat_age: Some(12),
        });
        assert!(text.contains(
            "parcours_http_requests_total{route=\"/advisors/{id}\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(text.contains("parcours_http_request_duration_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("parcours_http_request_duration_seconds_bucket{le=\"0.05\"} 2"));
        assert!(text.contains("parcours_http_request_duration_seconds_bucket{le=\"+Inf\"} 3"));
        assert!(text.contains("parcours_http_request_duration_seconds_count 3"));
        assert!(text.contains("parcours_jobs{state=\"queued\"} 4"));
        assert!(text.contains("parcours_jobs{state=\"running\"} 0"));
        assert!(text.contains("parcours_jobs_failed 2"));
        assert!(text.contains("parcours_emails_sent_total 7"));
        assert!(text.contains("parcours_worker_heartbeat_age_seconds 12"));
        let silent = metrics.render(&QueueFigures::default());
        assert!(silent.contains("parcours_worker_heartbeat_age_seconds +Inf"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c"), "a\\\"b\\\\c");
    }
}
