//! A result file written whole or not at all.
//!
//! A command that writes a file (`oracle -o`, `eval --per-doc`, `eval --report`, `train -o`,
//! `rouge --per-doc`, `segment -o`, `summarize -o` for one article) writes `OUT.partial` and
//! renames it to `OUT` when it has written everything: a run that fails or is killed leaves
//! the file that was at `OUT` as it was, and never a cut-off file under the final name (what
//! it wrote before it stopped stays in `OUT.partial`). A file the run reads is never its
//! output, and one lock keeps two runs from writing `OUT`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{invalid, Context, Result};
use crate::lock::OutputLock;

/// Where a command's result goes: standard output, or a file staged as `OUT.partial`.
pub struct Staged {
    w: BufWriter<Box<dyn Write>>,
    /// The name in messages.
    name: String,
    /// `OUT.partial` and `OUT`, until [`Staged::finish`] renames the one to the other; the
    /// partial file is removed if the run stops before that.
    files: Option<(PathBuf, PathBuf)>,
    /// Bytes written so far.
    written: u64,
    _lock: Option<OutputLock>,
}

impl Staged {
    /// Standard output for `None` or `-`; a device, FIFO or link at `out` (`/dev/stdout`) is
    /// written directly; any other path is staged. `inputs` are the files the run reads: `out`
    /// naming one of them is refused, since the input would be overwritten. `what` names the
    /// output in messages ("the per-document file"), `command` this run in the lock file.
    pub fn create(out: Option<&Path>, inputs: &[&Path], what: &str, command: &str) -> Result<Self> {
        let Some(path) = out.filter(|p| p.as_os_str() != "-") else {
            return Self::unlocked(None, what);
        };
        if let Some(input) = inputs.iter().find(|i| crate::files::same_file(i, path)) {
            let alias = if *input == path {
                String::new()
            } else {
                format!(" {} by another name", input.display())
            };
            invalid!(
                "{what} {} is the input file{alias}; writing it would destroy the input \
                 (write to another file)",
                path.display(),
            );
        }
        let lock = if is_special(path) {
            None
        } else {
            Some(OutputLock::acquire(path, command)?)
        };
        let mut staged = Self::unlocked(out, what)?;
        staged._lock = lock;
        Ok(staged)
    }

    /// As [`Staged::create`], for a caller that holds the lock on `out` and has checked it
    /// against its inputs.
    pub fn unlocked(out: Option<&Path>, what: &str) -> Result<Self> {
        let Some(out) = out.filter(|p| p.as_os_str() != "-") else {
            return Ok(Staged {
                w: BufWriter::with_capacity(1 << 16, Box::new(io::stdout().lock())),
                name: "standard output".into(),
                files: None,
                written: 0,
                _lock: None,
            });
        };
        if is_special(out) {
            let file =
                File::create(out).with_context(|| format!("cannot open {}", out.display()))?;
            return Ok(Staged {
                w: BufWriter::with_capacity(1 << 16, Box::new(file)),
                name: out.display().to_string(),
                files: None,
                written: 0,
                _lock: None,
            });
        }
        if out.is_dir() {
            invalid!("{what} {} is a directory; name a file", out.display());
        }
        let mut partial = out.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = crate::files::create_no_follow(&partial, &format!("{what} being written"))?;
        Ok(Staged {
            w: BufWriter::with_capacity(1 << 16, Box::new(file)),
            name: partial.display().to_string(),
            files: Some((partial, out.to_path_buf())),
            written: 0,
            _lock: None,
        })
    }

    /// The name in messages: the file being written, or "standard output".
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Flushes the output and puts a staged file in place.
    pub fn finish(&mut self) -> Result<()> {
        self.w
            .flush()
            .with_context(|| format!("cannot write to {}", self.name))?;
        if let Some((partial, out)) = self.files.take() {
            if let Err(e) = std::fs::rename(&partial, &out) {
                let _ = std::fs::remove_file(&partial);
                return Err(e).with_context(|| {
                    format!("cannot rename {} to {}", partial.display(), out.display())
                });
            }
        }
        Ok(())
    }
}

/// A device, FIFO or link (written directly: renaming over it would replace it with a file).
pub fn is_special(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|m| !m.file_type().is_file() && !m.file_type().is_dir())
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.w.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.w.write_all(buf)?;
        self.written += buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

impl Drop for Staged {
    /// A run that stops before [`Staged::finish`] leaves `OUT` as it was. What it wrote stays
    /// in `OUT.partial`, and a message says so; a partial file with nothing in it is removed.
    fn drop(&mut self) {
        let Some((partial, out)) = self.files.take() else {
            return;
        };
        if self.written > 0 && self.w.flush().is_ok() {
            let _ = writeln!(
                io::stderr(),
                "lede: note: {} is unchanged; what this run wrote before it stopped is in {}",
                out.display(),
                partial.display()
            );
        } else {
            let _ = std::fs::remove_file(partial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.jsonl");
        std::fs::write(&out, "the last good run\n").unwrap();
        // A run that fails midway leaves the old file, and what it wrote beside it.
        {
            let mut s = Staged::create(Some(&out), &[], "the output", "test").unwrap();
            s.write_all(b"half of a new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the last good run\n"
        );
        let partial = dir.path().join("out.jsonl.partial");
        assert_eq!(std::fs::read_to_string(&partial).unwrap(), "half of a new");
        assert!(!dir.path().join("out.jsonl.lock").exists());
        // One that wrote nothing leaves no partial file.
        drop(Staged::create(Some(&out), &[], "the output", "test").unwrap());
        assert!(!partial.exists());
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the last good run\n"
        );
        // One that finishes replaces it.
        let mut s = Staged::create(Some(&out), &[], "the output", "test").unwrap();
        s.write_all(b"a new run\n").unwrap();
        s.finish().unwrap();
        drop(s);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "a new run\n");
        assert!(!dir.path().join("out.jsonl.partial").exists());
        // The input is never the output, by another name too.
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, "data\n").unwrap();
        let alias = dir.path().join("alias.jsonl");
        std::fs::hard_link(&input, &alias).unwrap();
        let err = Staged::create(Some(&alias), &[&input], "the output", "test")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("is the input file"), "{err}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "data\n");
        // A second writer of the same file is refused while the first writes.
        let first = Staged::create(Some(&out), &[], "the output", "first run").unwrap();
        let err = Staged::create(Some(&out), &[], "the output", "second run")
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("first run"), "{err}");
        drop(first);
    }
}
