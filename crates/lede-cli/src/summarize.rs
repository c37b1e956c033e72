//! `lede summarize`.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use lede::{Budget, Language, Method, Options, Redundancy, Summarizer, TextForm};
use lede_batch::input::{self, InputKind, Source};
use lede_batch::journal as resume;
use lede_batch::output::Output as Sink;
use lede_batch::parquet::{ParquetInput, ParquetOutput, ParquetSettings};
use lede_batch::summarize::{JsonlSettings, Observer};
use lede_batch::Workers;

use crate::args::InputArg;
use crate::output::{self, OutputFormat};

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
    /// Lower each sentence's score by the share of its content words the chosen highlights
    /// already have (words in 30% of the article's sentences, its topic, aside); never choose
    /// one with 80% of its content words already said (learned's default).
    Novelty,
    /// Skip a sentence that repeats two or more word trigrams of those already chosen.
    Trigram,
    /// No redundancy control.
    None,
}

impl From<RedundancyArg> for Redundancy {
    fn from(r: RedundancyArg) -> Self {
        match r {
            RedundancyArg::Novelty => Redundancy::Novelty,
            RedundancyArg::Trigram => Redundancy::Trigram,
            RedundancyArg::None => Redundancy::None,
        }
    }
}

#[derive(Args, Debug)]
pub struct SummarizeArgs {
    /// The article to read; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    /// Input format. `auto` decides by extension (.jsonl, .story, .txt, .html, .htm, .html.gz,
    /// .parquet), then by content.
    #[arg(short, long, value_enum, default_value_t = InputArg::Auto, help_heading = "Input")]
    input: InputArg,

    /// JSONL: the field that holds the article text (Parquet: the string column; a null
    /// article gets null highlights).
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
    /// at the end. Parquet: bad rows (an empty article) get null highlights and a message in
    /// an `error` column.
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
    /// de, french, fr, spanish, es, russian, ru, ...; a tag such as it-IT is its language).
    /// Chooses the stemmer, stopwords and abbreviations. Default: english; for a web page,
    /// the language the page declares (<html lang>), when lede knows it.
    #[arg(long, value_name = "LANG", help_heading = "Method")]
    language: Option<String>,

