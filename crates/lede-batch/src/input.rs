//! Reading input: files or standard input, UTF-8 checks, format detection, `.story` files.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use crate::error::{invalid, Context, Result};
/// The input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Detect from the file extension, then the content.
    Auto,
    /// Plain UTF-8 text; paragraphs separated by blank lines.
    Text,
    /// One JSON object per line; the article is in --field.
    Jsonl,
    /// A CNN/DailyMail .story file: the article, then `@highlight` blocks (the reference).
    Story,
    /// A web page (.html, .htm, .html.gz): the article is extracted from it first.
    Html,
    /// A Parquet file: the article is in a string column; read by row group (see
    /// [`crate::parquet`]). Only a file can be Parquet: it is read from its end.
    Parquet,
}

/// Where input comes from.
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn new(arg: Option<&Path>) -> Self {
        match arg {
            None => Source::Stdin,
            Some(p) if p.as_os_str() == "-" => Source::Stdin,
            Some(p) => Source::File(p.to_path_buf()),
        }
    }

    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "standard input".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// The file's size, when known.
    pub fn size(&self) -> Option<u64> {
        match self {
            Source::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Source::Stdin => None,
        }
    }

    /// Opens the source for buffered reading. A directory is refused with a clear message.
    pub fn open(&self) -> Result<Box<dyn BufRead + Send>> {
        match self {
            Source::Stdin => Ok(Box::new(BufReader::with_capacity(1 << 20, io::stdin()))),
            Source::File(p) => {
                if p.is_dir() {
                    invalid!("{} is a directory, not an article file", p.display());
                }
                let f = File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
                Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
            }
        }
    }

    /// Whether the file name says HTML: `.html`, `.htm`, `.xhtml`, or those with `.gz`.
    fn html_name(&self) -> bool {
        let Source::File(p) = self else {
            return false;
        };
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        [".html", ".htm", ".xhtml"]
            .iter()
            .any(|e| name.ends_with(e))
    }

    fn extension(&self) -> Option<String> {
        match self {
            Source::File(p) => p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase()),
            Source::Stdin => None,
        }
    }
}

/// An opened input whose format is known.
pub struct Opened {
    pub kind: InputKind,
    pub reader: Box<dyn BufRead + Send>,
    /// Something the user should hear about how the input was read (a front end prints it).
    pub note: Option<String>,
}

/// Opens `source` and settles `kind`: by extension (`.jsonl`, `.ndjson`, `.story`, `.txt`,
/// `.parquet`), else by content (the `PAR1` magic means Parquet; a first line that is a JSON
/// object means JSONL; an `@highlight` line means a story; otherwise text).
pub fn open(source: &Source, kind: InputKind) -> Result<Opened> {
    let mut reader = source.open()?;
    if kind != InputKind::Auto {
        return Ok(Opened {
            kind,
            reader,
            note: None,
        });
    }
    if source.html_name() {
        return Ok(Opened {
            kind: InputKind::Html,
            reader,
            note: None,
        });
    }
    match source.extension().as_deref() {
        Some("jsonl" | "ndjson" | "jsonlines") => {
            return Ok(Opened {
                kind: InputKind::Jsonl,
                reader,
                note: None,
            })
        }
        Some("story") => {
            return Ok(Opened {
                kind: InputKind::Story,
                reader,
                note: None,
            })
        }
        Some("parquet" | "parq") => {
            return Ok(Opened {
                kind: InputKind::Parquet,
                reader,
                note: None,
            })
        }
        Some("txt" | "text" | "md") => {
            // A saved web page is often named .txt: markup is read as a page, not as text.
            let head = reader
                .fill_buf()
                .with_context(|| format!("cannot read {}", source.name()))?;
            if looks_like_html(head) {
                return Ok(Opened {
                    kind: InputKind::Html,
                    reader,
                    note: Some(format!(
                        "{} is named as text but holds a web page (HTML): reading it as a page \
                         (--input text reads the markup as text)",
                        source.name()
                    )),
                });
            }
            return Ok(Opened {
                kind: InputKind::Text,
                reader,
                note: None,
            });
        }
        _ => {}
    }
    // Sniff the first bytes: gzip data or markup is a web page.
    let head = reader
        .fill_buf()
        .with_context(|| format!("cannot read {}", source.name()))?;
    if head.starts_with(PARQUET_MAGIC) {
        return Ok(Opened {
            kind: InputKind::Parquet,
            reader,
            note: None,
        });
    }
    if looks_like_html(head) {
        return Ok(Opened {
            kind: InputKind::Html,
            reader,
            note: None,
        });
    }
    // Sniff the first line.
    let mut first = Vec::new();
    crate::limits::read_line(&mut reader, &mut first, || {
        format!("{}: line 1", source.name())
    })?;
    let line = strip_bom(trim_newline(&first));
    let is_json_object = line.first() == Some(&b'{')
        && serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok();
    let kind = if is_json_object {
        InputKind::Jsonl
    } else {
        InputKind::Text // may turn out to be a story once read whole; see `read_document`
    };
    let reader: Box<dyn BufRead + Send> = Box::new(Cursor::new(first).chain(reader));
    Ok(Opened {
        kind,
        reader,
        note: None,
    })
}

