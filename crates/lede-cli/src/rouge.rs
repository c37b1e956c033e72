//! `lede rouge`: ROUGE between system summaries and references, in a named compatibility mode,
//! with bootstrap intervals, per-document scores and a paired comparison of two systems.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use lede_rouge::stats::{paired_test, Aggregation, Comparison, MetricSummary};
use lede_rouge::{split_summary, Config, Limit, Metric, Mode, MultiRef, Rouge, Score};
use lede_text::{Language, Segmenter, TextForm};
use rayon::prelude::*;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompatArg {
    /// ROUGE-1.5.5, the Perl script papers report: ASCII words, its Porter stemmer with the
    /// WordNet exceptions, its rounding and its own bootstrap.
    Perl,
    /// google rouge-score 0.1.2 (Hugging Face `evaluate`): its tokenizer, NLTK's Porter
    /// stemmer, the best reference by F.
    RougeScore,
    /// ROUGE-1.5.5's semantics over the words of every script, lowercased with Unicode rules;
    /// stemming by --language.
    Unicode,
}

impl From<CompatArg> for Mode {
    fn from(c: CompatArg) -> Mode {
        match c {
            CompatArg::Perl => Mode::Perl,
            CompatArg::RougeScore => Mode::RougeScore,
            CompatArg::Unicode => Mode::Unicode,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MultiRefArg {
    /// Sum hits and counts over the references (ROUGE-1.5.5 -f A; default of perl and unicode).
    Average,
    /// The reference with the best recall (ROUGE-1.5.5 -f B).
    BestRecall,
    /// The reference with the best F, per metric (rouge-score's default).
    BestF,
}

#[derive(Args, Debug)]
#[command(after_help = "Inputs:
  Line files: SYSTEM and each REFERENCE hold one summary per line, line-aligned; sentences within
  a line are separated by --separator (default <n>). Several REFERENCE files give several
  references per summary.
  Pairs: --pairs FILE.jsonl (or a Parquet file with the same columns), one JSON object a line
  with `id`, `system` (a string or a list of sentences) and `references` (a list of references,
  each a string or a list of sentences).

Examples:
  lede rouge system.txt reference.txt
  lede rouge --compat perl --metrics rouge-1,rouge-2,rouge-l,rouge-w,rouge-su4 sys.txt ref.txt
  lede rouge --pairs pairs.jsonl --per-doc scores.jsonl --json
  lede rouge lead3.txt ref.txt --compare textrank.txt")]
pub struct RougeArgs {
    /// System summaries, one per line (or `-` for standard input).
    #[arg(value_name = "SYSTEM", required_unless_present = "pairs")]
    system: Option<PathBuf>,

    /// Reference summaries, line-aligned with SYSTEM; give several files for several
    /// references per summary.
    #[arg(value_name = "REFERENCE", required_unless_present = "pairs")]
    references: Vec<PathBuf>,

    /// Read system/reference pairs from a JSONL or Parquet file instead of line files.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["system", "references"], help_heading = "Input")]
    pairs: Option<PathBuf>,

    /// Pairs: the field with the system summary (a dotted path reaches into objects, as in
    /// `system_outputs.simcls`): a string, a list of sentences, or lede's own highlights (the
    /// objects of `lede summarize --output json` or the structs of its Parquet output, whose
    /// `text` is the sentence).
    #[arg(
        long,
        default_value = "system",
        value_name = "PATH",
        help_heading = "Input"
    )]
    system_field: String,

    /// Pairs: the field with the references. `references` holds a list of references; any other
    /// field holds one reference (a string or a list of sentences), or several when its items
    /// are lists. Repeat for references in several fields.
    #[arg(long, value_name = "PATH", help_heading = "Input")]
    reference_field: Vec<String>,

    /// Separator of sentences inside a summary line or string ("" for none). Newlines always
    /// separate sentences.
    #[arg(
        long,
        default_value = "<n>",
        value_name = "STR",
        help_heading = "Input"
    )]
    separator: String,

    /// Split summaries given as one string (without separators) into sentences with lede's
    /// segmenter (detects lowercased, tokenized research text). ROUGE-Lsum needs sentences.
    #[arg(long, help_heading = "Input")]
    split_sentences: bool,

    /// Which reference implementation to follow; always named in the output.
    #[arg(long, value_enum, default_value_t = CompatArg::Unicode, help_heading = "Scoring")]
    compat: CompatArg,

    /// Metrics, comma-separated: rouge-1 .. rouge-9, rouge-l (whole summary as one sequence),
    /// rouge-lsum (union LCS over sentences; ROUGE-1.5.5's ROUGE-L), rouge-w[-1.2],
    /// rouge-s4, rouge-su4, rouge-s*, rouge-su*. `perl` gives ROUGE-1.5.5's usual set.
    #[arg(
        long,
        default_value = "rouge-1,rouge-2,rouge-lsum",
        value_name = "LIST",
        help_heading = "Scoring"
    )]
    metrics: String,

    /// Do not stem (stemming is on by default: ROUGE-1.5.5 -m, rouge-score use_stemmer=True,
    /// as summarization papers report).
    #[arg(long, help_heading = "Scoring")]
    no_stem: bool,

    /// Remove stopwords before counting (ROUGE-1.5.5 -s, the SMART list; other languages in
    /// unicode mode use their own list).
    #[arg(long, help_heading = "Scoring")]
    remove_stopwords: bool,

    /// Weight of precision in F: F = PR / ((1-alpha)P + alpha R). 0.5 gives F1.
    #[arg(
        long,
        default_value_t = 0.5,
        value_name = "A",
        help_heading = "Scoring"
    )]
    alpha: f64,

    /// Only the first N words of every summary (ROUGE-1.5.5 -l).
    #[arg(
        short = 'l',
        long,
        value_name = "N",
        conflicts_with = "byte_limit",
        help_heading = "Scoring"
    )]
    word_limit: Option<usize>,

    /// Only the first N bytes of every summary (ROUGE-1.5.5 -b).
    #[arg(short = 'b', long, value_name = "N", help_heading = "Scoring")]
    byte_limit: Option<usize>,

    /// How several references combine (default: the mode's own rule).
    #[arg(long, value_enum, help_heading = "Scoring")]
    multi_ref: Option<MultiRefArg>,

    /// Language for the unicode mode's stemmer and stopwords, and for --split-sentences.
    #[arg(
        long,
        default_value = "english",
        value_name = "LANG",
        help_heading = "Scoring"
    )]
    language: String,

    /// Compare against a second system (same format as SYSTEM, or a pairs file with the same
    /// ids in the same order): paired test of whether SYSTEM beats it.
    #[arg(long, value_name = "OTHER", help_heading = "Statistics")]
    compare: Option<PathBuf>,

    /// Bootstrap resamples (and permutations of the paired test).
    #[arg(
        long,
        default_value_t = 1000,
        value_name = "N",
        help_heading = "Statistics"
    )]
    resamples: usize,

    /// Confidence level of the intervals, between 0 and 1: 0.95 for 95% intervals (a
    /// percentage such as 95 is refused, as in `lede eval`).
    #[arg(
        long,
        default_value_t = 0.95,
        value_name = "LEVEL",
        value_parser = parse_confidence,
        help_heading = "Statistics"
    )]
    confidence: f64,

    /// Seed of the bootstrap and the permutation test (the same default as `lede eval`).
    #[arg(
        long,
        default_value_t = 1,
        value_name = "N",
        help_heading = "Statistics"
    )]
    seed: u64,

    /// Write each pair's scores (id, and r/p/f per metric) to this JSONL file.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    per_doc: Option<PathBuf>,

    /// Print the aggregate as JSON.
    #[arg(long, help_heading = "Output")]
    json: bool,

    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", help_heading = "Output")]
    threads: Option<usize>,

    /// No progress bar on standard error.
    #[arg(short, long, help_heading = "Output")]
    quiet: bool,
}

