//! `lede eval`, `lede oracle` and `lede stats`: datasets in, tables and reports out.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use lede::{Budget, Language, Method, Redundancy, TextForm};
use lede_eval::{dataset, Accumulator, EvalOptions, Evaluator, Example, Stats, System};
use lede_text::Segmenter;
use serde_json::{json, Value};

use crate::rouge::{field, references_value, CompatArg};
use crate::summarize::RedundancyArg;
use lede_batch::dataset::{Dataset, Line};
use lede_batch::input;
use lede_batch::jsonl::Record;
use lede_batch::staged::Staged;

/// Where records come from and which fields hold what.
#[derive(Args, Debug)]
pub struct DatasetArgs {
    /// The dataset: JSONL, one record a line (`-` for standard input), or Parquet, one record
    /// a row (.parquet, or by its PAR1 magic); several files are read one after the other.
    #[arg(value_name = "DATA.jsonl", required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,

    /// The field with the article text (a dotted path reaches into objects).
    #[arg(
        long,
        visible_alias = "field",
        default_value = "article",
        value_name = "PATH",
        help_heading = "Dataset"
    )]
    pub article_field: String,

    /// The field with the reference: a list of sentences, a string (split at --separator, else
    /// with lede's segmenter), or a list of such references.
    #[arg(
        long,
        default_value = "highlights",
        value_name = "PATH",
        help_heading = "Dataset"
    )]
    pub reference_field: String,

    /// The field that names a record in the per-document output and the report (the line
    /// number when absent).
    #[arg(
        long,
        default_value = "id",
        value_name = "PATH",
        help_heading = "Dataset"
    )]
    pub id_field: String,

    /// Sentence separator inside a reference string.
    #[arg(
        long,
        default_value = "<n>",
        value_name = "STR",
        help_heading = "Dataset"
    )]
    pub separator: String,

    /// Read at most N records.
    #[arg(long, value_name = "N", help_heading = "Dataset")]
    pub limit: Option<usize>,

    /// Count bad records (no article, no reference, an empty reference, a line that is not
    /// JSON) as skipped and go on; the count is printed with the results. By default the first
    /// bad record stops the run with its line number.
    #[arg(long, help_heading = "Dataset")]
    pub skip_bad: bool,

    /// Read the articles as lowercased, tokenized research text (detected by default).
    #[arg(long, conflicts_with = "raw", help_heading = "Dataset")]
    pub pretokenized: bool,

    /// Read the articles as running text; no detection.
    #[arg(long, help_heading = "Dataset")]
    pub raw: bool,

    /// Language of the articles (stemmer, stopwords, abbreviations).
    #[arg(
        long,
        default_value = "english",
        value_name = "LANG",
        help_heading = "Dataset"
    )]
    pub language: String,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// No progress bar, notes or results on standard error (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

impl DatasetArgs {
    pub fn language(&self) -> Result<Language> {
        self.language
            .parse()
            .map_err(|e| crate::usage!("invalid --language: {e}"))
    }

    pub fn form(&self) -> TextForm {
        if self.pretokenized {
            TextForm::Pretokenized
        } else if self.raw {
            TextForm::Raw
        } else {
            TextForm::Auto
        }
    }

    fn workers(&self) -> Result<lede_batch::Workers> {
        if self.threads == Some(0) {
            return Err(crate::usage!("invalid --threads: must be at least 1"));
        }
        if self.threads.is_some_and(|n| n > crate::MAX_THREADS) {
            return Err(crate::usage!(
                "invalid --threads: at most {}",
                crate::MAX_THREADS
            ));
        }
        Ok(lede_batch::Workers::new(self.threads)?)
    }
}

#[derive(Args, Debug)]
#[command(after_help = "Examples:
  lede eval validation.jsonl
  lede eval validation.jsonl --method lead --method learned --report report.html
  lede eval validation.jsonl -m lead,learned --model my-model.json
  lede eval test.jsonl --method lead,lexrank,oracle --json --per-doc scores.jsonl
  lede eval data.jsonl --article-field text --reference-field summary --compat rouge-score

