//! The web page in a real headless browser: runs `e2e/page.test.mjs` (playwright-core driving
//! Debian's Chromium) against `lede serve`. Needs node, Chromium (`/usr/bin/chromium` or
//! `$CHROMIUM`) and `npm ci` in `e2e/`; without them the test is skipped with a message, unless
//! `LEDE_REQUIRE_BROWSER=1` (as in CI), where it fails.

use std::process::Command;

fn web_page_in_headless_chromium() {
    let Some(browser) = lede_testdata::browser() else {
        return;
    };
    let root = lede_testdata::repo_root();
    let out = Command::new("node")
        .arg(browser.e2e.join("page.test.mjs"))
        .env("LEDE_BIN", env!("CARGO_BIN_EXE_lede"))
        .env("CHROMIUM", &browser.chromium)
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

lede_testdata::test_main!(web_page_in_headless_chromium,);
