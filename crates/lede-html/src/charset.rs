//! Bytes to text: gzip, byte-order marks, declared character sets, and a check of the
//! declaration against the bytes.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::Error;

/// The largest page read, in bytes after gunzipping (256 MiB).
pub const MAX_INPUT_BYTES: usize = 256 << 20;

/// How many leading bytes are searched for a `<meta charset>` declaration.
const PRESCAN: usize = 16 * 1024;

/// A decoded page.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The page as text.
    pub text: String,
    /// The character set used (its WHATWG name, such as `UTF-8` or `windows-1252`).
    pub encoding: &'static str,
    /// The character set the page declared, when it declared one.
    pub declared: Option<String>,
    /// Whether the bytes were gzip-compressed.
    pub gzipped: bool,
    /// Whether some bytes were not valid in the encoding used and were replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes a page's bytes.
///
/// gzip data (by its magic number) is decompressed first, up to [`MAX_INPUT_BYTES`]. The
/// encoding is then, in order: a byte-order mark; the page's `<meta charset>` or
/// `http-equiv="Content-Type"` declaration, unless the bytes contradict it (a page declared as
/// a legacy single-byte set whose bytes are valid multi-byte UTF-8 is read as UTF-8, and a page
/// declared UTF-8 whose bytes are mostly invalid UTF-8 is read as windows-1252); UTF-8 when
/// the bytes are valid UTF-8; windows-1252 otherwise (the web's default for undeclared legacy
/// pages). Binary data (NUL bytes, many control characters) is refused with
/// [`Error::NotHtml`].
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    decode_limited(bytes, MAX_INPUT_BYTES)
}

/// [`decode`] with a smaller size limit (after gunzipping), for callers such as a server that
/// accept small bodies and must not let a small gzip body grow into a large page.
pub fn decode_limited(bytes: &[u8], max_bytes: usize) -> Result<Decoded, Error> {
    let limit = max_bytes.min(MAX_INPUT_BYTES);
    let mut gzipped = false;
    let mut bytes: Cow<[u8]> = Cow::Borrowed(bytes);
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .take(limit as u64 + 1)
            .read_to_end(&mut out)
            .map_err(Error::Gzip)?;
        bytes = Cow::Owned(out);
        gzipped = true;
    }
    if bytes.len() > limit {
        return Err(Error::TooLarge {
            bytes: bytes.len() as u64,
            limit: limit as u64,
        });
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(&bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            declared: None,
            gzipped,
            had_errors,
        });
    }
    check_binary(&bytes)?;
    // Stray NUL and other control bytes in a text page (a few, or the test above would have
    // refused it) are dropped: they are never part of the text, and a NUL would otherwise
    // reach the parser.
    if bytes.iter().any(|&b| stray_control(b)) {
        bytes = Cow::Owned(
            bytes
                .iter()
                .copied()
                .filter(|&b| !stray_control(b))
                .collect(),
        );
    }
    let declared = declared_charset(&bytes[..bytes.len().min(PRESCAN)]);
    let declared_enc = declared
        .as_deref()
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        // A page that reached us as bytes cannot be UTF-16 without a BOM: the declaration is
        // wrong (the HTML standard says the same).
        .map(|e| {
            if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                UTF_8
            } else {
                e
            }
        });
    // Valid UTF-8 (most pages) is checked once, without counting.
    let utf8 = if std::str::from_utf8(&bytes).is_ok() {
        Utf8Quality {
            multibyte: bytes.iter().filter(|&&b| b & 0xC0 == 0xC0).count(),
            invalid: 0,
        }
    } else {
        utf8_quality(&bytes)
    };
    let enc = match declared_enc {
        Some(e) if e == UTF_8 => {
            if utf8.looks_utf8() {
                UTF_8
            } else {
                WINDOWS_1252
            }
        }
        // Any legacy declaration (single-byte Latin or Cyrillic, or a multi-byte CJK set) over
        // bytes that are valid UTF-8 with multi-byte characters: the bytes are UTF-8. Text in
        // a legacy multi-byte set is valid UTF-8 only by chance, and almost never over three
        // or more characters.
        Some(e) if e.is_single_byte() && utf8.invalid == 0 && utf8.multibyte > 0 => UTF_8,
        Some(_) if utf8.invalid == 0 && utf8.multibyte >= 3 => UTF_8,
        Some(e) => e,
        None if utf8.looks_utf8() => UTF_8,
        None => WINDOWS_1252,
    };
    if enc == UTF_8 && utf8.invalid == 0 {
        let text = match bytes {
            Cow::Owned(v) => String::from_utf8(v).expect("checked above"),
            Cow::Borrowed(b) => std::str::from_utf8(b).expect("checked above").to_owned(),
        };
        return Ok(Decoded {
            text,
            encoding: UTF_8.name(),
            declared,
            gzipped,
            had_errors: false,
        });
    }
    let (text, _, had_errors) = enc.decode(&bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        declared,
        gzipped,
        had_errors,
    })
}

/// Counts of valid multi-byte characters and invalid sequences.
struct Utf8Quality {
    multibyte: usize,
    invalid: usize,
}

impl Utf8Quality {
    /// Valid, or nearly so: a few stray bytes in a page that is otherwise UTF-8.
    fn looks_utf8(&self) -> bool {
        self.invalid == 0 || self.invalid * 20 < self.multibyte
    }
}

