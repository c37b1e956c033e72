//! `segment` and `extract`.

use lede_text::{Language, Segmenter, TextForm};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::offsets::chars_of;
use crate::{text_arg, ExtractError, NoArticleError};

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Sentence>()?;
    m.add_class::<Article>()?;
    m.add_function(wrap_pyfunction!(segment, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    Ok(())
}

pub(crate) fn language_arg(language: &str) -> PyResult<Language> {
    language
        .parse()
        .map_err(|e| PyValueError::new_err(format!("invalid language: {e}")))
}

fn form_arg(form: &str) -> PyResult<TextForm> {
    match form.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok(TextForm::Auto),
        "raw" => Ok(TextForm::Raw),
        "pretokenized" => Ok(TextForm::Pretokenized),
        other => Err(PyValueError::new_err(format!(
            "invalid form `{other}`: use \"auto\", \"raw\" or \"pretokenized\""
        ))),
    }
}

/// A sentence of a text, with its offsets (`lede.segment`).
///
/// >>> s = lede.segment("Grüße aus Köln. Bis bald.")[1]
/// >>> s.text, s.start, s.byte_start, s.paragraph
/// ('Bis bald.', 16, 19, 0)
#[pyclass(module = "lede", frozen, get_all)]
pub struct Sentence {
    text: String,
    /// Character offsets into the Python string (`text[start:end]`).
    start: usize,
    end: usize,
    /// Byte offsets into the UTF-8 text.
    byte_start: usize,
    byte_end: usize,
    /// The paragraph the sentence belongs to (0-based).
    paragraph: usize,
}

#[pymethods]
impl Sentence {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.text)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("byte_start", self.byte_start)?;
        d.set_item("byte_end", self.byte_end)?;
        d.set_item("paragraph", self.paragraph)?;
        Ok(d)
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Sentence(start={}, end={}, paragraph={}, text={:?})",
            self.start, self.end, self.paragraph, self.text
        )
    }
}

/// Splits a text into sentences.
#[pyfunction]
#[pyo3(signature = (text, *, language = "english", form = "auto"))]
fn segment(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    language: &str,
    form: &str,
) -> PyResult<Vec<Sentence>> {
    let text = text_arg(text, "text")?;
    let segmenter = Segmenter::new(language_arg(language)?).with_form(form_arg(form)?);
    Ok(py.detach(|| {
        let seg = segmenter.segment(&text);
        let bytes: Vec<usize> = seg
            .sentences
            .iter()
            .flat_map(|s| [s.start, s.end])
            .collect();
        let chars = chars_of(&text, &bytes);
        seg.sentences
            .iter()
            .enumerate()
            .map(|(i, s)| Sentence {
                text: text[s.range()].to_string(),
                start: chars[2 * i],
                end: chars[2 * i + 1],
                byte_start: s.start,
                byte_end: s.end,
                paragraph: s.paragraph,
            })
            .collect()
    }))
}

/// An article read out of a web page (`lede.extract`).
///
/// >>> a = lede.extract("<html><head><title>Rain</title></head><body><article><p>After a dry "
/// ...     "summer the first autumn storm reached the valley on Tuesday, and farmers who had "
/// ...     "waited for weeks watched the reservoirs begin to fill again.</p></article></body></html>")
/// >>> a.title, len(a.paragraphs), a.extraction
/// ('Rain', 1, 'body')
#[pyclass(module = "lede", frozen)]
pub struct Article {
    inner: lede_html::Article,
}

#[pymethods]
impl Article {
    /// The headline.
    #[getter]
    fn title(&self) -> Option<String> {
        self.inner.metadata.title.clone()
    }

    /// The authors' names, in the page's order.
    #[getter]
    fn authors(&self) -> Vec<String> {
        self.inner.metadata.authors.clone()
    }

    /// The publication date and time as the page gives it.
    #[getter]
    fn published(&self) -> Option<String> {
        self.inner.metadata.published.clone()
    }

    /// The publication date as `YYYY-MM-DD`, when the page gives one.
    #[getter]
    fn date(&self) -> Option<String> {
        self.inner.metadata.date()
    }

