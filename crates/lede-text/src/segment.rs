//! Paragraph and sentence segmentation with byte spans into the original text.
//!
//! Two modes share the paragraph splitter:
//! - raw text: a rule-based scanner over terminators (`.`, `!`, `?`, `…`, `。！？`) that consults
//!   the language's abbreviation table, initials, numbers and quotes;
//! - pre-tokenized research text (lowercased, Penn-Treebank tokenized, as in the CNN/DailyMail
//!   research files): boundaries after standalone `.`/`!`/`?` tokens, keeping closing quotes and
//!   brackets with their sentence.
//!
//! Every span starts and ends on a non-space character, lies on `char` boundaries, and spans are
//! ordered and disjoint.

use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

use crate::abbrev::{self, AbbrevKind};
use crate::Language;

/// How the text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextForm {
    /// Decide from the text itself ([`detect_pretokenized`]).
    #[default]
    Auto,
    /// Ordinary running text.
    Raw,
    /// Lowercased, space-separated tokens with punctuation as its own tokens.
    Pretokenized,
}

/// A sentence: its byte span and the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

impl SentenceSpan {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The result of segmenting a text.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// Paragraph spans (trimmed of surrounding white space), in order.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentence spans, in order.
    pub sentences: Vec<SentenceSpan>,
    /// Whether the text was treated as pre-tokenized.
    pub pretokenized: bool,
}

/// Sentences longer than this many words are cut at the best clause boundary, so that no
/// input (a 50 MB line without punctuation) produces an unbounded "sentence".
pub const MAX_SENTENCE_WORDS: usize = 120;

/// Sentences longer than this many characters are cut too, preferring a clause mark or a
/// space in the last third of each window: scripts written without spaces between words
/// (Chinese, Japanese, Thai) have no words to count, and 2 MB of them without punctuation must
/// not come back as one sentence. 120 English words are about 700 characters, so English text
/// almost always meets the word cap first.
pub const MAX_SENTENCE_CHARS: usize = 1000;

/// White space for segmentation purposes: Unicode White_Space plus the BOM and zero-width
/// space, which pasted text carries as invisible separators.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// A mark that ends a sentence ('.', '!', '?', '…', and the CJK full stops and marks).
#[inline]
pub fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉' | '｡'
    )
}

#[inline]
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// A closing quotation mark or bracket, which may follow a sentence's final mark.
#[inline]
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）'
    )
}

#[inline]
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '「' | '『' | '（' | '¿' | '¡'
    )
}

/// Decides whether `text` looks like lowercased, Penn-Treebank tokenized research text
/// (`marseille , france ( cnn ) the french prosecutor ...`): almost no capital letters, and
/// most commas and periods that end a token stand alone (` , ` and ` . `), where running text
/// attaches them to the word before. Looks at the first 16 KiB.
pub fn detect_pretokenized(text: &str) -> bool {
    // The first 4 KB (hundreds of words) decide as well as the whole text.
    let mut end = text.len().min(4 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let bytes = &text.as_bytes()[..end];
    // Branch-free counts over the bytes (this runs on every document).
    let mut upper = 0usize;
    let mut letters = 0usize;
    for &b in bytes {
        upper += b.is_ascii_uppercase() as usize;
        letters += (b | 0x20).is_ascii_lowercase() as usize;
    }
    let mut ending = 0usize; // `,` or `.` followed by white space or the end
    let mut standalone = 0usize; // ... and preceded by white space too
    for (i, &b) in bytes.iter().enumerate() {
        if b == b',' || b == b'.' {
            let after = i + 1 == bytes.len() || bytes[i + 1].is_ascii_whitespace();
            if after {
                ending += 1;
                if i > 0 && bytes[i - 1].is_ascii_whitespace() {
                    standalone += 1;
                }
            }
        }
    }
    letters >= 20 && upper * 200 <= letters && ending >= 2 && standalone * 10 >= ending * 6
}

/// Splits `text` into paragraphs: runs of non-blank lines separated by blank lines. When the
/// text has no blank line at all but its lines mostly end like sentences, each line is a
/// paragraph (one-paragraph-per-line text, common in datasets and pasted articles).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let lines = line_spans(text);
    let has_blank = lines.iter().any(|l| l.content.is_none());
    let nonblank: Vec<Range<usize>> = lines.iter().filter_map(|l| l.content.clone()).collect();
    let line_per_paragraph = !has_blank && nonblank.len() >= 2 && {
        let ending = nonblank
            .iter()
            .filter(|r| {
                text[(*r).clone()]
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_terminator(c) || is_closer(c) || c == ':')
            })
            .count();
        ending * 2 >= nonblank.len()
    };
    if line_per_paragraph {
        return nonblank;
    }
    let mut out = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    for l in &lines {
        match (&l.content, &mut cur) {
            (Some(r), Some(c)) => c.end = r.end,
            (Some(r), None) => cur = Some(r.clone()),
            (None, _) => {
                if let Some(c) = cur.take() {
                    out.push(c);
                }
            }
        }
    }
    if let Some(c) = cur {
        out.push(c);
    }
    out
}

struct Line {
    /// The trimmed content, or `None` for a blank line.
    content: Option<Range<usize>>,
}

/// Lines split at `\n`, `\r\n` or a lone `\r`.
fn line_spans(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        if at_end || bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push(Line {
                content: trim_range(text, start..i),
            });
            if at_end {
                break;
            }
            if bytes[i] == b'\r' && i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out
}

/// Trims white space from both ends of `text[r]`; `None` if nothing is left.
pub fn trim_range(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trimmed = s.trim_matches(is_space);
    if trimmed.is_empty() {
        None
    } else {
        Some(r.start + lead..r.start + lead + trimmed.len())
    }
}

