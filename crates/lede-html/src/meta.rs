//! Metadata: title, authors, date, canonical URL, language, site name.

use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use crate::article::Metadata;
use crate::dom::Page;
use crate::title;

/// What the page's `<meta>`, `<link>` and JSON-LD say, gathered in one pass.
#[derive(Default)]
struct Found {
    /// (key, content, whether the key is a `property`): a `<meta>` with several
    /// space-separated keys gives one entry per key.
    metas: Vec<(String, String, bool)>,
    canonical: Option<String>,
    title_tag: Option<String>,
    h1s: Vec<String>,
    /// `<meta>` content under the keys Readability files it by (see [`title::meta_key`]).
    readability_metas: Vec<(String, String)>,
    /// The texts of the page's `<h1>` and `<h2>` elements (the first 100 short ones), however
    /// marked.
    headings: Vec<String>,
    /// How many `<h1>` elements the page has, and the first one's text.
    h1_count: usize,
    first_h1: Option<String>,
    time: Option<String>,
    lang: Option<String>,
    author_elems: Vec<String>,
    author_attempts: usize,
    ld: Vec<Value>,
}

impl Found {
    /// The content Readability reads under a key: the last `<meta>` filed under it.
    fn readability_meta(&self, key: &str) -> Option<&str> {
        self.readability_metas
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The title read from the `<title>` (and the headings), as Readability reads it.
    fn tag_title(&self) -> String {
        let only_h1 = if self.h1_count == 1 {
            self.first_h1.as_deref()
        } else {
            None
        };
        title::from_title_tag(
            self.title_tag.as_deref().unwrap_or(""),
            &self.headings,
            only_h1,
        )
    }

    /// The first key's content, a `property` before a `name` (RDFa and Open Graph say
    /// `property`; a `name` of the same key is often an older or looser copy).
    fn meta(&self, keys: &[&str]) -> Option<String> {
        for k in keys {
            for prop in [true, false] {
                if let Some((_, v, _)) = self
                    .metas
                    .iter()
                    .find(|(key, v, p)| *p == prop && key == k && !v.trim().is_empty())
                {
                    return Some(v.trim().to_string());
                }
            }
        }
        None
    }
}

/// An element's text with its white space collapsed. Text nodes are joined as they stand:
/// `<em>Metroid</em>, One` reads "Metroid, One", not "Metroid , One".
fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An element's text as [`text_of`] reads it, when that is short (a heading, not a page held
/// in an unclosed one): `None` past 1,000 characters or 2,000 nodes, so that reading many
/// nested headings stays linear in the page.
fn short_text_of(e: ElementRef) -> Option<String> {
    let mut s = String::new();
    for (i, n) in e.descendants().enumerate() {
        if i >= 2000 || s.len() > 1000 {
            return None;
        }
        if let Node::Text(t) = n.value() {
            s.push_str(t);
        }
    }
    Some(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn gather(doc: &Html) -> Found {
    let mut f = Found::default();
    for node in doc.tree.nodes() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        match e.name() {
            "html" if f.lang.is_none() => {
                f.lang = e
                    .attr("lang")
                    .or(e.attr("xml:lang"))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
            }
            "meta" => {
                if let Some(content) = e.attr("content").map(str::trim).filter(|c| !c.is_empty()) {
                    if let Some(k) = title::meta_key(e.attr("property"), e.attr("name")) {
                        f.readability_metas.push((k, content.to_string()));
                    }
                }
                let prop = e.attr("property").is_some();
                let key = e
                    .attr("property")
                    .or(e.attr("name"))
                    .or(e.attr("itemprop"))
                    .or(e.attr("http-equiv"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    for k in k.split_whitespace().take(8) {
                        f.metas.push((k.to_ascii_lowercase(), v.to_string(), prop));
                    }
                }
            }
            "link"
                if f.canonical.is_none()
                    && e.attr("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("canonical"))
                    }) =>
            {
                f.canonical = e
                    .attr("href")
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
            }
            "title" if f.title_tag.is_none() => {
                if let Some(er) = ElementRef::wrap(node) {
                    let t = text_of(er);
                    if !t.is_empty() {
                        f.title_tag = Some(t);
                    }
                }
            }
            "h1" if f.h1s.len() < 5
                && !names_the_site(e.attr("id"), e.attr("class"))
                && !in_home_link(node) =>
            {
                if let Some(er) = ElementRef::wrap(node) {
                    let t = text_of(er);
                    if !t.is_empty() {
                        f.h1s.push(t);
                    }
                }
            }
            "time" if f.time.is_none() => {
                f.time = e
                    .attr("datetime")
                    .map(|s| s.trim().to_string())
                    .filter(|s| iso_date(s).is_some());
            }
            "script"
                if e.attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                if let Some(er) = ElementRef::wrap(node) {
                    let src: String = er.text().collect();
                    if let Ok(v) = serde_json::from_str::<Value>(json_body(&src)) {
                        f.ld.push(v);
                    }
                }
            }
            _ => {}
        }
        if matches!(e.name(), "h1" | "h2") {
            if e.name() == "h1" {
                f.h1_count += 1;
            }
            if f.headings.len() < 100 {
                if let Some(t) = ElementRef::wrap(node).and_then(short_text_of) {
                    if e.name() == "h1" && f.h1_count == 1 {
                        f.first_h1 = Some(t.clone());
                    }
                    f.headings.push(t);
                }
            }
        }
        let is_author = e
            .attr("rel")
            .is_some_and(|r| r.eq_ignore_ascii_case("author"))
            || e.attr("itemprop")
                .is_some_and(|r| r.eq_ignore_ascii_case("author"));
        // Attempts are counted, not only the names kept: each attempt reads an element's text,
        // and a page of nested author elements must not make that quadratic.
        if is_author && f.author_elems.len() < 10 && f.author_attempts < 20 {
            f.author_attempts += 1;
            if let Some(er) = ElementRef::wrap(node) {
                let t = text_of(er);
                if !t.is_empty() && t.len() < 80 {
                    f.author_elems.push(t);
                }
            }
        }
    }
    f
}

/// The JSON of a JSON-LD script: without a trailing `;` and without the CDATA section
/// markers (`<![CDATA[ ... ]]>`, also behind `//` or `/* */`) that XHTML-minded pages wrap
/// it in.
fn json_body(src: &str) -> &str {
    let mut s = src.trim();
    for open in ["//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
        if let Some(rest) = s.strip_prefix(open) {
            s = rest.trim_start();
            break;
        }
    }
    for close in ["//]]>", "/*]]>*/", "]]>"] {
        if let Some(rest) = s.strip_suffix(close) {
            s = rest.trim_end();
            break;
        }
    }
    s.trim_end_matches(';').trim_end()
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "SocialMediaPosting",
    "VideoObject",
    "WebPage",
];

fn type_rank(v: &Value) -> Option<usize> {
    let t = v.get("@type")?;
    let types: Vec<&str> = match t {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
        _ => return None,
    };
    types
        .iter()
        .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
        .map(|p| if p == ARTICLE_TYPES.len() - 1 { 1 } else { 0 })
        .min()
}

/// The JSON-LD object that describes the article: an article type first, a WebPage with a
/// headline after that.
fn ld_article(lds: &[Value]) -> Option<&Value> {
    let mut best: Option<(&Value, usize)> = None;
    let mut stack: Vec<&Value> = lds.iter().collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(r) = type_rank(v) {
                    let has_headline =
                        o.contains_key("headline") || o.contains_key("datePublished");
                    if (r == 0 || has_headline) && best.is_none_or(|(_, br)| r < br) {
                        best = Some((v, r));
                    }
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(m) = o.get("mainEntity") {
                    stack.push(m);
                }
            }
            _ => {}
        }
    }
    best.map(|(v, _)| v)
}

