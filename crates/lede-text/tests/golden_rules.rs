//! The English "Golden Rules" of sentence segmentation (Pragmatic Segmenter, as used by pySBD's
//! benchmark and tests), read from the shared data. Segments are compared after trimming, as
//! pySBD compares them.

use lede_text::{Language, Segmenter, TextForm};

/// Cases of `test_english.jsonl` (by `index`) that are expected to fail, each with the reason.
/// Empty: every case passes. A case listed here that starts passing fails the test, so the list
/// stays honest.
const EXPECTED_FAILURES: &[(u64, &str)] = &[];

fn split(text: &str) -> Vec<String> {
    let seg = Segmenter::new(Language::English)
        .with_form(TextForm::Raw)
        .segment(text);
    seg.sentences
        .iter()
        .map(|s| text[s.range()].trim().to_string())
        .collect()
}

fn expected(v: &serde_json::Value) -> Vec<String> {
    v["expected"]
        .as_array()
        .expect("`expected` is a list")
        .iter()
        .map(|s| s.as_str().expect("sentence").trim().to_string())
        .collect()
}

fn run(file: &str, id_field: &str) -> Option<(usize, Vec<(u64, String)>)> {
    let path = lede_testdata::shared_file(&format!("pysbd_golden_rules_en/{file}"))?;
    let cases = lede_testdata::read_jsonl(&path);
    let mut failures = Vec::new();
    for c in &cases {
        let id = c[id_field].as_u64().expect("case id");
        let text = c["text"].as_str().expect("text");
        let got = split(text);
        let want = expected(c);
        if got != want {
            failures.push((
                id,
                format!("{id}: {text:?}\n  want {want:?}\n  got  {got:?}"),
            ));
        }
    }
    Some((cases.len(), failures))
}

#[test]
fn all_48_benchmark_rules_pass() {
    let Some((n, failures)) = run("benchmark.jsonl", "rule") else {
        return;
    };
    assert_eq!(n, 48);
    let msgs: Vec<&str> = failures.iter().map(|f| f.1.as_str()).collect();
    assert!(
        failures.is_empty(),
        "{} of {n} golden rules fail:\n{}",
        failures.len(),
        msgs.join("\n")
    );
    eprintln!("{n} of {n} golden rules pass");
}

#[test]
fn test_english_cases_pass_or_are_listed_with_a_reason() {
    let Some((n, failures)) = run("test_english.jsonl", "index") else {
        return;
    };
    assert_eq!(n, 48);
    let unexpected: Vec<&str> = failures
        .iter()
        .filter(|(id, _)| !EXPECTED_FAILURES.iter().any(|(x, _)| x == id))
        .map(|f| f.1.as_str())
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} unexpected failures:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    let now_passing: Vec<u64> = EXPECTED_FAILURES
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !failures.iter().any(|(x, _)| x == id))
        .collect();
    assert!(
        now_passing.is_empty(),
        "listed as failing but pass now (remove them from EXPECTED_FAILURES): {now_passing:?}"
    );
    eprintln!(
        "{} of {n} test_english cases pass; {} documented failures",
        n - failures.len(),
        failures.len()
    );
}