The table gives ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 x 100 with 95% bootstrap intervals, the mean
length of the highlights in words, and articles per second on one core (each system's own time in
CPU seconds of its thread, so other work on the machine does not skew it; ROUGE not counted). Every method after the first is compared with the first by a paired
permutation test (one-sided: is it better?). With the same data and --seed the table is the
same byte for byte, except the articles/s column (--no-timings drops it).")]
pub struct EvalArgs {
    #[command(flatten)]
    data: DatasetArgs,

    /// Systems to run, in table order: learned, lead, textrank, lexrank, oracle (the greedy extractive
    /// oracle, an upper bound). Repeat or separate with commas. The first is the baseline of
    /// the paired tests.
    #[arg(
        short,
        long = "method",
        value_name = "NAME",
        value_delimiter = ',',
        default_value = "lead,learned,textrank,lexrank,oracle",
        help_heading = "Systems"
    )]
    methods: Vec<String>,

    /// The learned method's model file (default: the one built into lede).
    #[arg(long, value_name = "FILE", help_heading = "Systems")]
    model: Option<PathBuf>,

    /// Highlights per article, for every method (default: each method's own: 3, and 2 from
    /// the learned method for a story that opens with a dateline).
    #[arg(short = 'n', long, value_name = "N", help_heading = "Systems")]
    sentences: Option<usize>,

    /// Instead of --sentences: at most N words per article's highlights.
    #[arg(long, value_name = "N", help_heading = "Systems")]
    words: Option<usize>,

    /// Redundancy control (default: novelty for learned, trigram blocking for textrank and
    /// lexrank, none for lead).
    #[arg(long, value_enum, help_heading = "Systems")]
    redundancy: Option<RedundancyArg>,

    /// Compress the methods' highlights (see `lede summarize --compress`). A method named
    /// `METHOD+compress` or `METHOD+whole` in --method is compressed or not whatever this
    /// says, so `--method learned+whole,learned+compress` compares the two with the paired
    /// test.
    #[arg(long, conflicts_with = "no_compress", help_heading = "Systems")]
    compress: bool,

    /// Whole sentences for the methods named plainly in --method.
    #[arg(long, help_heading = "Systems")]
    no_compress: bool,

    /// A cut model for compression (made by `lede train --compress`).
    #[arg(long, value_name = "FILE", help_heading = "Systems")]
    cut_model: Option<PathBuf>,

    /// The cut model's probability at or above which a span is cut (lower cuts more).
    #[arg(long, value_name = "P", help_heading = "Systems")]
    cut_threshold: Option<f64>,

    /// The oracle's largest number of sentences.
    #[arg(long, default_value_t = 3, value_name = "N", help_heading = "Systems")]
    oracle_sentences: usize,

    /// ROUGE implementation to follow (named in the output). `perl` is ROUGE-1.5.5 with -m and
    /// its own averaging and intervals.
    #[arg(long, value_enum, default_value_t = CompatArg::Perl, help_heading = "Scoring")]
    compat: CompatArg,

    /// No stemming (ROUGE-1.5.5 without -m).
    #[arg(long, help_heading = "Scoring")]
    no_stem: bool,

    /// Bootstrap resamples for the intervals.
    #[arg(
        long,
        default_value_t = 1000,
        value_name = "N",
        help_heading = "Scoring"
    )]
    resamples: usize,

    /// Permutations of the paired test.
    #[arg(
        long,
        default_value_t = 10000,
        value_name = "N",
        help_heading = "Scoring"
    )]
    permutations: usize,

    /// Confidence level of the intervals, between 0 and 1: 0.95 for 95% intervals (a
    /// percentage such as 95 is refused, as in `lede rouge`).
    #[arg(
        long,
        default_value_t = 0.95,
        value_name = "LEVEL",
        value_parser = crate::rouge::parse_confidence,
        help_heading = "Scoring"
    )]
    confidence: f64,

    /// Seed of the paired test and of the bootstrap (outside perl mode, whose resampling is
    /// the script's own).
    #[arg(long, default_value_t = 1, value_name = "N", help_heading = "Scoring")]
    seed: u64,

    /// Print the table as JSON: methods -> metric -> f, ci_low, ci_high.
    #[arg(long, help_heading = "Output")]
    json: bool,

    /// Leave out the articles/s column (it varies from run to run).
    #[arg(long, help_heading = "Output")]
    no_timings: bool,

    /// Write every document's highlights (sentence indices and text) and scores to FILE (JSONL).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    per_doc: Option<PathBuf>,

    /// Write a self-contained HTML report to FILE: score, position and length distributions,
    /// and the documents where each method loses most to Lead-3.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    report: Option<PathBuf>,

    /// Title of the report (default: the dataset's file name).
    #[arg(long, value_name = "TEXT", help_heading = "Output")]
    title: Option<String>,
}

