//! `Summarizer`, `Summary` and `Highlight`.

use std::path::PathBuf;
use std::sync::Arc;

use lede::{Budget, Compress, Language, Method, Options, Redundancy, TextForm};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use serde::Serialize;

use crate::offsets::chars_of;
use crate::{json_to_py, text_arg, texts_arg, EmptyInputError, LedeError, ModelError};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Summarizer>()?;
    m.add_class::<Summary>()?;
    m.add_class::<Highlight>()?;
    Ok(())
}

/// lede's errors as Python exceptions: options are `ValueError`, the rest `LedeError`s.
pub(crate) fn lede_err(e: lede::Error) -> PyErr {
    lede_err_at(e, "")
}

/// The same, the message prefixed with where it happened (`texts[3]: `).
fn lede_err_at(e: lede::Error, at: &str) -> PyErr {
    let message = format!("{at}{e}");
    match e {
        lede::Error::EmptyInput => EmptyInputError::new_err(message),
        lede::Error::Model(_) => ModelError::new_err(message),
        lede::Error::InvalidOption { .. }
        | lede::Error::UnknownMethod(_)
        | lede::Error::Text(_) => PyValueError::new_err(message),
    }
}

fn count(value: Option<i64>) -> Option<usize> {
    // A negative count is refused with lede's message for zero ("must be at least 1").
    value.map(|n| usize::try_from(n).unwrap_or(0))
}

fn compress_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Compress> {
    let Some(value) = value else {
        return Ok(Compress::default());
    };
    if value.is_none() {
        return Ok(Compress::default());
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() {
            Compress::Full
        } else {
            Compress::Off
        });
    }
    if let Ok(s) = value.cast::<PyString>() {
        let s = s.to_cow()?;
        return match s.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(Compress::Full),
            "connectives" => Ok(Compress::Connectives),
            "off" | "none" => Ok(Compress::Off),
            _ => Err(PyValueError::new_err(format!(
                "invalid compress `{s}`: use True, False, \"full\", \"connectives\" or \"off\""
            ))),
        };
    }
    Err(PyValueError::new_err(format!(
        "invalid compress: a bool or one of \"full\", \"connectives\", \"off\", not {}",
        value.get_type().name()?
    )))
}

/// A model file's text, read up to a bound (a path such as /dev/zero is refused, not read until
/// memory runs out). A file that cannot be opened raises OSError, as before.
fn read_model_file(path: &std::path::Path, what: &str) -> PyResult<String> {
    std::fs::metadata(path)?;
    lede_batch::files::read_bounded(path, lede_batch::files::MAX_MODEL_FILE, what)
        .map_err(|e| ModelError::new_err(e.to_string()))
}

/// Reads a model file for the learned method.
fn load_model(path: &std::path::Path) -> PyResult<Arc<lede::Model>> {
    let text = read_model_file(path, "the model file")?;
    let model = lede::Model::from_json(&text).map_err(|e| {
        ModelError::new_err(format!("cannot use the model file {}: {e}", path.display()))
    })?;
    Ok(Arc::new(model))
}

fn load_cut_model(
    path: Option<&std::path::Path>,
    threshold: Option<f64>,
) -> PyResult<Option<Arc<lede::CutModel>>> {
    if path.is_none() && threshold.is_none() {
        return Ok(None);
    }
    let mut model = match path {
        Some(path) => {
            let text = read_model_file(path, "the cut model file")?;
            lede::CutModel::from_json(&text).map_err(|e| {
                ModelError::new_err(format!(
                    "cannot use the cut model file {}: {e}",
                    path.display()
                ))
            })?
        }
        None => (*lede::CutModel::builtin()).clone(),
    };
    if let Some(p) = threshold {
        if !(0.0..=1.0).contains(&p) {
            return Err(PyValueError::new_err(
                "invalid cut_threshold: must be between 0 and 1",
            ));
        }
        model.threshold = p;
    }
    Ok(Some(Arc::new(model)))
}

