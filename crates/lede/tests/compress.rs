//! Compression on real articles from the shared datasets (skipped with a message when the
//! data is absent; fails instead under LEDE_REQUIRE_SHARED=1), and on arbitrary text.

use lede::{compress, Budget, Compress, Options, Summarizer};
use proptest::prelude::*;

fn articles(rel: &str) -> Option<Vec<String>> {
    let path = lede_testdata::shared_file(rel)?;
    Some(
        lede_testdata::read_jsonl(&path)
            .into_iter()
            .map(|r| r["article"].as_str().unwrap_or_default().to_string())
            .collect(),
    )
}

fn summarizer(compress: Compress, budget: Budget) -> Summarizer {
    Summarizer::new(Options {
        compress,
        budget,
        ..Options::default()
    })
    .unwrap()
}

/// Every highlight of `texts` (named), compressed fully (3 highlights and 50 words) and by
/// default, checked against the invariants: how many were checked and compressed, and each
/// violation.
fn check_invariants(texts: &[(&str, &str)]) -> (usize, usize, Vec<String>) {
    let mut checked = 0usize;
    let mut compressed = 0usize;
    let mut bad = Vec::new();
    for (mode, budget) in [
        (Compress::Full, Budget::Sentences(3)),
        (Compress::Full, Budget::Words(50)),
        (Compress::Connectives, Budget::Sentences(3)),
    ] {
        let s = summarizer(mode, budget);
        for &(name, text) in texts {
            let Ok(h) = s.summarize(text) else {
                continue;
            };
            for x in &h.highlights {
                checked += 1;
                compressed += !x.cuts.is_empty() as usize;
                let v = compress::violations(text, x);
                if !v.is_empty() {
                    bad.push(format!(
                        "{name}{:?} <- {:?}: {v:?}",
                        x.text,
                        &text[x.start..x.end]
                    ));
                }
            }
        }
    }
    (checked, compressed, bad)
}

fn assert_no_violations(bad: &[String]) {
    assert!(
        bad.is_empty(),
        "{} violations, e.g. {:#?}",
        bad.len(),
        &bad[..bad.len().min(50)]
    );
}

/// Every highlight, compressed fully and by default, of the 4,368 validation and 642 cased
/// articles keeps the invariants: its text is its spans of the input, no quotation mark or
/// bracket is left open, nothing inside a quotation nor a quote's attribution is cut, no
/// number, negation, modal, hedge or part of a name is cut, and at least six words remain.
fn compression_invariants_hold_on_validation_and_cased_articles() {
    let Some(validation) = articles("cnn_dailymail_tokenized/validation.jsonl") else {
        return;
    };
    let Some(cased) = articles("cnn_dailymail_test_cased_subset/test.jsonl") else {
        return;
    };
    let texts: Vec<(&str, &str)> = validation
        .iter()
        .chain(&cased)
        .map(|a| ("", a.as_str()))
        .collect();
    let (checked, compressed, bad) = check_invariants(&texts);
    eprintln!(
        "{checked} highlights checked, {compressed} compressed, {} violations",
        bad.len()
    );
    assert!(
        compressed > 3_000,
        "only {compressed} highlights compressed"
    );
    assert_no_violations(&bad);
}

/// The article text of every page of the two web-page sets (the 181 pages of the extraction
/// benchmark and Readability's 130 test pages), as `lede summarize` reads an HTML page; pages
/// with no article are left out.
fn web_pages() -> Option<Vec<(String, String)>> {
    let bench = lede_testdata::shared_file("article_extraction_benchmark/html")?;
    let readability = lede_testdata::shared_file("readability_test_pages/pages")?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&bench).unwrap() {
        files.push(entry.unwrap().path());
    }
    for entry in std::fs::read_dir(&readability).unwrap() {
        files.push(entry.unwrap().path().join("source.html.gz"));
    }
    files.sort();
    // extract_bytes reads gzip as the CLI does.
    let mut pages = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        if let Ok(a) = lede_html::extract_bytes(&bytes) {
            pages.push((f.display().to_string(), a.text()));
        }
    }
    Some(pages)
}

