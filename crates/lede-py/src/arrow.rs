//! Arrow columns in and out through the Arrow C data interface: the input's buffers are read in
//! place (no copy), the work runs on all cores without the GIL, and the result goes back to
//! pyarrow the same way.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{
    Array, ArrayAccessor, ArrayRef, Float64Array, LargeListArray, LargeStringArray, ListArray,
    StringArray, StringViewArray, StructArray,
};
use arrow_buffer::{NullBuffer, NullBufferBuilder};
use arrow_data::ArrayData;
use arrow_pyarrow::{FromPyArrowUnchecked, ToPyArrow};
use arrow_schema::{DataType, Field, Fields};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;

use crate::rouge::{rouge_err, Rouge};
use crate::{parallel, LedeError};

// One definition of the highlights column for the CLI's Parquet files, this package's Arrow
// arrays and the Spark job: lede-batch's.
pub(crate) use lede_batch::parquet::highlights_type;

fn score_fields() -> Fields {
    Fields::from(vec![
        Field::new("precision", DataType::Float64, true),
        Field::new("recall", DataType::Float64, true),
        Field::new("fmeasure", DataType::Float64, true),
    ])
}

fn rouge_type(names: &[String]) -> DataType {
    DataType::Struct(Fields::from(
        names
            .iter()
            .map(|n| Field::new(n, DataType::Struct(score_fields()), true))
            .collect::<Vec<_>>(),
    ))
}

/// A pyarrow ChunkedArray (or anything with `chunks`): its chunks, else `None`.
fn chunks_of<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    if value.hasattr("num_chunks")? && value.hasattr("chunks")? {
        let chunks = value.getattr("chunks")?;
        return Ok(Some(chunks.try_iter()?.collect::<PyResult<Vec<_>>>()?));
    }
    Ok(None)
}

/// What an imported column may hold: a test of its type, and how errors name it.
struct Accepts {
    test: fn(&DataType) -> bool,
    /// For a value that is not an Arrow array.
    array: &'static str,
    /// For an array of another type.
    types: &'static str,
}

const STRINGS: Accepts = Accepts {
    test: is_string,
    array: "a pyarrow string array",
    types: "an array of strings (string, large_string or string_view)",
};

/// A summary column: strings, or lists of sentences ([`is_sentence_list`]), which [`joined`]
/// makes strings of once validated.
const SUMMARIES: Accepts = Accepts {
    test: |t| is_string(t) || is_sentence_list(t),
    array: "a pyarrow array of strings or of lists of sentences",
    types: "an array of strings, of lists of strings, or of lists of lede's highlights \
            (structs with a `text` string)",
};

