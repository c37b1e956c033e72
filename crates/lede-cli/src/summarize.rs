//! `lede summarize`.

use std::fs::File;
use std::io::{self, BufRead, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use lede::{Budget, Language, Method, Options, Redundancy, Summarizer, TextForm};
use rayon::prelude::*;

use crate::input::{self, InputKind, Source};
use crate::jsonl::{self, Record};
use crate::output::{self, OutputFormat};
use crate::resume;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Gradient-boosted trees over sentence features, trained on CNN/DailyMail highlights
    /// (built in; --model loads another).
    Learned,
    /// The first sentences of the story, after the dateline and boilerplate.
    Lead,
    /// TextRank: PageRank over a word-overlap sentence graph.
    Textrank,
    /// Continuous LexRank: PageRank over idf-weighted cosine similarities.
    Lexrank,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::Learned => Method::Learned,
            MethodArg::Lead => Method::Lead,
            MethodArg::Textrank => Method::TextRank,
            MethodArg::Lexrank => Method::LexRank,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RedundancyArg {
    /// Skip a sentence that shares a word trigram with one already chosen.
    Trigram,
    /// No redundancy control.
    None,
}

#[derive(Args, Debug)]
pub struct SummarizeArgs {
    /// The article to read; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    /// Input format. `auto` decides by extension (.jsonl, .story, .txt, .html, .htm, .html.gz),
    /// then by content.
    #[arg(short, long, value_enum, default_value_t = InputKind::Auto, help_heading = "Input")]
    input: InputKind,

    /// JSONL: the field that holds the article text.
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

    /// JSONL: pass bad records through with an `error` field and go on; the count is reported
    /// at the end.
    #[arg(long, help_heading = "Input")]
    skip_bad: bool,

    /// Read the text as lowercased, Penn-Treebank tokenized research text (as in the
    /// CNN/DailyMail research files). Detected automatically unless --raw is given.
    #[arg(long, conflicts_with = "raw", help_heading = "Input")]
    pretokenized: bool,

    /// Read the text as ordinary running text; no pre-tokenized detection.
    #[arg(long, help_heading = "Input")]
    raw: bool,

    /// Summarization method.
    #[arg(short, long, value_enum, default_value_t = MethodArg::Learned, help_heading = "Method")]
    method: MethodArg,

    /// A model file for the learned method (made by `lede train`) instead of the built-in one.
    #[arg(long, value_name = "FILE", help_heading = "Method")]
    model: Option<PathBuf>,

    /// Language of the articles: a Snowball language name or code (english, en, german,
    /// de, french, fr, spanish, es, russian, ru, ...). Chooses the stemmer, stopwords and
    /// abbreviations.
    #[arg(
        long,
        default_value = "english",
        value_name = "LANG",
        help_heading = "Method"
    )]
    language: String,

    /// Budget: at most N highlights.
    #[arg(
        short = 'n',
        long,
        value_name = "N",
        group = "budget",
        help_heading = "Budget (one of; default --sentences 3)"
    )]
    sentences: Option<usize>,

    /// Budget: at most N words in all.
    #[arg(
        long,
        value_name = "N",
        group = "budget",
        help_heading = "Budget (one of; default --sentences 3)"
    )]
    words: Option<usize>,

    /// Budget: at most N characters in all.
    #[arg(
        long,
        value_name = "N",
        group = "budget",
        help_heading = "Budget (one of; default --sentences 3)"
    )]
    chars: Option<usize>,

    /// Budget: this fraction (0 < R <= 1) of the article's sentences, at least one.
    #[arg(
        long,
        value_name = "R",
        group = "budget",
        help_heading = "Budget (one of; default --sentences 3)"
    )]
    ratio: Option<f64>,

    /// Redundancy control. Default: trigram blocking, except none for `lead` (Lead-k is the
    /// first k sentences).
    #[arg(long, value_enum, conflicts_with = "mmr", help_heading = "Redundancy")]
    redundancy: Option<RedundancyArg>,

    /// Maximal marginal relevance instead of trigram blocking: LAMBDA weighs score against
    /// novelty (1 = score only).
    #[arg(long, value_name = "LAMBDA", help_heading = "Redundancy")]
    mmr: Option<f64>,

    /// Compress each highlight: cut optional spans (attribution, leading connectives and time
    /// phrases, parentheticals, appositives, non-restrictive clauses) so it reads like a
    /// newsroom highlight. Every word kept is the article's, in order; `--output json` lists
    /// the kept byte `spans` and the `cuts`. English only.
    #[arg(long, conflicts_with = "no_compress", help_heading = "Compression")]
    compress: bool,

    /// Whole sentences, never compressed.
    #[arg(long, help_heading = "Compression")]
    no_compress: bool,

    /// A cut model for compression (made by `lede train --compress`) instead of the built-in
    /// one.
    #[arg(long, value_name = "FILE", help_heading = "Compression")]
    cut_model: Option<PathBuf>,

    /// How readily spans are cut: the cut model's probability at or above which a span goes
    /// (default: the model's own, 0 to 1; lower cuts more).
    #[arg(long, value_name = "P", help_heading = "Compression")]
    cut_threshold: Option<f64>,

    /// Output format. For JSONL input it chooses the value written into each record: a list of
    /// strings (text), a markdown string, or a list of objects with spans and scores (json).
    #[arg(short = 'f', long, value_enum, default_value_t = OutputFormat::Text, help_heading = "Output")]
    output: OutputFormat,

    /// Write to FILE instead of standard output.
    #[arg(
        short = 'o',
        long = "out",
        value_name = "FILE",
        help_heading = "Output"
    )]
    out: Option<PathBuf>,

    /// JSONL: the field the highlights are written to.
    #[arg(
        long,
        default_value = "highlights",
        value_name = "NAME",
        help_heading = "Output"
    )]
    output_field: String,

    /// JSONL: replace the output field when a record already has it (by default that is an
    /// error, so that reference highlights are never overwritten by accident).
    #[arg(long, help_heading = "Output")]
    overwrite: bool,

    /// JSONL with -o FILE: continue an interrupted run. Output goes to FILE.partial with a
    /// checkpoint in FILE.checkpoint after every batch, and FILE appears only when the run is
    /// complete; --resume checks that the input and the options are unchanged, drops any
    /// uncommitted output, and goes on from the next record (with no checkpoint it starts
    /// from the beginning).
    #[arg(long, help_heading = "Output")]
    resume: bool,

    /// JSONL: worker threads (default: one per core).
    #[arg(long, value_name = "N", help_heading = "Output")]
    threads: Option<usize>,

    /// No progress bar, warnings or notes on standard error (the bad records of --skip-bad and
    /// their count among them); errors are still printed.
    #[arg(short, long, help_heading = "Output")]
    quiet: bool,
}

