//! Sentence scorers behind one trait: Lead, TextRank and LexRank.

use crate::document::Document;

/// Graph scorers rank at most this many candidate sentences (the first ones); later
/// sentences score 0. A news article has a few dozen; the cap keeps the quadratic graph
/// bounded on pathological input (a million one-line "sentences").
pub const MAX_GRAPH_SENTENCES: usize = 2000;

/// Scores every sentence of a document; higher is more highlight-worthy. Non-candidate
/// (boilerplate) sentences may get any score: the selector never picks them.
pub trait Scorer: Send + Sync {
    /// The method's name as the CLI spells it.
    fn name(&self) -> &'static str;
    /// One score per sentence of `doc`, in sentence order.
    fn score(&self, doc: &Document) -> Vec<f64>;
    /// The scores as highlights show them, on the method's documented scale (the selector
    /// ranks by [`Scorer::score`]; this changes no order). By default, as they are.
    fn shown(&self, doc: &Document, scores: &[f64]) -> Vec<f64> {
        let _ = doc;
        scores.to_vec()
    }
}

/// Graph scores as shown: centrality relative to the article's most central candidate (1),
/// so that 0.5 reads as "half as central"; 0 for sentences outside the graph.
fn relative_to_best(doc: &Document, scores: &[f64]) -> Vec<f64> {
    let best = doc.candidates().map(|i| scores[i]).fold(0.0_f64, f64::max);
    let mut shown = vec![0.0; scores.len()];
    if best > 0.0 {
        for i in doc.candidates() {
            shown[i] = (scores[i] / best).clamp(0.0, 1.0);
        }
    }
    shown
}

/// The first sentences of the story: candidate `k` (0-based) scores `1 / (k + 1)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lead;

impl Scorer for Lead {
    fn name(&self) -> &'static str {
        "lead"
    }

    fn score(&self, doc: &Document) -> Vec<f64> {
        let mut scores = vec![0.0; doc.sentences.len()];
        for (rank, i) in doc.candidates().enumerate() {
            scores[i] = 1.0 / (rank as f64 + 1.0);
        }
        scores
    }

    /// Position in the story: 1 for the first candidate sentence, falling evenly to 1/m for
    /// the last of m; 0 for boilerplate.
    fn shown(&self, doc: &Document, _scores: &[f64]) -> Vec<f64> {
        let mut shown = vec![0.0; doc.sentences.len()];
        let m = doc.candidates().count();
        for (rank, i) in doc.candidates().enumerate() {
            shown[i] = (m - rank) as f64 / m as f64;
        }
        shown
    }
}

/// Parameters of the PageRank power iteration shared by the graph scorers.
#[derive(Debug, Clone, Copy)]
pub struct PageRank {
    /// Probability of following an edge (0.85 in both papers).
    pub damping: f64,
    /// Stop when no score moves by more than this between iterations.
    pub tolerance: f64,
    /// Hard cap on iterations (convergence is geometric in `damping`: ~130 iterations for
    /// 1e-9 at 0.85).
    pub max_iterations: usize,
}

impl Default for PageRank {
    fn default() -> Self {
        PageRank {
            damping: 0.85,
            tolerance: 1e-9,
            max_iterations: 1000,
        }
    }
}

impl PageRank {
    /// Stationary scores of the weighted graph `w` (row-major `n × n`, `w[i*n+j]` the weight
    /// of edge i→j). Rows are normalised to transition probabilities; a node without out-edges
    /// jumps uniformly. Scores sum to 1.
    pub fn run(&self, w: &[f64], n: usize) -> Vec<f64> {
        if n == 0 {
            return Vec::new();
        }
        let out_sum: Vec<f64> = (0..n).map(|i| w[i * n..(i + 1) * n].iter().sum()).collect();
        let dangling_nodes: Vec<usize> = (0..n).filter(|&i| out_sum[i] <= 0.0).collect();
        let uniform = 1.0 / n as f64;
        let mut p = vec![uniform; n];
        let mut next = vec![0.0; n];
        for _ in 0..self.max_iterations {
            let dangling: f64 = dangling_nodes.iter().map(|&i| p[i]).sum();
            let base = (1.0 - self.damping) * uniform + self.damping * dangling * uniform;
            next.iter_mut().for_each(|x| *x = base);
            for i in 0..n {
                if out_sum[i] <= 0.0 {
                    continue;
                }
                let share = self.damping * p[i] / out_sum[i];
                let row = &w[i * n..(i + 1) * n];
                for (x, &wij) in next.iter_mut().zip(row) {
                    *x += share * wij;
                }
            }
            let delta = p
                .iter()
                .zip(&next)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            std::mem::swap(&mut p, &mut next);
            if delta < self.tolerance {
                break;
            }
        }
        p
    }
}