/// The array's data as the producer exported it, not yet validated (that is done without the
/// GIL, see [`validated`]).
fn import(value: &Bound<'_, PyAny>, what: &str, accepts: &Accepts) -> PyResult<ArrayData> {
    let has_interface = value.hasattr("__arrow_c_array__")? || value.hasattr("_export_to_c")?;
    if !has_interface {
        return Err(PyTypeError::new_err(format!(
            "{what} must be {} (or a ChunkedArray of them), not {}",
            accepts.array,
            value.get_type().name()?
        )));
    }
    // SAFETY: the data is validated in full (offsets, UTF-8) before any value is read.
    let data = unsafe { ArrayData::from_pyarrow_bound_unchecked(value)? };
    if (accepts.test)(data.data_type()) {
        Ok(data)
    } else {
        Err(PyTypeError::new_err(format!(
            "{what} must be {}, not {}",
            accepts.types,
            data.data_type()
        )))
    }
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// Whether `t` is a list of sentences: of strings, or of structs with a `text` string (lede's
/// highlights, as `summarize_arrow` gives them).
fn is_sentence_list(t: &DataType) -> bool {
    match t {
        DataType::List(item) | DataType::LargeList(item) => match item.data_type() {
            DataType::Struct(fields) => fields
                .iter()
                .any(|f| f.name() == "text" && is_string(f.data_type())),
            other => is_string(other),
        },
        _ => false,
    }
}

/// A validated summary column as strings: a list's sentences joined by newlines (the sentence
/// separator of rouge-score's rougeLsum), a null list null, a null sentence left out.
fn joined(data: ArrayData) -> PyResult<ArrayData> {
    validated(&data)?;
    let (offsets, values, nulls): (Vec<usize>, ArrayRef, Option<NullBuffer>) =
        match data.data_type() {
            DataType::List(_) => {
                let list = ListArray::from(data);
                let offsets = list.value_offsets().iter().map(|&o| o as usize).collect();
                (offsets, list.values().clone(), list.nulls().cloned())
            }
            DataType::LargeList(_) => {
                let list = LargeListArray::from(data);
                let offsets = list.value_offsets().iter().map(|&o| o as usize).collect();
                (offsets, list.values().clone(), list.nulls().cloned())
            }
            _ => return Ok(data),
        };
    let (texts, items) = match values.as_struct_opt() {
        Some(s) => match s.column_by_name("text") {
            Some(text) => (text.to_data(), s.nulls().cloned()),
            None => return Err(PyTypeError::new_err("the sentences have no `text` field")),
        },
        None => (values.to_data(), None),
    };
    let rows = offsets.len().saturating_sub(1);
    // Large offsets: the joined text of a large list may pass 2 GiB.
    let out: LargeStringArray = with_strings(texts, |s| {
        (0..rows)
            .map(|i| {
                if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                    return None;
                }
                let sentences = (offsets[i]..offsets[i + 1])
                    .filter(|&j| items.as_ref().is_none_or(|n| n.is_valid(j)))
                    .filter_map(|j| s.get(j));
                Some(sentences.collect::<Vec<_>>().join("\n"))
            })
            .collect()
    });
    Ok(out.to_data())
}

fn validated(data: &ArrayData) -> PyResult<()> {
    data.validate_full()
        .map_err(|e| PyValueError::new_err(format!("invalid Arrow data: {e}")))
}

/// Calls `f` with the string array behind `data`, whichever of the three string layouts it is.
fn with_strings<T>(data: ArrayData, f: impl FnOnce(&dyn StringColumn) -> T) -> T {
    match data.data_type() {
        DataType::LargeUtf8 => f(&LargeStringArray::from(data)),
        DataType::Utf8View => f(&StringViewArray::from(data)),
        _ => f(&StringArray::from(data)),
    }
}

/// Row access common to the string layouts, usable from the worker threads.
trait StringColumn: Sync {
    fn rows(&self) -> usize;
    fn get(&self, i: usize) -> Option<&str>;
}

impl<A> StringColumn for A
where
    A: Array + Sync,
    for<'a> &'a A: ArrayAccessor<Item = &'a str>,
{
    fn rows(&self) -> usize {
        Array::len(self)
    }
    fn get(&self, i: usize) -> Option<&str> {
        if self.is_null(i) {
            None
        } else {
            Some(ArrayAccessor::value(&self, i))
        }
    }
}

fn summarize_chunk(
    summarizer: &lede::Summarizer,
    data: ArrayData,
) -> PyResult<Vec<Option<Vec<lede::Highlight>>>> {
    validated(&data)?;
    Ok(with_strings(data, |col| {
        (0..col.rows())
            .into_par_iter()
            .with_min_len(8)
            .map(|i| {
                col.get(i).map(|text| {
                    // An empty or blank text has no highlights (an empty list, not null).
                    summarizer
                        .summarize(text)
                        .map(|h| h.highlights)
                        .unwrap_or_default()
                })
            })
            .collect()
    }))
}

fn highlights_array(rows: Vec<Option<Vec<lede::Highlight>>>) -> PyResult<ArrayData> {
    let total: usize = rows.iter().flatten().flatten().map(|h| h.text.len()).sum();
    let count: usize = rows.iter().flatten().map(Vec::len).sum();
    if total > i32::MAX as usize || count > i32::MAX as usize {
        return Err(LedeError::new_err(
            "the highlights of this array exceed Arrow's 2 GiB string limit: pass it in smaller \
             batches",
        ));
    }
    let rows: Vec<Option<&[lede::Highlight]>> = rows.iter().map(|r| r.as_deref()).collect();
    Ok(lede_batch::parquet::highlights_array(&rows).to_data())
}

