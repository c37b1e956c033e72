//! Article extraction: a news page's HTML to its title, byline, date and body paragraphs.
//!
//! ```
//! let page = "<html lang=en><head><title>Rain at last for the valley | The Daily</title></head><body>\
//!   <nav><a href=/>Home</a> <a href=/world>World</a></nav>\
//!   <article><h1>Rain at last for the valley</h1>\
//!   <p>After a dry summer the first autumn storm reached the valley on Tuesday, and farmers \
//!   who had waited for weeks watched the reservoirs begin to fill again.</p>\
//!   <p>Forecasters expect more rain through the weekend, with cooler air behind it and snow \
//!   on the highest peaks by Monday morning.</p></article></body></html>";
//! let article = lede_html::extract(page).unwrap();
//! assert_eq!(article.metadata.title.as_deref(), Some("Rain at last for the valley"));
//! assert_eq!(article.metadata.language.as_deref(), Some("en"));
//! assert_eq!(article.paragraphs.len(), 2);
//! assert!(article.text().starts_with("After a dry summer"));
//! ```
//!
//! The page is parsed by html5ever (through `scraper`), a conforming HTML5 parser; every walk
//! over the tree is iterative, so deeply nested pages cannot overflow the stack, and nesting
//! beyond [`MAX_DEPTH`] open elements is flattened before parsing so that the parser's own
//! scope checks stay linear. Bytes are decoded by [`decode`]: gzip, byte-order marks,
//! `<meta charset>` and `http-equiv` declarations, with a check of the declaration against the
//! bytes.

mod article;
mod charset;
mod dom;
mod error;
mod extract;
mod guard;
mod meta;
mod title;

pub use article::{Article, Block, BlockKind, Extraction, Metadata, Method};
pub use charset::{decode, decode_limited, Decoded, MAX_INPUT_BYTES};
pub use error::Error;
pub use guard::MAX_DEPTH;

/// The least body text, in non-space characters, that is an article on any page; shorter
/// text is one unless it is a single word (see [`MIN_ARTICLE_WORDS`]) or the page asks for a
/// password.
pub const MIN_ARTICLE_CHARS: usize = 120;

/// The fewest words (a CJK character counting as one) that short text needs to be read as
/// an article: a page that gives one word to read, or none, has none.
pub const MIN_ARTICLE_WORDS: usize = 2;

/// Extracts the article from a page's HTML text.
///
/// When no element holds the story clearly (the page's furniture marks leave too little text),
/// the best paragraph-rich region is read instead, and [`Article::extraction`] says so.
///
/// Errors: [`Error::NoArticle`] when the page gives nothing to read beyond a word (an empty
/// page, a placeholder) or is a sign-in form, [`Error::TooLarge`] past [`MAX_INPUT_BYTES`].
pub fn extract(html: &str) -> Result<Article, Error> {
    if html.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            bytes: html.len() as u64,
            limit: MAX_INPUT_BYTES as u64,
        });
    }
    let html = guard::prepare(html, MAX_DEPTH);
    let doc = scraper::Html::parse_document(&html);
    let page = dom::linearize(&doc);
    let found = extract::body(&page, MIN_ARTICLE_CHARS);
    // Short text is read (a short post, a single paragraph, two headings over pictures; read
    // without prose, it is a fallback of no confidence), but not a single word ("Test",
    // "Loading") and never on a page that asks for a password (a sign-in form's "Welcome
    // back!").
    if extract::chars_of(&found.blocks) < MIN_ARTICLE_CHARS
        && (page.password || extract::words_of(&found.blocks) < MIN_ARTICLE_WORDS)
    {
        return Err(Error::NoArticle);
    }
    let metadata = meta::read(&doc, &page);
    Ok(Article {
        metadata,
        paragraphs: found.blocks,
        extraction: Extraction {
            method: if found.fallback {
                Method::Fallback
            } else {
                Method::Body
            },
            confidence: (found.confidence * 100.0).round() / 100.0,
        },
    })
}

/// Decodes a page's bytes (see [`decode`]) and extracts its article.
pub fn extract_bytes(bytes: &[u8]) -> Result<Article, Error> {
    let decoded = decode(bytes)?;
    extract(&decoded.text)
}

/// Appends `text` to `out` with the characters that HTML gives a meaning to escaped (`&`, `<`,
/// `>`, `"`, `'`), so that it reads as text in an element or in a quoted attribute.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// For tuning: each text block of the page with its owner element, the element's marks, and
/// whether it is in the body. Not a stable interface.
#[doc(hidden)]
pub fn debug_blocks(html: &str) -> String {
    let html = guard::prepare(html, MAX_DEPTH);
    let doc = scraper::Html::parse_document(&html);
    let page = dom::linearize(&doc);
    extract::debug(&page)
}

#[cfg(test)]
mod escape_tests {
    #[test]
    fn html_escapes_what_html_reads_as_markup() {
        let mut out = String::new();
        crate::escape_into(r#"Tom & Jerry <b>"won't"</b> café"#, &mut out);
        assert_eq!(
            out,
            "Tom &amp; Jerry &lt;b&gt;&quot;won&#39;t&quot;&lt;/b&gt; café"
        );
    }

    proptest::proptest! {
        /// Escaped text has no character that HTML reads as markup, and unescaping gives it
        /// back.
        #[test]
        fn escaped_text_is_inert_and_reversible(text in "\\PC*") {
            let mut out = String::new();
            crate::escape_into(&text, &mut out);
            proptest::prop_assert!(!out.contains(['<', '>', '"', '\'']));
            let back = out
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            proptest::prop_assert_eq!(back, text);
        }
    }
}
