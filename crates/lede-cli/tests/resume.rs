//! Resumable JSONL batch runs: a run killed with SIGKILL at any moment and continued with
//! `--resume` writes every input record exactly once, in input order, with no partial line.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lede"))
}

fn with_suffix(out: &Path, suffix: &str) -> PathBuf {
    let mut s = out.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Waits for `child`, killing it (and failing) after `limit`.
fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(args: &[&str], what: &str) -> Output {
    let child = lede()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_within(child, Duration::from_secs(120), what);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{what} panicked: {stderr}");
    out
}

fn run_ok(args: &[&str], what: &str) -> String {
    let out = run(args, what);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{what} failed: {stderr}");
    stderr
}

fn run_fails(args: &[&str], what: &str, needles: &[&str]) -> String {
    let out = run(args, what);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{what} should have failed");
    for n in needles {
        assert!(
            stderr.contains(n),
            "{what}: stderr should say {n:?}: {stderr}"
        );
    }
    stderr
}

/// The checkpoint's count of input lines consumed, if there is a checkpoint.
fn checkpoint_lines(out: &Path) -> Option<u64> {
    let text = fs::read_to_string(with_suffix(out, ".checkpoint")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    v["input_lines"].as_u64()
}

/// Compares two JSONL outputs record by record.
fn assert_same_records(got: &[u8], want: &[u8]) {
    assert!(got.ends_with(b"\n"), "the output ends in a partial line");
    let got: Vec<&[u8]> = got.split(|&b| b == b'\n').collect();
    let want: Vec<&[u8]> = want.split(|&b| b == b'\n').collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            g == w,
            "record {} differs:\n got: {}\nwant: {}",
            i + 1,
            String::from_utf8_lossy(&g[..g.len().min(300)]),
            String::from_utf8_lossy(&w[..w.len().min(300)])
        );
    }
    assert_eq!(got.len(), want.len(), "number of records");
}

/// `n` short records; every `bad_every`-th line is not JSON (0: none).
fn records(n: usize, bad_every: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..n {
        if bad_every > 0 && i % bad_every == bad_every - 1 {
            v.extend_from_slice(format!("not a record {i}\n").as_bytes());
        } else {
            v.extend_from_slice(
                format!(
                    "{{\"id\":{i},\"article\":\"Record {i} says the council met on day {i}. \
                     The vote on plan {i} passed easily. Residents of ward {i} were pleased.\"}}\n"
                )
                .as_bytes(),
            );
        }
    }
    v
}

/// Starts `lede summarize --input jsonl - -o OUT ARGS` with the first `lines` lines of `input`
/// on standard input, which then stays open: the run commits one batch of 256 records and
/// waits for more input. The run is then killed with SIGKILL, leaving its partial output and
/// checkpoint.
fn interrupted_run(input: &[u8], lines: usize, out: &Path, args: &[&str]) {
    let mut cmd = lede();
    cmd.args([
        "summarize",
        "--input",
        "jsonl",
        "-",
        "-o",
        out.to_str().unwrap(),
    ])
    .args(args)
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let head: Vec<u8> = input
        .split_inclusive(|&b| b == b'\n')
        .take(lines)
        .flatten()
        .copied()
        .collect();
    stdin.write_all(&head).unwrap();
    stdin.flush().unwrap();
    let start = Instant::now();
    while checkpoint_lines(out) != Some(256) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no checkpoint after the first batch"
        );
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
}

