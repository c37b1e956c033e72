//! The README's API examples work as written: every `curl` command of the block marked
//! `api-examples` is run (with `-f`, so an HTTP error fails) against a `lede serve` started
//! for the test, from the repository root.

use std::path::PathBuf;
use std::process::Command;

mod common;

fn api_examples(readme: &str) -> Vec<String> {
    let start = readme
        .find("<!-- api-examples")
        .expect("README has the api-examples marker");
    let rest = &readme[start..];
    let open = rest.find("```sh\n").expect("a sh block after the marker") + 6;
    let close = rest[open..].find("```").expect("the block ends") + open;
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in rest[open..close].lines() {
        let line = line.trim_end();
        if let Some(part) = line.strip_suffix('\\') {
            current.push_str(part);
            current.push(' ');
            continue;
        }
        current.push_str(line);
        if !current.trim().is_empty() {
            commands.push(current.trim().to_string());
        }
        current.clear();
    }
    commands
}

#[test]
fn readme_curl_examples() {
    if Command::new("curl").arg("--version").output().is_err() {
        if std::env::var("LEDE_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
            panic!("the README example test needs curl");
        }
        eprintln!("SKIPPED: the README example test needs curl");
        return;
    }
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let commands = api_examples(&readme);
    assert!(commands.len() >= 6, "{commands:?}");

    let (mut server, addr) = common::start_server(&[]);

    let mut failures = Vec::new();
    for cmd in &commands {
        assert!(cmd.starts_with("curl -s "), "not a curl example: {cmd}");
        let runnable =
            cmd.replace("localhost:8080", &addr)
                .replacen("curl -s ", "curl -sf --max-time 20 ", 1);
        let out = Command::new("bash")
            .arg("-c")
            .arg(&runnable)
            .current_dir(&root)
            .output()
            .unwrap();
        let body = String::from_utf8_lossy(&out.stdout).to_string();
        if !out.status.success() || body.trim().is_empty() {
            failures.push(format!("{cmd}\n  exit {:?}: {body}", out.status.code()));
            continue;
        }
        if cmd.contains("/metrics") {
            if !body.contains("lede_requests_total") {
                failures.push(format!("{cmd}: no lede_requests_total in {body}"));
            }
            continue;
        }
        // Every other answer is JSON: one document, or NDJSON lines; none is an error.
        let values: Vec<serde_json::Value> = match serde_json::from_str(&body) {
            Ok(v) => vec![v],
            Err(_) => match body
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(serde_json::from_str)
                .collect::<Result<Vec<serde_json::Value>, _>>()
            {
                Ok(vs) => vs,
                Err(e) => {
                    failures.push(format!("{cmd}: not JSON ({e}): {body}"));
                    continue;
                }
            },
        };
        for v in &values {
            if v.get("error").is_some() {
                failures.push(format!("{cmd}: an error answer: {v}"));
            }
            if cmd.contains("/v1/highlights") && v.get("highlights").is_none() {
                failures.push(format!("{cmd}: no highlights in {v}"));
            }
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        failures.is_empty(),
        "README examples failed:\n{}",
        failures.join("\n")
    );
}

/// The README's set-up: its first two commands are the main job and the tests, and it says
/// where the binary is and how to install it (`lede: command not found` otherwise).
#[test]
fn readme_says_where_the_binary_is() {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let open = readme.find("```sh\n").expect("a sh block") + 6;
    let close = readme[open..].find("```").expect("the block ends") + open;
    let first: Vec<&str> = readme[open..close].lines().collect();
    assert_eq!(
        first,
        [
            "cargo run --release -p lede-cli -- summarize samples/harbor-bridge.txt",
            "cargo test --workspace",
        ]
    );
    let setup = readme[close..].split("\n## ").next().unwrap_or_default();
    assert!(setup.contains("`target/release/lede`"), "{setup}");
    assert!(
        setup.contains("\ncargo install --path crates/lede-cli\n"),
        "{setup}"
    );
    // The path installs the package whose binary is `lede`.
    let manifest = std::fs::read_to_string(root.join("crates/lede-cli/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"lede\""), "{manifest}");
}
