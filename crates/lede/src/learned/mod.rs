//! The learned scorer: gradient-boosted trees over sentence features, trained on CNN/DailyMail
//! highlights (`lede train`), shipped inside the binary.

mod features;

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

pub use features::{features, for_each_row, FEATURE_NAMES, FEATURE_SET, N_FEATURES};

use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::phrases::{Phrases, StoredPhrases};
use crate::scorer::Scorer;

/// The model shipped with lede (`models/learned.json`, made by `lede train`).
const BUILTIN: &str = include_str!("../../models/learned.json");

/// Tag of the model file format.
pub const MODEL_FORMAT: &str = "lede-learned-model";

/// Why a model file cannot be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("not a lede model file: {0}")]
    Parse(String),
    #[error("the file is a `{0}`, not a `{MODEL_FORMAT}`")]
    Format(String),
    #[error(
        "the model was trained with feature set {found}, but this lede computes feature set \
         {FEATURE_SET}: retrain it with this version (`lede train`) or use the lede it was made with"
    )]
    FeatureSet { found: u32 },
    #[error("the model's features differ from this lede's at position {index}: `{found}` where `{expected}` is computed")]
    Features {
        index: usize,
        found: String,
        expected: String,
    },
    #[error("tree {tree} is malformed: {reason}")]
    Tree { tree: usize, reason: String },
    #[error("the phrase weights are unusable: {0}")]
    Phrases(String),
}

/// One regression tree: node `i` splits on `feature[i]` at `threshold[i]` (left when the value
/// is below it), or is a leaf (`feature[i] < 0`) worth `value[i]`. Node 0 is the root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub feature: Vec<i32>,
    pub threshold: Vec<f64>,
    pub left: Vec<u32>,
    pub right: Vec<u32>,
    pub value: Vec<f64>,
}

impl Tree {
    fn eval(&self, row: &[f64; N_FEATURES]) -> f64 {
        let mut i = 0usize;
        // Validated: children point forward, so this ends within the node count.
        loop {
            let f = self.feature[i];
            if f < 0 {
                return self.value[i];
            }
            i = if row[f as usize] < self.threshold[i] {
                self.left[i]
            } else {
                self.right[i]
            } as usize;
        }
    }

    fn validate(&self, tree: usize) -> Result<(), ModelError> {
        let n = self.feature.len();
        let bad = |reason: String| Err(ModelError::Tree { tree, reason });
        if n == 0 {
            return bad("no nodes".into());
        }
        if [
            self.threshold.len(),
            self.left.len(),
            self.right.len(),
            self.value.len(),
        ]
        .iter()
        .any(|&l| l != n)
        {
            return bad("its arrays differ in length".into());
        }
        for i in 0..n {
            let f = self.feature[i];
            if f < 0 {
                continue;
            }
            if f as usize >= N_FEATURES {
                return bad(format!("node {i} splits on feature {f}, of {N_FEATURES}"));
            }
            let (l, r) = (self.left[i] as usize, self.right[i] as usize);
            if l <= i || r <= i || l >= n || r >= n {
                return bad(format!("node {i} has children {l} and {r} (of {n} nodes)"));
            }
            if self.threshold[i].is_nan() {
                return bad(format!("node {i} has no threshold"));
            }
        }
        Ok(())
    }
}

/// A trained sentence scorer: the sum of its trees' values (a log-odds that the sentence
/// belongs in the highlights).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format: String,
    pub feature_set: u32,
    pub features: Vec<String>,
    pub base_score: f64,
    pub trees: Vec<Tree>,
    /// How the model was made (data, seed, parameters), for the record.
    #[serde(default)]
    pub training: serde_json::Value,
    /// The word lexicon of its features: (stem, articles, articles with it in the highlights),
    /// sorted by stem (see [`crate::lexicon`]).
    #[serde(default)]
    pub lexicon: Vec<(String, u32, u32)>,
    /// The phrase weights of its features (see [`crate::phrases`]); without them the phrase
    /// features are 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrases: Option<StoredPhrases>,
}