fn utf8_quality(mut bytes: &[u8]) -> Utf8Quality {
    let mut q = Utf8Quality {
        multibyte: 0,
        invalid: 0,
    };
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                q.multibyte += s.bytes().filter(|b| b & 0xC0 == 0xC0).count();
                return q;
            }
            Err(e) => {
                let good = e.valid_up_to();
                q.multibyte += bytes[..good].iter().filter(|b| *b & 0xC0 == 0xC0).count();
                q.invalid += 1;
                let skip = e.error_len().unwrap_or(bytes.len() - good).max(1);
                bytes = &bytes[(good + skip).min(bytes.len())..];
            }
        }
    }
}

/// A control byte that text never holds (NUL and the C0 controls other than tab, line feed,
/// form feed and carriage return, and DEL).
fn stray_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f
}

/// The signatures of common binary formats (images, archives, documents, executables).
const MAGIC: &[&[u8]] = &[
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x7fELF",
    b"MZ",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x28\xb5\x2f\xfd",
    b"OggS",
    b"fLaC",
    b"ID3",
    b"\x1aE\xdf\xa3",
    b"wOFF",
    b"wOF2",
    b"\xca\xfe\xba\xbe",
    b"\xd0\xcf\x11\xe0",
];

/// Refuses data that is not text: a binary format's signature (followed by a control byte
/// within its first bytes, so that a text page that starts with `MZ` is still read), or more
/// than 1% NUL and other control bytes in the first 64 KiB. A few stray control bytes in a
/// page are not a reason to refuse it (they are dropped).
fn check_binary(bytes: &[u8]) -> Result<(), Error> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.is_empty() {
        return Ok(());
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    let control = head.iter().filter(|&&b| stray_control(b)).count();
    let signed = MAGIC.iter().any(|m| head.starts_with(m))
        && head.iter().take(64).any(|&b| stray_control(b));
    if signed || control * 100 > head.len() {
        return Err(Error::NotHtml {
            reason: format!(
                "{}{} NUL and {} other control bytes in the first {} bytes: binary data",
                if signed {
                    "a binary file signature; "
                } else {
                    ""
                },
                nul,
                control - nul,
                head.len()
            ),
        });
    }
    Ok(())
}

/// The charset label of the first `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` in `head`.
fn declared_charset(head: &[u8]) -> Option<String> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| {
                        !matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t' | b'\n')
                    })
                    .collect();
                if !label.is_empty() {
                    return Some(String::from_utf8_lossy(&label).into_owned());
                }
            }
        }
        from = end.max(start + 5);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"ISO-8859-1\">").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
            )
            .as_deref(),
            Some("windows-1251")
        );
        assert_eq!(declared_charset(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn legacy_declared_and_true() {
        let page = b"<meta charset=iso-8859-1><p>caf\xe9</p>";
        let d = decode(page).unwrap();
        assert!(d.text.contains("caf\u{e9}"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn legacy_declared_but_utf8() {
        let page = "<meta charset=iso-8859-1><p>caf\u{e9} na\u{ef}ve</p>";
        let d = decode(page.as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("caf\u{e9} na\u{ef}ve"));
    }

    #[test]
    fn utf8_declared_but_latin1() {
        let page = b"<meta charset=utf-8><p>caf\xe9 na\xefve \xe0 la carte</p>";
        let d = decode(page).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("caf\u{e9} na\u{ef}ve \u{e0} la"));
    }

    #[test]
    fn bom_wins() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("<meta charset=windows-1252><p>\u{201c}q\u{201d}</p>".as_bytes());
        let d = decode(&page).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("\u{201c}q\u{201d}"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<p>\u{e9}t\u{e9}</p>".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap().text, "<p>\u{e9}t\u{e9}</p>");
    }

    #[test]
    fn legacy_cjk_and_cyrillic_declared_but_utf8() {
        for label in [
            "gb2312",
            "gbk",
            "big5",
            "shift_jis",
            "euc-kr",
            "koi8-r",
            "windows-1251",
        ] {
            let page = format!(
                "<meta charset={label}><p>\u{5317}\u{4eac}\u{5e02} \u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430}</p>"
            );
            let d = decode(page.as_bytes()).unwrap();
            assert_eq!(d.encoding, "UTF-8", "{label}");
            assert!(d.text.contains("\u{5317}\u{4eac}\u{5e02}"), "{label}");
        }
        // A page that is what it declares stays so.
        let (gbk, _, _) = encoding_rs::GBK
            .encode("<meta charset=gbk><p>\u{5317}\u{4eac}\u{5e02}\u{7684}\u{5929}\u{6c14}</p>");
        let d = decode(&gbk).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert!(d
            .text
            .contains("\u{5317}\u{4eac}\u{5e02}\u{7684}\u{5929}\u{6c14}"));
    }

    #[test]
    fn stray_control_bytes_are_dropped() {
        let mut page = b"<html><body><p>The council voted\0 on Tuesday.\x01</p>".to_vec();
        page.extend_from_slice(&[b' '; 400]);
        let d = decode(&page).unwrap();
        assert!(d.text.contains("voted on Tuesday.</p>"), "{}", d.text);
        // A text page may start with the letters of a signature.
        assert!(decode(b"MZ Times: <p>a page</p>").is_ok());
    }

    #[test]
    fn gzip_and_binary() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("<p>h\u{e9}llo</p>".as_bytes()).unwrap();
        let d = decode(&gz.finish().unwrap()).unwrap();
        assert!(d.gzipped);
        assert_eq!(d.text, "<p>h\u{e9}llo</p>");
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(Error::NotHtml { .. })
        ));
        assert!(matches!(
            decode(&[0x1f, 0x8b, 0, 1, 2]),
            Err(Error::Gzip(_))
        ));
    }
}
