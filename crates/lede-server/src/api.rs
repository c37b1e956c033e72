//! Handlers, request parsing and the JSON error format.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use lede::{
    Budget, Compress, Language, Method, Options, Redundancy, ScoredSentence, Summarizer, TextForm,
};
use lede_rouge::{Config as RougeConfig, Metric, Mode, Rouge};
use serde_json::{json, Map, Value};
use tokio::sync::OwnedSemaphorePermit;

use crate::AppState;

/// Every route: (method, path). The OpenAPI document must describe exactly these (a test
/// checks it) and the metrics label requests by them.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("POST", "/v1/highlights"),
    ("POST", "/v1/highlights:batch"),
    ("POST", "/v1/rouge"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
    ("GET", "/openapi.json"),
];

const PAGE: &str = include_str!("../assets/index.html");
const OPENAPI: &str = include_str!("../assets/openapi.json");

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// An error answer: `{"error": {"code", "message", "field"?}}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    field: Option<String>,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after: None,
        }
    }

    fn bad_field(field: &str, message: impl Into<String>) -> Self {
        ApiError {
            field: Some(field.to_string()),
            ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_field", message)
        }
    }

    fn to_json(&self) -> Value {
        let mut e = json!({"code": self.code, "message": self.message});
        if let Some(f) = &self.field {
            e["field"] = json!(f);
        }
        json!({ "error": e })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, axum::Json(self.to_json())).into_response();
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// The concurrency permit of a request; work holds a clone until it is done, so a request that
/// timed out still counts against the limit while its work runs.
#[derive(Clone)]
pub(crate) struct Permit(
    #[allow(dead_code)] Arc<(OwnedSemaphorePermit, Option<OwnedSemaphorePermit>)>,
);

/// 503 `overloaded` with `Retry-After: 1`: the server is at its limit of `what`.
fn overloaded(what: String) -> ApiError {
    ApiError {
        retry_after: Some(1),
        ..ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            format!("the server is handling its limit of {what}; retry shortly"),
        )
    }
}

/// A place in the limit of `max_concurrency` requests at work, or 503. Taken once the body is
/// read, so that a slow upload holds none.
fn work_permit(state: &AppState) -> Result<Permit, ApiError> {
    Ok(Permit(Arc::new((place(state)?, None))))
}

fn place(state: &AppState) -> Result<OwnedSemaphorePermit, ApiError> {
    state
        .inner
        .permits
        .clone()
        .try_acquire_owned()
        .map_err(|_| overloaded(format!("{} requests", state.inner.config.max_concurrency)))
}

/// A place for bulk work (a /v1/rouge request, a piece of a batch): one of the bulk share of
/// the limit, and one of the limit. The share is half the limit, so that floods of batches or
/// scoring requests cannot lock out single highlights requests.
fn bulk_permit(state: &AppState) -> Result<Permit, ApiError> {
    let share = state
        .inner
        .bulk_permits
        .clone()
        .try_acquire_owned()
        .map_err(|_| {
            overloaded(format!(
                "{} batch and ROUGE requests (half of its concurrency limit)",
                crate::bulk_share(state.inner.config.max_concurrency)
            ))
        })?;
    Ok(Permit(Arc::new((place(state)?, Some(share)))))
}

/// Runs `job` on the worker pool, holding `permit` while it runs. A request abandoned before
/// its job has started (the client went away, or the time limit passed while the job waited in
/// the pool's queue) must not keep its place in the concurrency limit: dropping the returned
/// guard before the job starts gives the permit back at once, and the job is then skipped. Once
/// started, the job keeps the permit to its end, so work that outlives its request still counts.
fn spawn_holding(
    state: &AppState,
    permit: Permit,
    job: impl FnOnce() + Send + 'static,
) -> QueuedPermit {
    let slot = Arc::new(std::sync::Mutex::new(Some(permit)));
    let taken = Arc::clone(&slot);
    state.inner.pool.spawn(move || {
        let held = taken.lock().map(|mut p| p.take()).unwrap_or(None);
        if let Some(_held) = held {
            job();
        }
    });
    QueuedPermit(slot)
}

/// See [`spawn_holding`]: drops the permit if the job has not taken it yet.
pub(crate) struct QueuedPermit(Arc<std::sync::Mutex<Option<Permit>>>);

impl Drop for QueuedPermit {
    fn drop(&mut self) {
        if let Ok(mut unclaimed) = self.0.lock() {
            unclaimed.take();
        }
    }
}

/// Bytes counted against the server's budget of buffered bytes until dropped.
pub(crate) struct Charge {
    state: AppState,
    bytes: usize,
}

impl Charge {
    fn none(state: &AppState) -> Charge {
        Charge {
            state: state.clone(),
            bytes: 0,
        }
    }

    /// Adds `n` bytes whatever the budget (an answer already made: refusing it would waste it;
    /// what may be added this way is bounded by the requests admitted).
    fn add(&mut self, n: usize) {
        self.state.inner.buffered.fetch_add(n, Ordering::SeqCst);
        self.bytes += n;
    }