/// Per-document scores: one row per pair, one column per metric.
type Rows = Vec<Vec<Score>>;

/// One system summary with its references, as sentences.
pub struct Pair {
    pub id: Value,
    pub system: Vec<String>,
    pub references: Vec<Vec<String>>,
}

impl RougeArgs {
    fn config(&self) -> Result<Config> {
        let language: Language = self
            .language
            .parse()
            .with_context(|| "invalid --language".to_string())?;
        let limit = match (self.word_limit, self.byte_limit) {
            (Some(0), _) | (_, Some(0)) => {
                return Err(crate::usage!("invalid length limit: must be at least 1"))
            }
            (Some(n), _) => Some(Limit::Words(n)),
            (_, Some(n)) => Some(Limit::Bytes(n)),
            _ => None,
        };
        Ok(Config {
            mode: self.compat.into(),
            metrics: Metric::parse_list(&[&self.metrics])
                .map_err(|e| crate::usage!("invalid --metrics: {e:#}"))?,
            stem: !self.no_stem,
            remove_stopwords: self.remove_stopwords,
            alpha: self.alpha,
            limit,
            language,
            multi_ref: self.multi_ref.map(|m| match m {
                MultiRefArg::Average => MultiRef::Average,
                MultiRefArg::BestRecall => MultiRef::BestRecall,
                MultiRefArg::BestF => MultiRef::BestF,
            }),
        })
    }

