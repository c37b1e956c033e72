//! The Porter stemmer as google's rouge-score 0.1.2 runs it: NLTK's `PorterStemmer` in its
//! default `NLTK_EXTENSIONS` mode (a table of irregular forms, "-ies"/"-ied" on four-letter
//! words, "y" only after a consonant, "alli" first in step 2, "fulli" and "logi"), on lowercase
//! ASCII words.

/// NLTK's table of irregular forms.
const IRREGULAR: &[(&str, &str)] = &[
    ("sky", "sky"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("news", "news"),
    ("innings", "inning"),
    ("inning", "inning"),
    ("outings", "outing"),
    ("outing", "outing"),
    ("cannings", "canning"),
    ("canning", "canning"),
    ("howe", "howe"),
    ("proceed", "proceed"),
    ("exceed", "exceed"),
    ("succeed", "succeed"),
];

/// NLTK's `_is_consonant`: a "y" is a consonant at the start or after a vowel. Its definition
/// recurses through runs of "y"; this walks back over the run instead, so a word of many "y"s
/// costs its length, not a deep recursion.
fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => {
            let mut j = i;
            while j > 0 && w[j - 1] == b'y' {
                j -= 1;
            }
            // w[j] is the first "y" of the run: a consonant at the start of the word, else the
            // opposite of the letter before it (not a "y", so a plain vowel or consonant).
            let first = j == 0 || matches!(w[j - 1], b'a' | b'e' | b'i' | b'o' | b'u');
            // Along the run the answer alternates.
            if (i - j).is_multiple_of(2) {
                first
            } else {
                !first
            }
        }
        _ => true,
    }
}

/// The consonant flags of every letter, in one pass.
fn consonants(w: &[u8]) -> Vec<bool> {
    let mut out: Vec<bool> = Vec::with_capacity(w.len());
    for (i, &c) in w.iter().enumerate() {
        let flag = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !out[i - 1],
            _ => true,
        };
        out.push(flag);
    }
    out
}

/// m in [C](VC)^m[V].
fn measure(stem: &[u8]) -> usize {
    let mut m = 0;
    let mut prev_vowel = false;
    for consonant in consonants(stem) {
        if consonant && prev_vowel {
            m += 1;
        }
        prev_vowel = !consonant;
    }
    m
}

fn contains_vowel(stem: &[u8]) -> bool {
    consonants(stem).iter().any(|c| !c)
}

fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    (n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y'))
        || (n == 2 && !is_consonant(w, 0) && is_consonant(w, 1))
}

enum Cond {
    None,
    PositiveMeasure,
    MeasureGt1,
    /// step 4 "ion": m > 1 and the stem ends in s or t.
    Ion,
}

fn holds(cond: &Cond, stem: &[u8]) -> bool {
    match cond {
        Cond::None => true,
        Cond::PositiveMeasure => measure(stem) > 0,
        Cond::MeasureGt1 => measure(stem) > 1,
        Cond::Ion => measure(stem) > 1 && matches!(stem.last(), Some(b's' | b't')),
    }
}

/// NLTK's `_apply_rule_list`: the first rule whose suffix matches decides, whether or not its
/// condition holds.
fn apply(w: &mut Vec<u8>, rules: &[(&str, &str, Cond)]) {
    for (suffix, replacement, cond) in rules {
        if w.ends_with(suffix.as_bytes()) {
            let stem_len = w.len() - suffix.len();
            if holds(cond, &w[..stem_len]) {
                w.truncate(stem_len);
                w.extend_from_slice(replacement.as_bytes());
            }
            return;
        }
    }
}

fn step1a(w: &mut Vec<u8>) {
    if w.ends_with(b"ies") && w.len() == 4 {
        w.truncate(1);
        w.extend_from_slice(b"ie");
        return;
    }
    apply(
        w,
        &[
            ("sses", "ss", Cond::None),
            ("ies", "i", Cond::None),
            ("ss", "ss", Cond::None),
            ("s", "", Cond::None),
        ],
    );
}

fn step1b(w: &mut Vec<u8>) {
    if w.ends_with(b"ied") {
        w.truncate(w.len() - 3);
        w.extend_from_slice(if w.len() == 1 { b"ie" } else { b"i" });
        return;
    }
    if w.ends_with(b"eed") {
        let stem_len = w.len() - 3;
        if measure(&w[..stem_len]) > 0 {
            w.truncate(stem_len + 2);
        }
        return;
    }
    let mut stem_len = None;
    for suffix in [&b"ed"[..], b"ing"] {
        if w.ends_with(suffix) {
            let len = w.len() - suffix.len();
            if contains_vowel(&w[..len]) {
                stem_len = Some(len);
                break;
            }
        }
    }
    let Some(len) = stem_len else { return };
    w.truncate(len);
    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if ends_double_consonant(w) {
        if !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
            w.truncate(w.len() - 1);
        }
    } else if measure(w) == 1 && ends_cvc(w) {
        w.push(b'e');
    }
}

