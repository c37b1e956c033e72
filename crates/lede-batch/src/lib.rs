//! Batch pipelines for lede: the reading, writing and parallel running that the `lede`
//! command, the HTTP server and the Python package share.
//!
//! - [`input`]: sources (files, standard input), format detection (text, JSONL, `.story`,
//!   HTML, Parquet), UTF-8 decoding, `.story` references.
//! - [`jsonl`]: JSONL records kept field for field and byte for byte, with one field added.
//! - [`summarize`]: a JSONL stream summarized in bounded batches, in parallel, in order.
//! - [`parquet`]: Parquet files read by row group and written back with a highlights column
//!   of type [`parquet::highlights_type`]: each highlight's text, start, end, score, spans,
//!   sentence, cuts, capitalized and period_added, as `--output json` gives them.
//! - [`lock`]: one writer per output file.
//! - [`limits`]: the bound on one record (a line, a document, a page).
//! - [`journal`]: resumable JSONL output (`OUT.partial` plus a checkpoint).
//! - [`dataset`]: records of datasets (JSONL or Parquet) for evaluation and ROUGE.
//! - [`parallel`]: ordered parallel execution, [`summarize_texts`] for bindings.
//! - [`body`]: batches that arrive whole (a JSON array or JSON Lines), as the HTTP API takes
//!   them.
//!
//! The library returns typed [`Error`]s and never prints or exits.

pub mod body;
pub mod dataset;
mod error;
pub mod files;
pub mod format;
pub mod input;
pub mod journal;
pub mod jsonl;
pub mod limits;
pub mod lock;
pub mod output;
pub mod parallel;
pub mod parquet;
pub mod staged;
pub mod summarize;

pub use error::{Error, Result};
pub use parallel::{summarize_batch, summarize_texts, Workers};
