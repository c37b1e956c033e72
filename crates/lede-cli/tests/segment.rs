//! End-to-end tests of `lede segment`: text and JSON output, byte spans, input forms, options
//! and bad input. Every fixture is written here.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

fn run_ok(args: &[&str], stdin: &str) -> String {
    let out = lede().args(args).write_stdin(stdin).output().unwrap();
    assert!(
        out.status.success(),
        "lede {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn run_err(args: &[&str], stdin: &str) -> String {
    let out = lede().args(args).write_stdin(stdin).output().unwrap();
    assert!(!out.status.success(), "lede {args:?} should fail");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err
}

const NEWS: &str = "WASHINGTON (CNN) -- Mr. Smith met Gen. John F. Kennedy Jr. at 5 p.m. on Jan. 5. \
He said, \"It is over.\" The U.S. Army left.\n\nA caption without a period\n\nShe paid $100.00. It was No. 1 in the U.K. Then it rained...";

#[test]
fn one_sentence_per_line() {
    let out = run_ok(&["segment"], NEWS);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "WASHINGTON (CNN) -- Mr. Smith met Gen. John F. Kennedy Jr. at 5 p.m. on Jan. 5.",
            "He said, \"It is over.\"",
            "The U.S. Army left.",
            "A caption without a period",
            "She paid $100.00.",
            "It was No. 1 in the U.K.",
            "Then it rained...",
        ]
    );
}

#[test]
fn json_spans_are_exact_byte_offsets_with_paragraphs() {
    let out = run_ok(&["segment", "--output", "json", "-"], NEWS);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pretokenized"], false);
    assert_eq!(v["paragraphs"], 3);
    let sentences = v["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 7);
    let mut last_end = 0;
    for s in sentences {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!(start >= last_end);
        assert_eq!(&NEWS[start..end], s["text"].as_str().unwrap());
        last_end = end;
    }
    let paragraphs: Vec<u64> = sentences
        .iter()
        .map(|s| s["paragraph"].as_u64().unwrap())
        .collect();
    assert_eq!(paragraphs, [0, 0, 0, 1, 2, 2, 2]);
}

#[test]
fn spans_count_bytes_not_characters() {
    let text = "Der Bär aß. Über 3.5 Mio. Menschen sahen zu. Ende.";
    let out = run_ok(&["segment", "-f", "json", "--language", "de"], text);
    let v: Value = serde_json::from_str(&out).unwrap();
    let got: Vec<&str> = v["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            &text[a..b]
        })
        .collect();
    assert_eq!(
        got,
        ["Der Bär aß.", "Über 3.5 Mio. Menschen sahen zu.", "Ende."]
    );
}

#[test]
fn pretokenized_text_is_detected_and_forced() {
    let text = "new delhi ( cnn ) thousands stormed a jail , police said . \" there were thousands . \" doungal said . the u.s. embassy said nothing .";
    let want = [
        "new delhi ( cnn ) thousands stormed a jail , police said .",
        "\" there were thousands . \"",
        "doungal said .",
        "the u.s. embassy said nothing .",
    ];
    let auto: Vec<String> = run_ok(&["segment"], text)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(auto, want);
    let forced: Vec<String> = run_ok(&["segment", "--pretokenized"], text)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(forced, want);
    let v: Value =
        serde_json::from_str(&run_ok(&["segment", "-f", "json", "--raw"], text)).unwrap();
    assert_eq!(v["pretokenized"], false);
    let err = run_err(&["segment", "--raw", "--pretokenized"], text);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn languages_and_scripts_without_spaces() {
    assert_eq!(
        run_ok(&["segment"], "今天下雨。明天晴天！你好吗？")
            .lines()
            .collect::<Vec<_>>(),
        ["今天下雨。", "明天晴天！", "你好吗？"]
    );
    assert_eq!(
        run_ok(
            &["segment", "--language", "fr"],
            "M. Dupont est venu. Il est parti."
        )
        .lines()
        .collect::<Vec<_>>(),
        ["M. Dupont est venu.", "Il est parti."]
    );
    assert_eq!(
        run_ok(
            &["segment", "--language", "german"],
            "Das ist z.B. gut. Es gibt u.a. Bier."
        )
        .lines()
        .collect::<Vec<_>>(),
        ["Das ist z.B. gut.", "Es gibt u.a. Bier."]
    );
    let err = run_err(&["segment", "--language", "klingon"], "Hi.");
    assert!(err.contains("invalid --language"), "{err}");
}

#[test]
fn jsonl_input_json_output_and_count() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("in.jsonl");
    fs::write(
        &path,
        "{\"id\":1,\"article\":\"One. Two.\"}\n\n{\"id\":2,\"article\":\"Dr. Who? Yes.\"}\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(
        run_ok(&["segment", p], ""),
        "One.\nTwo.\n\nDr. Who?\nYes.\n\n"
    );
    let out = run_ok(&["segment", "-f", "json", p], "");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["sentences"][0]["text"], "Dr. Who?");
    let counted = lede().args(["segment", "-f", "count", p]).output().unwrap();
    assert!(counted.status.success());
    assert!(counted.stdout.is_empty());
    let stats: Value = serde_json::from_slice(&counted.stderr).unwrap();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["sentences"], 4);
    assert_eq!(stats["bytes"], 22);
    let out_path = dir.path().join("out.txt");
    run_ok(&["segment", p, "-o", out_path.to_str().unwrap()], "");
    assert_eq!(
        fs::read_to_string(&out_path).unwrap(),
        "One.\nTwo.\n\nDr. Who?\nYes.\n\n"
    );
}

#[test]
fn story_files_segment_only_the_article() {
    let story = "The bridge closed. Ferries run.\n\n@highlight\n\nBridge closed\n";
    assert_eq!(
        run_ok(&["segment", "--input", "story"], story),
        "The bridge closed.\nFerries run.\n"
    );
}

#[test]
fn bad_input_fails_with_a_message() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bad.jsonl");
    fs::write(&path, "{\"article\": \"Fine.\"}\n{\"text\": \"x\"}\n").unwrap();
    let err = run_err(&["segment", path.to_str().unwrap()], "");
    assert!(
        err.contains("line 2") && err.contains("no field `article`"),
        "{err}"
    );
    let err = run_err(&["segment", "--field", "text", path.to_str().unwrap()], "");
    assert!(err.contains("line 1"), "{err}");
    let out = lede()
        .args(["segment"])
        .write_stdin(b"abc\xffdef".to_vec())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("byte offset 3"));
    let out = lede()
        .args(["segment", "--lossy"])
        .write_stdin(b"abc\xffdef. Ok.".to_vec())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = run_err(&["segment", dir.path().to_str().unwrap()], "");
    assert!(err.contains("directory"), "{err}");
    let err = run_err(
        &[
            "segment",
            path.to_str().unwrap(),
            "-o",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert!(err.contains("is the input file"), "{err}");
}

#[test]
fn empty_input_gives_no_sentences() {
    assert_eq!(run_ok(&["segment"], ""), "");
    assert_eq!(run_ok(&["segment"], " \n\n \t"), "");
    let v: Value = serde_json::from_str(&run_ok(&["segment", "-f", "json"], "")).unwrap();
    assert_eq!(v["sentences"].as_array().unwrap().len(), 0);
}
