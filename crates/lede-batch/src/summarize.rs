//! Summarizing a JSONL stream: records read in bounded batches, summarized in parallel, and
//! written in input order with every field kept (see [`crate::jsonl`]).

use std::io::BufRead;

use lede::Summarizer;

use crate::error::{invalid, Result};
use crate::format::{self, HighlightsValue};
use crate::input;
use crate::journal::Start;
use crate::jsonl::{self, Record};
use crate::output::Output;
use crate::parallel::Workers;

/// Lines are read in batches of at most this many lines (and [`BATCH_BYTES`]) when the output
/// is not journaled.
pub const BATCH_LINES: usize = 2048;
/// The most bytes of input read into one batch (a batch stops at the line that passes it).
pub const BATCH_BYTES: usize = 16 << 20;

/// What a JSONL record run reads and writes.
#[derive(Debug, Clone)]
pub struct JsonlSettings {
    /// The field that holds the article text.
    pub field: String,
    /// The field the highlights are written to.
    pub output_field: String,
    /// Replace the output field when a record already has it (otherwise the record is bad).
    pub overwrite: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the record.
    pub lossy: bool,
    /// Pass bad records through with an `error` field and go on (otherwise stop at the first).
    pub skip_bad: bool,
    /// The value written under the output field.
    pub value: HighlightsValue,
}

/// What a run reports as it goes: progress, and the bad records it passes through.
pub trait Observer {
    /// `bytes` more of the input are done.
    fn progress(&mut self, _bytes: u64) {}
    /// A bad record was passed through (under `skip_bad`): where, and why.
    fn bad_record(&mut self, _source: &str, _line: u64, _message: &str) {}
    /// The run is about to stop with an error at a bad record.
    fn stopping(&mut self) {}
}

/// An observer that reports nothing.
pub struct Silent;
impl Observer for Silent {}

/// The counts at the end of a run (a resumed run's include those of earlier attempts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records summarized.
    pub records: u64,
    /// Bad records passed through.
    pub bad: u64,
}

/// A line of input with its number (from 1).
pub struct Line {
    pub number: u64,
    pub bytes: Vec<u8>,
}

/// Reads lines in bounded batches. The input is read up to where it first ends, even if it
/// grows after (a file still being written): a line without a line end is the last one read.
pub struct LineBatches<'r> {
    reader: &'r mut (dyn BufRead + Send),
    name: String,
    number: u64,
    at_end: bool,
    /// A line that could not be read, reported after the lines before it are given.
    failed: Option<crate::Error>,
}

impl<'r> LineBatches<'r> {
    /// Lines of `reader` (named `name` in errors), numbered on from `number` (lines already
    /// read).
    pub fn new(reader: &'r mut (dyn BufRead + Send), name: &str, number: u64) -> Self {
        LineBatches {
            reader,
            name: name.to_string(),
            number,
            at_end: false,
            failed: None,
        }
    }

    /// The number of the last line read.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Up to `max_lines` lines and about `max_bytes` bytes, with the bytes read; an empty
    /// batch at the end. A line that cannot be read (an I/O error, a line longer than
    /// [`crate::limits::max_record`]) ends the batch, and the next call returns its error, so
    /// the lines before it are still summarized and written.
    pub fn next_batch(&mut self, max_lines: usize, max_bytes: usize) -> Result<(Vec<Line>, usize)> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut batch: Vec<Line> = Vec::with_capacity(max_lines.min(4096));
        let mut bytes = 0usize;
        while !self.at_end && batch.len() < max_lines && bytes < max_bytes {
            let mut buf = Vec::new();
            let number = self.number + 1;
            let read = crate::limits::read_line(&mut *self.reader, &mut buf, || {
                format!("{}: line {number}", self.name)
            });
            let n = match read {
                Ok(n) => n,
                Err(e) if batch.is_empty() => return Err(e),
                Err(e) => {
                    self.failed = Some(e);
                    self.at_end = true;
                    break;
                }
            };
            if n == 0 {
                self.at_end = true;
                break;
            }
            self.at_end = buf.last() != Some(&b'\n');
            self.number += 1;
            bytes += n;
            batch.push(Line {
                number: self.number,
                bytes: buf,
            });
        }
        Ok((batch, bytes))
    }
}

/// What became of one line.
pub enum Outcome {
    /// A line to write (the record with its highlights).
    Ok(String),
    /// Blank line: nothing to write.
    Skip,
    /// A bad record: the message, and the line to write under `skip_bad`.
    Bad {
        message: String,
        passthrough: String,
    },
}

/// How the message for a record that already has the output field begins.
const ALREADY_HAS: &str = "the record already has a field";