/// A sentence segmenter for one language.
#[derive(Debug, Clone, Copy)]
pub struct Segmenter {
    language: Language,
    form: TextForm,
}

impl Segmenter {
    pub fn new(language: Language) -> Self {
        Segmenter {
            language,
            form: TextForm::Auto,
        }
    }

    /// Chooses raw, pre-tokenized, or detection (the default).
    pub fn with_form(mut self, form: TextForm) -> Self {
        self.form = form;
        self
    }

    /// Segments `text` into paragraphs and sentences.
    pub fn segment(&self, text: &str) -> Segmentation {
        let pretokenized = match self.form {
            TextForm::Auto => detect_pretokenized(text),
            TextForm::Raw => false,
            TextForm::Pretokenized => true,
        };
        let paragraphs = paragraphs(text);
        let mut sentences = Vec::new();
        for (pi, p) in paragraphs.iter().enumerate() {
            let before = sentences.len();
            if pretokenized {
                split_pretokenized(text, p.clone(), pi, &mut sentences);
            } else {
                self.split_raw(text, p.clone(), pi, &mut sentences);
                if self.language == Language::English {
                    split_run_ons(text, &mut sentences, before);
                }
            }
            cap_long_sentences(text, &mut sentences, before);
        }
        Segmentation {
            paragraphs,
            sentences,
            pretokenized,
        }
    }

    /// Raw-text rules inside one paragraph. The scan looks only at bytes that can start a
    /// terminator or a bullet (`.`, `!`, `?`, and the lead bytes of the multi-byte ones), so
    /// ordinary text is passed over a byte at a time without decoding.
    fn split_raw(&self, text: &str, para: Range<usize>, pi: usize, out: &mut Vec<SentenceSpan>) {
        let bytes = text.as_bytes();
        let end = para.end;
        let mut start = para.start;
        let mut list_cut = next_list_item(text, start, end);
        let mut i = start;
        loop {
            let limit = list_cut.unwrap_or(end);
            if i >= limit {
                let Some(cut) = list_cut else { break };
                // The next item of a list that runs on in one line: "1) ... 2) ...".
                push_trimmed(text, start..cut, pi, out);
                start = cut;
                i = cut;
                list_cut = next_list_item(text, start, end);
                continue;
            }
            let c = match bytes[i] {
                b'.' | b'!' | b'?' => bytes[i] as char,
                0xE2 | 0xE3 | 0xEF => char_at(text, i),
                _ => {
                    i += 1;
                    continue;
                }
            };
            if is_bullet(c) {
                // A bullet inside a paragraph starts a new item: "• one • two".
                if i > start && bytes[i - 1].is_ascii_whitespace() {
                    push_trimmed(text, start..i, pi, out);
                    start = i;
                    list_cut = next_list_item(text, start, end);
                }
                i += c.len_utf8();
                continue;
            }
            if !is_terminator(c) {
                i += c.len_utf8();
                continue;
            }
            let g = scan_group(text, i, end);
            let k = skip_spaces(text, g.end, end);
            if k >= end {
                break; // the paragraph end closes the sentence
            }
            if is_cjk_terminator(c) {
                push_trimmed(text, start..g.end, pi, out);
                start = k;
                list_cut = next_list_item(text, start, end);
                i = k;
                continue;
            }
            if k == g.end {
                // No space after: "3.5", "U.S.-led", "mean...see", "Yahoo!'s".
                i = k;
                continue;
            }
            let mut cut = Some(g.end); // where the sentence ends, if it does
            if g.only_periods && g.dots == 1 {
                if !self.period_is_boundary(text, start, i, k, end) {
                    cut = None;
                }
            } else if g.only_periods {
                let bracketed = i > para.start && matches!(bytes[i - 1], b'[' | b'(');
                let attached = i > para.start && !bytes[i - 1].is_ascii_whitespace();
                if bracketed || (g.spaced && g.dots <= 3) || !next_word_capitalised(text, k, end) {
                    // "[...]", and the spaced ". . ." of an omission inside a sentence.
                    cut = None;
                } else if g.spaced && attached {
                    // "compounds. . . . The": the period ends the sentence, and the ellipsis
                    // opens the next.
                    // (The first mark may be "…", three bytes: cut after the whole mark.)
                    let after = i + c.len_utf8();
                    push_trimmed(text, start..after, pi, out);
                    start = skip_spaces(text, after, end);
                    cut = None;
                }
            } else if next_starts_lowercase(text, k, end) {
                // ! and ?: the sentence goes on in lowercase ('"Stop!" he said', "Yahoo! in").
                cut = None;
            } else if ends_in_quote(text, g.end) && attribution_at(text, k, end) {
                // A quoted exclamation or question and who said it: '"Not bad!" Pete said.'
                cut = None;
            }
            if let Some(cut) = cut {
                push_trimmed(text, start..cut, pi, out);
                start = k;
                list_cut = next_list_item(text, start, end);
            }
            i = k;
        }
        push_trimmed(text, start..end, pi, out);
    }