/// One article's highlights with the character offsets of every span (computed on the worker
/// thread, so that Python gets `str` offsets without another pass).
pub(crate) struct Summarized {
    pub(crate) highlights: lede::Highlights,
    /// Per highlight: start, end, then each span's start and end, in characters.
    pub(crate) chars: Vec<Vec<usize>>,
}

impl Summarized {
    fn new(text: &str, highlights: lede::Highlights) -> Self {
        let chars = highlights
            .highlights
            .iter()
            .map(|h| {
                let mut bytes = vec![h.start, h.end];
                for &(a, b) in &h.spans {
                    bytes.push(a);
                    bytes.push(b);
                }
                chars_of(text, &bytes)
            })
            .collect();
        Summarized { highlights, chars }
    }
}

/// A reusable summarizer: the options, the analyzer and the model, built once.
///
/// The options are `lede.summarize`'s. `summarize` handles one article; `summarize_batch` a
/// list on all cores (the GIL released, results in input order); `summarize_arrow` a pyarrow
/// string array, zero-copy.
///
/// >>> s = lede.Summarizer(method="lead", sentences=1)
/// >>> s
/// Summarizer(method='lead', sentences=1, redundancy='none', language='english', compress='connectives')
/// >>> print(s.summarize("The dam broke on Monday after days of heavy rain. "
/// ...                   "Water reached the town by noon on Tuesday."))
/// The dam broke on Monday after days of heavy rain.
#[pyclass(module = "lede", frozen)]
pub struct Summarizer {
    pub(crate) inner: lede::Summarizer,
    describe: String,
}

