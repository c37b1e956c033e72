//! Dataset statistics: lengths, compression, and how extractive the references are
//! (Grusky et al. 2018's extractive fragment coverage and density, and novel n-grams).

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// Lowercased words: maximal runs of letters, digits and combining marks.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || is_mark(c) {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957
        | 0x0962..=0x0963 | 0x064B..=0x065F | 0x0670 | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

/// Grusky et al.'s extractive fragments of `summary` in `article`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fragments {
    /// Share of summary words inside a fragment copied from the article.
    pub coverage: f64,
    /// Mean squared fragment length per summary word (how long the copied runs are).
    pub density: f64,
    /// Article words per summary word.
    pub compression: f64,
}

/// The greedy fragment matching of Grusky et al. (2018): at each summary position, the longest
/// run of words that also occurs in the article; runs do not overlap in the summary.
pub fn fragments(article: &[String], summary: &[String]) -> Fragments {
    let mut at: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (j, w) in article.iter().enumerate() {
        at.entry(w.as_str()).or_default().push(j);
    }
    let (mut i, mut covered, mut squares) = (0usize, 0usize, 0usize);
    while i < summary.len() {
        let mut best = 0usize;
        if let Some(starts) = at.get(summary[i].as_str()) {
            for &j in starts {
                let mut k = 0;
                while i + k < summary.len()
                    && j + k < article.len()
                    && summary[i + k] == article[j + k]
                {
                    k += 1;
                }
                best = best.max(k);
            }
        }
        if best > 0 {
            covered += best;
            squares += best * best;
            i += best;
        } else {
            i += 1;
        }
    }
    let n = summary.len();
    if n == 0 {
        return Fragments {
            coverage: 0.0,
            density: 0.0,
            compression: 0.0,
        };
    }
    Fragments {
        coverage: covered as f64 / n as f64,
        density: squares as f64 / n as f64,
        compression: article.len() as f64 / n as f64,
    }
}

/// The share of the summary's distinct n-grams that are not in the article (`None` when the
/// summary has no n-gram of that size).
pub fn novel_ngrams(article: &[String], summary: &[String], n: usize) -> Option<f64> {
    if n == 0 || summary.len() < n {
        return None;
    }
    fn grams(t: &[String], n: usize) -> FxHashSet<Vec<&str>> {
        t.windows(n)
            .map(|w| w.iter().map(String::as_str).collect())
            .collect()
    }
    let a = grams(article, n);
    let s = grams(summary, n);
    let novel = s.iter().filter(|g| !a.contains(*g)).count();
    Some(novel as f64 / s.len() as f64)
}

/// One document's statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocStats {
    pub article_words: usize,
    pub article_sentences: usize,
    pub reference_words: usize,
    pub reference_sentences: usize,
    pub fragments: Fragments,
    /// Novel 1- to 4-gram shares.
    pub novel: [Option<f64>; 4],
}

/// Statistics of one article and its reference (sentences counted by the caller's segmenter).
pub fn doc_stats(article: &str, article_sentences: usize, reference: &[String]) -> DocStats {
    let a = words(article);
    let r: Vec<String> = reference.iter().flat_map(|s| words(s)).collect();
    DocStats {
        article_words: a.len(),
        article_sentences,
        reference_words: r.len(),
        reference_sentences: reference.iter().filter(|s| !words(s).is_empty()).count(),
        fragments: fragments(&a, &r),
        novel: [1, 2, 3, 4].map(|n| novel_ngrams(&a, &r, n)),
    }
}

/// Mean, median and the 10th and 90th percentiles of one quantity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
}

fn spread(mut v: Vec<f64>) -> Spread {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return Spread {
            mean: 0.0,
            median: 0.0,
            p10: 0.0,
            p90: 0.0,
        };
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    Spread {
        mean: v.iter().sum::<f64>() / v.len() as f64,
        median: q(0.5),
        p10: q(0.1),
        p90: q(0.9),
    }
}

/// A dataset's statistics.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetStats {
    pub documents: usize,
    pub rows: Vec<(String, Spread)>,
}

/// Collects [`DocStats`] and summarises them.
#[derive(Debug, Default)]
pub struct StatsAccumulator {
    columns: Vec<Vec<f64>>,
}

