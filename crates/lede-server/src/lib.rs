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
//! hyper's buffer limit (about 400 KB) or with more than 100 header fields is answered 431 and
//! the connection closed.
//!
//! Memory is bounded across connections: request bodies are read before a concurrency slot is
//! taken (a slow upload holds no slot), and the bytes of bodies and answers held at once count
//! against [`ServerConfig::max_buffered_bytes`] (503 above it); a batch answer is produced as
//! the client reads it, and a write that makes no progress for
//! [`ServerConfig::write_timeout`] closes the connection.

mod api;
mod io;
mod metrics;

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    /// Longest a write of an answer may make no progress (a client that does not read); the
    /// connection is closed after it.
    pub write_timeout: Duration,
    /// Bytes of request bodies and answers held in memory at once, across connections; a
    /// request that would go over gets 503.
    pub max_buffered_bytes: usize,
    /// Work units of one /v1/rouge request (token pairs compared, 4 per pair for ROUGE-W, 16
    /// per skip-bigram); more gets 413. 10,000,000 is about 30 ms of work.
    pub rouge_max_work: u64,
    /// After the shutdown signal: how long /readyz answers 503 while requests are still
    /// accepted and answered, so that load balancers stop sending before the listener closes.
    pub drain_grace: Duration,
    /// After the grace period: how long requests already received may take to finish; the
    /// connections still open after it are closed.
    pub shutdown_timeout: Duration,
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
            write_timeout: Duration::from_secs(10),
            max_buffered_bytes: 128 * 1024 * 1024,
            rouge_max_work: 10_000_000,
            drain_grace: Duration::from_secs(5),
            shutdown_timeout: Duration::from_secs(20),
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
    /// The part of the concurrency limit that bulk work (/v1/rouge, batches) may hold: half of
    /// it, so that floods of batches or scoring requests cannot lock out /v1/highlights.
    pub(crate) bulk_permits: Arc<Semaphore>,
    pub(crate) pool: rayon::ThreadPool,
    pub(crate) metrics: metrics::Metrics,
    pub(crate) ready: AtomicBool,
    pub(crate) started: Instant,
    /// Bytes of request bodies and answers held now (see [`ServerConfig::max_buffered_bytes`]).
    pub(crate) buffered: AtomicUsize,
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
        if config.write_timeout.is_zero() {
            return Err(ServerError::Config(
                "the write timeout must be more than zero".into(),
            ));
        }
        if config.max_buffered_bytes < config.max_body_bytes {
            return Err(ServerError::Config(format!(
                "the budget of buffered bytes ({}) must be at least the body size limit ({})",
                config.max_buffered_bytes, config.max_body_bytes
            )));
        }
        if config.rouge_max_work == 0 {
            return Err(ServerError::Config(
                "the ROUGE work limit must be at least 1".into(),
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
                bulk_permits: Arc::new(Semaphore::new(bulk_share(config.max_concurrency))),
                config,
                pool,
                metrics: metrics::Metrics::default(),
                ready: AtomicBool::new(true),
                started: Instant::now(),
                buffered: AtomicUsize::new(0),
            }),
        })
    }

    /// Marks the server as shutting down: /readyz answers 503 from now on, and every answer
    /// closes its connection.
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
        .route("/v1/rouge", post(api::rouge));
    Router::new()
        .route("/", get(api::page))
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/metrics", get(api::metrics))
        .route("/openapi.json", get(api::openapi))
        .merge(v1)
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::close_when_draining,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// What the connection tasks are told as the server stops.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Serving,
    /// The listener is closed: a connection closes once it has nothing left to answer.
    Closing,
    /// The shutdown deadline passed: every connection is dropped.
    Killed,
}

/// Serves on `listener` until `shutdown` completes; then drains:
///
/// 1. `/readyz` answers 503 and every answer closes its connection, while new connections are
///    still accepted and answered for [`ServerConfig::drain_grace`];
/// 2. the listener closes; a request already received (even in part) is answered, and an idle
///    connection that has received nothing is closed;
/// 3. after [`ServerConfig::shutdown_timeout`] the connections still open are dropped.
///
/// Batch and ROUGE requests at work at once: half the concurrency limit (at least one).
pub(crate) fn bulk_share(max_concurrency: usize) -> usize {
    (max_concurrency / 2).max(1)
}

