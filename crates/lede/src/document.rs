//! The Document: an article's paragraphs and sentences with byte spans into the original
//! text, each sentence's words as stemmed term ids, and its boilerplate verdict.

use std::ops::Range;

use lede_text::{Analyzer, Language, Segmenter, SentenceSpan, TextForm};
use rustc_hash::FxHashMap;

use crate::clean::{self, Boilerplate};
use crate::lexicon::Lexicon;
use crate::phrases::Phrases;
use std::sync::Arc;

/// One sentence of a [`Document`].
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte span into the document text (`&text[start..end]` is the sentence).
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph it belongs to.
    pub paragraph: usize,
    /// Why it can never be a highlight, if it can't.
    pub boilerplate: Option<Boilerplate>,
    /// Term ids of every word, in order (stopwords included; see [`Document::is_stop`]).
    pub words: Vec<u32>,
    /// Byte span of each of those words, relative to the sentence's start.
    pub word_spans: Vec<(u32, u32)>,
}

impl Sentence {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the sentence may be selected as a highlight.
    pub fn is_candidate(&self) -> bool {
        self.boilerplate.is_none()
    }
}

/// An article ready for scoring.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    text: &'a str,
    /// Paragraph spans.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Whether the text was read as pre-tokenized research text.
    pub pretokenized: bool,
    /// Whether the story opens with a dateline (`Washington (CNN) --`, `LONDON (Reuters) -`),
    /// which is cut from its first sentence: the mark of wire-style copy.
    pub dateline: bool,
    /// The language of the analysis.
    pub language: Language,
    /// Per term id: is it a stopword?
    stop: Vec<bool>,
    /// Per term id: its highlight rate in the word lexicon, NaN when the lexicon lacks it.
    rate: Vec<f32>,
    /// The rate of a word the lexicon lacks.
    prior: f32,
    /// Per term id: a hash of its stem, the same in every document and on every machine (the
    /// phrase weights of the lexicon are looked up by it).
    stem_hash: Vec<u64>,
    /// The phrase weights of the lexicon the document was parsed with.
    phrases: Arc<Phrases>,
    /// Per sentence: it starts inside a quotation (see [`Document::opens_inside_a_quotation`]).
    quoted: std::sync::OnceLock<Vec<bool>>,
    /// Whether the sentences open with capitals (see [`Document::opens_in_lowercase`]).
    cased: std::sync::OnceLock<bool>,
}

