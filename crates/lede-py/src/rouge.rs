//! ROUGE: a configured scorer (`lede.rouge.Rouge`, which the `rouge_scorer` drop-in wraps),
//! batch and Arrow scoring, bootstrap intervals and the paired test.

use lede_rouge::{stats, Config, Metric, Mode, MultiRef, Rouge as Scorer, RougeError as Error};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};

use crate::text::language_arg;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{text_arg, LedeError, RougeError};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Rouge>()?;
    m.add_function(wrap_pyfunction!(bootstrap, m)?)?;
    m.add_function(wrap_pyfunction!(perl_average, m)?)?;
    m.add_function(wrap_pyfunction!(paired_test, m)?)?;
    Ok(())
}

pub(crate) fn rouge_err(e: Error) -> PyErr {
    match e {
        Error::TooLong { .. } | Error::TooManyGrams { .. } => RougeError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// `lede.rouge.scoring.Score`, the namedtuple of rouge-score (precision, recall, fmeasure).
fn score_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static SCORE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    SCORE.import(py, "lede.rouge.scoring", "Score")
}

/// A summary given as one `str` or as a list of sentences.
fn summary_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        return Ok(vec![text_arg(value, what)?]);
    }
    let mut out = Vec::new();
    for (i, s) in value
        .try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!("{what} must be str or a list of str (sentences)"))
        })?
        .enumerate()
    {
        out.push(text_arg(&s?, &format!("{what}[{i}]"))?);
    }
    Ok(out)
}

/// References: one `str`, or a list of references (each a `str` or a list of sentences).
fn references_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Vec<String>>> {
    if value.is_instance_of::<PyString>() {
        return Ok(vec![vec![text_arg(value, what)?]]);
    }
    let mut out = Vec::new();
    for (i, r) in value
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be str or a list of references")))?
        .enumerate()
    {
        out.push(summary_arg(&r?, &format!("{what}[{i}]"))?);
    }
    Ok(out)
}

/// A ROUGE scorer: metrics, compatibility mode, stemming, language and the rule for several
/// references, fixed at construction.
///
/// `metrics`: names such as `rouge-1`, `rouge-l`, `rouge-lsum`, `rouge-w-1.2`, `rouge-su4`, or
/// rouge-score's `rouge1`, `rougeL`, `rougeLsum` (the keys of the results are the names as
/// given; default rouge-1, rouge-2, rouge-lsum). `compat`: `"unicode"` (default; ROUGE-1.5.5's
/// semantics over words of every script), `"perl"` (ROUGE-1.5.5, score for score) or
/// `"rouge-score"` (Google's rouge-score 0.1.2). `stem` (default on), `language` (the unicode
/// mode's stemmer), `multi_ref`: `"average"`, `"best-recall"` or `"best-f"` (default: the
/// mode's own), `alpha` (weight of precision in F), `remove_stopwords`.
///
/// >>> r = lede.rouge.Rouge(["rouge1", "rougeL"], compat="rouge-score")
/// >>> r.score("the cat sat on the mat", "the cat sat")["rouge1"]
/// Score(precision=1.0, recall=0.5, fmeasure=0.6666666666666666)
#[pyclass(module = "lede.rouge", frozen)]
pub struct Rouge {
    pub(crate) inner: Scorer,
    /// The keys of the result dicts and the field names of Arrow results, one per metric.
    pub(crate) names: Vec<String>,
}

impl Rouge {
    pub(crate) fn scores_dict<'py>(
        &self,
        py: Python<'py>,
        scores: &[lede_rouge::Score],
    ) -> PyResult<Bound<'py, PyDict>> {
        let cls = score_class(py)?;
        let d = PyDict::new(py);
        for (name, s) in self.names.iter().zip(scores) {
            d.set_item(name, cls.call1((s.precision, s.recall, s.f))?)?;
        }
        Ok(d)
    }
}

/// Pairs scored in one piece of work by [`Rouge::pipelined`].
const CHUNK: usize = 128;

