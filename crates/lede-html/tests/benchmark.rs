//! On the 181 pages of article_extraction_benchmark (shared data): body quality with the
//! benchmark's own metric, and title and date against values read off the pages by eye.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn benchmark() -> Option<(PathBuf, serde_json::Value)> {
    let gt = lede_testdata::shared_file("article_extraction_benchmark/ground-truth.json")?;
    let dir = gt.parent().unwrap().to_path_buf();
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gt).unwrap()).unwrap();
    Some((dir, truth))
}

fn page(dir: &Path, id: &str) -> lede_html::Article {
    let bytes = std::fs::read(dir.join("html").join(format!("{id}.html.gz"))).unwrap();
    lede_html::extract_bytes(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// `\w+` tokens (Unicode), case kept, as the benchmark's evaluate.py splits them.
fn tokens(text: &str) -> Vec<&str> {
    let re = regex::Regex::new(r"\w+").unwrap();
    re.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(text);
    let mut m = HashMap::new();
    for w in t.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Per page (tp, fp, fn), normalised to sum to 1.
fn counts(truth: &str, pred: &str) -> (f64, f64, f64) {
    let (t, p) = (shingles(truth), shingles(pred));
    let mut tp = 0;
    let mut fp = 0;
    for (k, &n) in &p {
        let m = t.get(k).copied().unwrap_or(0);
        tp += n.min(m);
        fp += n.saturating_sub(m);
    }
    let fn_: usize = t
        .iter()
        .map(|(k, &n)| n.saturating_sub(p.get(k).copied().unwrap_or(0)))
        .sum();
    let total = (tp + fp + fn_) as f64;
    if total == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / total, fp as f64 / total, fn_ as f64 / total)
}

fn body_f1_on_the_benchmark() {
    let Some((dir, truth)) = benchmark() else {
        return;
    };
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    let mut worst = Vec::new();
    for (id, v) in truth.as_object().unwrap() {
        let body = v["articleBody"].as_str().unwrap();
        let bytes = std::fs::read(dir.join("html").join(format!("{id}.html.gz"))).unwrap();
        let pred = lede_html::extract_bytes(&bytes)
            .map(|a| a.text())
            .unwrap_or_default();
        let (tp, fp, fn_) = counts(body, &pred);
        if tp + fp > 0.0 {
            ps.push(tp / (tp + fp));
        }
        if tp + fn_ > 0.0 {
            rs.push(tp / (tp + fn_));
        }
        worst.push((tp / (tp + fp + fn_).max(1e-9), id.clone()));
    }
    let p = ps.iter().sum::<f64>() / ps.len() as f64;
    let r = rs.iter().sum::<f64>() / rs.len() as f64;
    let f1 = 2.0 * p * r / (p + r);
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    eprintln!(
        "{} pages: precision {p:.4} recall {r:.4} F1 {f1:.4}; worst: {:?}",
        truth.as_object().unwrap().len(),
        &worst[..5]
    );
    assert_eq!(truth.as_object().unwrap().len(), 181);
    assert!(f1 >= 0.97, "F1 {f1:.4} < 0.97 (P {p:.4}, R {r:.4})");
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn days(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().unwrap();
    let m: i64 = date[5..7].parse().unwrap();
    let d: i64 = date[8..10].parse().unwrap();
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (page id prefix, the headline the page shows, the date the page shows by its byline).
/// Read off the pages' HTML by eye, not from lede's output.
const BY_EYE: &[(&str, &str, &str)] = &[
    ("06e5123e4ef7", "New York State Attorney General investigating WeWork and former CEO", "2019-11-18"),
    ("08f793762792", "Browns player on Mason Rudolph's role in fight with Myles Garrett: He asked for it", "2019-11-18"),
    ("0dd135704572", "BREAKING: Lawan moves motion for Senate\u{2019}s adjournment over Nzeribe, Adedoyin\u{2019}s deaths", "2018-10-09"),
    ("232a43fb15ab", "13-Inch MacBook Pro With Scissor Keyboard Expected in First Half of 2020", "2019-11-18"),
    ("287e4d9f4af3", "Daily Deals: More Black Friday Deals Are Live, Including PS4 DualShock Controller, Apple AirPods and Watches, and More", "2019-11-18"),
    ("2f42ef1d3ea0", "The Future of Banking Is \u{2026} You're Broke", "2019-11-14"),
    ("33fe2471fd55", "\u{2018}The Medium is the Message\u{2019}: the 7th Amsterdam Light Festival", "2018-09-16"),
    ("374ac9a59a85", "Emirates inks $9 billion order for 30 Boeing 787 jets, will restart plans to expand airline by early 2020s", "2019-11-20"),
    ("3ce1c8fdf6ad", "2018 Boys State Swim Results", "2018-02-16"),
    ("4219d096902d", "Homemade Spiced Honey Pear Jam for the Holidays", "2017-12-06"),
    ("51d066b0602c", "'We Got Her!': Video Shows Dramatic Rescue of Kidnapped Fort Worth Girl", "2019-11-18"),
    ("57b4dafd18cf", "Die elektronische Patientenakte (ePA) \u{2013} der lange Marsch ins Digitale Gesundheitswesen", "2018-09-25"),
    ("5a822960e9a2", "House Hitler was born in will become a police station, Austria says", "2019-11-20"),
    ("624fcd903d56", "Hong Kong chaos: China deploys troops and warns SURRENDER is only option", "2019-11-19"),
    ("65bf3048b500", "16-inch MacBook Pro review: The keyboard is probably enough to convince those waiting", "2019-11-18"),
    ("686bb170effe", "The Weird Plumes of Jupiter's Moon Europa Are Spewing Water Vapor", "2019-11-18"),
    ("7a457a4f7173", "New York man pleads guilty to threatening to kill Rep. Ilhan Omar", "2019-11-19"),
    ("8cad00dc22de", "[The Palace: Tale of Jang Noksu] The Beauty of Korea Revealed at \u{2018}2018 Welcome Daehak-ro Festival\u{2019}! To the Actual Scene!", "2018-10-15"),
    ("a860fb5eda1a", "Dare to Play 3 / October pack", "2018-10-05"),
    ("b0cf2bbf0192", "South Korea\u{2019}s roadmap to drive down solar costs", "2019-11-20"),
    ("ba4dfe2d3e81", "Bubonic plague: Third case of plague in China as panic begins \u{2013} \u{2018}The plague is coming\u{2019}", "2019-11-19"),
    ("bdb56ac83513", "Cells That \u{2018}Taste\u{2019} Danger Set Off Immune Responses", "2019-11-15"),
    ("c7e39ac49fa1", "Julian Assange: Sweden drops rape investigation", "2019-11-19"),
    ("d0382c0d9573", "PG&E begins new mass power shutoff over fire danger", "2019-11-20"),
    ("d605bdef2cde", "Investors don't seem to know what to make of the US-China trade war", "2019-11-19"),
    ("e1c7023ee214", "Hibernating astronauts would need smaller spacecraft", "2019-11-18"),
    ("ecb46e3e489d", "Nelson's OT goal lifts Isles", "2019-11-19"),
    ("ef4e67b66d63", "Why you just can't trust the White House on Donald Trump's health", "2019-11-18"),
    ("f8ff621a0b9b", "Home Depot Stock Is Falling After Its Earnings Release. Why You Shouldn\u{2019}t Worry.", "2019-11-19"),
    ("ffc109d474fd", "One of the top-performing beauty stocks could surge after 'Kylie Jenner' makeover", "2019-11-19"),
];

/// (page id prefix, the title the page declares for its article where that is not the
/// headline it shows). lede's title follows Readability's convention: the declared title
/// (JSON-LD, then Open Graph ...) before the one shown. Read off the pages' HTML by eye.
const DECLARED: &[(&str, &str)] = &[
    // JSON-LD `headline` and `og:title`; the page shows "Julian Assange: ...".
    ("c7e39ac49fa1", "Sweden drops Assange rape investigation"),
    // JSON-LD `headline`; `og:title` is the headline shown.
    (
        "f8ff621a0b9b",
        "Home Depot Stock Falls After Earnings Report Disappoints",
    ),
];

/// Whether `got` is the headline shown, or that headline with the site's name after a
/// separator (`Headline - IGN`), as a page's declared title often is.
fn is_headline(got: &str, shown: &str) -> bool {
    got == shown
        || got.strip_prefix(shown).is_some_and(|rest| {
            [" - ", " | ", " \u{2013} ", " \u{2014} "]
                .iter()
                .any(|sep| {
                    rest.strip_prefix(sep)
                        .is_some_and(|site| (1..=4).contains(&site.split_whitespace().count()))
                })
        })
}

fn title_and_date_read_by_eye() {
    let Some((dir, truth)) = benchmark() else {
        return;
    };
    let ids: Vec<&String> = truth.as_object().unwrap().keys().collect();
    let mut failures = Vec::new();
    for (prefix, title, date) in BY_EYE {
        let id = ids
            .iter()
            .find(|i| i.starts_with(prefix))
            .unwrap_or_else(|| panic!("no page {prefix}"));
        let a = page(&dir, id);
        let got_title = a.metadata.title.clone().unwrap_or_default();
        let declared = DECLARED.iter().find(|d| d.0 == *prefix).map(|d| d.1);
        if !(is_headline(&got_title, title) || declared == Some(got_title.as_str())) {
            failures.push(format!(
                "{prefix}: title {got_title:?}, page shows {title:?}"
            ));
        }
        // The page shows local time; metadata is often UTC: a day either way is the same
        // moment seen from another time zone.
        match a.metadata.date() {
            Some(d) if (days(&d) - days(date)).abs() <= 1 => {}
            other => failures.push(format!("{prefix}: date {other:?}, page shows {date}")),
        }
    }
    assert!(BY_EYE.len() >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn other_metadata_fields() {
    let Some((dir, truth)) = benchmark() else {
        return;
    };
    let id = truth
        .as_object()
        .unwrap()
        .keys()
        .find(|i| i.starts_with("c7e39ac49fa1"))
        .unwrap();
    let m = page(&dir, id).metadata;
    assert_eq!(m.language.as_deref(), Some("en"), "{m:?}");
    assert_eq!(m.site_name.as_deref(), Some("BBC News"), "{m:?}");
    // JSON-LD names the BBC (an Organization) as the author: not a byline.
    assert!(m.authors.is_empty(), "{m:?}");
    assert!(
        m.url
            .as_deref()
            .is_some_and(|u| u == "https://www.bbc.com/news/world-europe-50473792"),
        "{m:?}"
    );
}

lede_testdata::test_main!(
    body_f1_on_the_benchmark,
    title_and_date_read_by_eye,
    other_metadata_fields,
);