impl<'a> Document<'a> {
    /// Segments, cleans and analyses `text`, with the word lexicon of the built-in model.
    pub fn parse(text: &'a str, analyzer: &Analyzer, form: TextForm) -> Document<'a> {
        Document::parse_with(
            text,
            analyzer,
            form,
            &crate::learned::Model::builtin_lexicon(),
        )
    }

    /// [`Document::parse`] with another word lexicon (that of the model that will score it).
    pub fn parse_with(
        text: &'a str,
        analyzer: &Analyzer,
        form: TextForm,
        lexicon: &Lexicon,
    ) -> Document<'a> {
        let seg = Segmenter::new(analyzer.language())
            .with_form(form)
            .segment(text);
        let pretokenized = seg.pretokenized;
        let (spans, dateline) = clean_spans(text, seg.sentences, pretokenized);

        // About one distinct form per 12 bytes of news text: sized once, not grown.
        let forms = (text.len() / 12).min(1 << 16);
        let mut vocab = Vocab {
            surface: FxHashMap::with_capacity_and_hasher(forms, Default::default()),
            local: FxHashMap::with_capacity_and_hasher(forms, Default::default()),
            stop: Vec::with_capacity(forms),
            rate: Vec::with_capacity(forms),
            stem_hash: Vec::with_capacity(forms),
        };
        let sentences = STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            cache.prepare(analyzer.language());
            cache.use_lexicon(lexicon);
            spans
                .into_iter()
                .map(|(span, boilerplate)| {
                    let mut word_spans = Vec::new();
                    let words: Vec<u32> = analyzer
                        .words(&text[span.range()])
                        .map(|(at, w)| {
                            word_spans.push((at as u32, (at + w.len()) as u32));
                            vocab.id(&mut cache, analyzer, lexicon, w)
                        })
                        .collect();
                    let boilerplate =
                        boilerplate.or_else(|| clean::classify(&text[span.range()], words.len()));
                    Sentence {
                        start: span.start,
                        end: span.end,
                        paragraph: span.paragraph,
                        boilerplate,
                        words,
                        word_spans,
                    }
                })
                .collect()
        });
        Document {
            text,
            paragraphs: seg.paragraphs,
            sentences,
            pretokenized,
            dateline,
            language: analyzer.language(),
            stop: vocab.stop,
            rate: vocab.rate,
            prior: lexicon.prior(),
            stem_hash: vocab.stem_hash,
            phrases: lexicon.phrases().clone(),
            quoted: std::sync::OnceLock::new(),
            cased: std::sync::OnceLock::new(),
        }
    }

    /// The text the spans point into.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &'a str {
        &self.text[self.sentences[i].range()]
    }

    /// Whether sentence `i` starts inside a quotation that an earlier sentence of its
    /// paragraph opened: a middle sentence of a longer quote, which has no quotation mark of
    /// its own and reads as a fragment taken alone. Only a paragraph whose marks pair up is
    /// read this way, so that a stray mark (5'11", a typo) leaves the rest alone. The text is
    /// read once, on the first call.
    pub fn opens_inside_a_quotation(&self, i: usize) -> bool {
        self.quoted
            .get_or_init(|| self.sentences_inside_a_quotation())
            .get(i)
            .copied()
            .unwrap_or(false)
    }

    /// Whether sentence `i` opens with a word in lowercase ("is an example of an inline
    /// equation.") in a text whose sentences open with capitals: the rest of a sentence whose
    /// opening the page lost (a formula, a link) or a piece a wrong break split off. A word
    /// with a capital inside ("iPhone", "eBay") is a name. Pre-tokenized text, and text
    /// written in lowercase, are never read this way.
    pub fn opens_in_lowercase(&self, i: usize) -> bool {
        if i >= self.sentences.len() {
            return false;
        }
        let text = self.sentence_text(i);
        let word = first_word(text);
        // A handle or tag ("@elonmusk posted ..."), or a name's particle ("de Blasio").
        let handle = text.trim_start().starts_with(['@', '#']);
        let particle = NAME_PARTICLES.contains(&word)
            && text
                .split_whitespace()
                .nth(1)
                .is_some_and(|w| w.starts_with(char::is_uppercase));
        word.starts_with(char::is_lowercase)
            && !word.chars().any(char::is_uppercase)
            && !handle
            && !particle
            && *self.cased.get_or_init(|| self.opens_with_capitals())
    }

    /// At least two in three sentences that open with a cased letter open with a capital.
    fn opens_with_capitals(&self) -> bool {
        if self.pretokenized {
            return false;
        }
        let (mut upper, mut lower) = (0usize, 0usize);
        for i in 0..self.sentences.len() {
            match first_word(self.sentence_text(i)).chars().next() {
                Some(c) if c.is_uppercase() => upper += 1,
                Some(c) if c.is_lowercase() => lower += 1,
                _ => {}
            }
        }
        upper > 0 && upper >= 2 * lower
    }

    fn sentences_inside_a_quotation(&self) -> Vec<bool> {
        use crate::compress::tokens::Quotes;
        let mut inside = vec![false; self.sentences.len()];
        let mut i = 0;
        for (k, p) in self.paragraphs.iter().enumerate() {
            let first = i;
            while i < self.sentences.len() && self.sentences[i].paragraph == k {
                i += 1;
            }
            let Some(text) = self.text.get(p.clone()) else {
                continue;
            };
            if !crate::compress::quotes_balanced(text) {
                continue;
            }
            let mut q = Quotes::default();
            let mut at = p.start;
            for (j, s) in self.sentences.iter().enumerate().take(i).skip(first) {
                if s.start < at || s.start > p.end {
                    continue;
                }
                q.read(&self.text[at..s.start]);
                at = s.start;
                inside[j] = q.open() > 0;
            }
        }
        inside
    }

    /// Number of distinct terms (stems) in the document.
    pub fn n_terms(&self) -> usize {
        self.stop.len()
    }

    /// Whether term `id` is a stopword.
    pub fn is_stop(&self, id: u32) -> bool {
        self.stop[id as usize]
    }

    /// The highlight rate of term `id` in the word lexicon the document was parsed with (its
    /// prior rate for a word the lexicon lacks).
    pub fn term_rate(&self, id: u32) -> f32 {
        let r = self.rate[id as usize];
        if r.is_nan() {
            self.prior
        } else {
            r
        }
    }

    /// Sentence `i`'s unit vector over a phrase table of `2^bits` weights (see
    /// [`Phrases::vector`]), in `out`; `slots` is scratch space.
    pub fn phrase_vector(
        &self,
        i: usize,
        bits: u32,
        slots: &mut Vec<u32>,
        out: &mut Vec<(u32, f32)>,
    ) {
        slots.clear();
        Phrases::slots(
            bits,
            self.sentences[i]
                .words
                .iter()
                .map(|&t| self.stem_hash[t as usize]),
            slots,
        );
        Phrases::vector(slots, out);
    }

    /// The phrase weights of the lexicon the document was parsed with.
    pub fn phrases(&self) -> &Phrases {
        &self.phrases
    }

    /// Whether the word lexicon has term `id`.
    pub fn term_known(&self, id: u32) -> bool {
        !self.rate[id as usize].is_nan()
    }

    /// Content terms (stopwords removed) of sentence `i`, in order.
    pub fn content_terms(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        self.sentences[i]
            .words
            .iter()
            .copied()
            .filter(move |&t| !self.stop[t as usize])
    }

    /// Indices of the sentences that may be highlights.
    pub fn candidates(&self) -> impl Iterator<Item = usize> + '_ {
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_candidate())
            .map(|(i, _)| i)
    }
}