    /// Whether a single period at `dot` ends the sentence that began at `sent_start`, given
    /// that the next non-space character is at `next`.
    fn period_is_boundary(
        &self,
        text: &str,
        sent_start: usize,
        dot: usize,
        next: usize,
        end: usize,
    ) -> bool {
        if next_starts_lowercase(text, next, end) {
            return false;
        }
        let word = word_before(text, sent_start, dot);
        if word.is_empty() {
            return true;
        }
        let next_word = word_at(text, next, end);
        let next_is_digit = next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
        // A list marker at the start of a sentence: "1. The first ...", "a. ...", "• 9. ...".
        let first_token = text[sent_start..dot]
            .trim_start_matches(|c: char| is_opener(c) || is_bullet(c) || is_space(c))
            == word;
        if first_token
            && (word.chars().all(|c| c.is_ascii_digit()) && word.len() <= 3
                || word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
        {
            return false;
        }
        // A quotation that opens on this very word is still open: '"A.D. The Bible Continues"'.
        let opened_here = text[..dot - word.len()]
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '"' | '“' | '‘' | '\'' | '«'));
        if word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase() {
            // An initial ("Rosco P. Coltrane", "Jonas E. Smith"), even where the lowercase
            // letter is an abbreviation ("p. 55").
            return self.clear_start(text, next, end);
        }
        match abbrev::lookup(self.language, word) {
            Some(AbbrevKind::Prefix) => return false,
            Some(AbbrevKind::Numeric) => {
                return !next_is_digit && !month_and_day(text, next_word, end);
            }
            Some(AbbrevKind::Month) => {
                return !next_is_digit && self.clear_start(text, next, end);
            }
            Some(AbbrevKind::Ambiguous) => {
                return !opened_here && self.clear_start(text, next, end)
            }
            Some(AbbrevKind::Time) => {
                // "at 6 p.m. Mr. Smith left": a sentence ends before a capitalised word that
                // is not part of the time ("5 p.m. Friday", "p.m. ET"), unless all before it
                // is an opening time phrase ("At 5 a.m. Mr. Smith went ...").
                let capital = next_word.chars().next().is_some_and(char::is_uppercase)
                    || matches!(char_at(text, next), '"' | '“' | '‘');
                // `next_word` is a slice of `text`: the word after it starts past its end.
                let after = next_word.as_ptr() as usize - text.as_ptr() as usize + next_word.len();
                let then = word_at(text, skip_spaces(text, after, end), end);
                return capital
                    && !abbrev::is_time_follower(next_word)
                    && !then.eq_ignore_ascii_case("time")
                    && text[sent_start..dot]
                        .split(is_space)
                        .filter(|w| !w.is_empty())
                        .count()
                        > 3;
            }
            None => {}
        }
        if is_initial_or_acronym(word) {
            return !opened_here && self.clear_start(text, next, end);
        }
        true
    }

    /// After an ambiguous abbreviation: does a new sentence clearly start at `next`?
    fn clear_start(&self, text: &str, next: usize, end: usize) -> bool {
        let first = char_at(text, next);
        if matches!(first, '"' | '“' | '‘' | '«') {
            return true;
        }
        let w = word_at(text, next, end);
        abbrev::is_sentence_starter(self.language, w)
    }
}

/// A run of terminators with its closing quotes and brackets.
struct Group {
    /// End of the run including closers.
    end: usize,
    /// Periods in the run (`…` counts three); spaced periods (`. . .`) included.
    dots: usize,
    /// Only periods and `…`.
    only_periods: bool,
    /// The periods are spaced out: `. . .`.
    spaced: bool,
}

fn scan_group(text: &str, at: usize, end: usize) -> Group {
    let bytes = text.as_bytes();
    let mut j = at;
    let mut dots = 0;
    let mut only_periods = true;
    let mut spaced = false;
    loop {
        while j < end {
            let d = char_at(text, j);
            match d {
                '.' => dots += 1,
                '…' => dots += 3,
                d if is_terminator(d) => only_periods = false,
                _ => break,
            }
            j += d.len_utf8();
        }
        // ". . ." : a space, then another period that is not a decimal or a word (".5", ".com").
        if only_periods
            && j + 1 < end
            && bytes[j] == b' '
            && bytes[j + 1] == b'.'
            && bytes.get(j + 2).is_none_or(|b| !b.is_ascii_alphanumeric())
        {
            spaced = true;
            j += 1;
            continue;
        }
        break;
    }
    while j < end {
        let d = char_at(text, j);
        if !is_closer(d) {
            break;
        }
        j += d.len_utf8();
    }
    // Combining marks on the last mark stay with it: "。\u{301}".
    if j < end && bytes[j] >= 0x80 {
        j = cluster_end(text, j, end);
    }
    Group {
        end: j,
        dots,
        only_periods,
        spaced,
    }
}

/// `at` if a grapheme cluster starts there, else the end of the cluster it is inside.
fn cluster_end(text: &str, at: usize, end: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(false) => match cursor.next_boundary(text, 0) {
            Ok(Some(b)) => b.min(end),
            _ => at,
        },
        _ => at,
    }
}

fn skip_spaces(text: &str, mut k: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while k < end {
        let b = bytes[k];
        if b == b' ' || b == b'\n' || b == b'\t' || b == b'\r' {
            k += 1;
            continue;
        }
        if b < 0x80 {
            break;
        }
        let d = char_at(text, k);
        if !is_space(d) {
            break;
        }
        k += d.len_utf8();
    }
    k
}

#[inline]
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '‣' | '◦' | '▪' | '●')
}

