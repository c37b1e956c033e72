//! ROUGE for lede: ROUGE-N, ROUGE-L, ROUGE-Lsum, ROUGE-W, ROUGE-S and ROUGE-SU, in three modes
//! that always say which one they are:
//!
//! - [`Mode::Perl`]: the original ROUGE-1.5.5 script, score for score (its tokenization, its
//!   Porter stemmer with the WordNet exceptions, its SMART stopwords, its sums over several
//!   references, its length limits and its rounding to five decimals).
//! - [`Mode::RougeScore`]: google's `rouge-score` 0.1.2 (its tokenizer, NLTK's Porter stemmer,
//!   `rougeL` over the whole text and `rougeLsum` over newline-split sentences, the best
//!   reference by F).
//! - [`Mode::Unicode`] (the default): the Perl semantics, but words of every script count,
//!   lowercased with Unicode rules, and stemming follows the language. On ASCII text it gives
//!   the Perl scores (unrounded).
//!
//! ```
//! use lede_rouge::{Config, Metric, Mode, Rouge};
//!
//! let rouge = Rouge::new(Config {
//!     mode: Mode::Perl,
//!     metrics: vec![Metric::N(1), Metric::N(2), Metric::Lsum],
//!     stem: true,
//!     ..Config::default()
//! })
//! .unwrap();
//! let system = ["The cat sat on the mat."];
//! let references = [vec!["A cat was sitting on the mat."]];
//! let scores = rouge.score(&system, &references).unwrap();
//! // ROUGE-1 recall: cat, on, the, mat are 4 of the reference's 7 words.
//! assert_eq!(scores[0].recall, 0.57143);
//! ```

mod lcs;
mod oracle;
mod porter_nltk;
mod porter_perl;
pub mod stats;
mod tokenize;

use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;

use lede_text::Language;
use rustc_hash::FxHashMap;
use serde::Serialize;

pub use oracle::Oracle;
pub use tokenize::smart_stopwords;

/// Errors of the ROUGE crate.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RougeError {
    #[error("invalid {option}: {message}")]
    InvalidOption {
        option: &'static str,
        message: String,
    },
    #[error("{what} is not part of {mode}; use --compat perl or the unicode mode")]
    Unsupported { what: String, mode: &'static str },
    #[error("unknown metric `{0}`: use rouge-1 .. rouge-9, rouge-l, rouge-lsum, rouge-w[-WEIGHT] (WEIGHT from 1 to 10), rouge-s[DIST] or rouge-su[DIST] (DIST a number or *)")]
    UnknownMetric(String),
    #[error("{metric}: a sentence pair of {rows} x {cols} tokens needs {cells} table cells, more than the limit of {limit}; split the summaries into sentences")]
    TooLong {
        metric: String,
        rows: usize,
        cols: usize,
        cells: usize,
        limit: usize,
    },
    #[error("unknown mode `{0}`: use perl, rouge-score or unicode")]
    UnknownMode(String),
    #[error("{metric} over {tokens} tokens would count {grams} skip-bigrams, more than the limit of {limit}; use a shorter skip distance (rouge-su4)")]
    TooManyGrams {
        metric: String,
        tokens: usize,
        grams: usize,
        limit: usize,
    },
    #[error("this request needs {work} units of ROUGE work, more than the limit of {limit} (a unit is a pair of tokens compared by ROUGE-L or -Lsum, 4 for ROUGE-W, 16 for each skip-bigram of ROUGE-S, one for each n-gram); send shorter summaries, fewer references or fewer metrics")]
    TooMuchWork { work: u64, limit: u64 },
    #[error("the scoring was stopped: its answer is no longer wanted")]
    Cancelled,
}

/// Which reference implementation the scores follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// ROUGE-1.5.5 (the Perl script papers report).
    Perl,
    /// google rouge-score 0.1.2 (what Hugging Face `evaluate` runs).
    RougeScore,
    /// Perl semantics over the words of every script (the default).
    #[default]
    Unicode,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Perl => "perl",
            Mode::RougeScore => "rouge-score",
            Mode::Unicode => "unicode",
        }
    }

    /// What the mode reproduces, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Mode::Perl => "ROUGE-1.5.5 (Perl) compatible",
            Mode::RougeScore => "rouge-score 0.1.2 compatible",
            Mode::Unicode => "lede Unicode (ROUGE-1.5.5 semantics, words of every script)",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Mode {
    type Err = RougeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "perl" | "rouge-1.5.5" | "rouge155" => Ok(Mode::Perl),
            "rouge-score" | "rouge_score" | "google" => Ok(Mode::RougeScore),
            "unicode" | "default" => Ok(Mode::Unicode),
            _ => Err(RougeError::UnknownMode(s.to_string())),
        }
    }
}

/// How the scores against several references of one summary are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MultiRef {
    /// ROUGE-1.5.5's default (`-f A`): hits and counts summed over the references.
    Average,
    /// ROUGE-1.5.5's `-f B`: the reference with the best recall.
    BestRecall,
    /// rouge-score's `score_multi`: the reference with the best F, per metric.
    BestF,
}

impl MultiRef {
    pub fn name(self) -> &'static str {
        match self {
            MultiRef::Average => "average",
            MultiRef::BestRecall => "best-recall",
            MultiRef::BestF => "best-f",
        }
    }
}

impl FromStr for MultiRef {
    type Err = RougeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "average" | "A" => Ok(MultiRef::Average),
            "best-recall" | "B" => Ok(MultiRef::BestRecall),
            "best-f" | "max" => Ok(MultiRef::BestF),
            _ => Err(RougeError::InvalidOption {
                option: "multi-reference rule",
                message: format!("`{s}`: use average, best-recall or best-f"),
            }),
        }
    }
}

/// A length limit on every summary, as ROUGE-1.5.5's `-l` (words) and `-b` (bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    Words(usize),
    Bytes(usize),
}