    fn aggregation(&self, mode: Mode) -> Result<Aggregation> {
        if !(1..=crate::MAX_RESAMPLES).contains(&self.resamples) {
            return Err(crate::usage!(
                "invalid --resamples: from 1 to {}",
                crate::MAX_RESAMPLES
            ));
        }
        Ok(Aggregation {
            resamples: self.resamples,
            confidence: self.confidence,
            seed: self.seed,
            perl: mode == Mode::Perl,
        })
    }
}

/// `--confidence` of `lede rouge` and `lede eval`: a level strictly between 0 and 1. A
/// percentage (95 for 0.95) is refused with what it would have meant, never read as 0.95%.
pub fn parse_confidence(arg: &str) -> Result<f64, String> {
    let level: f64 = arg
        .trim()
        .parse()
        .map_err(|_| "not a number: give a level between 0 and 1, e.g. 0.95".to_string())?;
    if level > 0.0 && level < 1.0 {
        return Ok(level);
    }
    if level > 1.0 && level < 100.0 {
        return Err(format!(
            "the confidence is a level between 0 and 1, not a percentage: for {}% \
             intervals write {}",
            level,
            (level / 100.0 * 1e9).round() / 1e9
        ));
    }
    Err("must be between 0 and 1, exclusive (0.95 for 95% intervals)".to_string())
}

/// A confidence level as a percentage for display: 0.95 -> "95", 0.975 -> "97.5".
fn percent(level: f64) -> String {
    format!("{}", (level * 100.0 * 1e9).round() / 1e9)
}

/// Lines of a file as UTF-8 strings, with the file and line number in every error.
fn read_lines(path: &Path) -> Result<Vec<String>> {
    Ok(lede_batch::dataset::read_lines(path)?)
}

fn read_line_pairs(
    system: &Path,
    references: &[PathBuf],
    separator: &str,
    segmenter: Option<&Segmenter>,
) -> Result<Vec<Pair>> {
    let sys = read_lines(system)?;
    let mut refs: Vec<Vec<String>> = Vec::new();
    for r in references {
        let lines = read_lines(r)?;
        if lines.len() != sys.len() {
            bail!(
                "{} has {} lines but {} has {}: the files must be line-aligned, one summary per line",
                system.display(),
                sys.len(),
                r.display(),
                lines.len()
            );
        }
        refs.push(lines);
    }
    Ok(sys
        .iter()
        .enumerate()
        .map(|(i, s)| Pair {
            id: json!(i + 1),
            system: split_summary(s, separator, segmenter),
            references: refs
                .iter()
                .map(|r| split_summary(&r[i], separator, segmenter))
                .collect(),
        })
        .collect())
}

