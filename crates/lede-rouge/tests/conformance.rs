//! Conformance with the reference implementations, on the vectors they printed themselves
//! (shared data `rouge_conformance`): ROUGE-1.5.5 with and without `-m`, and rouge-score 0.1.2
//! with and without its stemmer.

use std::collections::HashMap;

use lede_rouge::{Config, Metric, Mode, Rouge, Score};
use serde_json::Value;

struct Pair {
    id: String,
    system: Vec<String>,
    references: Vec<Vec<String>>,
}

fn sentences(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .map(|s| s.as_str().expect("sentence").to_string())
            .collect(),
        other => panic!("not a summary: {other}"),
    }
}

fn pairs() -> Option<Vec<Pair>> {
    let path = lede_testdata::shared_file("rouge_conformance/pairs.jsonl")?;
    Some(
        lede_testdata::read_jsonl(&path)
            .iter()
            .map(|p| Pair {
                id: p["id"].as_str().unwrap().to_string(),
                system: sentences(&p["system"]),
                references: p["references"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(sentences)
                    .collect(),
            })
            .collect(),
    )
}

fn expected(rel: &str) -> Option<Vec<Value>> {
    let path = lede_testdata::shared_file(rel)?;
    Some(lede_testdata::read_jsonl(&path))
}

fn score(v: &Value) -> Score {
    Score {
        recall: v["r"].as_f64().unwrap(),
        precision: v["p"].as_f64().unwrap(),
        f: v["f"].as_f64().unwrap(),
    }
}

/// Every metric of every pair as ROUGE-1.5.5 printed it (`-n 2 -2 4 -u -w 1.2`), within half a
/// unit of its fifth decimal.
fn check_perl(stem: bool, file: &str) {
    let (Some(pairs), Some(expected)) = (pairs(), expected(file)) else {
        return;
    };
    let by_id: HashMap<&str, &Pair> = pairs.iter().map(|p| (p.id.as_str(), p)).collect();
    let rouge = Rouge::new(Config {
        mode: Mode::Perl,
        metrics: vec![
            Metric::N(1),
            Metric::N(2),
            Metric::Lsum,
            Metric::W(1.2),
            Metric::S {
                skip: Some(4),
                unigrams: true,
            },
        ],
        stem,
        ..Config::default()
    })
    .unwrap();
    let names = ["ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-W-1.2", "ROUGE-SU4"];
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in &expected {
        let id = e["id"].as_str().unwrap();
        let pair = by_id[id];
        let got = rouge.score(&pair.system, &pair.references).unwrap();
        for (name, g) in names.iter().zip(&got) {
            let want = score(&e[*name]);
            checked += 1;
            let close = |a: f64, b: f64| (a - b).abs() <= 0.000005 + 1e-12;
            if !(close(g.recall, want.recall)
                && close(g.precision, want.precision)
                && close(g.f, want.f))
            {
                failures.push(format!("{id} {name}: got {g:?}, Perl printed {want:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} scores differ from ROUGE-1.5.5 (stem={stem}); first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(15)].join("\n")
    );
    assert_eq!(checked, expected.len() * names.len());
}

fn perl_stemmed_matches_rouge_155() {
    check_perl(true, "rouge_conformance/perl155_stem.jsonl");
}

fn perl_unstemmed_matches_rouge_155() {
    check_perl(false, "rouge_conformance/perl155_nostem.jsonl");
}

fn rouge_score_mode_matches_rouge_score_012() {
    let (Some(pairs), Some(expected)) = (pairs(), expected("rouge_conformance/rouge_score.jsonl"))
    else {
        return;
    };
    let by_id: HashMap<&str, &Pair> = pairs.iter().map(|p| (p.id.as_str(), p)).collect();
    let metrics = vec![Metric::N(1), Metric::N(2), Metric::L, Metric::Lsum];
    let scorers: Vec<Rouge> = [false, true]
        .iter()
        .map(|&stem| {
            Rouge::new(Config {
                mode: Mode::RougeScore,
                metrics: metrics.clone(),
                stem,
                ..Config::default()
            })
            .unwrap()
        })
        .collect();
    let names = ["rouge1", "rouge2", "rougeL", "rougeLsum"];
    let mut failures = Vec::new();
    for e in &expected {
        let id = e["id"].as_str().unwrap();
        let stem = e["use_stemmer"].as_bool().unwrap();
        let pair = by_id[id];
        let got = scorers[stem as usize]
            .score(&pair.system, &pair.references)
            .unwrap();
        for (name, g) in names.iter().zip(&got) {
            let want = score(&e[*name]);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9;
            if !(close(g.recall, want.recall)
                && close(g.precision, want.precision)
                && close(g.f, want.f))
            {
                failures.push(format!(
                    "{id} stem={stem} {name}: got {g:?}, rouge-score printed {want:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} scores differ from rouge-score 0.1.2; first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(15)].join("\n")
    );
}

/// On ASCII-only text the Unicode mode counts exactly what ROUGE-1.5.5 counts: its recall and
/// precision, printed to five decimals, are the script's.
fn unicode_mode_equals_perl_on_ascii_text() {
    let Some(pairs) = pairs() else { return };
    let metrics = Metric::perl_set();
    for stem in [false, true] {
        let make = |mode| {
            Rouge::new(Config {
                mode,
                metrics: metrics.clone(),
                stem,
                ..Config::default()
            })
            .unwrap()
        };
        let (perl, unicode) = (make(Mode::Perl), make(Mode::Unicode));
        let mut compared = 0;
        for pair in &pairs {
            let ascii = pair.system.iter().all(|s| s.is_ascii())
                && pair.references.iter().flatten().all(|s| s.is_ascii());
            if !ascii {
                continue;
            }
            compared += 1;
            let p = perl.score(&pair.system, &pair.references).unwrap();
            let u = unicode.score(&pair.system, &pair.references).unwrap();
            for ((m, p), u) in metrics.iter().zip(&p).zip(&u) {
                let r5 = |x: f64| format!("{x:.5}");
                assert_eq!(r5(u.recall), r5(p.recall), "{} {m} stem={stem}", pair.id);
                assert_eq!(
                    r5(u.precision),
                    r5(p.precision),
                    "{} {m} stem={stem}",
                    pair.id
                );
                // The script computes F from its rounded R and P; do the same with ours.
                let (ur, up): (f64, f64) = (
                    r5(u.recall).parse().unwrap(),
                    r5(u.precision).parse().unwrap(),
                );
                let f = if ur + up > 0.0 {
                    up * ur / (0.5 * up + 0.5 * ur)
                } else {
                    0.0
                };
                assert_eq!(r5(f), r5(p.f), "{} {m} stem={stem}", pair.id);
                assert!((u.f - p.f).abs() < 1e-3, "{} {m} stem={stem}", pair.id);
            }
        }
        assert!(compared > 2500, "only {compared} ASCII pairs");
    }
}

/// The non-ASCII edge cases: the Unicode mode counts Cyrillic and accented words that both
/// reference tools drop.
fn unicode_mode_scores_non_ascii_edge_cases() {
    let Some(pairs) = pairs() else { return };
    let pair = |id: &str| pairs.iter().find(|p| p.id == id).unwrap();
    let one = |mode| {
        Rouge::new(Config {
            mode,
            metrics: vec![Metric::N(1)],
            ..Config::default()
        })
        .unwrap()
    };
    // edge/3: "Привет мир, hello world" against "hello мир world".
    let p = pair("edge/3");
    let u = one(Mode::Unicode).score(&p.system, &p.references).unwrap()[0];
    let perl = one(Mode::Perl).score(&p.system, &p.references).unwrap()[0];
    assert_eq!(u.recall, 1.0, "all three reference words, мир included");
    assert_eq!(u.precision, 0.75, "привет is unmatched");
    // ROUGE-1.5.5 drops the Cyrillic words on both sides and calls the pair a perfect match.
    assert_eq!((perl.recall, perl.precision), (1.0, 1.0), "{perl:?}");
    // edge/4: "état café naïve" against "etat cafe naive": accented words are words, and
    // they differ from their unaccented spellings.
    let p = pair("edge/4");
    let u = one(Mode::Unicode).score(&p.system, &p.references).unwrap()[0];
    assert_eq!(u.recall, 0.0);
    let same = one(Mode::Unicode)
        .score(&["État, CAFÉ et naïve"], &[vec!["état café naïve"]])
        .unwrap()[0];
    assert_eq!(same.recall, 1.0, "Unicode lowercasing: {same:?}");
}

lede_testdata::test_main!(
    perl_stemmed_matches_rouge_155,
    perl_unstemmed_matches_rouge_155,
    rouge_score_mode_matches_rouge_score_012,
    unicode_mode_equals_perl_on_ascii_text,
    unicode_mode_scores_non_ascii_edge_cases,
);