/// A ROUGE measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Metric {
    /// ROUGE-N: n-gram overlap (n = 1..=9).
    N(u8),
    /// ROUGE-L: the longest common subsequence of the two summaries taken as one sequence each
    /// (rouge-score's `rougeL`).
    L,
    /// ROUGE-Lsum: summary-level union LCS over sentences (ROUGE-1.5.5's ROUGE-L on one sentence
    /// per line, rouge-score's `rougeLsum`).
    Lsum,
    /// ROUGE-W: weighted LCS (the weight is usually 1.2).
    W(f64),
    /// ROUGE-S (skip-bigrams at most `skip` words apart, any distance when `None`) and, with
    /// `unigrams`, ROUGE-SU.
    S { skip: Option<u32>, unigrams: bool },
}

impl Metric {
    /// The default set: ROUGE-1, ROUGE-2 and ROUGE-Lsum.
    pub fn defaults() -> Vec<Metric> {
        vec![Metric::N(1), Metric::N(2), Metric::Lsum]
    }

    /// Every metric ROUGE-1.5.5 prints with `-n 2 -2 4 -u -w 1.2`, plus ROUGE-L.
    pub fn perl_set() -> Vec<Metric> {
        vec![
            Metric::N(1),
            Metric::N(2),
            Metric::L,
            Metric::Lsum,
            Metric::W(1.2),
            Metric::S {
                skip: Some(4),
                unigrams: true,
            },
        ]
    }

    /// Metrics named in a list ("rouge-1, rouge-2, rouge-lsum"; `perl` is [`Metric::perl_set`]),
    /// duplicates dropped, order kept.
    pub fn parse_list<S: AsRef<str>>(names: &[S]) -> Result<Vec<Metric>, RougeError> {
        let mut out: Vec<Metric> = Vec::new();
        for name in names {
            for part in name
                .as_ref()
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let found = if part == "perl" {
                    Metric::perl_set()
                } else {
                    vec![part.parse()?]
                };
                for m in found {
                    if !out.contains(&m) {
                        out.push(m);
                    }
                }
            }
        }
        if out.is_empty() {
            return Err(RougeError::InvalidOption {
                option: "metrics",
                message: "no metric given".into(),
            });
        }
        Ok(out)
    }

    /// The display name: ROUGE-1, ROUGE-L, ROUGE-Lsum, ROUGE-W-1.2, ROUGE-SU4, ROUGE-S*.
    pub fn name(&self) -> String {
        match *self {
            Metric::N(n) => format!("ROUGE-{n}"),
            Metric::L => "ROUGE-L".into(),
            Metric::Lsum => "ROUGE-Lsum".into(),
            Metric::W(w) => format!("ROUGE-W-{w}"),
            Metric::S { skip, unigrams } => format!(
                "ROUGE-S{}{}",
                if unigrams { "U" } else { "" },
                skip.map_or("*".to_string(), |s| s.to_string())
            ),
        }
    }

    /// The lowercase key used in JSON: rouge-1, rouge-l, rouge-lsum, rouge-w-1.2, rouge-su4.
    pub fn key(&self) -> String {
        self.name().to_ascii_lowercase()
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl FromStr for Metric {
    type Err = RougeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let rest = lower
            .strip_prefix("rouge-")
            .or_else(|| lower.strip_prefix("rouge"))
            .unwrap_or(&lower);
        let bad = || RougeError::UnknownMetric(s.to_string());
        match rest {
            "l" => return Ok(Metric::L),
            "lsum" => return Ok(Metric::Lsum),
            "w" => return Ok(Metric::W(1.2)),
            _ => {}
        }
        if let Some(w) = rest.strip_prefix("w-") {
            // A weight below 1 rewards gaps (recall above 1); a huge one overflows.
            let w: f64 = w.parse().map_err(|_| bad())?;
            if !(1.0..=10.0).contains(&w) {
                return Err(bad());
            }
            return Ok(Metric::W(w));
        }
        let skip_metric = |dist: &str, unigrams: bool| -> Result<Metric, RougeError> {
            let skip = match dist {
                "*" => None,
                "" => Some(4),
                d => Some(d.parse::<u32>().map_err(|_| bad())?),
            };
            Ok(Metric::S { skip, unigrams })
        };
        if let Some(d) = rest.strip_prefix("su") {
            return skip_metric(d, true);
        }
        if let Some(d) = rest.strip_prefix('s') {
            return skip_metric(d, false);
        }
        match rest.parse::<u8>() {
            Ok(n @ 1..=9) => Ok(Metric::N(n)),
            _ => Err(bad()),
        }
    }
}

/// Splits a summary given as one string into sentences: at `separator` when it occurs (as
/// the `<n>` of research files), else with `segmenter` when one is given, else as one sentence
/// (newlines still separate sentences when scoring). Blank pieces are dropped.
pub fn split_summary(
    text: &str,
    separator: &str,
    segmenter: Option<&lede_text::Segmenter>,
) -> Vec<String> {
    if !separator.is_empty() && text.contains(separator) {
        return text
            .split(separator)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
    }
    match segmenter {
        Some(seg) => seg
            .segment(text)
            .sentences
            .iter()
            .map(|s| text[s.range()].to_string())
            .collect(),
        None if text.trim().is_empty() => Vec::new(),
        None => vec![text.to_string()],
    }
}

/// Recall, precision and F of one metric.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Score {
    #[serde(rename = "r")]
    pub recall: f64,
    #[serde(rename = "p")]
    pub precision: f64,
    #[serde(rename = "f")]
    pub f: f64,
}

/// What to compute and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub mode: Mode,
    pub metrics: Vec<Metric>,
    /// Stem words (ROUGE-1.5.5 `-m`, rouge-score `use_stemmer`).
    pub stem: bool,
    /// Drop stopwords before counting (ROUGE-1.5.5 `-s`; not in rouge-score).
    pub remove_stopwords: bool,
    /// Weight of precision in F (ROUGE-1.5.5 `-p`; 0.5 is F1).
    pub alpha: f64,
    /// Truncate every summary (ROUGE-1.5.5 `-l` / `-b`).
    pub limit: Option<Limit>,
    /// Language of the Unicode mode's stemmer and stopwords.
    pub language: Language,
    /// How references are combined; `None` takes the mode's own rule.
    pub multi_ref: Option<MultiRef>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mode: Mode::Unicode,
            metrics: Metric::defaults(),
            stem: false,
            remove_stopwords: false,
            alpha: 0.5,
            limit: None,
            language: Language::English,
            multi_ref: None,
        }
    }
}

