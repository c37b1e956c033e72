//! Records of datasets for evaluation, training and ROUGE: JSONL files (one JSON object per
//! line) and Parquet files (one row per record, as a JSON object), read in batches, file after
//! file.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{invalid, Context, Result};
use crate::input::{self, Source, PARQUET_MAGIC};
use crate::parquet::{rows_to_json, ParquetInput, BATCH_ROWS};

/// Whether `path` is a Parquet file: by its extension, else by its first bytes.
pub fn is_parquet(path: &Path) -> bool {
    if path.as_os_str() == "-" {
        return false;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("parquet" | "parq")) {
        return true;
    }
    let mut head = [0u8; 4];
    match File::open(path) {
        Ok(mut f) => {
            use std::io::Read;
            f.read_exact(&mut head).is_ok() && head == PARQUET_MAGIC
        }
        Err(_) => false,
    }
}

/// A record of a dataset: its number in its file (a line number in JSONL, a row number in
/// Parquet, from 1) and its bytes (a JSONL line as read, or a Parquet row as a JSON line).
pub struct Line {
    pub number: u64,
    pub bytes: Vec<u8>,
}

enum Reader {
    Lines(Box<dyn BufRead + Send>),
    Parquet {
        input: ParquetInput,
        group: usize,
        pending: std::collections::VecDeque<Vec<u8>>,
    },
}

/// Reads dataset files one after the other, in batches of records.
pub struct Dataset {
    files: std::vec::IntoIter<PathBuf>,
    reader: Option<Reader>,
    name: String,
    unit: &'static str,
    number: u64,
    limit: Option<usize>,
    records: usize,
}

impl Dataset {
    /// The files, checked to exist, and their total size when known (for progress); at most
    /// `limit` records in all.
    pub fn open(files: Vec<PathBuf>, limit: Option<usize>) -> Result<(Dataset, Option<u64>)> {
        let mut total = Some(0u64);
        for p in &files {
            let source = Source::new(Some(p.as_path()));
            // Fail on a missing file before reading any.
            if let Source::File(f) = &source {
                if !f.exists() {
                    invalid!("cannot open {}: no such file", f.display());
                }
            }
            total = match (total, source.size()) {
                (Some(t), Some(l)) => Some(t + l),
                _ => None,
            };
        }
        Ok((
            Dataset {
                files: files.into_iter(),
                reader: None,
                name: String::new(),
                unit: "line",
                number: 0,
                limit,
                records: 0,
            },
            total,
        ))
    }

    /// The name of the file being read.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What a record of the current file is called in messages: `line` or `row`.
    pub fn unit(&self) -> &'static str {
        self.unit
    }

    /// Up to `max` non-blank records of the current file (fewer at its end; none at the end of
    /// the last), with the bytes read for progress.
    pub fn batch(&mut self, max: usize) -> Result<(Vec<Line>, u64)> {
        let mut out = Vec::new();
        let mut bytes = 0u64;
        while out.is_empty() {
            if self.limit.is_some_and(|l| self.records >= l) {
                break;
            }
            if self.reader.is_none() {
                let Some(path) = self.files.next() else { break };
                let source = Source::new(Some(path.as_path()));
                self.reader = Some(if is_parquet(&path) {
                    self.unit = "row";
                    Reader::Parquet {
                        input: ParquetInput::open(&path)?,
                        group: 0,
                        pending: Default::default(),
                    }
                } else {
                    self.unit = "line";
                    Reader::Lines(source.open()?)
                });
                self.name = source.name();
                self.number = 0;
            }
            let Some(reader) = self.reader.as_mut() else {
                break;
            };
            let mut finished = false;
            while out.len() < max && self.limit.is_none_or(|l| self.records < l) {
                let buf = match reader {
                    Reader::Lines(r) => {
                        let mut buf = Vec::new();
                        let number = self.number + 1;
                        let n = crate::limits::read_line(r, &mut buf, || {
                            format!("{}: line {number}", self.name)
                        })?;
                        if n == 0 {
                            finished = true;
                            break;
                        }
                        bytes += n as u64;
                        buf
                    }
                    Reader::Parquet {
                        input,
                        group,
                        pending,
                    } => {
                        if pending.is_empty() {
                            if *group >= input.num_row_groups() {
                                finished = true;
                                break;
                            }
                            bytes += input.row_group_bytes(*group);
                            for batch in input.row_group(*group, BATCH_ROWS)? {
                                for row in rows_to_json(&batch?)? {
                                    let mut line = row.into_bytes();
                                    line.push(b'\n');
                                    pending.push_back(line);
                                }
                            }
                            *group += 1;
                            continue;
                        }
                        match pending.pop_front() {
                            Some(line) => line,
                            None => continue,
                        }
                    }
                };
                self.number += 1;
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                self.records += 1;
                out.push(Line {
                    number: self.number,
                    bytes: buf,
                });
            }
            if finished {
                self.reader = None;
            }
            if !out.is_empty() {
                break;
            }
        }
        Ok((out, bytes))
    }
}