fn ld_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(a) => a
            .iter()
            .find_map(|x| x.as_str())
            .map(|s| s.trim().to_string()),
        Value::Object(o) => o
            .get("name")
            .or(o.get("@id"))
            .or(o.get("url"))
            .and_then(|x| x.as_str())
            .map(|s| s.trim().to_string()),
        _ => None,
    }
}

fn ld_names(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        x => vec![x],
    };
    for it in items {
        match it {
            Value::String(s) => out.push(s.trim().to_string()),
            // A publisher named as the author is not a byline.
            Value::Object(o)
                if o.get("@type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.ends_with("Organization") || t == "Corporation") => {}
            Value::Object(o) => {
                if let Some(n) = o.get("name") {
                    match n {
                        Value::String(s) => out.push(s.trim().to_string()),
                        Value::Array(a) => out.extend(
                            a.iter()
                                .filter_map(|x| x.as_str())
                                .map(|s| s.trim().to_string()),
                        ),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A name without the "By" a byline writes before it (`By TOM KRISHER`, `by: Ann Lee`, and
/// twice over, as some pages do).
pub fn strip_by(name: &str) -> &str {
    let mut s = name.trim();
    loop {
        let b = s.as_bytes();
        if b.len() > 3 && b[..2].eq_ignore_ascii_case(b"by") && matches!(b[2], b' ' | b':') {
            s = s[3..].trim_start_matches([' ', ':']);
        } else {
            return s;
        }
    }
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with('/')
}

/// Decodes the character references that pages leave (often twice escaped) in meta content
/// and JSON-LD strings: numeric ones and the common named ones.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let v = match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse().ok(),
                };
                v.and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    "lsquo" => Some('\u{2018}'),
                    "rsquo" => Some('\u{2019}'),
                    "ldquo" => Some('\u{201c}'),
                    "rdquo" => Some('\u{201d}'),
                    "ndash" => Some('\u{2013}'),
                    "mdash" => Some('\u{2014}'),
                    "hellip" => Some('\u{2026}'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A date written near the headline (`Posted: Fri 6:45 PM, Feb 16, 2018`, `November 15,
/// 2019` beside the byline), for pages that give no machine-readable date: the first short
/// block with a date among those around the first `<h1>`.
pub fn text_date(page: &Page) -> Option<String> {
    let h1 = page
        .blocks
        .iter()
        .position(|b| b.kind == crate::dom::Owner::Heading(1))?;
    page.blocks[h1.saturating_sub(3)..page.blocks.len().min(h1 + 12)]
        .iter()
        .filter(|b| b.chars <= 60)
        .find_map(|b| iso_date(&b.text).map(|_| b.text.trim().to_string()))
}

/// Whether a node sits inside a link to the site's front page (`<a href="/"><h1>Site</h1></a>`):
/// a masthead, not a headline.
fn in_home_link(node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.ancestors().take(4).any(|a| {
        a.value().as_element().is_some_and(|e| {
            e.name() == "a"
                && e.attr("href").is_some_and(|h| {
                    let h = h.trim();
                    let path = h
                        .split_once("://")
                        .map_or(h, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
                    matches!(path, "/" | "./" | "/index.html" | "/index.php")
                })
        })
    })
}

/// Whether an element's id or class marks it as the site's own name (a masthead `<h1>`, not the
/// article's headline).
fn names_the_site(id: Option<&str>, class: Option<&str>) -> bool {
    [id, class].into_iter().flatten().any(|v| {
        let v = v.to_ascii_lowercase();
        [
            "site-title",
            "site-name",
            "sitename",
            "site_title",
            "logo",
            "masthead",
            "brand",
        ]
        .iter()
        .any(|m| v.contains(m))
    })
}

pub fn read(doc: &Html, page: &Page) -> Metadata {
    let f = gather(doc);
    let ld = ld_article(&f.ld);
    let site_name = f
        .meta(&[
            "og:site_name",
            "application-name",
            "twitter:app:name:iphone",
        ])
        .or_else(|| {
            ld.and_then(|v| v.get("publisher"))
                .and_then(|p| ld_str(&serde_json::json!({ "p": p }), "p"))
        });
    let site = site_name.as_deref();

    // A declared title that is only the site's name says nothing about the article.
    let not_site = |t: &String| site.is_none_or(|s| !t.trim().eq_ignore_ascii_case(s.trim()));
    // The title by Readability's convention (see `title`): the declared title as it stands,
    // else the <title> split at a separator; a declared title that is only the site's name is
    // passed over.
    let title = title::ld_article(&f.ld)
        .and_then(|a| title::ld_title(a, || f.tag_title()))
        .filter(not_site)
        .or_else(|| {
            title::META_TITLE_KEYS
                .iter()
                .find_map(|k| f.readability_meta(k))
                .map(str::to_string)
                .filter(not_site)
        })
        .or_else(|| Some(f.tag_title()))
        .map(|t| {
            unescape(&t)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|t| !t.is_empty())
        .or_else(|| f.h1s.first().cloned());

    let mut authors: Vec<String> = Vec::new();
    if let Some(a) = ld.and_then(|v| v.get("author")) {
        authors.extend(ld_names(a));
    }
    if authors.is_empty() {
        for key in [
            "author",
            "article:author",
            "byl",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
        ] {
            for (k, v, _) in &f.metas {
                if k == key && !looks_like_url(v.trim()) && !v.trim().is_empty() {
                    authors.push(v.trim().to_string());
                }
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    if authors.is_empty() {
        authors = f.author_elems.clone();
    }
    // At most 50 candidates (a page can declare thousands of author tags).
    authors.truncate(50);
    let mut uniq: Vec<String> = Vec::new();
    for a in authors {
        let a = unescape(&a)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let a = strip_by(&a).to_string();
        if !a.is_empty() && !looks_like_url(&a) && !uniq.iter().any(|u| u.eq_ignore_ascii_case(&a))
        {
            uniq.push(a);
        }
    }

    let published = ld
        .and_then(|v| ld_str(v, "datePublished").or_else(|| ld_str(v, "dateCreated")))
        .filter(|d| iso_date(d).is_some())
        .or_else(|| {
            f.meta(&[
                "article:published_time",
                "og:published_time",
                "article:published",
                "published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "article.published",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dc.date",
                "dcterms.created",
                "dcterms.date",
                "date",
                "og:updated_time",
                "article:modified_time",
            ])
            .filter(|d| iso_date(d).is_some())
        })
        .or_else(|| f.time.clone())
        .or_else(|| text_date(page));

    let url = f
        .canonical
        .clone()
        .or_else(|| f.meta(&["og:url", "twitter:url"]))
        .or_else(|| ld.and_then(|v| ld_str(v, "url")));
    let language = f
        .lang
        .clone()
        .or_else(|| f.meta(&["og:locale", "content-language", "language", "dc.language"]))
        .or_else(|| ld.and_then(|v| ld_str(v, "inLanguage")));
    let description = f
        .meta(&["og:description", "description", "twitter:description"])
        .map(|d| unescape(&d));
    let site_name = site_name.map(|s| unescape(&s));

    Metadata {
        title,
        authors: uniq,
        published,
        url,
        language,
        site_name,
        description,
    }
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `YYYY-MM-DD` from a date as pages write it: ISO 8601 (`2019-11-19T10:00:00Z`),
/// `2019/11/19`, `20191119`, `November 19, 2019`, `19 Nov 2019`.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|x| x.iter().all(u8::is_ascii_digit))
    };
    let valid = |y: u32, m: u32, d: u32| {
        (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    if digits(0..4)
        && matches!(b.get(4), Some(b'-' | b'/' | b'.'))
        && digits(5..7)
        && b.get(7) == b.get(4)
        && digits(8..10)
    {
        let (y, m, d) = (
            s[0..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        );
        return valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"));
    }
    if digits(0..8) && !b.get(8).is_some_and(u8::is_ascii_digit) {
        let (y, m, d) = (
            s[0..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..8].parse().ok()?,
        );
        return valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"));
    }
    // Words: a month name, a day and a year in either order.
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let month = words
        .iter()
        .position(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m)))?;
    let m = MONTHS.iter().position(|x| words[month].starts_with(x))? as u32 + 1;
    let num = |w: &str| -> Option<u32> {
        let d: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
        d.parse().ok()
    };
    let year = words
        .iter()
        .filter_map(|w| num(w))
        .find(|&n| (1900..=2100).contains(&n))?;
    let day = words
        .get(month + 1)
        .and_then(|w| num(w))
        .filter(|d| (1..=31).contains(d))
        .or_else(|| {
            month
                .checked_sub(1)
                .and_then(|i| num(&words[i]))
                .filter(|d| (1..=31).contains(d))
        })?;
    valid(year, m, day).then(|| format!("{year:04}-{m:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2019-11-19T10:00:00Z").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(iso_date("2019/11/19").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_date("20191119").as_deref(), Some("2019-11-19"));
        assert_eq!(iso_date("November 19, 2019").as_deref(), Some("2019-11-19"));
        assert_eq!(
            iso_date("Tue 19 Nov 2019 10:00").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(iso_date("yesterday"), None);
        assert_eq!(iso_date("2019-13-40"), None);
    }

    #[test]
    fn entities() {
        assert_eq!(
            unescape("&#8216;Q&#8217; &amp; A &x; &#x2014;"),
            "\u{2018}Q\u{2019} & A &x; \u{2014}"
        );
    }

    #[test]
    fn json_ld_in_cdata() {
        assert_eq!(json_body("\n <![CDATA[\n {\"a\": 1}\n ]]>\n"), "{\"a\": 1}");
        assert_eq!(json_body("//<![CDATA[\n{}\n//]]>"), "{}");
        assert_eq!(json_body("{};"), "{}");
    }

    #[test]
    fn bylines() {
        assert_eq!(strip_by("By By TOM KRISHER"), "TOM KRISHER");
        assert_eq!(strip_by("by: Ann Lee"), "Ann Lee");
        assert_eq!(strip_by("BY Ann Lee"), "Ann Lee");
        assert_eq!(strip_by("Byron Lee"), "Byron Lee");
        assert_eq!(strip_by("By"), "By");
    }
}
