//! Tokens for each mode, with the stemming and stopword rules of the tool the mode follows.
//!
//! - Perl (ROUGE-1.5.5): ASCII letters are lowercased byte by byte; every byte that is not an
//!   ASCII letter or digit separates tokens (so "state-of-the-art" is four tokens and "café" is
//!   "caf"). With stemming, tokens longer than three bytes go through the WordNet exception list
//!   and the script's Porter stemmer. With stopword removal, the SMART list is used.
//! - rouge-score 0.1.2: Python's Unicode `lower()`, then every character outside `[a-z0-9]`
//!   separates tokens; NLTK's Porter stemmer on tokens longer than three characters.
//! - Unicode: letters, digits and combining marks of every script make tokens, lowercased with
//!   Unicode rules; Han, Hiragana and Katakana characters are one token each. On ASCII text the
//!   tokens are exactly those of ROUGE-1.5.5. Stemming follows the language: for English,
//!   ROUGE-1.5.5's stemmer (so scores stay comparable with published ones); otherwise Snowball.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{OnceLock, RwLock};

use rustc_hash::FxHashMap;

use lede_text::Language;

use crate::{porter_nltk, porter_perl, Mode};

const SMART_COMMON_WORDS: &str = include_str!("../data/smart-common-words.txt");

/// ROUGE-1.5.5's stopword list (`-s`): the SMART information retrieval system's common words.
pub fn smart_stopwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| SMART_COMMON_WORDS.lines().collect())
}

/// Splits one sentence into raw (lowercase, unstemmed) tokens and calls `f` with each.
pub(crate) fn raw_tokens(mode: Mode, text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    match mode {
        Mode::Perl => {
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i].is_ascii_alphanumeric() {
                    let start = i;
                    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                        i += 1;
                    }
                    emit_ascii_lower(&text[start..i], buf, &mut f);
                } else {
                    i += 1;
                }
            }
        }
        Mode::RougeScore => {
            let lower: Cow<'_, str> = if text.is_ascii() {
                if text.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(text.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(text)
                }
            } else {
                Cow::Owned(text.to_lowercase())
            };
            let bytes = lower.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii_lowercase() || b.is_ascii_digit() {
                    let start = i;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_lowercase() || bytes[i].is_ascii_digit())
                    {
                        i += 1;
                    }
                    f(&lower[start..i]);
                } else {
                    i += 1;
                }
            }
        }
        Mode::Unicode => {
            let mut start: Option<usize> = None;
            let mut flush = |start: &mut Option<usize>, end: usize, buf: &mut String| {
                if let Some(s) = start.take() {
                    let word = &text[s..end];
                    if word.is_ascii() {
                        emit_ascii_lower(word, buf, &mut f);
                    } else {
                        buf.clear();
                        buf.extend(word.chars().flat_map(char::to_lowercase));
                        f(buf);
                    }
                }
            };
            for (i, c) in text.char_indices() {
                if is_ideograph(c) {
                    flush(&mut start, i, buf);
                    start = Some(i);
                    flush(&mut start, i + c.len_utf8(), buf);
                } else if c.is_alphanumeric() || (start.is_some() && is_mark(c)) {
                    if start.is_none() {
                        start = Some(i);
                    }
                } else {
                    flush(&mut start, i, buf);
                }
            }
            flush(&mut start, text.len(), buf);
        }
    }
}

/// Calls `f` with an ASCII word in lowercase, copying it into `buf` only when it has capitals.
fn emit_ascii_lower(word: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        f(buf);
    } else {
        f(word);
    }
}

/// Characters written without spaces between words, each taken as a token of its own.
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F    // halfwidth Katakana
        | 0x20000..=0x3134F) // CJK Extensions B..G
}

/// Combining marks (Mn, Mc, Me): the vowel signs of Indic scripts, accents in decomposed text.
fn is_mark(c: char) -> bool {
    let u = c as u32;
    // The ranges below cover the combining blocks and the Indic, Southeast Asian and other
    // scripts' vowel signs that `char::is_alphanumeric` leaves out.
    matches!(u,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963
        | 0x0981..=0x0983 | 0x09BC..=0x09D7 | 0x09E2..=0x09E3 | 0x0A01..=0x0A03
        | 0x0A3C..=0x0A51 | 0x0A70..=0x0A71 | 0x0A75 | 0x0A81..=0x0A83 | 0x0ABC..=0x0ACD
        | 0x0AE2..=0x0AE3 | 0x0B01..=0x0B03 | 0x0B3C..=0x0B57 | 0x0B62..=0x0B63
        | 0x0B82 | 0x0BBE..=0x0BCD | 0x0BD7 | 0x0C00..=0x0C04 | 0x0C3C..=0x0C56
        | 0x0C62..=0x0C63 | 0x0C81..=0x0C83 | 0x0CBC..=0x0CD6 | 0x0CE2..=0x0CE3
        | 0x0D00..=0x0D03 | 0x0D3B..=0x0D4D | 0x0D57 | 0x0D62..=0x0D63 | 0x0D81..=0x0D83
        | 0x0DCA..=0x0DDF | 0x0DF2..=0x0DF3 | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E
        | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECD | 0x0F18..=0x0F19 | 0x0F35 | 0x0F37
        | 0x0F39 | 0x0F3E..=0x0F3F | 0x0F71..=0x0F84 | 0x0F86..=0x0F87 | 0x0F8D..=0x0FBC
        | 0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 | 0x1062..=0x1064
        | 0x1067..=0x106D | 0x1071..=0x1074 | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D
        | 0x17B4..=0x17D3 | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D
        | 0x20D0..=0x20FF | 0x302A..=0x302F | 0x3099..=0x309A | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F)
}