/// HTTP/1.1 only. Each connection holds one of [`ServerConfig::max_connections`] permits
/// while it is open, must send every request head within
/// [`ServerConfig::header_read_timeout`], and is closed when a write of its answer makes no
/// progress for [`ServerConfig::write_timeout`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let app = router(state.clone());
    let config = state.config().clone();
    let connections = Arc::new(Semaphore::new(config.max_connections));
    let (phase_tx, phase_rx) = tokio::sync::watch::channel(Phase::Serving);
    let trimmer = tokio::spawn(give_back_memory(state.clone()));
    let mut shutdown = std::pin::pin!(shutdown);
    let mut grace: Option<std::pin::Pin<Box<tokio::time::Sleep>>> = None;
    // Resolves when the grace period ends (never before the shutdown signal).
    macro_rules! grace_over {
        () => {
            async {
                match grace.as_mut() {
                    Some(s) => s.as_mut().await,
                    None => std::future::pending::<()>().await,
                }
            }
        };
    }
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break, // the semaphore is never closed
            },
            () = &mut shutdown, if grace.is_none() => {
                state.set_not_ready();
                grace = Some(Box::pin(tokio::time::sleep(config.drain_grace)));
                continue;
            }
            () = grace_over!() => break,
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
            () = &mut shutdown, if grace.is_none() => {
                state.set_not_ready();
                grace = Some(Box::pin(tokio::time::sleep(config.drain_grace)));
                continue;
            }
            () = grace_over!() => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            app.clone(),
            config.clone(),
            phase_rx.clone(),
            permit,
        ));
    }
    trimmer.abort();
    state.set_not_ready();
    drop(listener);
    let _ = phase_tx.send(Phase::Closing);
    let all = u32::try_from(config.max_connections).unwrap_or(u32::MAX);
    let finished =
        tokio::time::timeout(config.shutdown_timeout, connections.acquire_many(all)).await;
    if finished.is_err() {
        let _ = phase_tx.send(Phase::Killed);
        // Dropped connections give their permits back at once.
        let _ = tokio::time::timeout(Duration::from_secs(1), connections.acquire_many(all)).await;
    }
    Ok(())
}

/// Once the bodies and answers held have all gone, after a high tide of them, gives the freed
/// memory back to the system: glibc keeps freed blocks of its many thread arenas otherwise, and
/// the server's resident size would stay at its peak after an abuse.
async fn give_back_memory(state: AppState) {
    let mut high = 0usize;
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = state.inner.buffered.load(Ordering::SeqCst);
        high = high.max(now);
        if now == 0 && high >= 16 * 1024 * 1024 {
            high = 0;
            #[cfg(all(target_os = "linux", target_env = "gnu"))]
            // SAFETY: malloc_trim only returns free memory to the system.
            unsafe {
                libc::malloc_trim(0);
            }
        }
    }
}

/// Whether bytes have arrived on the socket that nobody has read yet.
#[cfg(unix)]
fn unread_bytes(fd: std::os::fd::RawFd) -> bool {
    let mut b = [0u8; 1];
    // SAFETY: `fd` is the socket of a connection this task still owns (it is open), and the
    // buffer is one valid byte; MSG_PEEK leaves the data where it is.
    let n = unsafe {
        libc::recv(
            fd,
            b.as_mut_ptr().cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    n > 0
}

/// One connection, from accept to close.
async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    config: ServerConfig,
    mut phase: tokio::sync::watch::Receiver<Phase>,
    permit: tokio::sync::OwnedSemaphorePermit,
) {
    #[cfg(unix)]
    let fd = std::os::fd::AsRawFd::as_raw_fd(&stream);
    let activity = Arc::new(io::Activity::default());
    let stream = io::Io::new(stream, config.write_timeout, Arc::clone(&activity));
    let service = hyper_util::service::TowerToHyperService::new(app);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    // A client that goes away or breaks the protocol only ends its own connection.
    loop {
        if *phase.borrow() >= Phase::Closing {
            break;
        }
        tokio::select! {
            _ = conn.as_mut() => return drop(permit),
            changed = phase.changed() => if changed.is_err() { break },
        }
    }
    // The listener is closed. A connection with a request arriving or being answered finishes
    // it (every answer now closes its connection); an idle one with nothing unread is closed.
    loop {
        if *phase.borrow() == Phase::Killed {
            return drop(permit);
        }
        let busy = activity.reading.load(Ordering::SeqCst);
        #[cfg(unix)]
        let busy = busy || unread_bytes(fd);
        if !busy {
            conn.as_mut().graceful_shutdown();
            break;
        }
        tokio::select! {
            _ = conn.as_mut() => return drop(permit),
            _ = tokio::time::sleep(Duration::from_millis(10)) => {}
            _ = phase.changed() => {}
        }
    }
    loop {
        if *phase.borrow() == Phase::Killed {
            return drop(permit);
        }
        tokio::select! {
            _ = conn.as_mut() => return drop(permit),
            changed = phase.changed() => if changed.is_err() { return drop(permit) },
        }
    }
}