    /// Budget: at most N highlights. Without a budget: 3, and 2 from the learned method for
    /// a story that opens with a dateline ("Washington (CNN) --", "LONDON (Reuters) -"),
    /// whose highlights run shorter.
    #[arg(
        short = 'n',
        long,
        value_name = "N",
        group = "budget",
        help_heading = "Budget (one of; default: see --sentences)"
    )]
    sentences: Option<usize>,

    /// Budget: at most N words in all.
    #[arg(
        long,
        value_name = "N",
        group = "budget",
        help_heading = "Budget (one of; default: see --sentences)"
    )]
    words: Option<usize>,

    /// Budget: at most N characters in all.
    #[arg(
        long,
        value_name = "N",
        group = "budget",
        help_heading = "Budget (one of; default: see --sentences)"
    )]
    chars: Option<usize>,

    /// Budget: this fraction (0 < R <= 1) of the article's sentences, at least one.
    #[arg(
        long,
        value_name = "R",
        group = "budget",
        help_heading = "Budget (one of; default: see --sentences)"
    )]
    ratio: Option<f64>,

    /// Redundancy control. Default: novelty for `learned`, trigram blocking for `textrank` and
    /// `lexrank`, none for `lead` (Lead-k is the first k sentences).
    #[arg(long, value_enum, conflicts_with = "mmr", help_heading = "Redundancy")]
    redundancy: Option<RedundancyArg>,

    /// Maximal marginal relevance instead: LAMBDA weighs score against cosine similarity to
    /// the chosen highlights (1 = score only).
    #[arg(long, value_name = "LAMBDA", help_heading = "Redundancy")]
    mmr: Option<f64>,

    /// Compress each highlight: cut optional spans (attribution, leading connectives and time
    /// phrases, parentheticals, appositives, non-restrictive clauses) so it reads like a
    /// newsroom highlight. Every word kept is the article's, in order; `--output json` lists
    /// the kept byte `spans` and the `cuts`. With --words or --chars, a sentence that does not
    /// fit in what is left is cut further until it does. English only.
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
    /// (default: the model's own, 0.7 for the built-in one; 0 to 1; lower cuts more).
    #[arg(long, value_name = "P", help_heading = "Compression")]
    cut_threshold: Option<f64>,

    /// Output format. For JSONL input it chooses the value written into each record: a list of
    /// strings (text), a markdown string, an HTML string, or a list of objects with spans and
    /// scores (json).
    /// Parquet input is written as Parquet when -o ends in .parquet or with `parquet` (every
    /// column kept, the highlights a column of structs with json's fields: text, start, end,
    /// score, spans, sentence, cuts, capitalized, period_added), otherwise
    /// as JSONL records (each row a JSON object, the highlights as for JSONL input).
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

    /// JSONL and Parquet: the field (column) the highlights are written to.
    #[arg(
        long,
        default_value = "highlights",
        value_name = "NAME",
        help_heading = "Output"
    )]
    output_field: String,

    /// JSONL and Parquet: replace the output field when a record (the file) already has it (by
    /// default that is an error, so that reference highlights are never overwritten by
    /// accident).
    #[arg(long, help_heading = "Output")]
    overwrite: bool,

    /// JSONL with -o FILE: continue an interrupted run. Output goes to FILE.partial with a
    /// checkpoint in FILE.checkpoint after every batch, and FILE appears only when the run is
    /// complete; --resume checks that the input and the options are unchanged, drops any
    /// uncommitted output, and goes on from the next record (with no checkpoint it starts
    /// from the beginning). Parquet runs cannot be resumed: they write FILE.partial and
    /// rename it when complete; rerun them.
    #[arg(long, help_heading = "Output")]
    resume: bool,

    /// JSONL and Parquet: worker threads (default: one per core).
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
        let redundancy = match self.mmr {
            Some(lambda) => Some(Redundancy::Mmr { lambda }),
            None => self.redundancy.map(Redundancy::from),
        };
        let language: Language = self
            .language
            .as_deref()
            .unwrap_or("english")
            .parse()
            .map_err(|e| crate::usage!("invalid --language: {e}"))?;
        if self.threads == Some(0) {
            return Err(crate::usage!("invalid --threads: must be at least 1"));
        }
        if self.threads.is_some_and(|n| n > crate::MAX_THREADS) {
            return Err(crate::usage!(
                "invalid --threads: at most {}",
                crate::MAX_THREADS
            ));
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
        if self.compress && language != Language::English && !self.quiet {
            crate::say!(
                "lede: note: compression is for English; {} highlights are whole sentences",
                language.name()
            );
        }
        Ok(options)
    }

    /// Every option that changes the JSONL output, for the checkpoint of a resumable run (a
    /// resume with different values is refused). An option added later that changes the
    /// output belongs here.
    fn output_options(&self, options: &Options) -> Result<Vec<String>> {
        // The model's content, not its path: a file retrained in place is another model.
        let model = match &self.model {
            Some(path) => {
                let text = read_model_file(path, "the model file")?;
                format!("model={}", resume::content_hash(text.as_bytes()))
            }
            None => "model=built-in".to_string(),
        };
        let cut_model = match &self.cut_model {
            Some(path) => {
                let text = read_model_file(path, "the cut model file")?;
                format!("cut-model={}", resume::content_hash(text.as_bytes()))
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
            let text = read_model_file(path, "the cut model file")?;
            lede::CutModel::from_json(&text)
                .with_context(|| format!("cannot use the cut model file {}", path.display()))?
        }
        None => (*lede::CutModel::builtin()).clone(),
    };
    if let Some(p) = threshold {
        if !(0.0..=1.0).contains(&p) {
            return Err(crate::usage!(
                "invalid --cut-threshold: must be between 0 and 1"
            ));
        }
        model.threshold = p;
    }
    Ok(Some(std::sync::Arc::new(model)))
}

/// A model file's text, read up to a bound (`--model /dev/zero` is refused, not read until
/// memory runs out).
fn read_model_file(path: &std::path::Path, what: &str) -> Result<String> {
    Ok(lede_batch::files::read_bounded(
        path,
        lede_batch::files::MAX_MODEL_FILE,
        what,
    )?)
}

