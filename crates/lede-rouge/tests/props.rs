//! Properties of ROUGE that hold for any input: scores in [0, 1], no panic on any text, recall
//! of (A, B) is precision of (B, A), identical summaries score 1, and the LCS measures never
//! exceed ROUGE-1.

use lede_rouge::{Config, Limit, Metric, Mode, Rouge};
use proptest::prelude::*;

fn rouge(mode: Mode, stem: bool, limit: Option<Limit>) -> Rouge {
    let metrics = if mode == Mode::RougeScore {
        vec![Metric::N(1), Metric::N(2), Metric::L, Metric::Lsum]
    } else {
        vec![
            Metric::N(1),
            Metric::N(2),
            Metric::L,
            Metric::Lsum,
            Metric::W(1.2),
            Metric::S {
                skip: Some(4),
                unigrams: true,
            },
            Metric::S {
                skip: None,
                unigrams: false,
            },
        ]
    };
    Rouge::new(Config {
        mode,
        metrics,
        stem,
        limit: if mode == Mode::RougeScore {
            None
        } else {
            limit
        },
        ..Config::default()
    })
    .unwrap()
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![
        Just(Mode::Perl),
        Just(Mode::RougeScore),
        Just(Mode::Unicode)
    ]
}

/// Sentences from a small vocabulary (so that words repeat and match), with punctuation,
/// case and non-ASCII words mixed in.
fn summary() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        Just("the"),
        Just("The"),
        Just("cat"),
        Just("cats"),
        Just("sat"),
        Just("running"),
        Just("ran"),
        Just("mat,"),
        Just("U.S."),
        Just("état"),
        Just("мир"),
        Just("東京"),
        Just("well-known"),
        Just("$5"),
        Just("a"),
    ];
    prop::collection::vec(prop::collection::vec(word, 0..12), 0..4).prop_map(|sents| {
        sents
            .into_iter()
            .map(|w| w.join(" "))
            .collect::<Vec<String>>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_are_between_zero_and_one(m in mode(), stem: bool, a in summary(), b in summary(), c in summary()) {
        let r = rouge(m, stem, None);
        for s in r.score(&a, &[b.clone(), c.clone()]).unwrap() {
            for x in [s.recall, s.precision, s.f] {
                prop_assert!((0.0..=1.0).contains(&x), "{s:?}");
            }
        }
    }

    #[test]
    fn any_text_is_scored_without_panic(m in mode(), a in ".{0,200}", b in ".{0,200}", words in 1usize..50) {
        let r = rouge(m, true, Some(Limit::Words(words)));
        prop_assert!(r.score(&[a.as_str()], &[vec![b.as_str()]]).is_ok());
        let r = rouge(m, false, Some(Limit::Bytes(words)));
        prop_assert!(r.score(&[a.as_str()], &[vec![b.as_str()]]).is_ok());
    }

    #[test]
    fn recall_of_a_b_is_precision_of_b_a(stem: bool, a in summary(), b in summary()) {
        // Unicode mode (no rounding); ROUGE-W is left out: its model length is weighted twice.
        let r = Rouge::new(Config {
            mode: Mode::Unicode,
            metrics: vec![Metric::N(1), Metric::N(2), Metric::L, Metric::S { skip: Some(4), unigrams: true }],
            stem,
            ..Config::default()
        })
        .unwrap();
        let ab = r.score(&a, std::slice::from_ref(&b)).unwrap();
        let ba = r.score(&b, std::slice::from_ref(&a)).unwrap();
        for (x, y) in ab.iter().zip(&ba) {
            prop_assert!((x.recall - y.precision).abs() < 1e-12, "{x:?} {y:?}");
        }
    }

    #[test]
    fn identical_summaries_score_one_and_lcs_stays_below_unigrams(m in mode(), a in summary(), b in summary()) {
        let r = rouge(m, true, None);
        let same = r.score(&a, std::slice::from_ref(&a)).unwrap();
        let has_words = same[0].recall > 0.0;
        if has_words {
            for (i, s) in same.iter().enumerate().take(4) {
                if i == 1 && same[1].recall == 0.0 {
                    continue; // a one-word summary has no bigram
                }
                prop_assert!((s.f - 1.0).abs() < 1e-9, "{i}: {s:?}");
            }
        }
        let s = r.score(&a, &[b]).unwrap();
        // ROUGE-L and ROUGE-Lsum hits are at most the unigram hits.
        prop_assert!(s[2].recall <= s[0].recall + 1e-9);
        prop_assert!(s[3].recall <= s[0].recall + 1e-9);
    }
}
