//! lede: story highlights for news articles.
//!
//! An article goes through one pipeline: text → [`Document`] (paragraphs and sentences with
//! byte spans, words as stemmed term ids, boilerplate flagged) → a [`Scorer`] (one score per
//! sentence) → a [`Selector`] (budget, redundancy, document order) → [`Highlights`]. Every
//! highlight is a sentence of the article, and its span points back into the input.
//!
//! ```
//! let article = "Washington (CNN) -- The Senate passed the water bill on Tuesday. \
//!     The bill funds repairs to dams across the country. \
//!     Senators from both parties backed the bill. \
//!     The House votes on the water bill next week.";
//! let options = lede::Options { method: lede::Method::Lead, ..Default::default() };
//! let h = lede::summarize(article, &options).unwrap();
//! assert_eq!(h.highlights.len(), 3);
//! // The dateline is not part of the highlight, and the span points into the input.
//! assert_eq!(h.highlights[0].text, "The Senate passed the water bill on Tuesday.");
//! assert_eq!(&article[h.highlights[0].start..h.highlights[0].end], h.highlights[0].text);
//! ```

mod clean;
pub mod compress;
mod document;
pub mod learned;
pub mod lexicon;
pub mod phrases;
mod scorer;
mod select;

use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use clean::Boilerplate;
pub use compress::{Compress, Compression, Compressor, Cut, CutKind, CutModel};
pub use document::{Document, Sentence};
pub use learned::{Learned, Model, ModelError};
pub use lede_text::{Analyzer, Language, TextForm};
pub use scorer::Lead;
pub use scorer::{LexRank, PageRank, Scorer, TextRank, MAX_GRAPH_SENTENCES};
pub use select::{Budget, Passed, Redundancy, Room, Selector, Shape};

/// Errors of the core library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is empty or only white space.
    #[error("the input is empty (or only white space): there is no article to summarize")]
    EmptyInput,
    /// An option is out of range.
    #[error("invalid --{option}: {reason}")]
    InvalidOption {
        option: &'static str,
        reason: String,
    },
    /// An unknown method name.
    #[error("unknown method `{0}`: use one of learned, lead, textrank, lexrank")]
    UnknownMethod(String),
    /// A model file that cannot be used.
    #[error(transparent)]
    Model(#[from] learned::ModelError),
    /// An error of the text layer (unknown language).
    #[error(transparent)]
    Text(#[from] lede_text::TextError),
}

/// A summarization method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Gradient-boosted trees over sentence features, trained on CNN/DailyMail highlights
    /// (the model is built in; see [`learned`]).
    #[default]
    Learned,
    /// The first sentences of the story (after the dateline and any boilerplate).
    Lead,
    /// TextRank (Mihalcea & Tarau 2004).
    TextRank,
    /// Continuous LexRank (Erkan & Radev 2004).
    LexRank,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Learned,
        Method::Lead,
        Method::TextRank,
        Method::LexRank,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Learned => "learned",
            Method::Lead => "lead",
            Method::TextRank => "textrank",
            Method::LexRank => "lexrank",
        }
    }

    /// The scorer that implements the method.
    pub fn scorer(self) -> Box<dyn Scorer> {
        match self {
            Method::Learned => Box::new(Learned::default()),
            Method::Lead => Box::new(Lead),
            Method::TextRank => Box::new(TextRank::default()),
            Method::LexRank => Box::new(LexRank::default()),
        }
    }

    /// Redundancy control used when the options leave it open: none for Lead (Lead-k is the
    /// first k sentences, as a baseline must be), novelty for the learned method (its scores
    /// are log-odds, the scale novelty's weight is set on), trigram blocking for the others.
    pub fn default_redundancy(self) -> Redundancy {
        match self {
            Method::Lead => Redundancy::None,
            Method::Learned => Redundancy::Novelty,
            _ => Redundancy::Trigram,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let want = s.trim().to_ascii_lowercase().replace(['-', '_'], "");
        Method::ALL
            .into_iter()
            .find(|m| m.name() == want)
            .ok_or_else(|| Error::UnknownMethod(s.to_string()))
    }
}