/// A list item that starts at `start` ("1.", "1)", "1.)", "a.", "a)", possibly after a bullet)
/// and runs on in the same paragraph: the offset of the next item's marker ("2.", "2)", ...,
/// in the same style) when it follows within the next 2 KiB, preceded by white space.
fn next_list_item(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut p = start;
    // An optional bullet before the marker: "• 9.", "⁃9.".
    if let Some(c) = text[p..end].chars().next().filter(|&c| is_bullet(c)) {
        p = skip_spaces(text, p + c.len_utf8(), end);
    }
    let digits = bytes[p..end]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (value, is_letter, after) = if (1..=3).contains(&digits) {
        let v: u32 = text[p..p + digits].parse().ok()?;
        (v, false, p + digits)
    } else if digits == 0 && p < end && bytes[p].is_ascii_lowercase() {
        (u32::from(bytes[p]), true, p + 1)
    } else {
        return None;
    };
    let suffix = if bytes[after..end].starts_with(b".)") {
        ".)"
    } else if bytes[after..end].starts_with(b")") {
        ")"
    } else if bytes[after..end].starts_with(b".") {
        "."
    } else {
        return None;
    };
    let rest = after + suffix.len();
    if rest >= end || !bytes[rest].is_ascii_whitespace() {
        return None;
    }
    let next = value + 1;
    let mut marker = [0u8; 16];
    let len = if is_letter {
        if next > u32::from(b'z') {
            return None;
        }
        marker[0] = next as u8;
        1
    } else {
        let s = next.to_string();
        marker[..s.len()].copy_from_slice(s.as_bytes());
        s.len()
    };
    marker[len..len + suffix.len()].copy_from_slice(suffix.as_bytes());
    let marker = &marker[..len + suffix.len()];
    let mut window_end = (rest + 2048).min(end);
    while !text.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let hay = &bytes[rest..window_end];
    let mut from = 0;
    while let Some(pos) = find_bytes(&hay[from..], marker) {
        let at = rest + from + pos;
        let after_marker = at + marker.len();
        let spaced_before = bytes[at - 1].is_ascii_whitespace();
        let spaced_after = after_marker < end && bytes[after_marker].is_ascii_whitespace();
        if spaced_before && spaced_after {
            // Start the item at its bullet when it has one: "... • 10. The second item".
            let head = text[rest..at].trim_end_matches(is_space);
            return Some(match head.chars().next_back() {
                Some(b) if is_bullet(b) => rest + head.len() - b.len_utf8(),
                _ => at,
            });
        }
        from += pos + 1;
    }
    None
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `J`, `F`, `U.S`, `J.R.R`, `Ph.D`: one or two letters between periods.
fn is_initial_or_acronym(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let n = part.chars().count();
        if n == 0 || n > 2 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    if parts == 1 {
        // A lone letter is an initial only when capitalised ("E." but not "a." in prose).
        return word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    }
    true
}

#[inline]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// The word that ends at `dot` (the period itself excluded), without opening punctuation.
fn word_before(text: &str, sent_start: usize, dot: usize) -> &str {
    let head = &text[sent_start..dot];
    let from = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let w = &head[from..];
    w.trim_start_matches(|c: char| is_opener(c) || is_bullet(c) || c == '—' || c == '-')
}

/// The word starting at `at` (after any opening punctuation), up to white space or punctuation
/// other than internal periods, hyphens and apostrophes.
fn word_at(text: &str, at: usize, end: usize) -> &str {
    let s = &text[at..end];
    let s = s.trim_start_matches(is_opener);
    let stop = s
        .char_indices()
        .find(|&(_, c)| is_space(c) || (c.is_ascii_punctuation() && !matches!(c, '.' | '-' | '\'')))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let w = &s[..stop];
    w.trim_end_matches('.')
}

/// Whether `word` (a slice of `text`) is a month name followed by a number: `June 4`.
fn month_and_day(text: &str, word: &str, end: usize) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = word.to_ascii_lowercase();
    if word.len() < 3 || !MONTHS.iter().any(|m| lower.starts_with(m)) {
        return false;
    }
    let after = word.as_ptr() as usize - text.as_ptr() as usize + word.len();
    let after = skip_spaces(text, after.min(end), end);
    text[after..end].starts_with(|c: char| c.is_ascii_digit())
}

/// Whether the terminator group ending at `group_end` closes a quotation.
fn ends_in_quote(text: &str, group_end: usize) -> bool {
    text[..group_end]
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{bb}'))
}

/// Verbs of saying that attribute a quotation.
const SPEECH_VERBS: &[&str] = &[
    "added",
    "adds",
    "answered",
    "asked",
    "asks",
    "continued",
    "cried",
    "exclaimed",
    "explained",
    "insisted",
    "laughed",
    "noted",
    "replied",
    "said",
    "says",
    "screamed",
    "shouted",
    "tweeted",
    "whispered",
    "wrote",
    "yelled",
];

/// An attribution at `at`: one to three capitalised words (a name, `Mr. Smith`), then a verb
/// of saying that ends its clause (`Pete said.`, `Mr. Smith asked,`).
fn attribution_at(text: &str, at: usize, end: usize) -> bool {
    let mut k = at;
    for n in 0..4 {
        let rest = &text[k..end];
        let w_end = rest.find(is_space).unwrap_or(rest.len());
        let word = &rest[..w_end];
        let bare = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
        if n > 0 && SPEECH_VERBS.contains(&bare) {
            let tail = &word[bare.len()..];
            let clause_ends = tail.starts_with(['.', ',', '!', '?', ';'])
                || (tail.is_empty() && skip_spaces(text, k + w_end, end) >= end);
            return clause_ends;
        }
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        // Inside the name, only a title's period: "Mr.", "Dr.".
        let plain = tail_is(word, bare, &["", "."]);
        if !capital || !plain || k + w_end >= end {
            return false;
        }
        k = skip_spaces(text, k + w_end, end);
    }
    false
}

fn tail_is(word: &str, bare: &str, allowed: &[&str]) -> bool {
    allowed.contains(&&word[bare.len()..])
}

fn next_starts_lowercase(text: &str, at: usize, end: usize) -> bool {
    let w = word_at(text, at, end);
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => {
            // "iPhone", "eBay": lowercase first letter, capital inside: a sentence may start.
            !chars.any(char::is_uppercase)
        }
        _ => false,
    }
}