#[pymethods]
impl Summarizer {
    #[new]
    #[pyo3(signature = (
        method = "learned",
        *,
        sentences = None,
        words = None,
        chars = None,
        ratio = None,
        redundancy = None,
        mmr = None,
        language = "english",
        form = "auto",
        compress = None,
        model = None,
        cut_model = None,
        cut_threshold = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        method: &str,
        sentences: Option<i64>,
        words: Option<i64>,
        chars: Option<i64>,
        ratio: Option<f64>,
        redundancy: Option<&str>,
        mmr: Option<f64>,
        language: &str,
        form: &str,
        compress: Option<&Bound<'_, PyAny>>,
        model: Option<PathBuf>,
        cut_model: Option<PathBuf>,
        cut_threshold: Option<f64>,
    ) -> PyResult<Self> {
        let method: Method = method.parse().map_err(lede_err)?;
        let given = [
            sentences.is_some(),
            words.is_some(),
            chars.is_some(),
            ratio.is_some(),
        ];
        if given.iter().filter(|&&g| g).count() > 1 {
            return Err(PyValueError::new_err(
                "give at most one budget: sentences, words, chars or ratio",
            ));
        }
        let budget = if let Some(n) = count(sentences) {
            Budget::Sentences(n)
        } else if let Some(n) = count(words) {
            Budget::Words(n)
        } else if let Some(n) = count(chars) {
            Budget::Chars(n)
        } else if let Some(r) = ratio {
            Budget::Ratio(r)
        } else {
            Budget::default()
        };
        let redundancy = match (redundancy.map(|r| r.trim().to_ascii_lowercase()), mmr) {
            (None, None) => None,
            (None, Some(lambda)) => Some(Redundancy::Mmr { lambda }),
            (Some(r), lambda) => match (r.as_str(), lambda) {
                ("mmr", Some(lambda)) => Some(Redundancy::Mmr { lambda }),
                ("mmr", None) => {
                    return Err(PyValueError::new_err(
                        "invalid redundancy: \"mmr\" needs its lambda (mmr=0.7)",
                    ))
                }
                (_, Some(_)) => {
                    return Err(PyValueError::new_err(
                        "invalid mmr: it chooses maximal marginal relevance, which excludes \
                         redundancy=\"novelty\", \"trigram\" or \"none\"",
                    ))
                }
                ("novelty", None) => Some(Redundancy::Novelty),
                ("trigram", None) => Some(Redundancy::Trigram),
                ("none", None) => Some(Redundancy::None),
                (other, None) => {
                    return Err(PyValueError::new_err(format!(
                        "invalid redundancy `{other}`: use \"novelty\", \"trigram\", \"none\" or \"mmr\" \
                         (with mmr=LAMBDA)"
                    )))
                }
            },
        };
        let language: Language = language
            .parse()
            .map_err(|e| PyValueError::new_err(format!("invalid language: {e}")))?;
        let form = match form.trim().to_ascii_lowercase().as_str() {
            "auto" => TextForm::Auto,
            "raw" => TextForm::Raw,
            "pretokenized" => TextForm::Pretokenized,
            other => {
                return Err(PyValueError::new_err(format!(
                    "invalid form `{other}`: use \"auto\", \"raw\" or \"pretokenized\""
                )))
            }
        };
        let options = Options {
            method,
            budget,
            redundancy,
            language,
            form,
            compress: compress_arg(compress)?,
        };
        options.validate().map_err(lede_err)?;
        let mut inner = match &model {
            Some(path) => {
                if method != Method::Learned {
                    return Err(PyValueError::new_err(format!(
                        "invalid model: a model is for the learned method, not {method}"
                    )));
                }
                lede::Summarizer::with_model(options, load_model(path)?).map_err(lede_err)?
            }
            None => lede::Summarizer::new(options).map_err(lede_err)?,
        };
        if let Some(m) = load_cut_model(cut_model.as_deref(), cut_threshold)? {
            inner.set_cut_model(m);
        }
        let budget = match options.budget {
            Budget::Auto => "sentences=None".to_string(),
            Budget::Sentences(n) => format!("sentences={n}"),
            Budget::Words(n) => format!("words={n}"),
            Budget::Chars(n) => format!("chars={n}"),
            Budget::Ratio(r) => format!("ratio={r}"),
        };
        let redundancy = match options.effective_redundancy() {
            Redundancy::None => "redundancy='none'".to_string(),
            Redundancy::Novelty => "redundancy='novelty'".to_string(),
            Redundancy::Trigram => "redundancy='trigram'".to_string(),
            Redundancy::Mmr { lambda } => format!("redundancy='mmr', mmr={lambda}"),
        };
        let describe = format!(
            "Summarizer(method='{}', {budget}, {redundancy}, language='{}', compress='{}'{})",
            method,
            language.name(),
            options.compress.name(),
            if model.is_some() { ", model=..." } else { "" }
        );
        Ok(Summarizer { inner, describe })
    }

    /// Highlights of one article (a `str`): a `Summary`.
    ///
    /// >>> s = lede.Summarizer(method="lead", sentences=1).summarize(
    /// ...     "The dam broke on Monday after days of heavy rain. Water reached the town.")
    /// >>> s[0].text, s[0].start, s[0].end
    /// ('The dam broke on Monday after days of heavy rain.', 0, 49)
    fn summarize(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Summary> {
        let text = text_arg(text, "text")?;
        let done = py.detach(|| {
            self.inner
                .summarize(&text)
                .map(|h| Summarized::new(&text, h))
        });
        done.map(Summary::from).map_err(lede_err)
    }

    /// Highlights of many articles, in parallel without the GIL, in input order: a list of
    /// `Summary`. `threads`: worker threads (default: one per core). `errors="none"` puts
    /// `None` in place of an article that fails (an empty text) instead of raising.
    ///
    /// >>> s = lede.Summarizer(method="lead", sentences=1)
    /// >>> texts = ["The dam broke on Monday after days of heavy rain. Water reached the town.",
    /// ...          "Snow closed the mountain roads on Friday. Drivers waited for hours."]
    /// >>> [str(x) for x in s.summarize_batch(texts)]
    /// ['The dam broke on Monday after days of heavy rain.', 'Snow closed the mountain roads on Friday.']
    /// >>> s.summarize_batch([texts[0], " "], errors="none")[1] is None
    /// True
    #[pyo3(signature = (texts, threads = None, errors = "raise"))]
    fn summarize_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Py<PyList>> {
        let raise = match errors {
            "raise" => true,
            "none" => false,
            other => {
                return Err(PyValueError::new_err(format!(
                    "invalid errors `{other}`: use \"raise\" or \"none\""
                )))
            }
        };
        let texts = texts_arg(texts, "texts")?;
        if threads == Some(0) {
            return Err(PyValueError::new_err("invalid threads: must be at least 1"));
        }
        // The batch runner the CLI and the server use: ordered results on a worker pool.
        let workers = lede_batch::Workers::new(threads)
            .map_err(|e| LedeError::new_err(format!("cannot start worker threads: {e}")))?;
        let results: Vec<Result<Summarized, lede::Error>> = py.detach(|| {
            workers.map(&texts, |t| {
                self.inner.summarize(t).map(|h| Summarized::new(t, h))
            })
        });
        let list = PyList::empty(py);
        for (i, r) in results.into_iter().enumerate() {
            match r {
                Ok(s) => list.append(Summary::from(s))?,
                Err(e) if raise => return Err(lede_err_at(e, &format!("texts[{i}]: "))),
                Err(_) => list.append(py.None())?,
            }
        }
        Ok(list.unbind())
    }

    /// Highlights of a pyarrow string column as `list<struct<text: string, start: int64, end:
    /// int64, score: double, spans: list<struct<start: int64, end: int64>>, sentence: int64,
    /// cuts: list<struct<start: int64, end: int64, kind: string>>, capitalized: bool,
    /// period_added: bool>>` (start and end are the byte offsets of the highlight's sentence,
    /// spans the byte ranges its text keeps: one for a whole sentence, more where compression
    /// cut; sentence, cuts and the two edits as `Highlight` has them), zero-copy through the
    /// Arrow C data interface, in parallel without the GIL. Takes `string`, `large_string` and
    /// `string_view` arrays, and ChunkedArrays of them (giving a ChunkedArray); null in, null
    /// out; an empty text gives an empty list.
    ///
    /// >>> import pyarrow as pa
    /// >>> s = lede.Summarizer(method="lead", sentences=1)
    /// >>> out = s.summarize_arrow(pa.array(["Snow closed the mountain roads on Friday. "
    /// ...                                   "Drivers waited for hours.", None]))
    /// >>> out.type
    /// ListType(list<item: struct<text: string, start: int64, end: int64, score: double, spans: list<item: struct<start: int64, end: int64>>, sentence: int64, cuts: list<item: struct<start: int64, end: int64, kind: string>>, capitalized: bool, period_added: bool>>)
    /// >>> out.to_pylist()[0][0]["text"], out.to_pylist()[1]
    /// ('Snow closed the mountain roads on Friday.', None)
    #[pyo3(signature = (array, threads = None))]
    fn summarize_arrow<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::arrow::summarize_arrow(py, &self.inner, array, threads)
    }

    fn __repr__(&self) -> String {
        self.describe.clone()
    }
}