    /// Adds `n` bytes if the budget has room for them below `limit`.
    fn try_add(&mut self, n: usize, limit: usize) -> bool {
        let ok = self
            .state
            .inner
            .buffered
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| {
                b.checked_add(n).filter(|t| *t <= limit)
            })
            .is_ok();
        if ok {
            self.bytes += n;
        }
        ok
    }

    fn release(&mut self, n: usize) {
        let n = n.min(self.bytes);
        self.state.inner.buffered.fetch_sub(n, Ordering::SeqCst);
        self.bytes -= n;
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.state
            .inner
            .buffered
            .fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

/// A body up to this size is small: ordinary requests, which may use the whole budget.
const SMALL_BODY: usize = 64 * 1024;

/// The part of the budget that larger bodies (and what comes of them) may fill: three
/// quarters, so that ordinary requests still find room when large ones fill their share.
fn large_share(state: &AppState) -> usize {
    state.inner.config.max_buffered_bytes / 4 * 3
}

fn over_budget(state: &AppState) -> ApiError {
    ApiError {
        retry_after: Some(1),
        ..ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "memory_budget",
            format!(
                "the server holds its limit of {} bytes of requests and answers in memory; retry shortly",
                state.inner.config.max_buffered_bytes
            ),
        )
    }
}

/// A body that holds a charge until it is dropped (written, or its connection gone).
struct ChargedBody {
    inner: Body,
    _charge: Charge,
}

impl hyper::body::Body for ChargedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, axum::Error>>> {
        std::pin::Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

/// The answer, its body holding `charge` (with the answer's own bytes added) until it has been
/// written or the connection is gone.
fn charged(resp: Response, mut charge: Charge) -> Response {
    use hyper::body::Body as _;
    let (parts, body) = resp.into_parts();
    if let Some(n) = body.size_hint().exact() {
        charge.add(n as usize);
    }
    let body = ChargedBody {
        inner: body,
        _charge: charge,
    };
    Response::from_parts(parts, Body::new(body))
}

/// The body, or 413 when it is over the limit, 503 when the server's budget of buffered bytes
/// has no room for it, 408 when it does not arrive in time. Its bytes stay counted against the
/// budget while the returned charge lives.
async fn read_body(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
    deadline: tokio::time::Instant,
) -> Result<(Bytes, Charge), ApiError> {
    use http_body_util::BodyExt;
    let limit = state.inner.config.max_body_bytes;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(len) = declared {
        if len > limit as u64 {
            return Err(too_large());
        }
        let room = large_share(state).saturating_sub(state.inner.buffered.load(Ordering::SeqCst));
        if len as usize > SMALL_BODY && len as usize > room {
            return Err(over_budget(state));
        }
    }
    let mut charge = Charge::none(state);
    // Room for the declared length at once (pages not yet written take no memory), so that
    // the vector is not copied as it grows.
    let mut out = Vec::with_capacity(declared.map_or(0, |n| n as usize).min(limit));
    let mut body = body;
    let read = async {
        // Counted as it arrives: an upload that stalls holds only what it has sent.
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_body",
                    format!("cannot read the request body: {e}"),
                )
            })?;
            if let Ok(data) = frame.into_data() {
                if out.len() + data.len() > limit {
                    return Err(too_large());
                }
                let ceiling = if out.len() + data.len() > SMALL_BODY {
                    large_share(state)
                } else {
                    state.inner.config.max_buffered_bytes
                };
                if !charge.try_add(data.len(), ceiling) {
                    return Err(over_budget(state));
                }
                out.extend_from_slice(&data);
            }
        }
        Ok(())
    };
    tokio::time::timeout_at(deadline, read)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "body_timeout",
                format!(
                    "the request body did not arrive within the limit of {} ms",
                    state.inner.config.timeout.as_millis()
                ),
            )
        })??;
    Ok((Bytes::from(out), charge))
}

