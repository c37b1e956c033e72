//! Where batch output goes: standard output or a file, buffered; JSONL output to a regular
//! file goes through a resumable [`Journal`].

use std::io::Write;
use std::path::Path;

use crate::error::{Context, Result};
use crate::journal::{self, Journal};
use crate::staged::Staged;

/// Output of a batch run.
pub enum Output {
    /// Standard output, or a device, FIFO or link, written as it comes; or a regular file,
    /// written to `OUT.partial` and renamed to `OUT` when [`Output::finish`] is called, so that
    /// a failed or interrupted run leaves what was at `OUT` (see [`Staged`]).
    Plain(Staged),
    /// Written through `OUT.partial` with checkpoints.
    Journal(Box<Journal>),
}

impl Output {
    /// Standard output for `None` or `-`; a regular file staged as `OUT.partial`; a device,
    /// FIFO or link written directly. The caller holds the lock on `path`.
    pub fn staged(path: Option<&Path>) -> Result<Self> {
        Ok(Output::Plain(Staged::unlocked(path, "the output")?))
    }

    pub fn write(&mut self, s: &str) -> Result<()> {
        match self {
            Output::Plain(w) => w
                .write_all(s.as_bytes())
                .with_context(|| format!("cannot write to {}", w.name())),
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
            Output::Plain(_) => crate::summarize::BATCH_LINES,
            Output::Journal(_) => journal::BATCH_LINES,
        }
    }

    /// A batch is written: `lines` input lines read, `records` and `bad` records written.
    pub fn commit(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Output::Plain(_) => Ok(()),
            Output::Journal(j) => j.commit(lines, records, bad),
        }
    }

    /// The JSONL run ends here (all input read, or stopped at a bad record): a journal puts
    /// its file in place.
    pub fn end(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Output::Plain(_) => Ok(()),
            Output::Journal(j) => j.finish(lines, records, bad),
        }
    }

    /// Flushes what is buffered and puts a staged file in place: call it when the run
    /// succeeded (dropped without it, a staged file leaves `OUT` as it was).
    pub fn finish(&mut self) -> Result<()> {
        match self {
            Output::Plain(w) => w.finish(),
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
