//! Abbreviation data for the sentence segmenter. The rules live in `segment.rs`; what they
//! apply to is here, one table per language, so that a language is added by adding data.

use crate::Language;

/// How a period after an abbreviation behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// A title or prefix that never ends a sentence (`Mr.`, `Gen.`, `Sen.`).
    Prefix,
    /// Does not end a sentence before a number or a date (`No. 5`, `Vol. 2`, `Op. 27`, and
    /// the date qualifiers `c. 1850`, `b. 1932`, `m. June 4, 1960`, `div. 1970`).
    Numeric,
    /// A month: does not end a sentence before a number (`Jan. 5`), otherwise ambiguous.
    Month,
    /// Ends a sentence only when a clear sentence start follows (`U.S.`, `Inc.`, `Jr.`).
    Ambiguous,
    /// `a.m.`/`p.m.`: ends a sentence before a capitalised word that does not continue the
    /// time (`5 p.m. Friday`, `p.m. ET`), unless only an opening time phrase precedes it.
    Time,
}

/// One table entry: the abbreviation without its final period, lowercase; whether the text
/// must start with a capital letter for it to count (so that `Miss.` is a state but `miss.` a
/// verb); and its kind.
pub(crate) type Entry = (&'static str, bool, AbbrevKind);

use AbbrevKind::{Ambiguous as A, Month as M, Numeric as N, Prefix as P, Time as T};

/// English, sorted by key for binary search (checked by a test).
static ENGLISH: &[Entry] = &[
    ("a.d", false, A),
    ("a.m", false, T),
    ("adm", true, P),
    ("al", false, A),
    ("ala", true, A),
    ("approx", false, A),
    ("apr", true, M),
    ("ariz", true, A),
    ("ark", true, A),
    ("art", true, N),
    ("assn", true, A),
    ("asst", true, P),
    ("aug", true, M),
    ("ave", true, A),
    ("b", false, N),
    ("b.c", false, A),
    ("bldg", true, A),
    ("blvd", true, A),
    ("bros", true, A),
    ("c", false, N),
    ("c.e.o", false, A),
    ("ca", false, A),
    ("calif", true, A),
    ("capt", true, P),
    ("cf", false, A),
    ("ch", true, N),
    ("cmdr", true, P),
    ("co", true, A),
    ("col", true, P),
    ("colo", true, A),
    ("conn", true, A),
    ("corp", true, A),
    ("cpl", true, P),
    ("cpt", true, P),
    ("d.c", false, A),
    ("dec", true, M),
    ("del", true, A),
    ("dept", true, A),
    ("det", true, P),
    ("div", false, N),
    ("dr", true, P),
    ("e.g", false, P),
    ("esp", false, A),
    ("est", true, A),
    ("etc", false, A),
    ("feb", true, M),
    ("fig", false, N),
    ("fla", true, A),
    ("fr", true, P),
    ("ft", false, A),
    ("ga", true, A),
    ("gen", true, P),
    ("gov", true, P),
    ("hon", true, P),
    ("hr", false, A),
    ("hrs", false, A),
    ("i.e", false, P),
    ("ill", true, A),
    ("inc", true, A),
    ("ind", true, A),
    ("insp", true, P),
    ("jan", true, M),
    ("jr", true, A),
    ("jul", true, M),
    ("jun", true, M),
    ("kan", true, A),
    ("kans", true, A),
    ("ky", true, A),
    ("la", true, A),
    ("lb", false, A),
    ("lbs", false, A),
    ("lt", true, P),
    ("ltd", true, A),
    ("m", false, N),
    ("maj", true, P),
    ("mar", true, M),
    ("mass", true, A),
    ("md", true, A),
    ("messrs", true, P),
    ("mich", true, A),
    ("min", false, A),
    ("minn", true, A),
    ("miss", true, A),
    ("mlle", true, P),
    ("mme", true, P),
    ("mo", true, A),
    ("mont", true, A),
    ("mr", true, P),
    ("mrs", true, P),
    ("ms", true, P),
    ("mt", true, P),
    ("neb", true, A),
    ("nev", true, A),
    ("no", false, N),
    ("nos", false, N),
    ("nov", true, M),
    ("n°", false, N),
    ("oct", true, M),
    ("okla", true, A),
    ("op", false, N),
    ("ore", true, A),
    ("oz", false, A),
    ("p", false, N),
    ("p.m", false, T),
    ("pa", true, A),
    ("ph.d", false, A),
    ("pp", false, N),
    ("pres", true, P),
    ("prof", true, P),
    ("pt", false, N),
    ("pvt", true, P),
    ("rd", true, A),
    ("rep", true, P),
    ("reps", true, P),
    ("rev", true, P),
    ("sec", true, N),
    ("sen", true, P),
    ("sens", true, P),
    ("sep", true, M),
    ("sept", true, M),
    ("sgt", true, P),
    ("sr", true, A),
    ("st", true, P),
    ("supt", true, P),
    ("tenn", true, A),
    ("tex", true, A),
    ("u.k", false, A),
    ("u.n", false, A),
    ("u.s", false, A),
    ("u.s.a", false, A),
    ("univ", true, A),
    ("v", false, P),
    ("va", true, A),
    ("viz", false, P),
    ("vol", false, N),
    ("vs", false, P),
    ("vt", true, A),
    ("wash", true, A),
    ("wis", true, A),
    ("wyo", true, A),
];

static GERMAN: &[Entry] = &[
    ("abs", false, N),
    ("bzw", false, P),
    ("ca", false, P),
    ("d.h", false, P),
    ("dr", true, P),
    ("evtl", false, P),
    ("fr", true, P),
    ("ggf", false, P),
    ("hr", true, P),
    ("inkl", false, P),
    ("mio", false, A),
    ("mrd", false, A),
    ("nr", false, N),
    ("prof", true, P),
    ("s", true, N),
    ("st", true, P),
    ("str", true, A),
    ("tsd", false, A),
    ("u.a", false, A),
    ("usw", false, A),
    ("vgl", false, P),
    ("z.b", false, P),
];

static FRENCH: &[Entry] = &[
    ("av", false, P),
    ("bd", false, P),
    ("dr", true, P),
    ("env", false, P),
    ("etc", false, A),
    ("m", true, P),
    ("me", true, P),
    ("mgr", true, P),
    ("mlle", true, P),
    ("mm", true, P),
    ("mme", true, P),
    ("n", false, N),
    ("no", false, N),
    ("p", false, N),
    ("p.ex", false, P),
    ("pr", true, P),
    ("st", true, P),
    ("ste", true, P),
];

static SPANISH_PORTUGUESE: &[Entry] = &[
    ("av", false, P),
    ("d", true, P),
    ("dr", true, P),
    ("dra", true, P),
    ("etc", false, A),
    ("n", false, N),
    ("no", false, N),
    ("núm", false, N),
    ("p.ej", false, P),
    ("pág", false, N),
    ("sr", true, P),
    ("sra", true, P),
    ("srta", true, P),
    ("ud", true, P),
    ("uds", true, P),
];

/// Italian writes titles in lowercase before a name: "il dott. Rossi".
static ITALIAN: &[Entry] = &[
    ("avv", false, P),
    ("dott", false, P),
    ("ecc", false, A),
    ("es", false, P),
    ("ing", false, P),
    ("n", false, N),
    ("on", true, P),
    ("p", false, N),
    ("prof", false, P),
    ("sig", false, P),
    ("sig.ra", false, P),
];

static DUTCH_NORDIC: &[Entry] = &[
    ("bijv", false, P),
    ("bl.a", false, P),
    ("d.v.s", false, P),
    ("dhr", true, P),
    ("dr", true, P),
    ("f.eks", false, P),
    ("mevr", true, P),
    ("mr", true, P),
    ("nr", false, N),
    ("o.a", false, A),
    ("prof", true, P),
    ("t.ex", false, P),
    ("z.b", false, P),
];

static RUSSIAN: &[Entry] = &[
    ("г", false, A),
    ("гг", false, A),
    ("др", false, A),
    ("им", false, P),
    ("т.д", false, A),
    ("т.е", false, P),
    ("т.п", false, A),
    ("ул", false, P),
];

static FINNISH: &[Entry] = &[
    ("esim", false, P),
    ("jne", false, A),
    ("klo", false, N),
    ("mm", false, P),
    ("n", false, P),
    ("ns", false, P),
    ("prof", true, P),
    ("tri", true, P),
    ("vrt", false, P),
];

static HUNGARIAN: &[Entry] = &[
    ("dr", true, P),
    ("id", false, P),
    ("ifj", false, P),
    ("kb", false, P),
    ("pl", false, P),
    ("prof", true, P),
    ("stb", false, A),
    ("ún", false, P),
];

static ROMANIAN: &[Entry] = &[
    ("dl", true, P),
    ("dna", true, P),
    ("dr", true, P),
    ("etc", false, A),
    ("nr", false, N),
    ("prof", true, P),
    ("str", false, P),
];

static TURKISH: &[Entry] = &[
    ("cad", false, P),
    ("doç", true, P),
    ("dr", true, P),
    ("no", false, N),
    ("prof", true, P),
    ("sok", false, P),
    ("vb", false, A),
    ("vs", false, A),
    ("örn", false, P),
];

static GREEK: &[Entry] = &[
    ("αρ", false, N),
    ("δρ", true, P),
    ("κ", false, P),
    ("κα", false, P),
    ("κλπ", false, A),
    ("π.χ", false, P),
];

/// Arabic and Tamil write few abbreviations with a period; they get only the general rules.
static NONE: &[Entry] = &[];

pub(crate) fn for_language_table(lang: Language) -> &'static [Entry] {
    match lang {
        Language::English => ENGLISH,
        Language::German => GERMAN,
        Language::French => FRENCH,
        Language::Spanish | Language::Portuguese => SPANISH_PORTUGUESE,
        Language::Italian => ITALIAN,
        Language::Dutch | Language::Danish | Language::Norwegian | Language::Swedish => {
            DUTCH_NORDIC
        }
        Language::Russian => RUSSIAN,
        Language::Finnish => FINNISH,
        Language::Hungarian => HUNGARIAN,
        Language::Romanian => ROMANIAN,
        Language::Turkish => TURKISH,
        Language::Greek => GREEK,
        Language::Arabic | Language::Tamil => NONE,
    }
}