pub(crate) fn summarize_arrow<'py>(
    py: Python<'py>,
    summarizer: &lede::Summarizer,
    array: &Bound<'py, PyAny>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(chunks) = chunks_of(array)? {
        let out = PyList::empty(py);
        for chunk in chunks {
            out.append(summarize_arrow(py, summarizer, &chunk, threads)?)?;
        }
        let pa = py.import("pyarrow")?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("type", highlights_type().to_pyarrow(py)?)?;
        return pa.call_method("chunked_array", (out,), Some(&kwargs));
    }
    let data = import(array, "array", &STRINGS)?;
    let out = parallel(py, threads, || {
        summarize_chunk(summarizer, data).and_then(highlights_array)
    })??;
    out.to_pyarrow(py)
}

fn rouge_chunk(
    rouge: &Rouge,
    predictions: ArrayData,
    references: ArrayData,
) -> PyResult<ArrayData> {
    let predictions = joined(predictions)?;
    let references = joined(references)?;
    let metrics = rouge.names.len();
    let rows: Vec<Option<Vec<lede_rouge::Score>>> = with_strings(predictions, |p| {
        with_strings(references, |r| {
            (0..p.rows())
                .into_par_iter()
                .with_min_len(16)
                .map(|i| match (p.get(i), r.get(i)) {
                    (Some(p), Some(r)) => Some(rouge.inner.score(&[p], &[vec![r]])).transpose(),
                    _ => Ok(None),
                })
                .collect::<Result<_, _>>()
        })
    })
    .map_err(rouge_err)?;
    let n = rows.len();
    let mut nulls = NullBufferBuilder::new(n);
    let mut columns: Vec<[Vec<f64>; 3]> = (0..metrics)
        .map(|_| {
            [
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
            ]
        })
        .collect();
    for row in &rows {
        match row {
            Some(scores) => {
                nulls.append_non_null();
                for (c, s) in columns.iter_mut().zip(scores) {
                    c[0].push(s.precision);
                    c[1].push(s.recall);
                    c[2].push(s.f);
                }
            }
            None => {
                nulls.append_null();
                for c in columns.iter_mut() {
                    c.iter_mut().for_each(|v| v.push(0.0));
                }
            }
        }
    }
    let nulls: Option<NullBuffer> = nulls.finish();
    let DataType::Struct(fields) = rouge_type(&rouge.names) else {
        unreachable!("the ROUGE type is a struct")
    };
    let children: Vec<ArrayRef> = columns
        .into_iter()
        .map(|[p, r, f]| {
            Arc::new(StructArray::new(
                score_fields(),
                vec![
                    Arc::new(Float64Array::from(p)) as ArrayRef,
                    Arc::new(Float64Array::from(r)),
                    Arc::new(Float64Array::from(f)),
                ],
                nulls.clone(),
            )) as ArrayRef
        })
        .collect();
    Ok(StructArray::new(fields, children, nulls).to_data())
}

pub(crate) fn score_arrow<'py>(
    py: Python<'py>,
    rouge: &Rouge,
    predictions: &Bound<'py, PyAny>,
    references: &Bound<'py, PyAny>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    // Chunked columns are combined: the two sides may be chunked differently.
    let combine = |v: &Bound<'py, PyAny>| -> PyResult<Bound<'py, PyAny>> {
        if chunks_of(v)?.is_some() {
            v.call_method0("combine_chunks")
        } else {
            Ok(v.clone())
        }
    };
    let p = import(&combine(predictions)?, "predictions", &SUMMARIES)?;
    let r = import(&combine(references)?, "references", &SUMMARIES)?;
    if p.len() != r.len() {
        return Err(PyValueError::new_err(format!(
            "predictions and references differ in length: {} != {}",
            p.len(),
            r.len()
        )));
    }
    let out = parallel(py, threads, || rouge_chunk(rouge, p, r))??;
    out.to_pyarrow(py)
}
