//! `lede`: story highlights for news articles.

mod args;
mod eval;
mod extract;
mod output;
mod rouge;
mod segment;
mod serve;
mod summarize;
mod train;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lede",
    version,
    about = "Story highlights for news articles: the three or four bullets a newsroom puts above a story.",
    long_about = "lede reads news articles and writes their story highlights. Every highlight is a \
sentence of the article (extractive), so it is faithful to the article by construction; each \
comes with its byte span in the input and its score. Articles are read from text, web pages \
(HTML, .html.gz), CNN/DailyMail .story files, JSONL datasets or Parquet files (every column \
kept, the highlights added as a column).",
    after_help = "Examples:\n  lede summarize article.txt\n  lede summarize --method lead --output json article.txt\n  \
lede summarize --input jsonl --output-field lede data.jsonl -o out.jsonl\n  \
lede summarize --output-field lede data.parquet -o out.parquet\n  cat story.story | lede summarize --input story -\n  \
lede eval validation.jsonl --report report.html\n  lede rouge --compat perl system.txt reference.txt"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// The largest record read whole: a JSONL line, a text or .story document, a web page
    /// (bytes, or with a unit: 512K, 256M, 1G). Input without an end, such as /dev/zero, is
    /// refused with this limit named instead of filling memory.
    #[arg(long, global = true, value_name = "SIZE", default_value = "64M",
          value_parser = lede_batch::limits::parse_size)]
    max_record: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Write highlights for an article (text, a web page, CNN/DailyMail .story) or a JSONL or
    /// Parquet file of them.
    Summarize(summarize::SummarizeArgs),
    /// Split text into sentences: one per line, or with byte spans (--output json).
    Segment(segment::SegmentArgs),
    /// Score summaries against references with ROUGE (ROUGE-1.5.5, rouge-score or Unicode mode).
    Rouge(rouge::RougeArgs),
    /// Serve the HTTP API and the web page.
    Serve(serve::ServeArgs),
    /// Run methods (and the greedy oracle) over a dataset: ROUGE with intervals, paired tests,
    /// per-document scores and an HTML report.
    Eval(eval::EvalArgs),
    /// Label each article's sentences with the greedy extractive oracle (an upper bound).
    Oracle(eval::OracleArgs),
    /// Dataset statistics: lengths, compression, extractive coverage and density, novel n-grams.
    Stats(eval::StatsArgs),
    /// Train the learned scorer on articles with highlights (writes a model file).
    Train(train::TrainArgs),
    /// Read the article out of a web page (HTML, .html.gz): text, markdown or JSON with metadata.
    Extract(extract::ExtractArgs),
}

fn main() -> ExitCode {
    // --id-field names records in eval's per-document output and report; the other dataset
    // commands take it (their options are shared) but do not use it, so their help leaves it
    // out rather than mention a report they do not write.
    let command = ["oracle", "stats", "train"]
        .into_iter()
        .fold(Cli::command(), |command, name| {
            command.mut_subcommand(name, |sub| sub.mut_arg("id_field", |a| a.hide(true)))
        });
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    lede_batch::limits::set_max_record(cli.max_record);
    let result = match cli.command {
        Command::Summarize(args) => summarize::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Rouge(args) => rouge::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run_eval(args),
        Command::Oracle(args) => eval::run_oracle(args),
        Command::Stats(args) => eval::run_stats(args),
        Command::Train(args) => train::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                // The reader went away (`lede ... | head`): not an error of ours.
                return ExitCode::SUCCESS;
            }
            let _ = io::stdout().flush();
            say!("lede: error: {err:#}");
            ExitCode::from(if is_usage(&err) { 2 } else { 1 })
        }
    }
}

/// Writes a line to standard error, as `eprintln!` does, but goes on if it cannot: a warning
/// or a note that cannot be shown (standard error on a full disk, or a pipe whose reader has
/// gone) must not stop the run and lose its output.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// The most worker threads a command starts (`--threads`): more than any machine's cores,
/// fewer than would exhaust the process's threads.
pub const MAX_THREADS: usize = 4096;

/// Bootstrap resamples and permutations at most (`--resamples`, `--permutations`): a
/// thousand times the default, and memory for one resample's means stays small.
pub const MAX_RESAMPLES: usize = 1_000_000;

/// An option's value that lede refuses ("invalid --threads: must be at least 1"): a usage
/// error, exit 2, as clap gives for a malformed command line.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A [`Usage`] error, formatted: `return Err(usage!("invalid --x: ..."))`.
#[macro_export]
macro_rules! usage {
    ($($arg:tt)*) => {
        anyhow::Error::new($crate::Usage(format!($($arg)*)))
    };
}

/// Whether the error is a refused option's value (out of range, an unknown method or
/// language), from the command line or from the library.
fn is_usage(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.is::<Usage>()
            || e.is::<lede_text::TextError>()
            || matches!(
                e.downcast_ref::<lede::Error>(),
                Some(
                    lede::Error::InvalidOption { .. }
                        | lede::Error::UnknownMethod(_)
                        | lede::Error::Text(_)
                )
            )
    })
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
