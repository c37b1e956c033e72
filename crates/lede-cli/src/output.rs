//! Output formats.

use clap::ValueEnum;
use lede::Highlights;
use lede_batch::format::HighlightsValue;
pub use lede_batch::format::{html, markdown, one_line};
use serde::Serialize;

/// How highlights are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One highlight per line (JSONL input: a list of strings).
    Text,
    /// A bulleted list (JSONL input: one markdown string).
    Markdown,
    /// An HTML fragment to embed in a page: <ul class="lede-highlights"> with one <li> per
    /// highlight, escaped (JSONL input: one HTML string).
    Html,
    /// Method, options and, per highlight, text, sentence index, byte span and score
    /// (JSONL input: a list of such objects).
    Json,
    /// Parquet input only: a Parquet file with every input column kept and the highlights in
    /// a column of highlight structs with json's fields (the default when -o ends in .parquet).
    Parquet,
}

impl OutputFormat {
    /// The value written into a JSONL record (Parquet is not a record value; it maps to the
    /// list of strings, as text does).
    pub fn value(self) -> HighlightsValue {
        match self {
            OutputFormat::Text | OutputFormat::Parquet => HighlightsValue::Text,
            OutputFormat::Markdown => HighlightsValue::Markdown,
            OutputFormat::Html => HighlightsValue::Html,
            OutputFormat::Json => HighlightsValue::Json,
        }
    }
}

pub fn text(h: &Highlights) -> String {
    let mut out = String::new();
    for x in &h.highlights {
        out.push_str(&one_line(&x.text));
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    input: &'static str,
    #[serde(flatten)]
    highlights: &'a Highlights,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a [String]>,
    /// For a web page: the article text read out of it, which `start`, `end` and `spans`
    /// index (for text and stories they index the input itself).
    #[serde(rename = "text", skip_serializing_if = "Option::is_none")]
    article: Option<&'a str>,
}

pub fn json(
    h: &Highlights,
    input: &'static str,
    reference: Option<&[String]>,
    article: Option<&str>,
) -> String {
    let doc = JsonDocument {
        input,
        highlights: h,
        reference,
        article,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        // Serializing plain data cannot fail; say so rather than panic if it ever does.
        format!("{{\"error\": \"cannot serialize highlights: {e}\"}}")
    });
    s.push('\n');
    s
}

/// Whether `path` names a device, FIFO or link: written directly (never through a partial
/// file renamed into place) and not locked.
pub use lede_batch::staged::is_special;

/// This run's command line, as the lock on its output file names it to another run.
pub fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}
