//! Resumable JSONL batch runs (`lede summarize --input jsonl IN -o OUT [--resume]`).
//!
//! Design: the run writes to `OUT.partial` and keeps a checkpoint in `OUT.checkpoint`. After
//! every batch of records the partial file is flushed and fsync'd, and only then is the
//! checkpoint replaced (written to `OUT.checkpoint.tmp`, fsync'd, renamed over the old one,
//! directory fsync'd). The checkpoint records:
//!
//! - how much input was consumed (bytes and lines) and a hash of exactly those bytes;
//! - how much output is durable (bytes) and a hash of those bytes;
//! - the record counts (summarized, bad) so the final report counts every record once;
//! - the lede version and every option that changes the output.
//!
//! A checkpoint therefore never claims more than is on disk. When the run ends, the partial
//! file is fsync'd, a final checkpoint marked complete is written, the partial file is
//! renamed to `OUT` and the checkpoint removed. A run killed at any moment (SIGKILL, power
//! loss, the OOM killer) leaves `OUT` untouched and the partial file and checkpoint behind;
//! `--resume` checks the options, re-reads and hashes the consumed prefix of the input (a
//! changed input is refused), checks the durable output prefix against its hash, truncates
//! the partial file to it (dropping a half-written batch), and continues with the next input
//! line. Each input record is thus written exactly once, in input order, with no partial line.
//!
//! Why a partial file renamed into place rather than appending to `OUT`: a reader (or the next
//! stage of a pipeline) that sees `OUT` sees a finished file, never a prefix, and a failed or
//! killed run never leaves something at `OUT` that looks finished.
//!
//! `--resume` with no checkpoint starts from the beginning (with a note), so that a restart
//! loop may always pass `--resume`. Without `--resume`, an unfinished run's checkpoint is never
//! overwritten: the command refuses and says how to continue or start over.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::{invalid, Context, Result};
use serde::{Deserialize, Serialize};

/// Records per batch when writing through a journal: a killed run redoes at most this many.
pub const BATCH_LINES: usize = 256;

const FORMAT: &str = "lede-resume/1";

/// 64-bit FNV-1a: a stable hash (the same in every build and version), enough to notice an
/// input or output file that changed between runs.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn update(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }

    fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The stable hash of `bytes`, in hex (for naming a model file's content in a checkpoint).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h = Fnv::new();
    h.update(bytes);
    h.hex()
}

/// How much of a stream has passed, and its hash.
#[derive(Debug, Clone, Copy)]
struct Tally {
    bytes: u64,
    hash: Fnv,
}

impl Tally {
    fn new() -> Self {
        Tally {
            bytes: 0,
            hash: Fnv::new(),
        }
    }

    fn add(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len() as u64;
        self.hash.update(bytes);
    }
}

/// A reader that hashes the bytes its user consumes (not the bytes read ahead into a buffer).
struct HashingReader {
    inner: Box<dyn BufRead + Send>,
    tally: Arc<Mutex<Tally>>,
}

impl HashingReader {
    fn record(&self, bytes: &[u8]) {
        self.tally
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .add(bytes);
    }
}

impl Read for HashingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.record(&buf[..n]);
        Ok(n)
    }
}

impl BufRead for HashingReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The buffer is already filled (the caller saw it), so this does no I/O.
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            let tally = &self.tally;
            tally
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .add(&buf[..n]);
        }
        self.inner.consume(amt);
    }
}

/// The checkpoint file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Checkpoint {
    format: String,
    lede: String,
    input: String,
    /// Every option that changes the output, as `name=value`.
    options: Vec<String>,
    input_bytes: u64,
    input_lines: u64,
    input_hash: String,
    output_bytes: u64,
    output_hash: String,
    records: u64,
    bad: u64,
    complete: bool,
}

/// Where a resumed run starts: lines already read, records and bad records already written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Start {
    pub lines: u64,
    pub records: u64,
    pub bad: u64,
}

/// The paths of a journaled output.
struct Paths {
    out: PathBuf,
    partial: PathBuf,
    checkpoint: PathBuf,
    checkpoint_tmp: PathBuf,
}

impl Paths {
    fn new(out: &Path) -> Self {
        let with = |suffix: &str| {
            let mut s = out.as_os_str().to_owned();
            s.push(suffix);
            PathBuf::from(s)
        };
        Paths {
            out: out.to_path_buf(),
            partial: with(".partial"),
            checkpoint: with(".checkpoint"),
            checkpoint_tmp: with(".checkpoint.tmp"),
        }
    }
}