/// Middleware of every route: once shutdown has begun, every answer closes its connection.
pub(crate) async fn close_when_draining(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let mut resp = next.run(req).await;
    if !state.inner.ready.load(Ordering::SeqCst) {
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

/// Runs CPU work on the worker pool within the request's time limit. The work is given a
/// question to ask as it goes: whether its answer is still wanted (false once the request has
/// timed out or its client is gone).
async fn compute<T: Send + 'static>(
    state: &AppState,
    permit: Permit,
    deadline: tokio::time::Instant,
    work: impl FnOnce(&dyn Fn() -> bool) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let _queued = spawn_holding(state, permit, move || {
        // Waited too long in the queue, or the client is gone: nobody wants the answer.
        if tx.is_closed() {
            return;
        }
        let wanted = || !tx.is_closed();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&wanted)));
        let _ = tx.send(result);
    });
    let timeout = state.inner.config.timeout;
    match tokio::time::timeout_at(deadline, rx).await {
        Ok(Ok(Ok(v))) => Ok(v),
        Ok(Ok(Err(_))) | Ok(Err(_)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the worker failed on this input; please report it",
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "timeout",
            format!(
                "the request took longer than the limit of {} ms",
                timeout.as_millis()
            ),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Request parsing
// ---------------------------------------------------------------------------------------------

enum Input {
    Text(String),
    Html(String),
}

struct HighlightRequest {
    input: Input,
    options: Options,
    /// Whether the request named its language (else a page is read in the one it declares).
    language_given: bool,
    include_sentences: bool,
    id: Option<Value>,
}

const HIGHLIGHT_FIELDS: &[&str] = &[
    "text",
    "html",
    "method",
    "sentences",
    "words",
    "chars",
    "ratio",
    "language",
    "redundancy",
    "mmr",
    "pretokenized",
    "compress",
    "include_sentences",
    "id",
];

fn positive(v: &Value, field: &str) -> Result<usize, ApiError> {
    match v.as_u64() {
        Some(n) if n >= 1 => Ok(n as usize),
        _ => Err(ApiError::bad_field(
            field,
            format!("`{field}` must be a whole number of at least 1"),
        )),
    }
}

fn string<'v>(v: &'v Value, field: &str) -> Result<&'v str, ApiError> {
    v.as_str()
        .ok_or_else(|| ApiError::bad_field(field, format!("`{field}` must be a string")))
}

fn boolean(v: &Value, field: &str) -> Result<bool, ApiError> {
    v.as_bool()
        .ok_or_else(|| ApiError::bad_field(field, format!("`{field}` must be true or false")))
}

/// The request object, refused when it is not an object or has a field not in `known`.
fn object_with<'v>(v: &'v Value, known: &[&str]) -> Result<&'v Map<String, Value>, ApiError> {
    let obj = v.as_object().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "the request must be a JSON object",
        )
    })?;
    if let Some(unknown) = obj.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::bad_field(
            unknown,
            format!("unknown field `{unknown}`; known: {}", known.join(", ")),
        ));
    }
    Ok(obj)
}

fn parse_highlight_request(v: &Value) -> Result<HighlightRequest, ApiError> {
    let obj = object_with(v, HIGHLIGHT_FIELDS)?;
    let input = match (obj.get("text"), obj.get("html")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_field(
                "text",
                "give `text` or `html`, not both",
            ))
        }
        (Some(t), None) => Input::Text(string(t, "text")?.to_string()),
        (None, Some(h)) => Input::Html(string(h, "html")?.to_string()),
        (None, None) => {
            return Err(ApiError::bad_field(
                "text",
                "missing field `text` (or `html`)",
            ))
        }
    };
    let mut options = Options::default();
    if let Some(m) = obj.get("method") {
        options.method = string(m, "method")?
            .parse::<Method>()
            .map_err(|e| ApiError::bad_field("method", e.to_string()))?;
    }
    if let Some(l) = obj.get("language") {
        options.language = string(l, "language")?
            .parse::<Language>()
            .map_err(|e| ApiError::bad_field("language", e.to_string()))?;
    }
    let budgets: Vec<&str> = ["sentences", "words", "chars", "ratio"]
        .into_iter()
        .filter(|k| obj.contains_key(*k))
        .collect();
    if budgets.len() > 1 {
        return Err(ApiError::bad_field(
            budgets[1],
            format!(
                "give one budget, not both `{}` and `{}`",
                budgets[0], budgets[1]
            ),
        ));
    }
    if let Some(v) = obj.get("sentences") {
        options.budget = Budget::Sentences(positive(v, "sentences")?);
    }
    if let Some(v) = obj.get("words") {
        options.budget = Budget::Words(positive(v, "words")?);
    }
    if let Some(v) = obj.get("chars") {
        options.budget = Budget::Chars(positive(v, "chars")?);
    }
    if let Some(v) = obj.get("ratio") {
        match v.as_f64() {
            Some(r) if r > 0.0 && r <= 1.0 => options.budget = Budget::Ratio(r),
            _ => {
                return Err(ApiError::bad_field(
                    "ratio",
                    "`ratio` must be a number in (0, 1]",
                ))
            }
        }
    }
    if let Some(v) = obj.get("redundancy") {
        options.redundancy = Some(match string(v, "redundancy")? {
            "novelty" => Redundancy::Novelty,
            "trigram" => Redundancy::Trigram,
            "none" => Redundancy::None,
            "mmr" => Redundancy::Mmr { lambda: 0.7 },
            other => {
                return Err(ApiError::bad_field(
                    "redundancy",
                    format!("unknown redundancy `{other}`: use novelty, trigram, mmr or none"),
                ))
            }
        });
    }
    // MMR's lambda (as the command line's --mmr): relevance against novelty, 0 to 1.
    if let Some(v) = obj.get("mmr") {
        let lambda = v
            .as_f64()
            .filter(|l| (0.0..=1.0).contains(l))
            .ok_or_else(|| {
                ApiError::bad_field("mmr", "`mmr` (MMR's lambda) must be a number from 0 to 1")
            })?;
        if options
            .redundancy
            .is_some_and(|r| !matches!(r, Redundancy::Mmr { .. }))
        {
            return Err(ApiError::bad_field(
                "mmr",
                "`mmr` chooses maximal marginal relevance, which excludes redundancy novelty, \
                 trigram or none",
            ));
        }
        options.redundancy = Some(Redundancy::Mmr { lambda });
    }
    if let Some(v) = obj.get("pretokenized") {
        options.form = if boolean(v, "pretokenized")? {
            TextForm::Pretokenized
        } else {
            TextForm::Raw
        };
    }
    if let Some(v) = obj.get("compress") {
        options.compress = match v {
            Value::Bool(true) => Compress::Full,
            Value::Bool(false) => Compress::Off,
            Value::String(s) if s == "full" => Compress::Full,
            Value::String(s) if s == "off" => Compress::Off,
            Value::String(s) if s == "connectives" => Compress::Connectives,
            _ => {
                return Err(ApiError::bad_field(
                    "compress",
                    "`compress` must be true (full), false (off), or one of \"full\", \"connectives\", \"off\"",
                ))
            }
        };
    }
    let include_sentences = match obj.get("include_sentences") {
        Some(v) => boolean(v, "include_sentences")?,
        None => false,
    };
    options
        .validate()
        .map_err(|e| ApiError::bad_field("sentences", e.to_string()))?;
    Ok(HighlightRequest {
        input,
        options,
        language_given: obj.contains_key("language"),
        include_sentences,
        id: obj.get("id").cloned(),
    })
}