/// What to summarize and how.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub method: Method,
    pub budget: Budget,
    /// `None`: the method's default ([`Method::default_redundancy`]).
    pub redundancy: Option<Redundancy>,
    pub language: Language,
    /// Raw text, pre-tokenized research text, or detect.
    pub form: TextForm,
    /// What compression may cut from each highlight ([`compress`]): by default a leading
    /// connective (not for Lead, which stays the first sentences as written). English only:
    /// other languages keep whole sentences.
    pub compress: Compress,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            method: Method::default(),
            budget: Budget::default(),
            redundancy: None,
            language: Language::English,
            form: TextForm::Auto,
            compress: Compress::default(),
        }
    }
}

impl Options {
    /// The redundancy control in effect.
    pub fn effective_redundancy(&self) -> Redundancy {
        self.redundancy
            .unwrap_or_else(|| self.method.default_redundancy())
    }

    pub fn validate(&self) -> Result<(), Error> {
        self.budget.validate()?;
        self.effective_redundancy().validate()
    }
}

/// One highlight: a sentence of the article, whole or compressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Highlight {
    /// The highlight: the sentence exactly as it stands in the input (`&input[start..end]`),
    /// or, compressed, its kept `spans` joined (with the recorded edits).
    pub text: String,
    /// Index of the sentence in the document (0-based).
    pub sentence: usize,
    /// Byte offsets of the whole sentence in the input.
    pub start: usize,
    pub end: usize,
    /// The method's score for the sentence, on the method's scale: `learned`, the probability
    /// that the sentence is one of the article's highlights; `lead`, its position (1 for the
    /// first sentence, falling evenly to 1/m for the last of m); `textrank` and `lexrank`, its
    /// centrality relative to the article's most central sentence (1).
    pub score: f64,
    /// Byte ranges of the input that the text keeps, in order (one, the whole sentence, when
    /// nothing was cut).
    pub spans: Vec<(usize, usize)>,
    /// The spans that compression cut, with their kind.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cuts: Vec<Cut>,
    /// Compression cut the start, and the new first word was capitalised.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub capitalized: bool,
    /// Compression added a final period.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub period_added: bool,
}

impl Highlight {
    /// Checks that the highlight is the input's own words: its spans lie in order inside the
    /// sentence, and its text is those spans joined (a space where the input has one before a
    /// span), with at most the recorded edits (a capitalised first letter, a final period).
    pub fn is_faithful_to(&self, input: &str) -> bool {
        let mut expected = String::with_capacity(self.text.len());
        let mut at = self.start;
        for (k, &(a, b)) in self.spans.iter().enumerate() {
            if a < at
                || a >= b
                || b > self.end
                || !input.is_char_boundary(a)
                || !input.is_char_boundary(b)
            {
                return false;
            }
            if k > 0 && input[..a].ends_with(char::is_whitespace) {
                expected.push(' ');
            }
            expected.push_str(&input[a..b]);
            at = b;
        }
        if self.period_added {
            expected.push('.');
        }
        if self.capitalized {
            let Some(c) = expected.chars().next() else {
                return false;
            };
            let upper: String = c.to_uppercase().collect();
            expected.replace_range(..c.len_utf8(), &upper);
        }
        !self.spans.is_empty() && expected == self.text
    }
}

/// The result of summarizing one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Highlights {
    pub method: Method,
    pub language: &'static str,
    pub budget: Budget,
    pub redundancy: Redundancy,
    /// Whether the input was read as pre-tokenized research text.
    pub pretokenized: bool,
    /// Number of sentences in the article, boilerplate included.
    pub sentences: usize,
    /// The chosen sentences, in document order.
    pub highlights: Vec<Highlight>,
    /// Present when fewer highlights were given than the budget asked for: how many, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Shortfall>,
}

/// Why an article got fewer highlights than asked for (a sentence or ratio budget).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// Highlights the budget asked for.
    pub asked: usize,
    /// Highlights given.
    pub given: usize,
    /// In words: what kept the other sentences out.
    pub reason: String,
}

