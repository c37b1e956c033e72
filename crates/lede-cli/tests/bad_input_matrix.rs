//! The bad-input matrix for the `lede` binary: each case gives a valid result or a clear error
//! (exit 1 with a message, never a panic or a signal) within a time limit; the time and the
//! peak resident memory of the `lede` process (VmHWM, sampled) are printed.
//!
//! The big inputs (50 MB on one line, a million one-word sentences, 100,000 nested elements)
//! are generated here rather than kept in the repository.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs `lede args`, feeding `stdin`; kills it and fails after `limit`. Prints the time and
/// the sampled peak resident memory.
fn lede(name: &str, args: &[&str], stdin: Option<Vec<u8>>, limit: Duration) -> Run {
    let stdin = match stdin {
        Some(bytes) => Feed::Bytes(bytes),
        None => Feed::Nothing,
    };
    lede_fed(name, args, stdin, limit)
}

/// What standard input gives.
enum Feed {
    Nothing,
    Bytes(Vec<u8>),
    /// Zero bytes without end (`/dev/zero`).
    Endless,
}

fn lede_fed(name: &str, args: &[&str], stdin: Feed, limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(args)
        .stdin(match &stdin {
            Feed::Nothing => Stdio::null(),
            Feed::Bytes(_) => Stdio::piped(),
            Feed::Endless => Stdio::from(fs::File::open("/dev/zero").unwrap()),
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let pid = child.id();
    let writer = match stdin {
        Feed::Bytes(bytes) => {
            let mut pipe = child.stdin.take().unwrap();
            Some(std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            }))
        }
        Feed::Nothing | Feed::Endless => None,
    };
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let mut peak_kib = 0u64;
    let status = loop {
        if let Some(hwm) = fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            })
        {
            peak_kib = peak_kib.max(hwm);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: lede did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    if let Some(w) = writer {
        let _ = w.join();
    }
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    eprintln!(
        "{name}: exit {:?} in {:.2} s, peak resident memory {:.1} MiB (sampled)",
        status.code(),
        took.as_secs_f64(),
        peak_kib as f64 / 1024.0
    );
    assert!(
        !stderr.contains("panicked"),
        "{name}: lede panicked: {stderr}"
    );
    assert!(
        status.code().is_some(),
        "{name}: lede was killed by a signal"
    );
    Run {
        status,
        stdout,
        stderr,
    }
}

/// What a case must give.
enum Expect {
    /// Success; every highlight line is non-empty, and there are at least this many.
    Highlights(usize),
    /// Success with JSONL output: this many records, each a JSON object.
    Records(usize),
    /// Exit 1, and stderr says each of these.
    Error(&'static [&'static str]),
    /// Either a result (success) or an error saying each of these.
    ResultOrError(&'static [&'static str]),
}

fn check(name: &str, run: &Run, expect: &Expect) {
    let ok = run.status.success();
    match expect {
        Expect::Highlights(n) => {
            assert!(ok, "{name}: failed: {}", run.stderr);
            let lines: Vec<&str> = run.stdout.lines().collect();
            assert!(lines.len() >= *n, "{name}: {} highlights", lines.len());
            assert!(lines.iter().all(|l| !l.trim().is_empty()), "{name}");
        }
        Expect::Records(n) => {
            assert!(ok, "{name}: failed: {}", run.stderr);
            let records: Vec<Value> = run
                .stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
                .collect();
            assert_eq!(records.len(), *n, "{name}");
            assert!(records.iter().all(Value::is_object), "{name}");
        }
        Expect::Error(needles) => {
            assert_eq!(run.status.code(), Some(1), "{name}: {}", run.stderr);
            for n in *needles {
                assert!(
                    run.stderr.contains(n),
                    "{name}: should say {n:?}: {}",
                    run.stderr
                );
            }
        }
        Expect::ResultOrError(needles) => {
            if !ok {
                assert_eq!(run.status.code(), Some(1), "{name}");
                for n in *needles {
                    assert!(
                        run.stderr.contains(n),
                        "{name}: should say {n:?}: {}",
                        run.stderr
                    );
                }
            }
        }
    }
}