/// The value at a dotted path (`a.b.c`); a key with dots in it is tried whole first.
pub fn field<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(v) = record.get(path) {
        return Some(v);
    }
    let mut cur = record;
    for part in path.split('.') {
        cur = cur.get(part)?;
    }
    Some(cur)
}

/// A summary value: a string, or a list of sentences, each a string or an object with a `text`
/// string (lede's highlights, from `--output json` or its Parquet output); a null sentence is
/// left out, as the Python package's `score_arrow` leaves it.
pub fn summary_value(
    v: &Value,
    separator: &str,
    segmenter: Option<&Segmenter>,
) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(split_summary(s, separator, segmenter)),
        Value::Array(items) => items
            .iter()
            .filter(|x| !x.is_null())
            .map(|x| {
                x.as_str()
                    .or_else(|| x.get("text").and_then(Value::as_str))
                    .map(str::to_string)
                    .ok_or_else(|| {
                        format!(
                            "a sentence is {x}, not a string (or an object with a `text` \
                             string, as lede's highlights)"
                        )
                    })
            })
            .collect(),
        Value::Null => Ok(Vec::new()),
        other => Err(format!(
            "expected a string or a list of sentences, found {other}"
        )),
    }
}

/// References in a field: `many` (the `references` field) holds a list of references;
/// otherwise one reference, or several when the items are lists.
pub fn references_value(
    v: &Value,
    many: bool,
    separator: &str,
    segmenter: Option<&Segmenter>,
) -> Result<Vec<Vec<String>>, String> {
    match v {
        Value::Array(items) if many || items.iter().any(Value::is_array) => items
            .iter()
            .map(|r| summary_value(r, separator, segmenter))
            .collect(),
        other => Ok(vec![summary_value(other, separator, segmenter)?]),
    }
}

/// The pairs of a JSONL or Parquet file of records with a system summary and references.
fn read_pairs_file(
    path: &Path,
    system_field: &str,
    reference_fields: &[String],
    separator: &str,
    segmenter: Option<&Segmenter>,
) -> Result<Vec<Pair>> {
    let default_refs = ["references".to_string()];
    let ref_fields: &[String] = if reference_fields.is_empty() {
        &default_refs
    } else {
        reference_fields
    };
    let mut out = Vec::new();
    for (number, unit, record) in lede_batch::dataset::read_json_records(path)? {
        let at = || format!("{}: {unit} {number}", path.display());
        let id = record.get("id").cloned().unwrap_or(json!(number));
        let sys = field(&record, system_field)
            .ok_or_else(|| anyhow::anyhow!("{}: no field `{system_field}`", at()))?;
        let system = summary_value(sys, separator, segmenter)
            .map_err(|e| anyhow::anyhow!("{}: field `{system_field}`: {e}", at()))?;
        let mut references = Vec::new();
        for f in ref_fields {
            let v = field(&record, f).ok_or_else(|| anyhow::anyhow!("{}: no field `{f}`", at()))?;
            references.extend(
                references_value(v, f == "references", separator, segmenter)
                    .map_err(|e| anyhow::anyhow!("{}: field `{f}`: {e}", at()))?,
            );
        }
        out.push(Pair {
            id,
            system,
            references,
        });
    }
    Ok(out)
}

/// Scores every pair, in order, on the current rayon pool, with a progress bar when asked.
pub fn score_pairs(
    rouge: &Rouge,
    pairs: &[Pair],
    progress: &ProgressBar,
) -> Result<Vec<Vec<Score>>> {
    let mut out = Vec::with_capacity(pairs.len());
    for chunk in pairs.chunks(2048) {
        let scored: Vec<Result<Vec<Score>, lede_rouge::RougeError>> = chunk
            .par_iter()
            .map(|p| rouge.score(&p.system, &p.references))
            .collect();
        for (p, s) in chunk.iter().zip(scored) {
            out.push(s.with_context(|| format!("pair {}", p.id))?);
        }
        progress.inc(chunk.len() as u64);
    }
    Ok(out)
}

