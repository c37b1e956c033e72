//! `lede serve` on loopback against hostile clients: slow uploads, clients that never read
//! their answer, ROUGE requests of unbounded work, malformed HTTP, SIGTERM under keep-alive,
//! and text without spaces. Every wait polls with a time limit; nothing races a clock.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod common;

const ARTICLE: &str = "The Harbor Street bridge in Port Ellery will close for at least six \
months after inspectors found cracks in two of its steel supports, city officials said Tuesday. \
The closure will force about 30,000 daily commuters onto ferries and a longer road around the \
bay. Mayor Dana Ruiz said the city would add ferry runs at rush hour and cut fares by half while \
the work goes on.";

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let (child, addr) = common::start_server(args);
        let addr = addr.parse().unwrap();
        Server { child, addr }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A field of /proc/PID/status in KiB (VmRSS, VmHWM).
    fn memory_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn terminate(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -TERM failed");
    }

    /// Waits for the process to exit; its exit status.
    fn wait_exit(&mut self, limit: Duration) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < limit,
                "the server did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A receive buffer of 64 KiB, so that the kernel does not take in megabytes of an answer
/// the client does not read.
fn small_receive_buffer(s: &TcpStream) {
    use std::os::fd::AsRawFd;
    let size: libc::c_int = 64 * 1024;
    // SAFETY: a valid socket and a pointer to a c_int of the given length.
    let rc = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0);
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

/// One HTTP/1.1 answer read off `s`: status, lower-case head, body (by Content-Length, or to
/// the end of the connection).
fn read_answer(s: &mut TcpStream) -> (u16, String, Vec<u8>) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            other => panic!(
                "the connection ended inside an answer head ({other:?}): {:?}",
                String::from_utf8_lossy(&buf)
            ),
        }
    }
    let head = String::from_utf8_lossy(&buf).to_ascii_lowercase();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    let len = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse::<usize>().unwrap());
    let mut body = Vec::new();
    match len {
        Some(n) => {
            body.resize(n, 0);
            s.read_exact(&mut body).unwrap();
        }
        None => {
            let _ = s.read_to_end(&mut body);
        }
    }
    (status, head, body)
}

fn request(addr: SocketAddr, raw: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = connect(addr);
    s.write_all(raw).unwrap();
    read_answer(&mut s)
}

fn post(path: &str, ctype: &str, body: &[u8], keep_alive: bool) -> Vec<u8> {
    let mut out =
        format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{}\r\n",
        body.len(),
        if keep_alive { "" } else { "Connection: close\r\n" }
    )
        .into_bytes();
    out.extend_from_slice(body);
    out
}

fn normal(addr: SocketAddr) -> u16 {
    let body = json!({ "text": ARTICLE, "sentences": 1, "method": "lead" }).to_string();
    request(
        addr,
        &post("/v1/highlights", "application/json", body.as_bytes(), false),
    )
    .0
}

/// A gauge of /metrics.
fn gauge(addr: SocketAddr, name: &str) -> f64 {
    let (status, _, body) = request(
        addr,
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in /metrics"))
        .trim()
        .parse()
        .unwrap()
}

/// Polls `check` every 20 ms until it holds; fails after `limit`.
fn poll_until(limit: Duration, what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn error_json(body: &[u8]) -> Value {
    let v: Value = serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(body)));
    assert!(
        v["error"]["code"].is_string() && v["error"]["message"].is_string(),
        "{v}"
    );
    v
}

/// Item 3: a slow upload is read before the request takes a place in the concurrency limit,
/// so uploads that trickle in do not turn normal requests away with 503.
#[test]
fn slow_uploads_take_no_place_in_the_concurrency_limit() {
    let server = Server::start(&["--concurrency", "2", "--timeout", "30", "--workers", "1"]);
    let slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = connect(server.addr);
            s.write_all(
                b"POST /v1/highlights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                  Content-Length: 100000\r\n\r\n{\"text\": \"The",
            )
            .unwrap();
            s
        })
        .collect();
    // All eight are being handled (their bodies are being read) ...
    poll_until(Duration::from_secs(20), "8 uploads in flight", || {
        gauge(server.addr, "lede_requests_in_flight") >= 8.0
    });
    // ... and normal requests are still answered, four times the limit of 2 in a row.
    for i in 0..8 {
        assert_eq!(normal(server.addr), 200, "normal request {i}");
    }
    drop(slow);
}