/// The first (and last) four bytes of a Parquet file.
pub const PARQUET_MAGIC: &[u8] = b"PAR1";

/// gzip data, or text that opens (after a BOM and white space) with a doctype, `<html>`,
/// `<head>`, `<body>`, `<meta>` or a comment followed by one of those.
pub fn looks_like_html(head: &[u8]) -> bool {
    if head.starts_with(&[0x1f, 0x8b]) {
        return true;
    }
    let mut h = strip_bom(head);
    for _ in 0..8 {
        let skip = h.iter().take_while(|b| b.is_ascii_whitespace()).count();
        h = &h[skip..];
        if h.starts_with(b"<!--") {
            match h.windows(3).position(|w| w == b"-->") {
                Some(e) => h = &h[e + 3..],
                None => return false,
            }
            continue;
        }
        let lower: Vec<u8> = h.iter().take(14).map(u8::to_ascii_lowercase).collect();
        return [
            &b"<!doctype html"[..],
            b"<html",
            b"<head",
            b"<body",
            b"<meta",
            b"<?xml",
        ]
        .iter()
        .any(|p| lower.starts_with(p));
    }
    false
}

pub fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

pub fn strip_bom(line: &[u8]) -> &[u8] {
    line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line)
}

/// Whether `line`, found at the end of the input without a line end, is a JSON record cut off
/// by the end of the input: the start of a record whose writer has not finished it (a file
/// that is still growing), rather than a bad record. That is the case when its bytes are UTF-8
/// (but perhaps for a character cut at the end) and JSON that only lacks its end.
pub fn is_cut_off_json(line: &[u8]) -> bool {
    let line = strip_bom(line);
    let text = match std::str::from_utf8(line) {
        Ok(s) => s,
        // A character cut in two at the very end.
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&line[..e.valid_up_to()]) {
            Ok(s) => s,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    if text.trim().is_empty() {
        return false;
    }
    matches!(
        serde_json::from_str::<serde::de::IgnoredAny>(text),
        Err(e) if e.is_eof()
    )
}

/// Decodes UTF-8, or explains where it is not; `lossy` replaces invalid bytes with U+FFFD.
/// UTF-16 (marked by its byte-order mark) is refused with how to convert it, even with
/// `lossy`, which would only turn it into noise: byte offsets are into the UTF-8 lede reads.
pub fn decode(bytes: Vec<u8>, lossy: bool, what: &str) -> Result<String> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        let order = if bytes[0] == 0xff { "LE" } else { "BE" };
        invalid!(
            "{what} is UTF-16 ({order}, by its byte-order mark), not UTF-8: convert it first, \
             e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`"
        );
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            invalid!(
                "{what} is not valid UTF-8: invalid byte 0x{:02x} at byte offset {at} (if it \
                 is in another encoding, such as Latin-1, convert it first, e.g. `iconv -f \
                 LATIN1 -t UTF-8`; or use --lossy to replace invalid bytes with U+FFFD)",
                e.as_bytes()[at]
            )
        }
    }
}

/// A whole document read into memory.
pub struct DocumentInput {
    pub kind: InputKind,
    pub text: String,
    /// For a story: where the article ends (the first `@highlight` line).
    pub article_end: usize,
    /// For a story: the reference highlights.
    pub reference: Option<Vec<String>>,
    /// For a web page: the language it declares (`<html lang>`, a meta tag), as written.
    pub language: Option<String>,
}

