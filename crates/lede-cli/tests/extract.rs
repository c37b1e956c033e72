//! End-to-end tests of `lede extract` and of `lede summarize` on web pages.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

const PAGE: &str = "<!doctype html><html lang=en-GB><head><meta charset=utf-8>\
<title>Bridge to be rebuilt | The Gazette</title>\
<meta property=og:title content=\"Bridge to be rebuilt\">\
<meta property=og:site_name content=\"The Gazette\">\
<meta property=article:published_time content=2019-11-19T08:00:00Z>\
<meta name=author content=\"Ann Reporter\">\
<link rel=canonical href=https://gazette.example/bridge></head><body>\
<nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>\
<article><h1>Bridge to be rebuilt</h1><p class=byline>By Ann Reporter</p>\
<p>The council voted on Tuesday to rebuild the old bridge over the river, after engineers warned \
that its piers would not survive another winter of floods.</p>\
<h2>Years of warnings</h2>\
<p>Inspectors first reported cracks in the eastern pier in 2015. Repairs since then have cost the \
town more than the new bridge will, the council's treasurer said.</p>\
<div class=share><a href=/s/fb>Share on Facebook</a> <a href=/s/tw>Share on Twitter</a></div>\
<p>Work is to begin in March and take two years; a ferry will carry pedestrians meanwhile.</p>\
</article><aside class=related><h3>Related</h3><ul><li><a href=/a>Council election results \
announced for the northern wards</a></li><li><a href=/b>Ferry timetable changes for winter \
months</a></li></ul></aside><footer><a href=/about>About us</a> <a href=/privacy>Privacy</a>\
</footer></body></html>";

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn text_output_is_the_title_then_the_body() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "bridge.html", PAGE.as_bytes());
    let out = stdout_of(lede().arg("extract").arg(&p));
    assert!(
        out.starts_with("Bridge to be rebuilt\n\nThe council voted"),
        "{out}"
    );
    assert!(out.contains("Years of warnings"));
    assert!(out.contains("a ferry will carry pedestrians"));
    for junk in [
        "Share on",
        "Home",
        "Related",
        "Ferry timetable",
        "Privacy",
        "By Ann",
    ] {
        assert!(!out.contains(junk), "{junk} in {out}");
    }
}

fn json_output_has_the_metadata() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "bridge.html", PAGE.as_bytes());
    let out = stdout_of(lede().args(["extract", "--output", "json"]).arg(&p));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["title"], "Bridge to be rebuilt");
    assert_eq!(v["authors"], serde_json::json!(["Ann Reporter"]));
    assert_eq!(v["date"], "2019-11-19");
    assert_eq!(v["published"], "2019-11-19T08:00:00Z");
    assert_eq!(v["url"], "https://gazette.example/bridge");
    assert_eq!(v["language"], "en-GB");
    assert_eq!(v["site_name"], "The Gazette");
    let paragraphs = v["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 4, "{paragraphs:?}");
    assert_eq!(paragraphs[1]["kind"], serde_json::json!({"heading": 2}));
    assert!(v["text"].as_str().unwrap().starts_with("The council voted"));
    // How the body was found, and how sure that is.
    assert!(v["extraction"]["method"].is_string(), "{v}");
    let confidence = v["extraction"]["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence), "{confidence}");
}

fn markdown_output() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "bridge.htm", PAGE.as_bytes());
    let out = stdout_of(lede().args(["extract", "-f", "markdown"]).arg(&p));
    assert!(
        out.starts_with("# Bridge to be rebuilt\n\n*By Ann Reporter · 2019-11-19*\n\nThe council"),
        "{out}"
    );
    assert!(out.contains("\n## Years of warnings\n"), "{out}");
}

fn gzip_stdin_and_jsonl_of_several_pages() {
    let dir = TempDir::new().unwrap();
    let gz = write(&dir, "bridge.html.gz", &gzip(PAGE.as_bytes()));
    let junk = write(&dir, "junk.html", b"\x00\x01\x02\x89PNG\x00\x00binary");
    let plain = write(&dir, "page", PAGE.as_bytes());
    let out = lede()
        .args(["extract", "-f", "jsonl"])
        .arg(&gz)
        .arg(&junk)
        .arg(&plain)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one page failed");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["title"], "Bridge to be rebuilt");
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("not an HTML page"));
    assert_eq!(lines[2]["title"], "Bridge to be rebuilt");
    // Standard input, gzip-compressed.
    let out = stdout_of(lede().arg("extract").write_stdin(gzip(PAGE.as_bytes())));
    assert!(out.contains("The council voted"));
}

