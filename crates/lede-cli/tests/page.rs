//! The web page in a real headless browser: runs `e2e/page.test.mjs` (playwright-core driving
//! Debian's Chromium) against `lede serve`. Needs node, Chromium (`/usr/bin/chromium` or
//! `$CHROMIUM`) and `npm ci` in `e2e/`; without them the test is skipped with a message, unless
//! `LEDE_REQUIRE_BROWSER=1` (as in CI), where it fails.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn web_page_in_headless_chromium() {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node (Node.js)".to_string());
    }
    if !PathBuf::from(&chromium).exists() {
        missing.push(format!(
            "Chromium at {chromium} (Debian package `chromium`, or set CHROMIUM)"
        ));
    }
    if !root.join("e2e/node_modules/playwright-core").exists() {
        missing.push("playwright-core (run `npm ci` in e2e/)".to_string());
    }
    if !missing.is_empty() {
        let msg = format!("the browser test needs {}", missing.join(", "));
        if std::env::var("LEDE_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("LEDE_REQUIRE_BROWSER=1 and {msg}");
        }
        eprintln!("SKIPPED: {msg}");
        return;
    }
    let out = Command::new("node")
        .arg(root.join("e2e/page.test.mjs"))
        .env("LEDE_BIN", env!("CARGO_BIN_EXE_lede"))
        .env("CHROMIUM", &chromium)
        .env("SCREENSHOT_DIR", root.join("target/e2e"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "page test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("page test passed"), "{stdout}\n{stderr}");
    eprintln!("{stdout}");
}