/// Stems of the words seen on this thread, so that each distinct word form is stemmed once per
/// thread rather than once per document: stemming was the largest cost of parsing a document.
struct StemCache {
    language: Option<Language>,
    /// 64-bit hash of a lowercase form -> (stem id, is the form a stopword). Keyed by the hash
    /// alone so that a lookup touches one table slot and no key memory (the table is large,
    /// and its cache misses were the main cost of parsing); two of 400,000 forms share a hash
    /// with odds below one in 10^8.
    forms: FxHashMap<u64, (u32, bool)>,
    stems: FxHashMap<Box<str>, u32>,
    /// Per stem id: the stem, as `names[name_ends[id - 1]..name_ends[id]]` (one buffer rather
    /// than a string each: an article of numbers has hundreds of thousands of stems).
    names: String,
    name_ends: Vec<u32>,
    /// Rates of the stems in the last few lexicons used on this thread: (lexicon id, per stem
    /// id its rate, NaN when the lexicon lacks it, NOT_LOOKED_UP before it is asked). The one
    /// in use is first.
    rates: Vec<(u64, Vec<f32>)>,
    /// Recently used forms: (hash, stem id, stopword), by the hash's low bits.
    front: Vec<(u64, u32, bool)>,
}

const FRONT_SLOTS: usize = 8192;

/// Word lexicons whose rates a thread keeps (a run uses one or two: the built-in model's and
/// another model's; training uses three).
const LEXICONS_CACHED: usize = 4;

/// Marks a rate not yet looked up (a NaN apart from the one that means "not in the lexicon").
const NOT_LOOKED_UP: f32 = f32::from_bits(0x7fc0_beef);

/// Forms kept before the cache starts again (bounds memory on endless vocabularies).
const MAX_CACHED_FORMS: usize = 400_000;

impl StemCache {
    /// Readies the cache for a document in `language` (only between documents: ids change
    /// when it starts again).
    fn prepare(&mut self, language: Language) {
        if self.language != Some(language) || self.forms.len() > MAX_CACHED_FORMS {
            self.language = Some(language);
            self.forms.clear();
            self.stems.clear();
            self.names.clear();
            self.name_ends.clear();
            self.rates.clear();
            self.front.clear();
        }
    }

    /// Makes `lexicon` the one [`StemCache::rate`] answers from.
    fn use_lexicon(&mut self, lexicon: &Lexicon) {
        match self.rates.iter().position(|(id, _)| *id == lexicon.id()) {
            Some(0) => {}
            Some(i) => self.rates.swap(0, i),
            None => {
                if self.rates.len() == LEXICONS_CACHED {
                    self.rates.pop();
                }
                self.rates.insert(0, (lexicon.id(), Vec::new()));
            }
        }
    }

    /// The rate of stem `stem` in `lexicon` (the one last given to `use_lexicon`); NaN when
    /// the lexicon lacks it or the language is not English.
    fn rate(&mut self, lexicon: &Lexicon, stem: u32) -> f32 {
        let english = self.language == Some(Language::English);
        let (_, rates) = &mut self.rates[0];
        let i = stem as usize;
        if rates.len() <= i {
            rates.resize(self.name_ends.len(), NOT_LOOKED_UP);
        }
        if rates[i].to_bits() == NOT_LOOKED_UP.to_bits() {
            let rate = match lexicon.rate(self.name(stem)) {
                Some(r) if english => r,
                _ => f32::NAN,
            };
            self.rates[0].1[i] = rate;
        }
        self.rates[0].1[i]
    }