fn next_word_capitalised(text: &str, at: usize, end: usize) -> bool {
    let w = word_at(text, at, end);
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || matches!(char_at(text, at), '"' | '“' | '‘' | '«')
}

fn push_trimmed(text: &str, r: Range<usize>, paragraph: usize, out: &mut Vec<SentenceSpan>) {
    if let Some(t) = trim_range(text, r) {
        out.push(SentenceSpan {
            start: t.start,
            end: t.end,
            paragraph,
        });
    }
}

/// Pre-tokenized text: a boundary after a token made only of `.`, `!`, `?` (or `…`), after any
/// closing quote or bracket tokens that belong to the sentence.
fn split_pretokenized(text: &str, para: Range<usize>, pi: usize, out: &mut Vec<SentenceSpan>) {
    let tokens = token_spans(text, para.clone());
    let mut start = para.start;
    let mut quotes_open = false; // straight " seen an odd number of times in this sentence
    let mut t = 0;
    while t < tokens.len() {
        let tok = &text[tokens[t].clone()];
        if tok == "\"" {
            quotes_open = !quotes_open;
        } else if tok == "``" {
            quotes_open = true;
        } else if tok == "''" {
            quotes_open = false;
        }
        let is_end = !tok.is_empty() && tok.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'));
        if !is_end {
            t += 1;
            continue;
        }
        let mut last = t;
        while last + 1 < tokens.len() {
            let n = &text[tokens[last + 1].clone()];
            let closes = match n {
                "''" | ")" | "]" | "}" | "-rrb-" | "-rsb-" | "-rcb-" | "”" | "’" => true,
                "\"" | "'" => quotes_open,
                _ => false,
            };
            if !closes {
                break;
            }
            if n == "\"" || n == "''" {
                quotes_open = false;
            }
            last += 1;
        }
        if last + 1 < tokens.len() {
            push_trimmed(text, start..tokens[last].end, pi, out);
            start = tokens[last + 1].start;
            quotes_open = false;
        }
        t = last + 1;
    }
    push_trimmed(text, start..para.end, pi, out);
}

