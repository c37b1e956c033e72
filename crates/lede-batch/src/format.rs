//! How highlights are written into a record: the value of the output field.

use lede::Highlights;

/// The value written under the output field of a JSONL record (or a JSONL line made from a
/// Parquet row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HighlightsValue {
    /// A list of strings.
    #[default]
    Text,
    /// One markdown string: a bulleted list.
    Markdown,
    /// A list of objects: text, sentence index, byte span, score (and the cuts of a
    /// compressed highlight).
    Json,
}

/// A highlight on one line: internal white space (line breaks of the article) collapsed.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The highlights as a bulleted markdown list, one line each.
pub fn markdown(h: &Highlights) -> String {
    let mut out = String::new();
    for x in &h.highlights {
        out.push_str("- ");
        out.push_str(&one_line(&x.text));
        out.push('\n');
    }
    out
}

/// The highlights as the raw JSON of an output field.
pub fn json_value(h: &Highlights, format: HighlightsValue) -> serde_json::Result<String> {
    match format {
        HighlightsValue::Text => {
            let texts: Vec<&str> = h.highlights.iter().map(|x| x.text.as_str()).collect();
            serde_json::to_string(&texts)
        }
        HighlightsValue::Markdown => serde_json::to_string(&markdown(h)),
        HighlightsValue::Json => serde_json::to_string(&h.highlights),
    }
}
