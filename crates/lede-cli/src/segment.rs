//! `lede segment`: the sentence segmenter on its own, one sentence per line or with spans.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use lede_text::{Language, Segmentation, Segmenter, TextForm};
use serde::Serialize;

use lede_batch::input::{self, InputKind, Source};
use lede_batch::jsonl::{self, Record};
use lede_batch::staged::Staged;
use lede_batch::summarize::{Line, LineBatches};

use crate::args::DocumentInputArg;
use crate::output::one_line;

/// How sentences are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SegmentOutput {
    /// One sentence per line, its line breaks collapsed to spaces (JSONL input: a blank line
    /// after each record's sentences).
    Text,
    /// A JSON object with each sentence's text, byte `start`/`end` in the input and paragraph
    /// (JSONL input: one such object per line).
    Json,
    /// Nothing but the totals on standard error (documents, sentences, bytes, and the time spent
    /// segmenting): for measuring the segmenter without output.
    Count,
}

#[derive(Args, Debug)]
pub struct SegmentArgs {
    /// The text to read; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    /// Input format. `auto` decides by extension (.jsonl, .story, .txt, .html, .htm, .html.gz),
    /// then by content.
    #[arg(short, long, value_enum, default_value_t = DocumentInputArg::Auto, help_heading = "Input")]
    input: DocumentInputArg,

    /// JSONL: the field that holds the text.
    #[arg(
        long,
        default_value = "article",
        value_name = "NAME",
        help_heading = "Input"
    )]
    field: String,

    /// Replace invalid UTF-8 with U+FFFD instead of stopping (byte offsets then refer to the
    /// repaired text).
    #[arg(long, help_heading = "Input")]
    lossy: bool,

    /// Read the text as lowercased, Penn-Treebank tokenized research text. Detected
    /// automatically unless --raw is given.
    #[arg(long, conflicts_with = "raw", help_heading = "Input")]
    pretokenized: bool,

    /// Read the text as ordinary running text; no pre-tokenized detection.
    #[arg(long, help_heading = "Input")]
    raw: bool,

    /// Language of the text (a Snowball language name or code): chooses the abbreviations.
    #[arg(long, default_value = "english", value_name = "LANG")]
    language: String,

    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t = SegmentOutput::Text, help_heading = "Output")]
    output: SegmentOutput,

    /// Write to FILE instead of standard output.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "FILE",
        help_heading = "Output"
    )]
    out: Option<PathBuf>,

    /// Print the totals and the time spent segmenting (excluding reading and writing) to
    /// standard error.
    #[arg(long, help_heading = "Output")]
    stats: bool,
}

#[derive(Serialize)]
struct JsonSentence<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    paragraph: usize,
}

#[derive(Serialize)]
struct JsonSegmentation<'a> {
    pretokenized: bool,
    paragraphs: usize,
    sentences: Vec<JsonSentence<'a>>,
}

#[derive(Default)]
struct Totals {
    documents: u64,
    sentences: u64,
    bytes: u64,
    segmenting: Duration,
}

impl Totals {
    fn segment(&mut self, segmenter: &Segmenter, text: &str) -> Segmentation {
        let t = Instant::now();
        let seg = segmenter.segment(text);
        self.segmenting += t.elapsed();
        self.documents += 1;
        self.sentences += seg.sentences.len() as u64;
        self.bytes += text.len() as u64;
        seg
    }

    fn report(&self) {
        let secs = self.segmenting.as_secs_f64();
        let mb_s = if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        };
        crate::say!(
            "{{\"documents\":{},\"sentences\":{},\"bytes\":{},\"segment_seconds\":{:.6},\"mb_per_s\":{:.1}}}",
            self.documents, self.sentences, self.bytes, secs, mb_s
        );
    }
}

/// Renders one document's sentences. JSON is pretty-printed for a document (as `summarize
/// --output json` prints it) and on one line for a JSONL record (`pretty` false), so that the
/// output is JSONL.
fn render(text: &str, seg: &Segmentation, format: SegmentOutput, pretty: bool, out: &mut String) {
    match format {
        SegmentOutput::Text => {
            for s in &seg.sentences {
                out.push_str(&one_line(&text[s.range()]));
                out.push('\n');
            }
        }
        SegmentOutput::Json => {
            let doc = JsonSegmentation {
                pretokenized: seg.pretokenized,
                paragraphs: seg.paragraphs.len(),
                sentences: seg
                    .sentences
                    .iter()
                    .map(|s| JsonSentence {
                        text: &text[s.range()],
                        start: s.start,
                        end: s.end,
                        paragraph: s.paragraph,
                    })
                    .collect(),
            };
            // Plain data always serializes; an error here would be a bug, reported, not a panic.
            let json = if pretty {
                serde_json::to_string_pretty(&doc)
            } else {
                serde_json::to_string(&doc)
            };
            match json {
                Ok(s) => out.push_str(&s),
                Err(e) => out.push_str(&format!("{{\"error\":\"cannot serialize: {e}\"}}")),
            }
            out.push('\n');
        }
        SegmentOutput::Count => {}
    }
}