/// Item 4: the errors axum's router and hyper make themselves are JSON too.
#[test]
fn protocol_errors_and_wrong_methods_answer_json() {
    let server = Server::start(&[]);
    let addr = server.addr;
    let (status, _, body) = request(addr, b"GARBAGE\r\n\r\n");
    assert_eq!(status, 400);
    assert_eq!(error_json(&body)["error"]["code"], "bad_request");

    let mut long = b"GET /".to_vec();
    long.resize(70_000, b'a');
    long.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\n\r\n");
    let (status, _, body) = request(addr, &long);
    assert_eq!(status, 414);
    assert_eq!(error_json(&body)["error"]["code"], "uri_too_long");

    // More than 100 header fields.
    let mut many = b"GET /healthz HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..101 {
        many.extend_from_slice(format!("X-{i}: a\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    let (status, head, body) = request(addr, &many);
    assert_eq!(status, 431);
    assert!(head.contains("content-type: application/json"), "{head}");
    let v = error_json(&body);
    assert_eq!(v["error"]["code"], "headers_too_large");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("100"),
        "{v}"
    );

    for raw in [
        &b"DELETE /v1/rouge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..],
        &b"GET /v1/highlights HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..],
        &b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"[..],
    ] {
        let (status, head, body) = request(addr, raw);
        assert_eq!(status, 405, "{}", String::from_utf8_lossy(raw));
        assert!(head.contains("\r\nallow: "), "{head}");
        assert_eq!(error_json(&body)["error"]["code"], "method_not_allowed");
    }
    // Nothing else broke: a normal request on the same server.
    assert_eq!(normal(addr), 200);
}

/// Item 6: 1.9 MB of Chinese without a space or a stop is cut into sentences of at most
/// 1,000 characters, so a highlight is never the whole text.
#[test]
fn text_without_spaces_does_not_come_back_as_one_highlight() {
    let server = Server::start(&["--timeout", "60"]);
    let text = "我们的城市新闻报道".repeat(1_900_000 / 27);
    let (status, _, body) = request(
        server.addr,
        &post(
            "/v1/highlights?method=lead&sentences=3",
            "text/plain; charset=utf-8",
            text.as_bytes(),
            false,
        ),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v: Value = serde_json::from_slice(&body).unwrap();
    let hs = v["highlights"].as_array().unwrap();
    assert_eq!(hs.len(), 3, "{v:.300}");
    for h in hs {
        let n = h["text"].as_str().unwrap().chars().count();
        assert!(n <= 1000, "a highlight of {n} characters");
    }
}

/// Item 2: a ROUGE request is refused with 413 naming the limit when its work is over the
/// per-request budget, at once, and the workers stay free for other requests.
#[test]
fn rouge_work_over_the_budget_is_refused_at_once() {
    let server = Server::start(&["--workers", "1", "--timeout", "30"]);
    // 200 sentences of 100 one-letter words a side: 20,000 x 20,000 token pairs for
    // ROUGE-Lsum, far over the default budget of 10,000,000.
    let sentence = "a b c d e ".repeat(20);
    let sentences: Vec<&str> = vec![sentence.trim(); 200];
    let body =
        json!({"system": sentences, "reference": sentences, "metrics": ["rouge-lsum"]}).to_string();
    let started = Instant::now();
    let (status, _, answer) = request(
        server.addr,
        &post("/v1/rouge", "application/json", body.as_bytes(), false),
    );
    let took = started.elapsed();
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&answer));
    let v = error_json(&answer);
    assert_eq!(v["error"]["code"], "rouge_work_too_large");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("400000000") && message.contains("limit of 10000000"),
        "{message}"
    );
    assert!(message.contains("--rouge-max-work"), "{message}");
    assert!(took < Duration::from_secs(10), "refused after {took:?}");
    // Skip-bigrams count 16 each: ROUGE-S* of 2,000 tokens a side is refused as well.
    let long = "a b c d e ".repeat(400);
    let body = json!({"system": long, "reference": long, "metrics": ["rouge-s*"],
                      "split_sentences": false})
    .to_string();
    let (status, _, answer) = request(
        server.addr,
        &post("/v1/rouge", "application/json", body.as_bytes(), false),
    );
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&answer));
    // Within the budget: answered.
    let body = json!({"system": [sentence.trim()], "reference": sentence.trim()}).to_string();
    let (status, _, answer) = request(
        server.addr,
        &post("/v1/rouge", "application/json", body.as_bytes(), false),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    assert_eq!(normal(server.addr), 200);
}

