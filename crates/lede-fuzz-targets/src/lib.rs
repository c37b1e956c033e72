//! The bodies of lede's fuzz targets.
//!
//! Each function takes arbitrary bytes, drives one part of lede with them, and panics only
//! when an invariant of the result is broken (or when the library itself panics). The
//! cargo-fuzz crate in `fuzz/` calls these functions from its targets, and this crate's test
//! replays the seed corpora (`fuzz/seeds/<target>/`) and the crash regressions
//! (`fuzz/regressions/<target>/`) on stable Rust, so every input that once crashed stays
//! checked in CI.
//!
//! The first bytes of an input choose options (language, method, budget, metrics); the rest is
//! the text. Invalid UTF-8 is repaired with U+FFFD so that every input reaches the code under
//! test.

use std::borrow::Cow;

use lede::{Budget, Compress, Method, Options, Redundancy, Summarizer, TextForm};
use lede_rouge::{Config, Limit, Metric, Mode, MultiRef, Rouge};
use lede_text::{Language, Segmenter};

// The batch library's JSONL record reader, compiled here from its source file so that the
// fuzz crate does not take in the batch library's Parquet and Arrow dependencies.
#[allow(dead_code)]
#[path = "../../lede-batch/src/jsonl.rs"]
mod jsonl_record;
pub use jsonl_record::{as_string, Record};

/// The target names, as in `fuzz/fuzz_targets/<name>.rs`.
pub const TARGETS: [&str; 5] = ["segment", "html", "jsonl", "rouge", "summarize"];

/// Runs the target `name` on `data`; `false` for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "segment" => segment(data),
        "html" => html(data),
        "jsonl" => jsonl(data),
        "rouge" => rouge(data),
        "summarize" => summarize(data),
        _ => return false,
    }
    true
}

/// Splits off `n` option bytes (zeros when the input is shorter).
fn options_and_text<const N: usize>(data: &[u8]) -> ([u8; N], Cow<'_, str>) {
    let mut opts = [0u8; N];
    let n = data.len().min(N);
    opts[..n].copy_from_slice(&data[..n]);
    (opts, String::from_utf8_lossy(&data[n..]))
}

fn language(b: u8) -> Language {
    Language::ALL[b as usize % Language::ALL.len()]
}

fn form(b: u8) -> TextForm {
    match b % 3 {
        0 => TextForm::Auto,
        1 => TextForm::Raw,
        _ => TextForm::Pretokenized,
    }
}

/// The sentence segmenter: spans lie inside the text on character boundaries, in order,
/// without overlap, each in a paragraph that exists.
pub fn segment(data: &[u8]) {
    let ([lang, f], text) = options_and_text::<2>(data);
    let seg = Segmenter::new(language(lang))
        .with_form(form(f))
        .segment(&text);
    let mut prev_end = 0;
    for p in &seg.paragraphs {
        assert!(p.start <= p.end && p.end <= text.len(), "paragraph {p:?}");
        assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
        assert!(
            p.start >= prev_end,
            "paragraphs overlap: {:?}",
            seg.paragraphs
        );
        prev_end = p.end;
    }
    let mut prev_end = 0;
    let mut prev_paragraph = 0;
    for s in &seg.sentences {
        assert!(
            s.start < s.end && s.end <= text.len(),
            "sentence {s:?} in {} bytes",
            text.len()
        );
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(
            s.start >= prev_end,
            "sentences overlap: {:?}",
            seg.sentences
        );
        assert!(s.paragraph < seg.paragraphs.len().max(1), "{s:?}");
        assert!(s.paragraph >= prev_paragraph, "paragraphs out of order");
        prev_end = s.end;
        prev_paragraph = s.paragraph;
    }
}