impl SummarizeArgs {
    fn options(&self) -> Result<Options> {
        let budget = if let Some(n) = self.sentences {
            Budget::Sentences(n)
        } else if let Some(n) = self.words {
            Budget::Words(n)
        } else if let Some(n) = self.chars {
            Budget::Chars(n)
        } else if let Some(r) = self.ratio {
            Budget::Ratio(r)
        } else {
            Budget::default()
        };
        let redundancy = match (self.mmr, self.redundancy) {
            (Some(lambda), _) => Some(Redundancy::Mmr { lambda }),
            (None, Some(RedundancyArg::Trigram)) => Some(Redundancy::Trigram),
            (None, Some(RedundancyArg::None)) => Some(Redundancy::None),
            (None, None) => None,
        };
        let language: Language = self
            .language
            .parse()
            .map_err(|e| anyhow::anyhow!("invalid --language: {e}"))?;
        if self.threads == Some(0) {
            bail!("invalid --threads: must be at least 1");
        }
        let form = if self.pretokenized {
            TextForm::Pretokenized
        } else if self.raw {
            TextForm::Raw
        } else {
            TextForm::Auto
        };
        let options = Options {
            method: self.method.into(),
            budget,
            redundancy,
            language,
            form,
            compress: compress_mode(self.compress, self.no_compress),
        };
        options.validate()?;
        Ok(options)
    }