/// A case: its name, the arguments, standard input, and what it must give.
type Case = (&'static str, Vec<String>, Option<Vec<u8>>, Expect);

const STORY: &str = "The council voted on Tuesday to rebuild the old bridge over the river. \
Engineers warned that its piers would not survive another winter of floods. The work will \
start in March and take two years. Residents said they were relieved by the decision.";

fn file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn jsonl_record(id: usize, article: &str) -> String {
    format!("{}\n", serde_json::json!({ "id": id, "article": article }))
}

/// The small cases, one table.
#[test]
fn bad_input_matrix() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let limit = Duration::from_secs(60);

    let arabic = "القاهرة (رويترز) - قال مسؤولون إن الحكومة ستبني جسرا جديدا فوق النهر. \
                  وقال المهندسون إن الجسر القديم لن يصمد شتاء آخر. وسيبدأ العمل في مارس.";
    let chinese = "北京（新华社）——市政府周二宣布将重建河上的旧桥。工程师警告说，桥墩无法再承受一个冬天的洪水。\
                   工程将于三月开始，历时两年。居民们表示对这一决定感到欣慰。";
    let russian = "МОСКВА, 5 марта. Городской совет во вторник проголосовал за восстановление \
                   старого моста. Инженеры предупредили, что опоры не переживут ещё одну зиму. \
                   Работы начнутся в марте и продлятся два года.";
    let hindi = "नई दिल्ली। नगर परिषद ने मंगलवार को नदी पर बने पुराने पुल को फिर से बनाने के लिए \
                 मतदान किया। इंजीनियरों ने चेतावनी दी कि खंभे एक और सर्दी नहीं झेल पाएंगे। काम मार्च में शुरू होगा।";
    let rtl = "\u{202b}שלום\u{202c} The \u{200f}council\u{200e} voted\u{200b} on Tuesday to \
               rebuild the\u{2060} bridge.\u{200d} Engineers \u{202e}warned\u{202c} of floods. \
               \u{feff}Work starts\u{200b}\u{200b} in March.";
    let emoji = "The mayor 👩🏽‍⚖️ opened the café\u{301} on Sunday 🎉🎉. Hundreds of familie\u{300}s \
                 came with their 🐕‍🦺 dogs. Z\u{336}a\u{337}l\u{338}g\u{334}o text ended the day 🇫🇷.";

    let mut truncated = String::new();
    for i in 0..3 {
        truncated.push_str(&jsonl_record(i, STORY));
    }
    truncated.push_str("{\"id\":3,\"article\":\"Cut off in the mid");

    let cases: Vec<Case> = vec![
        (
            "invalid UTF-8",
            vec!["summarize".into(), file(d, "bad.txt", [STORY.as_bytes(), b" \xff\xfe tail."].concat()).display().to_string()],
            None,
            Expect::Error(&["not valid UTF-8", "byte offset", "--lossy"]),
        ),
        (
            "invalid UTF-8 with --lossy",
            vec!["summarize".into(), "--lossy".into(), d.join("bad.txt").display().to_string()],
            None,
            Expect::Highlights(1),
        ),
        (
            "invalid UTF-8 in a JSONL record",
            vec!["summarize".into(), "--input".into(), "jsonl".into(), "-".into()],
            Some([&b"{\"article\":\"bad \xff byte\"}\n"[..]].concat()),
            Expect::Error(&["line 1", "invalid UTF-8"]),
        ),
        (
            "NUL bytes",
            vec!["summarize".into(), "-".into()],
            Some(STORY.replace(". ", ".\0 ").replace("river", "ri\0ver").into_bytes()),
            Expect::Highlights(1),
        ),
        (
            "NUL bytes in JSONL",
            vec!["summarize".into(), "--input".into(), "jsonl".into(), "-".into()],
            Some(jsonl_record(0, &STORY.replace(". ", ".\0 ")).into_bytes()),
            Expect::Records(1),
        ),
        (
            "a BOM in the middle",
            vec!["summarize".into(), "-".into()],
            Some(STORY.replace(". ", ". \u{feff}").into_bytes()),
            Expect::Highlights(1),
        ),
        (
            "a BOM in the middle of JSONL",
            vec!["summarize".into(), "--input".into(), "jsonl".into(), "-".into()],
            Some(format!("{}\u{feff}{}", jsonl_record(0, STORY), jsonl_record(1, STORY)).into_bytes()),
            Expect::Error(&["line 2", "not a JSON object"]),
        ),
        (
            "HTML with only scripts",
            vec!["summarize".into(), file(d, "scripts.html", "<!doctype html><html><head><script>var s = 'The council voted on Tuesday to rebuild the old bridge over the river. Engineers warned.';</script></head><body><script>document.write('<p>' + s + '</p>'.repeat(20))</script><noscript>Enable JavaScript.</noscript><style>p { color: red }</style></body></html>").display().to_string()],
            None,
            Expect::Error(&["scripts.html", "no article"]),
        ),
        (
            "RTL and zero-width characters",
            vec!["summarize".into(), "-".into()],
            Some(rtl.as_bytes().to_vec()),
            Expect::Highlights(1),
        ),
        (
            "emoji and combining marks",
            vec!["summarize".into(), "-".into()],
            Some(emoji.as_bytes().to_vec()),
            Expect::Highlights(1),
        ),
        (
            "Arabic",
            vec!["summarize".into(), "--language".into(), "arabic".into(), "-".into()],
            Some(arabic.as_bytes().to_vec()),
            Expect::Highlights(1),
        ),
        (
            "Chinese",
            vec!["summarize".into(), "-".into()],
            Some(chinese.as_bytes().to_vec()),
            Expect::Highlights(2),
        ),
        (
            "Russian",
            vec!["summarize".into(), "--language".into(), "russian".into(), "-".into()],
            Some(russian.as_bytes().to_vec()),
            Expect::Highlights(2),
        ),
        (
            "Hindi",
            vec!["summarize".into(), "-".into()],
            Some(hindi.as_bytes().to_vec()),
            Expect::Highlights(1),
        ),
        (
            "CRLF line ends",
            vec!["summarize".into(), "-".into()],
            Some(STORY.replace(". ", ".\r\n\r\n").into_bytes()),
            Expect::Highlights(3),
        ),
        (
            "lone CR line ends",
            vec!["summarize".into(), "-".into()],
            Some(STORY.replace(". ", ".\r\r").into_bytes()),
            Expect::Highlights(3),
        ),
        (
            "CRLF in JSONL",
            vec!["summarize".into(), "--input".into(), "jsonl".into(), "-".into()],
            Some(format!("{}{}", jsonl_record(0, STORY), jsonl_record(1, STORY)).replace('\n', "\r\n").into_bytes()),
            Expect::Records(2),
        ),
        (
            "JSONL truncated mid-record",
            vec!["summarize".into(), file(d, "cut.jsonl", &truncated).display().to_string()],
            None,
            Expect::Error(&["cut.jsonl", "line 4", "not valid JSON", "3 records before it"]),
        ),
        (
            "JSONL truncated mid-record, --skip-bad",
            vec!["summarize".into(), "--skip-bad".into(), d.join("cut.jsonl").display().to_string()],
            None,
            Expect::Records(4),
        ),
        (
            "a lone surrogate escape in JSONL",
            vec!["summarize".into(), "--input".into(), "jsonl".into(), "-".into()],
            Some(format!("{}{{\"title\": \"\\ud83d\", \"article\": \"{STORY}\"}}\n", jsonl_record(0, STORY)).into_bytes()),
            Expect::Error(&["line 2", "not valid JSON", "field `title`"]),
        ),
        (
            "a lone surrogate escape in JSONL, --skip-bad",
            vec!["summarize".into(), "--skip-bad".into(), "--input".into(), "jsonl".into(), "-".into()],
            Some(format!("{}{{\"title\": \"\\ud83d\", \"article\": \"{STORY}\"}}\n", jsonl_record(0, STORY)).into_bytes()),
            Expect::Records(2),
        ),
        (
            "a directory as JSONL input",
            vec!["summarize".into(), "--input".into(), "jsonl".into(), d.display().to_string()],
            None,
            Expect::Error(&["is a directory"]),
        ),
        (
            "a directory as -o",
            vec!["summarize".into(), "--input".into(), "jsonl".into(), d.join("cut.jsonl").display().to_string(), "-o".into(), d.display().to_string()],
            None,
            Expect::Error(&["cannot create", "is a directory"]),
        ),
        (
            "a directory given to extract",
            vec!["extract".into(), d.display().to_string()],
            None,
            Expect::Error(&["directory"]),
        ),
    ];
    for (name, args, stdin, expect) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = lede(name, &args, stdin.clone(), limit);
        check(name, &run, expect);
    }
    // The truncated record is passed through with its error, after the three good ones.
    let run = lede(
        "JSONL truncated mid-record, --skip-bad (again)",
        &[
            "summarize",
            "--skip-bad",
            d.join("cut.jsonl").to_str().unwrap(),
        ],
        None,
        limit,
    );
    let last: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["line"], 4);
    assert!(last["error"].as_str().unwrap().contains("not valid JSON"));
}

