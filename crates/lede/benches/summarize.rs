//! Criterion benchmarks of the core path: parsing a Document, and summarizing with each
//! method, on the sample article shipped in the repo and on a pre-tokenized rendering of it.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use lede::{Analyzer, Document, Language, Method, Options, Summarizer, TextForm};

const SAMPLE: &str = include_str!("../../../samples/harbor-bridge.txt");

/// The sample lowercased and with punctuation split off, like the CNN/DailyMail research files.
fn pretokenized(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if matches!(c, ',' | '.' | '"' | '(' | ')' | '?' | '!') {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn bench(c: &mut Criterion) {
    let tokenized = pretokenized(SAMPLE);
    let analyzer = Analyzer::new(Language::English);
    let mut g = c.benchmark_group("document");
    g.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    g.bench_function("parse/raw", |b| {
        b.iter(|| Document::parse(black_box(SAMPLE), &analyzer, TextForm::Auto))
    });
    g.bench_function("parse/pretokenized", |b| {
        b.iter(|| Document::parse(black_box(&tokenized), &analyzer, TextForm::Auto))
    });
    g.finish();

    let mut g = c.benchmark_group("summarize");
    g.throughput(Throughput::Elements(1));
    for method in Method::ALL {
        let s = Summarizer::new(Options {
            method,
            ..Default::default()
        })
        .expect("default options are valid");
        g.bench_function(format!("{method}/raw"), |b| {
            b.iter(|| s.summarize(black_box(SAMPLE)))
        });
        g.bench_function(format!("{method}/pretokenized"), |b| {
            b.iter(|| s.summarize(black_box(&tokenized)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