/// Reads a model file for the learned method.
pub fn load_model(path: &std::path::Path) -> Result<std::sync::Arc<lede::Model>> {
    let text = read_model_file(path, "the model file")?;
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
    let mut opened = input::open(&source, args.input.into())?;
    if let Some(note) = &opened.note {
        if !args.quiet {
            crate::say!("lede: note: {note}");
        }
    }
    let out_file = args.out.as_ref().filter(|p| p.as_os_str() != "-");
    // One run at a time writes a file (a device such as /dev/null is shared freely).
    let _lock = match out_file {
        Some(out) if !crate::output::is_special(out) => Some(
            lede_batch::lock::OutputLock::acquire(out, &crate::output::command_line())?,
        ),
        _ => None,
    };
    if opened.kind == InputKind::Parquet {
        return run_parquet(&args, &summarizer, &source, out_file.map(PathBuf::as_path));
    }
    if args.output == OutputFormat::Parquet || out_file.is_some_and(|p| is_parquet_name(p)) {
        bail!(
            "Parquet output is for Parquet input (every input column is kept); {} is {} input: \
             write JSONL or text instead (-o FILE.jsonl, --output text|markdown|html|json)",
            source.name(),
            kind_name(opened.kind)
        );
    }
    // A journaled run writes OUT.partial and renames it to OUT at the end: only for a regular
    // file (or a new one). A device such as /dev/null, a FIFO or a link is written directly;
    // renaming over it would replace it with a file.
    let special = out_file.is_some_and(|p| crate::output::is_special(p));
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
                        crate::say!(
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
        _ => (Sink::staged(args.out.as_deref())?, resume::Start::default()),
    };
    let code = match opened.kind {
        InputKind::Jsonl => run_jsonl(&args, &summarizer, &source, opened, &mut sink, start),
        _ => run_document(&args, &mut summarizer, &source, opened, &mut sink),
    };
    // Whatever happened, what was written stays written: a journal says where and how to go
    // on; a staged file that did not finish stays at OUT.partial (OUT is left as it was).
    let code = code.map_err(|e| match sink.unfinished() {
        Some(note) => anyhow::anyhow!("{e:#} ({note})"),
        None => e,
    })?;
    sink.finish()?;
    Ok(code)
}

/// Whether a file name says Parquet.
fn is_parquet_name(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("parq"))
}

fn kind_name(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Jsonl => "JSONL",
        InputKind::Story => "a .story file",
        InputKind::Html => "a web page",
        InputKind::Parquet => "Parquet",
        InputKind::Text | InputKind::Auto => "text",
    }
}