fn open_lines(path: &Path, what: &str) -> Result<Box<dyn BufRead>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::new(io::stdin())));
    }
    if path.is_dir() {
        invalid!("{} is a directory, not a file of {what}", path.display());
    }
    let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
}

/// Lines of a file (`-`: standard input) as UTF-8 strings, with the file and line number in
/// every error.
pub fn read_lines(path: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    each_line(path, |number, line, _| match std::str::from_utf8(line) {
        Ok(s) => {
            out.push(s.to_string());
            Ok(())
        }
        Err(e) => invalid!(
            "{}: line {number}: not valid UTF-8 (invalid byte at column {})",
            path.display(),
            e.valid_up_to() + 1
        ),
    })?;
    Ok(out)
}

/// Calls `f` with each line of a file of summaries (`-`: standard input): its number, its
/// bytes without the line end (and the first without a BOM), and whether a newline ended it.
fn each_line(path: &Path, mut f: impl FnMut(u64, &[u8], bool) -> Result<()>) -> Result<()> {
    let mut reader = open_lines(path, "summaries")?;
    let mut buf = Vec::new();
    let mut number = 0u64;
    loop {
        buf.clear();
        let n = crate::limits::read_line(&mut reader, &mut buf, || {
            format!("{}: line {}", path.display(), number + 1)
        })?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        let mut line = input::trim_newline(&buf);
        if number == 1 {
            line = input::strip_bom(line);
        }
        f(number, line, buf.last() == Some(&b'\n'))?;
    }
}

/// Every record of a JSONL file (`-`: standard input; blank lines skipped) or a Parquet file,
/// as a JSON value with its number and what a record is called (`line` or `row`). The first
/// bad record is an error naming the file and the record.
pub fn read_json_records(path: &Path) -> Result<Vec<(u64, &'static str, Value)>> {
    let mut out = Vec::new();
    if is_parquet(path) {
        let input = ParquetInput::open(path)?;
        let mut number = 0u64;
        for g in 0..input.num_row_groups() {
            for batch in input.row_group(g, BATCH_ROWS)? {
                for row in rows_to_json(&batch?)? {
                    number += 1;
                    let value = serde_json::from_str(&row).with_context(|| {
                        format!("{}: row {number}: cannot read it as JSON", path.display())
                    })?;
                    out.push((number, "row", value));
                }
            }
        }
        return Ok(out);
    }
    each_line(path, |number, line, ended| {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let at = || format!("{}: line {number}", path.display());
        let text = match std::str::from_utf8(line) {
            Ok(t) => t,
            Err(e) => invalid!(
                "{}: not valid UTF-8 (invalid byte at column {})",
                at(),
                e.valid_up_to() + 1
            ),
        };
        let record: Value = serde_json::from_str(text).with_context(|| {
            if !ended {
                format!("{}: invalid JSON (is the last record cut short?)", at())
            } else {
                format!("{}: invalid JSON", at())
            }
        })?;
        out.push((number, "line", record));
        Ok(())
    })?;
    Ok(out)
}