/// TextRank (Mihalcea & Tarau 2004): sentences are nodes, edges weighted by word overlap
/// normalised by sentence lengths, `|Si ∩ Sj| / (ln|Si| + ln|Sj|)`, over stemmed content
/// words; scores are weighted PageRank.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextRank {
    pub pagerank: PageRank,
}

impl Scorer for TextRank {
    fn name(&self) -> &'static str {
        "textrank"
    }

    fn score(&self, doc: &Document) -> Vec<f64> {
        let nodes: Vec<usize> = doc.candidates().take(MAX_GRAPH_SENTENCES).collect();
        let n = nodes.len();
        // Per node: its distinct content terms (sorted) and ln of its content-word count.
        let (sets, log_len): (Vec<Vec<u32>>, Vec<f64>) = nodes
            .iter()
            .map(|&i| {
                let mut v: Vec<u32> = doc.content_terms(i).collect();
                let len = (v.len() as f64).ln();
                v.sort_unstable();
                v.dedup();
                (v, len)
            })
            .unzip();
        // Overlaps by AND and popcount of bit sets when the sets are not much sparser than the
        // vocabulary (the usual news article), else by merging the sorted lists.
        let row = doc.n_terms().div_ceil(64);
        let mean_len = sets.iter().map(Vec::len).sum::<usize>() / n.max(1);
        let bits: Option<Vec<u64>> = (row <= mean_len.max(4)).then(|| {
            let mut bits = vec![0u64; n * row];
            for (k, set) in sets.iter().enumerate() {
                for &t in set {
                    bits[k * row + t as usize / 64] |= 1 << (t % 64);
                }
            }
            bits
        });
        let mut w = vec![0.0; n * n];
        for a in 0..n {
            for b in a + 1..n {
                let denom = log_len[a] + log_len[b];
                if denom <= 0.0 {
                    continue;
                }
                let overlap = match &bits {
                    Some(bits) => bits[a * row..(a + 1) * row]
                        .iter()
                        .zip(&bits[b * row..(b + 1) * row])
                        .map(|(x, y)| (x & y).count_ones() as usize)
                        .sum(),
                    None => sorted_overlap(&sets[a], &sets[b]),
                };
                if overlap > 0 {
                    let sim = overlap as f64 / denom;
                    w[a * n + b] = sim;
                    w[b * n + a] = sim;
                }
            }
        }
        scatter(doc, &nodes, self.pagerank.run(&w, n))
    }

    /// Centrality relative to the article's most central sentence (1).
    fn shown(&self, doc: &Document, scores: &[f64]) -> Vec<f64> {
        relative_to_best(doc, scores)
    }
}

/// Continuous LexRank (Erkan & Radev 2004): edges weighted by idf-modified cosine similarity
/// of the sentences' term-frequency vectors (idf over the article's sentences), scores by
/// PageRank on the row-normalised similarity matrix. Self-similarity is left out: with it, a
/// sentence unrelated to all others keeps its own mass and outranks central ones in short
/// articles.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexRank {
    pub pagerank: PageRank,
}