pub fn progress_bar(len: usize, quiet: bool, what: &str) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() || len < 5000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{spinner}} {what} {{bar:40}} {{pos}}/{{len}} ({{per_sec}}, {{eta}} left)"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn write_per_doc(
    path: &Path,
    mut w: lede_batch::staged::Staged,
    pairs: &[Pair],
    metrics: &[Metric],
    scores: &[Vec<Score>],
    other: Option<&[Vec<Score>]>,
) -> Result<()> {
    let keys: Vec<String> = metrics.iter().map(Metric::key).collect();
    let row = |s: &[Score]| -> serde_json::Map<String, Value> {
        keys.iter()
            .zip(s)
            .map(|(k, s)| {
                (
                    k.clone(),
                    json!({"r": s.recall, "p": s.precision, "f": s.f}),
                )
            })
            .collect()
    };
    for (i, (pair, s)) in pairs.iter().zip(scores).enumerate() {
        let mut obj = serde_json::Map::new();
        obj.insert("id".into(), pair.id.clone());
        obj.extend(row(s));
        if let Some(o) = other {
            obj.insert("compare".into(), Value::Object(row(&o[i])));
        }
        serde_json::to_writer(&mut w, &Value::Object(obj))?;
        w.write_all(b"\n")?;
    }
    w.finish()
        .with_context(|| format!("cannot write {}", path.display()))
}