impl Rouge {
    /// Scores `systems[i]` against `refs[i]` on worker threads without the GIL while this
    /// thread, holding it, turns the pieces already scored into Python dicts, in order. Workers
    /// take pieces in order, so the dicts are built while later pieces are scored and only the
    /// last piece's are built after the work ends (building them one after the other at the end
    /// left the other cores idle for about a tenth of the run).
    fn pipelined<'py>(
        &self,
        py: Python<'py>,
        systems: &[Vec<String>],
        refs: &[Vec<Vec<String>>],
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        type Scored = Vec<Result<Vec<lede_rouge::Score>, Error>>;
        let pool = crate::pool(threads)?;
        let n = systems.len();
        let pieces = n.div_ceil(CHUNK);
        let out = PyList::empty(py);
        let next = AtomicUsize::new(0);
        let inner = &self.inner;
        let (tx, rx) = std::sync::mpsc::channel::<(usize, Scored)>();
        std::thread::scope(|scope| {
            let next = &next;
            scope.spawn(move || {
                let work = || {
                    rayon::broadcast(|_| loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= pieces {
                            break;
                        }
                        let span = k * CHUNK..((k + 1) * CHUNK).min(n);
                        let scored = span.map(|i| inner.score(&systems[i], &refs[i])).collect();
                        if tx.send((k, scored)).is_err() {
                            break;
                        }
                    })
                };
                match &pool {
                    Some(p) => p.install(work),
                    None => work(),
                };
            });
            // Built here; when this returns early (an error), the receiver is dropped and the
            // workers stop at their next piece.
            let mut rx = rx;
            let mut waiting: Vec<Option<Scored>> = (0..pieces).map(|_| None).collect();
            let mut emitted = 0;
            while emitted < pieces {
                let (back, got) = py.detach(move || {
                    let got = rx.recv();
                    (rx, got)
                });
                rx = back;
                let (k, scored) =
                    got.map_err(|_| LedeError::new_err("a ROUGE worker thread failed"))?;
                waiting[k] = Some(scored);
                while let Some(scored) = waiting.get_mut(emitted).and_then(Option::take) {
                    for s in scored {
                        out.append(self.scores_dict(py, &s.map_err(rouge_err)?)?)?;
                    }
                    emitted += 1;
                }
            }
            // Stop the workers before the scope waits for them (nothing is left to take).
            next.store(pieces, Ordering::Relaxed);
            Ok(out)
        })
    }
}

#[pymethods]
impl Rouge {
    #[new]
    #[pyo3(signature = (
        metrics = None,
        *,
        compat = "unicode",
        stem = true,
        language = "english",
        multi_ref = None,
        alpha = 0.5,
        remove_stopwords = false,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        metrics: Option<&Bound<'_, PyAny>>,
        compat: &str,
        stem: bool,
        language: &str,
        multi_ref: Option<&str>,
        alpha: f64,
        remove_stopwords: bool,
    ) -> PyResult<Self> {
        let names: Vec<String> = match metrics {
            None => Metric::defaults().iter().map(Metric::key).collect(),
            Some(m) if m.is_instance_of::<PyString>() => text_arg(m, "metrics")?
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            Some(m) => m
                .try_iter()?
                .map(|x| x.and_then(|x| text_arg(&x, "metrics")))
                .collect::<PyResult<_>>()?,
        };
        let mut parsed: Vec<Metric> = Vec::new();
        for name in &names {
            let metric: Metric = name.parse().map_err(rouge_err)?;
            if parsed.contains(&metric) {
                return Err(PyValueError::new_err(format!(
                    "invalid metrics: {name} is given twice"
                )));
            }
            parsed.push(metric);
        }
        if parsed.is_empty() {
            return Err(PyValueError::new_err("invalid metrics: no metric given"));
        }
        let mode: Mode = compat.parse().map_err(rouge_err)?;
        let multi_ref: Option<MultiRef> = match multi_ref {
            None => None,
            Some(r) => Some(r.parse().map_err(rouge_err)?),
        };
        let inner = Scorer::new(Config {
            mode,
            metrics: parsed,
            stem,
            remove_stopwords,
            alpha,
            limit: None,
            language: language_arg(language)?,
            multi_ref,
        })
        .map_err(rouge_err)?;
        Ok(Rouge { inner, names })
    }

    /// The metric names, the keys of the result dicts.
    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.names.clone()
    }

    /// Everything that changes the numbers, in one line.
    fn describe(&self) -> String {
        self.inner.describe()
    }

    /// Scores one summary against its references (target first, as rouge-score): `{metric:
    /// Score(precision, recall, fmeasure)}`. `references` is one `str`, or a list of
    /// references; a summary is a `str` (newlines separate its sentences) or a list of
    /// sentences.
    ///
    /// >>> r = lede.rouge.Rouge(["rouge-1"], compat="perl")
    /// >>> r.score(["the cat sat", "a cat sat down"], "the cat sat")["rouge-1"].recall
    /// 0.71429
    fn score<'py>(
        &self,
        py: Python<'py>,
        references: &Bound<'py, PyAny>,
        prediction: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let system = summary_arg(prediction, "prediction")?;
        let refs = references_arg(references, "references")?;
        let scores = py
            .detach(|| self.inner.score(&system, &refs))
            .map_err(rouge_err)?;
        self.scores_dict(py, &scores)
    }

    /// Scores many pairs (references first) on all cores without the GIL: one dict per pair,
    /// in order. `threads`: worker threads (default: one per core).
    ///
    /// >>> r = lede.rouge.Rouge(["rouge1"], compat="rouge-score")
    /// >>> [s["rouge1"].fmeasure for s in r.score_batch(["a b", "c d"], ["a b", "c e"])]
    /// [1.0, 0.5]
    #[pyo3(signature = (references, predictions, threads = None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        references: &Bound<'py, PyAny>,
        predictions: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let systems: Vec<Vec<String>> = predictions
            .try_iter()?
            .enumerate()
            .map(|(i, p)| summary_arg(&p?, &format!("predictions[{i}]")))
            .collect::<PyResult<_>>()?;
        let refs: Vec<Vec<Vec<String>>> = references
            .try_iter()?
            .enumerate()
            .map(|(i, r)| references_arg(&r?, &format!("references[{i}]")))
            .collect::<PyResult<_>>()?;
        if systems.len() != refs.len() {
            return Err(PyValueError::new_err(format!(
                "predictions and references differ in length: {} != {}",
                systems.len(),
                refs.len()
            )));
        }
        self.pipelined(py, &systems, &refs, threads)
    }

    /// Scores two pyarrow string columns (one reference and one prediction per row) into a
    /// struct array: one field per metric, each `struct<precision, recall, fmeasure>` (doubles);
    /// a null on either side gives a null row. Zero-copy, all cores, without the GIL. Either
    /// side may also hold lists of sentences, strings or lede's highlights (`summarize_arrow`'s
    /// structs, by their `text`), joined by newlines (a copy of the text).
    ///
    /// >>> import pyarrow as pa
    /// >>> r = lede.rouge.Rouge(["rouge1"], compat="rouge-score")
    /// >>> r.score_arrow(pa.array(["a b", None]), pa.array(["a b", "c"])).to_pylist()
    /// [{'rouge1': {'precision': 1.0, 'recall': 1.0, 'fmeasure': 1.0}}, None]
    #[pyo3(signature = (references, predictions, threads = None))]
    fn score_arrow<'py>(
        &self,
        py: Python<'py>,
        references: &Bound<'py, PyAny>,
        predictions: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::arrow::score_arrow(py, self, predictions, references, threads)
    }

    fn __repr__(&self) -> String {
        format!("Rouge(metrics={:?}, {})", self.names, self.inner.describe())
    }
}

