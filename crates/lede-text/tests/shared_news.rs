//! The segmenter on real news from the shared datasets (skipped with a message when the data
//! is absent; fails instead under LEDE_REQUIRE_SHARED=1).

use lede_text::{abbreviation_kind, AbbrevKind, Language, Segmenter, TextForm, MAX_SENTENCE_WORDS};

/// Capitalised words that begin sentences: after an initial ("Plan B. Few believe it") a
/// sentence may end; before any other capitalised word an initial is a middle name.
const STARTERS: &[&str] = &[
    "A", "After", "All", "And", "As", "At", "But", "Few", "For", "He", "Her", "His", "I", "If",
    "In", "It", "Many", "Most", "No", "Now", "On", "One", "She", "So", "Some", "That", "The",
    "Their", "Then", "There", "These", "They", "This", "We", "When", "While", "You",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn strip_closers(t: &str) -> &str {
    t.trim_end_matches(['"', '\'', '”', '’', ')', ']'])
}

fn strip_openers(t: &str) -> &str {
    t.trim_start_matches(['"', '\'', '“', '‘', '(', '['])
}

/// Why the boundary between `sentence` and `next` (in the same paragraph) is wrong, judged
/// from the words on either side of it.
fn bad_boundary(sentence: &str, next: &str) -> Option<String> {
    let mut words = sentence.split_whitespace().rev();
    let last = strip_closers(words.next()?);
    let before = words.next().map(strip_openers).unwrap_or("");
    let word = strip_openers(last.strip_suffix('.')?);
    let mut next_words = next.split_whitespace().map(strip_openers);
    let first = next_words.next().unwrap_or("");
    let second = next_words.next().unwrap_or("");
    let first_char = first.chars().next()?;
    let kind = abbreviation_kind(Language::English, word);
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if kind.is_none() && !initial {
        return None;
    }
    if first_char.is_lowercase() {
        return Some("a lowercase word follows".into());
    }
    match kind {
        Some(AbbrevKind::Prefix) => return Some("a title or prefix never ends a sentence".into()),
        Some(AbbrevKind::Numeric | AbbrevKind::Month) if first_char.is_ascii_digit() => {
            return Some("a number follows".into())
        }
        Some(AbbrevKind::Time)
            if WEEKDAYS.contains(&first) || second.eq_ignore_ascii_case("time") =>
        {
            return Some("the time goes on".into())
        }
        _ => {}
    }
    let name_before = before.chars().next().is_some_and(char::is_uppercase);
    if initial && name_before && !STARTERS.contains(&first.trim_end_matches(',')) {
        return Some("a middle initial".into());
    }
    None
}

fn no_sentence_ends_at_an_abbreviation_or_initial_in_642_articles() {
    let Some(path) = lede_testdata::shared_file("cnn_dailymail_test_cased_subset/test.jsonl")
    else {
        return;
    };
    let records = lede_testdata::read_jsonl(&path);
    assert_eq!(records.len(), 642);
    let seg = Segmenter::new(Language::English);
    let mut problems = Vec::new();
    let (mut sentences, mut at_abbrev, mut over_80) = (0, 0, 0);
    for r in &records {
        let article = r["article"].as_str().expect("article");
        let s = seg.segment(article);
        assert!(
            !s.pretokenized,
            "{}: cased text read as pre-tokenized",
            r["id"]
        );
        for (i, x) in s.sentences.iter().enumerate() {
            let text = &article[x.range()];
            sentences += 1;
            let words = text.split_whitespace().count();
            if words > 80 {
                over_80 += 1;
            }
            if words > MAX_SENTENCE_WORDS {
                problems.push(format!("{} ({words} words): {text}", r["id"]));
            }
            let Some(next) = s
                .sentences
                .get(i + 1)
                .filter(|n| n.paragraph == x.paragraph)
            else {
                continue;
            };
            let next_text = &article[next.range()];
            if let Some(why) = bad_boundary(text, next_text) {
                let mut from = text.len().saturating_sub(60);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let tail = &text[from..];
                problems.push(format!("{} ({why}): ...{tail} | {next_text}", r["id"]));
            }
            let last = strip_closers(text.split_whitespace().last().unwrap_or(""));
            if let Some(w) = last.strip_suffix('.') {
                let w = strip_openers(w);
                if abbreviation_kind(Language::English, w).is_some() {
                    at_abbrev += 1;
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} bad boundaries or over-long sentences:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Sentences over 80 words are run-on captions in texts that lost their paragraph breaks;
    // they must stay rare.
    assert!(
        over_80 * 100 < sentences,
        "{over_80} of {sentences} sentences over 80 words"
    );
    eprintln!(
        "{sentences} sentences; {at_abbrev} end at an abbreviation that can end a sentence \
         (U.S., Inc., p.m. ...), none wrongly; {over_80} over 80 words"
    );
}

/// Whether a PTB token closes a quotation or bracket.
fn is_closing_token(t: &str) -> bool {
    matches!(
        t,
        "\"" | "''" | "'" | ")" | "]" | "}" | "-rrb-" | "-rsb-" | "-rcb-" | "”" | "’"
    )
}

fn pretokenized_validation_sentences_never_run_past_a_period_token() {
    let Some(path) = lede_testdata::shared_file("cnn_dailymail_tokenized/validation.jsonl") else {
        return;
    };
    let records = lede_testdata::read_jsonl(&path);
    assert_eq!(records.len(), 4368);
    let seg = Segmenter::new(Language::English);
    let mut problems = Vec::new();
    let mut sentences = 0;
    for r in &records {
        let article = r["article"].as_str().expect("article");
        let s = seg.segment(article);
        assert!(s.pretokenized, "{}: not detected as pre-tokenized", r["id"]);
        for x in &s.sentences {
            sentences += 1;
            let tokens: Vec<&str> = article[x.range()].split_whitespace().collect();
            // A token of only . ! ? inside a sentence may be followed only by closing quotes
            // and brackets; abbreviations keep their periods inside the token ("u.s.").
            for (t, tok) in tokens.iter().enumerate() {
                let end_mark = tok.chars().all(|c| matches!(c, '.' | '!' | '?'));
                if end_mark && tokens[t + 1..].iter().any(|n| !is_closing_token(n)) {
                    problems.push(format!("{}: {}", r["id"], tokens.join(" ")));
                    break;
                }
            }
            assert!(tokens.len() <= MAX_SENTENCE_WORDS, "{}", r["id"]);
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {sentences} sentences go on past a standalone period:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!("{sentences} pre-tokenized sentences checked");
}

fn raw_form_is_never_pretokenized_and_auto_agrees_on_cased_text() {
    let Some(path) = lede_testdata::shared_file("cnn_dailymail_test_cased_subset/test.jsonl")
    else {
        return;
    };
    for r in lede_testdata::read_jsonl(&path).iter().take(50) {
        let a = r["article"].as_str().expect("article");
        let auto = Segmenter::new(Language::English).segment(a);
        let raw = Segmenter::new(Language::English)
            .with_form(TextForm::Raw)
            .segment(a);
        assert_eq!(auto.sentences, raw.sentences, "{}", r["id"]);
    }
}

lede_testdata::test_main!(
    no_sentence_ends_at_an_abbreviation_or_initial_in_642_articles,
    pretokenized_validation_sentences_never_run_past_a_period_token,
    raw_form_is_never_pretokenized_and_auto_agrees_on_cased_text,
);