/// Reads one record into an example; the raw text is kept for writing the record back.
fn parse_example(
    line: &Line,
    unit: &str,
    args: &DatasetArgs,
    segmenter: &Segmenter,
) -> Result<(Example, String), String> {
    let mut raw = input::trim_newline(&line.bytes);
    if line.number == 1 {
        raw = input::strip_bom(raw);
    }
    let text = std::str::from_utf8(raw).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at column {})",
            e.valid_up_to() + 1
        )
    })?;
    let record: Value = serde_json::from_str(text).map_err(|e| {
        if line.bytes.last() != Some(&b'\n') {
            format!("invalid JSON (is the last record cut short?): {e}")
        } else if !text.trim_start().starts_with('{') {
            format!("not a JSON object (is the dataset JSONL?): {e}")
        } else {
            format!("invalid JSON: {e}")
        }
    })?;
    if !record.is_object() {
        return Err("not a JSON object (is the dataset JSONL?)".into());
    }
    let names = || {
        record
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    };
    let article = match field(&record, &args.article_field) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(format!(
                "field `{}` is {}, not a string",
                args.article_field,
                kind(other)
            ))
        }
        None => {
            return Err(format!(
                "no field `{}` (fields: {}; choose one with --article-field)",
                args.article_field,
                names()
            ))
        }
    };
    let reference = field(&record, &args.reference_field).ok_or_else(|| {
        format!(
            "no field `{}` (fields: {}; choose one with --reference-field)",
            args.reference_field,
            names()
        )
    })?;
    let references = references_value(reference, false, &args.separator, Some(segmenter))
        .map_err(|e| format!("field `{}`: {e}", args.reference_field))?;
    let id = match field(&record, &args.id_field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => format!("{unit} {}", line.number),
        Some(v) => v.to_string(),
    };
    Ok((
        Example {
            id,
            article,
            references,
        },
        text.to_string(),
    ))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn progress_bar(total: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::no_length(),
    };
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes}, {bytes_per_sec}, eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// A result file, written as `FILE.partial` and put in place when the run ends (see
/// [`Staged`]); `inputs` are the dataset files, which it must not be.
fn create(path: &Path, inputs: &[PathBuf], what: &str) -> Result<Staged> {
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    Ok(Staged::create(
        Some(path),
        &inputs,
        what,
        &crate::output::command_line(),
    )?)
}

/// What happened to one line.
enum Done<T> {
    Ok(Example, String, T),
    Bad(String),
}

