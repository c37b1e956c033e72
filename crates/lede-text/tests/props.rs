//! Segmenter properties: spans ordered, disjoint, trimmed, on char and grapheme-cluster
//! boundaries, covering every non-space character; no panic on any input.

use lede_text::{is_space, Language, Segmenter, TextForm};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn check(text: &str, form: TextForm) -> Result<(), TestCaseError> {
    let seg = Segmenter::new(Language::English)
        .with_form(form)
        .segment(text);
    let mut cluster_start = vec![false; text.len() + 1];
    for (i, _) in text.grapheme_indices(true) {
        cluster_start[i] = true;
    }
    cluster_start[text.len()] = true;
    let mut covered = vec![false; text.len()];
    let mut last = 0;
    for s in &seg.sentences {
        prop_assert!(s.start < s.end && s.end <= text.len());
        prop_assert!(s.start >= last, "spans out of order or overlapping");
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        // Never inside a grapheme cluster ("e\u{301}", emoji ZWJ sequences, flags), except
        // where a combining mark or prepended character clings to white space: a span cannot
        // start or end with a space, so there the space is cut off its mark.
        let space_before = text[..s.start].ends_with(is_space);
        let space_after = text[s.end..].starts_with(is_space);
        prop_assert!(
            cluster_start[s.start] || space_before,
            "start {} inside a cluster",
            s.start
        );
        prop_assert!(
            cluster_start[s.end] || space_after,
            "end {} inside a cluster",
            s.end
        );
        let t = &text[s.range()];
        prop_assert!(!t.starts_with(is_space) && !t.ends_with(is_space));
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        last = s.end;
    }
    for (i, c) in text.char_indices() {
        if !is_space(c) {
            prop_assert!(covered[i], "non-space {:?} at {} not in any sentence", c, i);
        }
    }
    Ok(())
}

const PIECES: &[&str] = &[
    "Mr.",
    "U.S.",
    "He",
    "said",
    ".",
    "!",
    "?",
    "...",
    "…",
    "“",
    "'",
    "\"",
    "”",
    "(",
    ")",
    "\n\n",
    "\n",
    "\r\n",
    "3.5",
    "a.m.",
    "J.",
    "。",
    "e\u{301}",
    "\u{301}",
    "🇺🇸",
    "•",
    "1)",
    "2.",
    ". . .",
    "[...]",
    "p.m.",
    "Friday",
    "👩‍👩‍👧",
    "\u{feff}",
    " ",
    "--",
    "''",
    "-rrb-",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn any_string(text in any::<String>()) {
        for form in [TextForm::Auto, TextForm::Raw, TextForm::Pretokenized] {
            check(&text, form)?;
        }
    }

    #[test]
    fn tricky_pieces(parts in prop::collection::vec(prop::sample::select(PIECES), 0..200)) {
        let text = parts.join(" ");
        for form in [TextForm::Raw, TextForm::Pretokenized] {
            check(&text, form)?;
        }
        let glued = parts.concat();
        check(&glued, TextForm::Raw)?;
    }
}

/// Found by a random search: an ellipsis character followed by a spaced period and a capital
/// made the "compounds. . . . The" rule cut inside the three bytes of "…".
#[test]
fn ellipsis_character_before_a_spaced_period() {
    for text in ["“é… .”\u{feff}\"'“", "It went on… . The end", "a… . . B"] {
        check(text, TextForm::Raw).unwrap();
        check(text, TextForm::Auto).unwrap();
    }
}
