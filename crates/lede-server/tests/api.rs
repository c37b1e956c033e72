//! Integration tests of every route and every error status of the API.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use lede_server::{router, AppState, ServerConfig, ROUTES};
use serde_json::{json, Value};
use tower::ServiceExt;

const ARTICLE: &str =
    "The Harbor Street bridge in Port Ellery will close for at least six months after \
inspectors found cracks in two of its steel supports, city officials said Tuesday. The closure \
will force about 30,000 daily commuters onto ferries and a longer road around the bay. Mayor \
Dana Ruiz said the city would add ferry runs at rush hour and cut fares by half while the work \
goes on. Engineers from the state transport department found the cracks during a routine \
inspection last month. Repairs are expected to cost $40 million, most of it from a federal \
bridge program. Local shop owners worry that the closure will keep customers away from the \
waterfront market.";

fn app_with(config: ServerConfig) -> (Router, AppState) {
    let state = AppState::new(config).unwrap();
    (router(state.clone()), state)
}

fn app() -> Router {
    app_with(ServerConfig::default()).0
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

fn post_json(path: &str, v: &Value) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(v.to_string()))
        .unwrap()
}

async fn json_of(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let (status, _, body) = send(app, req).await;
    let v: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&body)));
    (status, v)
}

fn assert_error(status: StatusCode, v: &Value, want: StatusCode, code: &str, field: Option<&str>) {
    assert_eq!(status, want, "{v}");
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    if let Some(f) = field {
        assert_eq!(v["error"]["field"], f, "{v}");
    }
}

#[tokio::test]
async fn highlights_from_json_with_spans_and_sentence_scores() {
    let app = app();
    let (status, v) = json_of(
        &app,
        post_json(
            "/v1/highlights",
            &json!({"text": ARTICLE, "method": "lead", "sentences": 2, "include_sentences": true}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let hs = v["highlights"].as_array().unwrap();
    assert_eq!(hs.len(), 2);
    for h in hs {
        let (s, e) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&ARTICLE[s..e], h["text"].as_str().unwrap());
    }
    assert!(hs[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("The Harbor Street bridge"));
    let all = v["sentence_scores"].as_array().unwrap();
    assert_eq!(all.len() as u64, v["sentences"].as_u64().unwrap());
    assert_eq!(all.iter().filter(|s| s["selected"] == true).count(), 2);
    assert!(v["timing_ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(v["input"], "text");
}

#[tokio::test]
async fn highlights_from_plain_text_with_query_options() {
    let app = app();
    let req = Request::post("/v1/highlights?method=textrank&sentences=1")
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(ARTICLE))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["highlights"].as_array().unwrap().len(), 1);
    assert_eq!(v["method"], "textrank");
}

#[tokio::test]
async fn bad_requests_name_the_field() {
    let app = app();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"method": "lead"}), "text"),
        (json!({"text": 5}), "text"),
        (json!({"text": ARTICLE, "sentences": 0}), "sentences"),
        (json!({"text": ARTICLE, "sentences": "3"}), "sentences"),
        (json!({"text": ARTICLE, "method": "magic"}), "method"),
        (json!({"text": ARTICLE, "language": "klingon"}), "language"),
        (
            json!({"text": ARTICLE, "sentences": 2, "words": 30}),
            "words",
        ),
        (json!({"text": ARTICLE, "sentnces": 2}), "sentnces"),
        (json!({"text": ARTICLE, "html": "<p>x</p>"}), "text"),
        (json!({"text": "   "}), "text"),
        (json!({"text": ARTICLE, "mmr": 2}), "mmr"),
        (
            json!({"text": ARTICLE, "redundancy": "novelty", "mmr": 0.5}),
            "mmr",
        ),
    ];
    for (body, field) in cases {
        let (status, v) = json_of(&app, post_json("/v1/highlights", &body)).await;
        assert_error(
            status,
            &v,
            StatusCode::BAD_REQUEST,
            "invalid_field",
            Some(field),
        );
    }
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"text\": \"unterminated"))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(status, &v, StatusCode::BAD_REQUEST, "invalid_json", None);
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(vec![b'a', 0xff, 0xfe]))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(status, &v, StatusCode::BAD_REQUEST, "invalid_utf8", None);
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "application/xml")
        .body(Body::from("<x/>"))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(
        status,
        &v,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        None,
    );
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let app = app();
    let (status, v) = json_of(
        &app,
        Request::get("/v2/nothing").body(Body::empty()).unwrap(),
    )
    .await;
    assert_error(status, &v, StatusCode::NOT_FOUND, "not_found", None);
    let (status, _, _) = send(
        &app,
        Request::get("/v1/highlights").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let (app, _) = app_with(ServerConfig {
        max_body_bytes: 1024,
        ..ServerConfig::default()
    });
    let big = json!({ "text": "word ".repeat(400) });
    // With a Content-Length header ...
    let body = big.to_string();
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body.clone()))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(
        status,
        &v,
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        None,
    );
    // ... and streamed without one.
    let chunks: Vec<Result<String, std::io::Error>> = body
        .as_bytes()
        .chunks(100)
        .map(|c| Ok(String::from_utf8_lossy(c).into_owned()))
        .collect();
    let req = Request::post("/v1/highlights:batch")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(
        status,
        &v,
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        None,
    );
}

