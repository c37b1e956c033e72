//! Fixtures shared by the CLI test files (each file uses a part of them).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

/// Starts `lede serve` on a free loopback port with `args` and returns the process and its
/// address (`127.0.0.1:PORT`, from the line it prints when it listens). Its stderr is read on a
/// thread from then on, so that the server never blocks writing to it.
pub fn start_server(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("lede: listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = stderr.read_to_string(&mut sink);
    });
    (child, addr)
}

/// Three short articles with one reference highlight each.
pub const ARTICLES: [(&str, &str); 3] = [
    (
        "Police arrested two men after a bank robbery in Leeds on Friday. The weather was mild. \
         The bank said no money was taken in the robbery. A spokesman declined to comment. \
         Shoppers watched from across the street as officers arrived.",
        "Two men arrested after bank robbery in Leeds.",
    ),
    (
        "The city council approved a new bridge over the river on Tuesday. Construction will \
         begin in March and last two years. The bridge will cost 40 million dollars. Residents \
         had asked for a crossing for a decade. The mayor called the vote historic.",
        "Council approves 40 million dollar bridge; work begins in March.",
    ),
    (
        "A storm knocked out power to thousands of homes overnight. Crews worked through the \
         night to restore it. Schools in the county were closed on Wednesday. Forecasters expect \
         more rain later this week. No injuries were reported.",
        "Storm cuts power to thousands; schools closed.",
    ),
];