fn a_killed_run_resumes_with_every_record_once_and_counts_bad_records_across_runs() {
    let dir = TempDir::new().unwrap();
    let input = records(700, 9);
    let in_path = dir.path().join("in.jsonl");
    fs::write(&in_path, &input).unwrap();
    let inp = in_path.to_str().unwrap();
    let reference = dir.path().join("ref.jsonl");
    let stderr = run_ok(
        &[
            "summarize",
            "--skip-bad",
            "-m",
            "lead",
            inp,
            "-o",
            reference.to_str().unwrap(),
        ],
        "uninterrupted run",
    );
    assert!(
        stderr.contains("623 records summarized; 77 bad records"),
        "{stderr}"
    );

    let out = dir.path().join("out.jsonl");
    interrupted_run(&input, 300, &out, &["--skip-bad", "-m", "lead"]);
    assert!(!out.exists(), "a killed run leaves nothing at OUT");
    let partial = with_suffix(&out, ".partial");
    // A batch that was being written when the run was killed: half a record after the
    // checkpoint. --resume drops it.
    fs::OpenOptions::new()
        .append(true)
        .open(&partial)
        .unwrap()
        .write_all(b"{\"id\":256,\"article\":\"Rec")
        .unwrap();

    let stderr = run_ok(
        &[
            "summarize",
            "--skip-bad",
            "-m",
            "lead",
            inp,
            "-o",
            out.to_str().unwrap(),
            "--resume",
        ],
        "resumed run",
    );
    assert!(stderr.contains("resuming at line 257"), "{stderr}");
    // The counts include the records of the killed run.
    assert!(
        stderr.contains("623 records summarized; 77 bad records"),
        "{stderr}"
    );
    assert!(!partial.exists() && !with_suffix(&out, ".checkpoint").exists());
    assert_same_records(&fs::read(&out).unwrap(), &fs::read(&reference).unwrap());

    // The finished run is not resumed again: with no checkpoint, --resume starts over.
    let stderr = run_ok(
        &[
            "summarize",
            "--skip-bad",
            "-m",
            "lead",
            inp,
            "-o",
            out.to_str().unwrap(),
            "--resume",
        ],
        "resume of a finished run",
    );
    assert!(stderr.contains("nothing to resume"), "{stderr}");
    assert_same_records(&fs::read(&out).unwrap(), &fs::read(&reference).unwrap());
}

fn resume_refuses_a_changed_input_other_options_and_a_damaged_partial() {
    let dir = TempDir::new().unwrap();
    let input = records(400, 0);
    let in_path = dir.path().join("in.jsonl");
    fs::write(&in_path, &input).unwrap();
    let inp = in_path.to_str().unwrap();
    let out = dir.path().join("out.jsonl");
    let o = out.to_str().unwrap();
    interrupted_run(&input, 300, &out, &[]);
    let partial = with_suffix(&out, ".partial");
    let before = fs::read(&partial).unwrap();

    // Without --resume, the unfinished run is not overwritten.
    run_fails(
        &["summarize", inp, "-o", o],
        "a fresh run over an unfinished one",
        &["unfinished run", "--resume"],
    );
    assert_eq!(fs::read(&partial).unwrap(), before);

    // Options that change the output.
    run_fails(
        &["summarize", inp, "-o", o, "--resume", "-m", "lead"],
        "resume with another method",
        &["options that change the output differ", "Lead"],
    );
    run_fails(
        &[
            "summarize",
            inp,
            "-o",
            o,
            "--resume",
            "--output-field",
            "lede",
        ],
        "resume with another output field",
        &["output-field=lede"],
    );
    run_fails(
        &["summarize", inp, "-o", o, "--resume", "-n", "2"],
        "resume with another budget",
        &["Sentences(2)"],
    );
    // Another model file (here the built-in model's content, from a file: the content is
    // recorded, so even the same trees under a name differ from "built-in").
    let model = dir.path().join("model.json");
    fs::write(&model, include_str!("../../lede/models/learned.json")).unwrap();
    run_fails(
        &[
            "summarize",
            inp,
            "-o",
            o,
            "--resume",
            "--model",
            model.to_str().unwrap(),
        ],
        "resume with another model",
        &["model="],
    );

    // An input whose consumed part changed: one byte, or cut short.
    let mut changed = input.clone();
    let at = changed.iter().position(|&b| b == b'7').unwrap();
    changed[at] = b'8';
    let changed_path = dir.path().join("changed.jsonl");
    fs::write(&changed_path, &changed).unwrap();
    run_fails(
        &[
            "summarize",
            changed_path.to_str().unwrap(),
            "-o",
            o,
            "--resume",
        ],
        "resume over a changed input",
        &["input has changed"],
    );
    let short_path = dir.path().join("short.jsonl");
    fs::write(&short_path, &input[..1000]).unwrap();
    run_fails(
        &[
            "summarize",
            "--input",
            "jsonl",
            short_path.to_str().unwrap(),
            "-o",
            o,
            "--resume",
        ],
        "resume over a shorter input",
        &["has changed", "shorter"],
    );

    // A partial file that lost committed output.
    fs::write(&partial, &before[..before.len() / 2]).unwrap();
    run_fails(
        &["summarize", inp, "-o", o, "--resume"],
        "resume over a truncated partial",
        &["does not hold"],
    );
    fs::write(&partial, &before).unwrap();

    // --resume needs JSONL written to a file.
    run_fails(
        &["summarize", inp, "--resume"],
        "resume to stdout",
        &["-o FILE"],
    );

    // After all that, the run still resumes, and appending to the input is fine.
    let mut grown = input.clone();
    grown.extend_from_slice(&records(401, 0)[input.len()..]);
    fs::write(&in_path, &grown).unwrap();
    run_ok(&["summarize", inp, "-o", o, "--resume"], "resume");
    let reference = dir.path().join("ref.jsonl");
    run_ok(
        &["summarize", inp, "-o", reference.to_str().unwrap()],
        "reference",
    );
    assert_same_records(&fs::read(&out).unwrap(), &fs::read(&reference).unwrap());
    assert_eq!(fs::read(&out).unwrap().split(|&b| b == b'\n').count(), 402);
}