/// White-space separated token spans inside `r`.
fn token_spans(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity((r.end - r.start) / 5);
    let mut cur: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = r.start;
    while i < r.end {
        // ASCII bytes directly; other characters decoded (Unicode spaces count too).
        let b = bytes[i];
        let (space, width) = if b < 0x80 {
            (b.is_ascii_whitespace() || b == 0x0b, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (is_space(c), c.len_utf8())
        };
        if space {
            if let Some(s) = cur.take() {
                out.push(s..i);
            }
        } else if cur.is_none() {
            cur = Some(i);
        }
        i += width;
    }
    if let Some(s) = cur {
        out.push(s..r.end);
    }
    out
}

/// Words that open a sentence and, capitalised, seldom stand inside one: after a word that
/// ends without punctuation, such a word starts a new sentence whose end mark was lost, as
/// when a picture caption runs into the story ("... the dominant colour of artworks through
/// history They show orange ..."). "I", "A", "That" and "For" are left out: "and I think",
/// "Serie A", song and book titles.
const RUN_ON_OPENERS: &[&str] = &[
    "The",
    "An",
    "This",
    "These",
    "Those",
    "Their",
    "His",
    "Her",
    "Its",
    "Our",
    "He",
    "She",
    "They",
    "It",
    "We",
    "But",
    "And",
    "However",
    "Meanwhile",
    "After",
    "While",
    "When",
    "In",
    "According",
    "Speaking",
    "Some",
    "Each",
    "Now",
    "Yet",
];

/// Words after which a capitalised opener begins a name or a title rather than a sentence
/// ("at The Hague", "according to The Associated Press", "a film called The ...").
const RUN_ON_NOT_AFTER: &[&str] = &[
    "a", "about", "against", "an", "and", "are", "as", "at", "be", "been", "between", "by",
    "called", "for", "from", "in", "into", "is", "like", "named", "of", "on", "or", "over", "per",
    "said", "says", "than", "that", "the", "to", "told", "under", "via", "was", "were", "with",
];

/// Words each side of a lost end mark, at least: a caption or a sentence, not a fragment.
const RUN_ON_MIN_WORDS: usize = 4;

/// Splits the sentences from index `from` on where a sentence runs into the next without its
/// end mark: a word ending in a lowercase letter or a digit, then one of [`RUN_ON_OPENERS`]
/// followed by a lowercase word ("... Bahrain Grand Prix It was another ..."), with at least
/// [`RUN_ON_MIN_WORDS`] words on each side. Text whose paragraphs lost their breaks and
/// their periods (captions, subheads) reads as one long sentence otherwise. English only.
fn split_run_ons(text: &str, sentences: &mut Vec<SentenceSpan>, from: usize) {
    let mut cuts: Vec<(usize, Vec<usize>)> = Vec::new();
    for (k, s) in sentences.iter().enumerate().skip(from) {
        let c = run_on_cuts(text, s.range());
        if !c.is_empty() {
            cuts.push((k, c));
        }
    }
    if cuts.is_empty() {
        return;
    }
    let tail: Vec<SentenceSpan> = sentences.drain(from..).collect();
    let mut cuts = cuts.into_iter().peekable();
    for (k, s) in tail.into_iter().enumerate() {
        match cuts.next_if(|(at, _)| *at == from + k) {
            None => sentences.push(s),
            Some((_, starts)) => {
                let mut start = s.start;
                for next in starts {
                    push_trimmed(text, start..next, s.paragraph, sentences);
                    start = next;
                }
                push_trimmed(text, start..s.end, s.paragraph, sentences);
            }
        }
    }
}

/// Where new sentences start inside `r` by [`split_run_ons`]' rule. Only a capital after a
/// space is looked at, and the words around it only when it starts an opener.
fn run_on_cuts(text: &str, r: Range<usize>) -> Vec<usize> {
    let bytes = text.as_bytes();
    // At least `n` words: more than `n - 1`.
    let words_at_least = |range: Range<usize>, n: usize| !token_count_at_most(&text[range], n - 1);
    let mut out = Vec::new();
    let mut start = r.start; // of the sentence the next cut would end
    for i in r.start + 1..r.end {
        if !(bytes[i].is_ascii_uppercase() && bytes[i - 1] == b' ') {
            continue;
        }
        let opener_end = text[i..r.end].find(is_space).map_or(r.end, |k| i + k);
        if !RUN_ON_OPENERS.contains(&&text[i..opener_end]) {
            continue;
        }
        let before = text[start..i].trim_end_matches(is_space);
        let before = before
            .rfind(is_space)
            .map_or(before, |k| &before[k..])
            .trim_start_matches(is_space);
        let after = text[opener_end..r.end].trim_start_matches(is_space);
        let ends_plain = before
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if ends_plain
            && !RUN_ON_NOT_AFTER
                .iter()
                .any(|w| w.eq_ignore_ascii_case(before))
            && after.chars().next().is_some_and(char::is_lowercase)
            && words_at_least(start..i, RUN_ON_MIN_WORDS)
            && words_at_least(i..r.end, RUN_ON_MIN_WORDS)
        {
            out.push(i);
            start = i;
        }
    }
    out
}

/// Splits every sentence from index `from` on that has more than [`MAX_SENTENCE_WORDS`]
/// words, preferring a `;`, `:`, `,` or dash within the last third of each window.
fn cap_long_sentences(text: &str, sentences: &mut Vec<SentenceSpan>, from: usize) {
    if sentences[from..].iter().all(|s| {
        // Fast check: a sentence with fewer bytes than words-limit * 2 cannot be too long.
        s.end - s.start < MAX_SENTENCE_WORDS * 2
            || (token_count_at_most(&text[s.range()], MAX_SENTENCE_WORDS)
                && char_count_at_most(&text[s.range()], MAX_SENTENCE_CHARS))
    }) {
        return;
    }
    let tail: Vec<SentenceSpan> = sentences.drain(from..).collect();
    let mut capped = Vec::with_capacity(tail.len());
    cap_by_words(text, tail, &mut capped);
    for s in capped {
        if char_count_at_most(&text[s.range()], MAX_SENTENCE_CHARS) {
            sentences.push(s);
        } else {
            cap_by_chars(text, s, sentences);
        }
    }
}

fn cap_by_words(text: &str, tail: Vec<SentenceSpan>, sentences: &mut Vec<SentenceSpan>) {
    for s in tail {
        if token_count_at_most(&text[s.range()], MAX_SENTENCE_WORDS) {
            sentences.push(s);
            continue;
        }
        let tokens = token_spans(text, s.range());
        let mut begin = 0;
        while begin < tokens.len() {
            let remaining = tokens.len() - begin;
            if remaining <= MAX_SENTENCE_WORDS {
                push_trimmed(text, tokens[begin].start..s.end, s.paragraph, sentences);
                break;
            }
            let hard = begin + MAX_SENTENCE_WORDS; // first token of the next piece at the latest
            let soft = begin + MAX_SENTENCE_WORDS * 2 / 3;
            let cut = (soft..hard)
                .rev()
                .find(|&t| {
                    let tok = &text[tokens[t - 1].clone()];
                    tok.ends_with([';', ':', ',']) || matches!(tok, "—" | "--" | "–" | "-")
                })
                .unwrap_or(hard);
            push_trimmed(
                text,
                tokens[begin].start..tokens[cut - 1].end,
                s.paragraph,
                sentences,
            );
            begin = cut;
        }
    }
}

/// Cuts a sentence of more than [`MAX_SENTENCE_CHARS`] characters into pieces of at most that
/// many: after the last clause mark (`，`, `、`, `；`, `：`, `,`, `;`, `:`) or space of the
/// window's last third, else at the last grapheme cluster boundary of the window.
fn cap_by_chars(text: &str, s: SentenceSpan, sentences: &mut Vec<SentenceSpan>) {
    let mut begin = s.start;
    loop {
        let rest = &text[begin..s.end];
        let mut soft = None;
        let mut hard = None;
        for (n, (i, _)) in rest.char_indices().enumerate() {
            if n == MAX_SENTENCE_CHARS * 2 / 3 {
                soft = Some(begin + i);
            }
            if n == MAX_SENTENCE_CHARS {
                hard = Some(begin + i);
                break;
            }
        }
        let (Some(soft), Some(hard)) = (soft, hard) else {
            push_trimmed(text, begin..s.end, s.paragraph, sentences);
            return;
        };
        let clause = text[soft..hard]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_space(c) || matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':'))
            .map(|(i, c)| soft + i + c.len_utf8());
        let cut = clause.unwrap_or_else(|| {
            // Not inside a cluster (a letter and its combining marks, an emoji sequence).
            let mut cursor = GraphemeCursor::new(hard, text.len(), true);
            match cursor.is_boundary(text, 0) {
                Ok(false) => match cursor.prev_boundary(text, 0) {
                    Ok(Some(b)) if b > begin => b,
                    _ => hard,
                },
                _ => hard,
            }
        });
        push_trimmed(text, begin..cut, s.paragraph, sentences);
        begin = cut;
    }
}