/// Runs `work` on every record, in parallel batches, and hands results to `sink` in input
/// order. Bad records stop the run (or are counted with --skip-bad).
pub(crate) fn for_each_record<T: Send>(
    args: &DatasetArgs,
    segmenter: &Segmenter,
    what: &str,
    work: impl Fn(&Example) -> Result<T, String> + Sync,
    mut sink: impl FnMut(u64, Example, String, T) -> Result<()>,
) -> Result<(u64, u64)> {
    let (mut lines, total) = Dataset::open(args.data.clone(), args.limit)?;
    let workers = args.workers()?;
    let progress = progress_bar(total, args.quiet);
    progress.set_message(what.to_string());
    let (mut good, mut skipped) = (0u64, 0u64);
    loop {
        let (batch, bytes) = lines.batch(512)?;
        if batch.is_empty() {
            break;
        }
        let unit = lines.unit();
        let done: Vec<Done<T>> = workers.map(&batch, |line| {
            match parse_example(line, unit, args, segmenter) {
                Err(e) => Done::Bad(e),
                Ok((ex, raw)) => match work(&ex) {
                    Ok(t) => Done::Ok(ex, raw, t),
                    Err(e) => Done::Bad(e),
                },
            }
        });
        for (line, d) in batch.iter().zip(done) {
            match d {
                Done::Ok(ex, raw, t) => {
                    sink(line.number, ex, raw, t)?;
                    good += 1;
                }
                Done::Bad(message) => {
                    if !args.skip_bad {
                        progress.abandon();
                        bail!(
                            "{}: {unit} {}: {message} (--skip-bad counts bad records as skipped and goes on)",
                            lines.name(),
                            line.number
                        );
                    }
                    if !args.quiet {
                        progress.suspend(|| {
                            crate::say!(
                                "lede: {}: {unit} {}: skipped: {message}",
                                lines.name(),
                                line.number
                            )
                        });
                    }
                    skipped += 1;
                }
            }
        }
        progress.inc(bytes);
    }
    progress.finish_and_clear();
    if good == 0 {
        bail!(
            "{}: no record to read{}",
            args.data
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if skipped > 0 {
                format!(" ({skipped} bad records skipped)")
            } else {
                String::new()
            }
        );
    }
    Ok((good, skipped))
}

fn parse_systems(names: &[String]) -> Result<Vec<System>> {
    let mut out = Vec::new();
    for n in names.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let s: System = n.parse().map_err(|_| {
            anyhow::anyhow!(
                "unknown method `{n}` (choose from: {}, oracle)",
                Method::ALL.map(Method::name).join(", ")
            )
        })?;
        if out.contains(&s) {
            bail!("method `{n}` is listed twice");
        }
        out.push(s);
    }
    if out.is_empty() {
        bail!("no method given (--method lead,textrank,...)");
    }
    Ok(out)
}