    /// The stem of stem id `stem`.
    fn name(&self, stem: u32) -> &str {
        let i = stem as usize;
        let start = if i == 0 { 0 } else { self.name_ends[i - 1] };
        &self.names[start as usize..self.name_ends[i] as usize]
    }

    fn lookup(&mut self, analyzer: &Analyzer, lower: &str) -> (u32, bool) {
        let key = form_hash(lower);
        // A small direct-mapped table in front of the large map: the frequent forms stay in
        // the processor's cache.
        let slot = (key as usize) & (FRONT_SLOTS - 1);
        if self.front.len() != FRONT_SLOTS {
            self.front = vec![(0, 0, false); FRONT_SLOTS];
        }
        let (k, id, stop) = self.front[slot];
        if k == key && key != 0 {
            return (id, stop);
        }
        if let Some(&hit) = self.forms.get(&key) {
            self.front[slot] = (key, hit.0, hit.1);
            return hit;
        }
        let stem = analyzer.stem(lower);
        let next = self.stems.len() as u32;
        let id = match self.stems.get(stem.as_ref()) {
            Some(&id) => id,
            None => {
                self.names.push_str(&stem);
                self.name_ends.push(self.names.len() as u32);
                self.stems.insert(stem.into(), next);
                next
            }
        };
        let entry = (id, analyzer.is_stopword(lower));
        self.forms.insert(key, entry);
        self.front[slot] = (key, entry.0, entry.1);
        entry
    }
}

/// A 64-bit hash of a word form (FNV-1a, then a SplitMix64 finaliser to spread the bits).
fn form_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= s.len() as u64;
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

thread_local! {
    static STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::new(StemCache {
        language: None,
        forms: FxHashMap::default(),
        stems: FxHashMap::default(),
        names: String::new(),
        name_ends: Vec::new(),
        rates: Vec::new(),
        front: Vec::new(),
    });
}

/// Maps words to the document's term ids: forms with the same stem share an id.
struct Vocab<'a> {
    /// Words as written (slices of the document) -> term id: most words repeat within a
    /// document, and this small map stays in cache.
    surface: FxHashMap<&'a str, u32>,
    /// Stem id of the thread's cache -> term id of the document.
    local: FxHashMap<u32, u32>,
    stop: Vec<bool>,
    rate: Vec<f32>,
    stem_hash: Vec<u64>,
}

impl<'a> Vocab<'a> {
    fn id(
        &mut self,
        cache: &mut StemCache,
        analyzer: &Analyzer,
        lexicon: &Lexicon,
        word: &'a str,
    ) -> u32 {
        if let Some(&id) = self.surface.get(word) {
            return id;
        }
        let id = self.new_form(cache, analyzer, lexicon, word);
        self.surface.insert(word, id);
        id
    }

    fn new_form(
        &mut self,
        cache: &mut StemCache,
        analyzer: &Analyzer,
        lexicon: &Lexicon,
        word: &str,
    ) -> u32 {
        let lower = analyzer.lowercase(word);
        let (stem, is_stop) = cache.lookup(analyzer, &lower);
        match self.local.get(&stem) {
            Some(&id) => {
                // A stem is a stopword only if every form seen with it is.
                if !is_stop {
                    self.stop[id as usize] = false;
                }
                id
            }
            None => {
                let id = self.stop.len() as u32;
                self.stop.push(is_stop);
                self.rate.push(cache.rate(lexicon, stem));
                self.stem_hash.push(form_hash(cache.name(stem)));
                self.local.insert(stem, id);
                id
            }
        }
    }
}

