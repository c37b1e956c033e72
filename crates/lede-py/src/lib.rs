//! The native part of the `lede` Python package (`lede._lede`): highlights, segmentation,
//! article extraction and ROUGE, with the batch and Arrow entry points running on all cores
//! without the GIL. The Python package (`python/lede`) wraps it and documents the API.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

mod arrow;
mod offsets;
mod rouge;
mod summarize;
mod text;

create_exception!(
    lede,
    LedeError,
    PyException,
    "Base class of lede's errors (bad options raise ValueError)."
);
create_exception!(
    lede,
    EmptyInputError,
    LedeError,
    "The text is empty or only white space: there is no article to summarize."
);
create_exception!(
    lede,
    ModelError,
    LedeError,
    "A model file that cannot be used."
);
create_exception!(
    lede,
    ExtractError,
    LedeError,
    "A page that gives no article."
);
create_exception!(
    lede,
    NoArticleError,
    ExtractError,
    "The page was parsed but holds no article text."
);
create_exception!(
    lede,
    RougeError,
    LedeError,
    "A ROUGE computation that cannot be done (a pair too long for the metric)."
);

/// A Python `str` as a Rust string; anything else is a `TypeError` naming the argument.
pub(crate) fn text_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            value.get_type().name()?
        ))),
    }
}

/// A list of `str` from any iterable (a lone `str` is refused: it would be read as characters).
pub(crate) fn texts_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of str, not a single str"
        )));
    }
    let mut out = Vec::new();
    for (i, item) in value.try_iter()?.enumerate() {
        out.push(text_arg(&item?, &format!("{what}[{i}]"))?);
    }
    Ok(out)
}

/// Runs `f` without the GIL, on a pool of `threads` workers when given (else rayon's global
/// pool, one worker per core).
pub(crate) fn parallel<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    match pool(threads)? {
        Some(pool) => Ok(py.detach(|| pool.install(f))),
        None => Ok(py.detach(f)),
    }
}

/// A pool of `threads` workers, or `None` for rayon's global pool (one worker per core).
pub(crate) fn pool(threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    match threads {
        Some(0) => Err(PyValueError::new_err("invalid threads: must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| LedeError::new_err(format!("cannot start worker threads: {e}"))),
        None => Ok(None),
    }
}

/// A JSON value as Python objects (dicts keep the value's key order).
pub(crate) fn json_to_py<'py>(
    py: Python<'py>,
    value: &serde_json::Value,
) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::IntoPyObjectExt;
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_bound_py_any(py)?,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        Value::String(s) => s.into_bound_py_any(py)?,
        Value::Array(a) => {
            let list = PyList::empty(py);
            for v in a {
                list.append(json_to_py(py, v)?)?;
            }
            list.into_any()
        }
        Value::Object(o) => {
            let dict = PyDict::new(py);
            for (k, v) in o {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

#[pymodule]
fn _lede(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("LedeError", py.get_type::<LedeError>())?;
    m.add("EmptyInputError", py.get_type::<EmptyInputError>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add("ExtractError", py.get_type::<ExtractError>())?;
    m.add("NoArticleError", py.get_type::<NoArticleError>())?;
    m.add("RougeError", py.get_type::<RougeError>())?;
    summarize::register(m)?;
    text::register(m)?;
    rouge::register(m)?;
    Ok(())
}