/// The abbreviation keys of a language (lowercase, without the final period).
pub(crate) fn for_language(lang: Language) -> impl Iterator<Item = &'static str> {
    for_language_table(lang).iter().map(|e| e.0)
}

/// Looks `word` (the text before a period, without it) up in the language's table.
pub(crate) fn lookup(lang: Language, word: &str) -> Option<AbbrevKind> {
    if word.is_empty() || word.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 64];
    let lower = lowercase_into(word, &mut buf)?;
    let table = for_language_table(lang);
    let i = table.binary_search_by(|e| e.0.cmp(lower)).ok()?;
    let (_, cased, kind) = table[i];
    if cased && !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(kind)
}

/// Lowercases `word` into `buf` without allocating; `None` if it does not fit.
fn lowercase_into<'b>(word: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        if n + len > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[n..n + len]);
        n += len;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

static STARTERS: &[&str] = &[
    "A",
    "About",
    "After",
    "Afterwards",
    "Again",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Can",
    "Did",
    "Do",
    "Does",
    "Each",
    "Even",
    "Every",
    "Few",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "Its",
    "Just",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "Much",
    "My",
    "Neither",
    "Nevertheless",
    "No",
    "Nor",
    "Not",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Two",
    "Under",
    "Unlike",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yes",
    "Yet",
    "You",
    "Your",
];

