//! One writer per output file. Two runs writing the same `-o OUT` would interleave their
//! batches and both rename their partial file over `OUT`; so a run holds an exclusive lock on
//! `OUT.lock` while it writes, and a second run refuses at once, naming the first (its process
//! id and command line, which the lock file holds).
//!
//! The lock is the operating system's (`flock`), so it ends with the process however it ends
//! (a SIGKILL too): a file left behind by a killed run does not block the next one, which
//! takes the lock and rewrites the file. A run that ends normally removes it.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{invalid, Context, Result};

/// An exclusive lock on `OUT.lock`, held until dropped.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    file: File,
}

impl OutputLock {
    /// Locks `out` for this process, or refuses if another process is writing it. `command`
    /// describes this run in the lock file (for the message another run would print).
    pub fn acquire(out: &Path, command: &str) -> Result<OutputLock> {
        let mut path = out.as_os_str().to_owned();
        path.push(".lock");
        let path = PathBuf::from(path);
        // A run that ends removes its lock file while holding the lock; a run that opened the
        // file just before may then lock a file that is gone. It checks, and tries again.
        for _ in 0..16 {
            let mut file = crate::files::open_no_follow(
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(false),
                &path,
                &format!(
                    "the lock that keeps two runs from writing {}",
                    out.display()
                ),
            )?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    invalid!(
                        "{} is being written by another lede run ({}); wait for it to end, or \
                         write to another file",
                        out.display(),
                        if holder.is_empty() {
                            format!("it holds {}", path.display())
                        } else {
                            holder.to_string()
                        }
                    );
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()));
                }
            }
            if !same_file(&file, &path) {
                continue;
            }
            let note = format!("process {}: {command}\n", std::process::id());
            file.set_len(0)
                .and_then(|_| file.seek(SeekFrom::Start(0)))
                .and_then(|_| file.write_all(note.as_bytes()))
                .with_context(|| format!("cannot write {}", path.display()))?;
            return Ok(OutputLock { path, file });
        }
        invalid!("cannot lock {}: it keeps being replaced", path.display())
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked (the file is closed after), so no other run can hold a
        // lock on the file being removed without noticing.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_first_named_and_freed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.jsonl");
        let first = OutputLock::acquire(&out, "lede summarize first").unwrap();
        // flock locks belong to the open file, so a second open in this process conflicts
        // just as another process would.
        let err = OutputLock::acquire(&out, "lede summarize second").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("is being written by another lede run"),
            "{msg}"
        );
        assert!(msg.contains("lede summarize first"), "{msg}");
        assert!(
            msg.contains(&format!("process {}", std::process::id())),
            "{msg}"
        );
        drop(first);
        assert!(!dir.path().join("out.jsonl.lock").exists());
        let again = OutputLock::acquire(&out, "lede summarize third").unwrap();
        drop(again);
    }
}
