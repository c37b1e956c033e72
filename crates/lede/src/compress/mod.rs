//! Sentence compression by deletion: a chosen sentence loses optional spans (attribution,
//! leading connectives and time phrases, parentheticals, appositives, non-restrictive
//! relative clauses, trailing participial phrases) so that it reads like a highlight. Every
//! word left is the article's, in order; the only other edits are capitalising a new first
//! word and a final period, and both are recorded.
//!
//! Rules propose the spans that may go (each a grammatical unit that leaves a sentence
//! behind); a small learned model ([`CutModel`], trained by `lede train --compress` on
//! CNN/DailyMail highlights aligned with their source sentences) decides which do. Some spans
//! are never cut whatever the model says: anything inside a quotation, the attribution of a
//! direct quote, numbers, negations, modals and hedges, and parts of names; and a result must
//! keep a verb, at least [`MIN_WORDS`] words, and balanced quotes and brackets.
//!
//! ```
//! use lede::compress::{by_kind, Compressor, CutKind};
//! // A model that cuts every span the rules allow (the built-in one is choosier).
//! let all: Vec<(CutKind, f32)> = CutKind::ALL.iter().map(|&k| (k, 5.0)).collect();
//! let c = Compressor::new(std::sync::Arc::new(by_kind(&all, 0.5)));
//! let s = "But the suspect, who was described as an illegal immigrant, died from his \
//!          injuries before officers could rescue him, police said.";
//! let out = c.compress(s, 0..s.len());
//! assert_eq!(out.text, "The suspect died from his injuries before officers could rescue him.");
//! assert!(out.capitalized);
//! // The kept spans, in order: "the suspect", "died ... him", ".".
//! assert_eq!(out.spans.len(), 3);
//! assert_eq!(&s[out.spans[0].0..out.spans[0].1], "the suspect");
//! ```

mod check;
mod context;
mod model;
pub(crate) mod rules;
pub(crate) mod tokens;

use std::ops::Range;

use serde::Serialize;

pub use check::violations;
pub use context::Context;
pub use model::{by_kind, sentence_candidates, CutModel, CUT_FEATURES, CUT_MODEL_FORMAT};
pub use rules::CutKind;
pub use tokens::{
    brackets_balanced, opening, opens_with_connective, opens_with_pronoun, quotes_balanced,
};

use rules::Candidate;
use tokens::{Kind, Tok};

/// A compressed sentence keeps at least this many words.
pub const MIN_WORDS: usize = 6;

/// One span that compression removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cut {
    pub kind: CutKind,
    /// Byte offsets into the input.
    pub start: usize,
    pub end: usize,
}

/// A sentence after compression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compression {
    /// The highlight text: the kept spans joined, with the recorded edits.
    pub text: String,
    /// Byte ranges of the input that the text keeps, in order.
    pub spans: Vec<(usize, usize)>,
    /// What was removed.
    pub cuts: Vec<Cut>,
    /// The first word was capitalised (a leading span was cut before it).
    pub capitalized: bool,
    /// A final period was added.
    pub period_added: bool,
}

impl Compression {
    pub(crate) fn whole(text: &str, range: Range<usize>) -> Compression {
        Compression {
            text: text[range.clone()].to_string(),
            spans: vec![(range.start, range.end)],
            cuts: Vec::new(),
            capitalized: false,
            period_added: false,
        }
    }
}

/// How much of a chosen sentence may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compress {
    /// Whole sentences, as written.
    Off,
    /// Only a leading connective ("But", "And", "However,"), so that a highlight reads alone.
    #[default]
    Connectives,
    /// Every span the cut model chooses.
    Full,
}

impl Compress {
    pub fn name(self) -> &'static str {
        match self {
            Compress::Off => "off",
            Compress::Connectives => "connectives",
            Compress::Full => "full",
        }
    }
}