/// Query-string options of a `text/plain` or `text/html` body, as JSON fields.
fn query_fields(query: &HashMap<String, String>) -> Result<Map<String, Value>, ApiError> {
    let mut m = Map::new();
    for (k, v) in query {
        let value = match k.as_str() {
            "sentences" | "words" | "chars" => json!(v.parse::<u64>().map_err(|_| {
                ApiError::bad_field(k, format!("`{k}` must be a whole number"))
            })?),
            "ratio" | "mmr" => json!(v
                .parse::<f64>()
                .map_err(|_| ApiError::bad_field(k, format!("`{k}` must be a number")))?),
            "include_sentences" | "pretokenized" => json!(v == "true" || v == "1"),
            "compress" => match v.as_str() {
                "true" | "1" => json!(true),
                "false" | "0" => json!(false),
                other => json!(other),
            },
            _ => json!(v),
        };
        m.insert(k.clone(), value);
    }
    Ok(m)
}

fn parse_json(bytes: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body is not valid JSON: {e}"),
        )
    })
}

fn utf8(bytes: Bytes) -> Result<String, ApiError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_utf8",
            format!(
                "the body is not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The `charset` parameter of the Content-Type header, lowercased, if it has one.
fn charset(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    value.split(';').skip(1).find_map(|p| {
        let (name, v) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// A text/plain body as text, read in the character set its Content-Type names (UTF-8 when it
/// names none); bytes not valid in it are an error, as invalid UTF-8 is.
fn plain_text(bytes: Bytes, charset: Option<&str>) -> Result<String, ApiError> {
    let encoding = match charset {
        None => return utf8(bytes),
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_charset",
                format!("cannot read text in charset `{label}`: send UTF-8"),
            )
        })?,
    };
    if encoding == encoding_rs::UTF_8 {
        return utf8(bytes);
    }
    // A byte-order mark, if any, wins, as a browser reads it.
    let (text, used, had_errors) = encoding.decode(&bytes);
    if had_errors {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_text",
            format!("the body is not valid {}", used.name()),
        ));
    }
    Ok(text.into_owned())
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Work
// ---------------------------------------------------------------------------------------------

/// Extracts the article of an HTML page: its text and metadata.
fn extract_html(html: &str) -> Result<(String, Map<String, Value>), ApiError> {
    let article = lede_html::extract(html).map_err(|e| match e {
        lede_html::Error::NoArticle => ApiError {
            field: Some("html".into()),
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "no_article",
                "no article found in the page (a login form, a list of links, or too little text)",
            )
        },
        other => ApiError::bad_field("html", other.to_string()),
    })?;
    let m = &article.metadata;
    let mut meta = Map::new();
    let mut put = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            meta.insert(k.into(), json!(v));
        }
    };
    put("title", &m.title);
    put("published", &m.published);
    put("date", &m.date());
    put("url", &m.url);
    put("page_language", &m.language);
    put("site_name", &m.site_name);
    if !m.authors.is_empty() {
        meta.insert("authors".into(), json!(m.authors));
    }
    Ok((article.text(), meta))
}

