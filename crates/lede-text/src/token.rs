//! Words: Unicode word segmentation (UAX #29), lowercasing, Snowball stemming, stopwords.

use std::borrow::Cow;
use std::collections::HashSet;

use unicode_segmentation::UnicodeSegmentation;

use crate::Language;

/// Turns text into normalised words for one language. Cheap to clone the configuration, not
/// the stemmer: build one per thread and reuse it.
pub struct Analyzer {
    language: Language,
    stemmer: rust_stemmers::Stemmer,
    stopwords: HashSet<&'static str>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Analyzer {
    pub fn new(language: Language) -> Self {
        Analyzer {
            language,
            stemmer: rust_stemmers::Stemmer::create(language.algorithm()),
            stopwords: language.stopwords().iter().copied().collect(),
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// Words of `text` with their byte offsets: UAX #29 words that contain a letter or a digit
    /// (punctuation and white space dropped).
    pub fn words<'t>(&self, text: &'t str) -> impl Iterator<Item = (usize, &'t str)> + 't {
        text.unicode_word_indices()
    }

    /// Lowercases a word (Unicode rules); borrows when it is already lowercase ASCII.
    pub fn lowercase<'w>(&self, word: &'w str) -> Cow<'w, str> {
        lowercase(word)
    }

    /// Whether the lowercase word is a stopword of the language.
    pub fn is_stopword(&self, lower: &str) -> bool {
        self.stopwords.contains(lower)
    }

    /// The Snowball stem of a lowercase word.
    pub fn stem<'w>(&self, lower: &'w str) -> Cow<'w, str> {
        self.stemmer.stem(lower)
    }

    /// Lowercase, stemmed, stopword-free terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.words(text)
            .filter_map(|(_, w)| {
                let lower = self.lowercase(w);
                if self.is_stopword(&lower) {
                    None
                } else {
                    Some(self.stem(&lower).into_owned())
                }
            })
            .collect()
    }
}

/// Lowercases with Unicode rules; borrows when nothing changes.
pub fn lowercase(word: &str) -> Cow<'_, str> {
    if word.bytes().all(|b| !b.is_ascii_uppercase() && b < 0x80) {
        Cow::Borrowed(word)
    } else if word.is_ascii() {
        Cow::Owned(word.to_ascii_lowercase())
    } else if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_terms() {
        let a = Analyzer::new(Language::English);
        assert_eq!(
            a.terms("The prosecutors were investigating the crashes."),
            ["prosecutor", "investig", "crash"]
        );
    }

    #[test]
    fn unicode_words_are_kept_and_lowercased() {
        let a = Analyzer::new(Language::Russian);
        let t = a.terms("Москва — столица России.");
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(t[0].starts_with("москв"));
        let a = Analyzer::new(Language::English);
        assert_eq!(a.terms("Ça IRA, Zoë"), ["ça", "ira", "zoë"]);
    }
}
