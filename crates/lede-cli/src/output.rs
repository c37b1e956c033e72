//! Output formats.

use clap::ValueEnum;
use lede::Highlights;
use serde::Serialize;

/// How highlights are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One highlight per line (JSONL input: a list of strings).
    Text,
    /// A bulleted list (JSONL input: one markdown string).
    Markdown,
    /// Method, options and, per highlight, text, sentence index, byte span and score
    /// (JSONL input: a list of such objects).
    Json,
}

/// A highlight on one line: internal white space (line breaks of the article) collapsed.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn text(h: &Highlights) -> String {
    let mut out = String::new();
    for x in &h.highlights {
        out.push_str(&one_line(&x.text));
        out.push('\n');
    }
    out
}

pub fn markdown(h: &Highlights) -> String {
    let mut out = String::new();
    for x in &h.highlights {
        out.push_str("- ");
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
}

pub fn json(h: &Highlights, input: &'static str, reference: Option<&[String]>) -> String {
    let doc = JsonDocument {
        input,
        highlights: h,
        reference,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        // Serializing plain data cannot fail; say so rather than panic if it ever does.
        format!("{{\"error\": \"cannot serialize highlights: {e}\"}}")
    });
    s.push('\n');
    s
}

/// The value written under the output field of a JSONL record.
pub fn jsonl_value(h: &Highlights, format: OutputFormat) -> serde_json::Result<String> {
    match format {
        OutputFormat::Text => {
            let texts: Vec<&str> = h.highlights.iter().map(|x| x.text.as_str()).collect();
            serde_json::to_string(&texts)
        }
        OutputFormat::Markdown => serde_json::to_string(&markdown(h)),
        OutputFormat::Json => serde_json::to_string(&h.highlights),
    }
}