/// One article → the JSON answer (or an error answer), on a worker thread.
fn highlight(req: HighlightRequest) -> Result<Value, ApiError> {
    let started = Instant::now();
    let (text, meta, input) = match req.input {
        Input::Text(t) => (t, Map::new(), "text"),
        Input::Html(h) => {
            let (t, m) = extract_html(&h)?;
            (t, m, "html")
        }
    };
    let mut options = req.options;
    // A page without a `language` field is read in the language it declares, when lede knows
    // it (its `page_language` in the answer).
    if let Some(language) = meta
        .get("page_language")
        .and_then(Value::as_str)
        .and_then(|l| l.parse::<Language>().ok())
        .filter(|_| !req.language_given)
    {
        options.language = language;
    }
    let summarizer =
        Summarizer::new(options).map_err(|e| ApiError::bad_field("method", e.to_string()))?;
    let (h, sentences) = if req.include_sentences {
        summarizer.summarize_all(&text)
    } else {
        summarizer.summarize(&text).map(|h| (h, Vec::new()))
    }
    .map_err(|e| match e {
        lede::Error::EmptyInput => ApiError::bad_field(
            if input == "html" { "html" } else { "text" },
            "the article has no text",
        ),
        other => ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            other.to_string(),
        ),
    })?;
    let mut out = match serde_json::to_value(&h) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    out.insert("input".into(), json!(input));
    if input == "html" {
        // Spans refer to the extracted article text, so it is returned.
        out.insert("text".into(), json!(text));
        out.extend(meta);
    }
    if req.include_sentences {
        out.insert("sentence_scores".into(), sentences_json(&sentences));
    }
    if let Some(id) = req.id {
        out.insert("id".into(), id);
    }
    out.insert(
        "timing_ms".into(),
        json!((started.elapsed().as_secs_f64() * 1e6).round() / 1e3),
    );
    Ok(Value::Object(out))
}

fn sentences_json(sentences: &[ScoredSentence]) -> Value {
    Value::Array(
        sentences
            .iter()
            .map(|s| {
                json!({
                    "start": s.start,
                    "end": s.end,
                    "score": s.score,
                    "selected": s.selected,
                    "boilerplate": s.boilerplate,
                })
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------

/// The content type a /v1 route accepts, or 415.
fn accept(headers: &HeaderMap, allowed: &[&str]) -> Result<String, ApiError> {
    let ctype = content_type(headers);
    // A compressed body is not read as if it were plain (gzip bytes gave "not valid JSON"),
    // and an encoding lede does not undo is not ignored.
    if let Some(encoding) = headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap_or("?").trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e != "identity")
    {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_encoding",
            format!(
                "cannot read a body with Content-Encoding `{encoding}`: send it unencoded (a \
                 gzip-compressed page may be sent as it is, as text/html, without that header)"
            ),
        ));
    }
    // JSON is UTF-8 (RFC 8259): a body declared in another charset is not read as if it were.
    if matches!(
        ctype.as_str(),
        "application/json" | "application/x-ndjson" | ""
    ) {
        if let Some(label) = charset(headers).filter(|l| l != "utf-8" && l != "utf8") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_charset",
                format!("cannot read JSON in charset `{label}`: JSON is sent as UTF-8"),
            ));
        }
    }
    if allowed.contains(&ctype.as_str()) {
        Ok(ctype)
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!(
                "cannot read `{ctype}`: send {}",
                allowed
                    .iter()
                    .filter(|c| !c.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ))
    }
}

/// When a request must be done by: its body read, its work finished.
fn deadline_of(state: &AppState) -> tokio::time::Instant {
    tokio::time::Instant::now() + state.inner.config.timeout
}

/// How much a gzip-compressed page may grow when unpacked, over the body limit.
const GZIP_GROWTH: usize = 8;

pub(crate) async fn highlights(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let deadline = deadline_of(&state);
    let mut charge = Charge::none(&state);
    let result = async {
        let ctype = accept(
            &headers,
            &["", "application/json", "text/plain", "text/html"],
        )?;
        let text_charset = charset(&headers);
        let (bytes, body_charge) = read_body(&state, &headers, body, deadline).await?;
        charge = body_charge;
        let permit = work_permit(&state)?;
        let fields = match ctype.as_str() {
            "text/plain" | "text/html" => Some(query_fields(&query)?),
            _ => None,
        };
        let max_page = state
            .inner
            .config
            .max_body_bytes
            .saturating_mul(GZIP_GROWTH);
        // Decoding and parsing run on the worker pool, within the time limit.
        compute(&state, permit, deadline, move |_| {
            let request = match (ctype.as_str(), fields) {
                ("text/plain", Some(mut fields)) => {
                    let text = plain_text(bytes, text_charset.as_deref())?;
                    fields.insert("text".into(), json!(text));
                    parse_highlight_request(&Value::Object(fields))?
                }
                ("text/html", Some(mut fields)) => {
                    // A page's bytes: its BOM, <meta charset> or gzip say how to read them.
                    let page =
                        lede_html::decode_limited(&bytes, max_page).map_err(|e| match e {
                            lede_html::Error::TooLarge { .. } => ApiError::new(
                                StatusCode::PAYLOAD_TOO_LARGE,
                                "body_too_large",
                                format!("the page unpacks to more than {max_page} bytes"),
                            ),
                            other => ApiError::bad_field("html", other.to_string()),
                        })?;
                    fields.insert("html".into(), Value::String(page.text));
                    parse_highlight_request(&Value::Object(fields))?
                }
                _ => parse_highlight_request(&parse_json(&bytes)?)?,
            };
            highlight(request)
        })
        .await?
    }
    .await;
    let resp = match result {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => e.into_response(),
    };
    charged(resp, charge)
}

