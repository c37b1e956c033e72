//! Evaluation for lede: run summarization methods (and the greedy extractive oracle) over a
//! dataset, score them with ROUGE, compare them with paired tests, describe the dataset, and
//! write a self-contained HTML report.
//!
//! The crate does no I/O: callers feed it one [`Example`] at a time (in any order, from any
//! number of threads through [`Evaluator::evaluate`]), then hand the results in input order to
//! an [`Accumulator`], which keeps only what the table and the report need. Memory is bounded
//! by the number of documents times a few numbers, plus the handful of documents the report
//! shows.
//!
//! ```
//! use lede_eval::{Accumulator, EvalOptions, Evaluator, Example, System};
//!
//! let evaluator = Evaluator::new(EvalOptions {
//!     systems: vec![System::Method(lede::Method::Lead), System::Oracle],
//!     ..EvalOptions::default()
//! })
//! .unwrap();
//! let example = Example {
//!     id: "1".into(),
//!     article: "The bridge opened on Monday. Traffic was light. Officials praised the work.".into(),
//!     references: vec![vec!["Bridge opens Monday with light traffic.".into()]],
//! };
//! let doc = evaluator.evaluate(&example).unwrap();
//! let mut acc = Accumulator::new(&evaluator, false);
//! acc.add(&example, doc);
//! let results = acc.finish(&evaluator, &lede_eval::Stats::default());
//! assert_eq!(results.systems[0].name, "lead");
//! assert!(results.systems[1].metrics[0].f.mean >= results.systems[0].metrics[0].f.mean);
//! ```

mod accumulate;
pub mod dataset;
mod report;

use std::ops::Range;
use std::time::Instant;

use lede::{Budget, Compress, Language, Method, Options, Redundancy, Summarizer, TextForm};
use lede_rouge::{Metric, Mode, Rouge, Score};
use serde::Serialize;

pub use accumulate::{Accumulator, Comparison, Results, Stats, SystemResult};
pub use report::html_report;

/// Errors of evaluation.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Summarize(#[from] lede::Error),
    #[error(transparent)]
    Rouge(#[from] lede_rouge::RougeError),
    #[error("the reference is empty")]
    EmptyReference,
    #[error("the article is empty")]
    EmptyArticle,
    #[error("no system to evaluate")]
    NoSystem,
    #[error("`{0}` is listed twice")]
    Duplicate(String),
}

/// Something that writes highlights: a lede method, or the greedy oracle (which reads the
/// reference, so it is an upper bound, not a method).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum System {
    /// A method, compressed or not as [`EvalOptions::compress`] says.
    Method(Method),
    /// A method with full compression (named `METHOD+compress`) or none (`METHOD+whole`)
    /// whatever the run's setting: for comparing them in one run, with the paired test.
    Variant(Method, Compress),
    Oracle,
}

impl System {
    pub fn name(self) -> &'static str {
        match self {
            System::Method(m) => m.name(),
            System::Variant(m, Compress::Connectives) => m.name(),
            System::Variant(m, Compress::Full) => match m {
                Method::Learned => "learned+compress",
                Method::Lead => "lead+compress",
                Method::TextRank => "textrank+compress",
                Method::LexRank => "lexrank+compress",
            },
            System::Variant(m, Compress::Off) => match m {
                Method::Learned => "learned+whole",
                Method::Lead => "lead+whole",
                Method::TextRank => "textrank+whole",
                Method::LexRank => "lexrank+whole",
            },
            System::Oracle => "oracle",
        }
    }
}

impl std::str::FromStr for System {
    type Err = lede::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("oracle") {
            return Ok(System::Oracle);
        }
        match s.split_once('+') {
            Some((m, v)) if v.eq_ignore_ascii_case("compress") => {
                Ok(System::Variant(m.parse()?, Compress::Full))
            }
            Some((m, v)) if v.eq_ignore_ascii_case("whole") => {
                Ok(System::Variant(m.parse()?, Compress::Off))
            }
            _ => s.parse().map(System::Method),
        }
    }
}