impl Model {
    /// Reads a model file, refusing other formats and other feature sets with a clear error.
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        let head: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ModelError::Parse(e.to_string()))?;
        match head.get("format").and_then(|f| f.as_str()) {
            Some(MODEL_FORMAT) => {}
            Some(other) => return Err(ModelError::Format(other.to_string())),
            None => return Err(ModelError::Parse("no `format` field".into())),
        }
        if let Some(found) = head.get("feature_set").and_then(|f| f.as_u64()) {
            if found != FEATURE_SET as u64 {
                return Err(ModelError::FeatureSet {
                    found: found as u32,
                });
            }
        }
        let model: Model =
            serde_json::from_value(head).map_err(|e| ModelError::Parse(e.to_string()))?;
        for (index, expected) in FEATURE_NAMES.iter().enumerate() {
            let found = model.features.get(index).map(String::as_str).unwrap_or("");
            if found != *expected {
                return Err(ModelError::Features {
                    index,
                    found: found.to_string(),
                    expected: expected.to_string(),
                });
            }
        }
        if model.features.len() != N_FEATURES {
            return Err(ModelError::Features {
                index: N_FEATURES,
                found: model.features[N_FEATURES].clone(),
                expected: "(end)".into(),
            });
        }
        for (i, t) in model.trees.iter().enumerate() {
            t.validate(i)?;
        }
        if let Some(p) = &model.phrases {
            Phrases::load(p).map_err(ModelError::Phrases)?;
        }
        Ok(model)
    }

    /// The model file: compact JSON, byte for byte the same for the same model.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The model built into lede.
    pub fn builtin() -> Arc<Model> {
        static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                // The file is checked by a test; an unusable one would be a build defect.
                Arc::new(
                    Model::from_json(BUILTIN)
                        .unwrap_or_else(|e| panic!("the model built into lede is unusable: {e}")),
                )
            })
            .clone()
    }

    /// The word lexicon of the built-in model, made once per process.
    pub fn builtin_lexicon() -> Arc<Lexicon> {
        Learned::default().lexicon
    }

    /// The score of one feature row.
    pub fn predict(&self, row: &[f64; N_FEATURES]) -> f64 {
        Model::predict_with(&self.trees, self.base_score, row)
    }

    /// The score of one row under `trees` (validated or made by the trainer).
    pub fn predict_with(trees: &[Tree], base_score: f64, row: &[f64; N_FEATURES]) -> f64 {
        base_score + trees.iter().map(|t| t.eval(row)).sum::<f64>()
    }
}

/// A model's trees laid out for scoring: every node of every tree in one array, each node's
/// split (or leaf value) and children side by side. Scores are the model's, bit for bit.
#[derive(Debug)]
struct Forest {
    base_score: f64,
    nodes: Vec<Node>,
    roots: Vec<u32>,
}

/// Rows scored together by [`Forest::predict_block`].
const BLOCK: usize = 64;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The feature split on (0 for a leaf).
    feature: u32,
    /// The split threshold, or the leaf's value.
    value: f64,
    /// The children; a leaf is its own two children, so a walk that reaches it stays there.
    left: u32,
    right: u32,
}

/// Rows walked down a tree together, so that their walks overlap in the processor.
const LANES: usize = 4;

impl Forest {
    fn new(model: &Model) -> Forest {
        let mut nodes = Vec::new();
        let mut roots = Vec::with_capacity(model.trees.len());
        for t in &model.trees {
            let offset = nodes.len() as u32;
            roots.push(offset);
            for i in 0..t.feature.len() {
                let at = offset + i as u32;
                nodes.push(if t.feature[i] < 0 {
                    Node {
                        feature: 0,
                        value: t.value[i],
                        left: at,
                        right: at,
                    }
                } else {
                    Node {
                        feature: t.feature[i] as u32,
                        value: t.threshold[i],
                        left: offset + t.left[i],
                        right: offset + t.right[i],
                    }
                });
            }
        }
        Forest {
            base_score: model.base_score,
            nodes,
            roots,
        }
    }

    /// [`Model::predict`] of each row, appended to `out`. The rows are scored tree by tree,
    /// each tree over every row of a block, so that a tree stays in cache while it scores them
    /// all (a large model scored row by row reads every tree again for each sentence), and
    /// [`LANES`] rows walk a tree in step. Each row's tree values are summed in tree order:
    /// the scores are `predict`'s, bit for bit.
    fn predict_block(&self, rows: &[[f64; N_FEATURES]], out: &mut Vec<f64>) {
        let nodes = &self.nodes;
        let step = |at: u32, row: &[f64; N_FEATURES]| -> u32 {
            let n = &nodes[at as usize];
            // A leaf's children are itself, whichever way the comparison goes.
            if row[n.feature as usize] < n.value {
                n.left
            } else {
                n.right
            }
        };
        let mut sums = [0.0f64; BLOCK];
        for chunk in rows.chunks(BLOCK) {
            let sums = &mut sums[..chunk.len()];
            sums.iter_mut().for_each(|x| *x = 0.0);
            for &root in &self.roots {
                let mut lanes = chunk.chunks_exact(LANES);
                let mut r = 0;
                for group in &mut lanes {
                    let mut at = [root; LANES];
                    // Validated: children point forward within their tree, so every walk
                    // reaches a leaf, and the loop ends when all of them have.
                    loop {
                        let next: [u32; LANES] = std::array::from_fn(|k| step(at[k], &group[k]));
                        if next == at {
                            break;
                        }
                        at = next;
                    }
                    for k in 0..LANES {
                        sums[r + k] += nodes[at[k] as usize].value;
                    }
                    r += LANES;
                }
                for row in lanes.remainder() {
                    let mut at = root;
                    loop {
                        let next = step(at, row);
                        if next == at {
                            break;
                        }
                        at = next;
                    }
                    sums[r] += nodes[at as usize].value;
                    r += 1;
                }
            }
            out.extend(sums.iter().map(|&x| self.base_score + x));
        }
    }
}

