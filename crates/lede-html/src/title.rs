//! The article's title by the convention of Mozilla's Readability (the extractor behind
//! Firefox's Reader View), which most readers of a page's title expect: the title the page
//! declares for its article (JSON-LD, Dublin Core, Open Graph, `<meta name=title>`, Twitter),
//! kept as declared; without one, the `<title>` with a site's name split off at a separator
//! when what remains is still a title (three words or more), or the page's only `<h1>` when
//! the `<title>` is too short or too long to be a headline.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// Separators between a title's parts (written with a space on both sides): a bar, a hyphen,
/// an en or em dash, or one of the hierarchical ones.
const SEPARATORS: &[char] = &['|', '-', '\u{2013}', '\u{2014}', '\\', '/', '>', '\u{bb}'];
/// The separators that say "a part of" (`Site > Section > Headline`), not "and the site's name".
const HIERARCHICAL: &[char] = &['\\', '/', '>', '\u{bb}'];

/// Words as Readability counts them: the pieces between runs of white space, the empty piece
/// before leading (or after trailing) white space counted too.
fn word_count(s: &str) -> usize {
    let mut n = 1;
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                n += 1;
            }
            in_space = true;
        } else {
            in_space = false;
        }
    }
    n
}

/// Byte offsets of the separators written with a space on both sides (` | `, ` - `, ` » `).
fn separators(s: &str, set: &[char]) -> Vec<usize> {
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    (1..cs.len().saturating_sub(1))
        .filter(|&i| cs[i - 1].1 == ' ' && cs[i + 1].1 == ' ' && set.contains(&cs[i].1))
        .map(|i| cs[i - 1].0)
        .collect()
}

/// The title read from the page's `<title>`: `declared` is its text (white space collapsed),
/// `headings` the texts of the page's `<h1>` and `<h2>` elements, `only_h1` the text of the
/// page's `<h1>` when it has exactly one.
pub fn from_title_tag(declared: &str, headings: &[String], only_h1: Option<&str>) -> String {
    let orig = declared.trim();
    let mut cur = orig.to_string();
    let mut hierarchical = false;
    let seps = separators(orig, SEPARATORS);
    if let Some(&last) = seps.last() {
        // `Headline | Site`: the last part goes; when that leaves fewer than three words
        // (`Site | Headline`), everything up to the first separator goes instead.
        hierarchical = !separators(orig, HIERARCHICAL).is_empty();
        cur = orig[..last].to_string();
        if word_count(&cur) < 3 {
            if let Some((i, c)) = orig.char_indices().find(|(_, c)| SEPARATORS.contains(c)) {
                cur = orig[i + c.len_utf8()..].to_string();
            }
        }
    } else if orig.contains(": ") {
        // `Site: Headline`, unless a heading shows the whole of it.
        if !headings.iter().any(|h| h.trim() == orig) {
            let last = orig.rfind(':').unwrap_or(0);
            cur = orig[last + 1..].to_string();
            let first = orig.find(':').unwrap_or(0);
            if word_count(&cur) < 3 {
                cur = orig[first + 1..].to_string();
            } else if word_count(&orig[..first]) > 5 {
                // Many words before the colon: a headline with a colon in it.
                cur = orig.to_string();
            }
        }
    } else if !(15..=150).contains(&orig.encode_utf16().count()) {
        if let Some(h) = only_h1 {
            cur = h.to_string();
        }
    }
    let cur = cur.split_whitespace().collect::<Vec<_>>().join(" ");
    // Four words or fewer left: the whole <title>, unless the parts were a hierarchy and
    // exactly one word (the site's) went.
    let n = word_count(&cur);
    let without_seps: String = orig.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    if n <= 4 && (!hierarchical || n + 1 != word_count(&without_seps)) {
        return orig.to_string();
    }
    cur
}

/// How much of `b`'s text is made of words that `a` has (0 to 1), counted in characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    let tokens = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let uniq_b: Vec<&str> = tb
        .iter()
        .filter(|t| !ta.contains(t))
        .map(String::as_str)
        .collect();
    1.0 - uniq_b.join(" ").len() as f64 / tb.join(" ").len() as f64
}

/// schema.org types that describe an article (Readability's list, matched as it matches them:
/// a type that starts with `Article`, holds one of the others, or ends in `APIReference`).
static ARTICLE_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "^Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|\
         BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|\
         SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|\
         LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference$",
    )
    .expect("literal pattern")
});

fn article_typed(v: &Value) -> bool {
    v.get("@type")
        .and_then(Value::as_str)
        .is_some_and(|t| ARTICLE_TYPE.is_match(t))
}

fn schema_org(v: &Value) -> bool {
    let ok = |s: &str| {
        let s = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"));
        s.is_some_and(|s| s == "schema.org" || s == "schema.org/")
    };
    match v.get("@context") {
        Some(Value::String(s)) => ok(s),
        Some(Value::Object(o)) => o.get("@vocab").and_then(Value::as_str).is_some_and(ok),
        _ => false,
    }
}