/// The HTML extractor on raw bytes (charset sniffing, gzip) and on text: an article or a
/// typed error, and an extracted article has body text.
pub fn html(data: &[u8]) {
    if let Ok(article) = lede_html::extract_bytes(data) {
        assert!(!article.paragraphs.is_empty());
        assert!(!article.text().trim().is_empty());
        let _ = article.metadata.date();
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(article) = lede_html::extract(text) {
            assert!(!article.paragraphs.is_empty());
        }
    }
    if let Ok(d) = lede_html::decode_limited(data, 1 << 16) {
        assert!(d.text.len() <= (1 << 16) * 4, "decoded past the limit");
    }
}

/// The JSONL record reader, line by line as `lede summarize --input jsonl` reads: a record
/// written back with an added field is one line of JSON (strings valid Unicode, so no lone
/// surrogate escapes), an object that keeps every field and has the new one.
pub fn jsonl(data: &[u8]) {
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = if i == 0 {
            line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line)
        } else {
            line
        };
        let Ok(text) = std::str::from_utf8(line) else {
            continue;
        };
        let Ok(record) = Record::parse(text) else {
            continue;
        };
        let _ = record.field_names();
        for (_, v) in &record.fields {
            let _ = as_string(v);
        }
        let had = record.has("highlights");
        let out = record.to_line_with("highlights", "[\"x\"]");
        assert!(!out.contains('\n'), "a written record spans lines: {out}");
        let value: serde_json::Value = match serde_json::from_str(&out) {
            Ok(v) => v,
            // Numbers are written back verbatim; one beyond f64 (1e999) is valid JSON that
            // serde_json's Value cannot hold. And serde_json's Value reserves a key of its own
            // (`$serde_json::private::RawValue`) that is an ordinary key to lede. In these two
            // cases, check the grammar only.
            Err(e)
                if e.to_string().contains("number out of range")
                    || out.contains("\"$serde_json::private::") =>
            {
                serde_json::from_str::<serde::de::IgnoredAny>(&out)
                    .unwrap_or_else(|e| panic!("written record is not JSON ({e}): {out}"));
                continue;
            }
            Err(e) => panic!("written record is not JSON ({e}): {out}"),
        };
        let obj = value.as_object().expect("written record is an object");
        assert_eq!(obj["highlights"], serde_json::json!(["x"]), "{out}");
        let mut names: Vec<&str> = record.fields.iter().map(|(k, _)| k.as_str()).collect();
        if !had {
            names.push("highlights");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(obj.len(), names.len(), "fields lost or added: {out}");
    }
}

/// ROUGE in every mode and metric: scores are finite and within 0..=1. The input is the
/// system summary, then up to three references, separated by NUL bytes; sentences are lines.
pub fn rouge(data: &[u8]) {
    let ([mode, metrics, flags], text) = options_and_text::<3>(data);
    let mode = match mode % 3 {
        0 => Mode::Perl,
        1 => Mode::RougeScore,
        _ => Mode::Unicode,
    };
    let all = [
        Metric::N(1),
        Metric::N(2),
        Metric::N(4),
        Metric::L,
        Metric::Lsum,
        Metric::W(1.2),
        Metric::S {
            skip: Some(4),
            unigrams: true,
        },
        Metric::S {
            skip: None,
            unigrams: false,
        },
    ];
    let mut chosen: Vec<Metric> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| metrics & (1 << i) != 0)
        .map(|(_, m)| *m)
        .collect();
    if chosen.is_empty() {
        chosen = Metric::defaults();
    }
    let config = Config {
        mode,
        metrics: chosen.clone(),
        stem: flags & 1 != 0,
        remove_stopwords: flags & 2 != 0,
        alpha: 0.5,
        limit: match (flags >> 2) & 3 {
            0 => None,
            1 => Some(Limit::Words(((flags >> 4) as usize) * 3)),
            2 => Some(Limit::Bytes(((flags >> 4) as usize) * 20)),
            _ => Some(Limit::Words(1)),
        },
        language: language(flags >> 4),
        multi_ref: match (flags >> 6) & 3 {
            0 => None,
            1 => Some(MultiRef::Average),
            2 => Some(MultiRef::BestRecall),
            _ => Some(MultiRef::BestF),
        },
    };
    let Ok(rouge) = Rouge::new(config) else {
        return;
    };
    let mut parts = text.split('\0');
    let system: Vec<&str> = parts.next().unwrap_or("").lines().collect();
    let refs: Vec<Vec<&str>> = parts.take(3).map(|p| p.lines().collect()).collect();
    if let Ok(scores) = rouge.score(&system, &refs) {
        assert_eq!(scores.len(), chosen.len());
        for s in scores {
            for x in [s.recall, s.precision, s.f] {
                assert!(x.is_finite() && (0.0..=1.0 + 1e-9).contains(&x), "{s:?}");
            }
        }
    }
}