/// Compresses sentences with the rules and a cut model.
#[derive(Debug, Clone)]
pub struct Compressor {
    model: std::sync::Arc<CutModel>,
    /// Cut leading connectives only.
    connectives_only: bool,
}

impl Default for Compressor {
    fn default() -> Self {
        Compressor::new(CutModel::builtin())
    }
}

impl Compressor {
    pub fn new(model: std::sync::Arc<CutModel>) -> Self {
        Compressor {
            model,
            connectives_only: false,
        }
    }

    /// A compressor that cuts only a leading connective.
    pub fn connectives() -> Self {
        Compressor {
            connectives_only: true,
            ..Compressor::default()
        }
    }

    /// Compresses the sentence `text[range]` with no knowledge of the rest of the article;
    /// spans in the result are offsets into `text`.
    pub fn compress(&self, text: &str, range: Range<usize>) -> Compression {
        self.compress_in(text, range, &Context::default(), usize::MAX)
    }

    /// Compresses the sentence `text[range]`, sentence number `index` of the article that
    /// `ctx` describes.
    pub fn compress_in(
        &self,
        text: &str,
        range: Range<usize>,
        ctx: &Context,
        index: usize,
    ) -> Compression {
        let sentence = &text[range.clone()];
        // Most sentences open with no connective: that is told from their first words.
        if self.connectives_only
            && !tokens::connective_at_start(&tokens::tokenize(tokens::head(sentence)))
        {
            return Compression::whole(text, range);
        }
        let toks = tokens::tokenize(sentence);
        if toks.is_empty() {
            return Compression::whole(text, range);
        }
        let candidates = self.ranked_candidates(&toks, ctx, index);
        let mut removed = vec![false; toks.len()];
        let mut cuts: Vec<&Candidate> = Vec::new();
        let had_verb = toks.iter().any(tokens::is_verbish);
        for c in &candidates {
            if c.score < self.model.threshold && !self.connectives_only {
                break;
            }
            try_cut(&toks, c, &mut removed, &mut cuts, had_verb);
        }
        if cuts.is_empty() {
            return Compression::whole(text, range);
        }
        build(text, range, &toks, &removed, &cuts)
    }

    /// The sentence `text[range]` compressed until `fits` accepts its text: the model's cuts
    /// first, then, surest first, the spans the model would keep but the rules allow to go
    /// (each leaves a whole sentence, as every cut does). `None` when even every allowed cut
    /// leaves it too long. For a word or character budget: a sentence that does not fit in
    /// what is left is cut to fit rather than passed over.
    pub fn compress_to_fit(
        &self,
        text: &str,
        range: Range<usize>,
        ctx: &Context,
        index: usize,
        fits: &mut dyn FnMut(&str) -> bool,
    ) -> Option<Compression> {
        if self.connectives_only {
            return None;
        }
        let toks = tokens::tokenize(&text[range.clone()]);
        let candidates = self.ranked_candidates(&toks, ctx, index);
        let mut removed = vec![false; toks.len()];
        let mut cuts: Vec<&Candidate> = Vec::new();
        let had_verb = toks.iter().any(tokens::is_verbish);
        for c in &candidates {
            if try_cut(&toks, c, &mut removed, &mut cuts, had_verb)
                && c.score < self.model.threshold
            {
                let trial = build(text, range.clone(), &toks, &removed, &cuts);
                if fits(&trial.text) {
                    return Some(trial);
                }
            }
        }
        None
    }

    /// The spans the rules allow to go, scored by the model, the surest first.
    fn ranked_candidates(&self, toks: &[Tok], ctx: &Context, index: usize) -> Vec<Candidate> {
        let protected = tokens::protected(toks);
        let mut candidates = rules::candidates(toks, &protected);
        if self.connectives_only {
            candidates.retain(|c| c.kind == CutKind::LeadingConnective);
        }
        for c in &mut candidates {
            c.score = if self.connectives_only {
                1.0
            } else {
                self.model.score(toks, c, ctx, index)
            };
        }
        // The surest cuts first; each is kept only if the sentence left stays whole.
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
        candidates
    }
}

