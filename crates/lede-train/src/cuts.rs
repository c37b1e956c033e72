//! Training the compression cut model ([`lede::CutModel`]).
//!
//! The sentences the learned scorer would choose (its best five of each article) are read as
//! highlights; every span the compression rules allow to be cut becomes a row with the rules'
//! hashed features (its kind, words, length and place, and how central its words are to the
//! article). Its label is what the article's reference highlights did with the span's words:
//! the share of them (stemmed, as ROUGE-1 counts them) that no highlight uses. A span the
//! editors left out entirely is cut (label 1), one they kept word for word is not (label 0).
//! Logistic regression is fit to these soft labels
//! with AdaGrad and a small L2 penalty, rows in input order: the same data and options give
//! the same model file, byte for byte.

use lede::compress::{sentence_candidates, Context, CUT_FEATURES, CUT_MODEL_FORMAT};
use lede::{Analyzer, Budget, CutModel, Language, Method, Options, Summarizer};
use rustc_hash::FxHashSet;

use crate::TrainError;

/// One span of a training sentence.
#[derive(Debug, Clone)]
pub struct CutRow {
    pub slots: Vec<u32>,
    pub label: f32,
}

/// Settings of the cut model's fit.
#[derive(Debug, Clone, PartialEq)]
pub struct CutOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// The probability at which the model cuts.
    pub threshold: f64,
    /// Sentences of each article read as highlights.
    pub sentences: usize,
}

impl Default for CutOptions {
    fn default() -> Self {
        CutOptions {
            epochs: 4,
            learning_rate: 0.1,
            l2: 1e-6,
            threshold: 0.7,
            sentences: 5,
        }
    }
}

/// Turns articles into cut rows.
pub struct CutLabeller {
    summarizer: Summarizer,
    analyzer: Analyzer,
}

impl CutLabeller {
    pub fn new(sentences: usize) -> Result<CutLabeller, TrainError> {
        Ok(CutLabeller {
            summarizer: Summarizer::new(Options {
                method: Method::Learned,
                budget: Budget::Sentences(sentences.max(1)),
                compress: lede::Compress::Off,
                ..Options::default()
            })?,
            analyzer: Analyzer::new(Language::English),
        })
    }

    /// Every word of `text`, stemmed, as ROUGE-1 counts them.
    fn words(&self, text: &str) -> Vec<String> {
        self.analyzer
            .words(text)
            .map(|(_, w)| self.analyzer.stem(&self.analyzer.lowercase(w)).into_owned())
            .collect()
    }

    /// The rows of one article: each span of each chosen sentence, labelled with the share of
    /// its words that no reference highlight uses.
    pub fn rows(&self, article: &str, references: &[Vec<String>]) -> Vec<CutRow> {
        let Ok(h) = self.summarizer.summarize(article) else {
            return Vec::new();
        };
        let reference: FxHashSet<String> = references
            .iter()
            .flatten()
            .flat_map(|r| self.words(r))
            .collect();
        if reference.is_empty() {
            return Vec::new();
        }
        let doc = self.summarizer.document(article);
        let ctx = Context::new((0..doc.sentences.len()).map(|i| doc.sentence_text(i)));
        let mut rows = Vec::new();
        for x in &h.highlights {
            let sentence = &article[x.start..x.end];
            for (_, a, b, slots) in sentence_candidates(sentence, &ctx, x.sentence) {
                let words = self.words(&sentence[a..b]);
                if words.is_empty() {
                    continue;
                }
                let missing = words.iter().filter(|w| !reference.contains(*w)).count();
                rows.push(CutRow {
                    slots: slots.into_iter().map(|s| s as u32).collect(),
                    label: missing as f32 / words.len() as f32,
                });
            }
        }
        rows
    }
}

/// Fits the cut model. `about` is recorded in the file.
pub fn fit_cuts(
    rows: &[CutRow],
    options: &CutOptions,
    about: &str,
) -> Result<CutModel, TrainError> {
    if rows.is_empty() {
        return Err(TrainError::NoRows);
    }
    let mut w = vec![0.0f32; CUT_FEATURES];
    let mut g2 = vec![1e-8f32; CUT_FEATURES];
    let mut bias = 0.0f32;
    let mut bias_g2 = 1e-8f32;
    for _ in 0..options.epochs {
        for row in rows {
            let z: f32 = bias + row.slots.iter().map(|&s| w[s as usize]).sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = p - row.label;
            for &s in &row.slots {
                let s = s as usize;
                let grad = g + options.l2 * w[s];
                g2[s] += grad * grad;
                w[s] -= options.learning_rate * grad / g2[s].sqrt();
            }
            bias_g2 += g * g;
            bias -= options.learning_rate * g / bias_g2.sqrt();
        }
    }
    // Six significant digits are plenty, and keep the file small.
    let round = |x: f32| format!("{x:.6e}").parse::<f32>().unwrap_or(x);
    Ok(CutModel {
        format: CUT_MODEL_FORMAT.to_string(),
        weights: w.into_iter().map(round).collect(),
        bias: round(bias),
        threshold: options.threshold,
        trained: about.to_string(),
    })
}
