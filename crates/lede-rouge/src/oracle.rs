//! The greedy extractive oracle: the sentences of an article that best match its reference,
//! chosen one at a time (Nallapati et al. 2017; Liu & Lapata 2019).

use serde::Serialize;

use crate::{ngrams, Rouge, RougeError, WORKSPACE};

/// What [`Rouge::oracle`] chose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Oracle {
    /// Indices of the chosen sentences, in document order.
    pub selected: Vec<usize>,
    /// ROUGE-1 F + ROUGE-2 F of the chosen sentences (the quantity the search maximises).
    pub gain: f64,
}

/// One sentence's unigrams and bigrams (sorted), and its length.
struct Grams {
    uni: Vec<u128>,
    bi: Vec<u128>,
}

/// Hits of `sys` (sorted multiset) against `reference` (sorted multiset), clipped counts.
fn clipped_hits(sys: &[u128], reference: &[u128]) -> usize {
    crate::overlap(sys, reference)
}

fn merge(a: &[u128], b: &[u128]) -> Vec<u128> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn f1(hit: usize, sys: usize, reference: usize) -> f64 {
    if hit == 0 || sys == 0 || reference == 0 {
        return 0.0;
    }
    let p = hit as f64 / sys as f64;
    let r = hit as f64 / reference as f64;
    2.0 * p * r / (p + r)
}

/// ROUGE-1 F + ROUGE-2 F of a choice with these unigrams and bigrams (references summed).
fn gain_of(refs: &[Grams], uni: &[u128], bi: &[u128]) -> f64 {
    let (mut h1, mut r1, mut h2, mut r2) = (0, 0, 0, 0);
    for r in refs {
        h1 += clipped_hits(uni, &r.uni);
        r1 += r.uni.len();
        h2 += clipped_hits(bi, &r.bi);
        r2 += r.bi.len();
    }
    let n = refs.len().max(1);
    f1(h1, uni.len() * n, r1) + f1(h2, bi.len() * n, r2)
}

impl Rouge {
    /// Unigrams and bigrams of each sentence and of each reference, in this scorer's terms.
    fn oracle_grams<S: AsRef<str>, R: AsRef<str>>(
        &self,
        sentences: &[S],
        references: &[Vec<R>],
    ) -> (Vec<Grams>, Vec<Grams>) {
        WORKSPACE.with(|ws| {
            let mut ws = ws.borrow_mut();
            ws.reset_for(self.fingerprint);
            ws.pair += 1;
            ws.next_local = 0;
            let grams_of = |ws: &mut crate::Workspace, text: &str| -> Grams {
                let mut uni = Vec::new();
                let mut bi = Vec::new();
                for line in text.split('\n').filter(|l| !l.is_empty()) {
                    let t = ws.terms(&self.rules, self.config.mode, line);
                    uni.extend(ngrams(&t, 1));
                    bi.extend(ngrams(&t, 2));
                }
                uni.sort_unstable();
                bi.sort_unstable();
                Grams { uni, bi }
            };
            let cands: Vec<Grams> = sentences
                .iter()
                .map(|s| grams_of(&mut ws, s.as_ref()))
                .collect();
            let refs: Vec<Grams> = references
                .iter()
                .map(|r| {
                    let mut g = Grams {
                        uni: Vec::new(),
                        bi: Vec::new(),
                    };
                    for s in r {
                        let one = grams_of(&mut ws, s.as_ref());
                        g.uni.extend(one.uni);
                        g.bi.extend(one.bi);
                    }
                    g.uni.sort_unstable();
                    g.bi.sort_unstable();
                    g
                })
                .collect();
            (cands, refs)
        })
    }

