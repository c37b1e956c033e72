//! What the commands say about themselves: each names itself, verdicts say which metrics,
//! p-values have one format, JSON documents are printed alike, and the help promises only
//! what the command does.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

/// Runs `lede args` with `stdin`; returns (success, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (bool, String, String) {
    let out = lede().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn ok(args: &[&str]) -> String {
    let (success, stdout, stderr) = run(args, "");
    assert!(success, "lede {args:?} failed: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stdout
}

mod common;
use common::ARTICLES;

fn dataset(dir: &TempDir) -> String {
    let mut text = String::new();
    for (i, (article, reference)) in ARTICLES.iter().enumerate() {
        let rec = serde_json::json!({"id": format!("doc-{i}"), "article": article, "highlights": [reference]});
        text.push_str(&format!("{rec}\n"));
    }
    let p = dir.path().join("data.jsonl");
    fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn oracle_names_itself() {
    let dir = TempDir::new().unwrap();
    let data = dataset(&dir);
    let out = dir.path().join("labels.jsonl");
    let (success, _, stderr) = run(&["oracle", &data, "-o", out.to_str().unwrap()], "");
    assert!(success, "{stderr}");
    assert!(stderr.starts_with("lede oracle: 3 documents"), "{stderr}");
    assert!(!stderr.contains("lede eval"), "{stderr}");
}

/// The paired-test verdict says which metrics are better, never a bare "not better on every
/// metric" (which reads as worse everywhere); its p-values have the format of the HTML report.
#[test]
fn eval_verdict_names_metrics_and_p_values_have_one_format() {
    let dir = TempDir::new().unwrap();
    let data = dataset(&dir);
    let report = dir.path().join("report.html");
    let table = ok(&[
        "eval",
        &data,
        "-m",
        "lead,textrank,oracle",
        "--no-timings",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(!table.contains("not better on every metric"), "{table}");
    assert!(!table.contains("p="), "{table}");
    let json: Value = serde_json::from_str(&ok(&[
        "eval",
        &data,
        "-m",
        "lead,textrank,oracle",
        "--json",
    ]))
    .unwrap();
    let html = fs::read_to_string(&report).unwrap();
    for method in ["textrank", "oracle"] {
        let line = table
            .lines()
            .find(|l| l.starts_with(method) && l.contains(", p "))
            .unwrap_or_else(|| panic!("no paired test for {method}: {table}"));
        let versus = &json["methods"][method]["versus"];
        let mut better = Vec::new();
        let mut not = Vec::new();
        for metric in ["ROUGE-1", "ROUGE-2", "ROUGE-Lsum"] {
            let c = &versus[metric.to_ascii_lowercase()];
            let (d, p) = (
                c["difference"].as_f64().unwrap(),
                c["p_value"].as_f64().unwrap(),
            );
            let p_text = if p < 0.001 {
                "p < 0.001".to_string()
            } else {
                format!("p = {p:.3}")
            };
            let cell = format!("{:+.2}, {p_text}", d * 100.0);
            assert!(line.contains(&cell), "{cell:?} not in {line:?}");
            if metric == "ROUGE-1" {
                // The report's column (the first metric) has the same text.
                assert!(html.contains(&cell), "{cell:?} not in the report");
            }
            if d > 0.0 && p < 0.05 {
                better.push(metric);
            } else {
                not.push(metric);
            }
        }
        let verdict = match (better.is_empty(), not.is_empty()) {
            (_, true) => "better on every metric (p < 0.05)".to_string(),
            (true, false) => "better on no metric (p < 0.05)".to_string(),
            _ => format!(
                "better on {} (p < 0.05); not on {}",
                better.join(", "),
                not.join(", ")
            ),
        };
        assert!(line.ends_with(&verdict), "{verdict:?} vs {line:?}");
    }
}

#[test]
fn rouge_compare_prints_p_values_in_the_same_format() {
    let dir = TempDir::new().unwrap();
    let w = |name: &str, text: &str| {
        let p: PathBuf = dir.path().join(name);
        fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let sys = w(
        "sys.txt",
        "The bridge will close.\nA storm cut power.\nTalks go on.\n",
    );
    let reference = w(
        "ref.txt",
        "The bridge closes for repairs.\nStorm cuts power.\nTalks go on, officials say.\n",
    );
    let other = w(
        "other.txt",
        "Officials met.\nIt rained.\nNothing changed.\n",
    );
    let out = ok(&["rouge", &sys, &reference, "--compare", &other]);
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("ROUGE-")).collect();
    let compared: Vec<&&str> = rows.iter().filter(|l| l.contains("better")).collect();
    assert!(!compared.is_empty(), "{out}");
    for l in compared {
        assert!(l.contains(" p < 0.001 ") || l.contains(" p = "), "{l}");
    }
}

#[test]
fn segment_and_summarize_print_json_documents_alike() {
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/harbor-bridge.txt"
    );
    for args in [
        ["segment", "--output", "json", sample],
        ["summarize", "--output", "json", sample],
    ] {
        let out = ok(&args);
        serde_json::from_str::<Value>(&out).unwrap();
        // Pretty: an object over several lines, indented by two spaces.
        assert!(
            out.starts_with("{\n  \"") && out.ends_with("\n}\n"),
            "{out}"
        );
    }
    // JSONL in, JSONL out: one line per record.
    let record = serde_json::json!({"article": "One sentence here. Another one there."});
    let (success, out, stderr) = run(
        &["segment", "--input", "jsonl", "--output", "json"],
        &format!("{record}\n{record}\n"),
    );
    assert!(success, "{stderr}");
    assert_eq!(out.lines().count(), 2, "{out}");
    for line in out.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
}

#[test]
fn the_top_help_names_web_pages_as_input_to_summarize() {
    let help = ok(&["--help"]);
    let at = help.find("  summarize").expect("summarize in the help");
    let entry = &help[at..at + help[at..].find("\n  segment").unwrap()];
    assert!(entry.contains("web page"), "{entry}");
    assert!(help.contains("HTML"), "{help}");
}

/// --id-field names records in eval's per-document output and report; the commands that write
/// neither do not offer it in their help (and still accept it).
#[test]
fn id_field_is_offered_only_where_it_is_used() {
    let eval = ok(&["eval", "--help"]);
    assert!(eval.contains("--id-field"), "{eval}");
    for command in ["oracle", "stats", "train"] {
        let help = ok(&[command, "--help"]);
        assert!(!help.contains("--id-field"), "{command}: {help}");
    }
    let dir = TempDir::new().unwrap();
    let data = dataset(&dir);
    ok(&["stats", &data, "--id-field", "key", "-q"]);
}

/// -q promises what it hides: warnings and notes, not a summary that is never printed.
#[test]
fn quiet_help_says_what_it_hides() {
    let help = ok(&["summarize", "--help"]);
    let at = help.find("--quiet").unwrap();
    let entry = &help[at..at + help[at..].find("\n\n").unwrap_or(help.len() - at)];
    assert!(!entry.contains("summary"), "{entry}");
    assert!(entry.contains("warnings"), "{entry}");
    // And it hides them: a bad record under --skip-bad and the count, a cut-off last record.
    let input = "{\"article\": \"One sentence here. Another one there.\"}\nnot json\n";
    let (success, out, stderr) = run(&["summarize", "--input", "jsonl", "--skip-bad"], input);
    assert!(
        success && stderr.contains("1 record summarized; 1 bad record passed through"),
        "{stderr}"
    );
    assert_eq!(out.lines().count(), 2);
    let (success, _, stderr) = run(
        &["summarize", "--input", "jsonl", "--skip-bad", "-q"],
        input,
    );
    assert!(success, "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn refused_option_values_are_usage_errors() {
    let article = "The council will rebuild the bridge. A ferry will run meanwhile.";
    for (args, message) in [
        (&["summarize", "-n", "0"][..], "invalid --sentences"),
        (&["summarize", "--ratio", "1.5"], "invalid --ratio"),
        (&["summarize", "--mmr", "2"], "invalid --mmr"),
        (&["summarize", "--language", "klingon"], "unknown language"),
        (
            &["summarize", "--cut-threshold", "2"],
            "invalid --cut-threshold",
        ),
        (&["summarize", "--threads", "0"], "invalid --threads"),
        (&["segment", "--language", "klingon"], "unknown language"),
    ] {
        let out = lede().args(args).write_stdin(article).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    // Values that would exhaust memory or threads, or give impossible scores.
    let dir = TempDir::new().unwrap();
    let sys = dir.path().join("sys.txt");
    fs::write(&sys, "the council will rebuild the bridge\n").unwrap();
    let sys = sys.to_str().unwrap();
    for (args, message) in [
        (
            &["rouge", "--resamples", "18446744073709551615", sys, sys][..],
            "invalid --resamples: from 1 to 1000000",
        ),
        (
            &["rouge", "--metrics", "rouge-w-0.5", sys, sys],
            "WEIGHT from 1 to 10",
        ),
        (
            &["summarize", "--threads", "100000"],
            "invalid --threads: at most 4096",
        ),
        (
            &["--max-record", "99999999999999999999", "summarize"],
            "must be at most 1024G",
        ),
        (
            &["--max-record", "18446744073709551615", "summarize"],
            "must be at most 1024G",
        ),
    ] {
        let out = lede().args(args).write_stdin(article).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // Nothing to score is an error, not a table of zeros.
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let out = lede()
        .arg("rouge")
        .arg(&empty)
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no summaries to score"));
    // A language tag with a region, as a page's `lang` gives it, is the language.
    let (success, stdout, stderr) = run(&["summarize", "--language", "it-IT", "-n", "1"], article);
    assert!(success && !stdout.is_empty(), "{stderr}");
    // A failure that is not the command line's stays exit 1.
    let out = lede()
        .args(["summarize", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
