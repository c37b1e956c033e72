//! Where batch output goes: standard output or a file, buffered; JSONL output to a regular
//! file goes through a resumable [`Journal`].

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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
    /// Written to `OUT.partial` and renamed to `OUT` when [`Output::finish`] is called, so an
    /// interrupted run leaves no partial file at `OUT` (Parquet rows written as JSONL).
    Staged {
        w: BufWriter<File>,
        partial: PathBuf,
        out: PathBuf,
    },
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

    /// A regular file (created, or replaced when the run ends) written as `OUT.partial`
    /// and renamed into place by [`Output::finish`]; standard output for `None` or `-`, and a
    /// device, FIFO or link is written directly.
    pub fn staged(path: Option<&Path>) -> Result<Self> {
        let Some(out) = path.filter(|p| p.as_os_str() != "-") else {
            return Self::open(path);
        };
        if out
            .symlink_metadata()
            .is_ok_and(|m| !m.file_type().is_file())
        {
            return Self::open(path);
        }
        let mut partial = out.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = crate::files::create_no_follow(&partial, "the output being written")?;
        Ok(Output::Staged {
            w: BufWriter::with_capacity(1 << 20, file),
            partial,
            out: out.to_path_buf(),
        })
    }

    pub fn write(&mut self, s: &str) -> Result<()> {
        match self {
            Output::Plain { w, name } => w
                .write_all(s.as_bytes())
                .with_context(|| format!("cannot write to {name}")),
            Output::Staged { w, partial, .. } => w
                .write_all(s.as_bytes())
                .with_context(|| format!("cannot write to {}", partial.display())),
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
            Output::Plain { .. } | Output::Staged { .. } => crate::summarize::BATCH_LINES,
            Output::Journal(_) => journal::BATCH_LINES,
        }
    }

    /// A batch is written: `lines` input lines read, `records` and `bad` records written.
    pub fn commit(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Output::Plain { .. } | Output::Staged { .. } => Ok(()),
            Output::Journal(j) => j.commit(lines, records, bad),
        }
    }

    /// The JSONL run ends here (all input read, or stopped at a bad record): a journal puts
    /// its file in place.
    pub fn end(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Output::Plain { .. } | Output::Staged { .. } => Ok(()),
            Output::Journal(j) => j.finish(lines, records, bad),
        }
    }

    /// Flushes what is buffered (and puts a staged file in place).
    pub fn finish(&mut self) -> Result<()> {
        match self {
            Output::Plain { w, name } => {
                w.flush().with_context(|| format!("cannot write to {name}"))
            }
            Output::Staged { w, partial, out } => {
                w.flush()
                    .with_context(|| format!("cannot write to {}", partial.display()))?;
                std::fs::rename(&*partial, &*out).with_context(|| {
                    format!("cannot rename {} to {}", partial.display(), out.display())
                })
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
