//! The cut model: logistic regression over hashed features of a candidate span (its kind,
//! its first and last words, its length and place, what precedes and follows it), trained on
//! CNN/DailyMail highlights aligned with their source sentences (`lede train --compress`).

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::context::Context;
use super::rules::{Candidate, CutKind};
use super::tokens::{Kind, Tok};
use crate::learned::ModelError;

/// Tag of the cut-model file format.
pub const CUT_MODEL_FORMAT: &str = "lede-cut-model";

/// Number of hashed feature slots.
pub const CUT_FEATURES: usize = 1 << 14;

const BUILTIN: &str = include_str!("../../models/compress.json");

/// Which candidate spans to cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CutModel {
    pub format: String,
    /// Logistic-regression weights, one per hashed feature slot.
    pub weights: Vec<f32>,
    pub bias: f32,
    /// Cut when the predicted probability is at least this.
    pub threshold: f64,
    /// How it was made (data, examples, seed), for people reading the file.
    #[serde(default)]
    pub trained: String,
}

impl CutModel {
    /// The model built into lede.
    pub fn builtin() -> Arc<CutModel> {
        static MODEL: OnceLock<Arc<CutModel>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Arc::new(CutModel::from_json(BUILTIN).expect("the built-in cut model is valid"))
            })
            .clone()
    }

    pub fn from_json(s: &str) -> Result<CutModel, ModelError> {
        let m: CutModel = serde_json::from_str(s).map_err(|e| ModelError::Parse(e.to_string()))?;
        if m.format != CUT_MODEL_FORMAT {
            return Err(ModelError::Format(m.format));
        }
        if m.weights.len() != CUT_FEATURES {
            return Err(ModelError::Parse(format!(
                "a cut model has {CUT_FEATURES} weights, this one {}",
                m.weights.len()
            )));
        }
        if !(0.0..=1.0).contains(&m.threshold) || m.weights.iter().any(|w| !w.is_finite()) {
            return Err(ModelError::Parse(
                "threshold or weights out of range".to_string(),
            ));
        }
        Ok(m)
    }

    /// Probability that the candidate is cut.
    pub(crate) fn score(&self, toks: &[Tok], c: &Candidate, ctx: &Context, sentence: usize) -> f64 {
        let mut z = self.bias as f64;
        features(toks, c, ctx, sentence, |slot| {
            z += self.weights[slot] as f64
        });
        1.0 / (1.0 + (-z).exp())
    }
}

/// Calls `emit` with the slot of every feature of candidate `c` (each feature weighs 1).
pub(crate) fn features(
    toks: &[Tok],
    c: &Candidate,
    ctx: &Context,
    sentence: usize,
    mut emit: impl FnMut(usize),
) {
    let kind = c.kind.name();
    let words = toks.iter().filter(|t| t.is_word()).count();
    let len = c.end - c.start;
    let span_words = toks[c.start..c.end].iter().filter(|t| t.is_word()).count();
    let bucket = |x: usize| match x {
        0 => "0",
        1 => "1",
        2..=3 => "2",
        4..=6 => "3",
        7..=10 => "4",
        11..=15 => "5",
        16..=22 => "6",
        _ => "7",
    };
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    // The first and last words of the span, past its punctuation.
    let inner: Vec<&Tok> = toks[c.start..c.end]
        .iter()
        .filter(|t| t.is_word())
        .collect();
    let first = form(inner.first().copied());
    let second = form(inner.get(1).copied());
    let last = form(inner.last().copied());
    let before = form(c.start.checked_sub(1).and_then(|i| toks.get(i)));
    let after = form(toks.get(c.end));
    let left = words.saturating_sub(span_words);
    let place = if c.start == 0 {
        "start"
    } else if toks[c.end..].iter().all(|t| !t.is_word()) {
        "end"
    } else {
        "middle"
    };
    let caps = toks[c.start..c.end]
        .iter()
        .filter(|t| t.kind == Kind::Word && t.cap)
        .count();
    let mut f = |parts: &[&str]| emit(slot(parts));
    f(&["kind", kind]);
    f(&["kind", kind, "len", bucket(span_words)]);
    f(&["kind", kind, "left", bucket(left)]);
    f(&["kind", kind, "place", place]);
    f(&["kind", kind, "first", first]);
    f(&["kind", kind, "first2", first, second]);
    f(&["kind", kind, "last", last]);
    f(&["kind", kind, "before", before]);
    f(&["kind", kind, "after", after]);
    f(&["first", first]);
    f(&["last", last]);
    f(&["len", bucket(span_words)]);
    f(&["frac", DIGITS[(span_words * 10 / words.max(1)).min(9)]]);
    f(&["kind", kind, "caps", bucket(caps)]);
    f(&["tokens", bucket(len), "place", place]);
    // How central the span's words are to the article.
    match ctx.salience(&toks[c.start..c.end], sentence) {
        Some((df, unique, lead)) => {
            let df = DIGITS[((df * 2.0).round() as usize).min(9)];
            let unique = DIGITS[((unique * 4.0).round() as usize).min(9)];
            let lead = DIGITS[((lead * 4.0).round() as usize).min(9)];
            f(&["df", df]);
            f(&["kind", kind, "df", df]);
            f(&["unique", unique]);
            f(&["kind", kind, "unique", unique]);
            f(&["lead", lead]);
            f(&["kind", kind, "lead", lead]);
            f(&["df", df, "lead", lead, "len", bucket(span_words)]);
        }
        None => f(&["kind", kind, "no-content"]),
    }
}

fn form(t: Option<&Tok>) -> &str {
    match t {
        None => "<none>",
        Some(t) if t.kind == Kind::Word => t.lower.as_str(),
        Some(t) if t.kind == Kind::Number => "<num>",
        Some(t) => match t.kind {
            Kind::Comma => ",",
            Kind::End => ".",
            Kind::Quote => "\"",
            Kind::Open => "(",
            Kind::Close => ")",
            Kind::Dash => "--",
            Kind::Colon => ":",
            _ => "<p>",
        },
    }
}

/// FNV-1a over the parts, separated, into a slot.
fn slot(parts: &[&str]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % CUT_FEATURES as u64) as usize
}

/// The features of every candidate of sentence number `index` of an article (`ctx`), for
/// training: (kind, byte span in the sentence, feature slots).
pub fn sentence_candidates(
    sentence: &str,
    ctx: &Context,
    index: usize,
) -> Vec<(CutKind, usize, usize, Vec<usize>)> {
    let toks = super::tokens::tokenize(sentence);
    let protected = super::tokens::protected(&toks);
    super::rules::candidates(&toks, &protected)
        .into_iter()
        .map(|c| {
            let mut slots = Vec::new();
            features(&toks, &c, ctx, index, |s| slots.push(s));
            (c.kind, toks[c.start].start, toks[c.end - 1].end, slots)
        })
        .collect()
}

/// A model that scores each kind by a fixed weight: used before one is trained, and in tests.
pub fn by_kind(weights: &[(CutKind, f32)], threshold: f64) -> CutModel {
    let mut w = vec![0.0f32; CUT_FEATURES];
    for &(kind, x) in weights {
        w[slot(&["kind", kind.name()])] += x;
    }
    CutModel {
        format: CUT_MODEL_FORMAT.to_string(),
        weights: w,
        bias: 0.0,
        threshold,
        trained: "by kind".to_string(),
    }
}