/// Web pages are noisier than the datasets' articles (captions, bylines, lists, quotes laid
/// out as paragraphs): every highlight of the 310 articles of the two page sets, in every mode,
/// keeps the same invariants, and the default ones read alone as on the cased articles.
fn compression_invariants_hold_on_web_pages() {
    let Some(pages) = web_pages() else {
        return;
    };
    let texts: Vec<(String, &str)> = pages
        .iter()
        .map(|(name, text)| (format!("{name}: "), text.as_str()))
        .collect();
    let texts: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let (checked, compressed, bad) = check_invariants(&texts);
    eprintln!(
        "{} pages, {checked} highlights checked, {compressed} compressed, {} violations",
        pages.len(),
        bad.len()
    );
    assert_no_violations(&bad);
    ReadAlone::of(pages.iter().map(|(_, text)| text.as_str())).assert_read_alone();
}

/// The first word of a highlight, past any opening quotation mark.
fn first_word(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// How many default highlights there are, and how many of them do not read alone: at most 2%
/// may open with a connective; none may be a first highlight that opens with a pronoun, or a
/// quote fragment (an unbalanced quotation mark: a quote's first or last sentence alone; or a
/// start inside a quotation that an earlier sentence of its line opened: a quote's middle
/// sentence), a sentence that ends with a colon, a heading (a short line without a final
/// mark), a sentence with a web address, one that opens in lowercase, or a quotation alone.
#[derive(Debug, Default)]
struct ReadAlone {
    highlights: usize,
    connective: usize,
    pronoun_first: usize,
    unbalanced: usize,
    inside_a_quotation: usize,
    /// Ends with a colon: it introduces what follows.
    colon: usize,
    /// A short line (12 words or fewer) without a sentence's final mark: a heading.
    heading: usize,
    /// Carries a web address.
    web_address: usize,
    /// Opens with a word in lowercase: the rest of a sentence.
    lowercase: usize,
    /// A quotation and nothing else: no speaker.
    bare_quote: usize,
    /// Highlights of articles none of whose sentences is free of these faults (not counted
    /// above).
    relaxed: usize,
}

impl ReadAlone {
    /// Counts the default highlights of `articles`, printing each fault.
    fn of<'a>(articles: impl IntoIterator<Item = &'a str>) -> ReadAlone {
        const CONNECTIVES: &[&str] = &[
            "but",
            "and",
            "however",
            "instead",
            "also",
            "meanwhile",
            "yet",
            "moreover",
            "furthermore",
            "additionally",
            "nevertheless",
            "nonetheless",
            "besides",
            "plus",
            "or",
            "thus",
            "therefore",
            "indeed",
            "still",
            "then",
            "now",
        ];
        const PRONOUNS: &[&str] = &[
            "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their",
            "him", "them", "we", "i", "that", "such",
        ];
        let s = Summarizer::new(Options::default()).unwrap();
        let every = Summarizer::new(Options {
            method: lede::Method::Lead,
            budget: Budget::Sentences(100_000),
            compress: Compress::Off,
            ..Options::default()
        })
        .unwrap();
        let mut c = ReadAlone::default();
        for article in articles {
            let h = s
                .summarize(article)
                .unwrap_or_else(|e| panic!("{e}: {:?}", &article[..article.len().min(200)]));
            // An article none of whose sentences is free of these faults still gets its best
            // one, as it is ("abc", "Test Case 1"): that is no fault of the rules.
            let sentences: Vec<&str> = every
                .summarize(article)
                .map(|all| {
                    all.highlights
                        .iter()
                        .map(|x| &article[x.start..x.end])
                        .collect()
                })
                .unwrap_or_default();
            let (upper, lower) =
                sentences
                    .iter()
                    .fold((0, 0), |(u, l), s| match opening_word(s).chars().next() {
                        Some(c) if c.is_uppercase() => (u + 1, l),
                        Some(c) if c.is_lowercase() => (u, l + 1),
                        _ => (u, l),
                    });
            let cased = upper > 0 && upper >= 2 * lower;
            let faulty = |s: &str| {
                is_heading(s)
                    || has_web_address(s)
                    || is_bare_quote(s)
                    || (cased && opens_in_lowercase(s))
            };
            let relaxed = sentences.iter().all(|s| faulty(s));
            for (k, x) in h.highlights.iter().enumerate() {
                c.highlights += 1;
                if relaxed {
                    c.relaxed += 1;
                    continue;
                }
                let w = first_word(&x.text);
                let after = x.text.trim_start_matches(|c: char| !c.is_alphanumeric());
                let so_far = w == "so" && first_word(after.get(2..).unwrap_or_default()) == "far";
                if CONNECTIVES.contains(&w.as_str()) || (w == "so" && !so_far) {
                    c.connective += 1;
                }
                if k == 0 && PRONOUNS.contains(&w.split('\'').next().unwrap_or_default()) {
                    c.pronoun_first += 1;
                    eprintln!("pronoun first: {:?}", x.text);
                }
                let straight = x.text.matches('"').count();
                let (open, close) = (x.text.matches('“').count(), x.text.matches('”').count());
                if straight % 2 == 1 || open != close {
                    c.unbalanced += 1;
                    eprintln!("unbalanced: {:?}", x.text);
                }
                if x.text.trim_end().ends_with(':')
                    || article[x.start..x.end].trim_end().ends_with(':')
                {
                    c.colon += 1;
                    eprintln!("ends with a colon: {:?}", x.text);
                }
                let sentence = &article[x.start..x.end];
                if is_heading(sentence) {
                    c.heading += 1;
                    eprintln!("heading: {:?}", x.text);
                }
                if has_web_address(sentence) {
                    c.web_address += 1;
                    eprintln!("web address: {:?}", x.text);
                }
                if is_bare_quote(sentence) {
                    c.bare_quote += 1;
                    eprintln!("bare quote: {:?}", x.text);
                }
                if cased && opens_in_lowercase(sentence) {
                    c.lowercase += 1;
                    eprintln!("opens in lowercase: {:?}", x.text);
                }
                if starts_inside_a_quotation(article, x.start) {
                    c.inside_a_quotation += 1;
                    eprintln!("inside a quotation: {:?}", x.text);
                }
            }
        }
        eprintln!(
            "{} highlights: {} open with a connective, {} first ones with a pronoun, {} \
             unbalanced, {} inside a quotation, {} end with a colon, {} headings, {} with a web \
             address, {} open in lowercase, {} bare quotes ({} not counted: no sentence of their article \
             is free of these faults)",
            c.highlights,
            c.connective,
            c.pronoun_first,
            c.unbalanced,
            c.inside_a_quotation,
            c.colon,
            c.heading,
            c.web_address,
            c.lowercase,
            c.bare_quote,
            c.relaxed
        );
        c
    }

    /// At most 2% open with a connective; none of the other faults.
    fn assert_read_alone(&self) {
        assert!(
            self.connective * 50 <= self.highlights,
            "{} of {} open with a connective",
            self.connective,
            self.highlights
        );
        assert_eq!(
            self.pronoun_first, 0,
            "first highlights open with a pronoun"
        );
        assert_eq!(
            self.unbalanced, 0,
            "highlights with an unbalanced quotation mark"
        );
        assert_eq!(self.inside_a_quotation, 0, "highlights inside a quotation");
        assert_eq!(self.colon, 0, "highlights that end with a colon");
        assert_eq!(self.heading, 0, "highlights that are headings");
        assert_eq!(self.web_address, 0, "highlights with a web address");
        assert_eq!(self.lowercase, 0, "highlights that open in lowercase");
        assert_eq!(self.bare_quote, 0, "highlights that are a quotation alone");
    }
}

