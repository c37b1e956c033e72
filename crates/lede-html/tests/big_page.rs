//! A 50 MB page: extracted in bounded time and memory. Alone in its test binary, so that the
//! process's peak memory is this test's.

use std::time::{Duration, Instant};

const PARAGRAPH: &str = "The council voted on Tuesday to rebuild the old bridge over the river, \
    after engineers warned that its piers would not survive another winter of floods.";

/// Peak resident memory of this process in bytes (Linux), if known.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_50_megabyte_page() {
    let mut page = String::with_capacity(51 << 20);
    page.push_str("<!doctype html><html><head><title>Bridge</title></head><body><nav><a href=/>Home</a></nav><article>");
    let one = format!("<div class=story><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>\n");
    while page.len() < 50 << 20 {
        page.push_str(&one);
    }
    page.push_str("</article></body></html>");
    let start = Instant::now();
    let a = lede_html::extract(&page).unwrap();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert!(a.paragraphs.len() > 100_000, "{}", a.paragraphs.len());
    assert!(a.text().starts_with("The council voted"));
    if let Some(peak) = peak_rss() {
        // The page, its parse tree and the text blocks: about ten times the page, measured
        // at 0.5 GB. Bounded by the input size limit (256 MiB).
        assert!(peak < 2 << 30, "peak memory {} MB", peak >> 20);
        eprintln!("50 MB page: {took:?}, peak memory {} MB", peak >> 20);
    }
}