/// Output written through `OUT.partial` with checkpoints; see the module documentation.
pub struct Journal {
    paths: Paths,
    w: BufWriter<File>,
    output: Tally,
    input: Arc<Mutex<Tally>>,
    base: Checkpoint,
    finished: bool,
}

/// What `--resume` found.
pub enum Opened {
    /// A journal to write to, and where the input continues.
    Run(Box<Journal>, Start),
    /// The previous run had already finished: `OUT` is in place; the counts it wrote.
    AlreadyComplete(Start),
}

/// Opens `out` for a journaled run. `reader` is the JSONL input at its start; on return it
/// has been wrapped to hash what is read and, on resume, advanced past the consumed prefix.
pub fn open(
    out: &Path,
    input_name: &str,
    options: Vec<String>,
    resume: bool,
    quiet: bool,
    reader: &mut Box<dyn BufRead + Send>,
) -> Result<Opened> {
    if out.is_dir() {
        invalid!("cannot create {}: it is a directory", out.display());
    }
    let paths = Paths::new(out);
    let base = Checkpoint {
        format: FORMAT.to_string(),
        lede: env!("CARGO_PKG_VERSION").to_string(),
        input: input_name.to_string(),
        options,
        input_bytes: 0,
        input_lines: 0,
        input_hash: Fnv::new().hex(),
        output_bytes: 0,
        output_hash: Fnv::new().hex(),
        records: 0,
        bad: 0,
        complete: false,
    };
    let previous = read_checkpoint(&paths)?;
    let tally = Arc::new(Mutex::new(Tally::new()));
    let take = std::mem::replace(reader, Box::new(io::empty()));
    *reader = Box::new(HashingReader {
        inner: take,
        tally: Arc::clone(&tally),
    });

    let Some(previous) = previous else {
        if resume && !quiet {
            let _ = writeln!(
                std::io::stderr(),
                "lede: nothing to resume for {} (no {}); starting from the beginning",
                paths.out.display(),
                paths.checkpoint.display()
            );
        }
        let file = crate::files::create_no_follow(&paths.partial, "the output being written")?;
        let journal = Journal {
            w: BufWriter::with_capacity(1 << 20, file),
            output: Tally::new(),
            input: tally,
            base,
            paths,
            finished: false,
        };
        return Ok(Opened::Run(Box::new(journal), Start::default()));
    };

    if !resume {
        invalid!(
            "{} holds the checkpoint of an unfinished run ({} records written to {}); \
             continue it with --resume, or delete both files to start over",
            paths.checkpoint.display(),
            previous.records + previous.bad,
            paths.partial.display()
        );
    }
    check_compatible(&previous, &base, &paths)?;
    let start = Start {
        lines: previous.input_lines,
        records: previous.records,
        bad: previous.bad,
    };

    if previous.complete {
        // Killed after the final checkpoint: finish the rename if it did not happen.
        if paths.partial.exists() {
            let file = crate::files::open_no_follow(
                OpenOptions::new().read(true),
                &paths.partial,
                "the output of the interrupted run",
            )?;
            verify_output(&paths.partial, file, &previous)?;
            fs::rename(&paths.partial, &paths.out).with_context(|| {
                format!(
                    "cannot rename {} to {}",
                    paths.partial.display(),
                    paths.out.display()
                )
            })?;
            sync_dir(&paths.out);
        } else if !paths.out.exists() {
            invalid!(
                "{} says the run finished, but neither {} nor {} exists",
                paths.checkpoint.display(),
                paths.out.display(),
                paths.partial.display()
            );
        }
        remove_checkpoint(&paths)?;
        return Ok(Opened::AlreadyComplete(start));
    }

    // The consumed prefix of the input must be the one the checkpoint hashed.
    let mut prefix = Tally::new();
    let mut left = previous.input_bytes;
    let mut buf = vec![0u8; 1 << 20];
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = reader
            .read(&mut buf[..want])
            .with_context(|| format!("cannot read {input_name}"))?;
        if n == 0 {
            invalid!(
                "cannot resume: {input_name} has changed since the interrupted run (it is now \
                 {} bytes, shorter than the {} bytes already read); start over by deleting {} \
                 and {}",
                prefix.bytes,
                previous.input_bytes,
                paths.partial.display(),
                paths.checkpoint.display()
            );
        }
        prefix.add(&buf[..n]);
        left -= n as u64;
    }
    if prefix.hash.hex() != previous.input_hash {
        invalid!(
            "cannot resume: the first {} bytes of {input_name} differ from those the \
             interrupted run read (the input has changed); start over by deleting {} and {}",
            previous.input_bytes,
            paths.partial.display(),
            paths.checkpoint.display()
        );
    }

    let mut file = crate::files::open_no_follow(
        OpenOptions::new().read(true).write(true),
        &paths.partial,
        "the output of the interrupted run, to resume",
    )?;
    let output = verify_output(&paths.partial, &mut file, &previous)?;
    // Drop whatever was written after the last checkpoint (a batch that was not committed).
    file.set_len(previous.output_bytes)
        .with_context(|| format!("cannot truncate {}", paths.partial.display()))?;
    file.seek(SeekFrom::Start(previous.output_bytes))
        .with_context(|| format!("cannot seek in {}", paths.partial.display()))?;
    if !quiet {
        let _ = writeln!(
            std::io::stderr(),
            "lede: resuming at line {} of {input_name} ({} records already in {})",
            previous.input_lines + 1,
            previous.records + previous.bad,
            paths.partial.display()
        );
    }
    let journal = Journal {
        w: BufWriter::with_capacity(1 << 20, file),
        output,
        input: tally,
        base,
        paths,
        finished: false,
    };
    // The hashing reader has counted the prefix; its tally goes on from there.
    Ok(Opened::Run(Box::new(journal), start))
}

