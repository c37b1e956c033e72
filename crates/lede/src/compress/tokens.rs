//! Tokens of one sentence for compression: words, numbers and punctuation with byte spans,
//! the quoted regions, and the word classes the rules and the model read.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    /// Digits anywhere in it, or a number word ("seven", "dozen", "million", "first").
    Number,
    Comma,
    /// `;` or `:`.
    Colon,
    /// `.`, `!`, `?` or an ellipsis.
    End,
    /// `(` or `[`.
    Open,
    /// `)` or `]`.
    Close,
    /// A double quotation mark (straight, curly, guillemet, or PTB's `` and '').
    Quote,
    /// A dash between words (`--`, `—`, `–`; a lone `-` is a hyphen).
    Dash,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    /// Byte span relative to the sentence.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lowercase form (words and numbers; punctuation as written).
    pub lower: String,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// A word that can carry a clause ([`is_verbish`]), decided once here.
    pub verb: bool,
}

/// A fixed list of words, looked up by hash: the lists stay readable as lists, and the rules
/// that ask about every token of every sentence do not scan them.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
}

impl WordSet {
    pub(crate) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn contains(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(w)
    }
}

impl Tok {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Number)
    }
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Characters that may stand inside a word when a word character follows (U.S., don't,
/// well-known, AT&T, 3.5, 14,000).
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&' | ',' | '/' | '_')
}

const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m", "t", "em"];

/// Splits a sentence into tokens.
pub(crate) fn tokenize(s: &str) -> Vec<Tok> {
    tokenize_at_most(s, usize::MAX)
}

/// The first `max` tokens of a sentence, as [`tokenize`] gives them.
pub(crate) fn tokenize_at_most(s: &str, max: usize) -> Vec<Tok> {
    let mut toks = Vec::with_capacity((s.len() / 5 + 4).min(max));
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let off = |k: usize| chars.get(k).map(|&(o, _)| o).unwrap_or(s.len());
    let mut k = 0;
    while k < n && toks.len() < max {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        let kind = if is_word_char(c)
            || ((c == '\'' || c == '’')
                && at(k + 1).is_some_and(is_word_char)
                && clitic_at(&chars, k + 1))
        {
            k += 1;
            loop {
                match at(k) {
                    Some(c) if is_word_char(c) => k += 1,
                    Some(j) if is_joiner(j) && at(k + 1).is_some_and(is_word_char) => {
                        // A comma joins only digits (14,000).
                        if j == ','
                            && !(at(k - 1).is_some_and(|p| p.is_ascii_digit())
                                && at(k + 1).is_some_and(|q| q.is_ascii_digit()))
                        {
                            break;
                        }
                        k += 2;
                    }
                    _ => break,
                }
            }
            // An abbreviation's final period (u.s., l.l.) stays with it.
            if at(k) == Some('.')
                && chars[start..k].iter().any(|&(_, c)| c == '.')
                && at(k + 1).is_none_or(|c| {
                    c.is_whitespace() || matches!(c, ')' | ']' | ',' | ';' | ':' | '"' | '”')
                })
            {
                k += 1;
            }
            let word = &s[off(start)..off(k)];
            if word.bytes().any(|b| b.is_ascii_digit()) || is_number_word(word) {
                Kind::Number
            } else {
                Kind::Word
            }
        } else {
            k += 1;
            match c {
                ',' => Kind::Comma,
                ';' | ':' => Kind::Colon,
                '.' | '!' | '?' | '…' => {
                    while at(k).is_some_and(|c| matches!(c, '.' | '!' | '?')) {
                        k += 1;
                    }
                    Kind::End
                }
                '(' | '[' | '{' => Kind::Open,
                ')' | ']' | '}' => Kind::Close,
                '"' | '“' | '”' | '„' | '«' | '»' => Kind::Quote,
                '`' if at(k) == Some('`') => {
                    k += 1;
                    Kind::Quote
                }
                '\'' if at(k) == Some('\'') => {
                    k += 1;
                    Kind::Quote
                }
                '-' | '—' | '–' => {
                    while at(k).is_some_and(|c| matches!(c, '-' | '—' | '–')) {
                        k += 1;
                    }
                    // A lone hyphen ("35 - year - old" in tokenized text) is not a dash.
                    if k - start == 1 && c == '-' {
                        Kind::Other
                    } else {
                        Kind::Dash
                    }
                }
                _ => Kind::Other,
            }
        };
        let text = &s[off(start)..off(k)];
        let lower = if matches!(kind, Kind::Word | Kind::Number) {
            lowercase(text)
        } else {
            text.to_string()
        };
        let cap = text.chars().next().is_some_and(char::is_uppercase);
        // "Mohammed", "Reed": a capitalised "-ed" word inside a sentence is a name.
        let name = cap && !toks.is_empty() && !IRREGULAR.contains(&lower);
        let verb = kind == Kind::Word && verb_form(&lower) && !name;
        toks.push(Tok {
            start: off(start),
            end: off(k),
            kind,
            cap,
            lower,
            verb,
        });
    }
    toks
}

