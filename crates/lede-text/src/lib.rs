//! Text processing for lede: paragraphs and sentences with byte spans, Unicode words,
//! Snowball stems and stopwords. Nothing here knows about summarization.
//!
//! ```
//! use lede_text::{Language, Segmenter};
//!
//! let text = "Mr. Smith went to Washington. He arrived at 5 p.m. on Friday.";
//! let seg = Segmenter::new(Language::English).segment(text);
//! let sentences: Vec<&str> = seg.sentences.iter().map(|s| &text[s.range()]).collect();
//! assert_eq!(sentences, ["Mr. Smith went to Washington.", "He arrived at 5 p.m. on Friday."]);
//! ```

mod abbrev;
mod language;
mod segment;
mod token;

pub use abbrev::{abbreviation_kind, AbbrevKind};
pub use language::Language;
pub use segment::{
    detect_pretokenized, is_closer, is_space, is_terminator, paragraphs, trim_range, Segmentation,
    Segmenter, SentenceSpan, TextForm, MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS,
};
pub use token::{lowercase, Analyzer};

/// Errors of the text crate.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextError {
    #[error("unknown language `{name}`: use one of {known}", known = Language::ALL.map(|l| l.name()).join(", "))]
    UnknownLanguage { name: String },
}