/// Applies the news clean-up to the segmenter's sentences: splits glued "Scroll down for
/// video" prompts off, flags the opening header and byline, and cuts the dateline off the
/// first sentence of the story (and says whether there was one).
fn clean_spans(
    text: &str,
    sentences: Vec<SentenceSpan>,
    pretokenized: bool,
) -> (Vec<(SentenceSpan, Option<Boilerplate>)>, bool) {
    let mut out: Vec<(SentenceSpan, Option<Boilerplate>)> = Vec::with_capacity(sentences.len());
    for s in sentences {
        if let Some(len) = clean::promo_prefix_len(&text[s.range()]) {
            let prompt = SentenceSpan {
                start: s.start,
                end: s.start + len,
                paragraph: s.paragraph,
            };
            if let Some(rest) = lede_text::trim_range(text, s.start + len..s.end) {
                out.push((prompt, Some(Boilerplate::Promo)));
                out.push((
                    SentenceSpan {
                        start: rest.start,
                        end: rest.end,
                        paragraph: s.paragraph,
                    },
                    None,
                ));
                continue;
            }
        }
        out.push((s, None));
    }

    // The opening header: bylines, PUBLISHED/UPDATED stamps and the fragments between them.
    let mut seen_header = false;
    let mut body = 0;
    for (i, (s, flag)) in out.iter_mut().enumerate().take(16) {
        // A page's date line ("May 6, 2024") is part of the header but does not open one: the
        // short sentences after it are the story's.
        if clean::is_date_line(&text[s.range()]) {
            *flag = Some(Boilerplate::Header);
            body = i + 1;
            continue;
        }
        match clean::header_piece(&text[s.range()], seen_header) {
            Some(kind) => {
                *flag = Some(kind);
                seen_header = true;
                body = i + 1;
            }
            _ => break,
        }
    }

    // The dateline, at the start of the story's first sentence.
    let mut dateline = false;
    if let Some((s, flag)) = out.get_mut(body) {
        if let Some(story) = clean::dateline_end(text, s.start, s.end, pretokenized) {
            dateline = true;
            match lede_text::trim_range(text, story..s.end) {
                Some(rest) => s.start = rest.start,
                None => *flag = Some(Boilerplate::Dateline),
            }
        }
    }
    (out, dateline)
}

/// Lowercase words that open a name ("de Blasio", "van Gaal").
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "ter", "ten", "le", "la",
    "al", "el", "bin", "ibn", "ben", "dos", "das",
];

/// The first word of a sentence, past any opening quotation marks and brackets.
fn first_word(text: &str) -> &str {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    t.split(char::is_whitespace).next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document<'_> {
        Document::parse(text, &Analyzer::new(Language::English), TextForm::Auto)
    }

    #[test]
    fn a_date_line_above_the_story_is_header_and_the_story_follows() {
        let d = doc(
            "May 6, 2024\n\nSPRINGFIELD — Police arrested three men.\n\nThe men were \
            charged on Monday with theft.",
        );
        assert_eq!(d.sentences[0].boilerplate, Some(Boilerplate::Header));
        assert!(d.dateline);
        // The story's first sentence is short, and stays the story's.
        assert_eq!(d.sentence_text(1), "Police arrested three men.");
        assert_eq!(d.sentences[1].boilerplate, None);
    }

    #[test]
    fn dateline_is_recorded() {
        for (text, dateline) in [
            (
                "Washington (CNN) -- The Senate passed the bill. It goes to the House.",
                true,
            ),
            (
                "washington ( cnn ) -- the senate passed the bill . it goes to the house .",
                true,
            ),
            (
                "LONDON (Reuters) - Shares rose on Tuesday. Banks led the gains.",
                true,
            ),
            ("The Senate passed the bill. It goes to the House.", false),
            (
                "Jamie Carragher (left) believes Rodgers should stay. He said so on Monday.",
                false,
            ),
        ] {
            assert_eq!(doc(text).dateline, dateline, "{text}");
        }
    }

    #[test]
    fn dateline_is_cut_from_first_sentence() {
        let d =
            doc("Marseille, France (CNN)The French prosecutor spoke on Wednesday. He said more.");
        assert_eq!(
            d.sentence_text(0),
            "The French prosecutor spoke on Wednesday."
        );
        assert!(d.sentences[0].is_candidate());
    }

    #[test]
    fn daily_mail_header_is_boilerplate() {
        let t = "By . Daily Mail Reporter . PUBLISHED: . 12:00 EST, 1 January 2014 . | . UPDATED: . 13:05 EST, 1 January 2014 . A dog rescued its owner from a frozen lake on Tuesday. Scroll down for video The owner said the dog was a hero. Click here for more stories.";
        let d = doc(t);
        let cands: Vec<&str> = d.candidates().map(|i| d.sentence_text(i)).collect();
        assert_eq!(
            cands,
            [
                "A dog rescued its owner from a frozen lake on Tuesday.",
                "The owner said the dog was a hero."
            ]
        );
    }

    #[test]
    fn same_stem_same_id_and_stopwords() {
        let d = doc("The runners run. A runner running.");
        let a: Vec<u32> = d.content_terms(0).collect();
        let b: Vec<u32> = d.content_terms(1).collect();
        assert_eq!(a.len(), 2);
        assert_eq!(b.len(), 2);
        assert_eq!(a[0], b[0]); // runners / runner
        assert!(d.is_stop(d.sentences[0].words[0])); // "the"
    }
}
