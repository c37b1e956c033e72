//! Phrase weights: how much a sentence's own words and word pairs say that it is a highlight.
//!
//! The word lexicon ([`crate::lexicon`]) knows, per stem, how often an article that uses it
//! has it in its highlights: an article-level rate, one word at a time. This is the
//! sentence-level counterpart: a logistic model over the stems and stem pairs ("polic said",
//! "was arrest", "for the first") of a sentence, fit by `lede train` to the sentences'
//! training labels. The stems and pairs are hashed into `2^bits` weights (no vocabulary to
//! store; two phrases may share a weight), each sentence's counts are scaled to unit length,
//! and the score is the model's log-odds. The learned scorer reads the score, its z-score and
//! its rank in the article as three of its features.
//!
//! A model file stores the weights as 8-bit integers with one scale (their loss of precision
//! moves no validation figure), encoded in base64.

use base64::Engine;

/// Bits of the hashed weight table the trainer writes.
pub const DEFAULT_BITS: u32 = 21;

/// The largest table a model file may ask for (2^24 weights, 16 MB in memory).
const MAX_BITS: u32 = 24;

/// A hashed linear model over the stems and stem pairs of a sentence. Its weights are kept
/// as a model file stores them, 8-bit integers times one scale: the table of 2^21 weights
/// takes 2 MB, which the processor's caches hold better than 8.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrases {
    bits: u32,
    bias: f64,
    scale: f64,
    /// Empty: no model (every score is 0).
    weights: Vec<i8>,
}

/// A model file's form of [`Phrases`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredPhrases {
    pub bits: u32,
    pub bias: f64,
    /// A weight is its byte (a signed integer) times `scale`.
    pub scale: f64,
    /// The bytes, base64 (standard alphabet, padded).
    pub weights: String,
}

impl Default for Phrases {
    fn default() -> Self {
        Phrases::none()
    }
}

impl Phrases {
    /// No phrase model: every sentence scores 0.
    pub fn none() -> Phrases {
        Phrases {
            bits: DEFAULT_BITS,
            bias: 0.0,
            scale: 1.0,
            weights: Vec::new(),
        }
    }

    /// A model of `2^bits` weights (`weights.len()` must be `2^bits`), rounded to 8 bits: each
    /// weight becomes the nearest of 255 steps between minus and plus the largest.
    pub fn new(bits: u32, bias: f64, weights: &[f32]) -> Result<Phrases, String> {
        check_shape(bits, weights.len(), bias)?;
        if weights.iter().any(|w| !w.is_finite()) {
            return Err("phrase weights must be finite".to_string());
        }
        let max = weights.iter().fold(0.0f32, |m, w| m.max(w.abs())) as f64;
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        Ok(Phrases {
            bits,
            bias,
            scale,
            weights: weights
                .iter()
                .map(|&w| (w as f64 / scale).round().clamp(-127.0, 127.0) as i8)
                .collect(),
        })
    }

    pub fn is_none(&self) -> bool {
        self.weights.is_empty()
    }

    pub fn bits(&self) -> u32 {
        self.bits
    }

    pub fn bias(&self) -> f64 {
        self.bias
    }

    /// The weight of each slot.
    pub fn weights(&self) -> Vec<f32> {
        self.weights
            .iter()
            .map(|&w| (w as f64 * self.scale) as f32)
            .collect()
    }

    /// Appends to `out` the table slots of a sentence whose stems hash to `stems` (in order):
    /// one per stem and one per pair of neighbours.
    pub fn slots(bits: u32, stems: impl IntoIterator<Item = u64>, out: &mut Vec<u32>) {
        let shift = 64 - bits;
        let mut prev: Option<u64> = None;
        for h in stems {
            out.push((mix(h) >> shift) as u32);
            if let Some(p) = prev {
                out.push(
                    (mix(p.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ h.rotate_left(29)) >> shift)
                        as u32,
                );
            }
            prev = Some(h);
        }
    }

    /// Turns a sentence's slots into its unit-length sparse vector: (slot, value) sorted by
    /// slot, in `out` (`slots` is sorted in place).
    pub fn vector(slots: &mut [u32], out: &mut Vec<(u32, f32)>) {
        out.clear();
        slots.sort_unstable();
        let mut i = 0;
        while i < slots.len() {
            let mut j = i + 1;
            while j < slots.len() && slots[j] == slots[i] {
                j += 1;
            }
            out.push((slots[i], (j - i) as f32));
            i = j;
        }
        let norm = out.iter().map(|&(_, c)| c * c).sum::<f32>().sqrt();
        if norm > 0.0 {
            for e in out.iter_mut() {
                e.1 /= norm;
            }
        }
    }