/// Reads a text or story document whole. Under `Auto` detection a text that contains an
/// `@highlight` line is read as a story.
pub fn read_document(
    mut opened: Opened,
    source: &Source,
    requested: InputKind,
    lossy: bool,
) -> Result<DocumentInput> {
    let bytes = crate::limits::read_whole(&mut opened.reader, || source.name())?;
    if opened.kind == InputKind::Html {
        let article = lede_html::extract_bytes(&bytes)
            .with_context(|| format!("cannot read an article out of {}", source.name()))?;
        let text = article.text();
        return Ok(DocumentInput {
            kind: InputKind::Html,
            article_end: text.len(),
            reference: None,
            language: article.metadata.language.clone(),
            text,
        });
    }
    let text = decode(bytes, lossy, &source.name())?;
    let story_at = find_highlight_marker(&text);
    let kind = match (requested, opened.kind) {
        (InputKind::Auto, InputKind::Text) if story_at.is_some() => InputKind::Story,
        (_, k) => k,
    };
    if kind == InputKind::Story {
        let end = story_at.unwrap_or(text.len());
        let reference = parse_story_highlights(&text[end..]);
        return Ok(DocumentInput {
            kind,
            article_end: end,
            reference: Some(reference),
            text,
            language: None,
        });
    }
    Ok(DocumentInput {
        kind,
        article_end: text.len(),
        reference: None,
        text,
        language: None,
    })
}

/// Byte offset of the first line that is exactly `@highlight` (surrounding white space
/// allowed).
pub fn find_highlight_marker(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "@highlight" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The reference highlights of a story: each `@highlight` block's text, one line each.
pub fn parse_story_highlights(tail: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in tail.lines() {
        let l = line.trim();
        if l == "@highlight" {
            if let Some(c) = current.take().filter(|c| !c.is_empty()) {
                out.push(c);
            }
            current = Some(String::new());
        } else if let Some(c) = current.as_mut() {
            if !l.is_empty() {
                if !c.is_empty() {
                    c.push(' ');
                }
                c.push_str(l);
            }
        }
    }
    if let Some(c) = current.filter(|c| !c.is_empty()) {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_highlights() {
        let t = "Body text.\n\n@highlight\n\nFirst point\n\n@highlight\n\nSecond point\n";
        let at = find_highlight_marker(t).unwrap();
        assert_eq!(&t[..at], "Body text.\n\n");
        assert_eq!(
            parse_story_highlights(&t[at..]),
            ["First point", "Second point"]
        );
    }

    #[test]
    fn utf16_is_refused_with_how_to_convert_it() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Hi.".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        for lossy in [false, true] {
            let e = decode(utf16.clone(), lossy, "a.txt")
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("a.txt is UTF-16 (LE") && e.contains("iconv"),
                "{e}"
            );
        }
        let e = decode(b"caf\xe9".to_vec(), false, "b.txt")
            .unwrap_err()
            .to_string();
        assert!(e.contains("byte offset 3") && e.contains("LATIN1"), "{e}");
        assert_eq!(
            decode(b"caf\xe9".to_vec(), true, "b.txt").unwrap(),
            "caf\u{fffd}"
        );
    }

    #[test]
    fn html_sniffing() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<!-- generated -->\n<html lang=en>"));
        assert!(looks_like_html(&[0x1f, 0x8b, 8, 0]));
        assert!(!looks_like_html(b"The <b>bold</b> move."));
        assert!(!looks_like_html(b"{\"article\": \"<html>\"}"));
    }

    #[test]
    fn cut_off_json() {
        let record = "{\"id\":7,\"article\":\"Caf\u{e9} owners met.\"}";
        for cut in 1..record.len() {
            assert!(is_cut_off_json(&record.as_bytes()[..cut]), "{cut}");
        }
        // Whole, or bad for another reason than its end: not cut off.
        assert!(!is_cut_off_json(record.as_bytes()));
        assert!(!is_cut_off_json(b"{\"id\": 7} junk"));
        assert!(!is_cut_off_json(b"hello"));
        assert!(!is_cut_off_json(b"{\"a\": \"\xff"));
        assert!(!is_cut_off_json(b"  \r"));
    }

    #[test]
    fn utf8_error_names_offset() {
        let err = decode(b"abc\xffdef".to_vec(), false, "x").unwrap_err();
        assert!(err.to_string().contains("byte offset 3"), "{err}");
        assert_eq!(decode(b"a\xffb".to_vec(), true, "x").unwrap(), "a\u{fffd}b");
    }
}