/// Capitalised words that start sentences (pronouns, determiners, conjunctions, common
/// adverbs): after an ambiguous abbreviation such as `U.S.` a boundary is taken only before one
/// of these, since a following name (`U.S. Army`) is far more common than a new sentence.
pub(crate) fn is_sentence_starter(lang: Language, word: &str) -> bool {
    if lang != Language::English {
        return false;
    }
    STARTERS.binary_search(&word).is_ok()
}

/// Words that continue a time after `a.m.`/`p.m.`: weekdays, months, zones.
static TIME_FOLLOWERS: &[&str] = &[
    "Apr",
    "April",
    "Aug",
    "August",
    "Central",
    "Christmas",
    "Dec",
    "December",
    "Eastern",
    "Feb",
    "February",
    "Fri",
    "Friday",
    "Greenwich",
    "Jan",
    "January",
    "Jul",
    "July",
    "Jun",
    "June",
    "Local",
    "Mar",
    "March",
    "May",
    "Mon",
    "Monday",
    "Mountain",
    "New",
    "Nov",
    "November",
    "Oct",
    "October",
    "Pacific",
    "Sat",
    "Saturday",
    "Sep",
    "Sept",
    "September",
    "Sun",
    "Sunday",
    "Thu",
    "Thurs",
    "Thursday",
    "Tue",
    "Tues",
    "Tuesday",
    "Wed",
    "Wednesday",
];