fn read_checkpoint(paths: &Paths) -> Result<Option<Checkpoint>> {
    if !paths.checkpoint.exists() {
        return Ok(None);
    }
    let text = crate::files::read_bounded(
        &paths.checkpoint,
        crate::files::MAX_CHECKPOINT_FILE,
        "the checkpoint",
    )?;
    let c: Checkpoint = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a lede checkpoint (delete it, and {}, to start over)",
            paths.checkpoint.display(),
            paths.partial.display()
        )
    })?;
    Ok(Some(c))
}

fn check_compatible(previous: &Checkpoint, now: &Checkpoint, paths: &Paths) -> Result<()> {
    let start_over = || {
        format!(
            "run with the same options, or delete {} and {} to start over",
            paths.partial.display(),
            paths.checkpoint.display()
        )
    };
    if previous.format != now.format {
        invalid!(
            "cannot resume: {} was written in another format ({}); {}",
            paths.checkpoint.display(),
            previous.format,
            start_over()
        );
    }
    if previous.lede != now.lede {
        invalid!(
            "cannot resume: the interrupted run used lede {}, this is lede {} (the output \
             could differ); {}",
            previous.lede,
            now.lede,
            start_over()
        );
    }
    let differ: Vec<String> = now
        .options
        .iter()
        .filter(|o| !previous.options.contains(o))
        .cloned()
        .chain(
            previous
                .options
                .iter()
                .filter(|o| !now.options.contains(o))
                .map(|o| format!("{o} (before)")),
        )
        .collect();
    if !differ.is_empty() {
        invalid!(
            "cannot resume: options that change the output differ from the interrupted run's: \
             {}; {}",
            differ.join(", "),
            start_over()
        );
    }
    Ok(())
}

/// Checks that the partial file starts with the output the checkpoint hashed; returns that
/// prefix's tally.
fn verify_output(path: &Path, file: impl Read, c: &Checkpoint) -> Result<Tally> {
    let mut tally = Tally::new();
    let mut r = io::BufReader::with_capacity(1 << 20, file.take(c.output_bytes));
    loop {
        let buf = r
            .fill_buf()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        tally.add(buf);
        r.consume(n);
    }
    if tally.bytes != c.output_bytes || tally.hash.hex() != c.output_hash {
        invalid!(
            "cannot resume: {} does not hold the {} bytes the checkpoint recorded (it was \
             changed or truncated); delete it and its .checkpoint to start over",
            path.display(),
            c.output_bytes
        );
    }
    Ok(tally)
}

