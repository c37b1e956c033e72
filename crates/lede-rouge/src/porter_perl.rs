//! The stemmer of ROUGE-1.5.5 (`-m`): the WordNet 2.0 exception list first, then the Porter
//! stemmer as that script runs it, with its one change to step 4 (a word ending in "-ement" is
//! not tried again with "-ment" and "-ent").
//!
//! The script's Porter stemmer is written as Perl regular expressions over the measure patterns
//! (`[C](VC)^m[V]`). They are kept as regular expressions here, so that every corner (a leading
//! "y", the order of the step 4 rules) behaves as the script does, not as a textbook Porter
//! stemmer does.

use std::sync::OnceLock;

use regex::Regex;
use rustc_hash::FxHashMap;

/// The WordNet 2.0 exception list as ROUGE-1.5.5 builds its database from it (adj, adv, noun,
/// verb; a later entry for the same word wins). Only keys that ROUGE can look up are kept:
/// lowercase ASCII letters and digits, longer than three characters.
const WORDNET_EXCEPTIONS: &str = include_str!("../data/wordnet-2.0-exceptions.txt");

struct Patterns {
    mgr0: Regex,
    meq1: Regex,
    mgr1: Regex,
    has_vowel: Regex,
    cvc: Regex,
    step2: Regex,
    step3: Regex,
    step4: Regex,
    exceptions: FxHashMap<&'static str, &'static str>,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        // c: consonant, v: vowel, C: consonant run, V: vowel run, exactly as the script has them.
        let c_run = "[^aeiou][^aeiouy]*";
        let v_run = "[aeiouy][aeiou]*";
        let compile = |p: String| Regex::new(&p).expect("static pattern");
        let exceptions = WORDNET_EXCEPTIONS
            .lines()
            .filter_map(|line| line.split_once(' '))
            .collect();
        Patterns {
            mgr0: compile(format!("^({c_run})?{v_run}{c_run}")),
            meq1: compile(format!("^({c_run})?{v_run}{c_run}({v_run})?$")),
            mgr1: compile(format!("^({c_run})?{v_run}{c_run}{v_run}{c_run}")),
            has_vowel: compile(format!("^({c_run})?[aeiouy]")),
            cvc: compile(format!("^{c_run}[aeiouy][^aeiouwxy]$")),
            step2: compile(
                "(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|\
                 iveness|fulness|ousness|aliti|iviti|biliti|logi)$"
                    .to_string(),
            ),
            step3: compile("(icate|ative|alize|iciti|ical|ful|ness)$".to_string()),
            step4: compile(
                "(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$".to_string(),
            ),
            exceptions,
        }
    })
}

/// ROUGE-1.5.5's `MorphStem`: the WordNet exception form if there is one, else the Porter stem.
/// The caller applies the script's rule of stemming only words longer than three characters.
pub(crate) fn morph_stem(token: &str) -> String {
    let p = patterns();
    if let Some(base) = p.exceptions.get(token) {
        return (*base).to_string();
    }
    porter(token)
}

fn step2_replacement(suffix: &str) -> &'static str {
    match suffix {
        "ational" => "ate",
        "tional" => "tion",
        "enci" => "ence",
        "anci" => "ance",
        "izer" => "ize",
        "bli" => "ble",
        "alli" => "al",
        "entli" => "ent",
        "eli" => "e",
        "ousli" => "ous",
        "ization" => "ize",
        "ation" => "ate",
        "ator" => "ate",
        "alism" => "al",
        "iveness" => "ive",
        "fulness" => "ful",
        "ousness" => "ous",
        "aliti" => "al",
        "iviti" => "ive",
        "biliti" => "ble",
        "logi" => "log",
        _ => "",
    }
}

fn step3_replacement(suffix: &str) -> &'static str {
    match suffix {
        "icate" => "ic",
        "alize" => "al",
        "iciti" => "ic",
        "ical" => "ic",
        _ => "", // ative, ful, ness
    }
}