/// Upper bound on the skip-bigrams of one summary (ROUGE-S and ROUGE-SU).
const MAX_SKIP_GRAMS: usize = 50_000_000;
/// Upper bound on the table of one sentence pair for the union LCS of ROUGE-Lsum and ROUGE-W
/// (a 30,000 x 30,000-token pair fits; time grows with the cells, memory with their root).
const MAX_LCS_CELLS: usize = 1_000_000_000;

/// A configured ROUGE scorer. Cheap to share between threads (`&Rouge` is `Sync`).
pub struct Rouge {
    config: Config,
    multi_ref: MultiRef,
    rules: tokenize::TermRules,
    fingerprint: u64,
}

impl fmt::Debug for Rouge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rouge")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Rouge {
    pub fn new(config: Config) -> Result<Rouge, RougeError> {
        if !(0.0..=1.0).contains(&config.alpha) || config.alpha.is_nan() {
            return Err(RougeError::InvalidOption {
                option: "alpha",
                message: format!("{} is outside 0..=1", config.alpha),
            });
        }
        if config.metrics.is_empty() {
            return Err(RougeError::InvalidOption {
                option: "metrics",
                message: "no metric to compute".into(),
            });
        }
        for m in &config.metrics {
            if let Metric::N(n) = m {
                if !(1..=9).contains(n) {
                    return Err(RougeError::UnknownMetric(m.name()));
                }
            }
        }
        if config.mode == Mode::RougeScore {
            let mode = "rouge-score 0.1.2";
            if let Some(m) = config
                .metrics
                .iter()
                .find(|m| matches!(m, Metric::W(_) | Metric::S { .. }))
            {
                return Err(RougeError::Unsupported {
                    what: m.name(),
                    mode,
                });
            }
            if config.remove_stopwords {
                return Err(RougeError::Unsupported {
                    what: "stopword removal".into(),
                    mode,
                });
            }
            if config.limit.is_some() {
                return Err(RougeError::Unsupported {
                    what: "a length limit".into(),
                    mode,
                });
            }
            if config.alpha != 0.5 {
                return Err(RougeError::Unsupported {
                    what: "an alpha other than 0.5".into(),
                    mode,
                });
            }
        }
        let multi_ref = config.multi_ref.unwrap_or(match config.mode {
            Mode::RougeScore => MultiRef::BestF,
            _ => MultiRef::Average,
        });
        let rules = tokenize::TermRules::new(
            config.mode,
            config.stem,
            config.remove_stopwords,
            config.language,
        );
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            config.mode.hash(&mut h);
            config.stem.hash(&mut h);
            config.remove_stopwords.hash(&mut h);
            config.language.hash(&mut h);
            h.finish()
        };
        Ok(Rouge {
            config,
            multi_ref,
            rules,
            fingerprint,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The rule used for several references.
    pub fn multi_ref(&self) -> MultiRef {
        self.multi_ref
    }

    /// The metrics, in the order [`Rouge::score`] returns them.
    pub fn metrics(&self) -> &[Metric] {
        &self.config.metrics
    }

    /// A one-line description of everything that changes the numbers.
    pub fn describe(&self) -> String {
        let c = &self.config;
        let stem = match (c.stem, c.mode) {
            (false, _) => "no stemming".to_string(),
            (true, Mode::Perl) => "Porter stemmer + WordNet exceptions (-m)".to_string(),
            (true, Mode::RougeScore) => "NLTK Porter stemmer (use_stemmer)".to_string(),
            (true, Mode::Unicode) if c.language == Language::English => {
                "ROUGE-1.5.5 Porter stemmer + WordNet exceptions".to_string()
            }
            (true, Mode::Unicode) => format!("Snowball {} stemmer", c.language.name()),
        };
        let mut parts = vec![
            format!("mode {} ({})", c.mode.name(), c.mode.describe()),
            stem,
            if c.remove_stopwords {
                "stopwords removed".into()
            } else {
                "stopwords kept".into()
            },
            format!("multi-reference {}", self.multi_ref.name()),
        ];
        if c.alpha != 0.5 {
            parts.push(format!("alpha {}", c.alpha));
        }
        match c.limit {
            Some(Limit::Words(n)) => parts.push(format!("first {n} words")),
            Some(Limit::Bytes(n)) => parts.push(format!("first {n} bytes")),
            None => {}
        }
        parts.join(", ")
    }

    /// Scores one system summary (a list of sentences) against its references (each a list of
    /// sentences), one [`Score`] per configured metric, in order.
    ///
    /// A sentence containing newlines is several sentences, as in the tools' own files. An empty
    /// side scores 0.
    pub fn score<S: AsRef<str>, R: AsRef<str>>(
        &self,
        system: &[S],
        references: &[Vec<R>],
    ) -> Result<Vec<Score>, RougeError> {
        self.score_within(system, references, u64::MAX, &|| true)
    }

    /// As [`Rouge::score`], with a budget: once the summaries are tokenized (linear in their
    /// length), the work the metrics need is counted ([`RougeError::TooMuchWork`] when it is
    /// over `max_work`: a unit is a pair of tokens compared by ROUGE-L or -Lsum, 4 for ROUGE-W,
    /// 16 for each skip-bigram of ROUGE-S, which also bounds their memory, one for each
    /// n-gram), and
    /// `wanted` is asked before each metric and reference ([`RougeError::Cancelled`] when it
    /// answers false).
    pub fn score_within<S: AsRef<str>, R: AsRef<str>>(
        &self,
        system: &[S],
        references: &[Vec<R>],
        max_work: u64,
        wanted: &dyn Fn() -> bool,
    ) -> Result<Vec<Score>, RougeError> {
        WORKSPACE.with(|ws| {
            let mut ws = ws.borrow_mut();
            ws.reset_for(self.fingerprint);
            ws.pair += 1;
            ws.next_local = 0;
            let sys = self.prepare(&mut ws, system.iter().map(AsRef::as_ref));
            let refs: Vec<Prepared> = references
                .iter()
                .map(|r| self.prepare(&mut ws, r.iter().map(AsRef::as_ref)))
                .collect();
            let nsym = ws.next_local as usize;
            if max_work != u64::MAX {
                let work = self.work(&sys, &refs);
                if work > max_work {
                    return Err(RougeError::TooMuchWork {
                        work,
                        limit: max_work,
                    });
                }
            }
            self.config
                .metrics
                .iter()
                .map(|m| {
                    if !wanted() {
                        return Err(RougeError::Cancelled);
                    }
                    self.metric(&mut ws, *m, &sys, &refs, nsym)
                })
                .collect()
        })
    }

    /// The work units of scoring `sys` against `refs` with the configured metrics (see
    /// [`Rouge::score_within`]).
    fn work(&self, sys: &Prepared, refs: &[Prepared]) -> u64 {
        let s = sys.flat.len() as u64;
        let mut total: u64 = 0;
        for metric in &self.config.metrics {
            let cost = match *metric {
                Metric::N(_) => refs
                    .iter()
                    .fold(s, |acc, r| acc.saturating_add(r.flat.len() as u64)),
                Metric::L | Metric::Lsum => refs.iter().fold(0u64, |acc, r| {
                    acc.saturating_add(s.saturating_mul(r.flat.len() as u64))
                }),
                // A weighted cell costs about four plain ones.
                Metric::W(_) => refs.iter().fold(0u64, |acc, r| {
                    acc.saturating_add(s.saturating_mul(r.flat.len() as u64).saturating_mul(4))
                }),
                Metric::S { skip, unigrams } => {
                    let grams = |n: u64| -> u64 {
                        let pairs = match skip {
                            None => n.saturating_mul(n.saturating_sub(1)) / 2,
                            Some(d) => n.saturating_mul(
                                (d as u64).saturating_add(1).min(n.saturating_sub(1)),
                            ),
                        };
                        pairs.saturating_add(if unigrams { n } else { 0 })
                    };
                    refs.iter()
                        .fold(grams(s), |acc, r| {
                            acc.saturating_add(grams(r.flat.len() as u64))
                        })
                        .saturating_mul(16)
                }
            };
            total = total.saturating_add(cost);
        }
        total
    }

    fn prepare<'a>(
        &self,
        ws: &mut Workspace,
        sentences: impl Iterator<Item = &'a str>,
    ) -> Prepared {
        // One unit per line, as the tools read their files.
        let mut lines: Vec<&str> = Vec::new();
        for s in sentences {
            for line in s.split('\n') {
                if !line.is_empty() {
                    lines.push(line);
                }
            }
        }
        let mode = self.config.mode;
        let (ngram_units, lcs_units): (Vec<String>, Option<Vec<String>>) = match self.config.limit {
            None => (Vec::new(), None),
            Some(limit) => {
                let (a, b) = apply_limit(&lines, limit, mode);
                (a, Some(b))
            }
        };
        let mut out = Prepared::default();
        if self.config.limit.is_none() {
            for line in &lines {
                let sent = ws.terms(&self.rules, mode, line);
                out.flat.extend_from_slice(&sent);
                out.sents.push(sent);
            }
        } else {
            for line in &ngram_units {
                let sent = ws.terms(&self.rules, mode, line);
                out.flat.extend_from_slice(&sent);
            }
            for line in lcs_units.iter().flatten() {
                let sent = ws.terms(&self.rules, mode, line);
                out.sents.push(sent);
            }
        }
        out
    }

    fn metric(
        &self,
        ws: &mut Workspace,
        metric: Metric,
        sys: &Prepared,
        refs: &[Prepared],
        nsym: usize,
    ) -> Result<Score, RougeError> {
        let mut counts: Vec<Counts> = Vec::with_capacity(refs.len());
        match metric {
            Metric::N(n) => {
                let sys_grams = ngrams(&sys.flat, n as usize);
                for r in refs {
                    let ref_grams = ngrams(&r.flat, n as usize);
                    counts.push(Counts {
                        hit: overlap(&sys_grams, &ref_grams) as f64,
                        reference: ref_grams.len() as f64,
                        system: sys_grams.len() as f64,
                        select_base: ref_grams.len() as f64,
                    });
                }
            }
            Metric::S { skip, unigrams } => {
                let sys_grams = self.skip_grams(&metric, &sys.flat, skip, unigrams)?;
                for r in refs {
                    let ref_grams = self.skip_grams(&metric, &r.flat, skip, unigrams)?;
                    counts.push(Counts {
                        hit: overlap(&sys_grams, &ref_grams) as f64,
                        reference: ref_grams.len() as f64,
                        system: sys_grams.len() as f64,
                        select_base: ref_grams.len() as f64,
                    });
                }
            }
            Metric::L => {
                for r in refs {
                    let hit = lcs::lcs_len(&r.flat, &sys.flat, nsym);
                    counts.push(Counts {
                        hit: hit as f64,
                        reference: r.flat.len() as f64,
                        system: sys.flat.len() as f64,
                        select_base: r.flat.len() as f64,
                    });
                }
            }
            Metric::Lsum => {
                for r in refs {
                    let hit = union_lcs_hits::<u32>(ws, &metric, r, sys, nsym, 1.0)?;
                    // The reference length is that of its sentence units (they differ from
                    // the token count only under ROUGE-1.5.5's byte limit).
                    let units: usize = r.sents.iter().map(Vec::len).sum();
                    counts.push(Counts {
                        hit,
                        reference: units as f64,
                        system: sys.flat.len() as f64,
                        select_base: units as f64,
                    });
                }
            }
            Metric::W(w) => {
                for r in refs {
                    let hit = union_lcs_hits::<lcs::Weighted>(ws, &metric, r, sys, nsym, w)?;
                    // ROUGE-1.5.5 weighs the model length twice: once per sentence in its
                    // `wlcs` and again when it sums the models (`wlcsWeight($lcsBase)`).
                    let base: f64 = r.sents.iter().map(|s| (s.len() as f64).powf(w)).sum();
                    counts.push(Counts {
                        hit,
                        reference: base.powf(w),
                        system: (sys.flat.len() as f64).powf(w),
                        select_base: base,
                    });
                }
            }
        }
        Ok(self.combine(metric, &counts))
    }

    fn skip_grams(
        &self,
        metric: &Metric,
        tokens: &[u32],
        skip: Option<u32>,
        unigrams: bool,
    ) -> Result<Vec<u128>, RougeError> {
        let n = tokens.len();
        // Pairs within the distance: at most n * min(skip + 1, n - 1), and all of them for *.
        let pairs = match skip {
            None => n.saturating_mul(n.saturating_sub(1)) / 2,
            Some(s) => n.saturating_mul((s as usize).saturating_add(1).min(n.saturating_sub(1))),
        };
        let grams = pairs.saturating_add(if unigrams { n } else { 0 });
        if grams > MAX_SKIP_GRAMS {
            return Err(RougeError::TooManyGrams {
                metric: metric.name(),
                tokens: n,
                grams,
                limit: MAX_SKIP_GRAMS,
            });
        }
        let mut out = Vec::new();
        // As ROUGE-1.5.5's createSkipBigram: pairs (i, j) with j - i - 1 <= skip, and with -u
        // the unigram of every token but the last.
        for i in 0..n.saturating_sub(1) {
            if unigrams {
                out.push(((tokens[i] as u128) << 32) | u32::MAX as u128);
            }
            let last = match skip {
                Some(s) => (i + s as usize + 1).min(n - 1),
                None => n - 1,
            };
            for j in i + 1..=last {
                out.push(((tokens[i] as u128) << 32) | tokens[j] as u128);
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    fn combine(&self, metric: Metric, counts: &[Counts]) -> Score {
        let mode = self.config.mode;
        let alpha = self.config.alpha;
        let inverse = match metric {
            Metric::W(w) => 1.0 / w,
            _ => 1.0,
        };
        let score_of = |c: &Counts| -> Score {
            match mode {
                Mode::RougeScore => rouge_score_formula(metric, c),
                Mode::Perl => perl_formula(c, alpha, inverse, true),
                Mode::Unicode => perl_formula(c, alpha, inverse, false),
            }
        };
        if counts.is_empty() {
            return Score::default();
        }
        match self.multi_ref {
            MultiRef::Average => {
                let total = counts.iter().fold(Counts::default(), |acc, c| Counts {
                    hit: acc.hit + c.hit,
                    reference: acc.reference + c.reference,
                    system: acc.system + c.system,
                    select_base: acc.select_base + c.select_base,
                });
                score_of(&total)
            }
            MultiRef::BestRecall => {
                // The model score ROUGE-1.5.5 compares under -f B: the n-gram recall as it
                // prints it, the LCS recall unrounded, the WLCS recall over the once-weighted
                // model length. The first best model wins.
                let pick = |c: &Counts| -> f64 {
                    if c.select_base == 0.0 {
                        return 0.0;
                    }
                    let q = c.hit / c.select_base;
                    match metric {
                        Metric::W(w) => q.powf(1.0 / w),
                        Metric::L | Metric::Lsum => q,
                        _ if mode == Mode::Perl => round5(q),
                        _ => q,
                    }
                };
                let mut best = -1.0;
                let mut chosen = Counts::default();
                for c in counts {
                    let v = pick(c);
                    if v > best {
                        best = v;
                        chosen = *c;
                    }
                }
                score_of(&chosen)
            }
            MultiRef::BestF => {
                let mut best: Option<Score> = None;
                for c in counts {
                    let s = score_of(c);
                    if best.is_none_or(|b| s.f > b.f) {
                        best = Some(s);
                    }
                }
                best.unwrap_or_default()
            }
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    hit: f64,
    reference: f64,
    system: f64,
    /// The reference length a single-reference recall is taken over when choosing the best
    /// reference (differs from `reference` only for ROUGE-W).
    select_base: f64,
}

/// ROUGE-1.5.5 prints `%7.5f`, and computes F from the printed recall and precision.
pub(crate) fn round5(x: f64) -> f64 {
    format!("{x:.5}").parse().unwrap_or(x)
}

fn perl_formula(c: &Counts, alpha: f64, inverse: f64, round: bool) -> Score {
    let r5 = |x: f64| if round { round5(x) } else { x };
    let ratio = |hit: f64, base: f64| {
        if base != 0.0 {
            let q = hit / base;
            r5(if inverse != 1.0 { q.powf(inverse) } else { q })
        } else {
            r5(0.0)
        }
    };
    let recall = ratio(c.hit, c.reference);
    let precision = ratio(c.hit, c.system);
    let denom = (1.0 - alpha) * precision + alpha * recall;
    let f = if denom > 0.0 {
        r5(precision * recall / denom)
    } else {
        r5(0.0)
    };
    Score {
        recall,
        precision,
        f,
    }
}

fn rouge_score_formula(metric: Metric, c: &Counts) -> Score {
    let (precision, recall) = match metric {
        Metric::L | Metric::Lsum => {
            if c.reference == 0.0 || c.system == 0.0 {
                return Score::default();
            }
            (c.hit / c.system, c.hit / c.reference)
        }
        _ => (c.hit / c.system.max(1.0), c.hit / c.reference.max(1.0)),
    };
    let f = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Score {
        recall,
        precision,
        f,
    }
}

/// Token ids of one side: all tokens in order, and the sentence units for the LCS measures.
#[derive(Debug, Default)]
struct Prepared {
    flat: Vec<u32>,
    sents: Vec<Vec<u32>>,
}

/// ROUGE-1.5.5's `readText` and `readText_LCS` length limits (they differ: the byte limit of
/// the LCS reader checks each sentence on its own).
fn apply_limit(lines: &[&str], limit: Limit, mode: Mode) -> (Vec<String>, Vec<String>) {
    let lower = |s: &str| -> String {
        if mode == Mode::Perl {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        }
    };
    let mut joined = Vec::new();
    let mut units = Vec::new();
    match limit {
        Limit::Words(limit) => {
            let mut used = 0usize;
            for line in lines {
                let words = perl_split_ws(line);
                if used + words.len() < limit {
                    joined.push(lower(line));
                    units.push(lower(line));
                    used += words.len();
                } else {
                    let take = limit.saturating_sub(used);
                    let cut = words[..take.min(words.len())].join(" ");
                    joined.push(lower(&cut));
                    units.push(lower(&cut));
                    break;
                }
            }
        }
        Limit::Bytes(limit) => {
            let mut used = 0usize;
            for line in lines {
                if used + line.len() < limit {
                    joined.push(lower(line));
                    used += line.len();
                } else {
                    joined.push(lower(floor_char(line, limit.saturating_sub(used))));
                    break;
                }
            }
            for line in lines {
                if line.len() < limit {
                    units.push(lower(line));
                } else {
                    units.push(lower(floor_char(line, limit)));
                    break;
                }
            }
        }
    }
    (joined, units)
}

fn floor_char(s: &str, mut at: usize) -> &str {
    if at >= s.len() {
        return s;
    }
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    &s[..at]
}

/// Perl's `split(/\s+/, $s)`: a leading empty field when the string starts with white space,
/// no trailing empty fields.
fn perl_split_ws(s: &str) -> Vec<&str> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C');
    let mut out: Vec<&str> = s.split(is_ws).collect();
    // Runs of white space make empty fields in between: merge them as \s+ does.
    let leading = s.starts_with(is_ws);
    out.retain(|w| !w.is_empty());
    if leading {
        out.insert(0, "");
    }
    out
}

/// Sorted n-grams of a token sequence, packed into u128 (32 bits a token, up to four tokens;
/// longer n-grams are hashed into the same space).
fn ngrams(tokens: &[u32], n: usize) -> Vec<u128> {
    if n == 0 || tokens.len() < n {
        return Vec::new();
    }
    let mut out: Vec<u128> = tokens
        .windows(n)
        .map(|w| {
            if n <= 4 {
                w.iter().fold(0u128, |acc, &t| (acc << 32) | t as u128)
            } else {
                w.iter().fold(0xcbf2_9ce4_8422_2325u128, |acc, &t| {
                    (acc ^ t as u128).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B)
                })
            }
        })
        .collect();
    out.sort_unstable();
    out
}

/// Clipped overlap of two sorted multisets: the sum over grams of the smaller count.
fn overlap(a: &[u128], b: &[u128]) -> usize {
    let (mut i, mut j, mut hit) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                hit += 1;
                i += 1;
                j += 1;
            }
        }
    }
    hit
}