    #[getter]
    fn url(&self) -> Option<String> {
        self.inner.metadata.url.clone()
    }

    #[getter]
    fn language(&self) -> Option<String> {
        self.inner.metadata.language.clone()
    }

    #[getter]
    fn site_name(&self) -> Option<String> {
        self.inner.metadata.site_name.clone()
    }

    #[getter]
    fn description(&self) -> Option<String> {
        self.inner.metadata.description.clone()
    }

    /// The body as plain text: blocks separated by blank lines (what `summarize` reads).
    #[getter]
    fn text(&self) -> String {
        self.inner.text()
    }

    /// The body's blocks as text, in page order.
    #[getter]
    fn paragraphs(&self) -> Vec<String> {
        self.inner
            .paragraphs
            .iter()
            .map(|b| b.text.clone())
            .collect()
    }

    /// The body's blocks with their kind: dicts of `kind` (paragraph, heading, list_item,
    /// quote, pre), `level` (headings) and `text`.
    #[getter]
    fn blocks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for b in &self.inner.paragraphs {
            let d = PyDict::new(py);
            let (kind, level) = match b.kind {
                lede_html::BlockKind::Paragraph => ("paragraph", None),
                lede_html::BlockKind::Heading(l) => ("heading", Some(l)),
                lede_html::BlockKind::ListItem => ("list_item", None),
                lede_html::BlockKind::Quote => ("quote", None),
                lede_html::BlockKind::Pre => ("pre", None),
            };
            d.set_item("kind", kind)?;
            d.set_item("level", level)?;
            d.set_item("text", &b.text)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// How the body was found: `"body"` or `"fallback"`.
    #[getter]
    fn extraction(&self) -> &'static str {
        match self.inner.extraction.method {
            lede_html::Method::Body => "body",
            lede_html::Method::Fallback => "fallback",
        }
    }

    /// From 0 to 1: how sure the extractor is of the body.
    #[getter]
    fn confidence(&self) -> f64 {
        self.inner.extraction.confidence
    }

    /// The article as Markdown (title, byline and date, body).
    fn markdown(&self) -> String {
        self.inner.markdown()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("title", self.title())?;
        d.set_item("authors", self.authors())?;
        d.set_item("published", self.published())?;
        d.set_item("date", self.date())?;
        d.set_item("url", self.url())?;
        d.set_item("language", self.language())?;
        d.set_item("site_name", self.site_name())?;
        d.set_item("description", self.description())?;
        d.set_item("text", self.text())?;
        d.set_item("paragraphs", self.paragraphs())?;
        d.set_item("blocks", self.blocks(py)?)?;
        d.set_item("extraction", self.extraction())?;
        d.set_item("confidence", self.confidence())?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Article(title={:?}, authors={:?}, published={:?}, paragraphs={})",
            self.inner.metadata.title.as_deref().unwrap_or(""),
            self.inner.metadata.authors,
            self.inner.metadata.published.as_deref().unwrap_or(""),
            self.inner.paragraphs.len()
        )
    }
}

/// Reads the article out of a page's HTML (`str`, or `bytes` decoded by the page's charset).
#[pyfunction]
fn extract(py: Python<'_>, html: &Bound<'_, PyAny>) -> PyResult<Article> {
    let result = if let Ok(b) = html.cast::<PyBytes>() {
        let bytes = b.as_bytes().to_vec();
        py.detach(|| lede_html::extract_bytes(&bytes))
    } else if html.is_instance_of::<PyString>() {
        let text = text_arg(html, "html")?;
        py.detach(|| lede_html::extract(&text))
    } else {
        return Err(PyTypeError::new_err(format!(
            "html must be str or bytes, not {}",
            html.get_type().name()?
        )));
    };
    match result {
        Ok(inner) => Ok(Article { inner }),
        Err(e @ lede_html::Error::NoArticle) => Err(NoArticleError::new_err(e.to_string())),
        Err(e) => Err(ExtractError::new_err(e.to_string())),
    }
}
