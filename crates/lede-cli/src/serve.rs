//! `lede serve`: the HTTP API and the web page.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use lede_server::{AppState, ServerConfig};

#[derive(Args, Debug)]
#[command(
    after_help = "Routes: POST /v1/highlights, POST /v1/highlights:batch, POST /v1/rouge,
GET /healthz, /readyz, /metrics, /openapi.json, and the web page at /.

Limits: a request head has at most 100 header fields and about 400 KB (431 above);
every error answer is JSON.

Examples:
  lede serve
  lede serve --addr 0.0.0.0:8080 --concurrency 128
  curl -s localhost:8080/v1/highlights -H 'content-type: application/json' \\
       -d '{\"text\": \"...\", \"sentences\": 3}'"
)]
pub struct ServeArgs {
    /// Address to listen on: an IP address or a host name such as localhost, and a port
    /// (port 0 picks a free port; the address is printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT", value_parser = parse_addr)]
    addr: SocketAddr,

    /// Largest request body, in bytes, or with a unit as --max-record takes it (K, M, G, also
    /// written KiB, MB ...; all powers of 1024); larger bodies get 413.
    #[arg(long, default_value = "2MiB", value_name = "SIZE", value_parser = lede_batch::limits::parse_size)]
    max_body: usize,

    /// Longest a request may take, in seconds; slower requests get 504.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    timeout: f64,

    /// Requests to /v1 handled at once; more get 503 with Retry-After. Batch and ROUGE
    /// requests may hold at most half of them.
    #[arg(long, default_value_t = 64, value_name = "N")]
    concurrency: usize,

    /// CPU threads for summarizing and scoring (default: one per core).
    #[arg(long, value_name = "N")]
    workers: Option<usize>,

    /// Connections open at once; further clients wait until one closes.
    #[arg(long, default_value_t = 4096, value_name = "N")]
    max_connections: usize,

    /// Seconds a connection may take to send a request's headers (also how long an idle
    /// keep-alive connection stays open); it is closed after that.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    header_timeout: f64,

    /// Seconds a write of an answer may make no progress (a client that does not read its
    /// answer); the connection is closed after that.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    write_timeout: f64,

    /// Bytes of request bodies and answers held in memory at once, across connections
    /// (suffixes as --max-body); a request that would go over gets 503 with Retry-After.
    #[arg(long, default_value = "128MiB", value_name = "SIZE", value_parser = lede_batch::limits::parse_size)]
    max_buffered: usize,

    /// Work of one /v1/rouge request, in units: a pair of tokens compared by ROUGE-L or -Lsum,
    /// 4 by ROUGE-W, 16 per skip-bigram of ROUGE-S, one per n-gram (10,000,000 is about 30 ms
    /// of work); more gets 413.
    #[arg(long, default_value_t = 10_000_000, value_name = "UNITS")]
    rouge_max_work: u64,

    /// Seconds after SIGTERM or Ctrl-C during which /readyz answers 503 while requests are
    /// still accepted and answered (every answer closes its connection); then the listener
    /// closes.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    drain_grace: f64,

    /// Seconds after the grace period that requests already received may take to finish;
    /// connections still open then are closed and the server exits.
    #[arg(long, default_value_t = 20.0, value_name = "SECONDS")]
    shutdown_timeout: f64,
}

/// A number of seconds that may be zero (a grace period).
fn seconds_or_zero(value: f64, option: &str) -> Result<Duration> {
    if value == 0.0 {
        return Ok(Duration::ZERO);
    }
    seconds(value, option)
}

fn seconds(value: f64, option: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|t| !t.is_zero() && *t <= Duration::from_secs(24 * 3600))
        .ok_or_else(|| {
            crate::usage!(
                "invalid --{option}: {value} is not a number of seconds between 0 and 86400"
            )
        })
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let timeout = seconds(args.timeout, "timeout")?;
    let header_read_timeout = seconds(args.header_timeout, "header-timeout")?;
    let write_timeout = seconds(args.write_timeout, "write-timeout")?;
    let drain_grace = seconds_or_zero(args.drain_grace, "drain-grace")?;
    let shutdown_timeout = seconds(args.shutdown_timeout, "shutdown-timeout")?;
    let mut config = ServerConfig {
        max_body_bytes: args.max_body,
        timeout,
        max_concurrency: args.concurrency,
        max_connections: args.max_connections,
        header_read_timeout,
        write_timeout,
        max_buffered_bytes: args.max_buffered,
        rouge_max_work: args.rouge_max_work,
        drain_grace,
        shutdown_timeout,
        ..ServerConfig::default()
    };
    if let Some(w) = args.workers {
        config.workers = w;
    }
    let state = AppState::new(config).context("cannot start the server")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr()?;
        crate::say!("lede: listening on http://{local}");
        lede_server::serve(listener, state, shutdown_signal()).await?;
        crate::say!("lede: stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    crate::say!(
        "lede: shutting down: /readyz answers 503; still answering for the grace period, then finishing requests received"
    );
}

/// `HOST:PORT`, the host an IP address or a name (`localhost:8080`), resolved to its first
/// address.
fn parse_addr(s: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = s.parse() {
        return Ok(addr);
    }
    if !s.contains(':') {
        return Err(format!(
            "`{s}` has no port: give HOST:PORT, such as 127.0.0.1:8080"
        ));
    }
    use std::net::ToSocketAddrs;
    match s.to_socket_addrs() {
        Ok(mut addrs) => addrs
            .next()
            .ok_or_else(|| format!("`{s}` names no address")),
        Err(e) => Err(format!(
            "cannot resolve `{s}`: {e} (give HOST:PORT, such as 127.0.0.1:8080)"
        )),
    }
}