/// Summarizes the JSONL records of `reader` into `out`, in parallel on `workers`, in input
/// order. `start` says where a resumed run goes on. Stops at the first bad record (after
/// putting the records before it in place) unless `settings.skip_bad`.
#[allow(clippy::too_many_arguments)]
pub fn run_jsonl(
    settings: &JsonlSettings,
    summarizer: &Summarizer,
    workers: &Workers,
    source_name: &str,
    reader: &mut (dyn BufRead + Send),
    out: &mut Output,
    start: Start,
    observer: &mut dyn Observer,
) -> Result<Counts> {
    let mut records = start.records;
    let mut bad = start.bad;
    let max_lines = out.batch_lines();
    let mut lines = LineBatches::new(reader, source_name, start.lines);
    loop {
        let (batch, bytes) = lines.next_batch(max_lines, BATCH_BYTES)?;
        if batch.is_empty() {
            break;
        }
        let outcomes = workers.map(&batch, |line| process_line(settings, summarizer, line));
        for (line, outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Outcome::Ok(s) => {
                    out.write(&s)?;
                    records += 1;
                }
                Outcome::Skip => {}
                Outcome::Bad {
                    message,
                    passthrough,
                } => {
                    if !settings.skip_bad {
                        observer.stopping();
                        // The records before it are the output: put them in place.
                        out.end(line.number - 1, records, bad)?;
                        // Every record has the output field when one has (--skip-bad would
                        // pass them all through): its message names the remedy.
                        let skip = if message.starts_with(ALREADY_HAS) {
                            ""
                        } else {
                            "--skip-bad passes bad records through and goes on"
                        };
                        let written = match records {
                            0 => String::new(),
                            1 => "the record before it was written".to_string(),
                            n => format!("the {n} records before it were written"),
                        };
                        let note = match (written.is_empty(), skip.is_empty()) {
                            (true, true) => String::new(),
                            (false, true) => format!(" ({written})"),
                            (true, false) => format!(" ({skip})"),
                            (false, false) => format!(" ({written}; {skip})"),
                        };
                        invalid!("{}: line {}: {message}{note}", source_name, line.number);
                    }
                    observer.bad_record(source_name, line.number, &message);
                    out.write(&passthrough)?;
                    bad += 1;
                }
            }
        }
        observer.progress(bytes as u64);
        out.commit(lines.number(), records, bad)?;
    }
    out.end(lines.number(), records, bad)?;
    Ok(Counts { records, bad })
}

/// One JSONL line: the record with its highlights, a blank line, or a bad record.
pub fn process_line(settings: &JsonlSettings, summarizer: &Summarizer, line: &Line) -> Outcome {
    let raw = input::trim_newline(&line.bytes);
    let raw = if line.number == 1 {
        input::strip_bom(raw)
    } else {
        raw
    };
    if line.bytes.last() != Some(&b'\n') && input::is_cut_off_json(raw) {
        let message = "not valid JSON: a record cut off by the end of the input (no line end, \
                       its JSON unfinished): is the file still being written?";
        return bad_line(message.to_string(), raw, line.number);
    }
    let text: std::borrow::Cow<str> = match std::str::from_utf8(raw) {
        Ok(s) => s.into(),
        Err(_) if settings.lossy => String::from_utf8_lossy(raw),
        Err(e) => {
            let at = e.valid_up_to();
            return bad_line(
                format!("invalid UTF-8 at byte {at} of the line (use --lossy to replace it)"),
                raw,
                line.number,
            );
        }
    };
    if text.trim().is_empty() {
        return Outcome::Skip;
    }
    let text = if settings.lossy {
        match crate::jsonl::mend_lone_surrogates(&text) {
            std::borrow::Cow::Owned(mended) => mended.into(),
            std::borrow::Cow::Borrowed(_) => text,
        }
    } else {
        text
    };
    let record = match Record::parse(&text) {
        Ok(r) => r,
        Err(message) => return bad_line(message, raw, line.number),
    };
    let bad_record = |message: String| {
        let key = crate::format::error_field(|name| record.has(name));
        let key = key.as_str();
        let value = serde_json::to_string(&message).unwrap_or_else(|_| "\"\"".into());
        Outcome::Bad {
            passthrough: format!("{}\n", record.to_line_with(key, &value)),
            message,
        }
    };
    let field = &settings.field;
    let Some(value) = record.get(field) else {
        return bad_record(format!(
            "no field `{field}` (fields: {}; choose one with --field)",
            record.field_names()
        ));
    };
    let article = match jsonl::as_string(value) {
        Ok(s) => s,
        Err(what) => return bad_record(format!("field `{field}` is {what}, not a string")),
    };
    if record.has(&settings.output_field) && !settings.overwrite {
        return bad_record(format!(
            "{ALREADY_HAS} `{}`; write to another with --output-field NAME, or replace it with \
             --overwrite",
            settings.output_field
        ));
    }
    let highlights = match summarizer.summarize(&article) {
        Ok(h) => h,
        Err(lede::Error::EmptyInput) => {
            return bad_record(format!("field `{field}` is empty"));
        }
        Err(e) => return bad_record(e.to_string()),
    };
    match format::json_value(&highlights, settings.value) {
        Ok(value) => {
            let mut s = record.to_line_with(&settings.output_field, &value);
            s.push('\n');
            Outcome::Ok(s)
        }
        Err(e) => bad_record(format!("cannot write highlights: {e}")),
    }
}

/// A line that is not a JSON object: passed through as `{"line": N, "error": ..., "input": ...}`.
fn bad_line(message: String, raw: &[u8], number: u64) -> Outcome {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let passthrough = format!(
        "{{\"line\":{number},\"error\":{},\"input\":{}}}\n",
        quote(&message),
        quote(&String::from_utf8_lossy(raw))
    );
    Outcome::Bad {
        passthrough,
        message,
    }
}