impl Scorer for LexRank {
    fn name(&self) -> &'static str {
        "lexrank"
    }

    fn score(&self, doc: &Document) -> Vec<f64> {
        let nodes: Vec<usize> = doc.candidates().take(MAX_GRAPH_SENTENCES).collect();
        let n = nodes.len();
        let tfs: Vec<Vec<(u32, f64)>> = nodes.iter().map(|&i| term_freqs(doc, i)).collect();
        let mut df = vec![0u32; doc.n_terms()];
        for tf in &tfs {
            for &(t, _) in tf {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| {
                if d == 0 {
                    0.0
                } else {
                    (n as f64 / d as f64).ln()
                }
            })
            .collect();
        // Weighted vectors tf·idf and their norms.
        let vecs: Vec<Vec<(u32, f64)>> = tfs
            .iter()
            .map(|tf| tf.iter().map(|&(t, f)| (t, f * idf[t as usize])).collect())
            .collect();
        let norms: Vec<f64> = vecs
            .iter()
            .map(|v| v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt())
            .collect();
        let mut w = vec![0.0; n * n];
        for a in 0..n {
            for b in a + 1..n {
                if norms[a] <= 0.0 || norms[b] <= 0.0 {
                    continue;
                }
                let dot = sparse_dot(&vecs[a], &vecs[b]);
                if dot > 0.0 {
                    let sim = dot / (norms[a] * norms[b]);
                    w[a * n + b] = sim;
                    w[b * n + a] = sim;
                }
            }
        }
        scatter(doc, &nodes, self.pagerank.run(&w, n))
    }

    /// Centrality relative to the article's most central sentence (1).
    fn shown(&self, doc: &Document, scores: &[f64]) -> Vec<f64> {
        relative_to_best(doc, scores)
    }
}

/// Sorted `(term, count)` pairs of a sentence's content words.
pub(crate) fn term_freqs(doc: &Document, i: usize) -> Vec<(u32, f64)> {
    let mut terms: Vec<u32> = doc.content_terms(i).collect();
    terms.sort_unstable();
    let mut out: Vec<(u32, f64)> = Vec::with_capacity(terms.len());
    for t in terms {
        match out.last_mut() {
            Some((last, c)) if *last == t => *c += 1.0,
            _ => out.push((t, 1.0)),
        }
    }
    out
}

/// Dot product of two sorted sparse vectors.
pub(crate) fn sparse_dot(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

fn sorted_overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Spreads node scores back to sentence positions (0 elsewhere).
fn scatter(doc: &Document, nodes: &[usize], node_scores: Vec<f64>) -> Vec<f64> {
    let mut scores = vec![0.0; doc.sentences.len()];
    for (&i, s) in nodes.iter().zip(node_scores) {
        scores[i] = s;
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use lede_text::{Analyzer, Language, TextForm};

    #[test]
    fn pagerank_uniform_on_symmetric_cycle() {
        // A 3-cycle with equal weights: all nodes equal.
        let w = [0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0];
        let p = PageRank::default().run(&w, 3);
        for x in &p {
            assert!((x - 1.0 / 3.0).abs() < 1e-9);
        }
    }

    #[test]
    fn pagerank_hub_wins_and_sums_to_one() {
        // Star: node 0 connected to 1, 2, 3.
        let mut w = vec![0.0; 16];
        for j in 1..4 {
            w[j] = 1.0;
            w[j * 4] = 1.0;
        }
        let p = PageRank::default().run(&w, 4);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(p[0] > p[1] && (p[1] - p[2]).abs() < 1e-12);
        // Closed form for a star with damping d: hub = (1-d)/n + d * (sum of leaves).
        let d = 0.85;
        let hub = p[0];
        let leaf = p[1];
        assert!((hub - ((1.0 - d) / 4.0 + d * 3.0 * leaf)).abs() < 1e-9);
    }

    #[test]
    fn central_sentence_ranks_first() {
        let text = "The storm hit the coast on Monday. \
                    Officials said the storm damaged homes on the coast. \
                    A local bakery sold bread. \
                    The storm on the coast forced officials to close roads.";
        let d = Document::parse(text, &Analyzer::new(Language::English), TextForm::Auto);
        for scorer in [&TextRank::default() as &dyn Scorer, &LexRank::default()] {
            let s = scorer.score(&d);
            assert_eq!(s.len(), 4);
            let bakery = s[2];
            assert!(
                s.iter().enumerate().all(|(i, &x)| i == 2 || x > bakery),
                "{}: {s:?}",
                scorer.name()
            );
        }
    }
}
