//! End-to-end tests of the `lede` binary: input formats, output formats, options, the news
//! clean-up, and bad input (which must fail with a clear message, never a panic).
//!
//! Every fixture is written here, except the sample article `samples/harbor-bridge.txt`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

fn sample_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/harbor-bridge.txt"
    ))
}

fn sample_bytes() -> Vec<u8> {
    fs::read(sample_path()).expect("samples/harbor-bridge.txt")
}

/// Writes `bytes` to `dir/name` and returns the path.
fn write(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// Runs `lede` with `args` (and `stdin`, if any) and requires success; returns stdout.
fn run_ok(args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut cmd = lede();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "lede {args:?} failed with {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Runs `lede` with `args` and requires failure; returns the whole output.
fn run_err(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = lede();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    assert!(
        !out.status.success(),
        "lede {args:?} should have failed\nstdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "lede {args:?} panicked: {stderr}"
    );
    out
}

/// Runs `lede` with `args`, requires failure and that stderr contains every one of `needles`;
/// returns stderr.
fn fails_with(args: &[&str], stdin: Option<&[u8]>, needles: &[&str]) -> String {
    let out = run_err(args, stdin);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for n in needles {
        assert!(
            stderr.contains(n),
            "lede {args:?}: stderr should mention {n:?}, got: {stderr}"
        );
    }
    stderr
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

fn parse_json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn parse_jsonl(s: &str) -> Vec<Value> {
    s.lines().map(parse_json).collect()
}

/// The `text` of every highlight of a `--output json` document.
fn texts(doc: &Value) -> Vec<String> {
    doc["highlights"]
        .as_array()
        .expect("highlights array")
        .iter()
        .map(|h| h["text"].as_str().unwrap().to_string())
        .collect()
}

/// Every highlight's `start`/`end` are byte offsets into `input` with `input[start..end] ==
/// text`, in document order and disjoint.
fn assert_spans(input: &[u8], highlights: &Value) {
    let mut last_end = 0;
    let mut last_sentence = None;
    for h in highlights.as_array().expect("highlights array") {
        let start = h["start"].as_u64().unwrap() as usize;
        let end = h["end"].as_u64().unwrap() as usize;
        let text = h["text"].as_str().unwrap();
        assert!(start < end && end <= input.len(), "bad span {h}");
        assert_eq!(
            &input[start..end],
            text.as_bytes(),
            "input[{start}..{end}] is not the highlight text"
        );
        assert!(start >= last_end, "highlights overlap or are out of order");
        let sentence = h["sentence"].as_u64().unwrap();
        assert!(
            last_sentence < Some(sentence),
            "sentence indices not increasing"
        );
        assert!(h["score"].as_f64().unwrap().is_finite());
        last_end = end;
        last_sentence = Some(sentence);
    }
}

/// Words as a reader counts them: white-space separated tokens with a letter or digit.
fn count_words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// The lead sentences of the sample article (after its dateline), in order.
const SAMPLE_LEAD: [&str; 3] = [
    "The Harbor Street bridge in Port Ellery will close for at least six months after inspectors found cracks in two of its steel supports, city officials said Tuesday.",
    "The 1962 drawbridge carries about 14,000 vehicles a day between the town center and the fishing docks on Gull Island.",
    "Mayor Ruth Okafor said the closure would begin Friday at 6 a.m. and that a ferry would carry foot passengers across the channel every 20 minutes.",
];

/// The sample has 17 sentences; "Scroll down for video" and the contributor credit are not
/// candidates.
const SAMPLE_SENTENCES: u64 = 17;
const SAMPLE_CANDIDATES: usize = 15;

/// Four short paragraphs, separated by blank lines.
const MILL: &str =
    "The river flooded the old mill on Friday night. Water reached the second floor by dawn.

Volunteers moved 200 sacks of flour to the hill above the river.

The owner said the mill would reopen in June. Insurance will cover most of the repairs.
";

const MILL_SENTENCES: [&str; 5] = [
    "The river flooded the old mill on Friday night.",
    "Water reached the second floor by dawn.",
    "Volunteers moved 200 sacks of flour to the hill above the river.",
    "The owner said the mill would reopen in June.",
    "Insurance will cover most of the repairs.",
];

fn ferry_article() -> &'static str {
    "The island ferry service resumed on Monday after a week of storms. Crews repaired the damaged pier overnight. Passengers said they were relieved to travel again."
}

fn bakery_article() -> &'static str {
    "A new bakery opened on Main Street on Saturday. The owner trained in Lyon for six years. Lines stretched around the block by noon."
}

/// The ferry and bakery articles as two JSONL records with ids 1 and 2.
fn two_records() -> String {
    format!(
        "{{\"id\":1,\"article\":\"{}\"}}\n{{\"id\":2,\"article\":\"{}\"}}\n",
        ferry_article(),
        bakery_article()
    )
}

// ---------------------------------------------------------------------------------------------
// Help
// ---------------------------------------------------------------------------------------------

#[test]
fn help_describes_the_command_and_its_options() {
    lede()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("summarize"))
        .stdout(predicate::str::contains("Usage: lede"));
    let help = run_ok(&["summarize", "--help"], None);
    for option in [
        "--input",
        "--field",
        "--lossy",
        "--skip-bad",
        "--pretokenized",
        "--raw",
        "--method",
        "--language",
        "--sentences",
        "--words",
        "--chars",
        "--ratio",
        "--redundancy",
        "--mmr",
        "--output",
        "--out",
        "--output-field",
        "--overwrite",
        "--threads",
        "--quiet",
        "lead",
        "textrank",
        "lexrank",
        "jsonl",
        "story",
        "markdown",
    ] {
        assert!(help.contains(option), "summarize --help lacks {option}");
    }
}

// ---------------------------------------------------------------------------------------------
// Input: plain text
// ---------------------------------------------------------------------------------------------

#[test]
fn text_file_gives_the_lead_after_the_dateline() {
    let path = sample_path();
    let out = run_ok(
        &["summarize", "--method", "lead", path.to_str().unwrap()],
        None,
    );
    assert_eq!(lines(&out), SAMPLE_LEAD);
    assert!(out.ends_with('\n'));
}

#[test]
fn standard_input_with_dash_and_without_file_reads_the_same() {
    let sample = sample_bytes();
    let from_file = run_ok(
        &[
            "summarize",
            "--method",
            "lead",
            sample_path().to_str().unwrap(),
        ],
        None,
    );
    let dash = run_ok(&["summarize", "--method", "lead", "-"], Some(&sample));
    let no_arg = run_ok(&["summarize", "--method", "lead"], Some(&sample));
    assert_eq!(dash, from_file);
    assert_eq!(no_arg, from_file);
    assert_eq!(lines(&no_arg), SAMPLE_LEAD);

    // The default method gives the same answer however the text arrives: two highlights,
    // as the sample opens with a dateline.
    let tr_file = run_ok(&["summarize", sample_path().to_str().unwrap()], None);
    let tr_stdin = run_ok(&["summarize"], Some(&sample));
    assert_eq!(tr_file, tr_stdin);
    assert_eq!(lines(&tr_stdin).len(), 2);
}

