//! Training lede's learned sentence scorer (and, in [`cuts`], the compression cut model).
//!
//! Each training article is parsed as lede parses it, every sentence gets the features of
//! [`lede::learned::features`] and a soft label (the share of the five best 1-3 sentence
//! choices, by ROUGE-1 F + ROUGE-2 F against the highlights, that contain it: see
//! [`lede_rouge::Rouge::subset_labels`]), and gradient-boosted trees (forust-ml, cross-entropy
//! on the soft labels, leaf-wise growth) are fit to them. The trees are exported to lede's own
//! model file, which the core evaluates without this crate.
//!
//! The features include word rates from a lexicon counted from the training articles
//! themselves ([`WordCounts`]); each article's rows are computed with the lexicon of the other
//! folds, and the model file keeps the lexicon of all of them.
//!
//! Everything is deterministic: the same rows in the same order and the same seed give the same
//! model file, byte for byte.

pub mod cuts;
pub mod phrases;

use std::sync::Arc;

use forust_ml::gradientbooster::GrowPolicy;
use forust_ml::objective::ObjectiveType;
use forust_ml::sampler::SampleMethod;
use forust_ml::{GradientBooster, Matrix};
use lede::learned::{features, Model, Tree, FEATURE_NAMES, FEATURE_SET, MODEL_FORMAT, N_FEATURES};
use lede::lexicon::{ArticleStems, Lexicon, LexiconCounts};
use lede::{Analyzer, Language, Method, Options, Summarizer};
use lede_rouge::{Config, Metric, Mode, Rouge};

/// Errors of training.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("no training rows (every article was empty or had no usable reference)")]
    NoRows,
    #[error("the booster failed: {0}")]
    Booster(String),
    #[error("the phrase weights failed: {0}")]
    Phrases(String),
    #[error(transparent)]
    Lede(#[from] lede::Error),
    #[error(transparent)]
    Rouge(#[from] lede_rouge::RougeError),
}

/// Settings of the trees.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    pub iterations: usize,
    pub learning_rate: f32,
    /// Leaves per tree (trees grow best-first).
    pub max_leaves: usize,
    /// Smallest hessian sum of a leaf.
    pub min_leaf_weight: f32,
    /// Share of rows each tree sees, and of features.
    pub subsample: f32,
    pub colsample: f64,
    pub seed: u64,
    /// Threads of the booster (`None`: all cores). The result does not depend on it.
    pub threads: Option<usize>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            iterations: 600,
            learning_rate: 0.05,
            max_leaves: 63,
            min_leaf_weight: 2.0,
            subsample: 0.8,
            colsample: 0.8,
            seed: 1,
            threads: None,
        }
    }
}

impl TrainOptions {
    fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "objective": "cross-entropy on soft labels (share of the 5 best 1-3 sentence choices by ROUGE-1 F + ROUGE-2 F)",
            "iterations": self.iterations,
            "learning_rate": self.learning_rate,
            "max_leaves": self.max_leaves,
            "min_leaf_weight": self.min_leaf_weight,
            "subsample": self.subsample,
            "colsample": self.colsample,
            "seed": self.seed,
        })
    }
}

/// Turns articles into feature rows and labels.
pub struct Labeller {
    summarizer: Summarizer,
    rouge: Rouge,
}

impl Labeller {
    /// A labeller whose features read the built-in model's word lexicon.
    pub fn new() -> Result<Labeller, TrainError> {
        Labeller::with_lexicon(Model::builtin_lexicon())
    }

    /// A labeller whose features read `lexicon` (the one counted without the articles it
    /// labels: see [`WordCounts`]).
    pub fn with_lexicon(lexicon: Arc<Lexicon>) -> Result<Labeller, TrainError> {
        let mut summarizer = Summarizer::new(Options {
            method: Method::Lead,
            ..Options::default()
        })?;
        summarizer.set_lexicon(lexicon);
        Ok(Labeller {
            summarizer,
            rouge: Rouge::new(Config {
                mode: Mode::Perl,
                metrics: vec![Metric::N(1), Metric::N(2)],
                stem: true,
                ..Config::default()
            })?,
        })
    }

    /// Feature rows and labels of one article (empty when the article or reference is empty).
    pub fn rows(
        &self,
        article: &str,
        references: &[Vec<String>],
    ) -> (Vec<[f64; N_FEATURES]>, Vec<f64>) {
        if !usable(article, references) {
            return (Vec::new(), Vec::new());
        }
        let doc = self.summarizer.document(article);
        let labels = self.sentence_labels(&doc, references);
        (features(&doc), labels)
    }

    /// The soft label of each sentence of `doc`.
    fn sentence_labels(&self, doc: &lede::Document, references: &[Vec<String>]) -> Vec<f64> {
        let sentences: Vec<&str> = (0..doc.sentences.len())
            .map(|i| doc.sentence_text(i))
            .collect();
        self.rouge.subset_labels(&sentences, references, 10, 3, 5)
    }

