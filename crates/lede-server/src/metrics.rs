//! Prometheus metrics: requests by route and status, latency histograms by route, requests in
//! flight. Route labels come from a fixed list, so a client cannot grow them without bound.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub(crate) struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    latency: Mutex<BTreeMap<&'static str, Histogram>>,
    in_flight: AtomicI64,
}

impl Metrics {
    fn record(&self, route: &'static str, status: u16, seconds: f64) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route, status)).or_insert(0) += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            let h = l.entry(route).or_default();
            for (i, le) in BUCKETS.iter().enumerate() {
                if seconds <= *le {
                    h.counts[i] += 1;
                }
            }
            h.count += 1;
            h.sum += seconds;
        }
    }

    /// The Prometheus text exposition format.
    pub(crate) fn render(&self, uptime: f64, buffered: usize, permits_held: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP lede_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE lede_requests_total counter");
        if let Ok(r) = self.requests.lock() {
            for ((route, status), n) in r.iter() {
                let _ = writeln!(
                    out,
                    "lede_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP lede_request_duration_seconds Time to the response headers, by route."
        );
        let _ = writeln!(out, "# TYPE lede_request_duration_seconds histogram");
        if let Ok(l) = self.latency.lock() {
            for (route, h) in l.iter() {
                for (i, le) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "lede_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "lede_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "lede_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "lede_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP lede_requests_in_flight Requests being handled now."
        );
        let _ = writeln!(out, "# TYPE lede_requests_in_flight gauge");
        let _ = writeln!(
            out,
            "lede_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP lede_buffered_bytes Bytes of request bodies and answers held in memory now."
        );
        let _ = writeln!(out, "# TYPE lede_buffered_bytes gauge");
        let _ = writeln!(out, "lede_buffered_bytes {buffered}");
        let _ = writeln!(
            out,
            "# HELP lede_work_permits_held Places in the concurrency limit held by work queued or running."
        );
        let _ = writeln!(out, "# TYPE lede_work_permits_held gauge");
        let _ = writeln!(out, "lede_work_permits_held {permits_held}");
        let _ = writeln!(
            out,
            "# HELP lede_uptime_seconds Seconds since the server started."
        );
        let _ = writeln!(out, "# TYPE lede_uptime_seconds gauge");
        let _ = writeln!(out, "lede_uptime_seconds {uptime:.3}");
        out
    }
}

/// The route label of a request: one of the known routes, or "other".
fn route_label(path: &str) -> &'static str {
    crate::api::ROUTES
        .iter()
        .find(|(_, p)| *p == path)
        .map_or("other", |(_, p)| p)
}

/// Middleware: counts and times every request.
pub(crate) async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = route_label(req.uri().path());
    let m = &state.inner.metrics;
    // Counted down on drop: also when the client goes away and the request is dropped.
    struct InFlight<'a>(&'a AtomicI64);
    impl Drop for InFlight<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::Relaxed);
        }
    }
    m.in_flight.fetch_add(1, Ordering::Relaxed);
    let _guard = InFlight(&m.in_flight);
    let started = Instant::now();
    let resp = next.run(req).await;
    m.record(
        route,
        resp.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    resp
}
