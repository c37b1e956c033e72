//! The invariants of compression, checked on a finished highlight from its text and spans
//! alone (for tests over whole datasets, and for anyone who wants to verify a result).

use crate::Highlight;

/// Words no cut may remove (the issue of record's list: negations, modals and hedges).
const NEVER_CUT: &[&str] = &[
    "not",
    "no",
    "never",
    "n't",
    "nor",
    "without",
    "may",
    "might",
    "could",
    "would",
    "should",
    "allegedly",
    "reportedly",
];

const NUMBER_WORDS: &[&str] = &[
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
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "dozen",
    "dozens",
];

/// Byte ranges (relative to `s`) inside double quotation marks, the marks included; a mark
/// left open runs to the end.
fn quoted(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        let is_mark = match c {
            '"' | '“' | '”' | '«' | '»' | '„' => true,
            '`' => b.get(i + 1) == Some(&b'`'),
            '\'' => b.get(i + 1) == Some(&b'\''),
            _ => false,
        };
        if !is_mark {
            continue;
        }
        match open {
            Some(o) => {
                out.push((o, i + c.len_utf8()));
                open = None;
            }
            None => open = Some(i),
        }
    }
    if let Some(o) = open {
        out.push((o, s.len()));
    }
    out
}

/// Punctuation that parts words with no space beside it: commas, colons, brackets, quotation
/// marks.
const PARTS: &[char] = &[
    ',', ';', ':', '(', ')', '[', ']', '{', '}', '"', '“', '”', '„', '«', '»',
];

/// Punctuation that may stand against a word without being part of it: end marks,
/// apostrophes and backticks, hyphens and dashes.
const ENDS: &[char] = &['.', '!', '?', '…', '`', '\'', '-', '—', '–'];

fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(|c: char| c.is_whitespace() || PARTS.contains(&c))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// Everything about highlight `h` of `input` that breaks a rule of compression: its text is
/// not its spans, a quotation mark or bracket is left open, a cut reaches into a quotation or
/// removes the attribution of one, a cut removes a number, a negation, a modal or hedge, or
/// part of a name, a cut runs two words together, or what is left has fewer than six words.
/// Empty when it is sound.
pub fn violations(input: &str, h: &Highlight) -> Vec<String> {
    let mut v = Vec::new();
    if !h.is_faithful_to(input) {
        v.push("the text is not its spans of the input".to_string());
    }
    if !super::quotes_balanced(&h.text) {
        v.push("unbalanced quotation mark".to_string());
    }
    if !super::brackets_balanced(&h.text) {
        v.push("unbalanced bracket".to_string());
    }
    if h.cuts.is_empty() {
        return v;
    }
    let Some(sentence) = input.get(h.start..h.end) else {
        v.push("span outside the input".to_string());
        return v;
    };
    // Two kept runs joined with no space: the characters either side must not both be part
    // of a word, or the cut made a word the input never had ("said (CNN)that" -> "saidthat").
    let wordish = |c: char| !c.is_whitespace() && !PARTS.contains(&c) && !ENDS.contains(&c);
    for pair in h.spans.windows(2) {
        let ((_, b), (a, _)) = (pair[0], pair[1]);
        let (Some(x), Some(y)) = (
            input.get(..b).and_then(|s| s.chars().next_back()),
            input.get(a..).and_then(|s| s.chars().next()),
        ) else {
            continue;
        };
        let spaced = input
            .get(..a)
            .is_some_and(|s| s.ends_with(char::is_whitespace));
        if !spaced && wordish(x) && wordish(y) {
            v.push(format!("words run together at byte {a}"));
        }
    }
    let quotes = quoted(sentence);
    for cut in &h.cuts {
        let (a, b) = (cut.start - h.start, cut.end - h.start);
        let Some(text) = sentence.get(a..b) else {
            v.push(format!("cut {a}..{b} outside the sentence"));
            continue;
        };
        if quotes.iter().any(|&(qa, qb)| a < qb && qa < b) {
            v.push(format!("cut inside a quotation: {text:?}"));
        }
        if !quotes.is_empty()
            && matches!(
                cut.kind,
                super::CutKind::LeadingAttribution | super::CutKind::TrailingAttribution
            )
        {
            v.push(format!("attribution of a quote cut: {text:?}"));
        }
        for (_, w) in words(text) {
            let lower = w.to_lowercase().replace('’', "'");
            let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
            if bare.chars().any(|c| c.is_ascii_digit())
                || NUMBER_WORDS.contains(&bare)
                || NEVER_CUT.contains(&bare)
                || bare.ends_with("n't")
            {
                v.push(format!("protected word {w:?} cut in {text:?}"));
            }
        }
        // A name split: capitalised words on both sides of an edge with only white space
        // between them (the sentence's first word is capitalised anyway). A dash against the
        // first word ("Paris-- Will") parts them as a space would not (a word that starts with
        // a dash is not capitalised).
        let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let dash = |c: char| matches!(c, '-' | '—' | '–');
        let joined = |x: &str, y: &str, gap: &str| {
            cap(x) && cap(y) && !x.ends_with(dash) && gap.chars().all(char::is_whitespace)
        };
        let before = words(&sentence[..a]).last();
        let first = words(text).next();
        let last = words(text).last();
        let after = words(&sentence[b..]).next();
        if let (Some((pos, x)), Some((at, y))) = (before, first) {
            if pos > 0 && joined(x, y, &sentence[pos + x.len()..a + at]) {
                v.push(format!("name split before {text:?}"));
            }
        }
        if let (Some((at, x)), Some((pos, y))) = (last, after) {
            if a > 0 && joined(x, y, &sentence[a + at + x.len()..b + pos]) {
                v.push(format!("name split after {text:?}"));
            }
        }
    }
    let kept = words(&h.text)
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .count();
    if kept < super::MIN_WORDS {
        v.push(format!("only {kept} words left"));
    }
    v
}
