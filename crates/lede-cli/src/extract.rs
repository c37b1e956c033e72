//! `lede extract`: the article out of a web page, as text, Markdown or JSON with its metadata.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use serde::Serialize;
use serde_json::json;

use lede_batch::input::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// The title, then the body's paragraphs separated by blank lines.
    Text,
    /// Title as a heading, byline and date, then the body with subheadings and lists marked.
    Markdown,
    /// One JSON object per page (pretty printed): metadata, paragraphs and text.
    Json,
    /// One JSON object per page on one line; a page that fails gives an `error` field.
    Jsonl,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Pages to read (.html, .htm, .html.gz or any HTML; gzip is detected by content);
    /// `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t = ExtractFormat::Text)]
    output: ExtractFormat,
}

/// Reads a source's bytes whole.
pub fn read_bytes(source: &Source) -> Result<Vec<u8>> {
    Ok(lede_batch::limits::read_whole(&mut source.open()?, || {
        source.name()
    })?)
}

/// Reads and extracts one page.
pub fn extract_source(source: &Source) -> Result<lede_html::Article> {
    let bytes = read_bytes(source)?;
    let article = lede_html::extract_bytes(&bytes).with_context(|| source.name().to_string())?;
    if !has_markup(&bytes) {
        crate::say!(
            "lede: note: {} has no markup (no tag): it was read as a page, its lines joined \
             (`lede summarize` reads plain text as text)",
            source.name()
        );
    }
    Ok(article)
}

/// Whether the first 64 KiB hold a tag (`<` then a letter, `/` or `!`), or the bytes are
/// gzip: plain text has none.
fn has_markup(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
        || bytes[..bytes.len().min(64 << 10)]
            .windows(2)
            .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!')))
}

/// One page's output record (fields in this order).
#[derive(Serialize)]
struct Record<'a> {
    file: &'a str,
    title: Option<&'a str>,
    authors: &'a [String],
    published: Option<&'a str>,
    date: Option<String>,
    url: Option<&'a str>,
    language: Option<&'a str>,
    site_name: Option<&'a str>,
    description: Option<&'a str>,
    paragraphs: &'a [lede_html::Block],
    text: String,
    /// How the body was found (`article`, or `fallback`: the best paragraph-rich region when
    /// no block won clearly) and how sure that is, 0 to 1.
    extraction: &'a lede_html::Extraction,
}

fn record<'a>(name: &'a str, a: &'a lede_html::Article) -> Record<'a> {
    let m = &a.metadata;
    Record {
        file: name,
        title: m.title.as_deref(),
        authors: &m.authors,
        published: m.published.as_deref(),
        date: m.date(),
        url: m.url.as_deref(),
        language: m.language.as_deref(),
        site_name: m.site_name.as_deref(),
        description: m.description.as_deref(),
        paragraphs: &a.paragraphs,
        text: a.text(),
        extraction: &a.extraction,
    }
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let sources: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|f| Source::new(Some(f))).collect()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for (i, source) in sources.iter().enumerate() {
        let name = source.name();
        let article = match extract_source(source) {
            Ok(a) => a,
            Err(e) => {
                failed += 1;
                if args.output == ExtractFormat::Jsonl {
                    let rec = json!({"file": name, "error": format!("{e:#}"), "text": ""});
                    writeln!(out, "{rec}")?;
                } else {
                    out.flush()?;
                    crate::say!("lede: error: {e:#}");
                }
                continue;
            }
        };
        match args.output {
            ExtractFormat::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                if let Some(t) = &article.metadata.title {
                    writeln!(out, "{t}\n")?;
                }
                writeln!(out, "{}", article.text())?;
            }
            ExtractFormat::Markdown => {
                if i > 0 {
                    writeln!(out, "\n---\n")?;
                }
                write!(out, "{}", article.markdown())?;
            }
            ExtractFormat::Json => {
                let s = serde_json::to_string_pretty(&record(&name, &article))?;
                writeln!(out, "{s}")?;
            }
            ExtractFormat::Jsonl => {
                writeln!(out, "{}", serde_json::to_string(&record(&name, &article))?)?;
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        if sources.len() > 1 {
            crate::say!(
                "lede: {failed} of {} pages failed (unreadable, or no article found)",
                sources.len()
            );
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