/// Items 1-3 under load: ROUGE and batch requests together hold at most half of the
/// concurrency limit, so a flood of them cannot turn single highlights requests away with
/// 503, and a request whose client went away gives its place back while it waits for a
/// worker. One long ROUGE request keeps the only worker busy while three more arrive; one of
/// them waits in the queue (the bulk share of `--concurrency 4` is 2) and two are refused.
#[test]
fn bulk_work_cannot_lock_out_highlights() {
    let server = Server::start(&[
        "--concurrency",
        "4",
        "--workers",
        "1",
        "--timeout",
        "120",
        "--rouge-max-work",
        "100000000000",
    ]);
    let addr = server.addr;
    let rouge = |sentences: usize| -> Vec<u8> {
        let sentence = "a b c d e ".repeat(20);
        let list: Vec<&str> = vec![sentence.trim(); sentences];
        let body = json!({"system": list, "reference": list, "metrics": ["rouge-lsum"]});
        post(
            "/v1/rouge",
            "application/json",
            body.to_string().as_bytes(),
            false,
        )
    };
    let send = move |raw: Vec<u8>| {
        std::thread::spawn(move || {
            let mut s = connect(addr);
            s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
            s.write_all(&raw).unwrap();
            let (status, _, body) = read_answer(&mut s);
            (status, body)
        })
    };
    // 700 x 700 sentences of 100 words: about 5 billion token pairs, seconds of work.
    let long = send(rouge(700));
    poll_until(Duration::from_secs(30), "the long request at work", || {
        gauge(addr, "lede_work_permits_held") >= 1.0
    });
    let short: Vec<_> = (0..3).map(|_| send(rouge(2))).collect();
    // Each of the three is either refused at once or holds a place, waiting for the worker.
    poll_until(Duration::from_secs(30), "the three settled", || {
        let done = short.iter().filter(|t| t.is_finished()).count() as f64;
        gauge(addr, "lede_work_permits_held") + done >= 4.0
    });
    assert!(
        !long.is_finished(),
        "the long request ended too soon for this test"
    );
    assert_eq!(gauge(addr, "lede_work_permits_held"), 2.0);
    // Two highlights requests take the last two places and wait for the worker; then their
    // clients go away. Their places come back at once, not when the worker reaches them.
    let body = json!({ "text": ARTICLE, "sentences": 1 }).to_string();
    let waiting: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = connect(addr);
            s.write_all(&post(
                "/v1/highlights",
                "application/json",
                body.as_bytes(),
                false,
            ))
            .unwrap();
            s
        })
        .collect();
    poll_until(Duration::from_secs(30), "all four places held", || {
        gauge(addr, "lede_work_permits_held") == 4.0
    });
    drop(waiting);
    poll_until(Duration::from_secs(30), "the abandoned places back", || {
        gauge(addr, "lede_work_permits_held") == 2.0
    });
    assert!(
        !long.is_finished(),
        "the long request ended too soon for this test"
    );
    // A place is left for a highlights request (without the bulk share, the four ROUGE
    // requests took all four and this was 503). It waits for the worker, then is answered.
    assert_eq!(normal(addr), 200);
    let mut refused = 0;
    for t in short {
        let (status, body) = t.join().unwrap();
        if status == 503 {
            let v = error_json(&body);
            assert_eq!(v["error"]["code"], "overloaded");
            let message = v["error"]["message"].as_str().unwrap();
            assert!(message.contains("2 batch and ROUGE requests"), "{message}");
            refused += 1;
        } else {
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        }
    }
    assert_eq!(refused, 2);
    assert_eq!(long.join().unwrap().0, 200);
}

