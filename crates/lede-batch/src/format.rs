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
    /// One HTML string: a list (`<ul class="lede-highlights">`) to embed in a page.
    Html,
    /// A list of objects: text, sentence index, byte span, score (and the cuts of a
    /// compressed highlight).
    Json,
}

/// The field a bad record's message goes in under `--skip-bad`: `error`, or when the record
/// (or file) has one, `lede_error`, then `lede_error_2`, `lede_error_3` ...: never one of the
/// input's own fields, which are all kept.
pub fn error_field(taken: impl Fn(&str) -> bool) -> String {
    ["error".to_string(), "lede_error".to_string()]
        .into_iter()
        .chain((2..).map(|n| format!("lede_error_{n}")))
        .find(|name| !taken(name))
        .unwrap_or_default()
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

/// The highlights as an HTML fragment to embed in a page: a `<ul class="lede-highlights">` with
/// one `<li>` per highlight, its text on one line and escaped (`&`, `<`, `>`, `"`, `'`).
pub fn html(h: &Highlights) -> String {
    let mut out = String::from("<ul class=\"lede-highlights\">\n");
    for x in &h.highlights {
        out.push_str("  <li>");
        lede_html::escape_into(&one_line(&x.text), &mut out);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
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
        HighlightsValue::Html => serde_json::to_string(&html(h)),
        HighlightsValue::Json => serde_json::to_string(&h.highlights),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_field_is_never_one_of_the_input() {
        assert_eq!(error_field(|_| false), "error");
        assert_eq!(error_field(|n| n == "error"), "lede_error");
        assert_eq!(
            error_field(|n| ["error", "lede_error", "lede_error_2"].contains(&n)),
            "lede_error_3"
        );
    }

    #[test]
    fn html_is_one_list_item_a_highlight_on_one_line() {
        let text = "The \"R&D\" budget\trose by  5% <again>. Nobody objected to it.";
        let options = lede::Options {
            method: lede::Method::Lead,
            budget: lede::Budget::Sentences(1),
            ..lede::Options::default()
        };
        let h = lede::Summarizer::new(options)
            .unwrap()
            .summarize(text)
            .unwrap();
        assert_eq!(
            html(&h),
            "<ul class=\"lede-highlights\">\n  \
             <li>The &quot;R&amp;D&quot; budget rose by 5% &lt;again&gt;.</li>\n</ul>\n"
        );
    }
}