/// Turns raw tokens into the terms that are counted: stopwords dropped, stems applied.
pub(crate) struct TermRules {
    mode: Mode,
    stem: bool,
    stopwords: Option<HashSet<&'static str>>,
    snowball: Option<lede_text::Analyzer>,
    /// Stems shared by all threads, so each distinct word is stemmed once per scorer (each
    /// thread also keeps its own table in front of this one).
    shared: RwLock<FxHashMap<String, String>>,
}

/// Beyond this many shared stems, new ones are computed but not kept (bounded memory).
const MAX_SHARED_STEMS: usize = 1_000_000;

impl TermRules {
    pub(crate) fn new(mode: Mode, stem: bool, remove_stopwords: bool, language: Language) -> Self {
        let english = language == Language::English;
        let stopwords = remove_stopwords.then(|| {
            if mode == Mode::Perl || english {
                smart_stopwords().clone()
            } else {
                language.stopwords().iter().copied().collect()
            }
        });
        let snowball =
            (stem && mode == Mode::Unicode && !english).then(|| lede_text::Analyzer::new(language));
        TermRules {
            mode,
            stem,
            stopwords,
            snowball,
            shared: RwLock::new(FxHashMap::default()),
        }
    }

    /// The counted term for a raw token, or `None` when the token is a removed stopword.
    pub(crate) fn term(&self, raw: &str) -> Option<String> {
        if let Some(stop) = &self.stopwords {
            if stop.contains(raw) {
                return None;
            }
        }
        if !self.stem {
            return Some(raw.to_string());
        }
        if let Some(stem) = self.shared.read().ok().and_then(|m| m.get(raw).cloned()) {
            return Some(stem);
        }
        let stem = self.stem_of(raw);
        if let Ok(mut m) = self.shared.write() {
            if m.len() < MAX_SHARED_STEMS {
                m.insert(raw.to_string(), stem.clone());
            }
        }
        Some(stem)
    }

    fn stem_of(&self, raw: &str) -> String {
        match self.mode {
            Mode::Perl => {
                if raw.len() > 3 {
                    porter_perl::morph_stem(raw)
                } else {
                    raw.to_string()
                }
            }
            Mode::RougeScore => {
                if raw.len() > 3 {
                    porter_nltk::stem(raw)
                } else {
                    raw.to_string()
                }
            }
            Mode::Unicode => match &self.snowball {
                Some(stemmer) if raw.chars().count() > 3 => stemmer.stem(raw).into_owned(),
                Some(_) => raw.to_string(),
                None if raw.len() > 3 && raw.is_ascii() => porter_perl::morph_stem(raw),
                None => raw.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(mode: Mode, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = String::new();
        raw_tokens(mode, text, &mut buf, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn perl_tokens_are_ascii_runs() {
        assert_eq!(
            toks(Mode::Perl, "State-of-the-art café, U.S. $1,250"),
            ["state", "of", "the", "art", "caf", "u", "s", "1", "250"]
        );
    }

    #[test]
    fn rouge_score_lowercases_unicode_first() {
        assert_eq!(
            toks(Mode::RougeScore, "İstanbul Привет KEY"),
            ["i", "stanbul", "key"]
        );
    }

    #[test]
    fn unicode_tokens_keep_every_script() {
        assert_eq!(
            toks(Mode::Unicode, "Привет мир, ÉTAT café! 東京へ"),
            ["привет", "мир", "état", "café", "東", "京", "へ"]
        );
        // Devanagari vowel signs stay inside the word.
        assert_eq!(toks(Mode::Unicode, "नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
        // On ASCII text, the same tokens as ROUGE-1.5.5.
        let ascii = "It's the children's toys, isn't it? $1,250,000 in 2015; 3.5% up";
        assert_eq!(toks(Mode::Unicode, ascii), toks(Mode::Perl, ascii));
    }
}