/// A word's lowercase form, with a curly apostrophe made straight.
fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase().replace('’', "'")
    }
}

fn clitic_at(chars: &[(usize, char)], k: usize) -> bool {
    let mut w = [0u8; 2];
    let mut len = 0;
    for &(_, c) in &chars[k..] {
        if !c.is_alphabetic() {
            break;
        }
        if len == 2 || !c.is_ascii() {
            return false;
        }
        w[len] = c.to_ascii_lowercase() as u8;
        len += 1;
    }
    let w = std::str::from_utf8(&w[..len]).unwrap_or_default();
    CLITICS.contains(&w)
}

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "half",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "percent",
    "twice",
    "once",
];

static NUMBER_WORD_SET: WordSet = WordSet::new(NUMBER_WORDS);

pub(crate) fn is_number_word(w: &str) -> bool {
    // The longest is "seventeen".
    if w.len() > 9 {
        return false;
    }
    if w.bytes().all(|b| b.is_ascii_lowercase()) {
        NUMBER_WORD_SET.contains(w)
    } else {
        NUMBER_WORD_SET.contains(&w.to_lowercase())
    }
}

/// Words never cut: negations, modals and hedges (the list and their kin).
pub(crate) const PROTECTED_WORDS: &[&str] = &[
    "not",
    "no",
    "never",
    "n't",
    "nor",
    "without",
    "cannot",
    "none",
    "nobody",
    "nothing",
    "neither",
    "may",
    "might",
    "could",
    "would",
    "should",
    "must",
    "can",
    "allegedly",
    "reportedly",
    "apparently",
    "possibly",
    "probably",
    "likely",
    "unlikely",
    "alleged",
    "suspected",
    "purportedly",
    "supposedly",
    "perhaps",
    "maybe",
    "presumably",
    "claimed",
    "accused",
    "unconfirmed",
    "only",
];

static PROTECTED_SET: WordSet = WordSet::new(PROTECTED_WORDS);

/// Marks each token that compression must keep: anything inside a quotation (quote marks
/// included, and all that follows a quote mark left open), numbers, negations, modals and
/// hedges.
pub(crate) fn protected(toks: &[Tok]) -> Vec<bool> {
    let mut keep = vec![false; toks.len()];
    let mut open: Option<usize> = None;
    // Single quotation marks: ‘...’ (and a lone ' in tokenized text, as a pair).
    let mut single: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Kind::Other && matches!(t.lower.as_str(), "‘" | "’" | "'") {
            keep[i] = true;
            match (single, t.lower.as_str()) {
                (None, "‘" | "'") => single = Some(i),
                (Some(o), "’" | "'") => {
                    for k in keep.iter_mut().take(i).skip(o) {
                        *k = true;
                    }
                    single = None;
                }
                _ => {}
            }
        }
    }
    // A single quotation mark left open runs to the end when it is plainly an opening one:
    // a ‘, or a ' that opens the sentence or follows a colon ("wrote: ' i found myself
    // agreeing ... on monday night ."). Elsewhere a lone ' may be an apostrophe ("the
    // players ' union").
    if let Some(o) = single {
        let opening = toks[o].lower == "‘" || o == 0 || toks[o - 1].kind == Kind::Colon;
        if opening {
            for k in keep.iter_mut().skip(o) {
                *k = true;
            }
        }
    }
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Kind::Quote {
            keep[i] = true;
            match open {
                Some(o) => {
                    for k in keep.iter_mut().take(i).skip(o) {
                        *k = true;
                    }
                    open = None;
                }
                None => open = Some(i),
            }
        }
        if t.kind == Kind::Number
            || (t.kind == Kind::Word && PROTECTED_SET.contains(&t.lower))
            || t.lower.ends_with("n't")
        {
            keep[i] = true;
        }
    }
    if let Some(o) = open {
        for k in keep.iter_mut().skip(o) {
            *k = true;
        }
    }
    keep
}

/// The first few words of `text` (enough for its opening tokens), cut at a space.
pub(crate) fn head(text: &str) -> &str {
    if text.len() <= 64 {
        return text;
    }
    let mut end = 64;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > 0 => &text[..space],
        _ => &text[..end],
    }
}