/// What to evaluate and how.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// The systems, in table order; the first is the baseline of the paired tests.
    pub systems: Vec<System>,
    pub budget: Budget,
    /// `None`: each method's default.
    pub redundancy: Option<Redundancy>,
    pub language: Language,
    pub form: TextForm,
    /// The oracle's largest number of sentences.
    pub oracle_sentences: usize,
    /// The ROUGE scorer's mode and stemming (the metrics are ROUGE-1, ROUGE-2, ROUGE-Lsum).
    pub mode: Mode,
    pub stem: bool,
    /// The learned method's model (`None`: the one built into lede).
    pub model: Option<std::sync::Arc<lede::Model>>,
    /// What compression cuts from the highlights of [`System::Method`] systems (see
    /// [`lede::compress`]).
    pub compress: Compress,
    /// The cut model of compression (`None`: the one built into lede).
    pub cut_model: Option<std::sync::Arc<lede::CutModel>>,
    /// Also run Lead-3 and the oracle when they are not among the systems (the report compares
    /// every method with Lead-3 and every choice of sentence with the oracle's).
    pub for_report: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            systems: vec![System::Method(Method::Lead)],
            budget: Budget::default(),
            redundancy: None,
            language: Language::English,
            form: TextForm::Auto,
            oracle_sentences: 3,
            mode: Mode::Perl,
            stem: true,
            model: None,
            compress: lede::Options::default().compress,
            cut_model: None,
            for_report: false,
        }
    }
}

/// One document of a dataset.
#[derive(Debug, Clone)]
pub struct Example {
    /// The record's id (or its line number).
    pub id: String,
    pub article: String,
    /// One or more references, each a list of sentences.
    pub references: Vec<Vec<String>>,
}

/// One system's result on one document.
#[derive(Debug, Clone, Serialize)]
pub struct SystemDoc {
    /// Indices of the chosen sentences (document order).
    pub selected: Vec<usize>,
    /// Words in the highlights (tokens with a letter or digit).
    pub words: usize,
    /// One score per metric of [`Evaluator::metrics`].
    pub scores: Vec<Score>,
    /// The system's time on this document, in nanoseconds of its thread's CPU time (wall time
    /// where there is no thread clock); ROUGE not counted.
    #[serde(skip)]
    pub nanos: u64,
}

/// Every system's result on one document.
#[derive(Debug, Clone)]
pub struct DocEval {
    /// The article's sentence spans (as lede segments it), for showing the choices.
    pub sentences: Vec<Range<usize>>,
    /// One per system, in the order of [`EvalOptions::systems`].
    pub systems: Vec<SystemDoc>,
    /// Lead-3 and the oracle, when the report needs them and they are not systems.
    pub lead: Option<SystemDoc>,
    pub oracle: Option<SystemDoc>,
}

/// Runs systems over documents. `&Evaluator` is shared by all threads.
pub struct Evaluator {
    options: EvalOptions,
    summarizers: Vec<Option<Summarizer>>,
    lead: Summarizer,
    rouge: Rouge,
    oracle_rouge: Rouge,
}