/// A small deterministic generator for the kill points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The 4,368 validation articles, summarized in one run and in a run killed with SIGKILL at
/// seeded random points (spread over the run by the size of the partial output, plus a random
/// delay) and resumed each time: the outputs are the same, record by record.
fn killed_at_random_points_over_the_validation_set_the_resumed_output_is_identical() {
    let Some(data) = lede_testdata::shared_file("cnn_dailymail_tokenized/validation.jsonl") else {
        return;
    };
    let dir = TempDir::new().unwrap();
    let input = data.to_str().unwrap();
    let args = |out: &Path| -> Vec<String> {
        [
            "summarize",
            "--input",
            "jsonl",
            "--output-field",
            "lede",
            input,
            "-o",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([out.to_str().unwrap().to_string()])
        .collect()
    };
    let reference = dir.path().join("reference.jsonl");
    let started = Instant::now();
    let a = args(&reference);
    run_ok(
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        "uninterrupted run",
    );
    let reference_time = started.elapsed();
    let want = fs::read(&reference).unwrap();
    assert_eq!(want.iter().filter(|&&b| b == b'\n').count(), 4368);

    let out = dir.path().join("out.jsonl");
    let partial = with_suffix(&out, ".partial");
    let seed = 0x1ede_5eed_u64;
    let mut rng = Rng(seed);
    // Kill points: fractions of the output size, sorted, so the kills spread over the run;
    // the first comes before the first checkpoint.
    let mut points: Vec<u64> = (0..7)
        .map(|_| rng.below(want.len() as u64 * 9 / 10))
        .collect();
    points.sort_unstable();
    points[0] = 0;
    let started = Instant::now();
    let mut kills = 0;
    let mut attempts = 0;
    for &point in &points {
        attempts += 1;
        let mut a = args(&out);
        a.push("--resume".into());
        a.push("--quiet".into());
        let mut child = lede()
            .args(&a)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let t0 = Instant::now();
        let mut finished = false;
        loop {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            let size = fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
            if size >= point {
                break;
            }
            assert!(t0.elapsed() < Duration::from_secs(120), "run is stuck");
            std::thread::sleep(Duration::from_millis(2));
        }
        if finished {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            break;
        }
        std::thread::sleep(Duration::from_millis(rng.below(40)));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        if !status.success() {
            kills += 1;
            eprintln!(
                "kill {kills}: partial output {} bytes at the kill point {point}, checkpoint at line {:?}",
                fs::metadata(&partial).map(|m| m.len()).unwrap_or(0),
                checkpoint_lines(&out)
            );
        }
    }
    let mut a = args(&out);
    a.push("--resume".into());
    run_ok(
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        "final resume",
    );
    eprintln!(
        "validation set: uninterrupted run {:.1} s; {kills} kills in {attempts} attempts, then \
         resumed to the end, {:.1} s in all (seed {seed:#x})",
        reference_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(kills >= 5, "only {kills} kills landed");
    assert!(!partial.exists() && !with_suffix(&out, ".checkpoint").exists());
    assert_same_records(&fs::read(&out).unwrap(), &want);
}

/// `-o` naming something that is not a regular file (a FIFO, a link; /dev/null is the common
/// case) is written directly: the journal's rename at the end must never replace it with a
/// file. `--resume` to such an output is refused.
#[cfg(unix)]
fn outputs_that_are_not_regular_files_are_written_directly_and_kept() {
    use std::io::Read;
    use std::os::unix::fs::{symlink, FileTypeExt};
    let dir = TempDir::new().unwrap();
    let input = records(20, 0);
    let in_path = dir.path().join("in.jsonl");
    fs::write(&in_path, &input).unwrap();
    let inp = in_path.to_str().unwrap();

    let fifo = dir.path().join("out.fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        fs::File::open(reader_path)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    });
    run_ok(
        &["summarize", inp, "-o", fifo.to_str().unwrap(), "-q"],
        "write to a FIFO",
    );
    let got = reader.join().unwrap();
    assert_eq!(got.lines().count(), 20, "every record through the FIFO");
    let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO: {kind:?}");
    assert!(!with_suffix(&fifo, ".partial").exists());

    let target = dir.path().join("target.jsonl");
    fs::write(&target, "").unwrap();
    let link = dir.path().join("link.jsonl");
    symlink(&target, &link).unwrap();
    run_ok(
        &["summarize", inp, "-o", link.to_str().unwrap(), "-q"],
        "write through a link",
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert_eq!(fs::read_to_string(&target).unwrap().lines().count(), 20);

    run_fails(
        &["summarize", inp, "-o", link.to_str().unwrap(), "--resume"],
        "resume to a link",
        &["--resume needs -o to name a regular file"],
    );
}

/// Two runs writing the same `-o OUT`: the second refuses at once, naming the first (its
/// process id and command), and the first finishes with every record once. The first run
/// reads standard input, which this test holds open, so it is still running when the second
/// starts; the second starts only once the lock file names the first.
fn a_second_run_writing_the_same_output_is_refused() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out.jsonl");
    let out_s = out.to_str().unwrap();
    let record = |i: usize| {
        format!(
            "{}\n",
            serde_json::json!({"id": i, "article": format!("Story {i} opens here. The council met on Monday and voted. Residents were pleased.")})
        )
    };
    let mut first = lede()
        .args(["summarize", "--input", "jsonl", "-q", "-", "-o", out_s])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(record(0).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let lock = with_suffix(&out, ".lock");
    let holder = format!("process {}:", first.id());
    let start = Instant::now();
    while !fs::read_to_string(&lock).is_ok_and(|s| s.starts_with(&holder)) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the first run never locked its output"
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    let second = run(
        &["summarize", "--input", "jsonl", "-q", "-", "-o", out_s],
        "the second run",
    );
    assert_eq!(second.status.code(), Some(1));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains(&format!(
            "{out_s} is being written by another lede run ({holder} "
        )) && err.contains("lede summarize --input jsonl -q - -o"),
        "{err}"
    );

    for i in 1..5 {
        stdin.write_all(record(i).as_bytes()).unwrap();
    }
    drop(stdin);
    let done = wait_within(first, Duration::from_secs(60), "the first run");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let ids: Vec<u64> = fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    assert!(!lock.exists(), "the lock file is removed when the run ends");
    // The output is free again.
    let input = dir.path().join("in.jsonl");
    fs::write(&input, record(7)).unwrap();
    run_ok(
        &[
            "summarize",
            "--input",
            "jsonl",
            "-q",
            input.to_str().unwrap(),
            "-o",
            out_s,
        ],
        "a later run",
    );
    assert!(fs::read_to_string(&out).unwrap().contains("\"id\":7"));
}

lede_testdata::test_main!(
    a_killed_run_resumes_with_every_record_once_and_counts_bad_records_across_runs,
    resume_refuses_a_changed_input_other_options_and_a_damaged_partial,
    killed_at_random_points_over_the_validation_set_the_resumed_output_is_identical,
    outputs_that_are_not_regular_files_are_written_directly_and_kept,
    a_second_run_writing_the_same_output_is_refused,
    links_planted_beside_the_output_are_not_written_through,
);

/// A symbolic link planted at a name lede writes beside its output (`OUT.partial`,
/// `OUT.lock`) is refused, not written through: neither the link's target nor the input is
/// touched.
fn links_planted_beside_the_output_are_not_written_through() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in.jsonl");
    let data = records(5, 0);
    fs::write(&input, &data).unwrap();
    let victim = dir.path().join("victim.txt");
    let out = dir.path().join("out.jsonl");
    let args = [
        "summarize",
        "--output-field",
        "lede",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    for (suffix, target) in [
        (".partial", &victim),
        (".partial", &input),
        (".lock", &victim),
    ] {
        fs::write(&victim, "precious data\n").unwrap();
        let link = with_suffix(&out, suffix);
        std::os::unix::fs::symlink(target, &link).unwrap();
        let what = format!("a link at {suffix} to {}", target.display());
        run_fails(&args, &what, &["is a symbolic link"]);
        assert_eq!(
            fs::read_to_string(&victim).unwrap(),
            "precious data\n",
            "{what}"
        );
        assert_eq!(fs::read(&input).unwrap(), data, "{what}");
        assert!(!out.exists(), "{what}");
        fs::remove_file(&link).unwrap();
        let _ = fs::remove_file(with_suffix(&out, ".lock"));
    }
    // With the links gone, the run writes its output.
    run_ok(&args, "the run without links");
    assert_eq!(fs::read_to_string(&out).unwrap().lines().count(), 5);
}
