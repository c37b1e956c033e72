//! End-to-end tests of `lede train` and of model files: the same data and seed give the same
//! model file byte for byte (whatever the threads), a trained model is used by `--model` (a
//! cut model, from `lede train --compress`, by `--cut-model`), and a model of another feature
//! set or a broken file is refused with a clear error.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn lede() -> Command {
    Command::cargo_bin("lede").expect("the lede binary is built")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = lede().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A slice of the shared training split: the first `n` records.
fn slice(dir: &TempDir, n: usize) -> Option<std::path::PathBuf> {
    let train = lede_testdata::shared_file("cnn_dailymail_tokenized/train-00.jsonl")?;
    let text = fs::read_to_string(train).unwrap();
    let part: String = text.lines().take(n).map(|l| format!("{l}\n")).collect();
    let p = dir.path().join("slice.jsonl");
    fs::write(&p, part).unwrap();
    Some(p)
}

fn training_reproduces_the_model_byte_for_byte_and_the_model_is_used() {
    let dir = TempDir::new().unwrap();
    let Some(data) = slice(&dir, 300) else {
        return;
    };
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let common = ["--iterations", "15", "-q"];
    let (ok, _, err) = run(&[
        &["train", s(&data), "-o", s(&a), "--threads", "2"][..],
        &common,
    ]
    .concat());
    assert!(ok, "{err}");
    let (ok, _, err) = run(&[
        &["train", s(&data), "-o", s(&b), "--threads", "1"][..],
        &common,
    ]
    .concat());
    assert!(ok, "{err}");
    let (ma, mb) = (fs::read(&a).unwrap(), fs::read(&b).unwrap());
    assert!(ma == mb, "two trainings on the same data and seed differ");
    let model: Value = serde_json::from_slice(&ma).unwrap();
    assert_eq!(model["format"], "lede-learned-model");
    assert_eq!(model["trees"].as_array().unwrap().len(), 15);
    assert_eq!(model["training"]["documents"], 300);

    // Another seed gives another model.
    let c = dir.path().join("c.json");
    let (ok, _, err) = run(&[
        &["train", s(&data), "-o", s(&c), "--seed", "2"][..],
        &common,
    ]
    .concat());
    assert!(ok, "{err}");
    assert_ne!(fs::read(&c).unwrap(), ma);

    // The model is used: highlights from it, with its scores.
    let article = dir.path().join("a.txt");
    fs::write(
        &article,
        "The council voted on Tuesday to close the Harbor Street bridge for repairs. Engineers \
         found cracks in two of its steel supports last month. \"It is not safe,\" the mayor \
         said. A ferry will carry commuters while the work goes on. The repairs will cost \
         $4 million, officials said.",
    )
    .unwrap();
    let (ok, out, err) = run(&["summarize", "--model", s(&a), "-f", "json", s(&article)]);
    assert!(ok, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["method"], "learned");
    assert_eq!(doc["highlights"].as_array().unwrap().len(), 3);
}