fn char_count_at_most(s: &str, max: usize) -> bool {
    s.len() <= max || s.chars().nth(max).is_none()
}

fn token_count_at_most(s: &str, max: usize) -> bool {
    s.split(is_space)
        .filter(|t| !t.is_empty())
        .nth(max)
        .is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let seg = Segmenter::new(Language::English).segment(text);
        seg.sentences.iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn simple() {
        assert_eq!(
            split("Hello World. My name is Jonas."),
            ["Hello World.", "My name is Jonas."]
        );
        assert_eq!(split("What? No! Yes."), ["What?", "No!", "Yes."]);
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            split("Mr. Smith went to Washington, D.C. He met Gen. Jones at 5 p.m. on Jan. 5."),
            [
                "Mr. Smith went to Washington, D.C.",
                "He met Gen. Jones at 5 p.m. on Jan. 5."
            ]
        );
        assert_eq!(
            split("John F. Kennedy was president of the U.S. He was shot."),
            ["John F. Kennedy was president of the U.S.", "He was shot."]
        );
        assert_eq!(
            split("The U.S. Army said so. It was 3.5 percent."),
            ["The U.S. Army said so.", "It was 3.5 percent."]
        );
        assert_eq!(
            split("He is No. 1 in the world."),
            ["He is No. 1 in the world."]
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(
            split("\"Hello,\" he said. \"Stop!\" she shouted. Then silence."),
            [
                "\"Hello,\" he said.",
                "\"Stop!\" she shouted.",
                "Then silence."
            ]
        );
        assert_eq!(
            split("He said, “It is over.” The crowd left."),
            ["He said, “It is over.”", "The crowd left."]
        );
    }

    #[test]
    fn paragraphs_end_sentences() {
        let t = "A headline without a period\n\nThe body starts here. It goes on.";
        assert_eq!(
            split(t),
            [
                "A headline without a period",
                "The body starts here.",
                "It goes on."
            ]
        );
        let seg = Segmenter::new(Language::English).segment(t);
        assert_eq!(seg.paragraphs.len(), 2);
        assert_eq!(seg.sentences[1].paragraph, 1);
    }

    #[test]
    fn case_names_and_dates() {
        assert_eq!(
            split("The court cited Roe v. Wade in its ruling. It was 1973."),
            ["The court cited Roe v. Wade in its ruling.", "It was 1973."]
        );
        for t in [
            "The painter (c. 1450 - 1516) worked in Venice.",
            "Her mother (b. 1932) was a nurse.",
            "He married Anne Smith (m. 1960; div. 1975) in Boston.",
            "She married him (m. June 4, 1960) in Paris.",
            "He played Chopin's Nocturne Op. 9 No. 2 at the recital.",
        ] {
            assert_eq!(split(t), [t]);
        }
        // The same letters still end a sentence before an ordinary capitalised word.
        assert_eq!(
            split("He chose plan b. The others agreed."),
            ["He chose plan b.", "The others agreed."]
        );
    }

    #[test]
    fn quoted_exclamation_and_its_attribution() {
        let s = split("\u{201c}Hey! Not bad that!\u{201d} Pete said. Then they left.");
        assert_eq!(s.last().copied(), Some("Then they left."));
        assert!(
            s.iter()
                .any(|x| x.ends_with("Not bad that!\u{201d} Pete said.")),
            "{s:?}"
        );
        assert_eq!(
            split("\"Stop!\" Mr. Jones shouted, and ran. \"Why?\" Ann asked."),
            [
                "\"Stop!\" Mr. Jones shouted, and ran.",
                "\"Why?\" Ann asked."
            ]
        );
        // A new sentence after a quotation is still one.
        assert_eq!(
            split("\"Run!\" The crowd scattered."),
            ["\"Run!\"", "The crowd scattered."]
        );
    }

    #[test]
    fn crlf_and_lone_cr() {
        assert_eq!(
            split("One.\r\n\r\nTwo.\r\rThree."),
            ["One.", "Two.", "Three."]
        );
    }

    #[test]
    fn cjk() {
        assert_eq!(split("今天下雨。明天晴天！"), ["今天下雨。", "明天晴天！"]);
    }

    #[test]
    fn pretokenized() {
        let t = "new delhi ( cnn ) thousands stormed a jail , police said . \" there were thousands . \" doungal said . the u.s. embassy said nothing .";
        assert!(detect_pretokenized(t));
        assert_eq!(
            split(t),
            [
                "new delhi ( cnn ) thousands stormed a jail , police said .",
                "\" there were thousands . \"",
                "doungal said .",
                "the u.s. embassy said nothing ."
            ]
        );
        assert!(!detect_pretokenized(
            "The U.S. Army said so. It was 3.5 percent."
        ));
    }

    #[test]
    fn a_caption_that_lost_its_period_is_cut_from_the_next_sentence() {
        assert_eq!(
            split(
                "This dog saved his owner from a cold and muddy grave The black pooch took a \
                 rescue rope out to him. He apparently got stuck in the mud while recovering \
                 some gear Luckily he had a phone."
            ),
            [
                "This dog saved his owner from a cold and muddy grave",
                "The black pooch took a rescue rope out to him.",
                "He apparently got stuck in the mud while recovering some gear Luckily he had a phone.",
            ]
        );
        assert_eq!(
            split("Lewis Hamilton stands on his car after winning in Bahrain It was another fine drive."),
            [
                "Lewis Hamilton stands on his car after winning in Bahrain",
                "It was another fine drive.",
            ]
        );
        // Names and titles: after a preposition, or before a capital, a capitalised opener
        // stays inside the sentence; so it does with fewer than four words on a side.
        for one in [
            "The treaty was signed at The Hague in the Netherlands on Tuesday.",
            "She danced to Taylor Swift's hit Shake It Off at the school prom last week.",
            "Fans have waited years for this It was great.",
            "The old dog saved him In the end.",
            "the council closed the bridge the mayor said it was safe .",
        ] {
            assert_eq!(split(one), [one]);
        }
    }

    #[test]
    fn lists_run_on_in_one_line() {
        assert_eq!(
            split("1) Pack the bags 2) Lock the door 3) Leave"),
            ["1) Pack the bags", "2) Lock the door", "3) Leave"]
        );
        assert_eq!(split("a. Bread b. Milk"), ["a. Bread", "b. Milk"]);
        assert_eq!(split("• 1. Bread • 2. Milk"), ["• 1. Bread", "• 2. Milk"]);
        // A number that is not the next item does not cut: "1. ... 3. ...".
        assert_eq!(
            split("1. Bread costs 3. Milk"),
            ["1. Bread costs 3.", "Milk"]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            split("He paused . . . and went on. Then . . . . Silence."),
            ["He paused . . . and went on.", "Then . . . .", "Silence."]
        );
        assert_eq!(split("Wait... What?"), ["Wait...", "What?"]);
        assert_eq!(split("Wait… what?"), ["Wait… what?"]);
        assert_eq!(
            split("\"They [...] left\" (Jones 12). Next."),
            ["\"They [...] left\" (Jones 12).", "Next."]
        );
        assert_eq!(
            split("It ended. . . . The rest followed."),
            ["It ended.", ". . . The rest followed."]
        );
    }

    #[test]
    fn times() {
        assert_eq!(
            split("Police arrived at 4 a.m. Officers found him. It was 9 p.m. Friday."),
            [
                "Police arrived at 4 a.m.",
                "Officers found him.",
                "It was 9 p.m. Friday."
            ]
        );
        assert_eq!(
            split("By 7 a.m. Mrs. Lee had left. It began at 8 p.m. London time."),
            [
                "By 7 a.m. Mrs. Lee had left.",
                "It began at 8 p.m. London time."
            ]
        );
    }

    #[test]
    fn initials_and_quotes_opening_on_an_abbreviation() {
        assert_eq!(
            split("They met Ada P. Brown there."),
            ["They met Ada P. Brown there."]
        );
        assert_eq!(
            split("He watched \"U.S. The Movie\" twice."),
            ["He watched \"U.S. The Movie\" twice."]
        );
    }

    #[test]
    fn other_languages_keep_their_abbreviations() {
        let cases: &[(Language, &str, usize)] = &[
            (Language::German, "Er kam z.B. gestern. Sie ging.", 2),
            (Language::French, "M. Martin est venu. Il est parti.", 2),
            (Language::Spanish, "La Sra. García llegó. Luego se fue.", 2),
            (Language::Italian, "Il dott. Rossi arrivò. Poi partì.", 2),
            (Language::Dutch, "Dhr. Jansen kwam. Hij ging weer.", 2),
            (Language::Swedish, "Det finns t.ex. mjölk. Vi köper det.", 2),
            (Language::Russian, "Это было в 1990 г. и потом. Он ушёл.", 2),
            (Language::Finnish, "Tapasin esim. Virtasen. Hän lähti.", 2),
            (
                Language::Hungarian,
                "Dr. Kovács megérkezett. Aztán elment.",
                2,
            ),
            (Language::Romanian, "Dl. Popescu a venit. Apoi a plecat.", 2),
            (Language::Turkish, "Prof. Yılmaz geldi. Sonra gitti.", 2),
            (Language::Greek, "Ο κ. Παπαδόπουλος ήρθε. Μετά έφυγε.", 2),
        ];
        for &(lang, text, n) in cases {
            let seg = Segmenter::new(lang).segment(text);
            let got: Vec<&str> = seg.sentences.iter().map(|s| &text[s.range()]).collect();
            assert_eq!(got.len(), n, "{lang}: {got:?}");
        }
    }

    #[test]
    fn text_without_spaces_or_punctuation_is_capped_too() {
        // 2 MiB of Chinese without a space or a stop, and the same cut by commas.
        let plain = "我们的城市新闻报道".repeat(2 * 1024 * 1024 / 27);
        let commas = "我们的城市新闻报道，".repeat(2 * 1024 * 1024 / 30);
        // Letters with combining marks: never cut between a letter and its mark.
        let marks = "e\u{301}".repeat(5000);
        for t in [&plain, &commas, &marks] {
            let seg = Segmenter::new(Language::English).segment(t);
            assert!(seg.sentences.len() > 1);
            let mut covered = 0;
            for s in &seg.sentences {
                let n = t[s.range()].chars().count();
                assert!(n <= MAX_SENTENCE_CHARS, "a sentence of {n} characters");
                assert!(!t[s.range()].starts_with('\u{301}'));
                covered += s.end - s.start;
            }
            assert_eq!(covered, t.len(), "every character is in a sentence");
        }
        let seg = Segmenter::new(Language::English).segment(&commas);
        for s in &seg.sentences[..seg.sentences.len() - 1] {
            assert!(commas[s.range()].ends_with('，'), "cut after a comma");
        }
    }

    #[test]
    fn long_sentences_are_capped() {
        let t = "word ".repeat(1000);
        let seg = Segmenter::new(Language::English).segment(&t);
        assert!(seg.sentences.len() >= 1000 / MAX_SENTENCE_WORDS);
        for s in &seg.sentences {
            assert!(t[s.range()].split_whitespace().count() <= MAX_SENTENCE_WORDS);
        }
    }
}