impl Evaluator {
    pub fn new(options: EvalOptions) -> Result<Evaluator, EvalError> {
        if options.systems.is_empty() {
            return Err(EvalError::NoSystem);
        }
        for (i, s) in options.systems.iter().enumerate() {
            if options.systems[..i].contains(s) {
                return Err(EvalError::Duplicate(s.name().to_string()));
            }
        }
        if options.oracle_sentences == 0 {
            return Err(lede::Error::InvalidOption {
                option: "oracle-sentences",
                reason: "must be at least 1".into(),
            }
            .into());
        }
        let summarizer = |method: Method, compress: Compress| {
            let o = Options {
                method,
                budget: options.budget,
                redundancy: options.redundancy,
                language: options.language,
                form: options.form,
                compress,
            };
            let mut s = match (&options.model, method) {
                (Some(model), Method::Learned) => Summarizer::with_model(o, model.clone()),
                _ => Summarizer::new(o),
            }?;
            if let Some(m) = &options.cut_model {
                s.set_cut_model(m.clone());
            }
            Ok::<_, lede::Error>(s)
        };
        let summarizers = options
            .systems
            .iter()
            .map(|s| match s {
                System::Method(m) => summarizer(*m, options.compress).map(Some),
                System::Variant(m, compress) => summarizer(*m, *compress).map(Some),
                System::Oracle => Ok(None),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let lead = Summarizer::new(Options {
            method: Method::Lead,
            budget: Budget::Sentences(3),
            redundancy: None,
            language: options.language,
            form: options.form,
            compress: Compress::Off,
        })?;
        let config = |metrics: Vec<Metric>| lede_rouge::Config {
            mode: options.mode,
            metrics,
            stem: options.stem,
            language: options.language,
            ..lede_rouge::Config::default()
        };
        let rouge = Rouge::new(config(Metric::defaults()))?;
        let oracle_rouge = Rouge::new(config(vec![Metric::N(1), Metric::N(2)]))?;
        Ok(Evaluator {
            options,
            summarizers,
            lead,
            rouge,
            oracle_rouge,
        })
    }

    pub fn options(&self) -> &EvalOptions {
        &self.options
    }

    /// The metrics of every score, in order: ROUGE-1, ROUGE-2, ROUGE-Lsum.
    pub fn metrics(&self) -> &[Metric] {
        self.rouge.metrics()
    }

    /// A line saying how the scores are computed.
    pub fn describe(&self) -> String {
        self.rouge.describe()
    }

    /// Runs every system on one document and scores it.
    pub fn evaluate(&self, example: &Example) -> Result<DocEval, EvalError> {
        if example
            .references
            .iter()
            .all(|r| r.iter().all(|s| s.chars().all(|c| !c.is_alphanumeric())))
        {
            return Err(EvalError::EmptyReference);
        }
        if example.article.chars().all(lede_text::is_space) {
            return Err(EvalError::EmptyArticle);
        }
        let text = example.article.as_str();
        let doc = self.lead.document(text);
        let sentences: Vec<Range<usize>> = doc.sentences.iter().map(|s| s.range()).collect();
        let score = |selected: Vec<usize>,
                     texts: Option<Vec<&str>>,
                     nanos: u64|
         -> Result<SystemDoc, EvalError> {
            let chosen: Vec<&str> = texts.unwrap_or_else(|| {
                selected
                    .iter()
                    .map(|&i| &text[sentences[i].clone()])
                    .collect()
            });
            let scores = self.rouge.score(&chosen, &example.references)?;
            Ok(SystemDoc {
                words: chosen.iter().map(|s| count_words(s)).sum(),
                selected,
                scores,
                nanos,
            })
        };
        let run_oracle = || -> Result<SystemDoc, EvalError> {
            let t = Clock::start();
            let texts: Vec<&str> = sentences.iter().map(|r| &text[r.clone()]).collect();
            let oracle = self.oracle_rouge.oracle(
                &texts,
                &example.references,
                self.options.oracle_sentences,
            )?;
            score(oracle.selected, None, t.nanos())
        };
        let run_method = |summarizer: &Summarizer| -> Result<SystemDoc, EvalError> {
            let t = Clock::start();
            let h = summarizer.summarize(text)?;
            let nanos = t.nanos();
            // The summarizer segments the same text with the same options: same sentences.
            score(
                h.highlights.iter().map(|x| x.sentence).collect(),
                Some(h.highlights.iter().map(|x| x.text.as_str()).collect()),
                nanos,
            )
        };
        let mut systems = Vec::with_capacity(self.summarizers.len());
        for s in &self.summarizers {
            systems.push(match s {
                Some(summarizer) => run_method(summarizer)?,
                None => run_oracle()?,
            });
        }
        let has = |want: System| self.options.systems.contains(&want);
        let options_compress = self.options.compress;
        let lead_is_system = self
            .options
            .systems
            .iter()
            .zip(&self.summarizers)
            .any(|(s, z)| {
                (*s == System::Method(Method::Lead) && options_compress != Compress::Full
                    || *s == System::Variant(Method::Lead, Compress::Off))
                    && z.as_ref().is_some_and(|z| {
                        matches!(z.options().budget, Budget::Sentences(3) | Budget::Auto)
                            && z.options().effective_redundancy() == Redundancy::None
                    })
            });
        let lead = if self.options.for_report && !lead_is_system {
            Some(run_method(&self.lead)?)
        } else {
            None
        };
        let oracle = if self.options.for_report && !has(System::Oracle) {
            Some(run_oracle()?)
        } else {
            None
        };
        Ok(DocEval {
            sentences,
            systems,
            lead,
            oracle,
        })
    }
}

/// Time spent by the current thread: its CPU time where the system gives it (so that other
/// work on the machine does not slow the figures down), else wall time.
enum Clock {
    Cpu(u64),
    Wall(Instant),
}

impl Clock {
    fn start() -> Clock {
        match thread_cpu_nanos() {
            Some(n) => Clock::Cpu(n),
            None => Clock::Wall(Instant::now()),
        }
    }

    fn nanos(&self) -> u64 {
        match self {
            Clock::Cpu(start) => thread_cpu_nanos().map_or(0, |now| now.saturating_sub(*start)),
            Clock::Wall(start) => start.elapsed().as_nanos() as u64,
        }
    }
}

#[cfg(unix)]
fn thread_cpu_nanos() -> Option<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer to a local.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

#[cfg(not(unix))]
fn thread_cpu_nanos() -> Option<u64> {
    None
}

/// Words as the length column counts them: whitespace-separated tokens with a letter or digit
/// (so the punctuation tokens of pre-tokenized text do not count).
pub fn count_words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Example {
        Example {
            id: "x".into(),
            article: "Police arrested two men after a bank robbery on Friday. The weather was \
                      mild. The bank said no money was taken in the robbery. A spokesman declined \
                      to comment. Shoppers watched from across the street."
                .into(),
            references: vec![vec![
                "Two men arrested after bank robbery.".into(),
                "No money was taken, the bank says.".into(),
            ]],
        }
    }

    #[test]
    fn oracle_beats_lead_and_runs_on_the_same_sentences() {
        let ev = Evaluator::new(EvalOptions {
            systems: vec![System::Method(Method::Lead), System::Oracle],
            for_report: true,
            ..EvalOptions::default()
        })
        .unwrap();
        let d = ev.evaluate(&example()).unwrap();
        assert_eq!(d.systems.len(), 2);
        assert_eq!(d.systems[0].selected, vec![0, 1, 2]);
        assert_eq!(d.systems[1].selected, vec![0, 2]);
        assert!(d.systems[1].scores[0].f > d.systems[0].scores[0].f);
        // Lead-3 is a system here, so it is not run twice; the oracle neither.
        assert!(d.lead.is_none() && d.oracle.is_none());
        assert_eq!(d.systems[0].words, 10 + 4 + 10);
    }

    #[test]
    fn bad_examples_are_refused() {
        let ev = Evaluator::new(EvalOptions::default()).unwrap();
        let mut e = example();
        e.references = vec![vec!["  ".into()]];
        assert!(matches!(ev.evaluate(&e), Err(EvalError::EmptyReference)));
        e.references = vec![];
        assert!(matches!(ev.evaluate(&e), Err(EvalError::EmptyReference)));
        let mut e = example();
        e.article = "\n ".into();
        assert!(matches!(ev.evaluate(&e), Err(EvalError::EmptyArticle)));
        assert!(matches!(
            Evaluator::new(EvalOptions {
                systems: vec![System::Oracle, System::Oracle],
                ..EvalOptions::default()
            }),
            Err(EvalError::Duplicate(_))
        ));
    }
}