/// Whether `word` continues a time rather than starting a sentence: a weekday, a month, a
/// time zone name, or an all-capitals zone code (`ET`, `GMT`, `UTC`).
pub(crate) fn is_time_follower(word: &str) -> bool {
    let n = word.len();
    if (2..=4).contains(&n) && word.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    TIME_FOLLOWERS.binary_search(&word).is_ok()
}

/// The kind of `word` (the text before a period, without it) in the language's abbreviation
/// table, if it is there.
pub fn abbreviation_kind(lang: Language, word: &str) -> Option<AbbrevKind> {
    lookup(lang, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_lowercase() {
        for lang in Language::ALL {
            let t = for_language_table(lang);
            for w in t.windows(2) {
                assert!(w[0].0 < w[1].0, "{lang}: {} !< {}", w[0].0, w[1].0);
            }
            for e in t {
                assert_eq!(e.0, e.0.to_lowercase());
            }
        }
    }

    #[test]
    fn time_followers_sorted() {
        for w in TIME_FOLLOWERS.windows(2) {
            assert!(w[0] < w[1], "{} !< {}", w[0], w[1]);
        }
        assert!(is_time_follower("Friday") && is_time_follower("ET"));
        assert!(!is_time_follower("Mr") && !is_time_follower("The"));
    }

    #[test]
    fn starters_sorted() {
        for w in STARTERS.windows(2) {
            assert!(w[0] < w[1], "{} !< {}", w[0], w[1]);
        }
        for w in ["A", "The", "He", "Your", "Meanwhile"] {
            assert!(is_sentence_starter(Language::English, w), "{w}");
        }
        assert!(!is_sentence_starter(Language::English, "Army"));
    }

    #[test]
    fn cased_entries_need_a_capital() {
        assert_eq!(
            lookup(Language::English, "Miss"),
            Some(AbbrevKind::Ambiguous)
        );
        assert_eq!(lookup(Language::English, "miss"), None);
        assert_eq!(lookup(Language::English, "Mr"), Some(AbbrevKind::Prefix));
        assert_eq!(
            lookup(Language::English, "U.S"),
            Some(AbbrevKind::Ambiguous)
        );
        assert_eq!(
            lookup(Language::English, "u.s"),
            Some(AbbrevKind::Ambiguous)
        );
    }
}
