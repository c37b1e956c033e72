//! Replays every fuzz seed (`fuzz/seeds/<target>/`) and every crash regression
//! (`fuzz/regressions/<target>/`) through the target's body, on stable Rust.

use std::path::PathBuf;

fn fuzz_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz"))
}

fn files(dir: &std::path::Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn seeds_and_regressions_replay_without_panic() {
    for target in lede_fuzz_targets::TARGETS {
        let seeds = files(&fuzz_dir().join("seeds").join(target));
        assert!(
            seeds.len() >= 3,
            "fuzz/seeds/{target} should hold a few seed inputs, found {}",
            seeds.len()
        );
        let regressions = files(&fuzz_dir().join("regressions").join(target));
        for path in seeds.iter().chain(&regressions) {
            let data = std::fs::read(path).unwrap();
            eprintln!("{target}: {}", path.display());
            assert!(lede_fuzz_targets::run(target, &data));
        }
    }
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    for target in lede_fuzz_targets::TARGETS {
        let src = fuzz_dir().join("fuzz_targets").join(format!("{target}.rs"));
        let text =
            std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        assert!(
            text.contains(&format!("lede_fuzz_targets::{target}(")),
            "{} should call lede_fuzz_targets::{target}",
            src.display()
        );
    }
    assert!(!lede_fuzz_targets::run("no-such-target", b""));
}
