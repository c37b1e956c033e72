//! Checks on real articles from the shared datasets (skipped with a message when the data is
//! absent; fails instead under LEDE_REQUIRE_SHARED=1).

use lede::{Budget, Method, Options, Summarizer};

/// Agency tags that open CNN/DailyMail stories.
const AGENCIES: &[&str] = &[
    "CNN",
    "Reuters",
    "AP",
    "AFP",
    "The Hollywood Reporter",
    "Billboard",
    "HLNtv",
    "HLN",
    "EW.com",
    "CNNMoney",
    "Mashable",
    "WIRED",
    "Wired",
    "CNET",
    "Time.com",
    "Rolling Stone",
];

const BOILERPLATE: &[&str] = &[
    "Scroll down",
    "scroll down for",
    "Click here",
    "click here",
    "PUBLISHED:",
    "UPDATED:",
    "Last updated",
    "contributed to this report",
    "©",
    "ll rights reserved",
    "LL RIGHTS RESERVED",
    "Follow @",
    "Daily Mail Reporter",
];

/// Why `h` is not an acceptable highlight, judged from its text alone.
fn defect(h: &str) -> Option<String> {
    for a in AGENCIES {
        let tag = format!("({a})");
        if let Some(at) = h.find(&tag) {
            if at < 100 {
                return Some(format!("dateline {tag}"));
            }
        }
    }
    if h.starts_with("By ") && h.split_whitespace().count() <= 10 && !h.contains(',') {
        return Some("byline".into());
    }
    if h.starts_with("By .") || h.starts_with("By:") {
        return Some("byline".into());
    }
    for b in BOILERPLATE {
        if h.contains(b) {
            return Some(format!("boilerplate `{b}`"));
        }
    }
    None
}

fn lead_never_returns_datelines_bylines_or_boilerplate_on_642_raw_articles() {
    let Some(path) = lede_testdata::shared_file("cnn_dailymail_test_cased_subset/test.jsonl")
    else {
        return;
    };
    let records = lede_testdata::read_jsonl(&path);
    assert_eq!(records.len(), 642);
    let mut checked = 0;
    let mut problems = Vec::new();
    for n in [3, 10] {
        let s = Summarizer::new(Options {
            method: Method::Lead,
            budget: Budget::Sentences(n),
            ..Default::default()
        })
        .unwrap();
        for r in &records {
            let article = r["article"].as_str().unwrap();
            let h = s.summarize(article).unwrap();
            assert!(!h.highlights.is_empty(), "{}: no highlights", r["id"]);
            for x in &h.highlights {
                assert_eq!(&article[x.start..x.end], x.text);
                checked += 1;
                if let Some(d) = defect(&x.text) {
                    problems.push(format!("{} ({d}): {}", r["id"], x.text));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {checked} lead highlights are not story text:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!("checked {checked} lead highlights");
}

fn every_method_gives_highlights_with_exact_spans_on_raw_articles() {
    let Some(path) = lede_testdata::shared_file("cnn_dailymail_test_cased_subset/test.jsonl")
    else {
        return;
    };
    let records = lede_testdata::read_jsonl(&path);
    for method in Method::ALL {
        let s = Summarizer::new(Options {
            method,
            ..Default::default()
        })
        .unwrap();
        for r in &records {
            let article = r["article"].as_str().unwrap();
            let h = s.summarize(article).unwrap();
            // Trigram blocking may leave fewer than 3 in a short article; lead never blocks.
            let n = h.highlights.len();
            assert!((1..=3).contains(&n), "{method} {}: {n}", r["id"]);
            if method == Method::Lead {
                assert_eq!(n, 3, "{}", r["id"]);
            }
            for x in &h.highlights {
                // The whole sentence, or (a leading connective cut) its spans.
                assert!(x.is_faithful_to(article), "{x:?}");
                if x.spans == [(x.start, x.end)] {
                    assert_eq!(&article[x.start..x.end], x.text);
                }
                assert!(
                    defect(&x.text).is_none(),
                    "{method} {}: {}",
                    r["id"],
                    x.text
                );
            }
        }
    }
}

fn pretokenized_validation_articles_are_detected_and_lead_skips_the_dateline() {
    let Some(path) = lede_testdata::shared_file("cnn_dailymail_tokenized/validation.jsonl") else {
        return;
    };
    let records = lede_testdata::read_jsonl(&path);
    assert_eq!(records.len(), 4368);
    let s = Summarizer::new(Options {
        method: Method::Lead,
        ..Default::default()
    })
    .unwrap();
    let mut detected = 0;
    for r in &records {
        let article = r["article"].as_str().unwrap();
        let h = s.summarize(article).unwrap();
        if h.pretokenized {
            detected += 1;
        }
        for x in &h.highlights {
            assert!(!x.text.contains("( cnn )"), "{}: {}", r["id"], x.text);
        }
    }
    assert_eq!(
        detected,
        records.len(),
        "pre-tokenized text not detected everywhere"
    );
}

lede_testdata::test_main!(
    lead_never_returns_datelines_bylines_or_boilerplate_on_642_raw_articles,
    every_method_gives_highlights_with_exact_spans_on_raw_articles,
    pretokenized_validation_articles_are_detected_and_lead_skips_the_dateline,
);