fn step1c(w: &mut [u8]) {
    let n = w.len();
    if n >= 1 && w[n - 1] == b'y' {
        let stem = &w[..n - 1];
        if stem.len() > 1 && is_consonant(stem, stem.len() - 1) {
            w[n - 1] = b'i';
        }
    }
}

fn step2(w: &mut Vec<u8>) {
    if w.ends_with(b"alli") && measure(&w[..w.len() - 4]) > 0 {
        w.truncate(w.len() - 2);
        step2(w);
        return;
    }
    const P: Cond = Cond::PositiveMeasure;
    let rules = [
        ("ational", "ate", P),
        ("tional", "tion", P),
        ("enci", "ence", P),
        ("anci", "ance", P),
        ("izer", "ize", P),
        ("bli", "ble", P),
        ("alli", "al", P),
        ("entli", "ent", P),
        ("eli", "e", P),
        ("ousli", "ous", P),
        ("ization", "ize", P),
        ("ation", "ate", P),
        ("ator", "ate", P),
        ("alism", "al", P),
        ("iveness", "ive", P),
        ("fulness", "ful", P),
        ("ousness", "ous", P),
        ("aliti", "al", P),
        ("iviti", "ive", P),
        ("biliti", "ble", P),
        ("fulli", "ful", P),
    ];
    for (suffix, replacement, cond) in &rules {
        if w.ends_with(suffix.as_bytes()) {
            let stem_len = w.len() - suffix.len();
            if holds(cond, &w[..stem_len]) {
                w.truncate(stem_len);
                w.extend_from_slice(replacement.as_bytes());
            }
            return;
        }
    }
    // "logi" -> "log", with the "l" counted in the stem (so "geologi" works like "archaeologi").
    if w.ends_with(b"logi") && measure(&w[..w.len() - 3]) > 0 {
        w.truncate(w.len() - 1);
    }
}

fn step3(w: &mut Vec<u8>) {
    const P: Cond = Cond::PositiveMeasure;
    apply(
        w,
        &[
            ("icate", "ic", P),
            ("ative", "", P),
            ("alize", "al", P),
            ("iciti", "ic", P),
            ("ical", "ic", P),
            ("ful", "", P),
            ("ness", "", P),
        ],
    );
}

fn step4(w: &mut Vec<u8>) {
    const G: Cond = Cond::MeasureGt1;
    apply(
        w,
        &[
            ("al", "", G),
            ("ance", "", G),
            ("ence", "", G),
            ("er", "", G),
            ("ic", "", G),
            ("able", "", G),
            ("ible", "", G),
            ("ant", "", G),
            ("ement", "", G),
            ("ment", "", G),
            ("ent", "", G),
            ("ion", "", Cond::Ion),
            ("ou", "", G),
            ("ism", "", G),
            ("ate", "", G),
            ("iti", "", G),
            ("ous", "", G),
            ("ive", "", G),
            ("ize", "", G),
        ],
    );
}

fn step5(w: &mut Vec<u8>) {
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            w.truncate(w.len() - 1);
        }
    }
    if w.ends_with(b"ll") && measure(&w[..w.len() - 1]) > 1 {
        w.truncate(w.len() - 1);
    }
}

/// NLTK's Porter stem of a lowercase ASCII word.
pub(crate) fn stem(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(w, _)| *w == word) {
        return (*s).to_string();
    }
    if word.len() <= 2 || !word.is_ascii() {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();
    step1a(&mut w);
    step1b(&mut w);
    step1c(&mut w);
    step2(&mut w);
    step3(&mut w);
    step4(&mut w);
    step5(&mut w);
    // Only ASCII bytes were removed or added.
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_runs_alternate_as_the_recursive_definition_does() {
        fn recursive(w: &[u8], i: usize) -> bool {
            match w[i] {
                b'a' | b'e' | b'i' | b'o' | b'u' => false,
                b'y' => i == 0 || !recursive(w, i - 1),
                _ => true,
            }
        }
        for w in [
            "y", "yy", "yyy", "ayyy", "byyyb", "sayyyy", "yes", "toy", "boyyo",
        ] {
            let w = w.as_bytes();
            for (i, flag) in consonants(w).into_iter().enumerate() {
                assert_eq!(is_consonant(w, i), recursive(w, i), "{i}");
                assert_eq!(flag, recursive(w, i), "{i}");
            }
        }
        // A very long run of "y" is stemmed in linear time, without deep recursion.
        let long = "y".repeat(200_000) + "e";
        assert!(!stem(&long).is_empty());
    }

    #[test]
    fn nltk_examples() {
        for (word, want) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("enjoy", "enjoy"),
            ("spied", "spi"),
            ("died", "die"),
            ("dying", "die"),
            ("generalizations", "gener"),
            ("running", "run"),
            ("easily", "easili"),
            ("news", "news"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("rational", "ration"),
            ("valenci", "valenc"),
            ("digitizer", "digit"),
            ("radically", "radic"),
            ("electrical", "electr"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("adjustment", "adjust"),
            ("adoption", "adopt"),
            ("controll", "control"),
            ("roll", "roll"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
