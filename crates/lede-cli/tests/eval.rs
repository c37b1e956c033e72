//! End-to-end tests of `lede eval`, `lede oracle` and `lede stats`: the published Lead-3 and
//! oracle figures on the CNN/DailyMail validation split, reproducible tables, the HTML report in
//! a headless browser, and bad datasets (a clear error naming the line, or a counted skip).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = lede().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn ok(args: &[&str]) -> String {
    let (success, stdout, stderr) = run(args);
    assert!(success, "lede {args:?} failed: {stderr}");
    stdout
}

fn err(args: &[&str]) -> String {
    let out = lede().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "lede {args:?} should fail cleanly"
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.contains("lede: error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

mod common;
use common::ARTICLES;

fn dataset(dir: &TempDir) -> PathBuf {
    let mut text = String::new();
    for (i, (article, reference)) in ARTICLES.iter().enumerate() {
        let rec = serde_json::json!({"id": format!("doc-{i}"), "article": article, "highlights": [reference]});
        text.push_str(&rec.to_string());
        text.push('\n');
    }
    let p = dir.path().join("data.jsonl");
    fs::write(&p, text).unwrap();
    p
}

fn eval_prints_a_table_json_and_per_document_scores() {
    let dir = TempDir::new().unwrap();
    let data = dataset(&dir);
    let table = ok(&[
        "eval",
        s(&data),
        "-m",
        "lead,textrank",
        "-m",
        "oracle",
        "--no-timings",
    ]);
    assert!(table.contains("lede eval: 3 documents"), "{table}");
    assert!(table.contains("mode perl"), "the mode is named: {table}");
    for m in [
        "lead",
        "textrank",
        "oracle",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-Lsum",
        "against lead",
    ] {
        assert!(table.contains(m), "{m} missing: {table}");
    }
    assert!(!table.contains("art/s"), "{table}");

    let per_doc = dir.path().join("per-doc.jsonl");
    let json: Value = serde_json::from_str(&ok(&[
        "eval",
        s(&data),
        "-m",
        "lead,oracle",
        "--json",
        "--per-doc",
        s(&per_doc),
    ]))
    .unwrap();
    assert_eq!(json["documents"], 3);
    assert_eq!(json["order"], serde_json::json!(["lead", "oracle"]));
    let lead = json["methods"]["lead"]["rouge-1"]["f"].as_f64().unwrap();
    let oracle = json["methods"]["oracle"]["rouge-1"]["f"].as_f64().unwrap();
    assert!(oracle >= lead && lead > 0.0, "{json}");
    let ci_low = json["methods"]["oracle"]["rouge-1"]["ci_low"]
        .as_f64()
        .unwrap();
    assert!(ci_low <= oracle, "{json}");
    assert!(
        json["methods"]["oracle"]["versus"]["rouge-2"]["p_value"]
            .as_f64()
            .unwrap()
            <= 1.0
    );
    assert!(
        json["methods"]["lead"]["articles_per_second_per_core"]
            .as_f64()
            .unwrap()
            > 0.0
    );

    let rows: Vec<Value> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["id"], "doc-1");
    assert_eq!(
        rows[0]["systems"]["lead"]["selected"],
        serde_json::json!([0, 1, 2])
    );
    let hl = rows[0]["systems"]["lead"]["highlights"][0]
        .as_str()
        .unwrap();
    assert!(ARTICLES[0].0.starts_with(hl), "{hl}");
    assert!(
        rows[0]["systems"]["oracle"]["rouge"]["rouge-1"]["f"]
            .as_f64()
            .unwrap()
            > 0.5
    );
}

fn oracle_labels_and_stats() {
    let dir = TempDir::new().unwrap();
    let data = dataset(&dir);
    let out = dir.path().join("labels.jsonl");
    let (success, _, stderr) = run(&["oracle", s(&data), "-o", s(&out)]);
    assert!(success, "{stderr}");
    assert!(
        stderr.contains("oracle"),
        "the upper bound is printed: {stderr}"
    );
    let text = fs::read_to_string(&out).unwrap();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    // The record is kept, field order included, with the labels added.
    assert!(text.starts_with("{\"article\":\"Police"), "{text}");
    assert!(text.contains("\"id\":\"doc-0\",\"oracle\":{"), "{text}");
    let labels = first["oracle"]["labels"].as_array().unwrap();
    let sentences = first["oracle"]["sentences"].as_array().unwrap();
    assert_eq!(labels.len(), sentences.len());
    assert_eq!(labels.len(), 5);
    assert_eq!(first["oracle"]["selected"], serde_json::json!([0]));
    assert_eq!(labels[0], 1);

    let table = ok(&["stats", s(&data)]);
    assert!(table.starts_with("3 documents"), "{table}");
    assert!(table.contains("extractive fragment coverage"), "{table}");
    let json: Value = serde_json::from_str(&ok(&["stats", s(&data), "--json"])).unwrap();
    assert_eq!(json["documents"], 3);
    let article_words = &json["rows"][0];
    assert_eq!(article_words[0], "article words");
    assert!(article_words[1]["mean"].as_f64().unwrap() > 30.0);
}

fn bad_datasets_name_the_line_or_are_counted_with_skip_bad() {
    let dir = TempDir::new().unwrap();
    let good = serde_json::json!({"article": ARTICLES[0].0, "highlights": [ARTICLES[0].1]});
    let write = |name: &str, lines: &[String]| {
        let p = dir.path().join(name);
        fs::write(&p, lines.join("\n") + "\n").unwrap();
        p
    };
    let no_article = write(
        "no-article.jsonl",
        &[
            good.to_string(),
            r#"{"text": "x", "highlights": ["y"]}"#.into(),
        ],
    );
    let e = err(&["eval", s(&no_article), "-m", "lead"]);
    assert!(
        e.contains("line 2") && e.contains("no field `article`") && e.contains("text"),
        "{e}"
    );

    let no_ref = write(
        "no-ref.jsonl",
        &[r#"{"article": "A sentence here."}"#.to_string()],
    );
    let e = err(&["eval", s(&no_ref), "-m", "lead"]);
    assert!(
        e.contains("line 1") && e.contains("no field `highlights`"),
        "{e}"
    );

    let empty_ref = write(
        "empty-ref.jsonl",
        &[
            good.to_string(),
            r#"{"article": "A sentence here.", "highlights": []}"#.into(),
        ],
    );
    let e = err(&["eval", s(&empty_ref), "-m", "lead"]);
    assert!(
        e.contains("line 2") && e.contains("reference is empty"),
        "{e}"
    );

    let text = write("plain.txt", &["Just an article, not JSONL.".into()]);
    let e = err(&["eval", s(&text)]);
    assert!(e.contains("line 1") && e.contains("JSONL"), "{e}");

    let cut = dir.path().join("cut.jsonl");
    fs::write(&cut, format!("{good}\n{{\"article\": \"abc")).unwrap();
    let e = err(&["stats", s(&cut)]);
    assert!(e.contains("line 2") && e.contains("cut short"), "{e}");

    // --skip-bad: counted, printed with the table, never silently dropped.
    let mixed = write(
        "mixed.jsonl",
        &[
            good.to_string(),
            "not json".into(),
            r#"{"article": "A sentence here.", "highlights": ""}"#.into(),
            good.to_string(),
        ],
    );
    let (success, table, stderr) = run(&[
        "eval",
        s(&mixed),
        "-m",
        "lead",
        "--skip-bad",
        "--no-timings",
    ]);
    assert!(success, "{stderr}");
    assert!(
        table.contains("2 documents, 2 bad records skipped"),
        "{table}"
    );
    assert!(
        stderr.contains("line 2") && stderr.contains("line 3"),
        "{stderr}"
    );

    let e = err(&["eval", s(&mixed), "-m", "lead,bogus"]);
    assert!(
        e.contains("unknown method `bogus`") && e.contains("textrank"),
        "{e}"
    );
    let e = err(&["eval", s(&mixed), "-m", "lead,lead"]);
    assert!(e.contains("listed twice"), "{e}");
    let e = err(&["eval", &dir.path().join("absent.jsonl").to_string_lossy()]);
    assert!(e.contains("cannot open"), "{e}");
}

/// Acceptance on the shared CNN/DailyMail validation split (4,368 articles): Lead-3 within 0.3
/// ROUGE-1 of the Perl script's 39.99, the greedy oracle above 50, the paired test reported, the
/// table the same byte for byte on a second run, and the report small and drawn in a browser.
fn validation_split_figures_reproducible_table_and_report() {
    let Some(data) = lede_testdata::shared_file("cnn_dailymail_tokenized/validation.jsonl") else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let report = dir.path().join("report.html");
    let args = [
        "eval",
        s(&data),
        "-m",
        "lead,textrank,oracle",
        "--no-timings",
        "-q",
    ];
    let mut with_report = args.to_vec();
    with_report.extend(["--report", s(&report)]);
    let first = ok(&with_report);
    let second = ok(&args);
    assert_eq!(first, second, "the table is reproducible byte for byte");
    eprintln!("{first}");

    let row = |name: &str| -> Vec<f64> {
        let line = first
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name} row: {first}"));
        line.split_whitespace()
            .skip(1)
            .step_by(2)
            .take(3)
            .map(|x| x.parse().unwrap())
            .collect()
    };
    let lead = row("lead");
    assert!((lead[0] - 39.99).abs() <= 0.3, "Lead-3 ROUGE-1 {lead:?}");
    assert!((lead[1] - 17.38).abs() <= 0.3, "Lead-3 ROUGE-2 {lead:?}");
    assert!((lead[2] - 36.27).abs() <= 0.3, "Lead-3 ROUGE-L {lead:?}");
    let oracle = row("oracle");
    assert!(oracle[0] > 50.0, "oracle ROUGE-1 {oracle:?}");
    let paired = first
        .lines()
        .find(|l| l.starts_with("textrank ") && l.contains(", p "))
        .expect("the paired test of textrank against lead");
    assert!(paired.contains("better"), "{paired}");

    let size = fs::metadata(&report).unwrap().len();
    assert!(size < 5_000_000, "report is {size} bytes");
    let Some(browser) = lede_testdata::browser() else {
        return;
    };
    let out = Std::new("node")
        .arg(browser.e2e.join("report.test.mjs"))
        .env("REPORT", &report)
        .env("CHROMIUM", &browser.chromium)
        .env(
            "SCREENSHOT_DIR",
            lede_testdata::repo_root().join("target/e2e"),
        )
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("report test passed"),
        "report test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{stdout}");
}