    /// The log-odds of a sentence given its unit vector (from [`Phrases::vector`]); 0 without
    /// a model.
    pub fn score(&self, vector: &[(u32, f32)]) -> f64 {
        if self.weights.is_empty() {
            return 0.0;
        }
        let dot: f64 = vector
            .iter()
            .map(|&(s, v)| self.weights[s as usize] as f64 * v as f64)
            .sum();
        self.bias + self.scale * dot
    }

    /// The model file's form (`None` without a model).
    pub fn store(&self) -> Option<StoredPhrases> {
        if self.weights.is_empty() {
            return None;
        }
        let bytes: Vec<u8> = self.weights.iter().map(|&w| w as u8).collect();
        Some(StoredPhrases {
            bits: self.bits,
            bias: self.bias,
            scale: self.scale,
            weights: base64::engine::general_purpose::STANDARD.encode(bytes),
        })
    }

    /// Reads the model file's form.
    pub fn load(stored: &StoredPhrases) -> Result<Phrases, String> {
        if !(stored.scale.is_finite() && stored.scale > 0.0) {
            return Err(format!(
                "phrase weight scale {} is not positive",
                stored.scale
            ));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(stored.weights.as_bytes())
            .map_err(|e| format!("phrase weights are not base64: {e}"))?;
        check_shape(stored.bits, bytes.len(), stored.bias)?;
        Ok(Phrases {
            bits: stored.bits,
            bias: stored.bias,
            scale: stored.scale,
            // In place: the decoded bytes become the table.
            weights: bytes.into_iter().map(|b| b as i8).collect(),
        })
    }
}

/// A table of `len` weights must have `2^bits` of them, `bits` in range, and a finite bias.
fn check_shape(bits: u32, len: usize, bias: f64) -> Result<(), String> {
    if !(1..=MAX_BITS).contains(&bits) {
        return Err(format!("phrase table bits {bits} out of 1..={MAX_BITS}"));
    }
    if len != 1 << bits {
        return Err(format!("phrase table of {len} weights, not 2^{bits}"));
    }
    if !bias.is_finite() {
        return Err("the phrase bias must be finite".to_string());
    }
    Ok(())
}

/// SplitMix64's finaliser: spreads a hash's bits so that its top bits choose the slot.
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_count_stems_and_pairs() {
        let mut s = Vec::new();
        Phrases::slots(10, [1u64, 2, 1], &mut s);
        // Three stems and two pairs; the same stem lands in the same slot.
        assert_eq!(s.len(), 5);
        assert_eq!(s[0], s[3]);
        assert!(s.iter().all(|&x| x < 1024));
        // A pair depends on its order.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        Phrases::slots(20, [1u64, 2], &mut a);
        Phrases::slots(20, [2u64, 1], &mut b);
        assert_ne!(a[2], b[2]);
        let mut v = Vec::new();
        Phrases::vector(&mut s, &mut v);
        let norm: f32 = v.iter().map(|e| e.1 * e.1).sum();
        assert!((norm - 1.0).abs() < 1e-6, "{v:?}");
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn scores_and_round_trips_through_the_model_file() {
        let bits = 4;
        let weights: Vec<f32> = (0..16).map(|i| (i as f32 - 8.0) / 4.0).collect();
        let p = Phrases::new(bits, -1.5, &weights).unwrap();
        assert_eq!(p.score(&[(0, 1.0)]), -1.5 - 2.0);
        assert!((p.score(&[(15, 1.0)]) - (-1.5 + 1.75)).abs() < 1e-2);
        assert_eq!(Phrases::none().score(&[(3, 1.0)]), 0.0);
        // Rounded to 8 bits: within half a step of the largest weight / 127.
        for (a, b) in p.weights().iter().zip(&weights) {
            assert!((a - b).abs() <= 2.0 / 127.0 / 2.0 + 1e-6, "{a} {b}");
        }
        let back = Phrases::load(&p.store().unwrap()).unwrap();
        assert_eq!(back, p);
        assert!(Phrases::new(4, 0.0, &[0.0; 15]).is_err());
        assert!(Phrases::new(4, f64::NAN, &[0.0; 16]).is_err());
        let mut bad = p.store().unwrap();
        bad.weights = "not base64!".into();
        assert!(Phrases::load(&bad).is_err());
        bad = p.store().unwrap();
        bad.bits = 5;
        assert!(Phrases::load(&bad).is_err());
    }
}
