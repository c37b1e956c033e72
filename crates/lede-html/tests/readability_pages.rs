//! On the 130 test pages of Mozilla Readability (shared data, `readability_test_pages`): body
//! text against the text of Readability's `expected.html`, and title, byline and date against
//! its `expected-metadata.json`; and, over both development sets (with the 181 pages of
//! article_extraction_benchmark), how many pages are refused. `bench/extract.py` scores the
//! same pages beside trafilatura.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn pages() -> Option<Vec<PathBuf>> {
    let dir = lede_testdata::shared_file("readability_test_pages/pages")?;
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    Some(v)
}

fn gunzip(path: &Path) -> Vec<u8> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(f)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The text of an HTML fragment: its text nodes, scripts and styles left out, block elements
/// separated.
fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => match n.value() {
                scraper::Node::Text(t)
                    if !n.ancestors().any(|a| {
                        a.value()
                            .as_element()
                            .is_some_and(|e| matches!(e.name(), "script" | "style"))
                    }) =>
                {
                    out.push_str(t);
                }
                scraper::Node::Element(_) => out.push(' '),
                _ => {}
            },
            ego_tree::iter::Edge::Close(_) => {}
        }
    }
    out
}

/// Lowercased `\w+` tokens, counted.
fn bag(text: &str) -> HashMap<String, usize> {
    let re = regex::Regex::new(r"\w+").unwrap();
    let mut m = HashMap::new();
    for t in re.find_iter(text) {
        *m.entry(t.as_str().to_lowercase()).or_insert(0) += 1;
    }
    m
}

/// Token precision, recall and F1 of `pred` against `truth` (0 when either is empty).
fn token_prf(truth: &str, pred: &str) -> (f64, f64, f64) {
    let (t, p) = (bag(truth), bag(pred));
    let common: usize = p
        .iter()
        .map(|(k, &n)| n.min(t.get(k).copied().unwrap_or(0)))
        .sum();
    if common == 0 {
        return (0.0, 0.0, 0.0);
    }
    let pr = common as f64 / p.values().sum::<usize>() as f64;
    let re = common as f64 / t.values().sum::<usize>() as f64;
    (pr, re, 2.0 * pr * re / (pr + re))
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `got` is `expected` with a part split off at one of the separators sites put
/// between a headline and their name (`Headline | Site`, `Site - Headline`).
fn equal_but_site(got: &str, expected: &str) -> bool {
    for sep in [
        " | ",
        " - ",
        " \u{2013} ",
        " \u{2014} ",
        " \u{b7} ",
        " _",
        " :: ",
    ] {
        let parts: Vec<&str> = expected.split(sep).collect();
        for i in 1..parts.len() {
            if got == parts[..i].join(sep).trim() || got == parts[i..].join(sep).trim() {
                return true;
            }
        }
    }
    false
}

/// Days since 1970-01-01 of the `YYYY-MM-DD` a date starts with.
fn days(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().unwrap();
    let m: i64 = date[5..7].parse().unwrap();
    let d: i64 = date[8..10].parse().unwrap();
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The number of words of a text (white-space separated, a CJK character counting as one).
fn words(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| *c as u32 >= 0x3000).count().max(1))
        .sum()
}