/// Summary-level LCS hits of one reference against the system summary (ROUGE-1.5.5's `lcs` /
/// `wlcs`, rouge-score's `_summary_level_lcs`): for each reference sentence, the union of its
/// LCS positions against every system sentence, each token counted while both sides still
/// have an unused occurrence of it.
fn union_lcs_hits<C: lcs::Cell>(
    ws: &mut Workspace,
    metric: &Metric,
    reference: &Prepared,
    system: &Prepared,
    nsym: usize,
    weight: f64,
) -> Result<f64, RougeError>
where
    Workspace: ScratchFor<C>,
{
    let weighted = C::WEIGHTED;
    if !weighted && reference.sents.len() == 1 && system.sents.len() == 1 {
        // One sentence a side: every LCS token has an unused occurrence on both sides.
        return Ok(lcs::lcs_len(&reference.sents[0], &system.sents[0], nsym) as f64);
    }
    let mut ref_left = vec![0i32; nsym];
    let mut sys_left = vec![0i32; nsym];
    for &t in &reference.flat {
        ref_left[t as usize] += 1;
    }
    for &t in &system.flat {
        sys_left[t as usize] += 1;
    }
    // For the plain LCS, rows of reference tokens absent from a system sentence can be left
    // out of its table: such a row equals the one above it and the traceback always goes up
    // through it, so the marked positions are the same. (Not so for ROUGE-W, whose runs a
    // skipped row would break.)
    // present[t] == c + 1: token t occurs in system sentence c (one array, restamped per
    // sentence, so memory stays at one slot per distinct token).
    let mut present = if weighted {
        Vec::new()
    } else {
        vec![0u32; nsym]
    };
    let mut hit = 0.0;
    let mut mask = Vec::new();
    let (mut kept, mut positions, mut kept_mask) = (Vec::new(), Vec::new(), Vec::new());
    for sent in &reference.sents {
        mask.clear();
        mask.resize(sent.len(), false);
        for (c, cand) in system.sents.iter().enumerate() {
            let too_long = |rows: usize| {
                let cells = rows.saturating_mul(cand.len());
                (cells > MAX_LCS_CELLS).then(|| RougeError::TooLong {
                    metric: metric.name(),
                    rows,
                    cols: cand.len(),
                    cells,
                    limit: MAX_LCS_CELLS,
                })
            };
            if weighted {
                if let Some(e) = too_long(sent.len()) {
                    return Err(e);
                }
                lcs::mark_lcs::<C>(sent, cand, weight, &mut mask, ws.scratch());
                continue;
            }
            let stamp = c as u32 + 1;
            for &t in cand {
                present[t as usize] = stamp;
            }
            kept.clear();
            positions.clear();
            for (j, &t) in sent.iter().enumerate() {
                if present[t as usize] == stamp {
                    kept.push(t);
                    positions.push(j);
                }
            }
            if kept.is_empty() {
                continue;
            }
            if let Some(e) = too_long(kept.len()) {
                return Err(e);
            }
            kept_mask.clear();
            kept_mask.resize(kept.len(), false);
            lcs::mark_lcs::<C>(&kept, cand, weight, &mut kept_mask, ws.scratch());
            for (k, &m) in kept_mask.iter().enumerate() {
                if m {
                    mask[positions[k]] = true;
                }
            }
        }
        let mut run = 0u32;
        for j in 0..sent.len() {
            if !mask[j] {
                continue;
            }
            let t = sent[j] as usize;
            if ref_left[t] > 0 && sys_left[t] > 0 {
                ref_left[t] -= 1;
                sys_left[t] -= 1;
                if weighted {
                    // ROUGE-1.5.5's `wlcs`: a run of consecutive hits of length k adds k^w; a
                    // position whose clip fails neither adds nor ends the run.
                    run += 1;
                    if j + 1 == sent.len() || !mask[j + 1] {
                        hit += (run as f64).powf(weight);
                        run = 0;
                    }
                } else {
                    hit += 1.0;
                }
            }
        }
    }
    Ok(hit)
}

