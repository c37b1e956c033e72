//! Property tests: `summarize` never panics, and every highlight's span lies on `char`
//! boundaries inside the input with the highlight text equal to the input at that span.

use lede::{Budget, Method, Options, Redundancy, Summarizer, TextForm};
use proptest::prelude::*;

/// Pieces that exercise the segmenter and the news clean-up.
const PIECES: &[&str] = &[
    "The",
    "council",
    "voted",
    "on",
    "Tuesday",
    "U.S.",
    "Mr.",
    "Gen.",
    "a.m.",
    "J.",
    "No.",
    "3.5",
    "$8.5",
    "million",
    ".",
    ",",
    "!",
    "?",
    "...",
    "…",
    "\"",
    "“",
    "”",
    "'",
    "’",
    "(CNN)",
    "(",
    ")",
    "--",
    "—",
    "By",
    "PUBLISHED:",
    "UPDATED:",
    "Scroll down for video",
    "Click here",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "\u{feff}",
    "\u{200b}",
    "\u{a0}",
    "。",
    "！",
    "市长",
    "Москва",
    "Zoë",
    "e\u{301}",
    "👩‍👩‍👧",
    "🇫🇷",
    "\u{202e}",
    "ﷺ",
    "नमस्ते",
    "@highlight",
    "Washington",
    "LONDON",
    "-",
    "http://example.com/a.b",
    "i.e.",
    "e.g.",
    "St.",
    "Inc.",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..120,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i % 3 != 2 {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

fn options() -> impl Strategy<Value = Options> {
    let method = prop::sample::select(Method::ALL.to_vec());
    let budget = prop_oneof![
        Just(Budget::Auto),
        (1usize..6).prop_map(Budget::Sentences),
        (1usize..80).prop_map(Budget::Words),
        (1usize..400).prop_map(Budget::Chars),
        (0.01f64..=1.0).prop_map(Budget::Ratio),
    ];
    let redundancy = prop_oneof![
        Just(None),
        Just(Some(Redundancy::None)),
        Just(Some(Redundancy::Trigram)),
        Just(Some(Redundancy::Novelty)),
        (0.0f64..=1.0).prop_map(|lambda| Some(Redundancy::Mmr { lambda })),
    ];
    let form = prop::sample::select(vec![TextForm::Auto, TextForm::Raw, TextForm::Pretokenized]);
    (method, budget, redundancy, form).prop_map(|(method, budget, redundancy, form)| Options {
        method,
        budget,
        redundancy,
        form,
        ..Default::default()
    })
}

fn check(text: &str, options: Options) -> Result<(), TestCaseError> {
    let s = Summarizer::new(options).expect("valid options");
    match s.summarize(text) {
        Err(lede::Error::EmptyInput) => {
            prop_assert!(text.chars().all(lede_text::is_space));
        }
        Err(e) => return Err(TestCaseError::fail(format!("unexpected error {e}"))),
        Ok(h) => {
            let mut last_end = 0;
            let mut words = 0;
            for x in &h.highlights {
                prop_assert!(x.start < x.end && x.end <= text.len());
                prop_assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
                prop_assert_eq!(&text[x.start..x.end], x.text.as_str());
                prop_assert!(
                    x.start >= last_end,
                    "highlights overlap or are out of order"
                );
                prop_assert!(x.score.is_finite());
                last_end = x.end;
                words += s
                    .document(&x.text)
                    .sentences
                    .iter()
                    .map(|s| s.words.len())
                    .sum::<usize>();
            }
            match options.budget {
                Budget::Auto => prop_assert!(
                    matches!(h.budget, Budget::Sentences(2 | 3)) && h.highlights.len() <= 3
                ),
                Budget::Sentences(n) => prop_assert!(h.highlights.len() <= n),
                Budget::Chars(n) => {
                    prop_assert!(
                        h.highlights
                            .iter()
                            .map(|x| x.text.chars().count())
                            .sum::<usize>()
                            <= n
                    )
                }
                Budget::Words(n) => prop_assert!(words <= n || h.highlights.len() <= 1),
                Budget::Ratio(_) => {}
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings(text in any::<String>(), options in options()) {
        check(&text, options)?;
    }

    #[test]
    fn news_like_strings(text in news_like(), options in options()) {
        check(&text, options)?;
    }
}

#[test]
fn pathological_inputs_finish() {
    let cases = [
        "".to_string(),
        " \n\t\r\u{feff}".to_string(),
        ".".repeat(10_000),
        "a. ".repeat(20_000),
        "(".repeat(5_000),
        "word ".repeat(50_000),
        "\u{301}".repeat(10_000),
        "U.S. ".repeat(10_000),
        "\n".repeat(10_000) + "x",
    ];
    for text in cases {
        for method in Method::ALL {
            let s = Summarizer::new(Options {
                method,
                ..Default::default()
            })
            .unwrap();
            if let Ok(h) = s.summarize(&text) {
                for x in &h.highlights {
                    assert_eq!(&text[x.start..x.end], x.text);
                }
            }
        }
    }
}
