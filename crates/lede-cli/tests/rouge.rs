//! End-to-end tests of `lede rouge`: inputs (line files, pairs), modes named in the output,
//! per-document scores, the paired comparison, and bad input (a clear error, never a panic).

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

fn write(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn ok(args: &[&str]) -> String {
    let out = lede().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "lede {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn err(args: &[&str]) -> String {
    fails_with(args, 1)
}

/// A refused option value: exit 2.
fn usage_err(args: &[&str]) -> String {
    fails_with(args, 2)
}

fn fails_with(args: &[&str], code: i32) -> String {
    let out = lede().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "lede {args:?} should fail cleanly"
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.starts_with("lede: error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

const SYSTEM: &str =
    "Kerry convenes a dozen countries in Vienna.<n>Iran is invited for the first time.\n\
The bridge will close for two years.<n>A ferry will carry commuters.\n";
const REFERENCE: &str =
    "Kerry meets a dozen countries in Vienna on Syria.<n>Iran attends for the first time.\n\
The harbor bridge closes for repairs.<n>Ferries will carry the commuters.\n";
const OTHER: &str = "Officials said on Monday that talks continue.\n";

fn files(dir: &TempDir) -> (String, String, String) {
    let s = write(dir, "system.txt", SYSTEM);
    let r = write(dir, "reference.txt", REFERENCE);
    let o = write(dir, "other.txt", OTHER);
    let p = |p: PathBuf| p.to_str().unwrap().to_string();
    (p(s), p(r), p(o))
}

fn line_files_name_the_mode_and_print_every_metric() {
    let dir = TempDir::new().unwrap();
    let (s, r, _) = files(&dir);
    let out = ok(&["rouge", &s, &r]);
    assert!(out.contains("mode unicode"), "{out}");
    assert!(out.contains("2 pairs"), "{out}");
    for m in ["ROUGE-1", "ROUGE-2", "ROUGE-Lsum"] {
        assert!(out.lines().any(|l| l.starts_with(m)), "{m} missing:\n{out}");
    }
    let perl = ok(&["rouge", "--compat", "perl", "--metrics", "perl", &s, &r]);
    assert!(perl.contains("mode perl (ROUGE-1.5.5"), "{perl}");
    assert!(
        perl.contains("Porter stemmer + WordNet exceptions (-m)"),
        "{perl}"
    );
    for m in ["ROUGE-L ", "ROUGE-W-1.2", "ROUGE-SU4"] {
        assert!(perl.contains(m), "{m} missing:\n{perl}");
    }
    let rs = ok(&["rouge", "--compat", "rouge-score", "--no-stem", &s, &r]);
    assert!(
        rs.contains("mode rouge-score") && rs.contains("no stemming"),
        "{rs}"
    );
}

fn json_and_per_doc_scores() {
    let dir = TempDir::new().unwrap();
    let (s, r, _) = files(&dir);
    let per_doc = dir.path().join("per_doc.jsonl");
    let out = ok(&[
        "rouge",
        "--json",
        "--compat",
        "perl",
        "--per-doc",
        per_doc.to_str().unwrap(),
        &s,
        &r,
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["mode"], "perl");
    assert_eq!(v["pairs"], 2);
    assert_eq!(v["stem"], true);
    let f = &v["metrics"]["rouge-1"]["f"];
    let (mean, lo, hi) = (
        f["mean"].as_f64().unwrap(),
        f["ci_low"].as_f64().unwrap(),
        f["ci_high"].as_f64().unwrap(),
    );
    assert!(lo <= mean && mean <= hi && mean > 0.3, "{f}");
    let docs: Vec<Value> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], 1);
    for d in &docs {
        for m in ["rouge-1", "rouge-2", "rouge-lsum"] {
            for k in ["r", "p", "f"] {
                let x = d[m][k].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&x), "{d}");
            }
        }
    }
    // The mean of the per-document F is the reported mean (unicode mode: plain mean).
    let out = ok(&[
        "rouge",
        "--json",
        "--per-doc",
        per_doc.to_str().unwrap(),
        &s,
        &r,
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let docs: Vec<Value> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mean: f64 = docs
        .iter()
        .map(|d| d["rouge-2"]["f"].as_f64().unwrap())
        .sum::<f64>()
        / 2.0;
    assert!((v["metrics"]["rouge-2"]["f"]["mean"].as_f64().unwrap() - mean).abs() < 1e-12);
}

fn pairs_file_with_nested_fields_and_sentence_splitting() {
    let dir = TempDir::new().unwrap();
    let pairs = write(
        &dir,
        "pairs.jsonl",
        concat!(
            r#"{"id": "a", "out": {"sys": "the cat sat on the mat . it was happy ."}, "ref": "the cat sat on a mat . the cat was happy ."}"#,
            "\n",
            r#"{"id": "b", "out": {"sys": ["one sentence here ."]}, "ref": [["one sentence there ."], ["another one ."]]}"#,
            "\n"
        ),
    );
    let per_doc = dir.path().join("d.jsonl");
    let out = ok(&[
        "rouge",
        "--pairs",
        pairs.to_str().unwrap(),
        "--system-field",
        "out.sys",
        "--reference-field",
        "ref",
        "--split-sentences",
        "--json",
        "--per-doc",
        per_doc.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pairs"], 2);
    let docs: Vec<Value> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs[0]["id"], "a");
    // Split into two sentences a side, ROUGE-Lsum differs from ROUGE-L over the whole text.
    let lsum = docs[0]["rouge-lsum"]["f"].as_f64().unwrap();
    assert!(lsum > 0.6 && lsum < 1.0, "{}", docs[0]);
}

fn compare_says_which_system_is_better() {
    let dir = TempDir::new().unwrap();
    // 40 pairs: A copies the reference's first sentence, B is unrelated.
    let mut refs = String::new();
    let mut a = String::new();
    let mut b = String::new();
    for i in 0..40 {
        refs.push_str(&format!(
            "the council voted {i} times to close the bridge.<n>ferries carry {i} commuters.\n"
        ));
        a.push_str(&format!(
            "the council voted {i} times to close the bridge.\n"
        ));
        b.push_str(&format!("a storm hit the coast on day {i}.\n"));
    }
    let r = write(&dir, "r.txt", refs);
    let a = write(&dir, "a.txt", a);
    let b = write(&dir, "b.txt", b);
    let out = ok(&[
        "rouge",
        a.to_str().unwrap(),
        r.to_str().unwrap(),
        "--compare",
        b.to_str().unwrap(),
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let c = &v["compare"]["metrics"]["rouge-1"];
    assert!(c["p_value"].as_f64().unwrap() < 0.01, "{c}");
    assert_eq!(c["a_better"], true);
    // Reversed, there is no evidence.
    let out = ok(&[
        "rouge",
        b.to_str().unwrap(),
        r.to_str().unwrap(),
        "--compare",
        a.to_str().unwrap(),
    ]);
    assert!(out.contains("no evidence A is better"), "{out}");
}

fn bad_input_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let (s, r, o) = files(&dir);
    let e = err(&[
        "rouge",
        &s,
        &write(&dir, "short.txt", "one line\n").display().to_string(),
    ]);
    assert!(e.contains("has 2 lines but") && e.contains("has 1"), "{e}");
    let bad = write(&dir, "bad.txt", b"fine line\n\xff\xfe broken\n");
    let e = err(&["rouge", bad.to_str().unwrap(), &r]);
    assert!(e.contains("line 2") && e.contains("UTF-8"), "{e}");
    let e = err(&["rouge", &s, dir.path().to_str().unwrap()]);
    assert!(e.contains("is a directory"), "{e}");
    let e = err(&["rouge", &s, &r, "--compare", &o]);
    assert!(e.contains("--compare"), "{e}");
    let e = usage_err(&[
        "rouge",
        "--compat",
        "rouge-score",
        "--metrics",
        "rouge-w",
        &s,
        &r,
    ]);
    assert!(e.contains("ROUGE-W-1.2 is not part of rouge-score"), "{e}");
    let e = usage_err(&["rouge", "--metrics", "rouge-7x", &s, &r]);
    assert!(e.contains("unknown metric"), "{e}");
    let e = usage_err(&["rouge", "--alpha", "2", &s, &r]);
    assert!(e.contains("alpha"), "{e}");
    let pairs = write(
        &dir,
        "p.jsonl",
        "{\"system\": \"a b\", \"references\": [\"a b\"]}\n{\"system\": \"a",
    );
    let e = err(&["rouge", "--pairs", pairs.to_str().unwrap()]);
    assert!(e.contains("line 2") && e.contains("cut short"), "{e}");
    let pairs = write(&dir, "q.jsonl", "{\"system\": \"a b\"}\n");
    let e = err(&["rouge", "--pairs", pairs.to_str().unwrap()]);
    assert!(e.contains("no field `references`"), "{e}");
}

fn empty_references_score_zero_with_a_note() {
    let dir = TempDir::new().unwrap();
    let s = write(&dir, "s.txt", "a cat sat\nthe dog ran\n");
    let r = write(&dir, "r.txt", "a cat sat\n\n");
    let per_doc = dir.path().join("d.jsonl");
    let out = ok(&[
        "rouge",
        s.to_str().unwrap(),
        r.to_str().unwrap(),
        "--per-doc",
        per_doc.to_str().unwrap(),
    ]);
    assert!(out.contains("1 pairs have empty references"), "{out}");
    let second: Value = serde_json::from_str(
        fs::read_to_string(&per_doc)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(second["rouge-1"]["f"], 0.0);
}

/// The CNN/DailyMail test references and SimCLS's outputs: the published ROUGE-1.5.5 figures
/// are 46.67 / 22.15 / 43.54 (ROUGE-1 / 2 / L, F1).
fn simcls_outputs_reproduce_the_published_scores() {
    let Some(path) = lede_testdata::shared_file("cnn_dailymail_test_references/test.jsonl") else {
        return;
    };
    let out = ok(&[
        "rouge",
        "--pairs",
        path.to_str().unwrap(),
        "--system-field",
        "system_outputs.simcls",
        "--reference-field",
        "simcls_reference_tokenized_lower",
        "--split-sentences",
        "--compat",
        "perl",
        "--json",
        "--resamples",
        "100",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pairs"], 11490);
    for (metric, published) in [
        ("rouge-1", 0.4667),
        ("rouge-2", 0.2215),
        ("rouge-lsum", 0.4354),
    ] {
        let f = v["metrics"][metric]["f"]["mean"].as_f64().unwrap();
        assert!(
            (f - published).abs() < 0.0005,
            "{metric}: {f} vs published {published}"
        );
    }
}

lede_testdata::test_main!(
    line_files_name_the_mode_and_print_every_metric,
    json_and_per_doc_scores,
    pairs_file_with_nested_fields_and_sentence_splitting,
    compare_says_which_system_is_better,
    bad_input_is_a_clear_error,
    empty_references_score_zero_with_a_note,
    simcls_outputs_reproduce_the_published_scores,
);
