//! Languages lede can analyse: the Snowball stemmer languages, each with its stopword list
//! and the abbreviations its sentence segmenter must not split at.

use std::fmt;
use std::str::FromStr;

use crate::TextError;

/// A language with a Snowball stemmer, a stopword list and segmentation rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    Arabic,
    Danish,
    Dutch,
    #[default]
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

impl Language {
    /// Every supported language, in alphabetical order.
    pub const ALL: [Language; 18] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
    ];

    /// The lowercase English name (`"english"`), as accepted by [`Language::from_str`].
    pub fn name(self) -> &'static str {
        match self {
            Language::Arabic => "arabic",
            Language::Danish => "danish",
            Language::Dutch => "dutch",
            Language::English => "english",
            Language::Finnish => "finnish",
            Language::French => "french",
            Language::German => "german",
            Language::Greek => "greek",
            Language::Hungarian => "hungarian",
            Language::Italian => "italian",
            Language::Norwegian => "norwegian",
            Language::Portuguese => "portuguese",
            Language::Romanian => "romanian",
            Language::Russian => "russian",
            Language::Spanish => "spanish",
            Language::Swedish => "swedish",
            Language::Tamil => "tamil",
            Language::Turkish => "turkish",
        }
    }

    /// The ISO 639-1 code (`"en"`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::Danish => "da",
            Language::Dutch => "nl",
            Language::English => "en",
            Language::Finnish => "fi",
            Language::French => "fr",
            Language::German => "de",
            Language::Greek => "el",
            Language::Hungarian => "hu",
            Language::Italian => "it",
            Language::Norwegian => "no",
            Language::Portuguese => "pt",
            Language::Romanian => "ro",
            Language::Russian => "ru",
            Language::Spanish => "es",
            Language::Swedish => "sv",
            Language::Tamil => "ta",
            Language::Turkish => "tr",
        }
    }

    pub(crate) fn algorithm(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            Language::Arabic => A::Arabic,
            Language::Danish => A::Danish,
            Language::Dutch => A::Dutch,
            Language::English => A::English,
            Language::Finnish => A::Finnish,
            Language::French => A::French,
            Language::German => A::German,
            Language::Greek => A::Greek,
            Language::Hungarian => A::Hungarian,
            Language::Italian => A::Italian,
            Language::Norwegian => A::Norwegian,
            Language::Portuguese => A::Portuguese,
            Language::Romanian => A::Romanian,
            Language::Russian => A::Russian,
            Language::Spanish => A::Spanish,
            Language::Swedish => A::Swedish,
            Language::Tamil => A::Tamil,
            Language::Turkish => A::Turkish,
        }
    }

    /// The language's stopwords (the NLTK lists, which derive from Snowball's), lowercase.
    pub fn stopwords(self) -> &'static [&'static str] {
        stop_words::lookup(self.code()).unwrap_or(&[])
    }

    /// Abbreviations (lowercase, without their final period) after which a period does not end
    /// a sentence, or ends one only when a clear sentence start follows.
    pub fn abbreviations(self) -> impl Iterator<Item = &'static str> {
        crate::abbrev::for_language(self)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Language {
    type Err = TextError;

    /// Accepts the English name (`english`) or the ISO 639-1 code (`en`), in any case, and a
    /// language tag with a region or script (`it-IT`, `pt_BR`, `en-Latn-US`: a page's `lang`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let primary = wanted.split(['-', '_']).next().unwrap_or_default();
        let wanted = if primary.len() == 2 && primary.len() < wanted.len() {
            primary.to_string()
        } else {
            wanted
        };
        Language::ALL
            .iter()
            .copied()
            .find(|l| l.name() == wanted || l.code() == wanted)
            .ok_or_else(|| TextError::UnknownLanguage {
                name: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_codes() {
        assert_eq!("English".parse::<Language>().unwrap(), Language::English);
        assert_eq!("de".parse::<Language>().unwrap(), Language::German);
        assert!("klingon".parse::<Language>().is_err());
        assert_eq!("it-IT".parse::<Language>().unwrap(), Language::Italian);
        assert_eq!("pt_BR".parse::<Language>().unwrap(), Language::Portuguese);
        assert_eq!("en-Latn-US".parse::<Language>().unwrap(), Language::English);
        assert!("xx-YY".parse::<Language>().is_err());
        assert!("english-US".parse::<Language>().is_err());
    }

    #[test]
    fn every_language_has_stopwords() {
        for l in Language::ALL {
            assert!(!l.stopwords().is_empty(), "{l} has no stopwords");
        }
    }
}