/// Per-thread buffers and the token → id tables (they persist between pairs of one scorer
/// configuration, so each distinct word is lowercased and stemmed once).
struct Workspace {
    fingerprint: u64,
    raw_to_term: FxHashMap<String, u32>,
    term_ids: FxHashMap<String, u32>,
    /// Per-pair dense ids: `local[g]` is valid when `stamp[g] == pair`.
    stamp: Vec<u32>,
    local: Vec<u32>,
    pair: u32,
    next_local: u32,
    buf: String,
    plain: lcs::Scratch<u32>,
    weighted: lcs::Scratch<lcs::Weighted>,
}

const STOPWORD: u32 = u32::MAX;
/// Beyond this many distinct raw tokens the tables are dropped and rebuilt (bounded memory on
/// endless streams of new words).
const MAX_TABLE: usize = 2_000_000;

thread_local! {
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace {
        fingerprint: 0,
        raw_to_term: FxHashMap::default(),
        term_ids: FxHashMap::default(),
        stamp: Vec::new(),
        local: Vec::new(),
        pair: 0,
        next_local: 0,
        buf: String::new(),
        plain: lcs::Scratch::default(),
        weighted: lcs::Scratch::default(),
    });
}

trait ScratchFor<C> {
    fn scratch(&mut self) -> &mut lcs::Scratch<C>;
}