/// Item 1: clients that send batches and never read the answers hold a bounded amount of the
/// server's memory, and are cut off after the write timeout, which frees it.
#[test]
fn answers_nobody_reads_are_bounded_and_cut_off() {
    let server = Server::start(&[
        "--write-timeout",
        "2",
        "--timeout",
        "60",
        "--workers",
        "1",
        "--max-buffered",
        "8MiB",
    ]);
    let addr = server.addr;
    // Items of many short sentences with every sentence's score asked for: the answer is
    // many times the request (1 MB of request, tens of MB of answer, per client).
    let item = json!({"text": "Go on. ".repeat(40), "include_sentences": true, "method": "lead"})
        .to_string();
    let count = 1_000_000 / (item.len() + 1);
    let batch = vec![item.as_str(); count].join("\n");
    let rss_start = server.memory_kib("VmRSS:");
    let mut clients: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut s = connect(addr);
            small_receive_buffer(&s);
            s.write_all(&post(
                "/v1/highlights:batch",
                "application/x-ndjson",
                batch.as_bytes(),
                true,
            ))
            .unwrap();
            s
        })
        .collect();
    // Large requests fill at most three quarters of the budget of 8 MiB (a batch counts three
    // times its body), so ordinary requests are still answered meanwhile.
    assert!(gauge(addr, "lede_buffered_bytes") <= 6.0 * 1024.0 * 1024.0);
    assert_eq!(normal(addr), 200);
    // The server answers them as far as they read (not at all), then cuts them off after the
    // write timeout, and what they held is let go.
    poll_until(
        Duration::from_secs(60),
        "the stalled answers let go",
        || {
            gauge(addr, "lede_buffered_bytes") == 0.0
                && gauge(addr, "lede_requests_in_flight") <= 1.0
        },
    );
    let peak = server.memory_kib("VmHWM:");
    eprintln!("server memory: {rss_start:?} KiB at the start, peak {peak:?} KiB");
    if let (Some(start), Some(peak)) = (rss_start, peak) {
        assert!(
            peak < start + 200 * 1024,
            "6 clients that do not read took the server from {start} KiB to {peak} KiB"
        );
    }
    // Each client was sent a small part of its answer, then the connection was closed.
    let full = count * 2000; // each line is well over 2,000 bytes
    for s in &mut clients {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = Vec::new();
        match s.read_to_end(&mut got) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            Err(e) => panic!("the connection was not closed: {e}"),
        }
        assert!(
            got.len() < full,
            "a client got its whole answer of {}",
            got.len()
        );
    }
    assert_eq!(normal(addr), 200);
}

/// Item 5: on SIGTERM /readyz turns 503 while requests are still answered for the grace
/// period; then the listener closes, a request already on its way is answered, an idle
/// connection is closed, and the shutdown deadline ends a connection that never completes.
#[test]
fn sigterm_drains_without_dropping_requests() {
    let mut server = Server::start(&[
        "--drain-grace",
        "5",
        "--shutdown-timeout",
        "3",
        "--header-timeout",
        "60",
    ]);
    let addr = server.addr;
    let article = json!({ "text": ARTICLE, "sentences": 1 }).to_string();
    let one = post(
        "/v1/highlights",
        "application/json",
        article.as_bytes(),
        true,
    );
    // Three keep-alive connections, each answered once.
    let mut kept: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = connect(addr);
            s.write_all(&one).unwrap();
            assert_eq!(read_answer(&mut s).0, 200);
            s
        })
        .collect();
    // The third has sent half of its next request head, the second sends nothing more.
    kept[2].write_all(&one[..20]).unwrap();
    // A fourth connection has sent half a head it will never finish.
    let mut stuck = connect(addr);
    stuck
        .write_all(b"POST /v1/highlights HTTP/1.1\r\nHo")
        .unwrap();

    let signalled = Instant::now();
    server.terminate();
    // During the grace period: /readyz is 503 on a new connection, and requests are answered,
    // on new connections and on kept-alive ones (which are then closed).
    poll_until(Duration::from_secs(5), "/readyz turns 503", || {
        request(
            addr,
            b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .0 == 503
    });
    kept[0].write_all(&one).unwrap();
    let (status, head, _) = read_answer(&mut kept[0]);
    assert_eq!(status, 200);
    assert!(head.contains("connection: close"), "{head}");
    // Then the listener closes.
    poll_until(Duration::from_secs(10), "the listener closes", || {
        TcpStream::connect(addr).is_err()
    });
    assert!(
        signalled.elapsed() >= Duration::from_millis(4900),
        "closed before the grace period ended"
    );
    // The request that had begun to arrive is answered.
    kept[2].write_all(&one[20..]).unwrap();
    let (status, head, _) = read_answer(&mut kept[2]);
    assert_eq!(status, 200);
    assert!(head.contains("connection: close"), "{head}");
    // The idle connection is closed without an answer.
    let mut rest = Vec::new();
    kept[1]
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    assert!(matches!(kept[1].read_to_end(&mut rest), Ok(0)), "{rest:?}");
    // The connection that never finishes its head is ended by the shutdown deadline.
    let status = server.wait_exit(Duration::from_secs(30));
    assert!(status.success(), "{status:?}");
    let took = signalled.elapsed();
    assert!(
        took >= Duration::from_secs(8) && took < Duration::from_secs(20),
        "exited {took:?} after SIGTERM"
    );
    let mut rest = Vec::new();
    let _ = stuck.read_to_end(&mut rest);
}