const NAMES: [&str; 11] = [
    "article words",
    "article sentences",
    "reference words",
    "reference sentences",
    "compression (article/reference words)",
    "extractive fragment coverage",
    "extractive fragment density",
    "novel unigrams",
    "novel bigrams",
    "novel trigrams",
    "novel 4-grams",
];

impl StatsAccumulator {
    pub fn add(&mut self, d: &DocStats) {
        if self.columns.is_empty() {
            self.columns = vec![Vec::new(); NAMES.len()];
        }
        let mut values = vec![
            Some(d.article_words as f64),
            Some(d.article_sentences as f64),
            Some(d.reference_words as f64),
            Some(d.reference_sentences as f64),
            (d.reference_words > 0).then_some(d.fragments.compression),
            (d.reference_words > 0).then_some(d.fragments.coverage),
            (d.reference_words > 0).then_some(d.fragments.density),
        ];
        values.extend(d.novel);
        for (c, v) in self.columns.iter_mut().zip(values) {
            if let Some(v) = v {
                c.push(v);
            }
        }
    }

    pub fn finish(self, documents: usize) -> DatasetStats {
        let mut columns = self.columns;
        columns.resize(NAMES.len(), Vec::new());
        DatasetStats {
            documents,
            rows: NAMES
                .iter()
                .zip(columns)
                .map(|(n, c)| (n.to_string(), spread(c)))
                .collect(),
        }
    }
}

impl DatasetStats {
    pub fn table(&self) -> String {
        let mut out = format!("{} documents\n\n", self.documents);
        out.push_str(&format!(
            "{:<40} {:>9} {:>9} {:>9} {:>9}\n",
            "", "mean", "median", "p10", "p90"
        ));
        for (name, s) in &self.rows {
            let pct = name.starts_with("novel") || name.contains("coverage");
            let f = |x: f64| {
                if pct {
                    format!("{:.1}%", x * 100.0)
                } else {
                    format!("{x:.2}")
                }
            };
            out.push_str(&format!(
                "{:<40} {:>9} {:>9} {:>9} {:>9}\n",
                name,
                f(s.mean),
                f(s.median),
                f(s.p10),
                f(s.p90)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn fragments_follow_grusky_et_al() {
        // Their example, in spirit: "the cat sat" copied, "quietly" new, "on the mat" copied.
        let a = w("The cat sat on the mat while the dog slept.");
        let s = w("The cat sat quietly on the mat.");
        let f = fragments(&a, &s);
        assert!((f.coverage - 6.0 / 7.0).abs() < 1e-12, "{f:?}");
        assert!((f.density - (9.0 + 9.0) / 7.0).abs() < 1e-12, "{f:?}");
        assert!((f.compression - 10.0 / 7.0).abs() < 1e-12);
        let copy = fragments(&a, &a);
        assert_eq!(copy.coverage, 1.0);
        assert_eq!(copy.density, a.len() as f64);
        assert_eq!(fragments(&a, &[]).coverage, 0.0);
    }

    #[test]
    fn novel_ngrams_and_words() {
        let a = w("Police said the man fled.");
        let s = w("The man fled, police said.");
        assert_eq!(novel_ngrams(&a, &s, 1), Some(0.0));
        // Bigrams: "the man", "man fled", "fled police", "police said": one is new.
        assert_eq!(novel_ngrams(&a, &s, 2), Some(0.25));
        assert_eq!(novel_ngrams(&a, &s, 9), None);
        assert_eq!(
            words("Ça va?  Привет, МИР 2024"),
            ["ça", "va", "привет", "мир", "2024"]
        );
    }

    #[test]
    fn accumulator_summarises() {
        let mut acc = StatsAccumulator::default();
        for i in 1..=5 {
            let article = "word ".repeat(i * 10);
            acc.add(&doc_stats(&article, i, &["word word".to_string()]));
        }
        let s = acc.finish(5);
        assert_eq!(s.rows[0].1.mean, 30.0);
        assert_eq!(s.rows[0].1.median, 30.0);
        assert_eq!(s.rows[5].1.mean, 1.0);
        assert!(s.table().contains("extractive fragment density"));
    }
}