/// Whether the double quotation marks of `text` pair up: straight ones even in number,
/// curly and PTB ones opened before they are closed.
pub fn quotes_balanced(text: &str) -> bool {
    let q = Quotes::count(text);
    !q.closed_unopened && q.open() == 0
}

/// The quotation marks of a text, counted in order: straight ones (`"`, which open and close
/// alike), and the depth of the paired ones (curly, guillemets, and the tokenized pairs of
/// backticks and of apostrophes).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Quotes {
    straight: usize,
    depth: i32,
    /// A paired mark closed a quotation that this text did not open.
    closed_unopened: bool,
    /// The last character read, for the tokenized pairs.
    prev: char,
}

impl Quotes {
    pub(crate) fn count(text: &str) -> Quotes {
        let mut q = Quotes::default();
        q.read(text);
        q
    }

    /// Counts the marks of `text`, read after what was read before.
    pub(crate) fn read(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '"' => self.straight += 1,
                '“' | '«' | '„' => self.depth += 1,
                '`' if self.prev == '`' => self.depth += 1,
                '”' | '»' => self.depth -= 1,
                '\'' if self.prev == '\'' => self.depth -= 1,
                _ => {}
            }
            if self.depth < 0 {
                self.closed_unopened = true;
                self.depth = 0;
            }
            // A pair (`` or '') counts once.
            self.prev = if matches!(c, '`' | '\'') && self.prev == c {
                '\0'
            } else {
                c
            };
        }
    }

    /// How many quotations are left open at the end (a straight one counts as one).
    pub(crate) fn open(&self) -> i32 {
        self.depth + (self.straight % 2) as i32
    }
}