fn bad_pages_fail_with_a_message() {
    let dir = TempDir::new().unwrap();
    let junk = write(&dir, "junk.html", b"\x00\x01\x02\x89PNG\x00\x00binary");
    lede().arg("extract").arg(&junk).assert().code(1).stderr(
        predicate::str::contains("not an HTML page")
            .and(predicate::str::contains("panicked").not()),
    );
    let login = write(
        &dir,
        "login.html",
        b"<html><body><form><label>Email <input></label><button>Sign in</button></form></body></html>",
    );
    lede()
        .arg("extract")
        .arg(&login)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no article found"));
    lede()
        .arg("summarize")
        .arg(&login)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no article found"));
    let deep = write(&dir, "deep.html", "<div>".repeat(100_000).as_bytes());
    lede().arg("extract").arg(&deep).assert().code(1);
    // Several pages: the count of failures names both causes; a missing file is one.
    lede()
        .arg("extract")
        .arg(&login)
        .arg(dir.path().join("missing.html"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "2 of 2 pages failed (unreadable, or no article found)",
        ));
    // Plain text is read as a page, with a note that says so.
    let text = write(
        &dir,
        "a.txt",
        b"The council met on Monday.\n\nIt voted to rebuild the bridge over the river.\n\nWork \
          starts in May and will take two years, officials said.\n",
    );
    lede()
        .arg("extract")
        .arg(&text)
        .assert()
        .stderr(predicate::str::contains("has no markup (no tag)"));
    lede()
        .arg("extract")
        .arg(write(&dir, "page.html", PAGE.as_bytes()))
        .assert()
        .success()
        .stderr(predicate::str::contains("has no markup").not());
}

fn summarize_reads_pages_by_name_and_by_content() {
    let dir = TempDir::new().unwrap();
    let html = write(&dir, "bridge.html", PAGE.as_bytes());
    let gz = write(&dir, "bridge.html.gz", &gzip(PAGE.as_bytes()));
    let unnamed = write(&dir, "bridge.dat", PAGE.as_bytes());
    let expected = stdout_of(lede().args(["summarize", "-n", "2"]).arg(&html));
    assert_eq!(expected.lines().count(), 2, "{expected}");
    assert!(!expected.contains("Share on"));
    for p in [&gz, &unnamed] {
        assert_eq!(
            stdout_of(lede().args(["summarize", "-n", "2"]).arg(p)),
            expected
        );
    }
    assert_eq!(
        stdout_of(lede().args(["summarize", "-n", "2", "-"]).write_stdin(PAGE)),
        expected
    );
    let text = write(&dir, "bridge.txt", PAGE.as_bytes());
    assert_eq!(
        stdout_of(
            lede()
                .args(["summarize", "-n", "2", "--input", "html"])
                .arg(&text)
        ),
        expected
    );
    let json = stdout_of(lede().args(["summarize", "-f", "json"]).arg(&html));
    assert!(json.contains("\"html\""), "{json}");
}

/// Acceptance 4: on a sample of the benchmark's pages, every highlight `lede summarize`
/// writes is a sentence of the body `lede extract` finds (and not of the page's furniture).
fn summarize_highlights_come_from_the_extracted_body() {
    let Some(gt) = lede_testdata::shared_file("article_extraction_benchmark/ground-truth.json")
    else {
        return;
    };
    let dir = gt.parent().unwrap().join("html");
    let mut pages: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 181);
    let sample: Vec<&Path> = pages.iter().step_by(12).map(|p| p.as_path()).collect();
    for page in sample {
        let body: Value =
            serde_json::from_str(&stdout_of(lede().args(["extract", "-f", "json"]).arg(page)))
                .unwrap();
        let body = body["text"].as_str().unwrap().to_string();
        let out: Value = serde_json::from_str(&stdout_of(
            lede().args(["summarize", "-f", "json"]).arg(page),
        ))
        .unwrap();
        let highlights = out["highlights"].as_array().unwrap();
        assert!(!highlights.is_empty(), "{}", page.display());
        for h in highlights {
            let text = h["text"].as_str().unwrap();
            let a = h["start"].as_u64().unwrap() as usize;
            let b = h["end"].as_u64().unwrap() as usize;
            // The whole sentence, or its kept spans (a leading connective cut).
            let spans: Vec<(usize, usize)> = serde_json::from_value(h["spans"].clone()).unwrap();
            if spans == [(a, b)] {
                assert_eq!(&body[a..b], text, "{}", page.display());
            } else {
                // By default only a leading connective goes: one span, to the sentence's end.
                assert_eq!(spans.len(), 1, "{}", page.display());
                let (c, d) = spans[0];
                assert!(a < c && d == b, "{}", page.display());
                assert_eq!(
                    body[c..d].to_lowercase(),
                    text.to_lowercase(),
                    "{}",
                    page.display()
                );
            }
        }
    }
}

lede_testdata::test_main!(
    text_output_is_the_title_then_the_body,
    json_output_has_the_metadata,
    markdown_output,
    gzip_stdin_and_jsonl_of_several_pages,
    bad_pages_fail_with_a_message,
    summarize_reads_pages_by_name_and_by_content,
    summarize_highlights_come_from_the_extracted_body,
);