/// Items of a batch body: a JSON array, or one JSON value per line (NDJSON). A string item is
/// an article's text.
fn batch_items(bytes: &[u8], limit: usize) -> Result<Vec<Result<Value, ApiError>>, ApiError> {
    let invalid = |message: String| ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", message);
    match lede_batch::body::batch_items_at_most(bytes, limit) {
        Ok(items) => Ok(items
            .into_iter()
            .map(|item| item.map_err(|e| invalid(format!("the body is not valid JSON: {e}"))))
            .collect()),
        Err(lede_batch::body::BodyError::Json(e)) => {
            Err(invalid(format!("the body is not valid JSON: {e}")))
        }
        Err(lede_batch::body::BodyError::NotArray) => {
            Err(invalid("expected a JSON array".to_string()))
        }
        Err(lede_batch::body::BodyError::TooMany { limit }) => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_items",
            format!(
                "the batch has more than {limit} items, as many as the server's memory budget \
                 (--max-buffered) holds; send them in smaller batches"
            ),
        )),
    }
}

/// Bytes of memory counted for each item of a batch besides its text: the parsed value, its
/// place in the queue and its line of answer (an error line is about 100 bytes). A body of
/// tiny items (`[0,0,...]`, 2 bytes each) took about 180 bytes an item.
const BATCH_ITEM_BYTES: usize = 256;

/// One line of a batch answer: the item's highlights, or its error.
fn batch_line(index: usize, item: Result<Value, ApiError>, deadline: Instant) -> String {
    let line = if Instant::now() > deadline {
        let e = ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "timeout",
            "the batch ran past the request time limit",
        );
        json!({"index": index, "error": e.to_json()["error"]})
    } else {
        let mut id = None;
        let outcome = item.and_then(|v| {
            let v = match v {
                Value::String(s) => json!({ "text": s }),
                other => other,
            };
            id = v.get("id").cloned();
            let req = parse_highlight_request(&v)?;
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| highlight(req)))
                .unwrap_or_else(|_| {
                    Err(ApiError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        "the worker failed on this input; please report it",
                    ))
                })
        });
        match outcome {
            Ok(mut v) => {
                v["index"] = json!(index);
                v
            }
            Err(e) => {
                let mut line = json!({"index": index, "error": e.to_json()["error"]});
                if let Some(id) = id {
                    line["id"] = id;
                }
                line
            }
        }
    };
    let mut s = line.to_string();
    s.push('\n');
    s
}

/// Bytes of article text in a batch item, to size the pieces of work.
fn item_size(item: &Result<Value, ApiError>) -> usize {
    match item {
        Ok(Value::String(s)) => s.len(),
        Ok(Value::Object(o)) => o
            .get("text")
            .or_else(|| o.get("html"))
            .and_then(Value::as_str)
            .map_or(64, str::len),
        _ => 64,
    }
}

/// How much of a batch is summarized at once: a few articles per worker, and no more than
/// this many bytes of text, so that what waits for a slow reader stays small.
const BATCH_PIECE_BYTES: usize = 256 * 1024;

/// Timeout lines in one piece of answer once a batch is past its time limit (about 100 bytes
/// each).
const TIMED_OUT_PIECE: usize = 4096;

/// A batch being answered: the items left, and what is counted against the memory budget.
struct BatchRun {
    state: AppState,
    items: std::collections::VecDeque<(usize, Result<Value, ApiError>)>,
    first: Option<Permit>,
    deadline: Instant,
    /// The request's bytes, then also the last piece of answer handed to the connection.
    charge: Charge,
    last_piece: usize,
}