/// The bracket tokens pair up in order.
pub(crate) fn brackets_pair<'a>(toks: impl IntoIterator<Item = &'a Tok>) -> bool {
    let mut depth = 0i32;
    for t in toks {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Brackets `(`/`)` and `[`/`]` pair up in order.
pub fn brackets_balanced(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Words that can carry a clause: auxiliaries, copulas, modals, common past forms, and the
/// regular past and present third-person forms.
pub(crate) fn is_verbish(t: &Tok) -> bool {
    t.verb
}

/// Verb forms known by name: auxiliaries, copulas, modals, common irregular forms.
static IRREGULAR: WordSet = WordSet::new(&[
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does",
    "did", "will", "would", "can", "could", "may", "might", "must", "shall", "should", "'s", "'re",
    "'ve", "'ll", "'d", "'m", "said", "says", "told", "tells", "made", "makes", "took", "takes",
    "went", "goes", "came", "comes", "found", "finds", "gave", "gives", "got", "gets", "left",
    "leaves", "lost", "loses", "won", "wins", "saw", "sees", "knew", "knows", "thought", "thinks",
    "became", "becomes", "began", "begins", "ran", "runs", "met", "meets", "held", "holds", "led",
    "leads", "paid", "pays", "sent", "sends", "put", "puts", "hit", "hits", "cut", "cuts", "kept",
    "keeps", "built", "builds", "brought", "brings", "bought", "buys", "fell", "falls", "felt",
    "feels", "flew", "fled", "fought", "grew", "heard", "hears", "rose", "shot", "sold", "spent",
    "stood", "struck", "taught", "threw", "wore", "wrote", "writes", "set", "sets", "let", "lets",
    "says", "faces", "face",
]);

/// Whether a lowercase word is one of [`is_verbish`]'s.
fn verb_form(w: &str) -> bool {
    // "computer-generated", "state-owned": a compound in "-ed" is an adjective.
    (w.len() > 4 && w.ends_with("ed") && !w.contains('-')) || IRREGULAR.contains(w)
}

/// Whether a lowercase word is one of the listed verb forms ("fled", "led"), not a form
/// recognised by its "-ed" ending.
pub(crate) fn irregular_verb(w: &str) -> bool {
    IRREGULAR.contains(w)
}

/// Words that open a subject: determiners, and pronouns a clause can start with.
pub(crate) const SUBJECT_OPENERS: &[&str] = &[
    "the", "a", "an", "he", "she", "they", "we", "i", "you", "his", "her", "their", "its", "our",
    "my", "this", "these", "those", "there",
];

/// Opening words that lean on an earlier sentence for their meaning.
pub const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their", "him",
    "them", "we", "i", "that", "such", "there",
];

/// Whether the first word of `text` is a pronoun with nothing in the text before it to
/// refer to.
pub fn opens_with_pronoun(text: &str) -> bool {
    opening(text).0
}

/// How `text` opens: (with a pronoun that has nothing before it to refer to, as
/// [`opens_with_pronoun`]; with a connective, as [`opens_with_connective`]), from one reading
/// of its first words.
pub fn opening(text: &str) -> (bool, bool) {
    let head = head(text);
    let mut toks = tokenize_at_most(head, 8);
    let connective = connective_at_start(&toks);
    if toks.len() == 8 && toks.iter().all(|t| t.kind == Kind::Quote) {
        toks = tokenize(head);
    }
    (pronoun_first(&toks), connective)
}

fn pronoun_first(toks: &[Tok]) -> bool {
    let Some(first) = toks.iter().find(|t| t.kind != Kind::Quote) else {
        return false;
    };
    if first.kind != Kind::Word {
        return false;
    }
    // "It's", "They're": the pronoun before the clitic.
    let w = first.lower.split('\'').next().unwrap_or_default();
    // "That" and "Such" at a sentence's start point back ("That's the optimistic view ...",
    // "That decision ...", "Such robberies are rare"); "There" opens many self-contained
    // sentences ("There were 12 ..."), and "It" does too ("It is unclear ..."), but a
    // highlight should not lean on "It" either.
    PRONOUNS[..17].contains(&w)
}

/// Discourse connectives that tie a sentence to the one before it.
pub const CONNECTIVES: &[&str] = &[
    "but",
    "and",
    "however",
    "also",
    "meanwhile",
    "instead",
    "still",
    "yet",
    "so",
    "moreover",
    "furthermore",
    "additionally",
    "besides",
    "nevertheless",
    "nonetheless",
    "indeed",
    "thus",
    "therefore",
    "plus",
    "or",
    "then",
    "now",
];

/// Connectives that are one only when a comma follows ("Still, ..." but "Still photos ...").
const COMMA_CONNECTIVES: &[&str] = &["still", "then", "indeed", "thus", "yet", "now"];

/// Whether the tokens open with a connective ("But", "And", "However,"; not "So far").
pub(crate) fn connective_at_start(toks: &[Tok]) -> bool {
    let Some(first) = toks.first() else {
        return false;
    };
    static SET: WordSet = WordSet::new(CONNECTIVES);
    if first.kind != Kind::Word || !SET.contains(&first.lower) {
        return false;
    }
    let next = toks.get(1);
    let comma = next.is_some_and(|t| t.kind == Kind::Comma);
    match first.lower.as_str() {
        w if COMMA_CONNECTIVES.contains(&w) => comma,
        // "So the talks failed", "So, ...": not "So far", nor a name ("So Yeon Ryu came").
        "so" => {
            comma
                || next.is_some_and(|t| {
                    SUBJECT_OPENERS.contains(&t.lower.as_str())
                        || matches!(
                            t.lower.as_str(),
                            "if" | "when" | "what" | "why" | "how" | "where" | "who" | "now"
                        )
                })
        }
        "also" | "plus" | "or" => comma || next.is_some_and(|t| t.kind == Kind::Word),
        _ => true,
    }
}

/// Whether `text` opens with a connective ("But", "And", "However,"; not "So far").
pub fn opens_with_connective(text: &str) -> bool {
    connective_at_start(&tokenize_at_most(head(text), 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s)
            .into_iter()
            .map(|t| s[t.start..t.end].to_string())
            .collect()
    }

    #[test]
    fn raw_and_tokenized_text() {
        assert_eq!(
            words("Robin's comments (U.S.) didn't cost $8.5 million, 14,000 said."),
            [
                "Robin's", "comments", "(", "U.S.", ")", "didn't", "cost", "$", "8.5", "million",
                ",", "14,000", "said", "."
            ]
        );
        assert_eq!(
            words("robin 's comments did n't , \" no \" -- l.l. doungal said ."),
            [
                "robin", "'s", "comments", "did", "n't", ",", "\"", "no", "\"", "--", "l.l.",
                "doungal", "said", "."
            ]
        );
    }

    #[test]
    fn quotes_and_brackets() {
        assert!(quotes_balanced("He said \"yes\" and “no”."));
        assert!(!quotes_balanced("\"Jake the dog and Finn the human."));
        assert!(!quotes_balanced("the human.”"));
        assert!(brackets_balanced("a (b [c]) d"));
        assert!(!brackets_balanced("a (b d"));
    }

    #[test]
    fn quoted_words_numbers_and_negations_are_protected() {
        let toks = tokenize("Police said \"we will go\" with 3 men, not 4.");
        let p = protected(&toks);
        let kept: Vec<&str> = toks
            .iter()
            .zip(&p)
            .filter(|(_, &k)| k)
            .map(|(t, _)| t.lower.as_str())
            .collect();
        assert_eq!(kept, ["\"", "we", "will", "go", "\"", "3", "not", "4"]);
    }
}
