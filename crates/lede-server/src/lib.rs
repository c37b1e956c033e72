//! The lede HTTP API and its web page, on axum and tokio.
//!
//! | route | what |
//! |---|---|
//! | `POST /v1/highlights` | one article (JSON, `text/plain` or `text/html` body) → highlights |
//! | `POST /v1/highlights:batch` | a JSON array or NDJSON of articles → NDJSON, streamed |
//! | `POST /v1/rouge` | system + reference(s) → ROUGE in a named compatibility mode |
//! | `GET /healthz`, `GET /readyz` | liveness, readiness (503 while shutting down) |
//! | `GET /metrics` | Prometheus text: requests, latency histograms, in-flight |
//! | `GET /openapi.json` | the OpenAPI 3 description of these routes |
//! | `GET /` | the web page |
//!
//! Limits answer clearly: a body over the size limit gets 413, more requests than the
//! concurrency limit get 503 with `Retry-After`, a request over the time limit gets 504, bad
//! JSON or a missing or wrong field gets 400 with a JSON error naming the field. Work runs on a
//! fixed pool of CPU threads, so the async workers only move bytes.

mod api;
mod metrics;

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;

pub use api::ROUTES;

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Largest request body accepted (413 above it).
    pub max_body_bytes: usize,
    /// Longest a request may take (504 after it).
    pub timeout: Duration,
    /// Requests to the /v1 routes handled at once; more get 503 with Retry-After.
    pub max_concurrency: usize,
    /// CPU threads that summarize and score.
    pub workers: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 2 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_concurrency: 64,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// Errors of starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("invalid server setting: {0}")]
    Config(String),
    #[error("cannot start the worker threads: {0}")]
    Workers(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub(crate) struct Inner {
    pub(crate) config: ServerConfig,
    pub(crate) permits: Arc<Semaphore>,
    pub(crate) pool: rayon::ThreadPool,
    pub(crate) metrics: metrics::Metrics,
    pub(crate) ready: AtomicBool,
    pub(crate) started: Instant,
}

/// Shared state of one server.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

impl AppState {
    pub fn new(config: ServerConfig) -> Result<AppState, ServerError> {
        if config.max_concurrency == 0 {
            return Err(ServerError::Config(
                "the concurrency limit must be at least 1".into(),
            ));
        }
        if config.workers == 0 {
            return Err(ServerError::Config(
                "at least one worker thread is needed".into(),
            ));
        }
        if config.max_body_bytes == 0 {
            return Err(ServerError::Config(
                "the body size limit must be at least 1 byte".into(),
            ));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(config.workers)
            .thread_name(|i| format!("lede-worker-{i}"))
            .build()
            .map_err(|e| ServerError::Workers(e.to_string()))?;
        Ok(AppState {
            inner: Arc::new(Inner {
                permits: Arc::new(Semaphore::new(config.max_concurrency)),
                config,
                pool,
                metrics: metrics::Metrics::default(),
                ready: AtomicBool::new(true),
                started: Instant::now(),
            }),
        })
    }

    /// Marks the server as shutting down: /readyz answers 503 from now on.
    pub fn set_not_ready(&self) {
        self.inner.ready.store(false, Ordering::SeqCst);
    }

    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }
}

/// The application: every route, the limits and the metrics.
pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/v1/highlights", post(api::highlights))
        .route("/v1/highlights:batch", post(api::batch))
        .route("/v1/rouge", post(api::rouge))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::concurrency_limit,
        ));
    Router::new()
        .route("/", get(api::page))
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/metrics", get(api::metrics))
        .route("/openapi.json", get(api::openapi))
        .merge(v1)
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// Serves on `listener` until `shutdown` completes; then stops accepting, marks the server not
/// ready, and lets in-flight requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let app = router(state.clone());
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            state.set_not_ready();
        })
        .await?;
    Ok(())
}
