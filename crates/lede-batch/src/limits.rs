//! How much one record may hold. A line of JSONL, a text or `.story` document and a web page
//! are each read whole before they are summarized, so each is bounded: input without an end
//! (`lede summarize < /dev/zero`) is refused with a message that names the limit, instead of
//! growing until the allocator gives up. The limit is one per process, set by the front end
//! (`--max-record` on the command line) before reading.

use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Context, Error, Result};

/// The default bound on one record: 64 MiB, hundreds of times a long article.
pub const DEFAULT_MAX_RECORD: usize = 64 << 20;

static MAX_RECORD: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_RECORD);

/// The largest record (a line, a document, a page) that readers accept, in bytes.
pub fn max_record() -> usize {
    MAX_RECORD.load(Ordering::Relaxed)
}

/// Sets the bound on one record for this process (at least 1 byte).
pub fn set_max_record(bytes: usize) {
    MAX_RECORD.store(bytes.max(1), Ordering::Relaxed);
}

/// A byte count as people read it: "64 MiB", "512 KiB", "100 bytes".
pub fn human(bytes: usize) -> String {
    const UNITS: [(usize, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {unit}", bytes / size);
        }
    }
    for (size, unit) in UNITS {
        if bytes >= size {
            return format!("{:.1} {unit}", bytes as f64 / size as f64);
        }
    }
    format!("{bytes} bytes")
}

/// The largest size [`parse_size`] takes: 1 TiB, far above any record or body, and far
/// from the overflow of the byte counts it bounds.
pub const MAX_SIZE: u64 = 1 << 40;

/// Parses a size: a number of bytes, or a number with a unit (`K`, `M`, `G`, also written
/// `KiB`, `MB` ...; all powers of 1024), as `--max-record 256M` takes it.
pub fn parse_size(s: &str) -> std::result::Result<usize, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("`{s}`: not a size (write e.g. 100M, 2G or 65536)")),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}`: not a size (write e.g. 100M, 2G or 65536)"))?;
    let bytes = n * scale as f64;
    if bytes < 1.0 {
        return Err(format!("`{s}`: must be at least 1 byte"));
    }
    if bytes > MAX_SIZE as f64 {
        return Err(format!("`{s}`: must be at most 1024G"));
    }
    Ok(bytes as usize)
}

fn too_long(what: String) -> Error {
    Error::Invalid(format!(
        "{what} is longer than the limit of {} for one record (--max-record raises it)",
        human(max_record())
    ))
}

/// Reads one line (with its line end, if it has one) onto `buf`, as `read_until` does, but
/// refuses a line longer than [`max_record`]: `Ok(0)` at the end of the input. `what` names
/// the line in the error ("input.jsonl: line 3").
pub fn read_line(
    reader: &mut (impl BufRead + ?Sized),
    buf: &mut Vec<u8>,
    what: impl Fn() -> String,
) -> Result<usize> {
    let limit = max_record();
    let before = buf.len();
    let n = reader
        .take(limit as u64 + 1)
        .read_until(b'\n', buf)
        .with_context(|| format!("cannot read {}", what()))?;
    if n > limit && buf.last() != Some(&b'\n') {
        buf.truncate(before);
        return Err(too_long(what()));
    }
    Ok(n)
}

/// Reads the rest of `reader` whole, refusing more than [`max_record`] bytes. `what` names the
/// input in the error.
pub fn read_whole(reader: &mut (impl Read + ?Sized), what: impl Fn() -> String) -> Result<Vec<u8>> {
    let limit = max_record();
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", what()))?;
    if bytes.len() > limit {
        return Err(too_long(what()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_size("1.5k"), Ok(1536));
        assert!(parse_size("0").is_err());
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert_eq!(human(64 << 20), "64 MiB");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(100), "100 bytes");
    }
}