#[tokio::test]
async fn slow_requests_get_504() {
    let (app, _) = app_with(ServerConfig {
        timeout: Duration::from_millis(1),
        max_body_bytes: 64 << 20,
        ..ServerConfig::default()
    });
    let long = ARTICLE.repeat(2000); // about 1.3 MB of text
    let (status, v) = json_of(&app, post_json("/v1/highlights", &json!({ "text": long }))).await;
    assert_error(status, &v, StatusCode::GATEWAY_TIMEOUT, "timeout", None);
}

/// A request body that arrives only when the test sends it.
fn held_body() -> (
    tokio::sync::mpsc::Sender<Result<String, std::io::Error>>,
    Body,
) {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<String, std::io::Error>>(4);
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    (tx, Body::from_stream(stream))
}

#[tokio::test]
async fn over_the_concurrency_limit_is_503_with_retry_after_and_recovers() {
    let (app, _) = app_with(ServerConfig {
        max_concurrency: 1,
        ..ServerConfig::default()
    });
    // A request whose body is still arriving holds no permit: it is read first ...
    let (tx, body) = held_body();
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .unwrap();
    let first = tokio::spawn(app.clone().oneshot(req));
    tx.send(Ok("{\"text\": ".into())).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (status, _, _) = send(&app, post_json("/v1/highlights", &json!({"text": ARTICLE}))).await;
    assert_eq!(status, StatusCode::OK, "a slow upload took the only permit");
    // ... but a batch at work holds it (its first piece is not taken here), so the next
    // request is turned away at once, with Retry-After.
    // (The worker lets go of the permit just after it sends its answer.)
    let mut held = None;
    for _ in 0..100 {
        let resp = app
            .clone()
            .oneshot(post_json("/v1/highlights:batch", &json!([ARTICLE])))
            .await
            .unwrap();
        if resp.status() == StatusCode::OK {
            held = Some(resp);
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let held = held.expect("the batch is taken");
    let (status, headers, body) =
        send(&app, post_json("/v1/highlights", &json!({"text": ARTICLE}))).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_error(
        status,
        &v,
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        None,
    );
    assert_eq!(headers.get(header::RETRY_AFTER).unwrap(), "1");
    drop(held);
    // Health and metrics are not limited.
    let (status, _, _) = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    // The first request completes, and the server takes new work again.
    tx.send(Ok(format!("{}}}", json!(ARTICLE)))).await.unwrap();
    drop(tx);
    let resp = first.await.unwrap().unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // (The worker lets go of the permit just after it sends its answer.)
    let mut recovered = false;
    for _ in 0..100 {
        let (status, _, _) =
            send(&app, post_json("/v1/highlights", &json!({"text": ARTICLE}))).await;
        if status == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        recovered,
        "the server did not take new work after the first request ended"
    );
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_408() {
    let (app, _) = app_with(ServerConfig {
        timeout: Duration::from_millis(200),
        ..ServerConfig::default()
    });
    let (tx, body) = held_body();
    tx.send(Ok("{\"text\": \"a slow".into())).await.unwrap();
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(
        status,
        &v,
        StatusCode::REQUEST_TIMEOUT,
        "body_timeout",
        None,
    );
    drop(tx);
}

#[tokio::test]
async fn unknown_content_types_are_415_on_every_post_route() {
    let app = app();
    for path in ["/v1/highlights", "/v1/highlights:batch", "/v1/rouge"] {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/xml")
            .body(Body::from("<x/>"))
            .unwrap();
        let (status, v) = json_of(&app, req).await;
        assert_error(
            status,
            &v,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            None,
        );
    }
}

/// A page without a `language` field is read in the language it declares.
#[tokio::test]
async fn a_page_is_read_in_the_language_it_declares() {
    let app = app();
    let html = "<html lang=\"de\"><body><article><p>Die Brücke in Hafenstadt wird für \
                mindestens sechs Monate gesperrt, nachdem Prüfer Risse gefunden haben.</p>\
                <p>Die Reparatur soll rund 40 Millionen Euro kosten und im Frühjahr \
                beginnen.</p></article></body></html>";
    let (status, v) = json_of(&app, post_json("/v1/highlights", &json!({ "html": html }))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        (v["language"].as_str(), v["page_language"].as_str()),
        (Some("german"), Some("de"))
    );
    let body = json!({ "html": html, "language": "english" });
    let (_, v) = json_of(&app, post_json("/v1/highlights", &body)).await;
    assert_eq!(v["language"], "english");
}

/// `mmr` gives MMR's lambda, as the command line's --mmr does.
#[tokio::test]
async fn mmr_takes_its_lambda() {
    let app = app();
    for body in [
        json!({"text": ARTICLE, "mmr": 0.5}),
        json!({"text": ARTICLE, "redundancy": "mmr", "mmr": 0.5}),
    ] {
        let (status, v) = json_of(&app, post_json("/v1/highlights", &body)).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["redundancy"], json!({"mmr": {"lambda": 0.5}}), "{v}");
    }
}

/// A compressed body is refused by name, not read as plain bytes; a text body is read in the
/// charset its Content-Type names.
#[tokio::test]
async fn content_encoding_and_charset_are_honoured() {
    let app = app();
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_ENCODING, "gzip")
        .body(Body::from(vec![0x1f, 0x8b, 8, 0]))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(v["error"]["code"], "unsupported_encoding");
    // Latin-1 text, declared so.
    let latin1: Vec<u8> = "Café owners say the bridge closure will cost them half their trade."
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "text/plain; charset=ISO-8859-1")
        .body(Body::from(latin1.clone()))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["highlights"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Café owners"));
    // Undeclared, the same bytes are not UTF-8.
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(latin1))
        .unwrap();
    assert_eq!(json_of(&app, req).await.1["error"]["code"], "invalid_utf8");
    // An unknown charset, and JSON declared in another one, are refused by name.
    for (ctype, code) in [
        ("text/plain; charset=klingon", "unsupported_charset"),
        ("application/json; charset=latin1", "unsupported_charset"),
    ] {
        let req = Request::post("/v1/highlights")
            .header(header::CONTENT_TYPE, ctype)
            .body(Body::from("{}"))
            .unwrap();
        let (status, v) = json_of(&app, req).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ctype}");
        assert_eq!(v["error"]["code"], code, "{ctype}");
    }
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "application/json; charset=UTF-8")
        .body(Body::from(json!({ "text": ARTICLE }).to_string()))
        .unwrap();
    assert_eq!(json_of(&app, req).await.0, StatusCode::OK);
}