/// Whether cutting `c` beside `cuts` would take a leading phrase and an aside straight after
/// it: "Racing Media Group, the TV arm of English racing, remain ...": what the phrase ends is
/// then the aside's noun, and with both gone no subject is left.
fn leaves_no_subject(toks: &[Tok], c: &Candidate, cuts: &[&Candidate]) -> bool {
    let leading = |k: CutKind| {
        matches!(
            k,
            CutKind::LeadingPhrase | CutKind::LeadingAttribution | CutKind::LeadingConnective
        )
    };
    let aside = |k: CutKind| {
        matches!(
            k,
            CutKind::Appositive
                | CutKind::CommaAside
                | CutKind::RelativeClause
                | CutKind::Parenthetical
                | CutKind::DashAside
        )
    };
    // No word between the end of `a` and the start of `b`.
    let adjacent = |a: &Candidate, b: &Candidate| {
        a.end <= b.start && !toks[a.end..b.start].iter().any(|t| t.is_word())
    };
    cuts.iter().any(|d| {
        (leading(d.kind) && aside(c.kind) && adjacent(d, c))
            || (leading(c.kind) && aside(d.kind) && adjacent(c, d))
    })
}

/// Cuts `c` if it overlaps no earlier cut and leaves a whole sentence; whether it did.
fn try_cut<'c>(
    toks: &[Tok],
    c: &'c Candidate,
    removed: &mut Vec<bool>,
    cuts: &mut Vec<&'c Candidate>,
    had_verb: bool,
) -> bool {
    if removed[c.start..c.end].iter().any(|&r| r) || leaves_no_subject(toks, c, cuts) {
        return false;
    }
    let mut trial = removed.clone();
    trial[c.start..c.end].iter_mut().for_each(|r| *r = true);
    tidy(toks, &mut trial);
    if whole_sentence(toks, &trial, had_verb) {
        *removed = trial;
        cuts.push(c);
        true
    } else {
        false
    }
}

/// Removes punctuation that a cut left stranded: a comma, colon or dash at the start, before
/// the final punctuation, or next to another.
fn tidy(toks: &[Tok], removed: &mut [bool]) {
    let stray = |k: Kind| matches!(k, Kind::Comma | Kind::Colon | Kind::Dash);
    // Leading.
    for (i, t) in toks.iter().enumerate() {
        if removed[i] {
            continue;
        }
        if stray(t.kind) {
            removed[i] = true;
        } else {
            break;
        }
    }
    // A final period after a kept abbreviation's own ("K.C. .").
    if let Some(last) = (0..toks.len()).rev().find(|&i| !removed[i]) {
        if toks[last].kind == Kind::End && toks[last].lower == "." {
            if let Some(prev) = (0..last).rev().find(|&i| !removed[i]) {
                if toks[prev].lower.ends_with('.') && prev + 1 != last {
                    removed[last] = true;
                }
            }
        }
    }
    // Before the end, and doubled.
    let mut next: Option<usize> = None;
    for i in (0..toks.len()).rev() {
        if removed[i] {
            continue;
        }
        if stray(toks[i].kind) {
            match next.map(|n| toks[n].kind) {
                None | Some(Kind::End) => {
                    removed[i] = true;
                    continue;
                }
                Some(k) if stray(k) => {
                    removed[i] = true;
                    continue;
                }
                _ => {}
            }
        }
        next = Some(i);
    }
}

/// Whether the kept tokens still make a sentence: enough words, a verb (where the sentence
/// had one that we can tell), nothing left open, and no two words run together.
fn whole_sentence(toks: &[Tok], removed: &[bool], had_verb: bool) -> bool {
    let kept = || {
        toks.iter()
            .zip(removed)
            .filter(|(_, &r)| !r)
            .map(|(t, _)| t)
    };
    if reader_words(toks, removed) < MIN_WORDS || had_verb && !kept().any(tokens::is_verbish) {
        return false;
    }
    tokens::brackets_pair(kept())
}