/// The Porter stemmer of ROUGE-1.5.5 on a lowercase word.
pub(crate) fn porter(word: &str) -> String {
    if word.len() < 3 {
        return word.to_string();
    }
    let p = patterns();
    let mut w = word.to_string();
    // An initial y is a consonant: the script uppercases it so no vowel pattern matches it.
    let initial_y = w.starts_with('y');
    if initial_y {
        w.replace_range(0..1, "Y");
    }

    // Step 1a: sses -> ss, ies -> i, s -> (unless ss).
    if w.ends_with("sses") || w.ends_with("ies") {
        w.truncate(w.len() - 2);
    } else if w.len() >= 2 && w.ends_with('s') && w.as_bytes()[w.len() - 2] != b's' {
        w.truncate(w.len() - 1);
    }

    // Step 1b.
    if w.ends_with("eed") {
        if p.mgr0.is_match(&w[..w.len() - 3]) {
            w.truncate(w.len() - 1);
        }
    } else if w.ends_with("ed") || w.ends_with("ing") {
        let cut = if w.ends_with("ed") { 2 } else { 3 };
        let stem_len = w.len() - cut;
        if p.has_vowel.is_match(&w[..stem_len]) {
            w.truncate(stem_len);
            let b = w.as_bytes();
            let n = b.len();
            if w.ends_with("at") || w.ends_with("bl") || w.ends_with("iz") {
                w.push('e');
            } else if n >= 2 && b[n - 1] == b[n - 2] && !b"aeiouylsz".contains(&b[n - 1]) {
                w.truncate(n - 1);
            } else if p.cvc.is_match(&w) {
                w.push('e');
            }
        }
    }

    // Step 1c: y -> i when the stem has a vowel.
    if w.ends_with('y') && p.has_vowel.is_match(&w[..w.len() - 1]) {
        w.truncate(w.len() - 1);
        w.push('i');
    }

    // Step 2.
    if let Some(m) = p.step2.find(&w) {
        let (stem, suffix) = w.split_at(m.start());
        if p.mgr0.is_match(stem) {
            w = format!("{stem}{}", step2_replacement(suffix));
        }
    }

    // Step 3.
    if let Some(m) = p.step3.find(&w) {
        let (stem, suffix) = w.split_at(m.start());
        if p.mgr0.is_match(stem) {
            w = format!("{stem}{}", step3_replacement(suffix));
        }
    }

    // Step 4, in the script's order: the suffix list (with "ement" but without "ment" and
    // "ent"), then "ment", then "ent" or else "(s|t)ion".
    if let Some(m) = p.step4.find(&w) {
        if p.mgr1.is_match(&w[..m.start()]) {
            w.truncate(m.start());
        }
    }
    if w.ends_with("ment") && p.mgr1.is_match(&w[..w.len() - 4]) {
        w.truncate(w.len() - 4);
    }
    if w.ends_with("ent") {
        if p.mgr1.is_match(&w[..w.len() - 3]) {
            w.truncate(w.len() - 3);
        }
    } else if (w.ends_with("sion") || w.ends_with("tion")) && p.mgr1.is_match(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
    }

    // Step 5.
    if w.ends_with('e') {
        let stem = &w[..w.len() - 1];
        if p.mgr1.is_match(stem) || (p.meq1.is_match(stem) && !p.cvc.is_match(stem)) {
            w.truncate(w.len() - 1);
        }
    }
    if w.ends_with("ll") && p.mgr1.is_match(&w) {
        w.truncate(w.len() - 1);
    }

    if initial_y {
        w.replace_range(0..1, "y");
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porter_examples() {
        for (word, stem) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("generalizations", "gener"),
            ("agreement", "agreem"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("controll", "control"),
            ("yelling", "yell"),
        ] {
            assert_eq!(porter(word), stem, "{word}");
        }
    }

    #[test]
    fn wordnet_exceptions_come_first() {
        assert_eq!(morph_stem("sang"), "sing");
        assert_eq!(morph_stem("better"), "good");
        assert_eq!(morph_stem("children"), "child");
        assert_eq!(morph_stem("running"), "run");
    }
}
