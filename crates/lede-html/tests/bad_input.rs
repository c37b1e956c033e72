//! Bad input: each gives a clear result or a clear error in bounded time, never a panic.

use std::time::{Duration, Instant};

use lede_html::{decode, extract, extract_bytes, Error};

const PARAGRAPH: &str = "The council voted on Tuesday to rebuild the old bridge over the river, \
    after engineers warned that its piers would not survive another winter of floods.";

fn article_page(body_paragraphs: usize) -> String {
    let mut s = String::from(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Bridge | Gazette</title>\
         </head><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Bridge</h1>",
    );
    for _ in 0..body_paragraphs {
        s.push_str("<p>");
        s.push_str(PARAGRAPH);
        s.push_str("</p>\n");
    }
    s.push_str("</article><footer><a href=/about>About</a></footer></body></html>");
    s
}

fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    out
}

#[test]
fn nested_100000_levels_deep() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<span>", "</span>"),
        ("<b>", "</b>"),
        ("<a href=x>", "</a>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<ul><li>", "</li></ul>"),
        ("<blockquote>", "</blockquote>"),
        ("<section><p>", "</p></section>"),
    ] {
        // Unclosed, then closed: both shapes.
        for closed in [false, true] {
            let mut page = String::from("<html><body>");
            for i in 0..100_000 {
                page.push_str(open);
                if i % 1000 == 0 {
                    page.push_str(PARAGRAPH);
                }
            }
            if closed {
                for _ in 0..100_000 {
                    page.push_str(close);
                }
            }
            let what = format!("100,000 x {open} (closed: {closed})");
            let result = within(Duration::from_secs(20), &what, || extract(&page));
            match result {
                Ok(a) => assert!(a.text().contains("rebuild the old bridge"), "{what}"),
                Err(Error::NoArticle) => {}
                Err(e) => panic!("{what}: {e}"),
            }
        }
    }
}