/// The JSON-LD object Readability reads its metadata from: the first script's schema.org
/// object of an article type (the first such item of a top-level list, or of an untyped
/// object's `@graph`). A script whose list or type is not of that shape is passed over.
pub fn ld_article(scripts: &[Value]) -> Option<&Value> {
    scripts.iter().find_map(|parsed| {
        let parsed = match parsed {
            Value::Array(items) => items.iter().find(|it| {
                it.get("@type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| ARTICLE_TYPE.is_match(t))
            })?,
            v => v,
        };
        if !schema_org(parsed) {
            return None;
        }
        let parsed = match (parsed.get("@type"), parsed.get("@graph")) {
            (None, Some(Value::Array(graph))) => graph.iter().find(|it| article_typed(it))?,
            _ => parsed,
        };
        article_typed(parsed).then_some(parsed)
    })
}

/// The title of a JSON-LD article: its `name`, or its `headline` when the two differ and
/// only the headline is (mostly) the page's `<title>`.
pub fn ld_title(article: &Value, tag_title: impl FnOnce() -> String) -> Option<String> {
    let name = article.get("name").and_then(Value::as_str);
    let headline = article.get("headline").and_then(Value::as_str);
    let t = match (name, headline) {
        (Some(n), Some(h)) if n != h => {
            let title = tag_title();
            if similarity(h, &title) > 0.75 && similarity(n, &title) <= 0.75 {
                h
            } else {
                n
            }
        }
        (Some(n), _) => n,
        (None, Some(h)) => h,
        (None, None) => return None,
    };
    Some(t.trim().to_string()).filter(|t| !t.is_empty())
}

/// The key Readability files a `<meta>` under, if any: a `property` naming an Open Graph,
/// Twitter, Dublin Core or article field (`og:title`), else a `name` of such a field, with or
/// without a prefix (`title`, `dc.title`, `parsely-title`), lowercased, spaces removed and
/// dots made colons.
pub fn meta_key(property: Option<&str>, name: Option<&str>) -> Option<String> {
    static PROPERTY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|description|published_time|title|site_name)\s*",
        )
        .expect("literal pattern")
    });
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-\.:]\s*)?(author|creator|pub-date|description|title|site_name)\s*$",
        )
        .expect("literal pattern")
    });
    let squash = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    if let Some(m) = property.and_then(|p| PROPERTY.find(p)) {
        return Some(squash(m.as_str()));
    }
    name.filter(|n| NAME.is_match(n))
        .map(|n| squash(n).replace('.', ":"))
}

/// The keys whose content is the article's title, in the order Readability prefers them.
pub const META_TITLE_KEYS: &[&str] = &[
    "dc:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_tag_parts() {
        let t = |s: &str| from_title_tag(s, &[], None);
        assert_eq!(
            t("Rain comes at last to the valley | The Daily"),
            "Rain comes at last to the valley"
        );
        // Four words or fewer left: the whole title.
        assert_eq!(t("Rain at last | The Daily"), "Rain at last | The Daily");
        // The site first.
        assert_eq!(
            t("The Daily - Rain comes at last to the valley"),
            "Rain comes at last to the valley"
        );
        // Short but for one word of a hierarchy: the short part; not so after a bar.
        assert_eq!(t("Weather » Rain at last"), "Rain at last");
        assert_eq!(t("Weather | Rain at last"), "Weather | Rain at last");
        // En and em dashes separate too.
        assert_eq!(
            t("Rain comes at last to the valley \u{2013} The Daily"),
            "Rain comes at last to the valley"
        );
        // A colon: the part after it, unless many words come before it.
        assert_eq!(
            t("The Daily: Rain comes at last to the valley"),
            "Rain comes at last to the valley"
        );
        assert_eq!(
            t("Why the rain came so late this year: a forecaster explains"),
            "Why the rain came so late this year: a forecaster explains"
        );
        let h = vec!["The Daily: Rain comes at last to the valley".to_string()];
        assert_eq!(
            from_title_tag("The Daily: Rain comes at last to the valley", &h, None),
            "The Daily: Rain comes at last to the valley"
        );
        // Too short: the only <h1>.
        assert_eq!(
            from_title_tag("Home", &[], Some("Rain comes at last to the valley")),
            "Rain comes at last to the valley"
        );
    }

    #[test]
    fn word_counts() {
        assert_eq!(word_count("a b  c"), 3);
        assert_eq!(word_count(" a b"), 3);
        assert_eq!(word_count(""), 1);
    }

    #[test]
    fn meta_keys() {
        assert_eq!(
            meta_key(Some("og:title"), None).as_deref(),
            Some("og:title")
        );
        assert_eq!(
            meta_key(Some("dc:description og:description"), None).as_deref(),
            Some("dc:description")
        );
        assert_eq!(
            meta_key(None, Some("DC.Title")).as_deref(),
            Some("dc:title")
        );
        assert_eq!(meta_key(None, Some("title")).as_deref(), Some("title"));
        assert_eq!(meta_key(None, Some("keywords")), None);
        assert_eq!(meta_key(Some("fb:app_id"), Some("x")), None);
    }

    #[test]
    fn json_ld() {
        let v: Value = serde_json::json!({"@context": "https://schema.org", "@type": "NewsArticle",
            "name": "Daily", "headline": "Rain comes at last"});
        let a = ld_article(std::slice::from_ref(&v)).unwrap();
        assert_eq!(
            ld_title(a, || "Rain comes at last - Daily".into()).as_deref(),
            Some("Rain comes at last")
        );
        let web: Value = serde_json::json!({"@context": "https://schema.org", "@type": "WebPage",
            "name": "Daily"});
        assert!(ld_article(&[web]).is_none());
    }
}