    /// Every option that changes the JSONL output, for the checkpoint of a resumable run (a
    /// resume with different values is refused). An option added later that changes the
    /// output belongs here.
    fn output_options(&self, options: &Options) -> Result<Vec<String>> {
        // The model's content, not its path: a file retrained in place is another model.
        let model = match &self.model {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read the model file {}", path.display()))?;
                format!("model={}", resume::content_hash(&bytes))
            }
            None => "model=built-in".to_string(),
        };
        let cut_model = match &self.cut_model {
            Some(path) => {
                let bytes = std::fs::read(path).with_context(|| {
                    format!("cannot read the cut model file {}", path.display())
                })?;
                format!("cut-model={}", resume::content_hash(&bytes))
            }
            None => "cut-model=built-in".to_string(),
        };
        Ok(vec![
            format!("summarizer={options:?}"),
            model,
            cut_model,
            format!("cut-threshold={:?}", self.cut_threshold),
            format!("field={}", self.field),
            format!("output-field={}", self.output_field),
            format!("output={:?}", self.output),
            format!("overwrite={}", self.overwrite),
            format!("lossy={}", self.lossy),
            format!("skip-bad={}", self.skip_bad),
        ])
    }
}

/// What --compress and --no-compress ask for (neither: lede's default).
pub fn compress_mode(compress: bool, no_compress: bool) -> lede::Compress {
    if compress {
        lede::Compress::Full
    } else if no_compress {
        lede::Compress::Off
    } else {
        lede::Compress::default()
    }
}

/// The cut model that --cut-model and --cut-threshold ask for (`None`: the built-in one as
/// it is).
pub fn load_cut_model(
    path: Option<&std::path::Path>,
    threshold: Option<f64>,
) -> Result<Option<std::sync::Arc<lede::CutModel>>> {
    if path.is_none() && threshold.is_none() {
        return Ok(None);
    }
    let mut model = match path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the cut model file {}", path.display()))?;
            lede::CutModel::from_json(&text)
                .with_context(|| format!("cannot use the cut model file {}", path.display()))?
        }
        None => (*lede::CutModel::builtin()).clone(),
    };
    if let Some(p) = threshold {
        if !(0.0..=1.0).contains(&p) {
            bail!("invalid --cut-threshold: must be between 0 and 1");
        }
        model.threshold = p;
    }
    Ok(Some(std::sync::Arc::new(model)))
}

/// Reads a model file for the learned method.
pub fn load_model(path: &std::path::Path) -> Result<std::sync::Arc<lede::Model>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the model file {}", path.display()))?;
    let model = lede::Model::from_json(&text)
        .with_context(|| format!("cannot use the model file {}", path.display()))?;
    Ok(std::sync::Arc::new(model))
}