fn readability_pages_body_and_metadata() {
    let Some(dirs) = pages() else {
        return;
    };
    assert_eq!(dirs.len(), 130);
    let mut f1s = Vec::new();
    let mut refused = Vec::new();
    let (mut titles, mut title_ok, mut title_site, mut title_bad) = (0, 0, 0, Vec::new());
    let mut by_prefix = Vec::new();
    let (mut dates, mut date_ok, mut date_near, mut date_bad) = (0, 0, 0, Vec::new());
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let expected = String::from_utf8_lossy(&gunzip(&dir.join("expected.html.gz"))).into_owned();
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected-metadata.json")).unwrap(),
        )
        .unwrap();
        let got = lede_html::extract_bytes(&gunzip(&dir.join("source.html.gz")));
        let article = match got {
            Ok(a) => a,
            Err(e) => {
                let n = words(&html_text(&expected));
                refused.push(format!("{name}: {e} (expected text: {n} words)"));
                // Only a page that gives a word or none to read is refused.
                assert!(
                    n < 2,
                    "{name} refused: {e}; its expected text has {n} words"
                );
                f1s.push((0.0, 0.0, 0.0, name));
                continue;
            }
        };
        let (p, r, f) = token_prf(&html_text(&expected), &article.text());
        f1s.push((f, p, r, name.clone()));
        let m = &article.metadata;
        if let Some(t) = meta["title"].as_str().filter(|t| !t.trim().is_empty()) {
            titles += 1;
            let got = norm(m.title.as_deref().unwrap_or(""));
            if got == norm(t) {
                title_ok += 1;
                title_site += 1;
            } else if equal_but_site(&got, &norm(t)) {
                title_site += 1;
            } else {
                title_bad.push(format!("{name}: {:?} expected {t:?}", m.title));
            }
        }
        if m.authors
            .iter()
            .any(|a| a.len() > 3 && a[..3].eq_ignore_ascii_case("by "))
        {
            by_prefix.push(format!("{name}: {:?}", m.authors));
        }
        if let Some(d) = meta["publishedTime"].as_str().filter(|d| d.len() >= 10) {
            dates += 1;
            match m.date() {
                Some(got) if got == d[..10] => date_ok += 1,
                // The same moment written in another time zone can fall on the next day.
                Some(got) if (days(&got) - days(d)).abs() <= 1 => date_near += 1,
                _ => date_bad.push(format!("{name}: {:?} expected {d}", m.published)),
            }
        }
    }
    let mean = f1s.iter().map(|x| x.0).sum::<f64>() / f1s.len() as f64;
    f1s.sort_by(|a, b| a.0.total_cmp(&b.0));
    let worst: Vec<String> = f1s[..15]
        .iter()
        .map(|(f, p, r, n)| format!("{n} F1 {f:.3} (P {p:.3}, R {r:.3})"))
        .collect();
    eprintln!(
        "{} Readability pages: token F1 {mean:.4}; refused {}; title {title_ok}/{titles} equal, \
         {title_site}/{titles} equal or equal but for the site's name; date {date_ok}/{dates} \
         equal, {date_near} more a day apart; 'By' in authors on {} pages\nworst: {worst:#?}\n\
         refused: {refused:#?}\ntitles that differ: {title_bad:#?}\ndates that differ: \
         {date_bad:#?}",
        dirs.len(),
        refused.len(),
        by_prefix.len(),
    );
    // bench/extract.py, same metric on the same pages (its HTML-to-text of expected.html
    // differs a little from this one): trafilatura 2.3.1 0.928, lede 0.947.
    assert!(mean >= 0.928, "token F1 {mean:.4} < 0.928");
    // The one page refused gives a single word to read (checked above: "Test"); the page of
    // three words in a `javascript:` link and the page of two headings over pictures are read.
    assert!(refused.len() <= 1, "{refused:?}");
    // lede's title follows Readability's convention (the declared title as it stands, else
    // the <title> split at a separator when enough words are left). Equal on 126 of 127 when
    // measured: yahoo-2 declares the site's name as its title, and lede takes the headline.
    assert!(
        title_ok * 100 >= titles * 98,
        "titles {title_ok}/{titles} ({title_site}/{titles} equal but for the site)"
    );
    assert!(by_prefix.is_empty(), "{by_prefix:?}");
    assert!(date_bad.is_empty(), "{date_bad:?}");
}

fn refusals_over_both_development_sets() {
    let Some(dirs) = pages() else {
        return;
    };
    let Some(gt) = lede_testdata::shared_file("article_extraction_benchmark/ground-truth.json")
    else {
        return;
    };
    let mut files: Vec<PathBuf> = dirs.iter().map(|d| d.join("source.html.gz")).collect();
    let html = gt.parent().unwrap().join("html");
    for e in std::fs::read_dir(&html).unwrap() {
        files.push(e.unwrap().path());
    }
    assert_eq!(files.len(), 311);
    let refused: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let bytes = std::fs::read(f).unwrap();
            lede_html::extract_bytes(&bytes)
                .err()
                .map(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    eprintln!("refused {} of 311 pages: {refused:?}", refused.len());
    // The Readability test page that gives a single word to read (see above); none of the 181
    // news pages.
    assert!(refused.len() <= 1, "{refused:?}");
    assert!(
        refused.iter().all(|r| r.contains("readability_test_pages")),
        "{refused:?}"
    );
}

lede_testdata::test_main!(
    readability_pages_body_and_metadata,
    refusals_over_both_development_sets,
);