impl BatchRun {
    /// The next piece of the answer: its lines, in the order of the items.
    async fn next_piece(&mut self) -> Option<Bytes> {
        // The connection asked for more, so it has taken the last piece.
        self.charge.release(self.last_piece);
        self.last_piece = 0;
        if self.items.is_empty() {
            return None;
        }
        // Past the time limit every item left is answered with its timeout line, a piece of
        // many at once and without a worker: the answer ends soon after the limit.
        if Instant::now() > self.deadline {
            let n = self.items.len().min(TIMED_OUT_PIECE);
            let deadline = self.deadline;
            let out: String = self
                .items
                .drain(..n)
                .map(|(i, item)| batch_line(i, item, deadline))
                .collect();
            self.last_piece = out.len();
            self.charge.add(out.len());
            return Some(Bytes::from(out));
        }
        let per_piece = self.state.inner.config.workers.saturating_mul(4).max(1);
        let mut piece = Vec::new();
        let mut bytes = 0;
        while let Some(item) = self.items.front() {
            if !piece.is_empty() && (piece.len() >= per_piece || bytes >= BATCH_PIECE_BYTES) {
                break;
            }
            bytes += item_size(&item.1);
            piece.extend(self.items.pop_front());
        }
        // A place in the concurrency limit while the piece is at work (none while the client
        // is reading): the first piece has the request's own; later ones wait for one.
        let permit = match self.first.take() {
            Some(p) => Some(p),
            None => loop {
                if let Ok(p) = bulk_permit(&self.state) {
                    break Some(p);
                }
                if Instant::now() > self.deadline {
                    break None;
                }
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            },
        };
        let deadline = self.deadline;
        let lines: Vec<String> = match permit {
            None => piece
                .into_iter()
                .map(|(i, item)| batch_line(i, item, deadline))
                .collect(),
            Some(permit) => {
                let (tx, rx) = tokio::sync::oneshot::channel();
                let pool_state = self.state.clone();
                let _queued = spawn_holding(&self.state, permit, move || {
                    use rayon::prelude::*;
                    let lines: Vec<String> = pool_state.inner.pool.install(|| {
                        piece
                            .into_par_iter()
                            .map(|(i, item)| batch_line(i, item, deadline))
                            .collect()
                    });
                    let _ = tx.send(lines);
                });
                rx.await.unwrap_or_default()
            }
        };
        let out: String = lines.concat();
        self.last_piece = out.len();
        self.charge.add(out.len());
        Some(Bytes::from(out))
    }
}

pub(crate) async fn batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let deadline = deadline_of(&state);
    let read = async {
        accept(&headers, &["", "application/json", "application/x-ndjson"])?;
        let (bytes, mut charge) = read_body(&state, &headers, body, deadline).await?;
        // The parsed items take about twice the bytes of the body again, for as long as the
        // batch is answered.
        let parsed = bytes.len().saturating_mul(2);
        let ceiling = if bytes.len() > SMALL_BODY {
            large_share(&state)
        } else {
            state.inner.config.max_buffered_bytes
        };
        if !charge.try_add(parsed, ceiling) {
            return Err(over_budget(&state));
        }
        let permit = bulk_permit(&state)?;
        let items = batch_items(&bytes, large_share(&state) / BATCH_ITEM_BYTES)?;
        if !charge.try_add(items.len().saturating_mul(BATCH_ITEM_BYTES), ceiling) {
            return Err(over_budget(&state));
        }
        Ok::<_, ApiError>((items, charge, permit))
    };
    let (items, charge, permit) = match read.await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    // The answer is made a piece at a time, as the connection takes it: a client that does
    // not read holds the request and one piece, not the whole answer, and no worker waits for
    // it (the write timeout closes its connection). A batch stops when its client goes away.
    let run = BatchRun {
        state: state.clone(),
        items: items.into_iter().enumerate().collect(),
        first: Some(permit),
        deadline: deadline.into_std(),
        charge,
        last_piece: 0,
    };
    let stream = futures_util::stream::unfold(run, |mut run| async move {
        run.next_piece()
            .await
            .map(|piece| (Ok::<_, std::convert::Infallible>(piece), run))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

const ROUGE_FIELDS: &[&str] = &[
    "system",
    "reference",
    "references",
    "compat",
    "metrics",
    "stem",
    "language",
    "alpha",
    "split_sentences",
];

fn sentences_of(
    v: &Value,
    field: &str,
    split: Option<&lede_text::Segmenter>,
) -> Result<Vec<String>, ApiError> {
    match v {
        Value::String(s) => Ok(lede_rouge::split_summary(s, "", split)),
        Value::Array(items) => items
            .iter()
            .map(|x| {
                x.as_str().map(str::to_string).ok_or_else(|| {
                    ApiError::bad_field(
                        field,
                        format!("`{field}` must be a string or a list of strings"),
                    )
                })
            })
            .collect(),
        _ => Err(ApiError::bad_field(
            field,
            format!("`{field}` must be a string or a list of strings"),
        )),
    }
}

fn rouge_work(v: Value, max_work: u64, wanted: &dyn Fn() -> bool) -> Result<Value, ApiError> {
    let obj = object_with(&v, ROUGE_FIELDS)?;
    let mut config = RougeConfig {
        stem: true,
        ..RougeConfig::default()
    };
    if let Some(c) = obj.get("compat") {
        config.mode = string(c, "compat")?
            .parse::<Mode>()
            .map_err(|e| ApiError::bad_field("compat", e.to_string()))?;
    }
    if let Some(s) = obj.get("stem") {
        config.stem = boolean(s, "stem")?;
    }
    if let Some(l) = obj.get("language") {
        config.language = string(l, "language")?
            .parse::<Language>()
            .map_err(|e| ApiError::bad_field("language", e.to_string()))?;
    }
    if let Some(a) = obj.get("alpha") {
        config.alpha = a
            .as_f64()
            .ok_or_else(|| ApiError::bad_field("alpha", "`alpha` must be a number"))?;
    }
    if let Some(m) = obj.get("metrics") {
        let not_names = || ApiError::bad_field("metrics", "`metrics` must be a list of names");
        let names: Vec<&str> = match m {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().ok_or_else(not_names))
                .collect::<Result<_, _>>()?,
            _ => return Err(not_names()),
        };
        config.metrics = Metric::parse_list(&names)
            .map_err(|e| ApiError::bad_field("metrics", e.to_string()))?;
    }
    let split = match obj.get("split_sentences") {
        Some(v) => boolean(v, "split_sentences")?,
        None => true,
    };
    let segmenter = split.then(|| lede_text::Segmenter::new(config.language));
    let system = sentences_of(
        obj.get("system")
            .ok_or_else(|| ApiError::bad_field("system", "missing field `system`"))?,
        "system",
        segmenter.as_ref(),
    )?;
    let references: Vec<Vec<String>> = match (obj.get("reference"), obj.get("references")) {
        (Some(r), None) => vec![sentences_of(r, "reference", segmenter.as_ref())?],
        (None, Some(Value::Array(rs))) if rs.is_empty() => {
            return Err(ApiError::bad_field(
                "references",
                "`references` is empty: give at least one reference",
            ))
        }
        (None, Some(Value::Array(rs))) => rs
            .iter()
            .map(|r| sentences_of(r, "references", segmenter.as_ref()))
            .collect::<Result<_, _>>()?,
        (None, Some(_)) => {
            return Err(ApiError::bad_field(
                "references",
                "`references` must be a list of references",
            ))
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_field(
                "reference",
                "give `reference` or `references`, not both",
            ))
        }
        (None, None) => {
            return Err(ApiError::bad_field(
                "reference",
                "missing field `reference` (or `references`)",
            ))
        }
    };
    let rouge = Rouge::new(config).map_err(|e| {
        let field = match &e {
            lede_rouge::RougeError::InvalidOption { option, .. } => *option,
            _ => "metrics",
        };
        ApiError::bad_field(field, e.to_string())
    })?;
    let scores = rouge
        .score_within(&system, &references, max_work, wanted)
        .map_err(|e| match e {
            lede_rouge::RougeError::TooMuchWork { .. } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "rouge_work_too_large",
                format!("{e} (the server's --rouge-max-work)"),
            ),
            lede_rouge::RougeError::TooLong { .. }
            | lede_rouge::RougeError::TooManyGrams { .. } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "rouge_work_too_large",
                e.to_string(),
            ),
            lede_rouge::RougeError::Cancelled => ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "timeout",
                "the request was stopped: its answer is no longer wanted",
            ),
            other => ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                other.to_string(),
            ),
        })?;
    let metrics: Map<String, Value> = rouge
        .metrics()
        .iter()
        .zip(scores)
        .map(|(m, s)| (m.key(), json!({"r": s.recall, "p": s.precision, "f": s.f})))
        .collect();
    Ok(json!({
        "mode": rouge.config().mode.name(),
        "description": rouge.describe(),
        "metrics": metrics,
    }))
}

