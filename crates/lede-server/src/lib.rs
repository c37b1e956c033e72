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
//!
//! Connections are bounded too: at most [`ServerConfig::max_connections`] are open at once
//! (further clients wait in the listen backlog until one closes), a connection that has not
//! sent a complete request head within [`ServerConfig::header_read_timeout`] is closed (a
//! slow-header client, or an idle keep-alive connection), and a request head larger than
//! hyper's buffer limit (about 400 KB) is answered 431 and the connection closed.

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
    /// Connections open at once; more wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// Longest a connection may take to send a request head (also the longest an idle
    /// keep-alive connection stays open); the connection is closed after it.
    pub header_read_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 2 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_concurrency: 64,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_connections: 4096,
            header_read_timeout: Duration::from_secs(10),
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
        if config.max_connections == 0 {
            return Err(ServerError::Config(
                "the connection limit must be at least 1".into(),
            ));
        }
        if config.header_read_timeout.is_zero() {
            return Err(ServerError::Config(
                "the header read timeout must be more than zero".into(),
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
/// ready, and lets in-flight requests finish (idle connections are closed at once).
///
/// HTTP/1.1 only. Each connection holds one of [`ServerConfig::max_connections`] permits
/// while it is open, and must send every request head within
/// [`ServerConfig::header_read_timeout`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let app = router(state.clone());
    let config = state.config().clone();
    let connections = Arc::new(Semaphore::new(config.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break, // the semaphore is never closed
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors or a connection reset before it was accepted:
                    // wait a little rather than spin, and go on.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted
                            | std::io::ErrorKind::ConnectionReset
                            | std::io::ErrorKind::ConnectionRefused
                    ) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(config.header_read_timeout)
            .keep_alive(true);
        let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that goes away or breaks the protocol only ends its own connection.
            let _ = conn.await;
            drop(permit);
        });
    }
    state.set_not_ready();
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
