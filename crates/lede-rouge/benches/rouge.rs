//! ROUGE throughput on a realistic pair (a three-sentence news summary against a
//! four-sentence reference), per mode. `cargo bench -p lede-rouge`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use lede_rouge::{Config, Metric, Mode, Rouge};

const SYSTEM: [&str; 3] = [
    "Officials in Vienna said the talks on Syria's future would resume on Friday.",
    "Secretary of State John Kerry convened a dozen countries, including Iran, for the first time.",
    "The meeting ended without agreement on the fate of President Bashar al-Assad.",
];
const REFERENCE: [&str; 4] = [
    "Kerry convenes a dozen countries in Vienna on Syria's future.",
    "Iran is invited to the talks for the first time.",
    "No agreement was reached on Assad's role.",
    "Talks are set to resume on Friday.",
];

fn bench(c: &mut Criterion) {
    let refs = [REFERENCE.to_vec()];
    for (mode, metrics) in [
        (Mode::Perl, Metric::perl_set()),
        (
            Mode::RougeScore,
            vec![Metric::N(1), Metric::N(2), Metric::L, Metric::Lsum],
        ),
        (Mode::Unicode, Metric::defaults()),
    ] {
        let rouge = Rouge::new(Config {
            mode,
            metrics,
            stem: true,
            ..Config::default()
        })
        .unwrap();
        c.bench_function(&format!("score/{mode}"), |b| {
            b.iter(|| rouge.score(black_box(&SYSTEM), black_box(&refs)).unwrap())
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
