//! What the rest of the article says: how widely each word of a span is used across the
//! article's sentences and in its opening, the cut model's measure of how central a span is.

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::Hasher;
use std::sync::OnceLock;

use super::tokens::{Kind, Tok};

/// Sentences that make the article's opening.
const LEAD: usize = 3;

/// Word statistics of one article. Words are kept by the hash of their key form: two keys
/// of an article that share a 64-bit hash are not a practical concern.
#[derive(Debug, Default, Clone)]
pub struct Context {
    /// Key form -> number of sentences that use it.
    df: FxHashMap<u64, u32>,
    /// Key forms of each opening sentence.
    lead: Vec<FxHashSet<u64>>,
}

/// A word's key: lowercase, a plural or possessive `s` dropped.
pub(crate) fn key(lower: &str) -> &str {
    let k = lower.strip_suffix("'s").unwrap_or(lower);
    if k.len() > 3 && k.ends_with('s') && !k.ends_with("ss") {
        &k[..k.len() - 1]
    } else {
        k
    }
}

fn hash(key: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

pub(crate) fn is_stopword(lower: &str) -> bool {
    static STOP: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    STOP.get_or_init(|| {
        lede_text::Language::English
            .stopwords()
            .iter()
            .copied()
            .chain([
                "'s", "n't", "said", "says", "told", "also", "would", "could",
            ])
            .collect()
    })
    .contains(lower)
}

fn content(t: &Tok) -> bool {
    t.kind == Kind::Word && !is_stopword(&t.lower)
}

impl Context {
    /// Statistics of the sentences of an article.
    pub fn new<'a>(sentences: impl Iterator<Item = &'a str>) -> Context {
        let mut ctx = Context::default();
        let mut seen: Vec<u64> = Vec::new();
        let mut lower = String::new();
        for (i, s) in sentences.enumerate() {
            seen.clear();
            // Words as the tokenizer keeps them: letters and digits, with an inner apostrophe.
            let mut add = |w: &str| {
                if w.is_empty() || w.bytes().any(|b| b.is_ascii_digit()) {
                    return;
                }
                lower.clear();
                if w.is_ascii() {
                    lower.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
                } else {
                    lower.extend(w.chars().flat_map(char::to_lowercase).map(|c| {
                        if c == '’' {
                            '\''
                        } else {
                            c
                        }
                    }));
                }
                // (A number word is one in any case: the lowercase form tells.)
                if super::tokens::is_number_word(&lower) || is_stopword(&lower) {
                    return;
                }
                let k = hash(key(&lower));
                if !seen.contains(&k) {
                    seen.push(k);
                }
            };
            if s.is_ascii() {
                // The same words, read byte by byte: the whitespace of `char::is_whitespace`
                // and the non-alphanumerics of `char::is_alphanumeric`, in ASCII.
                let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
                for w in s.split(|c: char| c.is_ascii() && is_space(c as u8)) {
                    add(w.trim_matches(|c: char| !c.is_ascii_alphanumeric()));
                }
            } else {
                for w in s.split(char::is_whitespace) {
                    add(w.trim_matches(|c: char| !c.is_alphanumeric()));
                }
            }
            for &w in &seen {
                *ctx.df.entry(w).or_insert(0) += 1;
            }
            if i < LEAD {
                ctx.lead.push(seen.iter().copied().collect());
            }
        }
        ctx
    }

    /// Salience of the content words of `span`, a piece of sentence `sentence`: (mean number
    /// of other sentences using each word, capped at 4; share of words used by no other
    /// sentence; share of words used in the opening sentences other than this one). `None`
    /// when the span has no content word or the context is empty.
    pub(crate) fn salience(&self, span: &[Tok], sentence: usize) -> Option<(f64, f64, f64)> {
        if self.df.is_empty() {
            return None;
        }
        let mut n = 0usize;
        let mut df = 0.0;
        let mut unique = 0usize;
        let mut lead = 0usize;
        for t in span.iter().filter(|t| content(t)) {
            let k = hash(key(&t.lower));
            let others = self.df.get(&k).copied().unwrap_or(1).saturating_sub(1);
            n += 1;
            df += others.min(4) as f64;
            unique += (others == 0) as usize;
            lead += self
                .lead
                .iter()
                .enumerate()
                .any(|(i, s)| i != sentence && s.contains(&k)) as usize;
        }
        (n > 0).then(|| {
            let n = n as f64;
            (df / n, unique as f64 / n, lead as f64 / n)
        })
    }
}