/// A batch of more tiny items than the memory budget holds is refused whole (413), before its
/// items take memory; one that fits is answered item by item.
#[tokio::test]
async fn a_batch_of_too_many_items_is_refused() {
    let (app, _) = app_with(ServerConfig {
        max_buffered_bytes: 1 << 20,
        max_body_bytes: 1 << 20,
        ..ServerConfig::default()
    });
    // 3/4 of 1 MiB at 256 bytes an item: 3,072 items at most.
    let body = |n: usize| format!("[{}]", vec!["0"; n].join(","));
    let req = Request::post("/v1/highlights:batch")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body(3073)))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"]["code"], "too_many_items");
    let req = Request::post("/v1/highlights:batch")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from("0\n".repeat(3073)))
        .unwrap();
    assert_eq!(json_of(&app, req).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let req = Request::post("/v1/highlights:batch")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body(3000)))
        .unwrap();
    let (status, _, answer) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(String::from_utf8(answer).unwrap().lines().count(), 3000);
}

#[tokio::test]
async fn batch_streams_ndjson_from_an_array_or_ndjson() {
    let app = app();
    let items = json!([
        {"text": ARTICLE, "id": "a", "sentences": 1},
        "Plain strings are articles too. They get the default options. Three sentences here.",
        {"text": ARTICLE, "id": "bad", "sentences": -1},
    ]);
    let (status, headers, body) = send(&app, post_json("/v1/highlights:batch", &items)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/x-ndjson"
    );
    let mut lines: Vec<Value> = String::from_utf8(body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines.sort_by_key(|v| v["index"].as_u64());
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["highlights"].as_array().unwrap().len(), 1);
    assert!(lines[1]["highlights"].as_array().is_some());
    assert_eq!(lines[2]["id"], "bad");
    assert_eq!(lines[2]["error"]["field"], "sentences");

    let ndjson = format!(
        "{}\n\n{}\nnot json\n",
        json!({"text": ARTICLE, "method": "lead"}),
        json!({"text": ARTICLE, "method": "lexrank"})
    );
    let req = Request::post("/v1/highlights:batch")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from(ndjson))
        .unwrap();
    let (status, _, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<Value> = String::from_utf8(body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let methods: BTreeSet<String> = lines
        .iter()
        .filter_map(|l| l["method"].as_str().map(str::to_string))
        .collect();
    assert_eq!(methods, ["lead".to_string(), "lexrank".to_string()].into());
    assert!(lines.iter().any(|l| l["error"]["code"] == "invalid_json"));
}

#[tokio::test]
async fn rouge_in_a_named_mode() {
    let app = app();
    let (status, v) = json_of(
        &app,
        post_json(
            "/v1/rouge",
            &json!({"system": ["The cat sat on the mat."], "reference": "A cat was sitting on the mat.", "compat": "perl"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["mode"], "perl");
    assert!(v["description"].as_str().unwrap().contains("ROUGE-1.5.5"));
    assert_eq!(v["metrics"]["rouge-1"]["r"], 0.57143);
    let (status, v) = json_of(
        &app,
        post_json("/v1/rouge", &json!({"system": "a b", "references": ["a b", "a c"], "compat": "rouge-score", "metrics": ["rouge-w"]})),
    )
    .await;
    assert_error(
        status,
        &v,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("metrics"),
    );
    let (status, v) = json_of(&app, post_json("/v1/rouge", &json!({"reference": "a"}))).await;
    assert_error(
        status,
        &v,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("system"),
    );
    let (status, v) = json_of(&app, post_json("/v1/rouge", &json!({"system": "a"}))).await;
    assert_error(
        status,
        &v,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("reference"),
    );
    let body = json!({"system": "a", "references": []});
    let (status, v) = json_of(&app, post_json("/v1/rouge", &body)).await;
    assert_error(
        status,
        &v,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("references"),
    );
}

#[tokio::test]
async fn health_readiness_metrics_and_page() {
    let (app, state) = app_with(ServerConfig::default());
    let (status, v) = json_of(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, v["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (status, _) = json_of(&app, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let _ = send(&app, post_json("/v1/highlights", &json!({"text": ARTICLE}))).await;
    let _ = send(&app, post_json("/v1/highlights", &json!({}))).await;
    let (status, headers, body) =
        send(&app, Request::get("/metrics").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("lede_requests_total{route=\"/v1/highlights\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("lede_requests_total{route=\"/v1/highlights\",status=\"400\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("lede_request_duration_seconds_count{route=\"/v1/highlights\"} 2"),
        "{text}"
    );
    assert!(text.contains("# TYPE lede_request_duration_seconds histogram"));
    assert!(text.contains("lede_requests_in_flight "));
    let (status, headers, body) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<textarea id=\"article\"") && page.contains("/v1/highlights"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "the page must not load anything from elsewhere"
    );
    state.set_not_ready();
    let (status, _) = json_of(&app, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

/// The OpenAPI document describes exactly the routes the server has, and each of them answers.
#[tokio::test]
async fn openapi_matches_the_routes() {
    let app = app();
    let (status, doc) = json_of(
        &app,
        Request::get("/openapi.json").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_ascii_uppercase(), path.clone()));
        }
    }
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, served);
    // Every documented operation exists: it answers with something other than 404/405.
    for (method, path) in &documented {
        let req = if method == "POST" {
            let body = if path.contains("rouge") {
                json!({"system": "a b", "reference": "a b"})
            } else {
                json!({"text": ARTICLE})
            };
            post_json(path, &body)
        } else {
            Request::builder()
                .method(Method::GET)
                .uri(path.as_str())
                .body(Body::empty())
                .unwrap()
        };
        let (status, _, _) = send(&app, req).await;
        assert_eq!(status, StatusCode::OK, "{method} {path}");
    }
    // Every $ref resolves.
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"").skip(1) {
        let target = &r[..r.find('"').unwrap()];
        let mut cur = &doc;
        for part in target.trim_start_matches("#/").split('/') {
            cur = &cur[part];
        }
        assert!(!cur.is_null(), "unresolved {target}");
    }
}

/// Graceful shutdown over a real socket: a request in flight when the shutdown comes is
/// answered in full, then the server stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let state = AppState::new(ServerConfig {
        max_body_bytes: 64 << 20,
        workers: 1,
        ..ServerConfig::default()
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(lede_server::serve(listener, state, async {
        let _ = stop_rx.await;
    }));
    let body = json!({ "text": ARTICLE.repeat(600) }).to_string();
    let client = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /v1/highlights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            body.len(),
            body
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    });
    tokio::time::sleep(Duration::from_millis(30)).await;
    stop_tx.send(()).unwrap();
    let answer = client.await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(answer.contains("\"highlights\""));
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops after the shutdown signal")
        .unwrap()
        .unwrap();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no longer listening"
    );
}

