//! The one place tests find the shared datasets.
//!
//! The directory is `$LEDE_SHARED_DATA`, or `../shared/data` beside the repository (a relative
//! `LEDE_SHARED_DATA` is taken from the repository root). When a file is absent the test is
//! skipped with a message that says what it needs, unless `LEDE_REQUIRE_SHARED=1` (as in CI),
//! where a missing dataset fails the test.
//!
//! A skipped test shows as *ignored* in the summary, with its reason, not as passed: test files
//! that need the data run under libtest-mimic (`harness = false` in Cargo.toml) through
//! [`test_main!`], and [`shared_file`] and [`browser`] end a test that cannot run by unwinding
//! with a [`Skip`], which the runner reports as ignored.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

/// The shared data directory, whether or not it exists.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("LEDE_SHARED_DATA") {
        Some(p) if Path::new(&p).is_absolute() => PathBuf::from(p),
        Some(p) => repo_root().join(p),
        None => repo_root().join("../shared/data"),
    }
}

/// Whether a missing dataset must fail rather than skip.
pub fn required() -> bool {
    std::env::var("LEDE_REQUIRE_SHARED").is_ok_and(|v| v == "1" || v == "true")
}

/// The path of `rel` inside the shared data directory. When it is absent the test ends here,
/// reported as ignored with the reason (it unwinds with a [`Skip`]; run it under
/// [`test_main!`]), or fails when `LEDE_REQUIRE_SHARED=1`. The result is always `Some`: the
/// `Option` lets tests written as `let Some(path) = shared_file(..) else { return }` stand.
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    match find_shared(rel) {
        Ok(path) => Some(path),
        Err(reason) => skip(format!("this test {reason}")),
    }
}

/// Why a test was skipped: the payload a skipped test unwinds with.
#[derive(Debug, Clone)]
pub struct Skip(pub String);

/// Ends the running test as skipped (ignored, with `reason`).
pub fn skip(reason: String) -> ! {
    std::panic::resume_unwind(Box::new(Skip(reason)))
}

/// Runs the named test functions with libtest-mimic (the file needs `harness = false`): a
/// test that returns passes, one that panics fails with the panic's message, one that
/// unwinds with a [`Skip`] is reported as ignored with its reason. Takes libtest's arguments
/// (a name filter, `--ignored`, `--list`, `--test-threads` ...).
#[macro_export]
macro_rules! test_main {
    ($($name:ident),+ $(,)?) => {
        fn main() {
            $crate::run_tests(vec![$((stringify!($name), $name as fn())),+]);
        }
    };
}

/// What [`test_main!`] runs.
pub fn run_tests(tests: Vec<(&'static str, fn())>) {
    use libtest_mimic::{Arguments, Completion, Failed, Trial};
    let args = Arguments::from_args();
    let trials = tests
        .into_iter()
        .map(|(name, f)| {
            Trial::ignorable_test(name, move || match std::panic::catch_unwind(f) {
                Ok(()) => Ok(Completion::Completed),
                Err(payload) => {
                    if let Some(Skip(reason)) = payload.downcast_ref::<Skip>() {
                        return Ok(Completion::ignored_with(reason.clone()));
                    }
                    let msg = payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "the test panicked".to_string());
                    Err(Failed::from(msg))
                }
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// The path of `rel` inside the shared data directory, or why a test that needs it cannot
/// run (`needs the shared dataset file ...`), printing nothing: for tests that report
/// themselves as ignored with that reason (libtest-mimic's `Completion::ignored_with`).
/// Panics when absent and `LEDE_REQUIRE_SHARED=1`.
pub fn find_shared(rel: &str) -> Result<PathBuf, String> {
    let path = shared_dir().join(rel);
    if path.exists() {
        return Ok(path);
    }
    let msg = format!(
        "needs the shared dataset file {} (set LEDE_SHARED_DATA to the folder that holds {rel})",
        path.display()
    );
    if required() {
        panic!("LEDE_REQUIRE_SHARED=1 and the test {msg}");
    }
    Err(msg)
}

/// Reads a JSONL file into values, panicking with the line number on bad JSON (test data is
/// trusted; a bad line means the data changed and the test should say so).
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(f)
        .lines()
        .enumerate()
        .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(|(i, l)| {
            let l = l.unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
            serde_json::from_str(&l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// What the headless-browser tests need: node, Chromium and `npm ci` in `e2e/`.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The Chromium executable (`$CHROMIUM`, default `/usr/bin/chromium`).
    pub chromium: PathBuf,
    /// The `e2e/` folder with its node modules.
    pub e2e: PathBuf,
}

/// The browser setup. When a part is missing the test ends here, reported as ignored with
/// what is missing (see [`shared_file`]), or fails when `LEDE_REQUIRE_BROWSER=1` (as in CI).
/// Always `Some`, as [`shared_file`] is.
pub fn browser() -> Option<Browser> {
    let root = repo_root();
    let chromium =
        PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    let mut missing = Vec::new();
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        missing.push("node (Node.js)".to_string());
    }
    if !chromium.exists() {
        missing.push(format!(
            "Chromium at {} (Debian package `chromium`, or set CHROMIUM)",
            chromium.display()
        ));
    }
    let e2e = root.join("e2e");
    if !e2e.join("node_modules/playwright-core").exists() {
        missing.push("playwright-core (run `npm ci` in e2e/)".to_string());
    }
    if missing.is_empty() {
        return Some(Browser { chromium, e2e });
    }
    let msg = format!("the browser test needs {}", missing.join(", "));
    if std::env::var("LEDE_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("LEDE_REQUIRE_BROWSER=1 and {msg}");
    }
    skip(msg)
}
