//! Abusive clients over real sockets: slow bodies, slow headers, many idle connections,
//! oversized headers, and more connections than the limit. Resources stay bounded (resident
//! memory is printed before and after) and other clients are still served.
//!
//! One test function, so that the resident memory measured is this server's alone.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use lede_server::{AppState, ServerConfig};

const ARTICLE: &str = "The Harbor Street bridge in Port Ellery will close for at least six \
months after inspectors found cracks in two of its steel supports, city officials said Tuesday. \
The closure will force about 30,000 daily commuters onto ferries and a longer road around the \
bay. Mayor Dana Ruiz said the city would add ferry runs at rush hour and cut fares by half while \
the work goes on.";

/// Resident memory of this process, in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: Option<std::sync::mpsc::Receiver<()>>,
    _runtime: std::thread::JoinHandle<()>,
}

impl Server {
    fn start(config: ServerConfig) -> Server {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let runtime = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                let state = AppState::new(config).unwrap();
                lede_server::serve(listener, state, async {
                    let _ = stop_rx.await;
                })
                .await
                .unwrap();
                let _ = done_tx.send(());
            });
        });
        Server {
            addr: addr_rx.recv().unwrap(),
            stop: Some(stop_tx),
            done: Some(done_rx),
            _runtime: runtime,
        }
    }

    fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.done
            .take()
            .unwrap()
            .recv_timeout(Duration::from_secs(20))
            .expect("the server stops");
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

/// A well-behaved client: one summary request; returns its status line.
fn normal_request(addr: SocketAddr) -> String {
    let body = serde_json::json!({ "text": ARTICLE, "sentences": 1 }).to_string();
    let mut s = connect(addr);
    write!(
        s,
        "POST /v1/highlights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.lines().next().unwrap_or("").to_string()
}

fn assert_served(addr: SocketAddr, while_what: &str) {
    let status = normal_request(addr);
    assert!(
        status.starts_with("HTTP/1.1 200"),
        "a normal client {while_what} got {status:?}"
    );
}

/// Reads until the server closes the connection (or resets it); returns what was read and
/// how long it took. Fails if the connection is still open after `limit`.
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break, // reset
        }
        assert!(
            start.elapsed() < limit,
            "the connection is still open after {limit:?}"
        );
    }
    (out, start.elapsed())
}

#[test]
fn abusive_clients_are_cut_off_and_others_are_still_served() {
    let header_timeout = Duration::from_secs(2);
    let server = Server::start(ServerConfig {
        timeout: Duration::from_secs(3),
        header_read_timeout: header_timeout,
        workers: 1,
        ..ServerConfig::default()
    });
    let addr = server.addr;
    assert_served(addr, "at the start");
    let rss_before = rss_kib();
    eprintln!("resident memory at the start: {}", mib(rss_before));

    // Slow bodies: headers and a few bytes of a 100 kB body, then nothing.
    let mut slow: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = connect(addr);
            s.write_all(
                b"POST /v1/highlights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                  Content-Length: 100000\r\n\r\n{\"text\": \"The",
            )
            .unwrap();
            s
        })
        .collect();
    assert_served(addr, "while 20 bodies stall");
    for s in &mut slow {
        let (answer, took) = read_until_closed(s, Duration::from_secs(15));
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "a stalled body got {answer:?}"
        );
        assert!(took < Duration::from_secs(15));
    }
    eprintln!("20 stalled bodies: answered 408 and closed within the 3 s request timeout");

    // Slow headers: half a request head, then nothing.
    let mut slow: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = connect(addr);
            s.write_all(b"POST /v1/highlights HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    assert_served(addr, "while 50 request heads stall");
    let started = Instant::now();
    for s in &mut slow {
        read_until_closed(s, Duration::from_secs(15));
    }
    eprintln!(
        "50 stalled request heads: all closed {:.1} s after the check began (header timeout {:?})",
        started.elapsed().as_secs_f64(),
        header_timeout
    );
    drop(slow);

    // Many idle connections: 1,000 connected sockets that send nothing.
    let mut idle: Vec<TcpStream> = (0..1000).map(|_| connect(addr)).collect();
    assert_served(addr, "while 1,000 idle connections are open");
    let rss_idle = rss_kib();
    eprintln!(
        "resident memory with 1,000 idle connections open: {}",
        mib(rss_idle)
    );
    let started = Instant::now();
    for s in &mut idle {
        read_until_closed(s, Duration::from_secs(20));
    }
    eprintln!(
        "1,000 idle connections: all closed by the server {:.1} s after the check began",
        started.elapsed().as_secs_f64()
    );
    drop(idle);

    // Oversized headers: a 1 MB header line, 20 times.
    for _ in 0..20 {
        let mut s = connect(addr);
        let mut req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
        req.resize(req.len() + (1 << 20), b'a');
        req.extend_from_slice(b"\r\n\r\n");
        // The server may close before it has read everything: a failed write is an answer too.
        let _ = s.write_all(&req);
        let (answer, _) = read_until_closed(&mut s, Duration::from_secs(15));
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
            "a 1 MB header got {answer:?}"
        );
    }
    assert_served(addr, "after 20 oversized headers");

    let rss_after = rss_kib();
    eprintln!(
        "resident memory: {} at the start, {} with 1,000 idle connections, {} after everything",
        mib(rss_before),
        mib(rss_idle),
        mib(rss_after)
    );
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        assert!(
            after < before + 64 * 1024,
            "resident memory grew from {} to {}",
            mib(rss_before),
            mib(rss_after)
        );
    }
    if let (Some(before), Some(idle)) = (rss_before, rss_idle) {
        assert!(
            idle < before + 128 * 1024,
            "1,000 idle connections took {} (from {})",
            mib(rss_idle),
            mib(rss_before)
        );
    }
    server.stop();

    // The connection limit: with 16 connections allowed and 16 idle ones open, a new client
    // waits in the backlog until the header timeout frees a place, then is served.
    let limited = Server::start(ServerConfig {
        max_connections: 16,
        header_read_timeout: Duration::from_secs(1),
        workers: 1,
        ..ServerConfig::default()
    });
    let held: Vec<TcpStream> = (0..16).map(|_| connect(limited.addr)).collect();
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    assert_served(limited.addr, "over the connection limit");
    let waited = started.elapsed();
    eprintln!(
        "17th connection over a limit of 16: served after {:.2} s",
        waited.as_secs_f64()
    );
    assert!(
        waited >= Duration::from_millis(500),
        "served at once: the connection limit did not hold ({waited:?})"
    );
    drop(held);
    limited.stop();
}

#[test]
fn invalid_connection_settings_are_refused() {
    for config in [
        ServerConfig {
            max_connections: 0,
            ..ServerConfig::default()
        },
        ServerConfig {
            header_read_timeout: Duration::ZERO,
            ..ServerConfig::default()
        },
    ] {
        let err = AppState::new(config).err().expect("refused");
        assert!(err.to_string().contains("invalid server setting"), "{err}");
    }
}