fn mismatched_and_broken_model_files_are_refused() {
    let dir = TempDir::new().unwrap();
    let article = dir.path().join("a.txt");
    fs::write(
        &article,
        "One sentence here. Another sentence there. A third one too.",
    )
    .unwrap();
    let builtin: Value =
        serde_json::from_str(include_str!("../../lede/models/learned.json")).unwrap();

    let mut other = builtin.clone();
    other["feature_set"] = Value::from(builtin["feature_set"].as_u64().unwrap() + 1);
    let p = dir.path().join("other.json");
    fs::write(&p, other.to_string()).unwrap();
    let (ok, _, err) = run(&["summarize", "--model", s(&p), s(&article)]);
    assert!(!ok);
    assert!(
        err.contains("feature set") && err.contains("retrain"),
        "{err}"
    );
    assert!(err.contains("other.json"), "the file is named: {err}");

    let broken = dir.path().join("broken.json");
    fs::write(
        &broken,
        "{\"format\": \"lede-learned-model\", \"trees\": 3}",
    )
    .unwrap();
    let (ok, _, err) = run(&["summarize", "--model", s(&broken), s(&article)]);
    assert!(!ok && err.contains("cannot use the model file"), "{err}");

    let (ok, _, err) = run(&[
        "summarize",
        "--model",
        s(&dir.path().join("absent.json")),
        s(&article),
    ]);
    assert!(!ok && err.contains("cannot read the model file"), "{err}");

    let (ok, _, err) = run(&[
        "summarize",
        "--method",
        "lead",
        "--model",
        s(&p),
        s(&article),
    ]);
    assert!(
        !ok && err.contains("--model is for the learned method"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

fn the_default_method_is_the_learned_one() {
    let dir = TempDir::new().unwrap();
    let article = dir.path().join("a.txt");
    fs::write(
        &article,
        "One sentence here. Another sentence there. A third one too. And a fourth.",
    )
    .unwrap();
    let (ok, out, err) = run(&["summarize", "-f", "json", s(&article)]);
    assert!(ok, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["method"], "learned");
}

/// `lede train --compress`: the same data give the same cut model byte for byte, whatever the
/// threads; `--cut-threshold` is kept in it; `--cut-model` uses it (a threshold of 0 cuts
/// what the rules allow), and a broken or absent cut model file is refused by name.
fn cut_model_training_reproduces_and_the_model_is_used() {
    let dir = TempDir::new().unwrap();
    let Some(data) = slice(&dir, 300) else {
        return;
    };
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    for (out, threads) in [(&a, "2"), (&b, "1")] {
        let (ok, _, err) = run(&[
            "train",
            "--compress",
            s(&data),
            "-o",
            s(out),
            "--threads",
            threads,
            "--cut-threshold",
            "0.6",
            "-q",
        ]);
        assert!(ok, "{err}");
    }
    let (ma, mb) = (fs::read(&a).unwrap(), fs::read(&b).unwrap());
    assert!(ma == mb, "two cut-model trainings on the same data differ");
    let model: Value = serde_json::from_slice(&ma).unwrap();
    assert_eq!(model["format"], "lede-cut-model");
    assert_eq!(model["threshold"], 0.6);
    assert!(
        model["trained"].as_str().unwrap().contains("300 articles"),
        "{}",
        model["trained"]
    );
    let weights = model["weights"].as_array().unwrap();
    assert!(weights.iter().any(|w| w.as_f64().unwrap() != 0.0));

    // The model is used: with every span the rules allow cut, the attribution goes.
    let article = dir.path().join("a.txt");
    fs::write(
        &article,
        "The Harbor Street bridge will close for at least six months after inspectors found \
         cracks in two of its steel supports, city officials said on Tuesday.",
    )
    .unwrap();
    let (ok, out, err) = run(&[
        "summarize",
        "--compress",
        "--cut-model",
        s(&a),
        "--cut-threshold",
        "0",
        "-f",
        "json",
        s(&article),
    ]);
    assert!(ok, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let h = &doc["highlights"][0];
    assert!(!h["cuts"].as_array().unwrap().is_empty(), "{h}");
    assert!(
        !h["text"].as_str().unwrap().contains("officials said"),
        "{h}"
    );

    let broken = dir.path().join("broken.json");
    fs::write(&broken, "{\"format\": \"lede-cut-model\", \"weights\": 3}").unwrap();
    for (file, message) in [
        (broken, "broken.json"),
        (dir.path().join("absent.json"), "absent.json"),
    ] {
        let (ok, _, err) = run(&[
            "summarize",
            "--compress",
            "--cut-model",
            s(&file),
            s(&article),
        ]);
        assert!(!ok && err.contains(message), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

lede_testdata::test_main!(
    training_reproduces_the_model_byte_for_byte_and_the_model_is_used,
    cut_model_training_reproduces_and_the_model_is_used,
    mismatched_and_broken_model_files_are_refused,
    the_default_method_is_the_learned_one,
);