/// 50 MB on one line: one JSONL record whose article is 50 MB of sentences.
/// Input without an end (`/dev/zero`) is refused by every reader with exit 1 and the limit
/// named, in bounded memory: a line, a text document, a web page, a dataset, summaries.
#[test]
fn input_without_end_is_refused_at_the_record_limit() {
    let cases: &[&[&str]] = &[
        &["summarize", "-"],
        &["summarize", "--input", "jsonl", "-"],
        &["summarize", "--input", "text", "-"],
        &["summarize", "--input", "html", "-"],
        &["segment", "-"],
        &["segment", "--input", "jsonl", "-"],
        &["extract", "-"],
        &["eval", "-"],
        &["rouge", "--pairs", "-"],
    ];
    for case in cases {
        let mut args = vec!["--max-record", "2M"];
        args.extend_from_slice(case);
        let name = case.join(" ");
        let run = lede_fed(&name, &args, Feed::Endless, Duration::from_secs(60));
        assert_eq!(run.status.code(), Some(1), "{name}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("longer than the limit of 2 MiB for one record (--max-record raises it)"),
            "{name}: {}",
            run.stderr
        );
    }
}

/// Records before a record that is too long are summarized and written; the run then stops
/// with exit 1 and names the line.
#[test]
fn records_before_a_too_long_one_are_written() {
    let mut input = String::new();
    for i in 0..3 {
        input.push_str(&jsonl_record(
            i,
            "The council approved the new budget on Monday. It funds schools and roads.",
        ));
    }
    input.push_str(&"x".repeat(5000));
    input.push('\n');
    let run = lede(
        "too long after three records",
        &[
            "--max-record",
            "4K",
            "summarize",
            "--input",
            "jsonl",
            "--output-field",
            "lede",
            "-",
        ],
        Some(input.into_bytes()),
        Duration::from_secs(60),
    );
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("standard input: line 4 is longer than the limit of 4 KiB"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    for line in run.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(
            v["lede"].as_array().is_some_and(|h| !h.is_empty()),
            "{line}"
        );
    }
}

