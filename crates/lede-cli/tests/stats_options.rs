//! The statistics options of `lede rouge` and `lede eval` follow one convention: `--confidence`
//! is a level between 0 and 1 (a percentage is refused with what was meant), and both have the
//! same default seed.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = lede().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, Some(0), "lede {args:?} failed: {stderr}");
    stdout
}

/// The output without rouge's timing ("4 pairs scored in 0.00 s; ..."), which varies.
fn untimed(out: &str) -> String {
    out.lines()
        .map(|l| match l.find(" scored in ") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn write(dir: &TempDir, name: &str, text: &str) -> String {
    let p: PathBuf = dir.path().join(name);
    fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

const SYSTEM: &str = "Kerry convenes a dozen countries in Vienna.\n\
The bridge will close for two years.\nOfficials said talks continue.\n\
A storm cut power to thousands.\n";
const REFERENCE: &str = "Kerry meets a dozen countries in Vienna on Syria.\n\
The harbor bridge closes for repairs.\nTalks go on, officials say.\n\
Storm cuts power to thousands; schools closed.\n";

fn eval_dataset(dir: &TempDir) -> String {
    let mut text = String::new();
    for (i, (article, reference)) in [
        (
            "Police arrested two men after a bank robbery in Leeds on Friday. The weather was \
             mild. The bank said no money was taken. A spokesman declined to comment.",
            "Two men arrested after bank robbery in Leeds.",
        ),
        (
            "The city council approved a new bridge over the river on Tuesday. Construction will \
             begin in March. The bridge will cost 40 million dollars. The mayor called it historic.",
            "Council approves 40 million dollar bridge.",
        ),
    ]
    .iter()
    .enumerate()
    {
        let rec = serde_json::json!({"id": i, "article": article, "highlights": [reference]});
        text.push_str(&format!("{rec}\n"));
    }
    write(dir, "data.jsonl", &text)
}

#[test]
fn confidence_is_a_level_in_rouge_and_eval_and_a_percentage_is_refused() {
    let dir = TempDir::new().unwrap();
    let sys = write(&dir, "system.txt", SYSTEM);
    let reference = write(&dir, "reference.txt", REFERENCE);
    let data = eval_dataset(&dir);
    let rouge = |extra: &[&str]| {
        let mut args = vec![
            "rouge",
            sys.as_str(),
            reference.as_str(),
            "--compat",
            "rouge-score",
        ];
        args.extend(extra);
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>()
    };
    let eval = |extra: &[&str]| {
        let mut args = vec!["eval", data.as_str(), "-m", "lead", "--no-timings"];
        args.extend(extra);
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>()
    };
    for args in [rouge(&[]), eval(&[])] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // A level: 0.95 means 95% intervals (rouge once read it as 0.95%).
        let level = ok(&[&args[..], &["--confidence", "0.95"]].concat());
        assert_eq!(
            untimed(&level),
            untimed(&ok(&args)),
            "0.95 is the default: {args:?}"
        );
        if args[0] == "rouge" {
            assert!(level.contains("95% CI"), "{level}");
            let other = ok(&[&args[..], &["--confidence", "0.9"]].concat());
            assert!(other.contains("90% CI"), "{other}");
        }
        // A percentage is refused, saying what was meant.
        let (code, _, stderr) = run(&[&args[..], &["--confidence", "95"]].concat());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("not a percentage") && stderr.contains("write 0.95"),
            "{args:?}: {stderr}"
        );
        for bad in ["0", "1", "100", "-0.5", "nan", "x"] {
            let flag = format!("--confidence={bad}");
            let (code, _, stderr) = run(&[&args[..], &[flag.as_str()]].concat());
            assert_eq!(code, Some(2), "{args:?} --confidence {bad}: {stderr}");
            assert!(stderr.contains("between 0 and 1"), "{bad}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        // --help says so.
        let help = ok(&[args[0], "--help"]);
        assert!(help.contains("between 0 and 1: 0.95 for 95%"), "{help}");
        assert!(help.contains("--confidence <LEVEL>"), "{help}");
    }
}

#[test]
fn rouge_and_eval_have_the_same_default_seed() {
    let seed_default = |command: &str| {
        let help = ok(&[command, "--help"]);
        let at = help.find("--seed").expect("a --seed option");
        let rest = &help[at..];
        let end = rest.find("\n  -").unwrap_or(rest.len());
        let option = &rest[..end];
        let d = option.find("[default: ").expect("a default") + 10;
        option[d..option[d..].find(']').unwrap() + d].to_string()
    };
    assert_eq!(seed_default("rouge"), seed_default("eval"));
    // And the default is what a run uses: the same intervals as --seed 1.
    let dir = TempDir::new().unwrap();
    let sys = write(&dir, "system.txt", SYSTEM);
    let reference = write(&dir, "reference.txt", REFERENCE);
    let json = |extra: &[&str]| -> Value {
        let mut args = vec![
            "rouge",
            &sys,
            &reference,
            "--compat",
            "rouge-score",
            "--json",
        ];
        args.extend(extra);
        let mut v: Value = serde_json::from_str(&ok(&args)).unwrap();
        v.as_object_mut().unwrap().remove("seconds");
        v
    };
    assert_eq!(seed_default("rouge"), "1");
    assert_eq!(json(&[]), json(&["--seed", "1"]));
}
