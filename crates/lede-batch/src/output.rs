//! Where batch output goes: standard output or a file, buffered; JSONL output to a regular
//! file goes through a resumable [`Journal`].

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::{Context, Result};
use crate::journal::{self, Journal};

/// Output of a batch run.
pub enum Output {
    /// Written as it comes.
    Plain {
        w: BufWriter<Box<dyn Write>>,
        name: String,
    },
    /// Written through `OUT.partial` with checkpoints.
    Journal(Box<Journal>),
}

impl Output {
    /// A file (created or truncated), or standard output for `None` or `-`.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        let (w, name): (Box<dyn Write>, String) = match path {
            Some(p) if p.as_os_str() != "-" => (
                Box::new(
                    File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
                ),
                p.display().to_string(),
            ),
            _ => (Box::new(io::stdout().lock()), "standard output".to_string()),
        };
        Ok(Output::Plain {
            w: BufWriter::with_capacity(1 << 20, w),
            name,
        })
    }

    pub fn write(&mut self, s: &str) -> Result<()> {
        match self {
            Output::Plain { w, name } => w
                .write_all(s.as_bytes())
                .with_context(|| format!("cannot write to {name}")),
            Output::Journal(j) => {
                let name = j.name();
                j.write(s)
                    .with_context(|| format!("cannot write to {name}"))
            }
        }
    }

    /// JSONL lines per batch: a journal checkpoints after each, so its batches are smaller.
    pub fn batch_lines(&self) -> usize {
        match self {
            Output::Plain { .. } => crate::summarize::BATCH_LINES,
            Output::Journal(_) => journal::BATCH_LINES,
        }
    }

    /// A batch is written: `lines` input lines read, `records` and `bad` records written.
    pub fn commit(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Output::Plain { .. } => Ok(()),
            Output::Journal(j) => j.commit(lines, records, bad),
        }
    }

    /// The JSONL run ends here (all input read, or stopped at a bad record): a journal puts
    /// its file in place.
    pub fn end(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Output::Plain { .. } => Ok(()),
            Output::Journal(j) => j.finish(lines, records, bad),
        }
    }

    /// Flushes what is buffered.
    pub fn finish(&mut self) -> Result<()> {
        match self {
            Output::Plain { w, name } => {
                w.flush().with_context(|| format!("cannot write to {name}"))
            }
            Output::Journal(_) => Ok(()),
        }
    }

    /// For a journal that did not reach its end: where the output is and how to go on.
    pub fn unfinished(&mut self) -> Option<String> {
        match self {
            Output::Journal(j) if !j.is_finished() => Some(j.abandon()),
            _ => None,
        }
    }
}
