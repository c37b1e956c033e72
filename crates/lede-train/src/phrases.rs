//! Fitting the phrase weights ([`lede::phrases`]): logistic regression of each training
//! sentence's soft label on the hashed stems and stem pairs of the sentence, by stochastic
//! gradient descent with an L2 penalty (the schedule of Bottou's SGD, as scikit-learn's
//! `SGDClassifier` runs it: a step of `1 / (alpha (t0 + t))`).
//!
//! Like the word lexicon, the weights are cross-fitted: the rows of each fold get the
//! features of weights fit on the other folds, and the model file keeps weights fit on all.
//! The order of the steps comes from a seeded shuffle, so the same rows give the same weights,
//! bit for bit, on any machine and with any number of threads.

use lede::phrases::Phrases;

use crate::TrainError;

/// Settings of the fit.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseOptions {
    /// The table has `2^bits` weights.
    pub bits: u32,
    /// Strength of the L2 penalty.
    pub alpha: f64,
    /// Passes over the rows.
    pub epochs: usize,
    pub seed: u64,
}

impl Default for PhraseOptions {
    fn default() -> Self {
        PhraseOptions {
            bits: lede::phrases::DEFAULT_BITS,
            alpha: 1e-6,
            epochs: 5,
            seed: 1,
        }
    }
}

/// Every training sentence's unit vector of slots, its label and its article's fold.
#[derive(Debug, Default, Clone)]
pub struct PhraseRows {
    entries: Vec<(u32, f32)>,
    ends: Vec<usize>,
    labels: Vec<f32>,
    folds: Vec<u8>,
}

impl PhraseRows {
    /// Adds one sentence (`vector` from [`Phrases::vector`]).
    pub fn push(&mut self, vector: &[(u32, f32)], label: f64, fold: usize) {
        self.entries.extend_from_slice(vector);
        self.ends.push(self.entries.len());
        self.labels.push(label as f32);
        self.folds.push(fold as u8);
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    fn row(&self, i: usize) -> &[(u32, f32)] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.entries[start..self.ends[i]]
    }
}

/// Fits the weights on the rows whose fold is not `without` (all rows for `None`), rounded to
/// 8 bits as a model file keeps them.
pub fn fit_phrases(
    rows: &PhraseRows,
    without: Option<usize>,
    options: &PhraseOptions,
) -> Result<Phrases, TrainError> {
    let mut order: Vec<u32> = (0..rows.len() as u32)
        .filter(|&i| without.is_none_or(|k| rows.folds[i as usize] as usize != k))
        .collect();
    let size = 1usize << options.bits;
    let alpha = options.alpha;
    // The weights are `scale * w`, so that the penalty's shrinking is one multiplication.
    let mut w = vec![0.0f64; size];
    let (mut scale, mut bias) = (1.0f64, 0.0f64);
    // Bottou's first step: the one a typical weight of 1 / sqrt(sqrt(alpha)) would take.
    let typical = (1.0 / alpha.sqrt()).sqrt();
    let t0 = 1.0 / (typical * alpha);
    let mut t = 0.0f64;
    let mut rng = options.seed ^ 0x5851_f42d_4c95_7f2d;
    for _ in 0..options.epochs {
        // Fisher-Yates with a xorshift generator.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &r in &order {
            let x = rows.row(r as usize);
            let eta = 1.0 / (alpha * (t0 + t));
            t += 1.0;
            let dot: f64 = x.iter().map(|&(s, v)| w[s as usize] * v as f64).sum();
            let z = scale * dot + bias;
            let gradient = 1.0 / (1.0 + (-z).exp()) - rows.labels[r as usize] as f64;
            scale *= (1.0 - eta * alpha).max(0.0);
            let step = -eta * gradient;
            if step != 0.0 {
                for &(s, v) in x {
                    w[s as usize] += step * v as f64 / scale;
                }
                // A smaller step for the intercept, as for sparse data.
                bias += step * 0.01;
            }
            if scale < 1e-9 {
                for v in w.iter_mut() {
                    *v *= scale;
                }
                scale = 1.0;
            }
        }
    }
    let weights: Vec<f32> = w.iter().map(|&v| (v * scale) as f32).collect();
    // Weights that ran off to infinity are an error, not a model.
    Phrases::new(options.bits, bias, &weights).map_err(TrainError::Phrases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_which_slots_mark_a_highlight_and_is_deterministic() {
        let mut rows = PhraseRows::default();
        // Slot 3 marks highlights, slot 5 the others; slot 7 is in every sentence.
        for i in 0..600 {
            let hit = i % 3 == 0;
            let mut slots = vec![7, if hit { 3 } else { 5 }];
            let mut v = Vec::new();
            Phrases::vector(&mut slots, &mut v);
            rows.push(&v, if hit { 0.9 } else { 0.05 }, i % 3);
        }
        let options = PhraseOptions {
            bits: 4,
            epochs: 3,
            ..PhraseOptions::default()
        };
        let p = fit_phrases(&rows, None, &options).unwrap();
        assert!(p.weights()[3] > p.weights()[5], "{:?}", p.weights());
        assert!(p.score(&[(3, 1.0)]) > 0.0 && p.score(&[(5, 1.0)]) < 0.0);
        assert_eq!(p, fit_phrases(&rows, None, &options).unwrap());
        // Leaving out fold 0 (every highlight) leaves slot 3 untrained.
        let q = fit_phrases(&rows, Some(0), &options).unwrap();
        assert_eq!(q.weights()[3], 0.0);
    }
}