pub(crate) async fn rouge(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let deadline = deadline_of(&state);
    let max_work = state.inner.config.rouge_max_work;
    let mut charge = Charge::none(&state);
    let result = async {
        accept(&headers, &["", "application/json"])?;
        let (bytes, body_charge) = read_body(&state, &headers, body, deadline).await?;
        charge = body_charge;
        let permit = bulk_permit(&state)?;
        compute(&state, permit, deadline, move |wanted| {
            rouge_work(parse_json(&bytes)?, max_work, wanted)
        })
        .await?
    }
    .await;
    let resp = match result {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => e.into_response(),
    };
    charged(resp, charge)
}

pub(crate) async fn page() -> Response {
    ([(header::CACHE_CONTROL, "no-cache")], Html(PAGE)).into_response()
}

pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    axum::Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_seconds": state.inner.started.elapsed().as_secs_f64(),
    }))
    .into_response()
}

pub(crate) async fn readyz(State(state): State<AppState>) -> Response {
    if state.inner.ready.load(Ordering::SeqCst) {
        axum::Json(json!({"status": "ready"})).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"status": "shutting down"})),
        )
            .into_response()
    }
}

pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.inner.metrics.render(
            state.inner.started.elapsed().as_secs_f64(),
            state.inner.buffered.load(Ordering::SeqCst),
            state
                .inner
                .config
                .max_concurrency
                .saturating_sub(state.inner.permits.available_permits()),
        ),
    )
        .into_response()
}

pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub(crate) async fn not_found(req: Request) -> Response {
    let path = req.uri().path().to_string();
    let known = ROUTES.iter().any(|(_, p)| *p == path);
    if known {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{} is not allowed on {path}", req.method()),
        )
        .into_response()
    } else {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no route {path}; see /openapi.json"),
        )
        .into_response()
    }
}