pub fn run(args: SummarizeArgs) -> Result<ExitCode> {
    let options = args.options()?;
    let mut summarizer = match &args.model {
        Some(path) => {
            if options.method != Method::Learned {
                bail!(
                    "--model is for the learned method (--method learned), not {}",
                    options.method
                );
            }
            Summarizer::with_model(options, load_model(path)?)?
        }
        None => Summarizer::new(options)?,
    };
    if let Some(m) = load_cut_model(args.cut_model.as_deref(), args.cut_threshold)? {
        summarizer.set_cut_model(m);
    }
    let source = Source::new(args.file.as_deref());
    refuse_output_over_input(&source, args.out.as_ref())?;
    let mut opened = input::open(&source, args.input)?;
    let out_file = args.out.as_ref().filter(|p| p.as_os_str() != "-");
    // A journaled run writes OUT.partial and renames it to OUT at the end: only for a regular
    // file (or a new one). A device such as /dev/null, a FIFO or a link is written directly;
    // renaming over it would replace it with a file.
    let special = out_file.is_some_and(|p| {
        p.symlink_metadata()
            .is_ok_and(|m| !m.file_type().is_file() && !m.file_type().is_dir())
    });
    if special && args.resume {
        bail!(
            "--resume needs -o to name a regular file: {} is a device, FIFO or link, which is \
             written directly and cannot be resumed",
            out_file
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
    }
    let (mut sink, start) = match out_file {
        Some(out) if opened.kind == InputKind::Jsonl && !special => {
            match resume::open(
                out,
                &source.name(),
                args.output_options(summarizer.options())?,
                args.resume,
                args.quiet,
                &mut opened.reader,
            )? {
                resume::Opened::Run(journal, start) => (Sink::Journal(journal), start),
                resume::Opened::AlreadyComplete(start) => {
                    if !args.quiet {
                        eprintln!(
                            "lede: the interrupted run had finished: {} holds {} records",
                            out.display(),
                            start.records + start.bad
                        );
                    }
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
        _ if args.resume => bail!(
            "--resume continues a JSONL run written to a file: it needs JSONL input and -o FILE"
        ),
        _ => (Sink::open(args.out.as_ref())?, resume::Start::default()),
    };
    let code = match opened.kind {
        InputKind::Jsonl => run_jsonl(&args, &summarizer, &source, opened, &mut sink, start),
        _ => run_document(&args, &summarizer, &source, opened, &mut sink),
    };
    // Whatever happened, what was written stays written.
    let flushed = sink.finish();
    let code = code.map_err(|e| match sink.unfinished() {
        Some(note) => anyhow::anyhow!("{e:#} ({note})"),
        None => e,
    })?;
    flushed?;
    Ok(code)
}

/// `-o` naming the input file would truncate it before it is read: the input would be lost.
fn refuse_output_over_input(source: &Source, out: Option<&PathBuf>) -> Result<()> {
    let (Source::File(input), Some(out)) = (source, out) else {
        return Ok(());
    };
    if out.as_os_str() == "-" {
        return Ok(());
    }
    if same_file(input, out) {
        {
            bail!(
                "the output file {} is the input file; writing it would destroy the input \
                 before it is read (write to another file)",
                out.display()
            );
        }
    }
    Ok(())
}

/// Whether two paths name the same file (hard links included, on Unix).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
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

/// Standard output or a file, buffered; JSONL output to a file goes through a resumable
/// journal (see `resume`).
enum Sink {
    Plain {
        w: BufWriter<Box<dyn Write>>,
        name: String,
    },
    Journal(Box<resume::Journal>),
}

impl Sink {
    fn open(path: Option<&PathBuf>) -> Result<Self> {
        let (w, name): (Box<dyn Write>, String) = match path {
            Some(p) if p.as_os_str() != "-" => (
                Box::new(
                    File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
                ),
                p.display().to_string(),
            ),
            _ => (Box::new(io::stdout().lock()), "standard output".to_string()),
        };
        Ok(Sink::Plain {
            w: BufWriter::with_capacity(1 << 20, w),
            name,
        })
    }

    fn write(&mut self, s: &str) -> Result<()> {
        match self {
            Sink::Plain { w, name } => w
                .write_all(s.as_bytes())
                .with_context(|| format!("cannot write to {name}")),
            Sink::Journal(j) => j
                .write(s)
                .with_context(|| format!("cannot write to {}", j.name())),
        }
    }

    /// JSONL lines per batch: a journal checkpoints after each, so its batches are smaller.
    fn batch_lines(&self) -> usize {
        match self {
            Sink::Plain { .. } => BATCH_LINES,
            Sink::Journal(_) => resume::BATCH_LINES,
        }
    }

    /// A batch is written: `lines` input lines read, `records` and `bad` records written.
    fn commit(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Sink::Plain { .. } => Ok(()),
            Sink::Journal(j) => j.commit(lines, records, bad),
        }
    }

    /// The JSONL run ends here (all input read, or stopped at a bad record): a journal puts
    /// its file in place.
    fn end(&mut self, lines: u64, records: u64, bad: u64) -> Result<()> {
        match self {
            Sink::Plain { .. } => Ok(()),
            Sink::Journal(j) => j.finish(lines, records, bad),
        }
    }

    fn finish(&mut self) -> Result<()> {
        match self {
            Sink::Plain { w, name } => w.flush().with_context(|| format!("cannot write to {name}")),
            Sink::Journal(_) => Ok(()),
        }
    }

    /// For a journal that did not reach its end: where the output is and how to go on.
    fn unfinished(&mut self) -> Option<String> {
        match self {
            Sink::Journal(j) if !j.is_finished() => Some(j.abandon()),
            _ => None,
        }
    }
}

fn run_document(
    args: &SummarizeArgs,
    summarizer: &Summarizer,
    source: &Source,
    opened: input::Opened,
    sink: &mut Sink,
) -> Result<ExitCode> {
    let doc = input::read_document(opened, source, args.input, args.lossy)?;
    let article = &doc.text[..doc.article_end];
    let highlights = summarizer.summarize(article).map_err(|e| match e {
        // Only when there is an @highlight: a blank .story file is just empty input.
        lede::Error::EmptyInput
            if doc.kind == InputKind::Story && doc.article_end < doc.text.len() =>
        {
            anyhow::anyhow!(
                "{}: the story has no article text before its first @highlight",
                source.name()
            )
        }
        e => anyhow::Error::new(e).context(source.name()),
    })?;
    if highlights.highlights.is_empty() && !args.quiet {
        eprintln!(
            "lede: warning: no sentence of {} can be a highlight within the budget \
             (all are boilerplate, fragments, or longer than the budget)",
            source.name()
        );
    }
    let text = match args.output {
        OutputFormat::Text => output::text(&highlights),
        OutputFormat::Markdown => output::markdown(&highlights),
        OutputFormat::Json => {
            let input = match doc.kind {
                InputKind::Story => "story",
                InputKind::Html => "html",
                _ => "text",
            };
            output::json(&highlights, input, doc.reference.as_deref())
        }
    };
    sink.write(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Lines are read in batches, summarized in parallel, and written in input order.
const BATCH_LINES: usize = 2048;
const BATCH_BYTES: usize = 16 << 20;

struct Line {
    number: u64,
    bytes: Vec<u8>,
}

enum Outcome {
    /// A line to write (the record with its highlights).
    Ok(String),
    /// Blank line: nothing to write.
    Skip,
    /// A bad record: the message, and the line to write under --skip-bad.
    Bad {
        message: String,
        passthrough: String,
    },
}

fn run_jsonl(
    args: &SummarizeArgs,
    summarizer: &Summarizer,
    source: &Source,
    mut opened: input::Opened,
    sink: &mut Sink,
    start: resume::Start,
) -> Result<ExitCode> {
    let pool = match args.threads {
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .context("cannot start worker threads")?,
        ),
        None => None,
    };
    let progress = progress_bar(source, args.quiet);
    let mut number = start.lines;
    let mut records = start.records;
    let mut bad = start.bad;
    let max_lines = sink.batch_lines();
    // The input is read up to where it first ends, even if it grows after (a file still being
    // written): a line without a line end is the last one read.
    let mut at_end = false;
    while !at_end {
        let mut batch: Vec<Line> = Vec::with_capacity(max_lines);
        let mut bytes = 0usize;
        while batch.len() < max_lines && bytes < BATCH_BYTES {
            let mut buf = Vec::new();
            let n = opened
                .reader
                .read_until(b'\n', &mut buf)
                .with_context(|| format!("cannot read {}", source.name()))?;
            if n == 0 {
                at_end = true;
                break;
            }
            at_end = buf.last() != Some(&b'\n');
            number += 1;
            bytes += n;
            batch.push(Line { number, bytes: buf });
            if at_end {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let work = || -> Vec<Outcome> {
            batch
                .par_iter()
                .map(|line| process_line(args, summarizer, line))
                .collect()
        };
        let outcomes = match &pool {
            Some(p) => p.install(work),
            None => work(),
        };
        for (line, outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Outcome::Ok(s) => {
                    sink.write(&s)?;
                    records += 1;
                }
                Outcome::Skip => {}
                Outcome::Bad {
                    message,
                    passthrough,
                } => {
                    if !args.skip_bad {
                        progress.abandon();
                        // The records before it are the output: put them in place.
                        sink.end(line.number - 1, records, bad)?;
                        bail!(
                            "{}: line {}: {message}{}",
                            source.name(),
                            line.number,
                            if records > 0 {
                                format!(
                                    " (the {records} records before it were written; \
                                     --skip-bad passes bad records through and goes on)"
                                )
                            } else {
                                " (--skip-bad passes bad records through and goes on)".to_string()
                            }
                        );
                    }
                    if !args.quiet {
                        progress.suspend(|| {
                            eprintln!("lede: {}: line {}: {message}", source.name(), line.number)
                        });
                    }
                    sink.write(&passthrough)?;
                    bad += 1;
                }
            }
        }
        progress.inc(bytes as u64);
        sink.commit(number, records, bad)?;
    }
    sink.end(number, records, bad)?;
    progress.finish_and_clear();
    if !args.quiet && records == 0 && bad == 0 {
        eprintln!("lede: warning: {} has no records", source.name());
    }
    if !args.quiet && bad > 0 {
        eprintln!(
            "lede: {records} records summarized; {bad} bad records passed through with an `error` field"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn process_line(args: &SummarizeArgs, summarizer: &Summarizer, line: &Line) -> Outcome {
    let raw = input::trim_newline(&line.bytes);
    let raw = if line.number == 1 {
        input::strip_bom(raw)
    } else {
        raw
    };
    if line.bytes.last() != Some(&b'\n') && input::is_cut_off_json(raw) {
        let message = "not valid JSON: a record cut off by the end of the input (no line end, \
                       its JSON unfinished): is the file still being written?";
        return bad_line(message.to_string(), raw, line.number);
    }
    let text: std::borrow::Cow<str> = match std::str::from_utf8(raw) {
        Ok(s) => s.into(),
        Err(_) if args.lossy => String::from_utf8_lossy(raw),
        Err(e) => {
            let at = e.valid_up_to();
            return bad_line(
                format!("invalid UTF-8 at byte {at} of the line (use --lossy to replace it)"),
                raw,
                line.number,
            );
        }
    };
    if text.trim().is_empty() {
        return Outcome::Skip;
    }
    let record = match Record::parse(&text) {
        Ok(r) => r,
        Err(message) => return bad_line(message, raw, line.number),
    };
    let bad_record = |message: String| {
        let key = if record.has("error") {
            "lede_error"
        } else {
            "error"
        };
        let value = serde_json::to_string(&message).unwrap_or_else(|_| "\"\"".into());
        Outcome::Bad {
            passthrough: format!("{}\n", record.to_line_with(key, &value)),
            message,
        }
    };
    let field = &args.field;
    let Some(value) = record.get(field) else {
        return bad_record(format!(
            "no field `{field}` (fields: {}; choose one with --field)",
            record.field_names()
        ));
    };
    let article = match jsonl::as_string(value) {
        Ok(s) => s,
        Err(what) => return bad_record(format!("field `{field}` is {what}, not a string")),
    };
    if record.has(&args.output_field) && !args.overwrite {
        return bad_record(format!(
            "the record already has a field `{}`; write to another with --output-field NAME, \
             or replace it with --overwrite",
            args.output_field
        ));
    }
    let highlights = match summarizer.summarize(&article) {
        Ok(h) => h,
        Err(lede::Error::EmptyInput) => {
            return bad_record(format!("field `{field}` is empty"));
        }
        Err(e) => return bad_record(e.to_string()),
    };
    match output::jsonl_value(&highlights, args.output) {
        Ok(value) => {
            let mut s = record.to_line_with(&args.output_field, &value);
            s.push('\n');
            Outcome::Ok(s)
        }
        Err(e) => bad_record(format!("cannot write highlights: {e}")),
    }
}

/// A line that is not a JSON object: passed through as `{"line": N, "error": ..., "input": ...}`.
fn bad_line(message: String, raw: &[u8], number: u64) -> Outcome {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let passthrough = format!(
        "{{\"line\":{number},\"error\":{},\"input\":{}}}\n",
        quote(&message),
        quote(&String::from_utf8_lossy(raw))
    );
    Outcome::Bad {
        passthrough,
        message,
    }
}

fn progress_bar(source: &Source, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match source.len() {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::no_length(),
    };
    let style = ProgressStyle::with_template(
        "{spinner} {bytes}/{total_bytes} [{bar:30}] {bytes_per_sec}, eta {eta}",
    )
    .map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}