fn page_html() -> String {
    let paragraphs: String = ARTICLE
        .split(". ")
        .map(|s| format!("<p>{s}.</p>\n"))
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"windows-1252\">\
         <title>Harbor Street bridge to close - Port Ellery Gazette</title>\
         <meta property=\"og:title\" content=\"Harbor Street bridge to close for six months\">\
         <meta property=\"article:published_time\" content=\"2024-03-05T09:00:00Z\">\
         </head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav>\
         <article><h1>Harbor Street bridge to close for six months</h1>{paragraphs}</article>\
         <footer>Subscribe to our newsletter. Caf\u{e9} listings.</footer></body></html>"
    )
}

#[tokio::test]
async fn html_pages_are_extracted_then_summarized() {
    let app = app();
    let (status, v) = json_of(
        &app,
        post_json(
            "/v1/highlights",
            &json!({"html": page_html(), "sentences": 2, "include_sentences": true}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["input"], "html");
    assert_eq!(v["title"], "Harbor Street bridge to close for six months");
    assert_eq!(v["date"], "2024-03-05");
    let text = v["text"].as_str().unwrap();
    assert!(
        text.contains("The Harbor Street bridge") && !text.contains("Subscribe"),
        "{text}"
    );
    for h in v["highlights"].as_array().unwrap() {
        let (s, e) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], h["text"].as_str().unwrap());
    }
    // A text/html body in windows-1252, as the page declares.
    let bytes: Vec<u8> = page_html()
        .chars()
        .map(|c| if c == '\u{e9}' { 0xe9 } else { c as u8 })
        .collect();
    let req = Request::post("/v1/highlights?sentences=1")
        .header(header::CONTENT_TYPE, "text/html")
        .body(Body::from(bytes))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["highlights"].as_array().unwrap().len(), 1);
    // A login form has no article: 422 naming the field.
    let login = "<html><body><form><label>Email <input name=e></label><label>Password \
                 <input type=password></label><button>Sign in</button></form></body></html>";
    let (status, v) = json_of(&app, post_json("/v1/highlights", &json!({ "html": login }))).await;
    assert_error(
        status,
        &v,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no_article",
        Some("html"),
    );
    // Binary junk sent as a page.
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "text/html")
        .body(Body::from(vec![
            0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0, 1, 2,
        ]))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(
        status,
        &v,
        StatusCode::BAD_REQUEST,
        "invalid_field",
        Some("html"),
    );
}

/// A small gzip body that unpacks into a large page is refused like a large body.
#[tokio::test]
async fn gzip_pages_that_unpack_past_the_limit_are_413() {
    use std::io::Write as _;
    let (app, _) = app_with(ServerConfig {
        max_body_bytes: 4096,
        ..ServerConfig::default()
    });
    let page = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(40_000)
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(page.as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    assert!(bytes.len() < 4096, "{}", bytes.len());
    let req = Request::post("/v1/highlights")
        .header(header::CONTENT_TYPE, "text/html")
        .body(Body::from(bytes))
        .unwrap();
    let (status, v) = json_of(&app, req).await;
    assert_error(
        status,
        &v,
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        None,
    );
}