/// The whole summarizer: every highlight is a sentence of the input, quoted exactly (or its
/// kept spans, when compressed), in document order, within the sentence budget; a compressed
/// one keeps compression's invariants (`lede::compress::violations`).
pub fn summarize(data: &[u8]) {
    let ([m, b, n, r, lang], text) = options_and_text::<5>(data);
    let method = match m % 4 {
        0 => Method::Lead,
        1 => Method::TextRank,
        2 => Method::LexRank,
        _ => Method::Learned,
    };
    let budget = match b % 5 {
        0 => Budget::Sentences(n as usize % 8),
        1 => Budget::Words(n as usize),
        2 => Budget::Chars(n as usize * 4),
        3 => Budget::Ratio((n as f64 + 1.0) / 256.0),
        _ => Budget::Auto,
    };
    let redundancy = match r % 5 {
        0 => None,
        1 => Some(Redundancy::None),
        2 => Some(Redundancy::Trigram),
        3 => Some(Redundancy::Novelty),
        _ => Some(Redundancy::Mmr {
            lambda: (r / 5) as f64 / 51.0,
        }),
    };
    let options = Options {
        method,
        budget,
        redundancy,
        language: language(lang),
        form: form(lang >> 5),
        compress: match n % 3 {
            0 => Compress::Off,
            1 => Compress::Connectives,
            _ => Compress::Full,
        },
    };
    let Ok(summarizer) = Summarizer::new(options) else {
        return;
    };
    let Ok(h) = summarizer.summarize(&text) else {
        return;
    };
    if let Budget::Sentences(n) = budget {
        assert!(h.highlights.len() <= n, "{} > {n}", h.highlights.len());
    }
    if budget == Budget::Auto {
        // The default resolves to a count per article: 2 or 3.
        assert!(
            matches!(h.budget, Budget::Sentences(2 | 3)) && h.highlights.len() <= 3,
            "{:?}: {} highlights",
            h.budget,
            h.highlights.len()
        );
    }
    let mut prev: Option<(usize, usize)> = None;
    for x in &h.highlights {
        assert!(x.start < x.end && x.end <= text.len(), "{x:?}");
        assert!(
            x.is_faithful_to(&text),
            "highlight is not the input's text: {x:?}"
        );
        if x.spans == [(x.start, x.end)] {
            assert_eq!(x.text, text[x.start..x.end]);
        }
        // A cut sentence that was balanced keeps compression's invariants: nothing quoted,
        // protected (numbers, negations, modals, hedges) or part of a name is cut, six words
        // remain, no mark is left open.
        let whole = &text[x.start..x.end];
        if !x.cuts.is_empty()
            && lede::compress::quotes_balanced(whole)
            && lede::compress::brackets_balanced(whole)
        {
            let v = lede::compress::violations(&text, x);
            assert!(v.is_empty(), "{v:?} in {x:?} of {whole:?}");
        }
        assert!(
            x.sentence < h.sentences,
            "{x:?} of {} sentences",
            h.sentences
        );
        assert!(x.score.is_finite(), "{x:?}");
        if let Some((sentence, end)) = prev {
            assert!(
                x.sentence > sentence && x.start >= end,
                "out of order: {h:?}"
            );
        }
        prev = Some((x.sentence, x.end));
    }
}