/// The learned default against Lead-3, at the bars of the issue that set them: on the
/// validation split at least +2.6 ROUGE-1, +1.3 ROUGE-2 and +2.5 ROUGE-L with p < 0.01 on each,
/// at 72 words or fewer per article; on the raw, cased test subset at least +1.8 ROUGE-1 with
/// p < 0.01 (the model was trained on lowercased, tokenized text only).
fn learned_default_beats_lead3_on_validation_and_raw_text() {
    let Some(val) = lede_testdata::shared_file("cnn_dailymail_tokenized/validation.jsonl") else {
        return;
    };
    let Some(raw) = lede_testdata::shared_file("cnn_dailymail_test_cased_subset/test.jsonl") else {
        return;
    };
    let eval = |data: &Path| -> Value {
        serde_json::from_str(&ok(&[
            "eval",
            s(data),
            "-m",
            "lead,learned",
            "--json",
            "--no-timings",
            "-q",
        ]))
        .unwrap()
    };
    let margin = |v: &Value, metric: &str, gain: f64, name: &str| {
        let f = |m: &str| v["methods"][m][metric]["f"].as_f64().unwrap() * 100.0;
        let (lead, learned) = (f("lead"), f("learned"));
        let p = v["methods"]["learned"]["versus"][metric]["p_value"]
            .as_f64()
            .unwrap();
        eprintln!("{name} {metric}: lead {lead:.2}, learned {learned:.2}, p = {p}");
        assert!(
            learned >= lead + gain,
            "{name} {metric}: learned {learned:.2}, lead {lead:.2}"
        );
        assert!(p < 0.01, "{name} {metric}: p = {p}");
    };
    let v = eval(&val);
    for (metric, gain) in [("rouge-1", 2.6), ("rouge-2", 1.3), ("rouge-lsum", 2.5)] {
        margin(&v, metric, gain, "validation");
    }
    let words = v["methods"]["learned"]["words"].as_f64().unwrap();
    assert!(words <= 72.0, "validation: {words} words per article");
    margin(&eval(&raw), "rouge-1", 1.8, "raw subset");
}

lede_testdata::test_main!(
    eval_prints_a_table_json_and_per_document_scores,
    oracle_labels_and_stats,
    bad_datasets_name_the_line_or_are_counted_with_skip_bad,
    validation_split_figures_reproducible_table_and_report,
    learned_default_beats_lead3_on_validation_and_raw_text,
);
