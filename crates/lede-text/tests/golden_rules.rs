//! The English "Golden Rules" of sentence segmentation (Pragmatic Segmenter, as used by pySBD's
//! benchmark and tests), read from the shared data. Segments are compared after trimming, as
//! pySBD compares them.
//!
//! Run by libtest-mimic (`harness = false`): without the shared data each test is reported as
//! ignored, with the file it needs, rather than passed; with `LEDE_REQUIRE_SHARED=1` it fails.

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use lede_text::{Language, Segmenter, TextForm};

fn main() {
    let args = Arguments::from_args();
    let tests = vec![
        Trial::ignorable_test("all_48_benchmark_rules_pass", all_48_benchmark_rules_pass),
        Trial::ignorable_test(
            "test_english_cases_pass_or_are_listed_with_a_reason",
            test_english_cases_pass_or_are_listed_with_a_reason,
        ),
    ];
    libtest_mimic::run(&args, tests).exit();
}

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

/// The number of cases of `file` and the failures; `Err` says which data is missing.
fn run(file: &str, id_field: &str) -> Result<(usize, Vec<(u64, String)>), String> {
    let path = lede_testdata::find_shared(&format!("pysbd_golden_rules_en/{file}"))?;
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
    Ok((cases.len(), failures))
}

fn all_48_benchmark_rules_pass() -> Result<Completion, Failed> {
    let (n, failures) = match run("benchmark.jsonl", "rule") {
        Ok(r) => r,
        Err(reason) => return Ok(Completion::ignored_with(reason)),
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
    Ok(Completion::Completed)
}

fn test_english_cases_pass_or_are_listed_with_a_reason() -> Result<Completion, Failed> {
    let (n, failures) = match run("test_english.jsonl", "index") {
        Ok(r) => r,
        Err(reason) => return Ok(Completion::ignored_with(reason)),
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
    Ok(Completion::Completed)
}