fn default_highlights_read_alone_on_cased_articles() {
    let Some(cased) = articles("cnn_dailymail_test_cased_subset/test.jsonl") else {
        return;
    };
    let c = ReadAlone::of(cased.iter().map(String::as_str));
    // 3 highlights for each Daily Mail story, 2 for each (datelined) CNN story: 1,594.
    let n = c.highlights;
    assert!(n >= 332 * 2 + 310 * 3 - 10, "{n} highlights");
    c.assert_read_alone();
    // The articles do have sentences inside quotations (442 of their 15,867, on lines whose
    // marks pair up).
    let every = Summarizer::new(Options {
        method: lede::Method::Lead,
        budget: Budget::Sentences(1000),
        compress: Compress::Off,
        ..Options::default()
    })
    .unwrap();
    let quoted: usize = cased
        .iter()
        .map(|a| {
            let h = every.summarize(a).unwrap();
            h.highlights
                .iter()
                .filter(|x| starts_inside_a_quotation(a, x.start))
                .count()
        })
        .sum();
    eprintln!("{quoted} of the articles' sentences start inside a quotation");
    assert!(quoted > 300, "{quoted} sentences inside a quotation");
}

/// Whether byte `start` of `article` lies inside a quotation opened earlier on its line (an
/// odd number of straight quotation marks before it, or more opening curly ones than closing),
/// on a line whose marks pair up (a stray inch mark opens no quotation).
/// The first word, past any opening marks, as written.
fn opening_word(text: &str) -> &str {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(char::is_whitespace)
        .next()
        .unwrap_or_default()
}