    /// The labels of one article's sentences and their phrase vectors (see
    /// [`lede::phrases::Phrases::vector`]), for a table of `2^bits` weights; `None` when the
    /// article or reference is empty. The feature rows come later ([`Labeller::features`]),
    /// once the phrase weights are fit.
    #[allow(clippy::type_complexity)]
    pub fn labels(
        &self,
        article: &str,
        references: &[Vec<String>],
        bits: u32,
    ) -> Option<(Vec<f64>, Vec<Vec<(u32, f32)>>)> {
        if !usable(article, references) {
            return None;
        }
        let doc = self.summarizer.document(article);
        let labels = self.sentence_labels(&doc, references);
        let mut slots = Vec::new();
        let vectors = (0..doc.sentences.len())
            .map(|i| {
                let mut v = Vec::new();
                doc.phrase_vector(i, bits, &mut slots, &mut v);
                v
            })
            .collect();
        Some((labels, vectors))
    }

    /// The feature rows of one article's sentences.
    pub fn features(&self, article: &str) -> Vec<[f64; N_FEATURES]> {
        features(&self.summarizer.document(article))
    }
}

/// Whether an article and its reference give training rows: neither is empty.
fn usable(article: &str, references: &[Vec<String>]) -> bool {
    !article.trim().is_empty()
        && references
            .iter()
            .any(|r| r.iter().any(|s| !s.trim().is_empty()))
}

/// Folds of the word-lexicon cross-fitting.
pub const FOLDS: usize = 3;

/// The fold of an article: a hash of its text, so the same article falls in the same fold
/// whatever the order or the threads.
pub fn fold_of(article: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in article.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % FOLDS as u64) as usize
}

/// The word counts of the training articles, per fold. Each fold's rows are labelled with a
/// lexicon counted from the other folds, so that no row sees its own article's highlights in
/// the word rates; the model file keeps the lexicon of all folds.
#[derive(Debug, Default)]
pub struct WordCounts {
    folds: [LexiconCounts; FOLDS],
}

impl WordCounts {
    /// The stems of one article and its references (any thread).
    pub fn stems(article: &str, references: &[Vec<String>]) -> (usize, ArticleStems) {
        thread_local! {
            static ANALYZER: Analyzer = Analyzer::new(Language::English);
        }
        let highlights: Vec<&str> = references.iter().flatten().map(String::as_str).collect();
        let stems = ANALYZER.with(|a| ArticleStems::new(a, article, &highlights));
        (fold_of(article), stems)
    }

    /// Counts one article (from [`WordCounts::stems`]).
    pub fn add(&mut self, (fold, stems): &(usize, ArticleStems)) {
        self.folds[*fold].add(stems);
    }

    /// Per fold, the lexicon of the other folds.
    pub fn fold_lexicons(&self) -> Vec<Arc<Lexicon>> {
        (0..FOLDS).map(|k| Arc::new(self.fold_lexicon(k))).collect()
    }

    /// The lexicon of the folds other than `k`.
    pub fn fold_lexicon(&self, k: usize) -> Lexicon {
        let mut c = LexiconCounts::default();
        for (j, f) in self.folds.iter().enumerate() {
            if j != k {
                c.merge(f);
            }
        }
        Lexicon::new(&c.entries())
    }

    /// The entries of all folds, as the model file stores them.
    pub fn entries(&self) -> Vec<(String, u32, u32)> {
        let mut c = LexiconCounts::default();
        for f in &self.folds {
            c.merge(f);
        }
        c.entries()
    }
}

/// Training rows, in the order they were added.
#[derive(Debug, Default, Clone)]
pub struct Rows {
    features: Vec<[f64; N_FEATURES]>,
    labels: Vec<f64>,
    pub documents: usize,
}