/// Shapes that make an HTML5 parser work hard: misnested formatting (the adoption agency),
/// text in tables (foster parenting), formatting reopened in every paragraph, long lists,
/// a tag with half a million attributes.
#[test]
fn parser_stress_shapes() {
    let shapes = [
        "<b><i><p>x</b></i>".repeat(100_000),
        format!("<table>{}", "x<td>y".repeat(100_000)),
        format!(
            "<p>{}</p>{}",
            "<b><i><u><s>".repeat(25_000),
            "<p>x</p>".repeat(100_000)
        ),
        format!("<ul>{}", "<li>item text here".repeat(100_000)),
        "<a href=x><p>text ".repeat(100_000),
        format!("<div {}>text</div>", "a=b ".repeat(500_000)),
    ];
    for (i, shape) in shapes.iter().enumerate() {
        let page = format!("<html><body>{shape}<p>{PARAGRAPH}</p>");
        let what = format!("stress shape {i}");
        match within(Duration::from_secs(20), &what, || extract(&page)) {
            Ok(_) | Err(Error::NoArticle) => {}
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

#[test]
fn over_the_size_limit_is_refused() {
    let page = " ".repeat(lede_html::MAX_INPUT_BYTES + 1);
    assert!(matches!(extract(&page), Err(Error::TooLarge { .. })));
}

#[test]
fn a_login_form_is_not_an_article() {
    let page = "<!doctype html><html><head><title>Sign in | Gazette</title></head><body>\
        <header><a href=/>Gazette</a><nav><a href=/news>News</a> <a href=/sport>Sport</a></nav></header>\
        <main><h1>Sign in</h1><p>Welcome back! Please sign in to continue.</p>\
        <form action=/login method=post><label>Email <input name=email></label>\
        <label>Password <input type=password name=pw></label><button>Sign in</button>\
        <a href=/forgot>Forgot your password?</a></form></main>\
        <footer><a href=/terms>Terms</a> <a href=/privacy>Privacy</a></footer></body></html>";
    assert!(matches!(extract(page), Err(Error::NoArticle)));
    assert!(matches!(extract(""), Err(Error::NoArticle)));
    assert!(matches!(extract("   \n "), Err(Error::NoArticle)));
}

/// Deterministic pseudo-random bytes (xorshift).
fn junk(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_junk_is_not_html() {
    for seed in 1..20 {
        let bytes = junk(100_000, seed);
        match within(Duration::from_secs(5), "junk", || extract_bytes(&bytes)) {
            Err(Error::NotHtml { reason }) => assert!(reason.contains("binary"), "{reason}"),
            other => panic!("seed {seed}: {other:?}"),
        }
    }
    // A PNG header, a truncated gzip stream.
    assert!(matches!(
        extract_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0"),
        Err(Error::NotHtml { .. })
    ));
    assert!(matches!(
        extract_bytes(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]),
        Err(Error::Gzip(_))
    ));
    // Junk without control bytes is text: it parses, and has no article or a nonsense one,
    // but never panics.
    let printable: Vec<u8> = junk(200_000, 7)
        .into_iter()
        .map(|b| b"<>/=\"' abcdefghij!-.\n"[b as usize % 21])
        .collect();
    let _ = within(Duration::from_secs(5), "printable junk", || {
        extract_bytes(&printable)
    });
}

#[test]
fn mis_declared_charsets() {
    let utf8_page = article_page(3).replace("bridge over", "pont \u{e0} P\u{e9}rigueux over");
    // Declared Latin-1, bytes are UTF-8.
    let page = utf8_page.replace("<meta charset=utf-8>", "<meta charset=iso-8859-1>");
    let a = extract_bytes(page.as_bytes()).unwrap();
    assert!(
        a.text().contains("pont \u{e0} P\u{e9}rigueux"),
        "{}",
        a.text()
    );
    // Declared UTF-8, bytes are Latin-1.
    let latin1: Vec<u8> = utf8_page.chars().map(|c| c as u32 as u8).collect();
    let a = extract_bytes(&latin1).unwrap();
    assert!(
        a.text().contains("pont \u{e0} P\u{e9}rigueux"),
        "{}",
        a.text()
    );
    // Declared UTF-16 without a BOM, or an unknown label: read as what the bytes are.
    for label in ["utf-16", "x-no-such-charset", ""] {
        let page = utf8_page.replace(
            "<meta charset=utf-8>",
            &format!("<meta charset=\"{label}\">"),
        );
        let d = decode(page.as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8", "{label}");
        assert!(extract(&d.text).unwrap().text().contains("P\u{e9}rigueux"));
    }
    // Declared windows-1251, bytes are windows-1251.
    let (cyr, _, _) =
        encoding_rs::WINDOWS_1251.encode("\u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430}");
    let mut page = article_page(3)
        .replace(
            "<meta charset=utf-8>",
            "<meta http-equiv=Content-Type content=\"text/html; charset=windows-1251\">",
        )
        .into_bytes();
    let at = page.windows(4).position(|w| w == b"<p>T").unwrap() + 3;
    page.splice(at..at, cyr.iter().copied().chain(*b" "));
    let a = extract_bytes(&page).unwrap();
    assert!(
        a.text()
            .contains("\u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430} The council"),
        "{}",
        a.text()
    );
    // A UTF-8 BOM over a contrary declaration.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(page_with("windows-1252").as_bytes());
    assert!(extract_bytes(&bom)
        .unwrap()
        .text()
        .contains("P\u{e9}rigueux"));
    // Invalid UTF-8 scattered through a UTF-8 page: replaced, not fatal.
    let mut broken = utf8_page.clone().into_bytes();
    let at = broken.len() / 2;
    broken.insert(at, 0xFF);
    assert!(extract_bytes(&broken).is_ok());
}

fn page_with(label: &str) -> String {
    article_page(3)
        .replace("bridge over", "pont \u{e0} P\u{e9}rigueux over")
        .replace("<meta charset=utf-8>", &format!("<meta charset={label}>"))
}