/// Log-odds of the learned score given up per word of a highlight under full compression.
const SHORT_PREFERENCE: f64 = 0.01;

/// A reusable summarizer: holds the analyzer (stemmer, stopwords) and the scorer, so batch
/// callers build one per thread and call [`Summarizer::summarize`] per article.
pub struct Summarizer {
    options: Options,
    analyzer: Analyzer,
    scorer: Box<dyn Scorer>,
    compressor: Option<Compressor>,
    /// The word lexicon documents are parsed with: the learned model's, else an empty one.
    lexicon: std::sync::Arc<lexicon::Lexicon>,
}

impl Summarizer {
    pub fn new(options: Options) -> Result<Self, Error> {
        options.validate()?;
        let lexicon = if options.method == Method::Learned {
            Model::builtin_lexicon()
        } else {
            // Only the learned scorer reads word rates: the other methods skip the model.
            static NONE: std::sync::OnceLock<std::sync::Arc<lexicon::Lexicon>> =
                std::sync::OnceLock::new();
            NONE.get_or_init(|| std::sync::Arc::new(lexicon::Lexicon::new(&[])))
                .clone()
        };
        Ok(Summarizer {
            analyzer: Analyzer::new(options.language),
            scorer: options.method.scorer(),
            compressor: Self::compressor(&options),
            options,
            lexicon,
        })
    }

    /// A summarizer for [`Method::Learned`] with another model than the built-in one (a file
    /// made by `lede train`).
    pub fn with_model(options: Options, model: std::sync::Arc<Model>) -> Result<Self, Error> {
        options.validate()?;
        if options.method != Method::Learned {
            return Err(Error::InvalidOption {
                option: "model",
                reason: format!("a model is for the learned method, not {}", options.method),
            });
        }
        let learned = Learned::new(model);
        Ok(Summarizer {
            analyzer: Analyzer::new(options.language),
            lexicon: learned.lexicon.clone(),
            scorer: Box::new(learned),
            compressor: Self::compressor(&options),
            options,
        })
    }

    fn compressor(options: &Options) -> Option<Compressor> {
        if options.language != Language::English {
            return None;
        }
        match options.compress {
            Compress::Off => None,
            Compress::Connectives if options.method == Method::Lead => None,
            Compress::Connectives => Some(Compressor::connectives()),
            Compress::Full => Some(Compressor::default()),
        }
    }

    /// Compresses with another cut model than the built-in one (a file made by
    /// `lede train --compress`).
    pub fn set_cut_model(&mut self, model: std::sync::Arc<CutModel>) {
        if self.options.compress == Compress::Full && self.compressor.is_some() {
            self.compressor = Some(Compressor::new(model));
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Reads articles in another language from now on (a web page that declares its own):
    /// its stemmer, stopwords and abbreviations. Compression is for English only, so a
    /// summarizer set to another language keeps sentences whole (and one set back to English
    /// compresses with the built-in cut model).
    pub fn set_language(&mut self, language: Language) {
        if language == self.options.language {
            return;
        }
        self.options.language = language;
        self.analyzer = Analyzer::new(language);
        self.compressor = Self::compressor(&self.options);
    }

    /// Parses documents with another word lexicon than the model's (for training, where each
    /// article's features must not see its own highlights).
    pub fn set_lexicon(&mut self, lexicon: std::sync::Arc<lexicon::Lexicon>) {
        self.lexicon = lexicon;
    }

    /// Parses `text` into a [`Document`] with this summarizer's language and text form.
    pub fn document<'a>(&self, text: &'a str) -> Document<'a> {
        Document::parse_with(text, &self.analyzer, self.options.form, &self.lexicon)
    }

    /// Highlights for one article.
    pub fn summarize(&self, text: &str) -> Result<Highlights, Error> {
        self.run(text, false).map(|(h, _)| h)
    }

    /// Highlights for one article, and every sentence of it with its score (for showing the
    /// whole article with the chosen sentences marked).
    pub fn summarize_all(&self, text: &str) -> Result<(Highlights, Vec<ScoredSentence>), Error> {
        self.run(text, true)
    }