/// `-o` naming the input file would truncate it before it is read: the input would be lost.
fn refuse_output_over_input(source: &Source, out: Option<&PathBuf>) -> Result<()> {
    let (Source::File(input), Some(out)) = (source, out) else {
        return Ok(());
    };
    if out.as_os_str() == "-" {
        return Ok(());
    }
    if lede_batch::files::same_file(input, out) {
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

fn run_document(
    args: &SummarizeArgs,
    summarizer: &mut Summarizer,
    source: &Source,
    opened: input::Opened,
    sink: &mut Sink,
) -> Result<ExitCode> {
    let doc = input::read_document(opened, source, args.input.into(), args.lossy)?;
    // A page read in its own language: the Russian page's sentences split at Russian
    // abbreviations and are not cut by English rules.
    if let (None, Some(declared)) = (&args.language, &doc.language) {
        match declared.parse::<Language>() {
            Ok(language) if language != summarizer.options().language => {
                summarizer.set_language(language);
                if !args.quiet {
                    crate::say!(
                        "lede: note: {} declares its language as `{declared}`: read as {}{} \
                         (--language chooses another)",
                        source.name(),
                        language.name(),
                        if args.compress {
                            ", whose highlights are whole sentences (compression is for English)"
                        } else {
                            ""
                        }
                    );
                }
            }
            Ok(_) => {}
            Err(_) if !args.quiet && !declared.to_ascii_lowercase().starts_with("en") => {
                crate::say!(
                    "lede: note: {} declares its language as `{declared}`, which lede does not \
                     know: read as English (--language chooses another)",
                    source.name()
                );
            }
            Err(_) => {}
        }
    }
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
        crate::say!(
            "lede: warning: no sentence of {} can be a highlight within the budget \
             (all are boilerplate, fragments, or longer than the budget)",
            source.name()
        );
    } else if let (Some(short), false) = (&highlights.shortfall, args.quiet) {
        let (given, asked) = (short.given, short.asked);
        if args.sentences.is_some() || args.ratio.is_some() {
            crate::say!(
                "lede: note: {given} of {asked} highlights asked for: {}",
                short.reason
            );
        } else {
            crate::say!(
                "lede: note: {given} of the {asked} highlights given by default: {}",
                short.reason
            );
        }
    }
    let text = match args.output {
        OutputFormat::Text => output::text(&highlights),
        OutputFormat::Markdown => output::markdown(&highlights),
        OutputFormat::Html => output::html(&highlights),
        OutputFormat::Json => {
            let input = match doc.kind {
                InputKind::Story => "story",
                InputKind::Html => "html",
                _ => "text",
            };
            let article = (doc.kind == InputKind::Html).then_some(doc.text.as_str());
            output::json(&highlights, input, doc.reference.as_deref(), article)
        }
        OutputFormat::Parquet => unreachable_parquet()?,
    };
    sink.write(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Parquet output is refused for other input before any is read.
fn unreachable_parquet() -> Result<String> {
    bail!("Parquet output is for Parquet input")
}

/// Progress and notes of a batch run on standard error.
struct Report<'a> {
    progress: ProgressBar,
    quiet: bool,
    unit: &'a str,
}

impl Observer for Report<'_> {
    fn progress(&mut self, bytes: u64) {
        self.progress.inc(bytes);
    }

    fn bad_record(&mut self, source: &str, number: u64, message: &str) {
        if !self.quiet {
            self.progress
                .suspend(|| crate::say!("lede: {source}: {} {number}: {message}", self.unit));
        }
    }

    fn stopping(&mut self) {
        self.progress.abandon();
    }
}

fn run_jsonl(
    args: &SummarizeArgs,
    summarizer: &Summarizer,
    source: &Source,
    mut opened: input::Opened,
    sink: &mut Sink,
    start: resume::Start,
) -> Result<ExitCode> {
    let workers = Workers::new(args.threads)?;
    let settings = JsonlSettings {
        field: args.field.clone(),
        output_field: args.output_field.clone(),
        overwrite: args.overwrite,
        lossy: args.lossy,
        skip_bad: args.skip_bad,
        value: args.output.value(),
    };
    let mut report = Report {
        progress: progress_bar(source.size(), args.quiet),
        quiet: args.quiet,
        unit: "line",
    };
    let counts = lede_batch::summarize::run_jsonl(
        &settings,
        summarizer,
        &workers,
        &source.name(),
        &mut opened.reader,
        sink,
        start,
        &mut report,
    )?;
    report.progress.finish_and_clear();
    finish_note(source, counts, args.quiet, "records", "record");
    Ok(ExitCode::SUCCESS)
}

fn finish_note(
    source: &Source,
    counts: lede_batch::summarize::Counts,
    quiet: bool,
    units: &str,
    unit: &str,
) {
    let (records, bad) = (counts.records, counts.bad);
    if !quiet && records == 0 && bad == 0 {
        crate::say!("lede: warning: {} has no {units}", source.name());
    }
    if !quiet && bad > 0 {
        let count = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        if unit == "record" {
            crate::say!(
                "lede: {} summarized; {} passed through with an `error` field",
                count(records, "record"),
                count(bad, "bad record")
            );
        } else {
            crate::say!(
                "lede: {} summarized; {} given null highlights and an error message",
                count(records, "row"),
                count(bad, "bad row")
            );
        }
    }
}

/// A Parquet file: to Parquet (when -o ends in .parquet or --output parquet) or to JSONL.
fn run_parquet(
    args: &SummarizeArgs,
    summarizer: &Summarizer,
    source: &Source,
    out_file: Option<&Path>,
) -> Result<ExitCode> {
    let Source::File(path) = source else {
        bail!(
            "Parquet input must be a file, not standard input (Parquet is read from its end): \
             give its path"
        );
    };
    if args.resume {
        bail!(
            "--resume is for JSONL runs: a Parquet run writes OUT.partial and renames it to OUT \
             when it is complete, so an interrupted one is simply run again"
        );
    }
    let parquet_out = args.output == OutputFormat::Parquet || out_file.is_some_and(is_parquet_name);
    if parquet_out && out_file.is_none() {
        bail!("Parquet output needs -o FILE.parquet (it is not written to standard output)");
    }
    if parquet_out
        && matches!(
            args.output,
            OutputFormat::Markdown | OutputFormat::Html | OutputFormat::Json
        )
    {
        bail!(
            "--output {} is for JSONL output; Parquet output always holds the highlights as \
             structs with json's fields (write JSONL with -o FILE.jsonl)",
            args.output
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_string())
        );
    }
    let input = ParquetInput::open(path)?;
    let workers = Workers::new(args.threads)?;
    let settings = ParquetSettings {
        field: args.field.clone(),
        output_field: args.output_field.clone(),
        overwrite: args.overwrite,
        skip_bad: args.skip_bad,
    };
    let mut report = Report {
        progress: progress_bar(source.size(), args.quiet),
        quiet: args.quiet,
        unit: "row",
    };
    let counts = match (parquet_out, out_file) {
        (true, Some(out)) => lede_batch::parquet::run_parquet(
            &settings,
            summarizer,
            &workers,
            &input,
            ParquetOutput::Parquet(out),
            &mut report,
        )?,
        _ => {
            let mut sink = Sink::staged(out_file)?;
            let counts = lede_batch::parquet::run_parquet(
                &settings,
                summarizer,
                &workers,
                &input,
                ParquetOutput::Jsonl(&mut sink, args.output.value()),
                &mut report,
            );
            let counts = counts?;
            sink.finish()?;
            counts
        }
    };
    report.progress.finish_and_clear();
    finish_note(source, counts, args.quiet, "rows", "row");
    Ok(ExitCode::SUCCESS)
}

fn progress_bar(len: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match len {
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