#[test]
fn paragraphs_separated_by_blank_lines() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "mill.txt", MILL);
    let out = run_ok(
        &[
            "summarize",
            "--method",
            "lead",
            "-n",
            "10",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(lines(&out), MILL_SENTENCES);

    // A paragraph without final punctuation still ends its sentence.
    let text = "Officials said the coast road would reopen on Friday\n\nThe mayor thanked the crews who cleared the rocks.\n";
    let out = run_ok(
        &["summarize", "--method", "lead", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(
        lines(&out),
        [
            "Officials said the coast road would reopen on Friday",
            "The mayor thanked the crews who cleared the rocks."
        ]
    );
}

#[test]
fn utf8_bom_is_skipped_and_offsets_count_it() {
    let dir = TempDir::new().unwrap();
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend_from_slice(MILL.as_bytes());
    let path = write(&dir, "bom.txt", &input);

    let out = run_ok(
        &["summarize", "--method", "lead", path.to_str().unwrap()],
        None,
    );
    assert_eq!(lines(&out), &MILL_SENTENCES[..3]);
    assert!(!out.contains('\u{feff}'));

    for source in [Some(path.to_str().unwrap()), None] {
        let mut args = vec!["summarize", "--method", "lead", "--output", "json"];
        args.extend(source);
        let doc = parse_json(&run_ok(&args, Some(&input)));
        assert_eq!(texts(&doc), &MILL_SENTENCES[..3]);
        // The first highlight starts right after the three BOM bytes.
        assert_eq!(doc["highlights"][0]["start"], 3);
        assert_spans(&input, &doc["highlights"]);
    }
}

#[test]
fn crlf_line_endings() {
    let text = "The harbor master closed the port on Sunday\r\nafter a tanker lost power near the breakwater.\r\nTugs towed the tanker to a safe berth by noon.\r\n\r\nNo oil was spilled, the coast guard said.\r\n";
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "crlf.txt", text);

    // Text output: one highlight per line, the line break inside the first sentence collapsed.
    let out = run_ok(
        &["summarize", "--method", "lead", path.to_str().unwrap()],
        None,
    );
    assert_eq!(
        out,
        "The harbor master closed the port on Sunday after a tanker lost power near the breakwater.\n\
         Tugs towed the tanker to a safe berth by noon.\n\
         No oil was spilled, the coast guard said.\n"
    );
    assert!(!out.contains('\r'));

    // JSON keeps the sentence exactly as written, CRLF included, and its span.
    let doc = parse_json(&run_ok(
        &["summarize", "--method", "lead", "-f", "json", "-"],
        Some(text.as_bytes()),
    ));
    assert_eq!(
        texts(&doc)[0],
        "The harbor master closed the port on Sunday\r\nafter a tanker lost power near the breakwater."
    );
    assert_spans(text.as_bytes(), &doc["highlights"]);

    // Markdown collapses it too.
    let md = run_ok(
        &["summarize", "--method", "lead", "-f", "markdown", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(lines(&md).len(), 3);
    assert!(md.starts_with(
        "- The harbor master closed the port on Sunday after a tanker lost power near the breakwater.\n"
    ));
}

#[test]
fn json_spans_point_into_the_original_bytes_for_every_method() {
    let sample = sample_bytes();
    // Non-ASCII text before the highlights makes byte and char offsets differ.
    let mut accented = "Zoë Müller, the café owner on Gull Island, watched the crews.\n\n"
        .as_bytes()
        .to_vec();
    accented.extend_from_slice(&sample);
    for input in [&sample, &accented] {
        for method in ["lead", "textrank", "lexrank"] {
            let doc = parse_json(&run_ok(
                &["summarize", "-m", method, "-n", "6", "-f", "json", "-"],
                Some(input),
            ));
            assert_eq!(doc["highlights"].as_array().unwrap().len(), 6, "{method}");
            assert_spans(input, &doc["highlights"]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output formats
// ---------------------------------------------------------------------------------------------

#[test]
fn output_text_is_one_highlight_per_line() {
    // A sentence broken over three lines comes out on one.
    let text = "The state museum\nwill reopen its\nwest wing on Saturday after a two-year renovation.\nTickets go on sale at the door on Friday.\n\nThe wing holds the museum's collection of whaling ships.\n";
    let out = run_ok(
        &["summarize", "--method", "lead", "-f", "text", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(
        out,
        "The state museum will reopen its west wing on Saturday after a two-year renovation.\n\
         Tickets go on sale at the door on Friday.\n\
         The wing holds the museum's collection of whaling ships.\n"
    );
}

#[test]
fn output_markdown_is_bullets() {
    let out = run_ok(
        &[
            "summarize",
            "--method",
            "lead",
            "--output",
            "markdown",
            sample_path().to_str().unwrap(),
        ],
        None,
    );
    let expected: String = SAMPLE_LEAD.iter().map(|s| format!("- {s}\n")).collect();
    assert_eq!(out, expected);
}

#[test]
fn output_html_is_a_list_to_embed() {
    let out = run_ok(
        &[
            "summarize",
            "--method",
            "lead",
            "--output",
            "html",
            sample_path().to_str().unwrap(),
        ],
        None,
    );
    let items: String = SAMPLE_LEAD
        .iter()
        .map(|s| format!("  <li>{s}</li>\n"))
        .collect();
    assert_eq!(
        out,
        format!("<ul class=\"lede-highlights\">\n{items}</ul>\n")
    );
    // Markup in the article is text in the fragment.
    let out = run_ok(
        &["summarize", "-m", "lead", "-n", "1", "-f", "html", "-"],
        Some(b"Shares of <AT&T> rose 5% on \"hopes\" of a deal. Trading was light."),
    );
    assert_eq!(
        out,
        "<ul class=\"lede-highlights\">\n  \
         <li>Shares of &lt;AT&amp;T&gt; rose 5% on &quot;hopes&quot; of a deal.</li>\n</ul>\n"
    );
}

#[test]
fn output_json_has_method_options_and_highlights() {
    let sample = sample_bytes();
    let doc = parse_json(&run_ok(
        &[
            "summarize",
            "--method",
            "lead",
            "--output",
            "json",
            sample_path().to_str().unwrap(),
        ],
        None,
    ));
    assert_eq!(doc["input"], "text");
    assert_eq!(doc["method"], "lead");
    assert_eq!(doc["language"], "english");
    assert_eq!(doc["budget"], serde_json::json!({"sentences": 3}));
    assert_eq!(doc["redundancy"], "none");
    assert_eq!(doc["pretokenized"], false);
    assert_eq!(doc["sentences"], SAMPLE_SENTENCES);
    assert!(
        doc.get("reference").is_none(),
        "no reference for plain text"
    );
    assert_eq!(texts(&doc), SAMPLE_LEAD);
    let hs = doc["highlights"].as_array().unwrap();
    for (k, h) in hs.iter().enumerate() {
        let keys: Vec<&str> = h.as_object().unwrap().keys().map(String::as_str).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            ["end", "score", "sentence", "spans", "start", "text"]
        );
        // Lead keeps whole sentences: one span, the sentence.
        assert_eq!(h["spans"], serde_json::json!([[h["start"], h["end"]]]));
        // Lead shows candidate k of m as (m - k) / m; the dateline is cut from sentence 0.
        assert_eq!(h["sentence"], k as u64);
        let m = 15.0; // the sample's candidate sentences
        assert_eq!(h["score"].as_f64().unwrap(), (m - k as f64) / m);
    }
    // "Port Ellery, Maine (CNN)" is 24 bytes.
    assert_eq!(hs[0]["start"], 24);
    assert_spans(&sample, &doc["highlights"]);

    // The default method and its redundancy control.
    let doc = parse_json(&run_ok(&["summarize", "-f", "json", "-"], Some(&sample)));
    assert_eq!(doc["method"], "learned");
    assert_eq!(doc["redundancy"], "novelty");
    // The sample opens with a dateline: the default count is 2 for the learned method.
    assert_eq!(doc["budget"], serde_json::json!({"sentences": 2}));
    assert_eq!(doc["highlights"].as_array().unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Input: JSONL
// ---------------------------------------------------------------------------------------------

#[test]
fn jsonl_keeps_every_field_in_order_and_byte_identical() {
    let dir = TempDir::new().unwrap();
    // Unusual spacing, number forms and escapes inside values must survive byte for byte.
    let line1 = format!(
        r#"{{"id": 7, "meta": {{"src": "wire",  "tags": [1, 2.50, -0.0, 1e3]}}, "article": "{}", "note": "caf\u00e9 \"quoted\"", "z": null}}"#,
        ferry_article()
    );
    let line2 = format!(
        r#"{{"article":"{}","id":"b2","flags":[true,false]}}"#,
        bakery_article()
    );
    let input = format!("{line1}\n{line2}\n");
    let path = write(&dir, "news.jsonl", &input);
    let out = run_ok(
        &["summarize", "--method", "lead", path.to_str().unwrap()],
        None,
    );
    let expected = format!(
        "{{\"id\":7,\"meta\":{{\"src\": \"wire\",  \"tags\": [1, 2.50, -0.0, 1e3]}},\"article\":\"{}\",\"note\":\"caf\\u00e9 \\\"quoted\\\"\",\"z\":null,\"highlights\":[\"The island ferry service resumed on Monday after a week of storms.\",\"Crews repaired the damaged pier overnight.\",\"Passengers said they were relieved to travel again.\"]}}\n\
         {{\"article\":\"{}\",\"id\":\"b2\",\"flags\":[true,false],\"highlights\":[\"A new bakery opened on Main Street on Saturday.\",\"The owner trained in Lyon for six years.\",\"Lines stretched around the block by noon.\"]}}\n",
        ferry_article(),
        bakery_article()
    );
    assert_eq!(out, expected);

    // Field order of the parsed records.
    let records = parse_jsonl(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["note"], "café \"quoted\"");
}

#[test]
fn jsonl_field_chooses_the_article_field() {
    let input = format!(
        "{{\"id\":1,\"article\":\"Short teaser text.\",\"body\":\"{}\"}}\n",
        ferry_article()
    );
    let out = run_ok(
        &[
            "summarize",
            "--input",
            "jsonl",
            "--method",
            "lead",
            "-n",
            "1",
            "--field",
            "body",
            "-",
        ],
        Some(input.as_bytes()),
    );
    let r = &parse_jsonl(&out)[0];
    assert_eq!(
        r["highlights"],
        serde_json::json!(["The island ferry service resumed on Monday after a week of storms."])
    );
    assert_eq!(r["article"], "Short teaser text.");
}

#[test]
fn jsonl_output_field_names_the_new_field() {
    let input = format!("{{\"id\":1,\"article\":\"{}\"}}\n", bakery_article());
    let out = run_ok(
        &[
            "summarize",
            "-i",
            "jsonl",
            "-m",
            "lead",
            "-n",
            "2",
            "--output-field",
            "lede",
            "-",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(
        out,
        format!(
            "{{\"id\":1,\"article\":\"{}\",\"lede\":[\"A new bakery opened on Main Street on Saturday.\",\"The owner trained in Lyon for six years.\"]}}\n",
            bakery_article()
        )
    );
}

#[test]
fn jsonl_existing_output_field_is_an_error_unless_overwrite() {
    let input = format!(
        "{{\"id\":1,\"highlights\":[\"reference one\",\"reference two\"],\"article\":\"{}\",\"z\":0}}\n",
        ferry_article()
    );
    let stderr = fails_with(
        &["summarize", "-i", "jsonl", "-"],
        Some(input.as_bytes()),
        &["line 1", "highlights", "--overwrite"],
    );
    assert!(stderr.starts_with("lede: error:"), "{stderr}");

    // --overwrite replaces the field where it stands.
    let out = run_ok(
        &[
            "summarize",
            "-i",
            "jsonl",
            "-m",
            "lead",
            "-n",
            "1",
            "--overwrite",
            "-",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(
        out,
        format!(
            "{{\"id\":1,\"highlights\":[\"The island ferry service resumed on Monday after a week of storms.\"],\"article\":\"{}\",\"z\":0}}\n",
            ferry_article()
        )
    );

    // Writing to another field keeps the reference.
    let out = run_ok(
        &[
            "summarize",
            "-i",
            "jsonl",
            "-m",
            "lead",
            "-n",
            "1",
            "--output-field",
            "pred",
            "-",
        ],
        Some(input.as_bytes()),
    );
    let r = &parse_jsonl(&out)[0];
    assert_eq!(
        r["highlights"],
        serde_json::json!(["reference one", "reference two"])
    );
    assert_eq!(r["pred"].as_array().unwrap().len(), 1);
}

#[test]
fn jsonl_output_json_is_a_list_of_objects() {
    let input = two_records();
    let out = run_ok(
        &["summarize", "-i", "jsonl", "-m", "lead", "-f", "json", "-"],
        Some(input.as_bytes()),
    );
    let records = parse_jsonl(&out);
    assert_eq!(records.len(), 2);
    for (r, article) in records.iter().zip([ferry_article(), bakery_article()]) {
        let hs = r["highlights"].as_array().unwrap();
        assert_eq!(hs.len(), 3);
        for h in hs {
            let mut keys: Vec<&str> = h.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["end", "score", "sentence", "spans", "start", "text"]);
        }
        // Spans point into the article string.
        assert_spans(article.as_bytes(), &r["highlights"]);
    }
    assert_eq!(
        records[1]["highlights"][1],
        serde_json::json!({"text": "The owner trained in Lyon for six years.", "sentence": 1, "start": 48, "end": 88, "score": 2.0 / 3.0, "spans": [[48, 88]]})
    );
}

#[test]
fn jsonl_output_markdown_is_a_string_of_bullets() {
    let input = format!("{{\"id\":1,\"article\":\"{}\"}}\n", ferry_article());
    let out = run_ok(
        &[
            "summarize",
            "-i",
            "jsonl",
            "-m",
            "lead",
            "-f",
            "markdown",
            "-",
        ],
        Some(input.as_bytes()),
    );
    let r = &parse_jsonl(&out)[0];
    assert_eq!(
        r["highlights"],
        "- The island ferry service resumed on Monday after a week of storms.\n\
         - Crews repaired the damaged pier overnight.\n\
         - Passengers said they were relieved to travel again.\n"
    );
}

#[test]
fn jsonl_output_html_is_a_string_of_list_items() {
    let input = format!("{{\"id\":1,\"article\":\"{}\"}}\n", ferry_article());
    let out = run_ok(
        &["summarize", "-i", "jsonl", "-m", "lead", "-f", "html", "-"],
        Some(input.as_bytes()),
    );
    let r = &parse_jsonl(&out)[0];
    assert_eq!(
        r["highlights"],
        "<ul class=\"lede-highlights\">\n  \
         <li>The island ferry service resumed on Monday after a week of storms.</li>\n  \
         <li>Crews repaired the damaged pier overnight.</li>\n  \
         <li>Passengers said they were relieved to travel again.</li>\n</ul>\n"
    );
}

#[test]
fn jsonl_is_detected_by_extension_and_by_content() {
    let dir = TempDir::new().unwrap();
    let input = two_records();
    let expected = run_ok(
        &["summarize", "-i", "jsonl", "-m", "lead", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(parse_jsonl(&expected).len(), 2);

    let by_ext = write(&dir, "data.jsonl", &input);
    let no_ext = write(&dir, "data", &input);
    let other_ext = write(&dir, "data.records", &input);
    for p in [&by_ext, &no_ext, &other_ext] {
        assert_eq!(
            run_ok(&["summarize", "-m", "lead", p.to_str().unwrap()], None),
            expected,
            "{}",
            p.display()
        );
    }
    // By content on standard input.
    assert_eq!(
        run_ok(&["summarize", "-m", "lead"], Some(input.as_bytes())),
        expected
    );
    // A BOM before the first record does not hide it.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(input.as_bytes());
    let bom_path = write(&dir, "bom", &bom);
    assert_eq!(
        run_ok(
            &["summarize", "-m", "lead", bom_path.to_str().unwrap()],
            None
        ),
        expected
    );
}

#[test]
fn jsonl_blank_lines_are_skipped() {
    let input = format!(
        "\n{{\"id\":1,\"article\":\"{}\"}}\n\n   \n\r\n{{\"id\":2,\"article\":\"{}\"}}\r\n\n",
        ferry_article(),
        bakery_article()
    );
    let out = run_ok(
        &["summarize", "-i", "jsonl", "-m", "lead", "-n", "1", "-"],
        Some(input.as_bytes()),
    );
    let records = parse_jsonl(&out);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], 1);
    assert_eq!(records[1]["id"], 2);
    assert_eq!(
        records[1]["highlights"],
        serde_json::json!(["A new bakery opened on Main Street on Saturday."])
    );
}

#[test]
fn jsonl_with_two_threads_keeps_input_order() {
    let dir = TempDir::new().unwrap();
    let places = [
        "Route 9",
        "Elm Avenue",
        "the harbor road",
        "Mill Lane",
        "Bridge Street",
    ];
    let mut input = String::new();
    for i in 0..300 {
        let place = places[i % places.len()];
        input.push_str(&format!(
            "{{\"id\":{i},\"article\":\"Crews repaired {n} potholes on {place} on Monday. The work on {place} cost {c} dollars, the county said. Drivers on {place} said the ride was smoother. A second phase starts in week {w}.\"}}\n",
            n = i * 3 + 1,
            c = 1000 + i * 17,
            w = i % 52 + 1,
        ));
    }
    let path = write(&dir, "roads.jsonl", &input);
    let p = path.to_str().unwrap();
    let two = run_ok(&["summarize", "--threads", "2", p], None);
    let one = run_ok(&["summarize", "--threads", "1", p], None);
    assert_eq!(two, one, "output depends on the number of threads");
    let records = parse_jsonl(&two);
    assert_eq!(records.len(), 300);
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["id"], i as u64, "record {i} out of order");
        let article = r["article"].as_str().unwrap();
        let hs = r["highlights"].as_array().unwrap();
        assert!(!hs.is_empty() && hs.len() <= 3);
        for h in hs {
            assert!(article.contains(h.as_str().unwrap()));
        }
        // Each record got its own highlights (the numbers differ per record).
        assert!(
            hs.iter().any(
                |h| h.as_str().unwrap().contains(&format!(" {} ", i * 3 + 1))
                    || h.as_str().unwrap().contains(&format!("{}", 1000 + i * 17))
                    || h.as_str()
                        .unwrap()
                        .contains(&format!("week {}.", i % 52 + 1))
            ),
            "record {i}: {hs:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Input: CNN/DailyMail .story
// ---------------------------------------------------------------------------------------------

/// The reference sentence shares most of its words with the article, so a graph method would
/// pick it at once if it were read as article text.
const STORY: &str = "The city zoo welcomed a baby giraffe on Saturday morning. Keepers said the giraffe calf stood within an hour of its birth.

The zoo will hold a naming contest for the giraffe calf with local schools next month.

Visitors can see the calf from the new viewing deck starting Tuesday.

@highlight

Zoo keepers say the giraffe calf is the tallest baby giraffe ever born at the city zoo.

@highlight

Naming contest for the calf opens to schools next month
";

const STORY_ARTICLE: [&str; 4] = [
    "The city zoo welcomed a baby giraffe on Saturday morning.",
    "Keepers said the giraffe calf stood within an hour of its birth.",
    "The zoo will hold a naming contest for the giraffe calf with local schools next month.",
    "Visitors can see the calf from the new viewing deck starting Tuesday.",
];

const STORY_REFERENCE: [&str; 2] = [
    "Zoo keepers say the giraffe calf is the tallest baby giraffe ever born at the city zoo.",
    "Naming contest for the calf opens to schools next month",
];

fn assert_story_json(doc: &Value, input: &[u8]) {
    assert_eq!(doc["input"], "story");
    assert_eq!(doc["reference"], serde_json::json!(STORY_REFERENCE));
    assert_eq!(doc["sentences"], 4, "only the article is segmented");
    for t in texts(doc) {
        assert!(STORY_ARTICLE.contains(&t.as_str()), "not article text: {t}");
        assert!(
            !t.contains("tallest"),
            "a reference highlight was used: {t}"
        );
    }
    assert_spans(input, &doc["highlights"]);
}

#[test]
fn story_file_reference_highlights_are_not_input() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "zoo.story", STORY);
    let p = path.to_str().unwrap();
    for method in ["lead", "textrank", "lexrank"] {
        for budget in [["-n", "3"], ["-n", "50"]] {
            let out = run_ok(&["summarize", "-m", method, budget[0], budget[1], p], None);
            for l in lines(&out) {
                assert!(
                    STORY_ARTICLE.contains(&l),
                    "{method}: not article text: {l}"
                );
            }
            let doc = parse_json(&run_ok(
                &[
                    "summarize",
                    "-m",
                    method,
                    budget[0],
                    budget[1],
                    "-f",
                    "json",
                    p,
                ],
                None,
            ));
            assert_story_json(&doc, STORY.as_bytes());
        }
    }
    let out = run_ok(&["summarize", "-m", "lead", "-n", "50", p], None);
    assert_eq!(lines(&out), STORY_ARTICLE);

    // Read as plain text on purpose, the reference sentence is a candidate like any other:
    // the check above is not vacuous.
    let out = run_ok(
        &["summarize", "-i", "text", "-m", "lead", "-n", "50", p],
        None,
    );
    assert!(out.contains(STORY_REFERENCE[0]), "{out}");
}

#[test]
fn story_is_detected_by_content_and_forced_with_input_story() {
    let dir = TempDir::new().unwrap();
    let no_ext = write(&dir, "zoo", STORY);
    let txt = write(&dir, "zoo.txt", STORY);
    let crlf_text = STORY.replace('\n', "\r\n");
    let crlf = write(&dir, "zoo-crlf", &crlf_text);
    for (args, input) in [
        (vec![no_ext.to_str().unwrap()], STORY.as_bytes()),
        (vec![txt.to_str().unwrap()], STORY.as_bytes()),
        (vec![crlf.to_str().unwrap()], crlf_text.as_bytes()),
        (vec!["-"], STORY.as_bytes()),
        (vec![], STORY.as_bytes()),
        (vec!["--input", "story", "-"], STORY.as_bytes()),
    ] {
        let mut full = vec!["summarize", "-m", "lead", "-n", "50", "-f", "json"];
        full.extend(&args);
        let doc = parse_json(&run_ok(&full, Some(input)));
        assert_story_json(&doc, input);
        assert_eq!(texts(&doc).len(), 4, "{args:?}");
    }
    // --input story on a text without @highlight: all of it is the article, no reference.
    let doc = parse_json(&run_ok(
        &[
            "summarize",
            "--input",
            "story",
            "-m",
            "lead",
            "-f",
            "json",
            "-",
        ],
        Some(MILL.as_bytes()),
    ));
    assert_eq!(doc["input"], "story");
    assert_eq!(doc["reference"], serde_json::json!([]));
    assert_eq!(texts(&doc), &MILL_SENTENCES[..3]);
}

#[test]
fn story_without_article_text_is_an_error() {
    let text = "@highlight\n\nOnly a reference highlight here\n";
    fails_with(
        &["summarize", "--input", "story", "-"],
        Some(text.as_bytes()),
        &["no article text", "@highlight"],
    );
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

#[test]
fn methods_lead_textrank_lexrank() {
    let p = sample_path();
    let p = p.to_str().unwrap();
    assert_eq!(
        lines(&run_ok(&["summarize", "--method", "lead", p], None)),
        SAMPLE_LEAD
    );
    assert_eq!(
        lines(&run_ok(&["summarize", "--method", "textrank", p], None)),
        [
            SAMPLE_LEAD[0],
            "Dr. Lena Marsh, a structural engineer at the University of Maine who reviewed the report, said cracks of this kind are common in bridges built before 1970.",
            "Officials said a temporary bridge for emergency vehicles could be in place by March.",
        ]
    );
    assert_eq!(
        lines(&run_ok(&["summarize", "--method", "lexrank", p], None)),
        [
            SAMPLE_LEAD[0],
            "\"Nobody wanted this, but the engineers were clear that we could not keep the bridge open safely,\" Okafor said.",
            "Officials said a temporary bridge for emergency vehicles could be in place by March.",
        ]
    );
    // Short forms and the JSON method name.
    for (m, name) in [
        ("lead", "lead"),
        ("textrank", "textrank"),
        ("lexrank", "lexrank"),
    ] {
        let doc = parse_json(&run_ok(&["summarize", "-m", m, "-f", "json", p], None));
        assert_eq!(doc["method"], name);
    }
}

#[test]
fn sentences_budget() {
    let p = sample_path();
    let p = p.to_str().unwrap();
    for n in [1usize, 2, 5, 8] {
        for method in ["lead", "textrank", "lexrank"] {
            let out = run_ok(
                &["summarize", "-m", method, "--sentences", &n.to_string(), p],
                None,
            );
            assert_eq!(lines(&out).len(), n, "{method} -n {n}");
        }
    }
    assert_eq!(
        lines(&run_ok(&["summarize", "-m", "lead", "-n", "2", p], None)),
        &SAMPLE_LEAD[..2]
    );
    // More than the article has: every candidate, no boilerplate.
    let out = run_ok(&["summarize", "-m", "lead", "-n", "1000", p], None);
    assert_eq!(lines(&out).len(), SAMPLE_CANDIDATES);
    let doc = parse_json(&run_ok(
        &["summarize", "-m", "lead", "-n", "4", "-f", "json", p],
        None,
    ));
    assert_eq!(doc["budget"], serde_json::json!({"sentences": 4}));
}

#[test]
fn words_budget_is_never_exceeded() {
    let sample = sample_bytes();
    for method in ["lead", "textrank", "lexrank"] {
        for n in [12usize, 20, 28, 40, 60, 100, 400] {
            let doc = parse_json(&run_ok(
                &[
                    "summarize",
                    "-m",
                    method,
                    "--words",
                    &n.to_string(),
                    "-f",
                    "json",
                    "-",
                ],
                Some(&sample),
            ));
            assert_eq!(doc["budget"], serde_json::json!({"words": n}));
            let total: usize = texts(&doc).iter().map(|t| count_words(t)).sum();
            assert!(total <= n, "{method} --words {n}: {total} words");
            assert!(
                !texts(&doc).is_empty(),
                "{method} --words {n}: nothing fits"
            );
            assert_spans(&sample, &doc["highlights"]);
        }
    }
    // The learned default fills the budget exactly with whole sentences of the article (on
    // this sample, two of 21 + 19 or 28 + 12 words, depending on the model's taste).
    let out = run_ok(&["summarize", "--words", "40", "-"], Some(&sample));
    let chosen = lines(&out);
    let article = String::from_utf8(sample.clone()).unwrap();
    assert_eq!(chosen.len(), 2, "{chosen:?}");
    assert!(chosen.iter().all(|s| article.contains(s)), "{chosen:?}");
    assert_eq!(chosen.iter().map(|s| count_words(s)).sum::<usize>(), 40);
    // Nothing fits: success, no highlights, a warning.
    lede()
        .args(["summarize", "--words", "5", "-"])
        .write_stdin(sample.clone())
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("warning"));
}

#[test]
fn compression_cuts_a_sentence_to_fit_the_words_left() {
    let sample = sample_bytes();
    // Whole sentences: after the best one (28 words) nothing else fits in 35.
    let whole = parse_json(&run_ok(
        &["summarize", "--words", "35", "-f", "json", "-"],
        Some(&sample),
    ));
    assert_eq!(texts(&whole).len(), 1, "{:?}", texts(&whole));
    // With --compress the best one loses its attribution (24 words), and a sentence that does
    // not fit in the 11 words left loses spans the cut model would keep ("..., according to a report released by the city") until it fits.
    let compressed = parse_json(&run_ok(
        &[
            "summarize",
            "--compress",
            "--words",
            "35",
            "-f",
            "json",
            "-",
        ],
        Some(&sample),
    ));
    let chosen = texts(&compressed);
    assert_eq!(chosen.len(), 2, "{chosen:?}");
    let total: usize = chosen.iter().map(|t| count_words(t)).sum();
    assert!(total <= 35, "{total} words: {chosen:?}");
    assert!(
        chosen
            .iter()
            .any(|t| t == "A second team confirmed them on Monday using ultrasound equipment."),
        "{chosen:?}"
    );
    // Each highlight's kept spans are of the input, inside its sentence, and make its text
    // (with a final period where a cut took the sentence's own).
    for h in compressed["highlights"].as_array().unwrap() {
        let (start, end) = (h["start"].as_u64().unwrap(), h["end"].as_u64().unwrap());
        let spans: Vec<(usize, usize)> = serde_json::from_value(h["spans"].clone()).unwrap();
        let mut joined = String::new();
        for &(a, b) in &spans {
            assert!(start as usize <= a && a < b && b <= end as usize, "{h}");
            if !joined.is_empty() && sample[a - 1].is_ascii_whitespace() {
                joined.push(' ');
            }
            joined.push_str(std::str::from_utf8(&sample[a..b]).unwrap());
        }
        let text = h["text"].as_str().unwrap();
        assert!(
            text == joined || text == format!("{joined}."),
            "{text:?} from {joined:?}"
        );
    }
    // Without a budget the same sentence keeps what the model keeps.
    let plain = run_ok(
        &["summarize", "--compress", "-n", "1000", "-"],
        Some(&sample),
    );
    assert!(plain.contains("ultrasound equipment, according to a report released by the city."));
}

#[test]
fn chars_budget_is_never_exceeded() {
    let sample = sample_bytes();
    for method in ["lead", "textrank", "lexrank"] {
        for n in [90usize, 120, 200, 300, 500, 2000] {
            let doc = parse_json(&run_ok(
                &[
                    "summarize",
                    "-m",
                    method,
                    "--chars",
                    &n.to_string(),
                    "-f",
                    "json",
                    "-",
                ],
                Some(&sample),
            ));
            assert_eq!(doc["budget"], serde_json::json!({"chars": n}));
            let total: usize = texts(&doc).iter().map(|t| t.chars().count()).sum();
            assert!(total <= n, "{method} --chars {n}: {total} chars");
            assert!(
                !texts(&doc).is_empty(),
                "{method} --chars {n}: nothing fits"
            );
        }
    }
    // The first sentence is 163 characters: under 163 the lead must skip it.
    let out = run_ok(
        &["summarize", "-m", "lead", "--chars", "162", "-"],
        Some(&sample),
    );
    assert!(!out.contains(SAMPLE_LEAD[0]));
    let out = run_ok(
        &["summarize", "-m", "lead", "--chars", "163", "-"],
        Some(&sample),
    );
    assert_eq!(lines(&out), [SAMPLE_LEAD[0]]);
}

#[test]
fn ratio_budget() {
    let sample = sample_bytes();
    // round(0.25 × 15 candidates) = 4.
    let doc = parse_json(&run_ok(
        &[
            "summarize",
            "-m",
            "lead",
            "--ratio",
            "0.25",
            "-f",
            "json",
            "-",
        ],
        Some(&sample),
    ));
    assert_eq!(doc["budget"], serde_json::json!({"ratio": 0.25}));
    assert_eq!(texts(&doc).len(), 4);
    assert_eq!(&texts(&doc)[..3], SAMPLE_LEAD);
    // At least one.
    let out = run_ok(&["summarize", "--ratio", "0.01", "-"], Some(&sample));
    assert_eq!(lines(&out).len(), 1);
    // All of it.
    let out = run_ok(
        &["summarize", "-m", "lead", "--ratio", "1", "-"],
        Some(&sample),
    );
    assert_eq!(lines(&out).len(), SAMPLE_CANDIDATES);
}

/// An article that says the same thing twice, word for word (the first and sixth sentences).
const REPEATED: &str = "Firefighters fought the warehouse fire on Elm Street for six hours.

The warehouse fire on Elm Street sent black smoke across the river district.

Residents of the river district were told to keep windows closed because of the smoke from the warehouse.

Firefighters said the fire started in a storage room at the back of the warehouse.

The owner of the warehouse said the storage room held paint and paper.

Firefighters fought the warehouse fire on Elm Street for six hours.

A bakery nearby stayed open.
";

#[test]
fn redundancy_none_trigram_novelty_and_mmr() {
    let input = REPEATED.as_bytes();
    let repeated = "Firefighters fought the warehouse fire on Elm Street for six hours.";
    let smoke = "The warehouse fire on Elm Street sent black smoke across the river district.";
    let residents = "Residents of the river district were told to keep windows closed because of the smoke from the warehouse.";
    let storage =
        "Firefighters said the fire started in a storage room at the back of the warehouse.";
    let owner = "The owner of the warehouse said the storage room held paint and paper.";
    let count = |out: &str| lines(out).iter().filter(|l| **l == repeated).count();

    // Without redundancy control the repeated sentence is picked twice, by every graph method.
    // --mmr 1 is score only, yet never takes a near-copy of a chosen sentence.
    for method in ["textrank", "lexrank"] {
        let doc = parse_json(&run_ok(
            &["summarize", "-m", method, "--mmr", "1", "-f", "json", "-"],
            Some(input),
        ));
        assert_eq!(count(&texts(&doc).join("\n")), 1, "{method} --mmr 1");
        assert_spans(input, &doc["highlights"]);
        let doc = parse_json(&run_ok(
            &[
                "summarize",
                "-m",
                method,
                "--redundancy",
                "none",
                "-f",
                "json",
                "-",
            ],
            Some(input),
        ));
        assert_eq!(
            texts(&doc),
            [repeated, smoke, repeated],
            "{method} --redundancy none"
        );
        assert_spans(input, &doc["highlights"]);
    }
    let doc = parse_json(&run_ok(
        &["summarize", "--redundancy", "none", "-f", "json", "-"],
        Some(input),
    ));
    assert_eq!(doc["redundancy"], "none");

    // Trigram blocking (the default) skips the repeat and the sentence that shares
    // "warehouse fire on Elm Street" (four trigrams) with the first, but not the owner's,
    // which repeats one trigram of a chosen sentence ("of the warehouse"): a sentence is
    // blocked at two.
    for method in ["textrank", "lexrank"] {
        for args in [vec!["--redundancy", "trigram"], vec![]] {
            for (n, want) in [
                ("3", vec![repeated, storage, owner]),
                ("4", vec![repeated, residents, storage, owner]),
            ] {
                let mut full = vec!["summarize", "-m", method, "-n", n];
                full.extend(&args);
                full.push("-");
                let out = run_ok(&full, Some(input));
                assert_eq!(lines(&out), want, "{method} -n {n} {args:?}");
            }
        }
    }
    let doc = parse_json(&run_ok(&["summarize", "-f", "json", "-"], Some(input)));
    assert_eq!(doc["redundancy"], "novelty");
    let doc = parse_json(&run_ok(
        &["summarize", "-m", "textrank", "-f", "json", "-"],
        Some(input),
    ));
    assert_eq!(doc["redundancy"], "trigram");

    // Novelty (the learned method's default) never takes a sentence with 80% of its content
    // words already said: the repeat that the graph methods take twice without control is
    // taken once, and by the learned method at most once.
    for method in ["textrank", "lexrank", "learned"] {
        let doc = parse_json(&run_ok(
            &[
                "summarize",
                "-m",
                method,
                "-n",
                "4",
                "--redundancy",
                "novelty",
                "-f",
                "json",
                "-",
            ],
            Some(input),
        ));
        assert_eq!(doc["redundancy"], "novelty");
        assert_eq!(texts(&doc).len(), 4, "{method}");
        let want = if method == "learned" { 0..=1 } else { 1..=1 };
        assert!(
            want.contains(&count(&texts(&doc).join("\n"))),
            "{method}: {:?}",
            texts(&doc)
        );
        assert_spans(input, &doc["highlights"]);
    }

    // MMR trades score for novelty: with lambda 0.7 the exact repeat loses to a new sentence.
    let doc = parse_json(&run_ok(
        &[
            "summarize",
            "-m",
            "textrank",
            "--mmr",
            "0.7",
            "-f",
            "json",
            "-",
        ],
        Some(input),
    ));
    assert_eq!(
        doc["redundancy"],
        serde_json::json!({"mmr": {"lambda": 0.7}})
    );
    assert_eq!(texts(&doc), [repeated, smoke, storage]);
    assert_spans(input, &doc["highlights"]);
    for method in ["textrank", "lexrank"] {
        let out = run_ok(
            &["summarize", "-m", method, "--mmr", "0.5", "-"],
            Some(input),
        );
        assert_eq!(lines(&out).len(), 3, "{method}");
        assert_eq!(count(&out), 1, "{method} --mmr 0.5 repeated itself: {out}");
    }

    // Lead defaults to no redundancy control: Lead-k is the first k sentences.
    let out = run_ok(&["summarize", "-m", "lead", "-n", "6", "-"], Some(input));
    assert_eq!(lines(&out).len(), 6);
    assert_eq!(count(&out), 2);
    let out = run_ok(
        &[
            "summarize",
            "-m",
            "lead",
            "-n",
            "6",
            "--redundancy",
            "trigram",
            "-",
        ],
        Some(input),
    );
    assert_eq!(count(&out), 1);
    assert!(!out.contains(smoke), "trigram blocking keeps {smoke:?}");
}

const GERMAN: &str = "Berlin (dpa) - Der Stadtrat hat am Dienstag den Bau einer neuen Brücke über die Spree beschlossen. Die Arbeiten beginnen ggf. Anfang Mai und dauern zwei Jahre. Die Bürger können sich ab Montag im Rathaus über die Pläne informieren.

Der Bürgermeister sagte, die neue Brücke werde den Verkehr in der Innenstadt deutlich entlasten. Kritiker bemängeln dagegen die hohen Kosten des Projekts.
";

#[test]
fn language_german() {
    let input = GERMAN.as_bytes();
    let expected_lead = [
        "Der Stadtrat hat am Dienstag den Bau einer neuen Brücke über die Spree beschlossen.",
        // "ggf." is a German abbreviation: no sentence break before "Anfang".
        "Die Arbeiten beginnen ggf. Anfang Mai und dauern zwei Jahre.",
        "Die Bürger können sich ab Montag im Rathaus über die Pläne informieren.",
    ];
    for lang in ["german", "de", "German"] {
        let doc = parse_json(&run_ok(
            &[
                "summarize",
                "--language",
                lang,
                "-m",
                "lead",
                "-f",
                "json",
                "-",
            ],
            Some(input),
        ));
        assert_eq!(doc["language"], "german");
        assert_eq!(texts(&doc), expected_lead, "--language {lang}");
        assert_spans(input, &doc["highlights"]);
    }
    // With English rules "ggf." ends a sentence.
    let en = run_ok(&["summarize", "-m", "lead", "-"], Some(input));
    assert_eq!(lines(&en)[1], "Die Arbeiten beginnen ggf.");

    for method in ["textrank", "lexrank"] {
        let doc = parse_json(&run_ok(
            &[
                "summarize",
                "--language",
                "german",
                "-m",
                method,
                "-f",
                "json",
                "-",
            ],
            Some(input),
        ));
        assert_eq!(doc["highlights"].as_array().unwrap().len(), 3);
        assert!(texts(&doc).iter().all(|t| !t.contains("(dpa)")));
        assert_spans(input, &doc["highlights"]);
    }
}

/// Lowercased, Penn-Treebank tokenized text, as in the CNN/DailyMail research files.
const PRETOKENIZED: &str = "( cnn ) -- the city council voted on monday to close the old harbor bridge . engineers found cracks in two steel supports , officials said . `` we had no choice , '' the mayor said . a ferry will carry passengers across the channel until repairs are done .\n";

#[test]
fn pretokenized_text() {
    let input = PRETOKENIZED.as_bytes();
    let expected = [
        "the city council voted on monday to close the old harbor bridge .",
        "engineers found cracks in two steel supports , officials said .",
        "`` we had no choice , '' the mayor said .",
    ];
    let doc = parse_json(&run_ok(
        &[
            "summarize",
            "--pretokenized",
            "-m",
            "lead",
            "-f",
            "json",
            "-",
        ],
        Some(input),
    ));
    assert_eq!(doc["pretokenized"], true);
    assert_eq!(doc["sentences"], 4);
    assert_eq!(texts(&doc), expected);
    assert_spans(input, &doc["highlights"]);

    // Detected without the flag.
    let out = run_ok(&["summarize", "-m", "lead", "-"], Some(input));
    assert_eq!(lines(&out), expected);

    // Read as running text, a lowercase word after " . " does not start a sentence.
    let doc = parse_json(&run_ok(
        &["summarize", "--raw", "-m", "lead", "-f", "json", "-"],
        Some(input),
    ));
    assert_eq!(doc["pretokenized"], false);
    assert_ne!(texts(&doc), expected);

    for method in ["textrank", "lexrank"] {
        let doc = parse_json(&run_ok(
            &[
                "summarize",
                "--pretokenized",
                "-m",
                method,
                "-f",
                "json",
                "-",
            ],
            Some(input),
        ));
        assert_eq!(doc["highlights"].as_array().unwrap().len(), 3);
        assert!(texts(&doc).iter().all(|t| !t.contains("( cnn )")));
    }
}

#[test]
fn invalid_option_values_are_refused() {
    let sample = sample_bytes();
    let cases: &[(&[&str], &[&str])] = &[
        (&["--sentences", "0"], &["--sentences"]),
        (&["--words", "0"], &["--words"]),
        (&["--chars", "0"], &["--chars"]),
        (&["--ratio", "1.5"], &["--ratio"]),
        (&["--ratio", "0"], &["--ratio"]),
        (&["--ratio=-0.5"], &["--ratio"]),
        (&["--ratio", "NaN"], &["--ratio"]),
        (&["--mmr", "2"], &["--mmr"]),
        (&["--mmr=-0.1"], &["--mmr"]),
        (&["--language", "klingon"], &["language", "klingon"]),
        (
            &["--sentences", "2", "--words", "30"],
            &["--sentences", "--words"],
        ),
        (
            &["--chars", "200", "--ratio", "0.5"],
            &["--chars", "--ratio"],
        ),
        (
            &["--mmr", "0.7", "--redundancy", "none"],
            &["--mmr", "--redundancy"],
        ),
        (&["--pretokenized", "--raw"], &["--pretokenized", "--raw"]),
        (&["--method", "summarunner"], &["--method"]),
        (&["--sentences", "three"], &["--sentences"]),
        (&["--output", "yaml"], &["--output"]),
        (&["--input", "xml"], &["--input"]),
    ];
    for (args, needles) in cases {
        let mut full = vec!["summarize"];
        full.extend(args.iter());
        full.push("-");
        fails_with(&full, Some(&sample), needles);
    }
    // --threads is checked where it is used.
    let input = format!("{{\"article\":\"{}\"}}\n", ferry_article());
    fails_with(
        &["summarize", "-i", "jsonl", "--threads", "0", "-"],
        Some(input.as_bytes()),
        &["--threads"],
    );
}

// ---------------------------------------------------------------------------------------------
// News clean-up
// ---------------------------------------------------------------------------------------------

#[test]
fn cnn_dateline_is_cut() {
    let text = "Springfield, Illinois (CNN)The city council voted on Monday to build a new library downtown. The vote was seven to two after a long debate. Construction will begin next spring, the mayor said.\n";
    let doc = parse_json(&run_ok(
        &["summarize", "-m", "lead", "-f", "json", "-"],
        Some(text.as_bytes()),
    ));
    let t = texts(&doc);
    assert_eq!(
        t[0],
        "The city council voted on Monday to build a new library downtown."
    );
    assert_eq!(
        doc["highlights"][0]["start"],
        "Springfield, Illinois (CNN)".len()
    );
    assert_spans(text.as_bytes(), &doc["highlights"]);
    for method in ["textrank", "lexrank"] {
        let out = run_ok(&["summarize", "-m", method, "-"], Some(text.as_bytes()));
        assert!(!out.contains("(CNN)"), "{method}: {out}");
    }
}

/// Without a budget, the learned method gives a datelined story two highlights and the same
/// story without its dateline three; `--sentences` and the other methods keep their count.
#[test]
fn datelined_story_gets_two_learned_highlights() {
    let story = "The city council voted on Monday to build a new library downtown after a decade of delays. The vote was seven to two after a long debate that ran past midnight. Construction of the library will begin next spring, the mayor said in a statement. The library will hold two hundred thousand books and a children's wing. Residents who opposed the plan said the money should go to roads instead. The council will meet again in June to choose an architect for the project.\n";
    let datelined = format!("Springfield, Illinois (CNN) -- {story}");
    let count = |args: &[&str], text: &str| {
        let mut all = vec!["summarize", "-f", "json"];
        all.extend_from_slice(args);
        all.push("-");
        let doc = parse_json(&run_ok(&all, Some(text.as_bytes())));
        (texts(&doc).len(), doc["budget"].clone())
    };
    assert_eq!(
        count(&["-m", "learned"], &datelined),
        (2, serde_json::json!({"sentences": 2}))
    );
    assert_eq!(
        count(&["-m", "learned"], story),
        (3, serde_json::json!({"sentences": 3}))
    );
    assert_eq!(count(&["-m", "learned", "-n", "3"], &datelined).0, 3);
    for method in ["lead", "textrank", "lexrank"] {
        assert_eq!(count(&["-m", method], &datelined).0, 3, "{method}");
    }
}

#[test]
fn agency_dateline_with_dash_is_cut() {
    let text = "LONDON (Reuters) - Shares in European banks rose sharply on Tuesday after strong quarterly results. Investors cheered the news from Frankfurt and Paris. Analysts expect more gains this week.\n";
    let out = run_ok(
        &["summarize", "-m", "lead", "-n", "1", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(
        out,
        "Shares in European banks rose sharply on Tuesday after strong quarterly results.\n"
    );
    let text = "WASHINGTON -- The Senate passed the water bill on Tuesday. The bill funds repairs to dams. The House votes next week.\n";
    let out = run_ok(
        &["summarize", "-m", "lead", "-n", "1", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(out, "The Senate passed the water bill on Tuesday.\n");
}

const DAILY_MAIL: &str = "By . Daily Mail Reporter . PUBLISHED: . 10:31 EST, 3 March 2014 . | . UPDATED: . 11:02 EST, 3 March 2014 . A family dog named Biscuit pulled a toddler from a garden pond in Leeds on Sunday afternoon. The boy, aged two, had wandered outside while his mother answered the door. Scroll down for video

Neighbours said the dog barked until help arrived. Click here for more amazing animal stories.

Paramedics checked the boy and said he was unharmed. The family said Biscuit would get a steak dinner.
";

#[test]
fn daily_mail_header_is_never_a_highlight() {
    let input = DAILY_MAIL.as_bytes();
    for method in ["lead", "textrank", "lexrank"] {
        for n in ["1", "3", "20"] {
            let doc = parse_json(&run_ok(
                &["summarize", "-m", method, "-n", n, "-f", "json", "-"],
                Some(input),
            ));
            assert!(!texts(&doc).is_empty());
            for t in texts(&doc) {
                for bad in [
                    "PUBLISHED",
                    "UPDATED",
                    "By .",
                    "Daily Mail Reporter",
                    "EST",
                    "Scroll down",
                    "Click here",
                ] {
                    assert!(!t.contains(bad), "{method} -n {n}: {bad:?} in {t:?}");
                }
            }
            assert_spans(input, &doc["highlights"]);
        }
    }
    let out = run_ok(&["summarize", "-m", "lead", "-n", "20", "-"], Some(input));
    assert_eq!(
        lines(&out),
        [
            "A family dog named Biscuit pulled a toddler from a garden pond in Leeds on Sunday afternoon.",
            "The boy, aged two, had wandered outside while his mother answered the door.",
            "Neighbours said the dog barked until help arrived.",
            "Paramedics checked the boy and said he was unharmed.",
            "The family said Biscuit would get a steak dinner.",
        ]
    );
}

#[test]
fn scroll_down_and_click_here_lines_are_never_highlights() {
    let text = "Firefighters rescued a kitten from a storm drain in Dover on Thursday.

Scroll down for video

The kitten had been trapped for two days before a jogger heard it crying.
Click here for the full story of the rescue and more pictures
A vet said the kitten was hungry but healthy.

Click here for more animal rescue stories.

SCROLL DOWN FOR VIDEO
The fire crew has named the kitten Drainpipe.

Scroll down for video The jogger said she would adopt the kitten if no owner came forward.
";
    let input = text.as_bytes();
    for method in ["lead", "textrank", "lexrank"] {
        for redundancy in ["none", "trigram"] {
            let doc = parse_json(&run_ok(
                &[
                    "summarize",
                    "-m",
                    method,
                    "-n",
                    "100",
                    "--redundancy",
                    redundancy,
                    "-f",
                    "json",
                    "-",
                ],
                Some(input),
            ));
            for t in texts(&doc) {
                let lower = t.to_lowercase();
                assert!(
                    !lower.contains("scroll down") && !lower.contains("click here"),
                    "{method}: promo line selected: {t:?}"
                );
            }
            assert_spans(input, &doc["highlights"]);
        }
    }
    let out = run_ok(&["summarize", "-m", "lead", "-n", "100", "-"], Some(input));
    let got = lines(&out);
    assert_eq!(
        got[0],
        "Firefighters rescued a kitten from a storm drain in Dover on Thursday."
    );
    assert_eq!(
        got[1],
        "The kitten had been trapped for two days before a jogger heard it crying."
    );
    // The sentence glued to a prompt is kept, without the prompt.
    assert_eq!(
        got.last().copied(),
        Some("The jogger said she would adopt the kitten if no owner came forward.")
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_in_a_text_file_names_the_byte_offset() {
    let dir = TempDir::new().unwrap();
    let mut bytes = b"Hello \xFF world.".to_vec();
    bytes.extend_from_slice(b" The council met today in the old town hall.\n");
    for name in ["bad.txt", "bad"] {
        let path = write(&dir, name, &bytes);
        fails_with(
            &["summarize", path.to_str().unwrap()],
            None,
            &[name, "UTF-8", "byte offset 6", "--lossy"],
        );
    }
    // From standard input too, and the offset counts a BOM.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    fails_with(
        &["summarize", "-"],
        Some(&with_bom),
        &["standard input", "byte offset 9"],
    );
    // --lossy repairs the byte and goes on.
    let path = dir.path().join("bad.txt");
    let out = run_ok(
        &[
            "summarize",
            "--lossy",
            "-m",
            "lead",
            "-n",
            "5",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out, "The council met today in the old town hall.\n");
}

#[test]
fn empty_and_whitespace_only_input_is_an_error() {
    let dir = TempDir::new().unwrap();
    let empty = write(&dir, "empty.txt", "");
    let blank = write(&dir, "blank.txt", " \n\t\n  \r\n\u{feff}\u{a0}\n");
    let empty_story = write(&dir, "empty.story", "\n\n");
    for p in [&empty, &blank, &empty_story] {
        fails_with(
            &["summarize", p.to_str().unwrap()],
            None,
            &[p.file_name().unwrap().to_str().unwrap(), "empty"],
        );
    }
    fails_with(&["summarize"], Some(b""), &["standard input", "empty"]);
    fails_with(&["summarize", "-"], Some(b"\n\n   \n"), &["empty"]);
}

/// JSONL where line 2 is not JSON, line 3 lacks the article, line 4 has an empty article,
/// line 5 is not UTF-8; lines 1 and 6 are fine.
fn bad_jsonl() -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(
        b"{\"id\":1,\"article\":\"The mayor opened the new park on Sunday. Hundreds of families attended the ceremony.\"}\n",
    );
    v.extend_from_slice(b"this is not json\n");
    v.extend_from_slice(b"{\"id\":3,\"body\":\"No article field in this record.\"}\n");
    v.extend_from_slice(b"{\"id\":4,\"article\":\"  \\n \"}\n");
    v.extend_from_slice(b"{\"id\":5,\"article\":\"Bad \xFF byte in the story text here.\"}\n");
    v.extend_from_slice(
        b"{\"id\":6,\"article\":\"Rain is expected across the region on Friday. Forecasters warned of local flooding.\"}\n",
    );
    v
}

/// `good` good records (ids 0..good), then `line`, then one more good record that an error
/// stops before.
fn jsonl_with_bad_line_after(good: usize, line: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..good {
        v.extend_from_slice(
            format!(
                "{{\"id\":{i},\"article\":\"Record {i} tells how the council met on day {i}. The vote on day {i} passed easily.\"}}\n"
            )
            .as_bytes(),
        );
    }
    v.extend_from_slice(line);
    v.push(b'\n');
    v.extend_from_slice(
        b"{\"id\":99,\"article\":\"This record comes after the bad one. It is never reached.\"}\n",
    );
    v
}

/// Runs a JSONL file with a bad line after `good` good records, writing to `-o`; checks the
/// error and that the good records were written.
fn check_bad_jsonl_line(line: &[u8], needles: &[&str]) {
    let dir = TempDir::new().unwrap();
    for good in [0usize, 3] {
        let input = write(&dir, "in.jsonl", jsonl_with_bad_line_after(good, line));
        let out = dir.path().join("out.jsonl");
        let bad_line = format!("line {}", good + 1);
        let mut all = vec![bad_line.as_str()];
        all.extend_from_slice(needles);
        let stderr = fails_with(
            &[
                "summarize",
                "-m",
                "lead",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
            None,
            &all,
        );
        assert!(stderr.contains("in.jsonl"), "{stderr}");
        assert!(stderr.contains("--skip-bad"), "{stderr}");
        // Nothing already written is lost; nothing after the bad line is written.
        let written = fs::read_to_string(&out).expect("output file exists");
        let records = parse_jsonl(&written);
        assert_eq!(records.len(), good, "{written}");
        for (i, r) in records.iter().enumerate() {
            assert_eq!(r["id"], i as u64);
            assert_eq!(r["highlights"].as_array().unwrap().len(), 2);
        }
        assert!(!written.contains("never reached"));
    }
}

#[test]
fn jsonl_line_that_is_not_json_names_the_line() {
    check_bad_jsonl_line(b"this is not json", &["not a JSON object"]);
    check_bad_jsonl_line(b"{\"id\": 5, \"article\": \"cut off", &["not valid JSON"]);
    check_bad_jsonl_line(b"[\"an\", \"array\"]", &["not a JSON object"]);
}

#[test]
fn jsonl_record_without_the_field_names_line_and_field() {
    check_bad_jsonl_line(
        b"{\"id\":5,\"body\":\"The text is under another name.\"}",
        &["`article`", "id, body", "--field"],
    );
    check_bad_jsonl_line(b"{\"id\":5,\"article\":42}", &["`article`", "a number"]);
    // --field names the field looked for.
    let input = format!("{{\"article\":\"{}\"}}\n", ferry_article());
    fails_with(
        &["summarize", "-i", "jsonl", "--field", "story_text", "-"],
        Some(input.as_bytes()),
        &["line 1", "`story_text`"],
    );
}

#[test]
fn jsonl_record_with_empty_article_is_an_error() {
    check_bad_jsonl_line(b"{\"id\":5,\"article\":\"\"}", &["`article`", "empty"]);
    check_bad_jsonl_line(b"{\"id\":5,\"article\":\" \\n\\t \"}", &["empty"]);
}

#[test]
fn jsonl_invalid_utf8_names_the_line() {
    check_bad_jsonl_line(
        b"{\"id\":5,\"article\":\"Bad \xFF byte. More text follows here.\"}",
        &["UTF-8", "--lossy"],
    );
    // --lossy repairs it.
    let input = jsonl_with_bad_line_after(
        1,
        b"{\"id\":5,\"article\":\"Bad \xFF byte in this text. The storm closed the port.\"}",
    );
    let out = run_ok(
        &["summarize", "-i", "jsonl", "--lossy", "-m", "lead", "-"],
        Some(&input),
    );
    let records = parse_jsonl(&out);
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[1]["article"],
        "Bad \u{fffd} byte in this text. The storm closed the port."
    );
}

#[test]
fn jsonl_skip_bad_passes_bad_records_through() {
    let dir = TempDir::new().unwrap();
    let input = write(&dir, "mixed.jsonl", bad_jsonl());
    let out_path = dir.path().join("out.jsonl");
    let assert = lede()
        .args([
            "summarize",
            "--skip-bad",
            "-m",
            "lead",
            input.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("panicked"));
    assert!(
        stderr.contains("2 records summarized; 4 bad records"),
        "{stderr}"
    );
    for n in ["line 2", "line 3", "line 4", "line 5"] {
        assert!(stderr.contains(n), "stderr does not report {n}: {stderr}");
    }

    let written = fs::read_to_string(&out_path).unwrap();
    let records = parse_jsonl(&written);
    assert_eq!(records.len(), 6, "{written}");

    // Good records are summarized.
    assert_eq!(
        records[0]["highlights"],
        serde_json::json!([
            "The mayor opened the new park on Sunday.",
            "Hundreds of families attended the ceremony."
        ])
    );
    assert_eq!(records[5]["id"], 6);
    assert_eq!(records[5]["highlights"].as_array().unwrap().len(), 2);
    assert!(records[0].get("error").is_none());

    // A line that is not JSON: {"line", "error", "input"}.
    let r = records[1].as_object().unwrap();
    let mut keys: Vec<&str> = r.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["error", "input", "line"]);
    assert_eq!(r["line"], 2);
    assert_eq!(r["input"], "this is not json");
    assert!(r["error"].as_str().unwrap().contains("not a JSON object"));

    // A record without the field: passed through with its fields, in order, plus `error`.
    let lines_out: Vec<&str> = written.lines().collect();
    assert!(
        lines_out[2].starts_with(r#"{"id":3,"body":"No article field in this record.","error":""#),
        "{}",
        lines_out[2]
    );
    assert!(records[2]["error"].as_str().unwrap().contains("`article`"));
    assert!(records[2].get("highlights").is_none());

    // An empty article.
    assert_eq!(records[3]["id"], 4);
    assert!(records[3]["error"].as_str().unwrap().contains("empty"));

    // Invalid UTF-8: the line, repaired for display.
    assert_eq!(records[4]["line"], 5);
    assert!(records[4]["error"].as_str().unwrap().contains("UTF-8"));
    assert!(records[4]["input"].as_str().unwrap().contains('\u{fffd}'));

    // --quiet: same output, nothing on stderr.
    lede()
        .args([
            "summarize",
            "--skip-bad",
            "-q",
            "-m",
            "lead",
            input.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(written.clone())
        .stderr("");

    // A record that already has an `error` field gets `lede_error`.
    let with_error = b"{\"id\":1,\"error\":\"upstream\",\"text\":\"x\"}\n";
    let out = run_ok(
        &["summarize", "-i", "jsonl", "--skip-bad", "-q", "-"],
        Some(with_error),
    );
    let r = &parse_jsonl(&out)[0];
    assert_eq!(r["error"], "upstream");
    assert!(r["lede_error"].as_str().unwrap().contains("`article`"));
    // And one that has both keeps both: the message goes in `lede_error_2`.
    let with_both = b"{\"article\":\"\",\"error\":null,\"lede_error\":1}\n";
    let out = run_ok(
        &["summarize", "-i", "jsonl", "--skip-bad", "-q", "-"],
        Some(with_both),
    );
    let r = &parse_jsonl(&out)[0];
    assert!(r["error"].is_null());
    assert_eq!(r["lede_error"], 1);
    assert!(r["lede_error_2"].as_str().unwrap().contains("is empty"));
}

#[test]
fn directory_is_an_error() {
    let dir = TempDir::new().unwrap();
    fails_with(
        &["summarize", dir.path().to_str().unwrap()],
        None,
        &["is a directory"],
    );
    let sub = dir.path().join("articles.jsonl");
    fs::create_dir(&sub).unwrap();
    fails_with(
        &["summarize", sub.to_str().unwrap()],
        None,
        &["articles.jsonl", "is a directory"],
    );
}

#[test]
fn nonexistent_file_names_the_path() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("no-such-article.txt");
    let out = dir.path().join("out.txt");
    fails_with(
        &[
            "summarize",
            missing.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
        &[missing.to_str().unwrap(), "cannot open"],
    );
    assert!(
        !out.exists(),
        "the output file is not created for a missing input"
    );
}

#[test]
fn output_file_is_written_and_may_not_be_the_input() {
    let dir = TempDir::new().unwrap();
    let input = write(&dir, "article.txt", sample_bytes());
    let out = dir.path().join("highlights.txt");
    lede()
        .args([
            "summarize",
            "-m",
            "lead",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        SAMPLE_LEAD.map(|s| format!("{s}\n")).concat()
    );

    // Writing over the input would truncate it before it is read.
    let refused = |input: &Path, out: &Path| {
        let before = fs::read(input).unwrap();
        fails_with(
            &[
                "summarize",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
            None,
            &["is the input file"],
        );
        assert_eq!(fs::read(input).unwrap(), before, "the input was damaged");
    };
    refused(&input, &dir.path().join(".").join("article.txt"));
    let jsonl = write(
        &dir,
        "data.jsonl",
        format!("{{\"article\":\"{}\"}}\n", ferry_article()),
    );
    refused(&jsonl, &jsonl);
}

/// Every command that writes a file writes it whole or not at all: a run that fails leaves
/// what was at OUT, and no command writes over a file it reads.
#[test]
fn a_failed_run_leaves_the_output_file_as_it_was() {
    let dir = TempDir::new().unwrap();
    let data = write(
        &dir,
        "data.jsonl",
        format!(
            "{{\"article\":\"{}\",\"highlights\":\"The ferry sank .\"}}\n",
            ferry_article()
        ),
    );
    let s = |p: &Path| p.to_str().unwrap().to_string();
    // Over its own input: refused, the input intact.
    for args in [
        vec!["oracle", "-q", &s(&data), "-o", &s(&data)],
        vec![
            "eval",
            "-q",
            "-m",
            "lead",
            &s(&data),
            "--per-doc",
            &s(&data),
        ],
        vec!["eval", "-q", "-m", "lead", &s(&data), "--report", &s(&data)],
        vec!["train", "-q", &s(&data), "-o", &s(&data)],
        vec!["rouge", &s(&data), &s(&data), "--per-doc", &s(&data)],
        vec!["segment", &s(&data), "-o", &s(&data)],
    ] {
        let before = fs::read(&data).unwrap();
        fails_with(&args, None, &["is the input file"]);
        assert_eq!(
            fs::read(&data).unwrap(),
            before,
            "{args:?} damaged its input"
        );
    }
    // A run that fails keeps the last good file, and leaves no empty partial one.
    let kept = |args: &[&str], out: &Path, needle: &str| {
        fs::write(out, "the last good run\n").unwrap();
        fails_with(args, None, &[needle]);
        assert_eq!(
            fs::read_to_string(out).unwrap(),
            "the last good run\n",
            "{args:?}"
        );
        let mut partial = out.as_os_str().to_owned();
        partial.push(".partial");
        assert!(
            !Path::new(&partial).exists(),
            "{args:?} left an empty partial file"
        );
    };
    let out = dir.path().join("out.txt");
    let missing = s(&dir.path().join("missing.jsonl"));
    let empty = write(&dir, "empty.txt", "");
    kept(&["summarize", &s(&empty), "-o", &s(&out)], &out, "empty");
    kept(
        &["train", "-q", &missing, "-o", &s(&out)],
        &out,
        "cannot open",
    );
    kept(
        &["oracle", "-q", &missing, "-o", &s(&out)],
        &out,
        "cannot open",
    );
    kept(
        &["eval", "-q", "-m", "lead", &missing, "--per-doc", &s(&out)],
        &out,
        "cannot open",
    );
    // One file for two outputs is refused.
    fails_with(
        &[
            "eval",
            "-q",
            "-m",
            "lead",
            &s(&data),
            "--per-doc",
            &s(&out),
            "--report",
            &s(&out),
        ],
        None,
        &["both name"],
    );
    // A run that succeeds replaces it.
    run_ok(&["oracle", "-q", &s(&data), "-o", &s(&out)], None);
    assert!(fs::read_to_string(&out).unwrap().contains("\"labels\""));
}

/// A note that cannot be written to standard error (a full disk) does not stop the run: the
/// highlights still reach standard output.
#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_error_does_not_lose_the_output() {
    let dir = TempDir::new().unwrap();
    // CR-only line ends draw a note on standard error.
    let input = write(
        &dir,
        "cr.txt",
        "The bridge will close for six months after inspectors found cracks.\rThe ferry will \
         run meanwhile, the council said on Tuesday.\r",
    );
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("lede"))
        .args(["summarize", "-m", "lead", input.to_str().unwrap()])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("The bridge will close"));
    // An error still sets the exit status.
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("lede"))
        .args([
            "summarize",
            dir.path().join("missing.txt").to_str().unwrap(),
        ])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// A model file without an end is refused at a bound, not read until memory runs out.
#[cfg(target_os = "linux")]
#[test]
fn a_model_file_is_read_up_to_a_bound() {
    let sample = sample_path();
    let sample = sample.to_str().unwrap();
    fails_with(
        &["summarize", "--model", "/dev/zero", sample],
        None,
        &["the model file /dev/zero is larger than 256 MiB"],
    );
    fails_with(
        &[
            "summarize",
            "--compress",
            "--cut-model",
            "/dev/zero",
            sample,
        ],
        None,
        &["the cut model file /dev/zero is larger than 256 MiB"],
    );
}

/// A web page is read in the language it declares, unless --language says otherwise.
#[test]
fn a_page_is_read_in_the_language_it_declares() {
    let dir = TempDir::new().unwrap();
    let page = write(
        &dir,
        "page.html",
        "<html lang=\"de\"><head><title>Brücke</title></head><body><article>\
         <p>Die Brücke in Hafenstadt wird für mindestens sechs Monate gesperrt, nachdem Prüfer \
         Risse in zwei Stahlträgern gefunden haben.</p>\
         <p>Etwa 14.000 Fahrzeuge überqueren die Brücke jeden Tag, sagte der Bürgermeister am \
         Dienstag vor dem Stadtrat.</p>\
         <p>Die Reparatur soll rund 40 Millionen Euro kosten und im Frühjahr beginnen.</p>\
         </article></body></html>",
    );
    let page = page.to_str().unwrap();
    let out = lede()
        .args(["summarize", "--output", "json", page])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("read as german"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["language"], "german");
    let v = parse_json(&run_ok(
        &["summarize", "--language", "en", "--output", "json", page],
        None,
    ));
    assert_eq!(v["language"], "english");
}

// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------

/// About 50 MB of distinct news-like sentences in one document. TextRank ranks only the first
/// 2,000 candidate sentences, but the whole text is read, segmented and analysed. Measured:
/// about 14 s for the `lede` run in a debug build on a 2-core machine (2 s in release), so the
/// full 50 MB is kept.
#[test]
fn large_document_of_50_mb() {
    const TARGET: usize = 50_000_000;
    let subjects = [
        "The council",
        "A spokesman for the port",
        "Residents of the east district",
        "The regional health board",
        "Engineers at the water plant",
        "The transport ministry",
        "Local traders",
        "The school board",
    ];
    let verbs = [
        "approved",
        "rejected",
        "questioned",
        "announced",
        "delayed",
        "reviewed",
        "funded",
        "criticised",
    ];
    let objects = [
        "a plan to rebuild",
        "the budget for",
        "a contract covering",
        "the closure of",
        "new rules for",
        "a report on",
    ];
    let things = ["homes", "roads", "clinics", "ferries", "bridges", "schools"];
    let mut text = String::with_capacity(TARGET + 200);
    let mut i = 0usize;
    while text.len() < TARGET {
        text.push_str(subjects[i % 8]);
        text.push(' ');
        text.push_str(verbs[(i / 8) % 8]);
        text.push(' ');
        text.push_str(objects[(i / 64) % 6]);
        text.push_str(&format!(
            " {} {} on day {} of year {}.",
            i,
            things[(i / 7) % 6],
            i % 365,
            2000 + i % 25
        ));
        text.push_str(if i % 5 == 4 { "\n\n" } else { " " });
        i += 1;
    }
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "big.txt", &text);
    drop(text);

    let started = Instant::now();
    let out = run_ok(
        &["summarize", "--method", "textrank", path.to_str().unwrap()],
        None,
    );
    let elapsed = started.elapsed();
    eprintln!(
        "large_document_of_50_mb: {i} sentences, lede summarize took {:.1} s",
        elapsed.as_secs_f64()
    );
    let got = lines(&out);
    assert_eq!(got.len(), 3, "{out}");
    for l in got {
        assert!(l.ends_with('.') && count_words(l) >= 9, "{l}");
    }
}

/// For a web page, `--output json` carries the article text read out of it, which the spans
/// index (the page's own bytes do not hold the highlight there).
#[test]
fn json_for_a_web_page_carries_the_text_its_spans_index() {
    let page = sample_path().with_extension("html");
    let out = run_ok(
        &[
            "summarize",
            "--output",
            "json",
            "--compress",
            page.to_str().unwrap(),
        ],
        None,
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["input"], "html");
    let article = doc["text"].as_str().unwrap();
    for h in doc["highlights"].as_array().unwrap() {
        let text = h["text"].as_str().unwrap();
        let first = &h["spans"][0];
        let (a, b) = (
            first[0].as_u64().unwrap() as usize,
            first[1].as_u64().unwrap() as usize,
        );
        assert!(
            text.starts_with(&article[a..b]),
            "{text:?} vs {:?}",
            &article[a..b]
        );
    }
    // Text input has no `text`: its spans index the input itself.
    let out = run_ok(
        &[
            "summarize",
            "--output",
            "json",
            sample_path().to_str().unwrap(),
        ],
        None,
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(doc.get("text").is_none());
}

/// A saved web page named `.txt` is read as a page (with a note on stderr), not summarized as
/// raw markup; `--input text` still reads it as text.
#[test]
fn a_web_page_named_txt_is_read_as_a_page() {
    let dir = TempDir::new().unwrap();
    let html = fs::read(sample_path().with_extension("html")).expect("samples/harbor-bridge.html");
    let as_html = write(&dir, "page.html", &html);
    let as_txt = write(&dir, "page.txt", &html);
    let want = run_ok(&["summarize", as_html.to_str().unwrap()], None);
    let out = lede()
        .args(["summarize", as_txt.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    assert_eq!(got, want);
    assert!(!got.contains("</p>"), "{got}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("page.txt is named as text but holds a web page (HTML): reading it as a page"),
        "{err}"
    );
    let raw = run_ok(
        &["summarize", "--input", "text", as_txt.to_str().unwrap()],
        None,
    );
    assert!(raw.contains("</p>"), "{raw}");
    // Text that merely mentions markup stays text.
    let text = write(
        &dir,
        "note.txt",
        "The <html> tag opens a page. Editors wrote about it on Monday. It was read widely.",
    );
    let out = lede()
        .args(["summarize", text.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("web page"));
}