/// A short line (12 words or fewer) without a sentence's final mark.
fn is_heading(sentence: &str) -> bool {
    let words = lede_text::Analyzer::new(lede_text::Language::English)
        .words(sentence)
        .count();
    let end =
        sentence.trim_end_matches(|c: char| c.is_whitespace() || "\"'`”’»›)]」』）".contains(c));
    words <= 12 && !end.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', '।'])
}

fn has_web_address(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    lower.contains("www.") || lower.contains("http://") || lower.contains("https://")
}

/// A quotation and nothing else.
fn is_bare_quote(sentence: &str) -> bool {
    let inner = sentence
        .trim()
        .strip_prefix(['"', '“'])
        .and_then(|t| t.strip_suffix(['"', '”']));
    inner.is_some_and(|q| q.trim_end().ends_with(['.', '!', '?']) && !q.contains(['"', '“', '”']))
}

/// Opens with a word in lowercase that has no capital inside ("iPhone" is a name), and is no
/// handle ("@citycouncil") or name's particle before a capital ("de Blasio").
fn opens_in_lowercase(sentence: &str) -> bool {
    let w = opening_word(sentence);
    let particle = [
        "de", "van", "von", "al", "el", "bin", "la", "le", "da", "di", "du",
    ]
    .contains(&w)
        && sentence
            .split_whitespace()
            .nth(1)
            .is_some_and(|n| n.starts_with(char::is_uppercase));
    w.starts_with(char::is_lowercase)
        && !w.contains(char::is_uppercase)
        && !sentence.trim_start().starts_with(['@', '#'])
        && !particle
}

fn starts_inside_a_quotation(article: &str, start: usize) -> bool {
    let from = article[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = article[start..]
        .find('\n')
        .map_or(article.len(), |i| start + i);
    let marks = |t: &str| {
        let (open, close) = (t.matches('“').count(), t.matches('”').count());
        (t.matches('"').count() % 2 == 1, open as i64 - close as i64)
    };
    let (odd, open) = marks(&article[from..start]);
    let line = marks(&article[from..to]);
    (odd || open > 0) && line == (false, 0)
}

fn sentence() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[A-Za-z]{1,9}",
        Just("said".to_string()),
        Just("police".to_string()),
        Just("who".to_string()),
        Just("according to".to_string()),
        Just("on Tuesday".to_string()),
        Just("But".to_string()),
        Just("not".to_string()),
        Just("could".to_string()),
        Just("allegedly".to_string()),
        Just("n't".to_string()),
        Just("seven".to_string()),
        Just("John Smith".to_string()),
        Just("12".to_string()),
        Just("é".to_string()),
        Just("北京".to_string()),
    ];
    let punct = prop_oneof![
        Just(",".to_string()),
        Just(" ,".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just(" --".to_string()),
        Just(" -".to_string()),
        Just("'s".to_string()),
        Just(".".to_string()),
    ];
    proptest::collection::vec(prop_oneof![3 => word, 1 => punct], 0..60)
        .prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Compression of arbitrary text never panics, and what it returns is the input's words:
    /// spans in order inside the sentence, the text their join; and a cut sentence keeps the
    /// invariants that `compress::violations` checks.
    fn compression_of_arbitrary_text_is_faithful(
        sentences in proptest::collection::vec(sentence(), 1..6),
        words in 10usize..80,
    ) {
        let text = sentences.join(". ");
        for budget in [Budget::Sentences(3), Budget::Words(words)] {
            let s = summarizer(Compress::Full, budget);
            if let Ok(h) = s.summarize(&text) {
                for x in &h.highlights {
                    prop_assert!(x.is_faithful_to(&text), "{x:?}");
                    for c in &x.cuts {
                        prop_assert!(x.start <= c.start && c.end <= x.end);
                        prop_assert!(x.spans.iter().all(|&(a, b)| b <= c.start || a >= c.end));
                    }
                    // A cut sentence that was balanced keeps every invariant: nothing quoted,
                    // protected or part of a name is cut, and six words remain.
                    let whole = &text[x.start..x.end];
                    if !x.cuts.is_empty()
                        && compress::quotes_balanced(whole)
                        && compress::brackets_balanced(whole)
                    {
                        let v = compress::violations(&text, x);
                        prop_assert!(v.is_empty(), "{v:?} in {x:#?} of {whole:?}");
                    }
                }
            }
        }
    }
}

lede_testdata::test_main!(
    compression_of_arbitrary_text_is_faithful,
    compression_invariants_hold_on_validation_and_cased_articles,
    compression_invariants_hold_on_web_pages,
    default_highlights_read_alone_on_cased_articles,
);