/// The highlights of one article: a sequence of `Highlight`, with what produced them.
///
/// `str()` gives the highlights one per line (as `lede summarize`), `to_dict()` plain values,
/// `to_json()` the CLI's `--output json` document.
///
/// >>> s = lede.summarize("The dam broke on Monday after days of heavy rain. Water reached the "
/// ...                     "town by noon on Tuesday. Nobody was hurt in the flood, the mayor "
/// ...                     "said.", method="lead", sentences=2)
/// >>> len(s), s.method, s.sentences, s.budget
/// (2, 'lead', 3, {'sentences': 2})
/// >>> print(s)
/// The dam broke on Monday after days of heavy rain.
/// Water reached the town by noon on Tuesday.
#[pyclass(module = "lede", frozen, sequence)]
pub struct Summary {
    inner: Summarized,
}

impl From<Summarized> for Summary {
    fn from(inner: Summarized) -> Self {
        Summary { inner }
    }
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    input: &'static str,
    #[serde(flatten)]
    highlights: &'a lede::Highlights,
}

impl Summary {
    fn highlight(&self, i: usize) -> Highlight {
        let h = &self.inner.highlights.highlights[i];
        let c = &self.inner.chars[i];
        Highlight {
            text: h.text.clone(),
            start: c[0],
            end: c[1],
            byte_start: h.start,
            byte_end: h.end,
            score: h.score,
            index: h.sentence,
            spans: h.spans.clone(),
            char_spans: c[2..].chunks(2).map(|p| (p[0], p[1])).collect(),
            cuts: h
                .cuts
                .iter()
                .map(|cut| {
                    let kind = match serde_json::to_value(cut.kind) {
                        Ok(serde_json::Value::String(s)) => s,
                        _ => format!("{:?}", cut.kind),
                    };
                    (kind, cut.start, cut.end)
                })
                .collect(),
            capitalized: h.capitalized,
            period_added: h.period_added,
        }
    }