#[test]
fn fifty_megabytes_on_one_line() {
    let mut article = String::with_capacity(50_100_000);
    let mut i = 0usize;
    while article.len() < 50_000_000 {
        article.push_str(&format!(
            "The council approved plan {i} for {} homes on day {} of the year. ",
            i % 977,
            i % 365
        ));
        i += 1;
    }
    let dir = TempDir::new().unwrap();
    let path = file(dir.path(), "big.jsonl", jsonl_record(0, &article));
    drop(article);
    let run = lede(
        "50 MB on one line (JSONL)",
        &["summarize", path.to_str().unwrap()],
        None,
        Duration::from_secs(120),
    );
    check("50 MB on one line", &run, &Expect::Records(1));
    let v: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    // The sentences share words, so trigram blocking may keep fewer than three.
    let n = v["highlights"].as_array().unwrap().len();
    assert!((1..=3).contains(&n), "{n} highlights");
}

/// A million one-word sentences.
#[test]
fn a_million_one_word_sentences() {
    let words = ["Yes.", "No!", "Maybe?", "Stop.", "Go."];
    let text: String = (0..1_000_000)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    let dir = TempDir::new().unwrap();
    let path = file(dir.path(), "words.txt", &text);
    let run = lede(
        "a million one-word sentences",
        &["summarize", path.to_str().unwrap()],
        None,
        Duration::from_secs(120),
    );
    // One-word fragments may all be refused as highlights: a warning and no output.
    assert!(run.status.success(), "{}", run.stderr);
    assert!(
        !run.stdout.trim().is_empty() || run.stderr.contains("no sentence"),
        "{}",
        run.stderr
    );
}