impl ScratchFor<u32> for Workspace {
    fn scratch(&mut self) -> &mut lcs::Scratch<u32> {
        &mut self.plain
    }
}

impl ScratchFor<lcs::Weighted> for Workspace {
    fn scratch(&mut self) -> &mut lcs::Scratch<lcs::Weighted> {
        &mut self.weighted
    }
}

impl Workspace {
    fn reset_for(&mut self, fingerprint: u64) {
        if self.fingerprint != fingerprint || self.raw_to_term.len() > MAX_TABLE {
            self.fingerprint = fingerprint;
            self.raw_to_term.clear();
            self.term_ids.clear();
            self.stamp.clear();
            self.local.clear();
            self.pair = 0;
        }
        if self.pair == u32::MAX {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.pair = 0;
        }
    }

    /// The pair-local ids of the counted terms of one line.
    fn terms(&mut self, rules: &tokenize::TermRules, mode: Mode, line: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut buf = std::mem::take(&mut self.buf);
        tokenize::raw_tokens(mode, line, &mut buf, |raw| {
            let global = match self.raw_to_term.get(raw) {
                Some(&g) => g,
                None => {
                    let g = match rules.term(raw) {
                        None => STOPWORD,
                        Some(term) => {
                            let next = self.term_ids.len() as u32;
                            *self.term_ids.entry(term).or_insert(next)
                        }
                    };
                    self.raw_to_term.insert(raw.to_string(), g);
                    g
                }
            };
            if global == STOPWORD {
                return;
            }
            let g = global as usize;
            if g >= self.stamp.len() {
                self.stamp.resize(g + 1, 0);
                self.local.resize(g + 1, 0);
            }
            if self.stamp[g] != self.pair {
                self.stamp[g] = self.pair;
                self.local[g] = self.next_local;
                self.next_local += 1;
            }
            out.push(self.local[g]);
        });
        self.buf = buf;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rouge(mode: Mode, metrics: Vec<Metric>) -> Rouge {
        Rouge::new(Config {
            mode,
            metrics,
            ..Config::default()
        })
        .unwrap()
    }

    #[test]
    fn metric_names_round_trip() {
        for s in [
            "rouge-1",
            "rouge-4",
            "rouge-l",
            "rouge-lsum",
            "rouge-w-1.2",
            "rouge-su4",
            "rouge-s4",
            "rouge-s*",
            "rouge-su*",
        ] {
            let m: Metric = s.parse().unwrap();
            assert_eq!(m.key(), s);
        }
        assert!("rouge-0".parse::<Metric>().is_err());
        assert!("rouge-x".parse::<Metric>().is_err());
        assert_eq!("ROUGE-W".parse::<Metric>().unwrap(), Metric::W(1.2));
        for w in ["0.5", "0.0001", "1e308", "11", "nan", "inf"] {
            assert!(format!("rouge-w-{w}").parse::<Metric>().is_err(), "{w}");
        }
        assert_eq!("rouge-w-1".parse::<Metric>().unwrap(), Metric::W(1.0));
    }

    #[test]
    fn identical_summaries_score_one() {
        let r = rouge(Mode::Unicode, Metric::perl_set());
        let s = r
            .score(
                &["the cat sat on the mat"],
                &[vec!["the cat sat on the mat"]],
            )
            .unwrap();
        for (m, score) in r.metrics().iter().zip(s) {
            if let Metric::W(_) = m {
                // ROUGE-1.5.5 weighs the reference length twice, so even an identical summary
                // has a ROUGE-W recall below 1 (the script prints 0.69883 here).
                assert!((score.recall - 0.69883).abs() < 5e-6, "{score:?}");
                assert_eq!(score.precision, 1.0);
            } else {
                assert!((score.f - 1.0).abs() < 1e-12, "{m}: {score:?}");
            }
        }
    }

    #[test]
    fn empty_sides_score_zero() {
        for mode in [Mode::Perl, Mode::RougeScore, Mode::Unicode] {
            let metrics = if mode == Mode::RougeScore {
                vec![Metric::N(1), Metric::L, Metric::Lsum]
            } else {
                Metric::perl_set()
            };
            let r = rouge(mode, metrics);
            let empty: [&str; 0] = [];
            for s in r.score(&empty, &[vec!["a b c"]]).unwrap() {
                assert_eq!(s, Score::default());
            }
            for s in r.score(&["a b c"], &[vec![""]]).unwrap() {
                assert_eq!(s.f, 0.0);
            }
            for s in r.score(&["a b c"], &Vec::<Vec<&str>>::new()).unwrap() {
                assert_eq!(s, Score::default());
            }
        }
    }

    #[test]
    fn rouge_score_mode_refuses_what_it_lacks() {
        let err = Rouge::new(Config {
            mode: Mode::RougeScore,
            metrics: vec![Metric::W(1.2)],
            ..Config::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("ROUGE-W-1.2"), "{err}");
    }

    #[test]
    fn unicode_mode_counts_cyrillic_and_accented_words() {
        let r = rouge(Mode::Unicode, vec![Metric::N(1)]);
        let s = r
            .score(&["Привет мир, état café"], &[vec!["привет МИР etat cafe"]])
            .unwrap();
        // привет and мир match (case folded); état/café do not match etat/cafe.
        assert!((s[0].recall - 0.5).abs() < 1e-12, "{s:?}");
        let perl = rouge(Mode::Perl, vec![Metric::N(1)]);
        let p = perl
            .score(&["Привет мир, état café"], &[vec!["привет МИР etat cafe"]])
            .unwrap();
        // The Perl script sees only "tat" and "caf" on the system side.
        assert_eq!(p[0].recall, 0.0);
    }

    #[test]
    fn word_limit_truncates_the_system_summary() {
        let r = Rouge::new(Config {
            mode: Mode::Perl,
            metrics: vec![Metric::N(1)],
            limit: Some(Limit::Words(3)),
            ..Config::default()
        })
        .unwrap();
        // Both sides are cut to their first three words, as the script does.
        let s = r.score(&["a b c d e f"], &[vec!["a b c d e f"]]).unwrap();
        assert_eq!((s[0].recall, s[0].precision), (1.0, 1.0));
        let s = r.score(&["a b c d e f"], &[vec!["d e f"]]).unwrap();
        assert_eq!(s[0].recall, 0.0);
        let s = r.score(&["a b", "c d e f"], &[vec!["c", "x y"]]).unwrap();
        assert_eq!((s[0].recall, s[0].precision), (0.33333, 0.33333)); // as ROUGE-1.5.5 -l 3 prints
    }

    #[test]
    fn huge_work_is_refused_not_attempted() {
        // A skip distance as long as the summary counts every pair: refused like rouge-s*.
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let r = rouge(Mode::Unicode, vec!["rouge-s99999".parse().unwrap()]);
        let err = r
            .score(&[text.as_str()], &[vec![text.as_str()]])
            .unwrap_err();
        assert!(matches!(err, RougeError::TooManyGrams { .. }), "{err}");
        // ROUGE-W's table over two sentences of 40,000 tokens: refused.
        let long: Vec<String> = (0..40_000).map(|i| format!("w{}", i % 7)).collect();
        let long = long.join(" ");
        let r = rouge(Mode::Unicode, vec![Metric::W(1.2)]);
        let err = r
            .score(&[long.as_str()], &[vec![long.as_str()]])
            .unwrap_err();
        assert!(matches!(err, RougeError::TooLong { .. }), "{err}");
        // Many system sentences and many distinct words stay cheap for ROUGE-Lsum.
        let sents: Vec<String> = (0..50_000).map(|i| format!("w{i}")).collect();
        let r = rouge(Mode::Unicode, vec![Metric::Lsum]);
        assert!(r.score(&sents, &[vec!["w1 w2", "x"]]).is_ok());
    }

    #[test]
    fn work_over_the_budget_is_refused_and_unwanted_work_stops() {
        let r = rouge(Mode::Unicode, vec![Metric::N(1), Metric::Lsum]);
        let sys = "a b c d e f g h i j";
        let refs = [vec!["a b c d e"]];
        // ROUGE-1: 10 + 5 n-grams; ROUGE-Lsum: 10 x 5 token pairs.
        assert!(r.score_within(&[sys], &refs, 65, &|| true).is_ok());
        let err = r.score_within(&[sys], &refs, 64, &|| true).unwrap_err();
        assert_eq!(
            err,
            RougeError::TooMuchWork {
                work: 65,
                limit: 64
            }
        );
        assert!(err.to_string().contains("limit of 64"), "{err}");
        // ROUGE-S*: 16 for each of the 45 + 10 skip-bigrams.
        let star = rouge(Mode::Unicode, vec!["rouge-s*".parse().unwrap()]);
        let err = star.score_within(&[sys], &refs, 879, &|| true).unwrap_err();
        assert_eq!(
            err,
            RougeError::TooMuchWork {
                work: 880,
                limit: 879
            }
        );
        let err = r.score_within(&[sys], &refs, 1000, &|| false).unwrap_err();
        assert_eq!(err, RougeError::Cancelled);
        assert_eq!(
            r.score_within(&[sys], &refs, u64::MAX, &|| true).unwrap(),
            r.score(&[sys], &refs).unwrap()
        );
    }

    #[test]
    fn long_pairs_stay_linear() {
        let a: Vec<String> = (0..30_000).map(|i| format!("w{}", i % 5000)).collect();
        let b: Vec<String> = (0..30_000)
            .map(|i| format!("w{}", (i * 7) % 5000))
            .collect();
        let r = rouge(Mode::Unicode, vec![Metric::L]);
        let s = r.score(&[a.join(" ")], &[vec![b.join(" ")]]).unwrap();
        assert!(s[0].f > 0.0 && s[0].f < 1.0);
    }
}
