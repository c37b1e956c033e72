//! Word importance: per stem, how often a news article that uses the word also has it in its
//! highlights. "killed", "arrested" or a club's name reach the highlights far more often than
//! "said", "added" or "statement": a prior over words that in-document statistics cannot see.
//!
//! `lede train` counts the table from its training articles and stores it in the model file,
//! so a model always scores with the table it was trained with. Its training rows see a table
//! counted without their own article (cross-fitting over three folds): a table that had seen
//! an article's highlights would make its rare words look important to the trees.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::phrases::Phrases;

use lede_text::Analyzer;
use rustc_hash::{FxHashMap, FxHashSet};

/// Articles a stem must appear in to be kept in a model file.
pub const MIN_ARTICLES: u32 = 3;

/// Weight, in articles, of the prior rate in each stem's smoothed rate.
const SMOOTHING: f64 = 5.0;

/// Per stem: articles that use it, and of those, articles whose highlights use it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LexiconCounts {
    counts: FxHashMap<String, (u32, u32)>,
}

/// The distinct stems of an article and of its highlights.
#[derive(Debug, Clone, Default)]
pub struct ArticleStems {
    article: FxHashSet<String>,
    highlights: FxHashSet<String>,
}

impl ArticleStems {
    /// Stems `article` and its reference highlights as [`crate::Document`] stems words.
    pub fn new(analyzer: &Analyzer, article: &str, highlights: &[&str]) -> ArticleStems {
        let stems = |text: &str, into: &mut FxHashSet<String>| {
            for (_, w) in analyzer.words(text) {
                let lower = analyzer.lowercase(w);
                into.insert(analyzer.stem(&lower).into_owned());
            }
        };
        let mut s = ArticleStems::default();
        stems(article, &mut s.article);
        for h in highlights {
            stems(h, &mut s.highlights);
        }
        s
    }
}

impl LexiconCounts {
    /// Counts one article.
    pub fn add(&mut self, stems: &ArticleStems) {
        for s in &stems.article {
            let e = self.counts.entry(s.clone()).or_insert((0, 0));
            e.0 += 1;
            if stems.highlights.contains(s) {
                e.1 += 1;
            }
        }
    }

    /// Adds another table's counts.
    pub fn merge(&mut self, other: &LexiconCounts) {
        for (s, &(a, h)) in &other.counts {
            let e = self.counts.entry(s.clone()).or_insert((0, 0));
            e.0 += a;
            e.1 += h;
        }
    }

    /// The stems seen in at least [`MIN_ARTICLES`] articles, sorted: (stem, articles,
    /// highlighted), as a model file stores them.
    pub fn entries(&self) -> Vec<(String, u32, u32)> {
        let mut v: Vec<(String, u32, u32)> = self
            .counts
            .iter()
            .filter(|(_, &(a, _))| a >= MIN_ARTICLES)
            .map(|(s, &(a, h))| (s.clone(), a, h))
            .collect();
        v.sort_unstable();
        v
    }
}

/// Stem -> smoothed highlight rate, ready for lookups; and the phrase weights of the same
/// model ([`Phrases`]).
#[derive(Debug)]
pub struct Lexicon {
    rates: FxHashMap<Box<str>, f32>,
    phrases: Arc<Phrases>,
    /// The rate of a stem the table does not have: the table's overall rate.
    prior: f32,
    /// Tells tables apart in the per-thread caches of rates.
    id: u64,
}

impl Lexicon {
    /// A table from (stem, articles, highlighted) entries.
    pub fn new(entries: &[(String, u32, u32)]) -> Lexicon {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let (articles, highlighted) = entries.iter().fold((0.0, 0.0), |(x, y), e| {
            (x + e.1 as f64, y + e.2.min(e.1) as f64)
        });
        let prior = if articles > 0.0 {
            highlighted / articles
        } else {
            0.0
        };
        let rates = entries
            .iter()
            .map(|(s, a, h)| {
                let rate = (*h.min(a) as f64 + SMOOTHING * prior) / (*a as f64 + SMOOTHING);
                (s.as_str().into(), rate as f32)
            })
            .collect();
        Lexicon {
            rates,
            phrases: Arc::new(Phrases::none()),
            prior: prior as f32,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The same table with phrase weights.
    pub fn with_phrases(mut self, phrases: Arc<Phrases>) -> Lexicon {
        self.phrases = phrases;
        self
    }

    /// The phrase weights (none unless given).
    pub fn phrases(&self) -> &Arc<Phrases> {
        &self.phrases
    }

    /// The smoothed highlight rate of `stem`, or `None` if the table lacks it.
    pub fn rate(&self, stem: &str) -> Option<f32> {
        self.rates.get(stem).copied()
    }

    /// The rate of a stem the table lacks.
    pub fn prior(&self) -> f32 {
        self.prior
    }

    /// Stems in the table.
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lede_text::Language;

    #[test]
    fn counts_rates_and_smoothing() {
        let a = Analyzer::new(Language::English);
        let mut c = LexiconCounts::default();
        for _ in 0..3 {
            c.add(&ArticleStems::new(
                &a,
                "Police arrested a man. He said nothing.",
                &["Man arrested by police"],
            ));
        }
        let entries = c.entries();
        let get = |s: &str| entries.iter().find(|e| e.0 == s).cloned();
        assert_eq!(get("arrest"), Some(("arrest".into(), 3, 3)));
        assert_eq!(get("said"), Some(("said".into(), 3, 0)));
        let lex = Lexicon::new(&entries);
        let (arrest, said) = (lex.rate("arrest").unwrap(), lex.rate("said").unwrap());
        assert!(
            arrest > lex.prior() && lex.prior() > said,
            "{arrest} {said}"
        );
        assert_eq!(lex.rate("zebra"), None);
        // Stems seen in fewer than MIN_ARTICLES articles are left out.
        let mut rare = LexiconCounts::default();
        rare.add(&ArticleStems::new(&a, "A zebra.", &["zebra"]));
        assert!(rare.entries().is_empty());
        let mut merged = c.clone();
        merged.merge(&rare);
        merged.merge(&c);
        let m = merged.entries();
        assert!(m.iter().all(|e| e.0 != "zebra"));
        assert!(m.contains(&("arrest".into(), 6, 6)), "{m:?}");
    }
}