    /// Soft labels for training a sentence scorer: the `pool` sentences with the best
    /// ROUGE-1 F + ROUGE-2 F on their own are taken; every choice of 1 to `max` of them is
    /// scored; a sentence's label is the share of the `keep` best choices (or of all, when
    /// there are fewer) that contain it.
    /// (Smoother than the greedy oracle's 0/1: a sentence almost as good as the chosen one
    /// is not taught as wrong.)
    pub fn subset_labels<S: AsRef<str>, R: AsRef<str>>(
        &self,
        sentences: &[S],
        references: &[Vec<R>],
        pool: usize,
        max: usize,
        keep: usize,
    ) -> Vec<f64> {
        let (cands, refs) = self.oracle_grams(sentences, references);
        let mut labels = vec![0.0; cands.len()];
        if keep == 0 || max == 0 {
            return labels;
        }
        let single: Vec<f64> = cands
            .iter()
            .map(|c| gain_of(&refs, &c.uni, &c.bi))
            .collect();
        let mut best: Vec<usize> = (0..cands.len()).filter(|&i| single[i] > 0.0).collect();
        best.sort_by(|&a, &b| single[b].total_cmp(&single[a]).then(a.cmp(&b)));
        best.truncate(pool);
        best.sort_unstable();
        let mut scored: Vec<(f64, Vec<usize>)> = Vec::new();
        let mut chosen: Vec<usize> = Vec::new();
        fn walk(
            from: usize,
            best: &[usize],
            max: usize,
            chosen: &mut Vec<usize>,
            cands: &[Grams],
            refs: &[Grams],
            out: &mut Vec<(f64, Vec<usize>)>,
        ) {
            for k in from..best.len() {
                chosen.push(best[k]);
                let mut uni: Vec<u128> = Vec::new();
                let mut bi: Vec<u128> = Vec::new();
                for &i in chosen.iter() {
                    uni = merge(&uni, &cands[i].uni);
                    bi = merge(&bi, &cands[i].bi);
                }
                out.push((gain_of(refs, &uni, &bi), chosen.clone()));
                if chosen.len() < max {
                    walk(k + 1, best, max, chosen, cands, refs, out);
                }
                chosen.pop();
            }
        }
        walk(0, &best, max, &mut chosen, &cands, &refs, &mut scored);
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let top = scored.len().min(keep);
        for (_, set) in scored.iter().take(top) {
            for &i in set {
                labels[i] += 1.0 / top as f64;
            }
        }
        labels
    }

