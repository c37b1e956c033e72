//! The selector: turns sentence scores into highlights within a budget, without repeating
//! itself, in document order.

use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::document::Document;
use crate::scorer::{sparse_dot, term_freqs};
use crate::Error;

/// How long the highlights may be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Budget {
    /// At most this many sentences.
    Sentences(usize),
    /// At most this many words in all.
    Words(usize),
    /// At most this many characters in all (Unicode scalar values, sentences as written).
    Chars(usize),
    /// This fraction of the article's candidate sentences, rounded, at least one.
    Ratio(f64),
}

impl Default for Budget {
    fn default() -> Self {
        Budget::Sentences(3)
    }
}

impl Budget {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        let bad = |option: &'static str, reason: &str| {
            Err(Error::InvalidOption {
                option,
                reason: reason.to_string(),
            })
        };
        match *self {
            Budget::Sentences(0) => bad("sentences", "must be at least 1"),
            Budget::Words(0) => bad("words", "must be at least 1"),
            Budget::Chars(0) => bad("chars", "must be at least 1"),
            Budget::Ratio(r) if !(r > 0.0 && r <= 1.0) => {
                bad("ratio", "must be greater than 0 and at most 1")
            }
            _ => Ok(()),
        }
    }
}

/// How repetition between highlights is avoided.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Redundancy {
    /// No control: the best-scored sentences, whatever they repeat.
    None,
    /// Trigram blocking (Paulus et al. 2018): skip a sentence that shares a word trigram with
    /// one already chosen.
    Trigram,
    /// Maximal marginal relevance (Carbonell & Goldstein 1998): pick by
    /// `lambda · score − (1 − lambda) · max cosine similarity to the chosen`.
    Mmr { lambda: f64 },
}

impl Redundancy {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        match *self {
            Redundancy::Mmr { lambda } if !(0.0..=1.0).contains(&lambda) => {
                Err(Error::InvalidOption {
                    option: "mmr",
                    reason: "lambda must be between 0 and 1".to_string(),
                })
            }
            _ => Ok(()),
        }
    }
}

/// Chooses sentences given their scores.
#[derive(Debug, Clone, Copy)]
pub struct Selector {
    pub budget: Budget,
    pub redundancy: Redundancy,
}

/// What the budget has used so far.
#[derive(Default)]
struct Used {
    sentences: usize,
    words: usize,
    chars: usize,
}

impl Selector {
    /// Indices of the chosen sentences, in document order. Only candidate sentences are
    /// chosen; an empty result means no candidate fits the budget.
    pub fn select(&self, doc: &Document, scores: &[f64]) -> Vec<usize> {
        let mut ranked: Vec<usize> = doc.candidates().collect();
        let max_sentences = match self.budget {
            Budget::Sentences(n) => n,
            Budget::Ratio(r) => ((r * ranked.len() as f64).round() as usize).max(1),
            Budget::Words(_) | Budget::Chars(_) => usize::MAX,
        };
        // Best first; ties go to the earlier sentence.
        ranked.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));

        let mut chosen = match self.redundancy {
            Redundancy::Mmr { lambda } => self.mmr(doc, scores, &ranked, max_sentences, lambda),
            Redundancy::None | Redundancy::Trigram => {
                let block = self.redundancy == Redundancy::Trigram;
                let mut seen: FxHashSet<[u32; 3]> = FxHashSet::default();
                let mut used = Used::default();
                let mut chosen = Vec::new();
                for &i in &ranked {
                    if used.sentences >= max_sentences {
                        break;
                    }
                    if !self.fits(doc, i, &used) {
                        continue;
                    }
                    let words = &doc.sentences[i].words;
                    if block && words.windows(3).any(|t| seen.contains(&[t[0], t[1], t[2]])) {
                        continue;
                    }
                    if block {
                        seen.extend(words.windows(3).map(|t| [t[0], t[1], t[2]]));
                    }
                    self.take(doc, i, &mut used);
                    chosen.push(i);
                }
                chosen
            }
        };
        chosen.sort_unstable();
        chosen
    }

    fn fits(&self, doc: &Document, i: usize, used: &Used) -> bool {
        match self.budget {
            Budget::Words(max) => used.words + doc.sentences[i].words.len() <= max,
            Budget::Chars(max) => used.chars + doc.sentence_text(i).chars().count() <= max,
            Budget::Sentences(_) | Budget::Ratio(_) => true,
        }
    }

    fn take(&self, doc: &Document, i: usize, used: &mut Used) {
        used.sentences += 1;
        used.words += doc.sentences[i].words.len();
        if matches!(self.budget, Budget::Chars(_)) {
            used.chars += doc.sentence_text(i).chars().count();
        }
    }

    fn mmr(
        &self,
        doc: &Document,
        scores: &[f64],
        ranked: &[usize],
        max_sentences: usize,
        lambda: f64,
    ) -> Vec<usize> {
        // Candidates considered: the best 200 by score are plenty for a handful of highlights.
        let pool: Vec<usize> = ranked.iter().copied().take(200).collect();
        let vecs: Vec<Vec<(u32, f64)>> = pool.iter().map(|&i| term_freqs(doc, i)).collect();
        let norms: Vec<f64> = vecs
            .iter()
            .map(|v| v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt())
            .collect();
        let top = pool.first().map(|&i| scores[i]).unwrap_or(0.0);
        let bottom = pool.last().map(|&i| scores[i]).unwrap_or(0.0);
        let span = if top > bottom { top - bottom } else { 1.0 };
        let mut max_sim = vec![0.0f64; pool.len()];
        let mut open: Vec<bool> = vec![true; pool.len()];
        let mut used = Used::default();
        let mut chosen = Vec::new();
        while used.sentences < max_sentences {
            let mut best: Option<(usize, f64)> = None;
            for (k, &i) in pool.iter().enumerate() {
                if !open[k] || !self.fits(doc, i, &used) {
                    continue;
                }
                let relevance = (scores[i] - bottom) / span;
                let value = lambda * relevance - (1.0 - lambda) * max_sim[k];
                if best.is_none_or(|(_, v)| value > v) {
                    best = Some((k, value));
                }
            }
            let Some((k, _)) = best else { break };
            open[k] = false;
            let i = pool[k];
            self.take(doc, i, &mut used);
            chosen.push(i);
            for (m, sim) in max_sim.iter_mut().enumerate() {
                if open[m] && norms[m] > 0.0 && norms[k] > 0.0 {
                    let s = sparse_dot(&vecs[m], &vecs[k]) / (norms[m] * norms[k]);
                    *sim = sim.max(s);
                }
            }
        }
        chosen
    }
}