/// 100,000 nested elements around an article, as a web page.
#[test]
fn a_hundred_thousand_nested_elements() {
    let mut page = String::from("<!doctype html><html><body>");
    for i in 0..100_000 {
        page.push_str("<div>");
        if i % 20_000 == 0 {
            page.push_str("<p>");
            page.push_str(STORY);
            page.push_str("</p>");
        }
    }
    page.push_str(&"</div>".repeat(100_000));
    page.push_str("</body></html>");
    let dir = TempDir::new().unwrap();
    let path = file(dir.path(), "nested.html", &page);
    let run = lede(
        "100,000 nested elements",
        &["summarize", path.to_str().unwrap()],
        None,
        Duration::from_secs(60),
    );
    check(
        "100,000 nested elements",
        &run,
        &Expect::ResultOrError(&["no article"]),
    );
}

/// A file that grows while lede reads it: a writer appends records while lede runs. lede
/// ends with a valid result: a prefix of the records, each once, in order, whole.
#[test]
fn a_file_that_grows_while_read() {
    let dir = TempDir::new().unwrap();
    for (name, out) in [
        ("to stdout", None),
        ("to -o FILE", Some(dir.path().join("out.jsonl"))),
    ] {
        let path = dir.path().join("growing.jsonl");
        let mut f = fs::File::create(&path).unwrap();
        for i in 0..2000 {
            f.write_all(jsonl_record(i, STORY).as_bytes()).unwrap();
        }
        f.flush().unwrap();
        let writer = std::thread::spawn(move || {
            // 4,000 more records over about two seconds, each in two writes with a pause
            // between them, so that lede often finds the file ending in the middle of a record
            // (a single write per record does not avoid that either: a reader may see part of a
            // write). Whatever lede finds, the result must be the same kind of result.
            for i in 2000..6000 {
                let record = jsonl_record(i, STORY);
                let (head, tail) = record.as_bytes().split_at(record.len() / 2);
                f.write_all(head).unwrap();
                if i % 4 == 0 {
                    std::thread::sleep(Duration::from_millis(2));
                }
                f.write_all(tail).unwrap();
            }
        });
        let mut args = vec!["summarize", "-m", "lead", path.to_str().unwrap()];
        if let Some(o) = &out {
            args.extend(["-o", o.to_str().unwrap()]);
        }
        let run = lede(
            &format!("a file that grows while read, {name}"),
            &args,
            None,
            Duration::from_secs(60),
        );
        writer.join().unwrap();
        let text = match &out {
            Some(o) => fs::read_to_string(o).unwrap(),
            None => run.stdout,
        };
        assert!(text.is_empty() || text.ends_with('\n'));
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            let v: Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["id"], i, "records out of order or repeated");
            assert!(!v["highlights"].as_array().unwrap().is_empty());
            n = i + 1;
        }
        assert!((2000..=6000).contains(&n), "{n} records");
        // lede read up to where the file ended when it got there: at a record boundary (a
        // result), or in a record (an error naming that record as cut off, after the records
        // before it).
        if !run.status.success() {
            assert_eq!(run.status.code(), Some(1), "{name}: {}", run.stderr);
            let says = format!(
                "line {}: not valid JSON: a record cut off by the end",
                n + 1
            );
            assert!(run.stderr.contains(&says), "{name}: {}", run.stderr);
        }
        eprintln!(
            "a file that grows while read, {name}: {n} of the 6,000 records summarized, {}",
            if run.status.success() {
                "then the end"
            } else {
                "then a cut-off record"
            }
        );
    }
}