fn write_checkpoint(paths: &Paths, c: &Checkpoint) -> Result<()> {
    let text = serde_json::to_string_pretty(c).context("cannot serialize the checkpoint")?;
    let mut f = crate::files::create_no_follow(&paths.checkpoint_tmp, "the next checkpoint")?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot write {}", paths.checkpoint_tmp.display()))?;
    fs::rename(&paths.checkpoint_tmp, &paths.checkpoint)
        .with_context(|| format!("cannot write {}", paths.checkpoint.display()))?;
    sync_dir(&paths.checkpoint);
    Ok(())
}

fn remove_checkpoint(paths: &Paths) -> Result<()> {
    match fs::remove_file(&paths.checkpoint) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(e).with_context(|| format!("cannot remove {}", paths.checkpoint.display()))
        }
    }
    sync_dir(&paths.checkpoint);
    Ok(())
}

/// Makes a rename or removal in the directory of `path` durable (best effort: not every
/// platform can open a directory).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

impl Journal {
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    pub fn name(&self) -> String {
        self.paths.partial.display().to_string()
    }

    pub fn write(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())?;
        self.output.add(s.as_bytes());
        Ok(())
    }

    fn checkpoint(&self, lines: u64, records: u64, bad: u64, complete: bool) -> Checkpoint {
        let input = *self.input.lock().unwrap_or_else(PoisonError::into_inner);
        Checkpoint {
            input_bytes: input.bytes,
            input_lines: lines,
            input_hash: input.hash.hex(),
            output_bytes: self.output.bytes,
            output_hash: self.output.hash.hex(),
            records,
            bad,
            complete,
            ..self.base.clone()
        }
    }

    fn sync(&mut self) -> Result<()> {
        self.w
            .flush()
            .and_then(|()| self.w.get_ref().sync_data())
            .with_context(|| format!("cannot write to {}", self.paths.partial.display()))
    }

    /// Makes everything written so far durable and records it: `lines` input lines consumed,
    /// `records` and `bad` records written in all.
    pub fn commit(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        self.sync()?;
        write_checkpoint(&self.paths, &self.checkpoint(lines, records, bad, false))
    }

    /// The run is over: make the output durable, rename it to `OUT`, drop the checkpoint.
    pub fn finish(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.sync()?;
        write_checkpoint(&self.paths, &self.checkpoint(lines, records, bad, true))?;
        fs::rename(&self.paths.partial, &self.paths.out).with_context(|| {
            format!(
                "cannot rename {} to {}",
                self.paths.partial.display(),
                self.paths.out.display()
            )
        })?;
        sync_dir(&self.paths.out);
        remove_checkpoint(&self.paths)?;
        self.finished = true;
        Ok(())
    }

    /// The run stopped on an error that a rerun would not cure: flush what was written
    /// (best effort); the partial file and checkpoint stay for `--resume`.
    pub fn abandon(&mut self) -> String {
        let _ = self.w.flush();
        format!(
            "the output so far is in {}; after fixing the cause, continue with --resume",
            self.paths.partial.display()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_published_function() {
        // Test vectors of FNV-1a 64.
        let h = |s: &[u8]| {
            let mut f = Fnv::new();
            f.update(s);
            f.0
        };
        assert_eq!(h(b""), 0xcbf29ce484222325);
        assert_eq!(h(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(h(b"foobar"), 0x85944171f73967e8);
        // Incremental = whole.
        let mut f = Fnv::new();
        f.update(b"foo");
        f.update(b"bar");
        assert_eq!(f.0, h(b"foobar"));
    }

    #[test]
    fn hashing_reader_counts_consumed_bytes_only() {
        let inner: Box<dyn BufRead + Send> =
            Box::new(io::BufReader::with_capacity(4, &b"ab\ncd\nef"[..]));
        let tally = Arc::new(Mutex::new(Tally::new()));
        let mut r = HashingReader {
            inner,
            tally: Arc::clone(&tally),
        };
        let mut line = Vec::new();
        r.read_until(b'\n', &mut line).unwrap();
        assert_eq!(line, b"ab\n");
        assert_eq!(tally.lock().unwrap().bytes, 3);
        line.clear();
        r.read_until(b'\n', &mut line).unwrap();
        let mut whole = Fnv::new();
        whole.update(b"ab\ncd\n");
        let t = *tally.lock().unwrap();
        assert_eq!((t.bytes, t.hash.0), (6, whole.0));
    }
}
