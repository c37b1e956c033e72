//! Command-line forms of the batch library's choices.

use clap::ValueEnum;
use lede_batch::input::InputKind;

/// The input format of `lede summarize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Detect from the file extension, then the content.
    Auto,
    /// Plain UTF-8 text; paragraphs separated by blank lines.
    Text,
    /// One JSON object per line; the article is in --field.
    Jsonl,
    /// A CNN/DailyMail .story file: the article, then `@highlight` blocks (the reference).
    Story,
    /// A web page (.html, .htm, .html.gz): the article is extracted from it first.
    Html,
    /// A Parquet file (not standard input): the article is in the string column --field;
    /// read one row group at a time.
    Parquet,
}

impl From<InputArg> for InputKind {
    fn from(k: InputArg) -> Self {
        match k {
            InputArg::Auto => InputKind::Auto,
            InputArg::Text => InputKind::Text,
            InputArg::Jsonl => InputKind::Jsonl,
            InputArg::Story => InputKind::Story,
            InputArg::Html => InputKind::Html,
            InputArg::Parquet => InputKind::Parquet,
        }
    }
}

/// The input format of `lede segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentInputArg {
    /// Detect from the file extension, then the content.
    Auto,
    /// Plain UTF-8 text; paragraphs separated by blank lines.
    Text,
    /// One JSON object per line; the article is in --field.
    Jsonl,
    /// A CNN/DailyMail .story file: the article, then `@highlight` blocks (the reference).
    Story,
    /// A web page (.html, .htm, .html.gz): the article is extracted from it first.
    Html,
}

impl From<DocumentInputArg> for InputKind {
    fn from(k: DocumentInputArg) -> Self {
        match k {
            DocumentInputArg::Auto => InputKind::Auto,
            DocumentInputArg::Text => InputKind::Text,
            DocumentInputArg::Jsonl => InputKind::Jsonl,
            DocumentInputArg::Story => InputKind::Story,
            DocumentInputArg::Html => InputKind::Html,
        }
    }
}