pub fn run_eval(args: EvalArgs) -> Result<ExitCode> {
    let systems = parse_systems(&args.methods)?;
    if !(args.confidence > 0.0 && args.confidence < 1.0) {
        return Err(crate::usage!(
            "invalid --confidence: must be between 0 and 1 (0.95 for 95% intervals)"
        ));
    }
    if args.resamples == 0 || args.permutations == 0 {
        return Err(crate::usage!(
            "invalid --resamples/--permutations: must be at least 1"
        ));
    }
    if args.resamples.max(args.permutations) > crate::MAX_RESAMPLES {
        return Err(crate::usage!(
            "invalid --resamples/--permutations: at most {}",
            crate::MAX_RESAMPLES
        ));
    }
    let budget = match args.words {
        Some(w) => Budget::Words(w),
        None => args.sentences.map_or(Budget::Auto, Budget::Sentences),
    };
    let language = args.data.language()?;
    let evaluator = Evaluator::new(EvalOptions {
        systems,
        budget,
        redundancy: args.redundancy.map(Redundancy::from),
        language,
        form: args.data.form(),
        oracle_sentences: args.oracle_sentences,
        mode: args.compat.into(),
        stem: !args.no_stem,
        model: args
            .model
            .as_deref()
            .map(crate::summarize::load_model)
            .transpose()?,
        compress: crate::summarize::compress_mode(args.compress, args.no_compress),
        cut_model: crate::summarize::load_cut_model(args.cut_model.as_deref(), args.cut_threshold)?,
        for_report: args.report.is_some(),
    })?;
    let stats = Stats {
        resamples: args.resamples,
        permutations: args.permutations,
        confidence: args.confidence,
        seed: args.seed,
        perl: args.compat == CompatArg::Perl,
    };
    // Refuse unwritable outputs before the run, not after it.
    if let (Some(a), Some(b)) = (&args.per_doc, &args.report) {
        if a == b || lede_batch::files::same_file(a, b) {
            return Err(crate::usage!(
                "--per-doc and --report both name {}: give each its own file",
                a.display()
            ));
        }
    }
    let mut per_doc = args
        .per_doc
        .as_deref()
        .map(|p| create(p, &args.data.data, "the per-document file"))
        .transpose()?;
    let report = args
        .report
        .as_deref()
        .map(|p| create(p, &args.data.data, "the report"))
        .transpose()?;
    let segmenter = Segmenter::new(language).with_form(TextForm::Auto);
    let mut acc = Accumulator::new(&evaluator, report.is_some());
    let names: Vec<&str> = evaluator
        .options()
        .systems
        .iter()
        .map(|s| s.name())
        .collect();
    let metrics: Vec<String> = evaluator.metrics().iter().map(|m| m.key()).collect();
    let started = Instant::now();
    let (_, skipped) = for_each_record(
        &args.data,
        &segmenter,
        "evaluating",
        |ex| evaluator.evaluate(ex).map_err(|e| e.to_string()),
        |line, ex, _raw, doc| {
            if let Some(w) = per_doc.as_mut() {
                let mut systems = serde_json::Map::new();
                for (name, s) in names.iter().zip(&doc.systems) {
                    let mut rouge = serde_json::Map::new();
                    for (k, sc) in metrics.iter().zip(&s.scores) {
                        rouge.insert(
                            k.clone(),
                            json!({"r": sc.recall, "p": sc.precision, "f": sc.f}),
                        );
                    }
                    systems.insert(
                        name.to_string(),
                        json!({
                            "selected": s.selected,
                            "highlights": s.selected.iter().map(|&i| &ex.article[doc.sentences[i].clone()]).collect::<Vec<_>>(),
                            "words": s.words,
                            "rouge": rouge,
                        }),
                    );
                }
                let row = json!({"id": ex.id, "line": line, "sentences": doc.sentences.len(), "systems": systems});
                writeln!(w, "{row}").context("cannot write the per-document file")?;
            }
            acc.add(&ex, doc);
            Ok(())
        },
    )?;
    let elapsed = started.elapsed();
    let mut results = acc.finish(&evaluator, &stats);
    results.skipped = skipped;
    if let Some(mut w) = per_doc {
        w.finish().context("cannot write the per-document file")?;
    }
    if let Some(mut w) = report {
        let title = args.title.clone().unwrap_or_else(|| {
            args.data.data[0]
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| "standard input".into())
        });
        w.write_all(lede_eval::html_report(&results, &title).as_bytes())
            .context("cannot write the report")?;
        w.finish().context("cannot write the report")?;
    }
    let out = if args.json {
        let mut v = results.json(!args.no_timings);
        if !args.no_timings {
            v["seconds"] = json!(elapsed.as_secs_f64());
        }
        format!("{v:#}\n")
    } else {
        results.table(!args.no_timings)
    };
    io::stdout().write_all(out.as_bytes())?;
    if !args.data.quiet && !args.no_timings && !args.json {
        let threads = args.data.threads.unwrap_or_else(rayon::current_num_threads);
        crate::say!(
            "lede: {} document{} in {:.1} s ({threads} thread{})",
            results.documents,
            if results.documents == 1 { "" } else { "s" },
            elapsed.as_secs_f64(),
            if threads == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
#[command(
    after_help = "Each record is written back with one field added (default `oracle`):
  {\"sentences\": [...], \"labels\": [0, 1, ...], \"selected\": [1, ...]}
the article's sentences as lede segments them, a 0/1 label per sentence, and the chosen indices.
The greedy oracle adds the sentence that most raises ROUGE-1 F + ROUGE-2 F against the reference
while the sum rises (Nallapati et al. 2017; Liu & Lapata 2019). Its ROUGE, an upper bound for
extractive methods, is printed on standard error at the end.

Examples:
  lede oracle validation.jsonl -o labels.jsonl
  lede oracle train.jsonl --max-sentences 4 --compat rouge-score > labels.jsonl"
)]
pub struct OracleArgs {
    #[command(flatten)]
    data: DatasetArgs,

    /// Largest number of sentences chosen.
    #[arg(long, default_value_t = 3, value_name = "N")]
    max_sentences: usize,

    /// Whose words the oracle counts (and scores the upper bound with).
    #[arg(long, value_enum, default_value_t = CompatArg::Perl)]
    compat: CompatArg,

    /// No stemming.
    #[arg(long)]
    no_stem: bool,

    /// The field written into each record.
    #[arg(long, default_value = "oracle", value_name = "NAME")]
    output_field: String,

    /// Write the labelled records to FILE instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run_oracle(args: OracleArgs) -> Result<ExitCode> {
    let language = args.data.language()?;
    let evaluator = Evaluator::new(EvalOptions {
        systems: vec![System::Oracle],
        language,
        form: args.data.form(),
        oracle_sentences: args.max_sentences,
        mode: args.compat.into(),
        stem: !args.no_stem,
        ..EvalOptions::default()
    })?;
    let inputs: Vec<&Path> = args.data.data.iter().map(PathBuf::as_path).collect();
    let mut out = Staged::create(
        args.out.as_deref(),
        &inputs,
        "the output",
        &crate::output::command_line(),
    )?;
    let segmenter = Segmenter::new(language).with_form(TextForm::Auto);
    let mut acc = Accumulator::new(&evaluator, false);
    let field = args.output_field.clone();
    let (_, skipped) = for_each_record(
        &args.data,
        &segmenter,
        "labelling",
        |ex| evaluator.evaluate(ex).map_err(|e| e.to_string()),
        |_, ex, raw, doc| {
            let o = &doc.systems[0];
            let mut labels = vec![0u8; doc.sentences.len()];
            for &i in &o.selected {
                labels[i] = 1;
            }
            let sentences: Vec<&str> = doc
                .sentences
                .iter()
                .map(|r| &ex.article[r.clone()])
                .collect();
            let value = json!({"sentences": sentences, "labels": labels, "selected": o.selected});
            let record = Record::parse(&raw).map_err(|e| anyhow::anyhow!(e))?;
            writeln!(out, "{}", record.to_line_with(&field, &value.to_string()))
                .context("cannot write the labelled records")?;
            acc.add(&ex, doc);
            Ok(())
        },
    )?;
    out.finish().context("cannot write the labelled records")?;
    if !args.data.quiet {
        let mut results = acc.finish(
            &evaluator,
            &Stats {
                perl: args.compat == CompatArg::Perl,
                ..Stats::default()
            },
        );
        results.skipped = skipped;
        eprint!("{}", results.table_for("lede oracle", false));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
#[command(
    after_help = "Lengths are in words (runs of letters and digits, lowercased) and sentences
(lede's segmenter). Coverage and density are Grusky et al. (2018)'s extractive fragment measures:
the share of reference words inside runs copied from the article, and the mean squared run length
per reference word. Novel n-grams: the share of the reference's distinct n-grams absent from the
article.

Example:
  lede stats validation.jsonl"
)]
pub struct StatsArgs {
    #[command(flatten)]
    data: DatasetArgs,

    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run_stats(args: StatsArgs) -> Result<ExitCode> {
    let language = args.data.language()?;
    let form = args.data.form();
    let segmenter = Segmenter::new(language).with_form(TextForm::Auto);
    let article_segmenter = Segmenter::new(language).with_form(form);
    let mut acc = dataset::StatsAccumulator::default();
    let (good, skipped) = for_each_record(
        &args.data,
        &segmenter,
        "reading",
        |ex| {
            let sentences = article_segmenter.segment(&ex.article).sentences.len();
            let reference = ex.references.first().cloned().unwrap_or_default();
            Ok(dataset::doc_stats(&ex.article, sentences, &reference))
        },
        |_, _, _, d| {
            acc.add(&d);
            Ok(())
        },
    )?;
    let stats = acc.finish(good as usize);
    let out = if args.json {
        let mut v = serde_json::to_value(&stats)?;
        v["skipped"] = json!(skipped);
        format!("{v:#}\n")
    } else {
        let mut t = stats.table();
        if skipped > 0 {
            t.push_str(&format!("\n{skipped} bad records skipped (--skip-bad)\n"));
        }
        t
    };
    io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