/// The learned scorer: features of every sentence, scored by a [`Model`].
#[derive(Debug, Clone)]
pub struct Learned {
    pub model: Arc<Model>,
    forest: Arc<Forest>,
    /// The model's word lexicon: documents it scores are parsed with it.
    pub lexicon: Arc<Lexicon>,
}

impl Learned {
    pub fn new(model: Arc<Model>) -> Learned {
        let forest = Arc::new(Forest::new(&model));
        // Checked when the model was read.
        let phrases = model
            .phrases
            .as_ref()
            .and_then(|p| Phrases::load(p).ok())
            .unwrap_or_default();
        let lexicon = Arc::new(Lexicon::new(&model.lexicon).with_phrases(Arc::new(phrases)));
        Learned {
            model,
            forest,
            lexicon,
        }
    }
}

impl Default for Learned {
    /// The built-in model, laid out once per process.
    fn default() -> Self {
        static BUILTIN: OnceLock<Learned> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Learned::new(Model::builtin()))
            .clone()
    }
}

impl Scorer for Learned {
    fn name(&self) -> &'static str {
        "learned"
    }

    fn score(&self, doc: &Document) -> Vec<f64> {
        let mut scores = Vec::with_capacity(doc.sentences.len());
        // Rows are scored a block at a time, which bounds the memory a long document needs.
        let mut block: Vec<[f64; N_FEATURES]> = Vec::with_capacity(BLOCK);
        for_each_row(doc, |row| {
            block.push(*row);
            if block.len() == BLOCK {
                self.forest.predict_block(&block, &mut scores);
                block.clear();
            }
        });
        self.forest.predict_block(&block, &mut scores);
        scores
    }

    /// The probability that the sentence is one of the article's highlights: the model's
    /// log-odds through the logistic function.
    fn shown(&self, _doc: &Document, scores: &[f64]) -> Vec<f64> {
        scores.iter().map(|&x| 1.0 / (1.0 + (-x).exp())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        Model {
            format: MODEL_FORMAT.into(),
            feature_set: FEATURE_SET,
            features: FEATURE_NAMES.iter().map(|s| s.to_string()).collect(),
            base_score: 0.5,
            trees: vec![Tree {
                feature: vec![0, -1, -1],
                threshold: vec![1.5, 0.0, 0.0],
                left: vec![1, 0, 0],
                right: vec![2, 0, 0],
                value: vec![0.0, 1.0, -1.0],
            }],
            training: serde_json::Value::Null,
            lexicon: Vec::new(),
            phrases: None,
        }
    }

    #[test]
    fn round_trip_and_prediction() {
        let m = tiny();
        let back = Model::from_json(&m.to_json()).unwrap();
        assert_eq!(back, m);
        let mut row = [0.0; N_FEATURES];
        assert_eq!(m.predict(&row), 1.5);
        row[0] = 2.0;
        assert_eq!(m.predict(&row), -0.5);
    }

    #[test]
    fn block_scores_are_the_row_by_row_scores() {
        // More sentences than two blocks, of varied content, so scores differ.
        let text: String = (0..150)
            .map(|i| {
                format!(
                    "Sentence {i} says the council met {} times about the {} bridge. ",
                    i % 7,
                    ["old", "harbor", "steel", "rail"][i % 4]
                )
            })
            .collect();
        let s = crate::Summarizer::new(crate::Options::default()).unwrap();
        let doc = s.document(&text);
        assert!(doc.sentences.len() > 2 * BLOCK, "{}", doc.sentences.len());
        let learned = Learned::default();
        let got = learned.score(&doc);
        let mut want = Vec::new();
        for_each_row(&doc, |row| want.push(learned.model.predict(row)));
        assert_eq!(got.len(), doc.sentences.len());
        assert_eq!(got, want);
        assert!(want.iter().any(|&x| x != want[0]), "{want:?}");
    }

    #[test]
    fn mismatched_or_broken_files_are_refused() {
        let mut m = tiny();
        m.feature_set = FEATURE_SET + 1;
        let e = Model::from_json(&m.to_json()).unwrap_err();
        assert!(matches!(e, ModelError::FeatureSet { .. }), "{e}");
        assert!(e.to_string().contains("retrain"), "{e}");
        let mut m = tiny();
        m.features[3] = "other".into();
        assert!(matches!(
            Model::from_json(&m.to_json()),
            Err(ModelError::Features { index: 3, .. })
        ));
        let mut m = tiny();
        m.trees[0].left[0] = 0;
        assert!(matches!(
            Model::from_json(&m.to_json()),
            Err(ModelError::Tree { .. })
        ));
        assert!(matches!(Model::from_json("{}"), Err(ModelError::Parse(_))));
        assert!(matches!(
            Model::from_json("{\"format\": \"x\"}"),
            Err(ModelError::Format(_))
        ));
        assert!(matches!(
            Model::from_json("nope"),
            Err(ModelError::Parse(_))
        ));
    }

    #[test]
    fn the_builtin_model_loads() {
        let m = Model::builtin();
        assert_eq!(m.feature_set, FEATURE_SET);
        assert!(!m.trees.is_empty());
    }
}