/// The states a growing file can be found in, each made on purpose: its last record whole,
/// whole but for its line end, or cut in its JSON or in a character. A record cut off by the
/// end of the input is an error that says so, after the records before it; a whole one without
/// its line end is read; a last line bad for another reason is the usual error.
#[test]
fn a_half_written_last_line() {
    let dir = TempDir::new().unwrap();
    let whole: String = (0..20).map(|i| jsonl_record(i, STORY)).collect();
    let last = jsonl_record(
        20,
        "Caf\u{e9} owners met the mayor. They asked for help. She said yes.",
    );
    let e_acute = last.find('\u{e9}').unwrap();
    let cut = Some("line 21: not valid JSON: a record cut off by the end of the input");
    for (name, tail, records, error) in [
        (
            "cut in its JSON",
            &last.as_bytes()[..last.len() / 2],
            20,
            cut,
        ),
        (
            "cut before its closing brace",
            &last.as_bytes()[..last.len() - 2],
            20,
            cut,
        ),
        (
            "cut in a character",
            &last.as_bytes()[..e_acute + 1],
            20,
            cut,
        ),
        (
            "whole but for its line end",
            &last.as_bytes()[..last.len() - 1],
            21,
            None,
        ),
        ("whole", last.as_bytes(), 21, None),
        (
            "bad, not cut",
            b"{\"id\": 20} junk".as_slice(),
            20,
            Some("line 21: not valid JSON: trailing"),
        ),
    ] {
        for out in [None, Some(dir.path().join("out.jsonl"))] {
            let mut bytes = whole.clone().into_bytes();
            bytes.extend_from_slice(tail);
            let path = file(dir.path(), "cut.jsonl", bytes);
            let mut args = vec!["summarize", "-m", "lead", path.to_str().unwrap()];
            if let Some(o) = &out {
                args.extend(["-o", o.to_str().unwrap()]);
            }
            let run = lede(name, &args, None, Duration::from_secs(60));
            let text = match &out {
                Some(o) => fs::read_to_string(o).unwrap(),
                None => run.stdout.clone(),
            };
            let ids: Vec<Value> = text
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
                .collect();
            assert_eq!(
                ids,
                (0..records).map(Value::from).collect::<Vec<_>>(),
                "{name}"
            );
            match error {
                None => assert!(run.status.success(), "{name}: {}", run.stderr),
                Some(says) => {
                    assert_eq!(run.status.code(), Some(1), "{name}: {}", run.stderr);
                    assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
                }
            }
        }
    }
}

/// A FIFO as input, fed by a writer: JSONL (also resumable output) and auto-detected text.
#[cfg(unix)]
#[test]
fn a_fifo_as_input() {
    let dir = TempDir::new().unwrap();
    for (name, content, args, expect) in [
        (
            "jsonl",
            (0..500).map(|i| jsonl_record(i, STORY)).collect::<String>(),
            vec!["--input", "jsonl", "-o", "OUT"],
            Expect::Records(500),
        ),
        ("text", STORY.to_string(), vec![], Expect::Highlights(3)),
    ] {
        let fifo = dir.path().join(format!("{name}.fifo"));
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success(), "mkfifo");
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                // Blocks until lede opens the FIFO for reading.
                let mut f = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
                f.write_all(content.as_bytes()).unwrap();
            })
        };
        let out = dir.path().join(format!("{name}.out"));
        let mut all = vec!["summarize", fifo.to_str().unwrap()];
        all.extend(args.iter().map(|a| {
            if *a == "OUT" {
                out.to_str().unwrap()
            } else {
                a
            }
        }));
        let mut run = lede(
            &format!("a FIFO ({name})"),
            &all,
            None,
            Duration::from_secs(60),
        );
        writer.join().unwrap();
        if args.contains(&"-o") {
            run.stdout = fs::read_to_string(&out).unwrap();
        }
        check(&format!("a FIFO ({name})"), &run, &expect);
    }
}
