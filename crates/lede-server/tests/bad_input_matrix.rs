//! The bad-input matrix for the HTTP API: each body gives a valid answer (200) or a clear
//! JSON error with the expected status, within a time limit; time and resident memory are
//! printed. (A file that grows, a directory and a FIFO are inputs of the command line only;
//! see the `lede` binary's matrix.)

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use lede_server::{router, AppState, ServerConfig};
use serde_json::{json, Value};
use tower::ServiceExt;

const STORY: &str = "The council voted on Tuesday to rebuild the old bridge over the river. \
Engineers warned that its piers would not survive another winter of floods. The work will \
start in March and take two years. Residents said they were relieved by the decision.";

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |k| k / 1024.0)
}

fn req(path: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.into()))
        .unwrap()
}

fn json_req(v: Value) -> Request<Body> {
    req("/v1/highlights", "application/json", v.to_string())
}

fn text_req(text: impl Into<Vec<u8>>) -> Request<Body> {
    req("/v1/highlights", "text/plain; charset=utf-8", text)
}

/// The statuses a case may answer with.
type Allowed = &'static [StatusCode];
const OK: Allowed = &[StatusCode::OK];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_matrix() {
    let app = router(
        AppState::new(ServerConfig {
            max_body_bytes: 16 << 20,
            timeout: Duration::from_secs(30),
            ..ServerConfig::default()
        })
        .unwrap(),
    );
    let small_app = router(AppState::new(ServerConfig::default()).unwrap());

    let one_line_50mb = "The council approved the plan. ".repeat(50_000_000 / 31);
    let one_line_1_9mb = "The council approved the plan for the homes. ".repeat(1_900_000 / 45);
    let million_words: String = (0..1_000_000)
        .map(|i| ["Yes.", "No!", "Maybe?", "Go."][i % 4])
        .collect::<Vec<_>>()
        .join(" ");
    let mut nested = String::from("<!doctype html><html><body>");
    for i in 0..100_000 {
        nested.push_str("<div>");
        if i % 20_000 == 0 {
            nested.push_str("<p>");
            nested.push_str(STORY);
            nested.push_str("</p>");
        }
    }
    let mut truncated_ndjson = String::new();
    for i in 0..3 {
        truncated_ndjson.push_str(&format!("{}\n", json!({"id": i, "text": STORY})));
    }
    truncated_ndjson.push_str("{\"id\": 3, \"text\": \"Cut off in the mid");

    let arabic = "القاهرة (رويترز) - قال مسؤولون إن الحكومة ستبني جسرا جديدا فوق النهر. \
                  وقال المهندسون إن الجسر القديم لن يصمد شتاء آخر. وسيبدأ العمل في مارس.";
    let chinese = "北京（新华社）——市政府周二宣布将重建河上的旧桥。工程师警告说，桥墩无法再承受一个冬天的洪水。\
                   工程将于三月开始，历时两年。";
    let russian = "МОСКВА, 5 марта. Городской совет во вторник проголосовал за восстановление \
                   старого моста. Инженеры предупредили, что опоры не переживут ещё одну зиму.";
    let hindi = "नई दिल्ली। नगर परिषद ने मंगलवार को नदी पर बने पुराने पुल को फिर से बनाने के लिए \
                 मतदान किया। इंजीनियरों ने चेतावनी दी कि खंभे एक और सर्दी नहीं झेल पाएंगे।";

    let cases: Vec<(&str, bool, Request<Body>, Allowed)> = vec![
        (
            "invalid UTF-8 (text/plain)",
            false,
            text_req([STORY.as_bytes(), b" \xff\xfe"].concat()),
            &[StatusCode::BAD_REQUEST],
        ),
        (
            "invalid UTF-8 (JSON)",
            false,
            req(
                "/v1/highlights",
                "application/json",
                [&b"{\"text\": \"bad \xff\"}"[..]].concat(),
            ),
            &[StatusCode::BAD_REQUEST],
        ),
        (
            "NUL bytes (text/plain)",
            false,
            text_req(STORY.replace(". ", ".\0 ")),
            OK,
        ),
        (
            "NUL bytes (JSON)",
            false,
            json_req(json!({ "text": STORY.replace(". ", ".\0 ") })),
            OK,
        ),
        (
            "a BOM in the middle",
            false,
            text_req(STORY.replace(". ", ". \u{feff}")),
            OK,
        ),
        (
            "50 MB on one line (over the 2 MiB default limit)",
            true,
            text_req(one_line_50mb.clone()),
            &[StatusCode::PAYLOAD_TOO_LARGE],
        ),
        (
            "1.9 MB on one line",
            true,
            text_req(one_line_1_9mb.clone()),
            &[StatusCode::OK, StatusCode::GATEWAY_TIMEOUT],
        ),
        (
            "a million one-word sentences (6 MB, 16 MiB limit)",
            false,
            text_req(million_words.clone()),
            &[StatusCode::OK, StatusCode::GATEWAY_TIMEOUT],
        ),
        (
            "100,000 nested elements (text/html)",
            false,
            req("/v1/highlights", "text/html", nested.clone()),
            &[StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY],
        ),
        (
            "HTML with only scripts",
            false,
            req(
                "/v1/highlights",
                "text/html",
                format!(
                    "<html><head><script>var s = '{STORY}';</script></head><body><script>\
                     document.write(s)</script><style>p {{}}</style></body></html>"
                ),
            ),
            &[StatusCode::UNPROCESSABLE_ENTITY],
        ),
        (
            "RTL and zero-width characters",
            false,
            text_req(format!(
                "\u{202b}שלום\u{202c} {}",
                STORY
                    .replace(' ', " \u{200b}")
                    .replace("council", "\u{200f}council\u{200e}")
            )),
            OK,
        ),
        (
            "emoji and combining marks",
            false,
            text_req("The mayor 👩🏽‍⚖️ opened the café\u{301} on Sunday 🎉. Hundreds of familie\u{300}s came 🐕‍🦺. Z\u{336}a\u{337}l\u{338}g\u{334}o ended the day 🇫🇷."),
            OK,
        ),
        (
            "Arabic",
            false,
            json_req(json!({ "text": arabic, "language": "arabic" })),
            OK,
        ),
        ("Chinese", false, text_req(chinese), OK),
        (
            "Russian",
            false,
            json_req(json!({ "text": russian, "language": "russian" })),
            OK,
        ),
        ("Hindi", false, text_req(hindi), OK),
        (
            "CRLF line ends",
            false,
            text_req(STORY.replace(". ", ".\r\n\r\n")),
            OK,
        ),
        (
            "lone CR line ends",
            false,
            text_req(STORY.replace(". ", ".\r\r")),
            OK,
        ),
        (
            "NDJSON batch truncated mid-record",
            false,
            req(
                "/v1/highlights:batch",
                "application/x-ndjson",
                truncated_ndjson.clone(),
            ),
            &[StatusCode::OK, StatusCode::BAD_REQUEST],
        ),
    ];
    drop((one_line_50mb, one_line_1_9mb, million_words, nested));

    for (name, small, request, allowed) in cases {
        let app = if small { &small_app } else { &app };
        let started = Instant::now();
        let resp = tokio::time::timeout(Duration::from_secs(60), app.clone().oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("{name}: no answer within 60 s"))
            .unwrap();
        let status = resp.status();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        let took = started.elapsed();
        eprintln!(
            "{name}: {status} in {:.2} s, resident memory {:.1} MiB",
            took.as_secs_f64(),
            rss_mib()
        );
        assert!(
            allowed.contains(&status),
            "{name}: {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(500)])
        );
        if name.contains("batch") {
            // Every line of the stream is JSON; the cut record is answered with an error.
            let text = String::from_utf8(body.to_vec()).unwrap();
            let lines: Vec<Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            if status == StatusCode::OK {
                assert!(lines.iter().any(|l| l.get("error").is_some()), "{text}");
            }
            continue;
        }
        let v: Value =
            serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{name}: not JSON ({e})"));
        if status == StatusCode::OK {
            let highlights = v["highlights"].as_array().unwrap();
            assert!(
                !highlights.is_empty() || name.contains("one-word"),
                "{name}: {v}"
            );
        } else {
            let message = v["error"]["message"].as_str().unwrap_or_default();
            assert!(!message.is_empty(), "{name}: {v}");
        }
    }
}