impl Rows {
    pub fn push(&mut self, features: Vec<[f64; N_FEATURES]>, labels: Vec<f64>) {
        if features.is_empty() {
            return;
        }
        self.documents += 1;
        self.features.extend(features);
        self.labels.extend(labels);
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Fits the trees and exports them as a lede model. `about` is recorded in the model file
/// (what data it was trained on).
pub fn fit(
    rows: &Rows,
    options: &TrainOptions,
    about: serde_json::Value,
    lexicon: Vec<(String, u32, u32)>,
    phrases: Option<&lede::phrases::Phrases>,
) -> Result<Model, TrainError> {
    if rows.is_empty() {
        return Err(TrainError::NoRows);
    }
    let n = rows.len();
    // forust reads column-major data.
    let mut data = vec![0.0; n * N_FEATURES];
    for (r, row) in rows.features.iter().enumerate() {
        for (c, &x) in row.iter().enumerate() {
            data[c * n + r] = x;
        }
    }
    let matrix = Matrix::new(&data, n, N_FEATURES);
    let mut booster = GradientBooster::default()
        .set_objective_type(ObjectiveType::LogLoss)
        .set_iterations(options.iterations)
        .set_learning_rate(options.learning_rate)
        .set_max_depth(usize::MAX)
        .set_max_leaves(options.max_leaves)
        .set_min_leaf_weight(options.min_leaf_weight)
        .set_subsample(options.subsample)
        .set_sample_method(SampleMethod::Random)
        .set_colsample_bytree(options.colsample)
        .set_seed(options.seed)
        .set_allow_missing_splits(false)
        .set_create_missing_branch(false)
        .set_num_threads(options.threads)
        .set_parallel(true);
    // Best-first growth up to `max_leaves`, as LightGBM grows trees.
    booster.grow_policy = GrowPolicy::LossGuide;
    let weights = vec![1.0; n];
    booster
        .fit(&matrix, &rows.labels, &weights, None)
        .map_err(|e| TrainError::Booster(e.to_string()))?;
    // No early stopping is set, so every tree predicts.
    let trees: Vec<Tree> = booster
        .trees
        .iter()
        .map(|t| {
            let mut tree = Tree {
                feature: Vec::with_capacity(t.nodes.len()),
                threshold: Vec::with_capacity(t.nodes.len()),
                left: Vec::with_capacity(t.nodes.len()),
                right: Vec::with_capacity(t.nodes.len()),
                value: Vec::with_capacity(t.nodes.len()),
            };
            for node in &t.nodes {
                if node.is_leaf {
                    tree.feature.push(-1);
                    tree.threshold.push(0.0);
                    tree.left.push(0);
                    tree.right.push(0);
                } else {
                    tree.feature.push(node.split_feature as i32);
                    tree.threshold.push(node.split_value);
                    tree.left.push(node.left_child as u32);
                    tree.right.push(node.right_child as u32);
                }
                tree.value.push(node.weight_value as f64);
            }
            tree
        })
        .collect();
    // The exported trees must predict what the booster predicts.
    let expected = booster.predict(&matrix, true);
    for (r, row) in rows.features.iter().enumerate() {
        let got = Model::predict_with(&trees, booster.base_score, row);
        if (got - expected[r]).abs() > 1e-6 * (1.0 + expected[r].abs()) {
            return Err(TrainError::Booster(format!(
                "the exported trees predict {got} for row {r}, the booster {}",
                expected[r]
            )));
        }
    }
    let mut training = options.describe();
    training["rows"] = serde_json::json!(n);
    training["documents"] = serde_json::json!(rows.documents);
    training["data"] = about;
    let model = Model {
        format: MODEL_FORMAT.to_string(),
        feature_set: FEATURE_SET,
        features: FEATURE_NAMES.iter().map(|s| s.to_string()).collect(),
        base_score: booster.base_score,
        trees,
        training,
        lexicon,
        phrases: phrases.and_then(|p| p.store()),
    };
    // What lede will load must be what was trained: check it reads back.
    Model::from_json(&model.to_json()).map_err(|e| TrainError::Booster(e.to_string()))?;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Vec<(String, Vec<Vec<String>>)> {
        let mut out = Vec::new();
        for i in 0..40 {
            let article = format!(
                "The council of town {i} voted to close the bridge on Tuesday. The weather was \
                 mild and people walked their dogs. Engineers found {i} cracks in the steel \
                 supports of the bridge. A spokesman declined to comment. Residents said they \
                 would miss the view."
            );
            let reference = vec![format!(
                "Town {i} closes bridge after engineers find cracks"
            )];
            out.push((article, vec![reference]));
        }
        out
    }

    #[test]
    fn training_is_deterministic_and_learns_the_labels() {
        let mut counts = WordCounts::default();
        for (a, r) in data() {
            counts.add(&WordCounts::stems(&a, &r));
        }
        let lexicons = counts.fold_lexicons();
        assert_eq!(lexicons.len(), FOLDS);
        // "cracks" is in every article's highlights: its rate is above the prior in each fold.
        assert!(lexicons
            .iter()
            .all(|l| l.rate("crack").unwrap() > l.prior()));
        let labeller = Labeller::with_lexicon(lexicons[0].clone()).unwrap();
        let mut rows = Rows::default();
        for (a, r) in data() {
            let (f, l) = labeller.rows(&a, &r);
            assert_eq!(f.len(), l.len());
            rows.push(f, l);
        }
        assert_eq!(rows.documents, 40);
        let options = TrainOptions {
            iterations: 20,
            min_leaf_weight: 0.1,
            ..TrainOptions::default()
        };
        let a = fit(
            &rows,
            &options,
            serde_json::json!("test"),
            counts.entries(),
            None,
        )
        .unwrap()
        .to_json();
        let b = fit(
            &rows,
            &TrainOptions {
                threads: Some(1),
                ..options.clone()
            },
            serde_json::json!("test"),
            counts.entries(),
            None,
        )
        .unwrap()
        .to_json();
        assert_eq!(a, b, "same rows and seed, same model file");
        let model = Model::from_json(&a).unwrap();
        assert_eq!(model.lexicon, counts.entries());
        // The sentences of the reference (first and third) outscore the others.
        let (f, _) = labeller.rows(&data()[0].0, &data()[0].1);
        let s: Vec<f64> = f.iter().map(|r| model.predict(r)).collect();
        assert!(s[0] > s[1] && s[2] > s[3] && s[2] > s[4], "{s:?}");
        assert!(matches!(
            fit(
                &Rows::default(),
                &options,
                serde_json::json!(null),
                vec![],
                None
            ),
            Err(TrainError::NoRows)
        ));
    }
}