pub fn run(args: SegmentArgs) -> Result<ExitCode> {
    let language: Language = args
        .language
        .parse()
        .map_err(|e| crate::usage!("invalid --language: {e}"))?;
    let form = if args.pretokenized {
        TextForm::Pretokenized
    } else if args.raw {
        TextForm::Raw
    } else {
        TextForm::Auto
    };
    let segmenter = Segmenter::new(language).with_form(form);
    let source = Source::new(args.file.as_deref());
    let inputs: Vec<&std::path::Path> = match &source {
        Source::File(input) => vec![input.as_path()],
        _ => Vec::new(),
    };
    // Written as OUT.partial and put in place at the end: a failed run keeps what was at OUT.
    let mut sink = Staged::create(
        args.out.as_deref(),
        &inputs,
        "the output file",
        &crate::output::command_line(),
    )?;
    let sink_name = sink.name().to_string();
    let opened = input::open(&source, args.input.into())?;
    if let Some(note) = &opened.note {
        crate::say!("lede: note: {note}");
    }
    let mut totals = Totals::default();
    let result = match opened.kind {
        InputKind::Jsonl => run_jsonl(
            &args,
            &segmenter,
            &source,
            opened,
            (&mut sink, &sink_name),
            &mut totals,
        ),
        InputKind::Parquet => Err(anyhow::anyhow!(
            "{} is a Parquet file: `lede segment` reads text, web pages, .story files and JSONL",
            source.name()
        )),
        _ => {
            let doc = input::read_document(opened, &source, args.input.into(), args.lossy)?;
            let text = &doc.text[..doc.article_end];
            let seg = totals.segment(&segmenter, text);
            let mut out = String::new();
            render(text, &seg, args.output, true, &mut out);
            sink.write_all(out.as_bytes())
                .with_context(|| format!("cannot write to {sink_name}"))
        }
    };
    result?;
    sink.finish()
        .with_context(|| format!("cannot write to {sink_name}"))?;
    if args.stats || args.output == SegmentOutput::Count {
        totals.report();
    }
    Ok(ExitCode::SUCCESS)
}

fn run_jsonl(
    args: &SegmentArgs,
    segmenter: &Segmenter,
    source: &Source,
    mut opened: input::Opened,
    (sink, sink_name): (&mut impl Write, &str),
    totals: &mut Totals,
) -> Result<()> {
    let mut out = String::new();
    let name = source.name();
    let mut lines = LineBatches::new(&mut *opened.reader, &name, 0);
    loop {
        let (batch, _) = lines.next_batch(256, 1 << 20)?;
        if batch.is_empty() {
            break;
        }
        for line in &batch {
            segment_line(
                args,
                segmenter,
                source,
                line,
                &mut out,
                (&mut *sink, sink_name),
                totals,
            )?;
        }
    }
    Ok(())
}

fn segment_line(
    args: &SegmentArgs,
    segmenter: &Segmenter,
    source: &Source,
    line: &Line,
    out: &mut String,
    (sink, sink_name): (&mut impl Write, &str),
    totals: &mut Totals,
) -> Result<()> {
    let number = line.number;
    {
        let raw = input::trim_newline(&line.bytes);
        let raw = if number == 1 {
            input::strip_bom(raw)
        } else {
            raw
        };
        let text: std::borrow::Cow<str> = match std::str::from_utf8(raw) {
            Ok(s) => s.into(),
            Err(_) if args.lossy => String::from_utf8_lossy(raw),
            Err(e) => bail!(
                "{}: line {number}: invalid UTF-8 at byte {} of the line (use --lossy to replace it)",
                source.name(),
                e.valid_up_to()
            ),
        };
        if text.trim().is_empty() {
            return Ok(());
        }
        let text = if args.lossy {
            match jsonl::mend_lone_surrogates(&text) {
                std::borrow::Cow::Owned(mended) => mended.into(),
                std::borrow::Cow::Borrowed(_) => text,
            }
        } else {
            text
        };
        let record = Record::parse(&text)
            .map_err(|m| anyhow::anyhow!("{}: line {number}: {m}", source.name()))?;
        let field = &args.field;
        let Some(value) = record.get(field) else {
            bail!(
                "{}: line {number}: no field `{field}` (fields: {}; choose one with --field)",
                source.name(),
                record.field_names()
            );
        };
        let article = jsonl::as_string(value).map_err(|what| {
            anyhow::anyhow!(
                "{}: line {number}: field `{field}` is {what}, not a string",
                source.name()
            )
        })?;
        let seg = totals.segment(segmenter, &article);
        out.clear();
        render(&article, &seg, args.output, false, out);
        if args.output == SegmentOutput::Text {
            out.push('\n');
        }
        sink.write_all(out.as_bytes())
            .with_context(|| format!("cannot write to {sink_name}"))?;
    }
    Ok(())
}