/// Punctuation that parts words even with no space beside it ("said,police", "(CNN)").
fn parts_words(k: Kind) -> bool {
    matches!(
        k,
        Kind::Comma | Kind::Colon | Kind::Open | Kind::Close | Kind::Quote
    )
}

/// The words of the kept tokens as a reader counts them: runs of text between spaces (and the
/// punctuation that parts words) that hold a letter or digit, so that "and/or" or a word
/// joined to others by symbols counts once. `0` where a cut would run two words together:
/// the kept text is joined with a space only where the input had one before it ([`build`]),
/// so cutting "(CNN)" from "said (CNN)that" would make "saidthat", a word the input never had.
fn reader_words(toks: &[Tok], removed: &[bool]) -> usize {
    let wordish = |k: Kind| matches!(k, Kind::Word | Kind::Number | Kind::Other);
    let mut words = 0;
    let mut run_has_word = false;
    let mut prev: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        if removed[i] {
            continue;
        }
        if let Some(p) = prev {
            // Joined with no space in the text: within a run as the input has them, across a
            // cut when the input has no space straight before this token.
            let touching = toks[i - 1].end == t.start;
            if touching && p + 1 != i && wordish(toks[p].kind) && wordish(t.kind) {
                return 0;
            }
            if !touching || parts_words(toks[p].kind) || parts_words(t.kind) {
                words += run_has_word as usize;
                run_has_word = false;
            }
        }
        run_has_word |= t.is_word();
        prev = Some(i);
    }
    words + run_has_word as usize
}

fn build(
    text: &str,
    range: Range<usize>,
    toks: &[Tok],
    removed: &[bool],
    cuts: &[&Candidate],
) -> Compression {
    let base = range.start;
    let sentence = &text[range.clone()];
    // Runs of kept tokens, as byte spans of the input.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if removed[i] {
            i += 1;
            continue;
        }
        let a = i;
        while i + 1 < toks.len() && !removed[i + 1] {
            i += 1;
        }
        spans.push((base + toks[a].start, base + toks[i].end));
        i += 1;
    }
    let mut out = String::with_capacity(sentence.len());
    for (k, &(a, b)) in spans.iter().enumerate() {
        // Joined as the input joins them: a space where the input had one before the run.
        if k > 0 && text[..a].ends_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(&text[a..b]);
    }
    // A sentence that opened with a capital opens with one still.
    let first_kept = removed.iter().position(|&r| !r).unwrap_or(0);
    let mut capitalized = false;
    // ("One" as well as "The": a number word opens a sentence capitalised too.)
    if first_kept > 0 && toks[0].cap && matches!(toks[first_kept].kind, Kind::Word | Kind::Number) {
        if let Some(c) = out.chars().next() {
            if c.is_lowercase() {
                let upper: String = c.to_uppercase().collect();
                out.replace_range(..c.len_utf8(), &upper);
                capitalized = true;
            }
        }
    }
    // The end: a sentence that ended with a period ends with one still.
    let ended = toks.last().is_some_and(|t| t.kind == Kind::End);
    let last_kept = removed.iter().rposition(|&r| !r).unwrap_or(0);
    let mut period_added = false;
    if ended && toks[last_kept].kind != Kind::End && !toks[last_kept].lower.ends_with('.') {
        out.push('.');
        period_added = true;
    }
    let mut cuts: Vec<Cut> = cuts
        .iter()
        .map(|c| Cut {
            kind: c.kind,
            start: base + toks[c.start].start,
            end: base + toks[c.end - 1].end,
        })
        .collect();
    cuts.sort_by_key(|c| c.start);
    Compression {
        text: out,
        spans,
        cuts,
        capitalized,
        period_added,
    }
}

#[cfg(test)]
mod tests;