pub fn run(args: RougeArgs) -> Result<ExitCode> {
    if args.threads == Some(0) {
        return Err(crate::usage!("invalid --threads: must be at least 1"));
    }
    if args.threads.is_some_and(|n| n > crate::MAX_THREADS) {
        return Err(crate::usage!(
            "invalid --threads: at most {}",
            crate::MAX_THREADS
        ));
    }
    let config = args.config()?;
    let mode = config.mode;
    let language = config.language;
    let rouge = Rouge::new(config).map_err(|e| crate::usage!("invalid ROUGE options: {e}"))?;
    let aggregation = args.aggregation(mode)?;
    let segmenter = args
        .split_sentences
        .then(|| Segmenter::new(language).with_form(TextForm::Auto));
    let seg = segmenter.as_ref();

    // Opened before the work, so that a path it may not take (an input's) is refused at once.
    let per_doc = match &args.per_doc {
        Some(path) => {
            let mut inputs: Vec<&Path> = args.references.iter().map(PathBuf::as_path).collect();
            inputs.extend(args.system.as_deref());
            inputs.extend(args.pairs.as_deref());
            inputs.extend(args.compare.as_deref());
            Some(lede_batch::staged::Staged::create(
                Some(path),
                &inputs,
                "the per-document file",
                &crate::output::command_line(),
            )?)
        }
        None => None,
    };
    let pairs = match &args.pairs {
        Some(p) => read_pairs_file(
            p,
            &args.system_field,
            &args.reference_field,
            &args.separator,
            seg,
        )?,
        None => {
            let system = args.system.as_deref().context("no SYSTEM file given")?;
            if args.references.is_empty() {
                bail!("no REFERENCE file given: `lede rouge SYSTEM REFERENCE...` or --pairs FILE");
            }
            read_line_pairs(system, &args.references, &args.separator, seg)?
        }
    };
    if pairs.is_empty() {
        bail!(
            "no summaries to score: {} is empty",
            match (&args.pairs, &args.system) {
                (Some(p), _) | (None, Some(p)) => p.display().to_string(),
                (None, None) => "the input".to_string(),
            }
        );
    }
    let other_pairs = match &args.compare {
        None => None,
        Some(path) => {
            let other = match &args.pairs {
                Some(_) => read_pairs_file(
                    path,
                    &args.system_field,
                    &args.reference_field,
                    &args.separator,
                    seg,
                ),
                None => read_line_pairs(path, &args.references, &args.separator, seg),
            }
            .with_context(|| format!("--compare {}", path.display()))?;
            if other.len() != pairs.len() {
                bail!(
                    "--compare {} has {} summaries but the system has {}",
                    path.display(),
                    other.len(),
                    pairs.len()
                );
            }
            if let Some((a, b)) = pairs.iter().zip(&other).find(|(a, b)| a.id != b.id) {
                bail!(
                    "--compare {}: ids differ (system {} vs {}): both must list the same pairs in the same order",
                    path.display(),
                    a.id,
                    b.id
                );
            }
            // The same references for both systems: those of SYSTEM.
            Some(
                other
                    .into_iter()
                    .zip(&pairs)
                    .map(|(o, p)| Pair {
                        id: o.id,
                        system: o.system,
                        references: p.references.clone(),
                    })
                    .collect::<Vec<_>>(),
            )
        }
    };

    let pool = match args.threads {
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .context("cannot start worker threads")?,
        ),
        None => None,
    };
    let total = pairs.len() + other_pairs.as_ref().map_or(0, Vec::len);
    let progress = progress_bar(total, args.quiet, "scoring");
    let started = std::time::Instant::now();
    let work = || -> Result<(Rows, Option<Rows>)> {
        let a = score_pairs(&rouge, &pairs, &progress)?;
        let b = match &other_pairs {
            Some(o) => Some(score_pairs(&rouge, o, &progress)?),
            None => None,
        };
        Ok((a, b))
    };
    let (scores, other_scores) = match &pool {
        Some(p) => p.install(work)?,
        None => work()?,
    };
    let elapsed = started.elapsed().as_secs_f64();
    progress.finish_and_clear();

    if let (Some(path), Some(w)) = (&args.per_doc, per_doc) {
        write_per_doc(
            path,
            w,
            &pairs,
            rouge.metrics(),
            &scores,
            other_scores.as_deref(),
        )?;
    }
    let metrics = rouge.metrics();
    let summary = aggregation.summarize(&scores, metrics.len());
    let comparisons: Option<Vec<Comparison>> = other_scores.as_ref().map(|o| {
        (0..metrics.len())
            .map(|m| {
                let a: Vec<f64> = scores.iter().map(|r| r[m].f).collect();
                let b: Vec<f64> = o.iter().map(|r| r[m].f).collect();
                paired_test(&a, &b, args.resamples, aggregation.confidence, args.seed)
            })
            .collect()
    });
    let empty_refs = pairs
        .iter()
        .filter(|p| {
            p.references
                .iter()
                .all(|r| r.iter().all(|s| s.trim().is_empty()))
        })
        .count();

    let mut out = io::stdout().lock();
    if args.json {
        let value = report_json(
            &args,
            &rouge,
            &aggregation,
            &pairs,
            &summary,
            comparisons.as_deref(),
            elapsed,
            empty_refs,
        );
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        write_report(
            &mut out,
            &args,
            &rouge,
            &aggregation,
            pairs.len(),
            &summary,
            comparisons.as_deref(),
            elapsed,
            empty_refs,
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
fn report_json(
    args: &RougeArgs,
    rouge: &Rouge,
    aggregation: &Aggregation,
    pairs: &[Pair],
    summary: &[MetricSummary],
    comparisons: Option<&[Comparison]>,
    elapsed: f64,
    empty_refs: usize,
) -> Value {
    let c = rouge.config();
    let metrics: serde_json::Map<String, Value> = rouge
        .metrics()
        .iter()
        .zip(summary)
        .map(|(m, s)| (m.key(), serde_json::to_value(s).unwrap_or(Value::Null)))
        .collect();
    let mut v = json!({
        "mode": c.mode.name(),
        "description": rouge.describe(),
        "stem": c.stem,
        "remove_stopwords": c.remove_stopwords,
        "alpha": c.alpha,
        "multi_reference": rouge.multi_ref().name(),
        "limit": c.limit,
        "language": c.language.name(),
        "pairs": pairs.len(),
        "pairs_with_empty_references": empty_refs,
        "aggregation": aggregation,
        "aggregation_description": aggregation.describe(),
        "seconds": elapsed,
        "metrics": metrics,
    });
    if let (Some(cmp), Some(path)) = (comparisons, &args.compare) {
        let per: serde_json::Map<String, Value> = rouge
            .metrics()
            .iter()
            .zip(cmp)
            .map(|(m, c)| {
                let mut o = serde_json::to_value(c).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut o {
                    map.insert(
                        "a_better".into(),
                        json!(c.p_value < 1.0 - aggregation.confidence),
                    );
                }
                (m.key(), o)
            })
            .collect();
        v["compare"] = json!({
            "other": path.display().to_string(),
            "test": "paired permutation test on per-document F, one-sided (A > B)",
            "metrics": per,
        });
    }
    v
}

#[allow(clippy::too_many_arguments)]
fn write_report(
    out: &mut impl Write,
    args: &RougeArgs,
    rouge: &Rouge,
    aggregation: &Aggregation,
    n: usize,
    summary: &[MetricSummary],
    comparisons: Option<&[Comparison]>,
    elapsed: f64,
    empty_refs: usize,
) -> Result<()> {
    writeln!(out, "ROUGE: {}", rouge.describe())?;
    writeln!(
        out,
        "{n} pairs scored in {elapsed:.2} s; {}",
        aggregation.describe()
    )?;
    if empty_refs > 0 {
        writeln!(
            out,
            "note: {empty_refs} pairs have empty references; they score 0"
        )?;
    }
    writeln!(out)?;
    let pct = format!("{}% CI", percent(aggregation.confidence));
    writeln!(
        out,
        "{:<12} {:>8} {:>19} {:>8} {:>19} {:>8} {:>19}",
        "metric", "R", pct, "P", pct, "F", pct
    )?;
    let ci = |i: &lede_rouge::stats::Interval| format!("{:.5}-{:.5}", i.ci_low, i.ci_high);
    for (m, s) in rouge.metrics().iter().zip(summary) {
        writeln!(
            out,
            "{:<12} {:>8.5} {:>19} {:>8.5} {:>19} {:>8.5} {:>19}",
            m.name(),
            s.recall.mean,
            ci(&s.recall),
            s.precision.mean,
            ci(&s.precision),
            s.f.mean,
            ci(&s.f)
        )?;
    }
    if let (Some(cmp), Some(path)) = (comparisons, &args.compare) {
        writeln!(out)?;
        writeln!(
            out,
            "compare: {} (A) vs {} (B), paired permutation test on F, one-sided, {} permutations",
            args.system
                .as_ref()
                .or(args.pairs.as_ref())
                .map_or("system".to_string(), |p| p.display().to_string()),
            path.display(),
            args.resamples
        )?;
        writeln!(
            out,
            "{:<12} {:>8} {:>8} {:>9} {:>19} {:>11}  verdict",
            "metric", "F(A)", "F(B)", "A-B", pct, "p-value"
        )?;
        for (m, c) in rouge.metrics().iter().zip(cmp) {
            let verdict = if c.p_value < 1.0 - aggregation.confidence {
                "A is better"
            } else {
                "no evidence A is better"
            };
            writeln!(
                out,
                "{:<12} {:>8.5} {:>8.5} {:>+9.5} {:>19} {:>11}  {verdict}",
                m.name(),
                c.mean_a,
                c.mean_b,
                c.difference.mean,
                format!("{:+.5}..{:+.5}", c.difference.ci_low, c.difference.ci_high),
                lede_rouge::stats::format_p(c.p_value)
            )?;
        }
    }
    Ok(())
}
