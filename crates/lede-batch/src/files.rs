//! Files lede makes beside its output (`OUT.partial`, `OUT.lock`, the checkpoint's temporary
//! file): opened without following a symbolic link, so that a link planted at one of those
//! names (in a shared directory such as /tmp) cannot make lede write into another file, its
//! own input included; and only as a regular file, so that a FIFO or device planted there
//! neither blocks the run nor receives its output.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use crate::error::{Context, Result};

/// Opens `path` with `options`, refusing a symbolic link at `path` itself (on Unix, with
/// `O_NOFOLLOW`, so there is no window between a check and the open) and anything but a
/// regular file (opened with `O_NONBLOCK`, so a FIFO does not wait for a reader first). `what`
/// names the file for the message.
pub fn open_no_follow(options: &mut OpenOptions, path: &Path, what: &str) -> Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(refused(path, what));
    }
    match options.open(path) {
        Ok(file) if file.metadata().is_ok_and(|m| m.is_file()) => Ok(file),
        Ok(_) => Err(crate::error::Error::Invalid(format!(
            "{} ({what}) is not a regular file; lede does not write into a file it did not \
             make: remove it and run again",
            path.display()
        ))),
        Err(e) if is_link(&e, path) => Err(refused(path, what)),
        Err(e) => Err(e).with_context(|| format!("cannot open {} ({what})", path.display())),
    }
}

/// Creates or truncates `path` for writing, refusing a symbolic link there.
pub fn create_no_follow(path: &Path, what: &str) -> Result<File> {
    open_no_follow(
        OpenOptions::new().write(true).create(true).truncate(true),
        path,
        what,
    )
}

/// Largest model file read (`--model`, `--cut-model`): the built-in scorer is 6.3 MiB.
pub const MAX_MODEL_FILE: u64 = 256 << 20;

/// Largest checkpoint read (`OUT.checkpoint`): lede writes a few hundred bytes.
pub const MAX_CHECKPOINT_FILE: u64 = 1 << 20;

/// Reads a small file whole, as text: `what` names it in messages. A file (or device, such as
/// /dev/zero) longer than `limit` is refused once `limit` bytes are read, instead of filling
/// memory.
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<String> {
    use std::io::Read;
    let file =
        File::open(path).with_context(|| format!("cannot read {what} {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    if bytes.len() as u64 > limit {
        return Err(crate::error::Error::Invalid(format!(
            "{what} {} is larger than {} MiB: not a file lede wrote",
            path.display(),
            limit >> 20
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        crate::error::Error::Invalid(format!(
            "{what} {} is not UTF-8 text (byte {}): not a file lede wrote",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Whether two paths name the same file (hard links and symbolic links included: on Unix by
/// device and inode). A path that does not exist is no file's.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

fn is_link(e: &io::Error, path: &Path) -> bool {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    let _ = e;
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
}

fn refused(path: &Path, what: &str) -> crate::error::Error {
    crate::error::Error::Invalid(format!(
        "{} ({what}) is a symbolic link; lede does not write through a link it did not make: \
         remove it and run again",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_name_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let link = dir.path().join("out.jsonl.partial");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let err = create_no_follow(&link, "the output being written").unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        // A plain file is created, then truncated.
        let plain = dir.path().join("plain.partial");
        std::fs::write(&plain, "old").unwrap();
        drop(create_no_follow(&plain, "x").unwrap());
        assert_eq!(std::fs::read_to_string(&plain).unwrap(), "");
        // A FIFO is refused at once, not waited on.
        let fifo = dir.path().join("fifo.partial");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let err = create_no_follow(&fifo, "the output being written").unwrap_err();
        let err = err.to_string();
        assert!(
            err.contains("not a regular file") || err.contains("cannot open"),
            "{err}"
        );
    }
}