    fn run(&self, text: &str, all: bool) -> Result<(Highlights, Vec<ScoredSentence>), Error> {
        if text.chars().all(lede_text::is_space) {
            return Err(Error::EmptyInput);
        }
        let doc = self.document(text);
        let scores = self.scorer.score(&doc);
        let budget = self.options.budget.resolve(self.options.method, &doc);
        let selector = Selector {
            budget,
            redundancy: self.options.effective_redundancy(),
            readable: self.options.method != Method::Lead,
            // Full compression aims at short highlights: among the learned method's best
            // sentences, one that compresses shorter is preferred (its scores are log-odds).
            length_penalty: if self.options.compress == Compress::Full
                && self.options.method == Method::Learned
            {
                SHORT_PREFERENCE
            } else {
                0.0
            },
        };
        // Each sentence the selector looks at is compressed once, and judged as it would read.
        let full = self.options.compress == Compress::Full && self.compressor.is_some();
        let context = if full {
            compress::Context::new((0..doc.sentences.len()).map(|i| doc.sentence_text(i)))
        } else {
            compress::Context::default()
        };
        let shapes: RefCell<Vec<Option<(Compression, Shape)>>> =
            RefCell::new(vec![None; doc.sentences.len()]);
        let mut shape_of = |i: usize| -> Shape {
            let mut shapes = shapes.borrow_mut();
            if shapes[i].is_none() {
                let s = &doc.sentences[i];
                let c = match &self.compressor {
                    Some(c) => c.compress_in(text, s.range(), &context, i),
                    None => Compression::whole(text, s.range()),
                };
                let shape = Shape::of(&c.text, &self.analyzer);
                shapes[i] = Some((c, shape));
            }
            shapes[i].as_ref().map(|(_, s)| *s).unwrap_or_default()
        };
        // Under a word or character budget, full compression cuts a sentence that does not
        // fit in what is left until it does (the spans the model would keep, surest first),
        // rather than passing it over.
        let fitting = full && matches!(budget, Budget::Words(_) | Budget::Chars(_));
        let mut shorten = |i: usize, room: Room| -> Option<Shape> {
            let compressor = self.compressor.as_ref()?;
            let s = &doc.sentences[i];
            let mut shape = Shape::default();
            let c = compressor.compress_to_fit(text, s.range(), &context, i, &mut |t| {
                shape = Shape::of(t, &self.analyzer);
                room.holds(&shape)
            })?;
            shapes.borrow_mut()[i] = Some((c, shape));
            Some(shape)
        };
        let (mut chosen, mut passed) = selector.select_fitting(
            &doc,
            &scores,
            doc.candidates().collect(),
            &mut shape_of,
            if fitting { Some(&mut shorten) } else { None },
        );
        // An article with a sentence gets a highlight: when no sentence meets every rule,
        // the best of those with a word of text is taken anyway (a fragment such as "Hello
        // world", a sentence that opens with a pronoun), within the budget.
        let mut relaxed = false;
        if chosen.is_empty() {
            let fallback: Vec<usize> = (0..doc.sentences.len())
                .filter(|&i| {
                    matches!(
                        doc.sentences[i].boilerplate,
                        None | Some(clean::Boilerplate::Fragment)
                    ) && doc.sentence_text(i).chars().any(char::is_alphabetic)
                })
                .collect();
            if !fallback.is_empty() {
                let loose = Selector {
                    readable: false,
                    ..selector
                };
                (chosen, passed) = loose.select_fitting(
                    &doc,
                    &scores,
                    fallback,
                    &mut shape_of,
                    if fitting { Some(&mut shorten) } else { None },
                );
                relaxed = !chosen.is_empty();
            }
        }
        let shortfall = Self::shortfall(budget, &doc, chosen.len(), passed, relaxed);
        let shown = self.scorer.shown(&doc, &scores);
        let sentences = if all {
            let mut selected = vec![false; doc.sentences.len()];
            for &i in &chosen {
                selected[i] = true;
            }
            doc.sentences
                .iter()
                .enumerate()
                .map(|(i, s)| ScoredSentence {
                    start: s.start,
                    end: s.end,
                    score: shown[i],
                    selected: selected[i],
                    boilerplate: s.boilerplate.is_some(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let highlights = chosen
            .into_iter()
            .map(|i| {
                let s = &doc.sentences[i];
                let c = shapes.borrow_mut()[i]
                    .take()
                    .map(|(c, _)| c)
                    .unwrap_or_else(|| Compression::whole(text, s.range()));
                Highlight {
                    text: c.text,
                    sentence: i,
                    start: s.start,
                    end: s.end,
                    score: shown[i],
                    spans: c.spans,
                    cuts: c.cuts,
                    capitalized: c.capitalized,
                    period_added: c.period_added,
                }
            })
            .collect();
        Ok((
            Highlights {
                method: self.options.method,
                language: self.options.language.name(),
                budget,
                redundancy: selector.redundancy,
                pretokenized: doc.pretokenized,
                sentences: doc.sentences.len(),
                highlights,
                shortfall,
            },
            sentences,
        ))
    }
}

impl Summarizer {
    /// Why `given` highlights fall short of what a sentence or ratio budget asked for, if
    /// they do.
    fn shortfall(
        budget: Budget,
        doc: &Document,
        given: usize,
        passed: select::Passed,
        relaxed: bool,
    ) -> Option<Shortfall> {
        // Most articles get what they asked for: that is settled before counting anything.
        if let Budget::Sentences(n) = budget {
            if given >= n {
                return None;
            }
        }
        let candidates = doc.candidates().count();
        let asked = match budget {
            Budget::Auto => select::DEFAULT_SENTENCES,
            Budget::Sentences(n) => n,
            Budget::Ratio(r) => ((r * candidates as f64).round() as usize).max(1),
            Budget::Words(_) | Budget::Chars(_) => return None,
        };
        if given >= asked {
            return None;
        }
        let n = doc.sentences.len();
        let count = |k: usize, one: &str, many: &str| {
            if k == 1 {
                format!("1 {one}")
            } else {
                format!("{k} {many}")
            }
        };
        let mut why = Vec::new();
        if n < asked {
            why.push(format!(
                "the article has {}",
                count(n, "sentence", "sentences")
            ));
        }
        let boilerplate = n - candidates;
        if boilerplate > 0 {
            why.push(format!(
                "{} a byline, caption, promotion or fragment (under 3 words)",
                count(boilerplate, "is", "are each")
            ));
        }
        if passed.unreadable > 0 {
            why.push(format!(
                "{} not read alone (opening with a pronoun or a connective, leaving a quotation \
                 open or starting inside one, a quotation without its speaker, ending with a colon, \
                 opening in lowercase, a heading without a final mark, a web address, or fewer than \
                 {} words with a pronoun or a quotation)",
                count(passed.unreadable, "would", "would"),
                select::MIN_WORDS
            ));
        }
        if passed.repeated > 0 {
            why.push(format!(
                "{} a highlight already chosen",
                count(passed.repeated, "repeats", "repeat")
            ));
        }
        if relaxed {
            why.push("no sentence met every rule, so the best one was taken as it is".to_string());
        }
        if why.is_empty() {
            why.push("the other sentences repeat the chosen ones".to_string());
        }
        Some(Shortfall {
            asked,
            given,
            reason: why.join("; "),
        })
    }
}

/// A sentence of the article with the method's score, as [`Summarizer::summarize_all`] gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredSentence {
    /// Byte offsets into the input.
    pub start: usize,
    pub end: usize,
    /// On the method's scale, as [`Highlight::score`].
    pub score: f64,
    /// Whether it is one of the highlights.
    pub selected: bool,
    /// Whether it was recognised as boilerplate (byline, promo, credit...) and never chosen.
    pub boilerplate: bool,
}

/// Highlights for one article with the given options.
pub fn summarize(text: &str, options: &Options) -> Result<Highlights, Error> {
    Summarizer::new(*options)?.summarize(text)
}