/// The mean of `values` and its percentile bootstrap interval: `(mean, low, high)`.
#[pyfunction]
#[pyo3(signature = (values, resamples = 1000, confidence = 0.95, seed = 1))]
fn bootstrap(
    py: Python<'_>,
    values: Vec<f64>,
    resamples: usize,
    confidence: f64,
    seed: u64,
) -> PyResult<(f64, f64, f64)> {
    check_confidence(confidence)?;
    let i = py.detach(|| stats::bootstrap_mean(&values, resamples, confidence, seed));
    Ok((i.mean, i.ci_low, i.ci_high))
}

/// ROUGE-1.5.5's own average and interval of per-document values: `(mean, low, high)`.
#[pyfunction]
#[pyo3(signature = (values, resamples = 1000, confidence = 0.95))]
fn perl_average(
    py: Python<'_>,
    values: Vec<f64>,
    resamples: usize,
    confidence: f64,
) -> PyResult<(f64, f64, f64)> {
    check_confidence(confidence)?;
    let i = py.detach(|| stats::perl_average(&values, resamples, confidence));
    Ok((i.mean, i.ci_low, i.ci_high))
}

/// Paired comparison of per-document scores: `(mean_a, mean_b, (difference, low, high),
/// p_value, permutations)`.
#[pyfunction]
#[pyo3(signature = (a, b, resamples = 1000, confidence = 0.95, seed = 1))]
#[allow(clippy::type_complexity)]
fn paired_test(
    py: Python<'_>,
    a: Vec<f64>,
    b: Vec<f64>,
    resamples: usize,
    confidence: f64,
    seed: u64,
) -> PyResult<(f64, f64, (f64, f64, f64), f64, usize)> {
    check_confidence(confidence)?;
    if a.len() != b.len() {
        return Err(PyValueError::new_err(format!(
            "a and b must score the same documents: {} != {} values",
            a.len(),
            b.len()
        )));
    }
    let c = py.detach(|| stats::paired_test(&a, &b, resamples, confidence, seed));
    Ok((
        c.mean_a,
        c.mean_b,
        (c.difference.mean, c.difference.ci_low, c.difference.ci_high),
        c.p_value,
        c.permutations,
    ))
}

fn check_confidence(confidence: f64) -> PyResult<()> {
    if confidence > 0.0 && confidence < 1.0 {
        Ok(())
    } else {
        Err(PyValueError::new_err(
            "invalid confidence: must be between 0 and 1",
        ))
    }
}