    fn highlight_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for i in 0..self.inner.highlights.highlights.len() {
            list.append(self.highlight(i))?;
        }
        Ok(list)
    }
}

#[pymethods]
impl Summary {
    /// The highlights, in document order.
    #[getter]
    fn highlights<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.highlight_list(py)
    }

    /// The highlight texts, in document order.
    #[getter]
    fn texts(&self) -> Vec<String> {
        self.inner
            .highlights
            .highlights
            .iter()
            .map(|h| h.text.clone())
            .collect()
    }

    #[getter]
    fn method(&self) -> &'static str {
        self.inner.highlights.method.name()
    }

    #[getter]
    fn language(&self) -> &'static str {
        self.inner.highlights.language
    }

    /// The budget, as the CLI's JSON gives it (`{"sentences": 3}`).
    #[getter]
    fn budget<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(self.inner.highlights.budget).unwrap_or_default();
        json_to_py(py, &v)
    }

    /// The redundancy control in effect, as the CLI's JSON gives it (`"trigram"`).
    #[getter]
    fn redundancy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(self.inner.highlights.redundancy).unwrap_or_default();
        json_to_py(py, &v)
    }

    /// Whether the text was read as pre-tokenized research text.
    #[getter]
    fn pretokenized(&self) -> bool {
        self.inner.highlights.pretokenized
    }

    /// The number of sentences in the article.
    #[getter]
    fn sentences(&self) -> usize {
        self.inner.highlights.sentences
    }

    fn __len__(&self) -> usize {
        self.inner.highlights.highlights.len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // A list's indexing: negative indices and slices as Python has them.
        self.highlight_list(py)?.as_any().get_item(index)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.highlight_list(py)?.as_any().try_iter()?.into_any())
    }

    /// The highlights one per line, as `lede summarize` prints them.
    fn __str__(&self) -> String {
        let mut out = String::new();
        for h in &self.inner.highlights.highlights {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&h.text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        out
    }

    fn __repr__(&self) -> String {
        let h = &self.inner.highlights;
        let items: Vec<String> = (0..h.highlights.len())
            .map(|i| self.highlight(i).__repr__())
            .collect();
        format!(
            "Summary(method='{}', sentences={}, highlights=[{}])",
            h.method.name(),
            h.sentences,
            items.join(", ")
        )
    }

    /// A dict of plain values: the summary's fields and each highlight's `to_dict()`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("method", self.method())?;
        d.set_item("language", self.language())?;
        d.set_item("budget", self.budget(py)?)?;
        d.set_item("redundancy", self.redundancy(py)?)?;
        d.set_item("pretokenized", self.pretokenized())?;
        d.set_item("sentences", self.sentences())?;
        let list = PyList::empty(py);
        for i in 0..self.inner.highlights.highlights.len() {
            list.append(self.highlight(i).to_dict(py)?)?;
        }
        d.set_item("highlights", list)?;
        Ok(d)
    }

    /// The JSON document that `lede summarize --output json` writes for a text file, byte for
    /// byte (byte offsets, as the CLI's).
    fn to_json(&self) -> String {
        let doc = JsonDocument {
            input: "text",
            highlights: &self.inner.highlights,
        };
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// One highlight: a sentence of the article, whole or compressed.
///
/// `start`/`end` are character offsets into the article (`article[h.start:h.end]` is the
/// sentence), `byte_start`/`byte_end` byte offsets into its UTF-8 (as the CLI's JSON), `index`
/// the sentence's index, `spans` the byte ranges the text keeps (`char_spans` in characters),
/// `cuts` what compression removed.
///
/// >>> text = "Zürich voted on the new bridge on Sunday. The river rose after days of heavy rain."
/// >>> h = lede.summarize(text, method="lead", sentences=2)[1]
/// >>> h.start, h.byte_start, text[h.start:h.end]
/// (42, 43, 'The river rose after days of heavy rain.')
/// >>> sorted(h.to_dict())[:4]
/// ['byte_end', 'byte_start', 'capitalized', 'char_spans']
#[pyclass(module = "lede", frozen)]
pub struct Highlight {
    /// The highlight text.
    #[pyo3(get)]
    text: String,
    /// Character offsets of the sentence in the Python string (`article[start:end]`).
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    /// Byte offsets of the sentence in the UTF-8 text (as the CLI's JSON).
    #[pyo3(get)]
    byte_start: usize,
    #[pyo3(get)]
    byte_end: usize,
    /// The method's score on its scale: learned, the probability of being a highlight; lead,
    /// position (1 first); textrank and lexrank, centrality relative to the most central (1).
    #[pyo3(get)]
    score: f64,
    /// The sentence's index in the article (0-based).
    #[pyo3(get)]
    index: usize,
    /// Byte ranges of the text that the highlight keeps (as the CLI's JSON).
    #[pyo3(get)]
    spans: Vec<(usize, usize)>,
    /// The same ranges in characters.
    #[pyo3(get)]
    char_spans: Vec<(usize, usize)>,
    cuts: Vec<(String, usize, usize)>,
    /// Compression capitalised the new first word.
    #[pyo3(get)]
    capitalized: bool,
    /// Compression added a final period.
    #[pyo3(get)]
    period_added: bool,
}

#[pymethods]
impl Highlight {
    /// What compression cut: dicts of `kind`, `start`, `end` (byte offsets, as the CLI's JSON).
    #[getter]
    fn cuts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for (kind, start, end) in &self.cuts {
            let d = PyDict::new(py);
            d.set_item("kind", kind)?;
            d.set_item("start", start)?;
            d.set_item("end", end)?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.text)?;
        d.set_item("index", self.index)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("byte_start", self.byte_start)?;
        d.set_item("byte_end", self.byte_end)?;
        d.set_item("score", self.score)?;
        d.set_item("spans", self.spans.clone())?;
        d.set_item("char_spans", self.char_spans.clone())?;
        d.set_item("cuts", self.cuts(py)?)?;
        d.set_item("capitalized", self.capitalized)?;
        d.set_item("period_added", self.period_added)?;
        Ok(d)
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        let mut text: String = self.text.chars().take(60).collect();
        if text.len() < self.text.len() {
            text.push_str("...");
        }
        let compressed = if self.spans.len() > 1 || !self.cuts.is_empty() {
            format!(", cuts={}", self.cuts.len())
        } else {
            String::new()
        };
        format!(
            "Highlight(index={}, start={}, end={}, score={:.4}{compressed}, text={:?})",
            self.index, self.start, self.end, self.score, text
        )
    }
}