    /// The greedy oracle over `sentences`: starting from nothing, adds the sentence that most
    /// raises ROUGE-1 F + ROUGE-2 F against the references (their counts summed), while the sum
    /// rises and fewer than `max` are chosen.
    ///
    /// Words are this scorer's terms (its mode's tokenizer, stemmer and stopword rule), so the
    /// oracle is the best greedy choice for the scores it will be judged by. Bigrams are taken
    /// within sentences: a chosen set does not depend on the order of its sentences.
    ///
    /// ```
    /// use lede_rouge::{Config, Rouge};
    /// let rouge = Rouge::new(Config::default()).unwrap();
    /// let article = ["The mayor opened the bridge.", "It rained.", "Traffic moved at once."];
    /// let reference = [vec!["The mayor opened the bridge and traffic moved at once."]];
    /// let oracle = rouge.oracle(&article, &reference, 3).unwrap();
    /// assert_eq!(oracle.selected, vec![0, 2]);
    /// ```
    pub fn oracle<S: AsRef<str>, R: AsRef<str>>(
        &self,
        sentences: &[S],
        references: &[Vec<R>],
        max: usize,
    ) -> Result<Oracle, RougeError> {
        let (cands, refs) = self.oracle_grams(sentences, references);
        let gain = |uni: &[u128], bi: &[u128]| gain_of(&refs, uni, bi);
        let mut selected: Vec<usize> = Vec::new();
        let mut uni: Vec<u128> = Vec::new();
        let mut bi: Vec<u128> = Vec::new();
        let mut best = 0.0f64;
        while selected.len() < max {
            let mut pick: Option<(usize, f64, Vec<u128>, Vec<u128>)> = None;
            for (i, c) in cands.iter().enumerate() {
                if selected.contains(&i) || c.uni.is_empty() {
                    continue;
                }
                let u = merge(&uni, &c.uni);
                let b = merge(&bi, &c.bi);
                let g = gain(&u, &b);
                if g > best + 1e-12 && pick.as_ref().is_none_or(|p| g > p.1 + 1e-12) {
                    pick = Some((i, g, u, b));
                }
            }
            let Some((i, g, u, b)) = pick else { break };
            selected.push(i);
            best = g;
            uni = u;
            bi = b;
        }
        selected.sort_unstable();
        Ok(Oracle {
            selected,
            gain: best,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Mode, Rouge};

    fn rouge() -> Rouge {
        Rouge::new(Config {
            mode: Mode::Perl,
            stem: true,
            ..Config::default()
        })
        .unwrap()
    }

    /// Four sentences, two of which the reference sums up.
    fn robbery() -> ([&'static str; 4], [Vec<&'static str>; 1]) {
        let article = [
            "the weather was fine on tuesday .",
            "police arrested two men after the robbery .",
            "the bank said no money was taken .",
            "a spokesman declined to comment .",
        ];
        let reference = [vec![
            "two men arrested after bank robbery",
            "no money taken , bank says",
        ]];
        (article, reference)
    }

    #[test]
    fn picks_the_matching_sentences_and_stops_when_nothing_helps() {
        let (article, reference) = robbery();
        let o = rouge().oracle(&article, &reference, 3).unwrap();
        assert_eq!(o.selected, vec![1, 2]);
        assert!(o.gain > 0.5 && o.gain < 2.0, "{o:?}");
    }

    #[test]
    fn subset_labels_favour_the_matching_sentences() {
        let (article, reference) = robbery();
        let l = rouge().subset_labels(&article, &reference, 10, 3, 5);
        assert_eq!(l.len(), 4);
        assert!(l.iter().all(|&x| (0.0..=1.0).contains(&x)), "{l:?}");
        assert!(l[1] > 0.5 && l[2] > 0.5, "{l:?}");
        assert_eq!((l[0], l[3]), (0.0, 0.0), "{l:?}");
        let none: [Vec<&str>; 1] = [vec![]];
        assert!(rouge()
            .subset_labels(&article, &none, 10, 3, 5)
            .iter()
            .all(|&x| x == 0.0));
    }

    #[test]
    fn respects_the_maximum_and_handles_empty_sides() {
        let article = ["a b c .", "d e f .", "g h i ."];
        let reference = [vec!["a b c d e f g h i"]];
        assert_eq!(
            rouge()
                .oracle(&article, &reference, 2)
                .unwrap()
                .selected
                .len(),
            2
        );
        assert_eq!(
            rouge().oracle(&article, &reference, 9).unwrap().selected,
            vec![0, 1, 2]
        );
        let none: [Vec<&str>; 1] = [vec![]];
        assert!(rouge()
            .oracle(&article, &none, 3)
            .unwrap()
            .selected
            .is_empty());
        let empty: [&str; 0] = [];
        assert!(rouge()
            .oracle(&empty, &reference, 3)
            .unwrap()
            .selected
            .is_empty());
    }

    #[test]
    fn gain_equals_rouge_of_the_choice() {
        // The gain is ROUGE-1 F + ROUGE-2 F as the scorer computes it (unrounded here: unicode
        // mode), when the chosen sentences are scored one per line.
        let rouge = Rouge::new(Config {
            metrics: vec![crate::Metric::N(1)],
            ..Config::default()
        })
        .unwrap();
        let article = [
            "Storms hit the coast.",
            "Thousands lost power overnight.",
            "Schools shut.",
        ];
        let reference = [vec!["Storms hit coast; thousands lose power."]];
        let o = rouge.oracle(&article, &reference, 3).unwrap();
        let chosen: Vec<&str> = o.selected.iter().map(|&i| article[i]).collect();
        let r1 = rouge.score(&chosen, &reference).unwrap()[0].f;
        assert!(o.gain >= r1, "{o:?} {r1}");
    }
}
