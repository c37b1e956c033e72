//! Flattening pathological pages before parsing.
//!
//! An HTML5 parser checks, for many start tags, whether an element is "in scope" by walking
//! the stack of open elements; with tens of thousands of unclosed `<div>`s every tag walks the
//! whole stack and parsing turns quadratic (100,000 nested divs take over 20 s in html5ever).
//! No real page nests that deep, so a cheap scan drops the start and end tags that would open
//! elements beyond [`MAX_DEPTH`]; their text stays.
//!
//! Two more shapes cost far more than their size. A tag with hundreds of thousands of
//! attributes is quadratic (the parser checks each new attribute against those before it):
//! a tag with more than [`MAX_ATTRIBUTES`] loses its attributes. And every element costs the
//! parsed tree a few hundred bytes, so a page of millions of tiny elements (`<p>a</p>`
//! repeated, which gzip packs into almost nothing) would take gigabytes: tags after the first
//! [`MAX_ELEMENTS`] are dropped, their text kept. The largest development pages have 10,000
//! elements and 100 attributes on a tag.

use std::borrow::Cow;

/// The deepest nesting of open elements kept; deeper tags are dropped (their text is kept).
pub const MAX_DEPTH: usize = 2_000;

/// Attributes a tag may have; a tag with more keeps only its name.
pub const MAX_ATTRIBUTES: usize = 1_000;

/// Start tags of a page that are parsed; later tags are dropped (their text is kept).
pub const MAX_ELEMENTS: usize = 250_000;

/// Elements that are never on the stack for long (void elements) or that close themselves
/// when a sibling starts (so they do not nest by accident): not counted.
fn uncounted(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text up to their end tag.
fn raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
    )
}

/// `html` ready for parsing: the tags beyond `limit` levels of (roughly counted) nesting
/// removed, and what never holds article text emptied (comments, and the content of `<style>`
/// and of `<script>` other than JSON data such as JSON-LD), which is more than half the bytes
/// of a typical news page and so half the parser's work. Borrowed when nothing is removed.
pub fn prepare(html: &str, limit: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `html` already accounted for in `out`
                        // Removes html[from..to] (copying what lies before it).
    let cut = |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
        o.push_str(&html[*copied..from]);
        *copied = to;
    };
    let mut depth = 0usize;
    let mut elements = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = html[lt + 4..]
                .find("-->")
                .map_or(b.len(), |e| lt + 4 + e + 3);
            cut(&mut out, &mut copied, lt, i);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            // `<!x>`, `<?x>` and `</1>` are bogus comments, which the parser keeps as nodes:
            // they count against the budget like elements, up to their `>`.
            let bogus = matches!(rest.get(1), Some(b'!' | b'?'))
                || (closing && rest.get(2).is_some_and(|&c| c != b'>'));
            if bogus {
                let end = memchr(b'>', &b[lt..]).map_or(b.len(), |k| lt + k + 1);
                elements += 1;
                if elements > MAX_ELEMENTS {
                    cut(&mut out, &mut copied, lt, end);
                }
                i = end;
            } else {
                i = lt + 1;
            }
            continue;
        }
        let mut name_buf = [0u8; 16];
        let name: &[u8] = if name_len <= name_buf.len() {
            for (d, c) in name_buf
                .iter_mut()
                .zip(&b[name_start..name_start + name_len])
            {
                *d = c.to_ascii_lowercase();
            }
            &name_buf[..name_len]
        } else {
            // No element this function treats specially has a longer name.
            b"x-long-name"
        };
        let end = tag_end(b, name_start + name_len);
        let self_closing = end >= 2 && b[end - 2] == b'/';
        if !closing {
            elements += 1;
        }
        if elements > MAX_ELEMENTS {
            // Past the page's budget of elements: every tag goes, the text stays, with a space
            // for the tag so that words of two blocks do not run together; a script's or a
            // style's content goes with its tags.
            let to = if !closing && raw_text(name) {
                find_end_tag(html, end, name).map_or(b.len(), |c| tag_end(b, c + 2 + name.len()))
            } else {
                end
            };
            cut(&mut out, &mut copied, lt, to);
            if let Some(o) = out.as_mut() {
                o.push(' ');
            }
            i = to;
            continue;
        }
        // A tag with too many attributes keeps its name (and so its place in the tree).
        let strip = attributes(&b[name_start + name_len..end]) > MAX_ATTRIBUTES;
        let strip_attributes = |out: &mut Option<String>, copied: &mut usize| {
            cut(out, copied, name_start + name_len, end);
            if let Some(o) = out.as_mut() {
                o.push('>');
            }
        };
        let mut drop = false;
        if closing {
            if !uncounted(name) {
                if depth > limit {
                    drop = true;
                }
                depth = depth.saturating_sub(1);
            }
        } else if raw_text(name) {
            if strip {
                strip_attributes(&mut out, &mut copied);
            }
            // Skip to the matching end tag; it is not counted either.
            let close = find_end_tag(html, end, name);
            let json = || {
                b[name_start + name_len..end]
                    .windows(4)
                    .any(|w| w.eq_ignore_ascii_case(b"json"))
            };
            if name == b"style" || (name == b"script" && !json()) {
                cut(&mut out, &mut copied, end, close.unwrap_or(b.len()));
            }
            i = close.map_or(b.len(), |c| c + 2 + name.len());
            continue;
        } else if !uncounted(name) && !self_closing {
            depth += 1;
            if depth > limit {
                drop = true;
            }
        }
        if drop {
            cut(&mut out, &mut copied, lt, end);
        } else if strip {
            strip_attributes(&mut out, &mut copied);
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// The index just past the `>` that ends a tag whose attributes start at `from` (quotes
/// respected), or the end of the input.
fn tag_end(b: &[u8], from: usize) -> usize {
    // As the HTML tokenizer reads a tag: a quote opens a quoted value only right after `=`
    // (and white space); elsewhere, as in `data-x=it's` or a stray `"`, it is an ordinary byte.
    let n = b.len();
    let mut k = from;
    while k < n {
        match b[k] {
            b'>' => return k + 1,
            b'=' => {
                k += 1;
                while k < n && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                if k < n && (b[k] == b'"' || b[k] == b'\'') {
                    let q = b[k];
                    k += 1;
                    while k < n && b[k] != q {
                        k += 1;
                    }
                    k += 1;
                }
            }
            _ => k += 1,
        }
    }
    n
}

/// How many attributes the inside of a tag (after its name, up to its `>`) has, as the
/// tokenizer counts them: names that follow white space, outside quoted values.
fn attributes(inside: &[u8]) -> usize {
    let mut n = 0;
    let mut k = 0;
    let mut after_space = true;
    while k < inside.len() {
        match inside[k] {
            c if c.is_ascii_whitespace() || c == b'/' => after_space = true,
            b'>' => break,
            b'=' => {
                k += 1;
                while k < inside.len() && inside[k].is_ascii_whitespace() {
                    k += 1;
                }
                if k < inside.len() && (inside[k] == b'"' || inside[k] == b'\'') {
                    let q = inside[k];
                    k += 1;
                    while k < inside.len() && inside[k] != q {
                        k += 1;
                    }
                }
                after_space = false;
            }
            _ => {
                if after_space {
                    n += 1;
                }
                after_space = false;
            }
        }
        k += 1;
    }
    n
}

fn memchr(c: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&x| x == c)
}

/// The index of the `</name` (any case) that ends a raw-text element, from `from` on.
fn find_end_tag(html: &str, from: usize, name: &[u8]) -> Option<usize> {
    let b = html.as_bytes();
    let mut at = from;
    while let Some(k) = html[at..].find("</") {
        let start = at + k + 2;
        if b.len() >= start + name.len() && b[start..start + name.len()].eq_ignore_ascii_case(name)
        {
            return Some(at + k);
        }
        at = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_untouched() {
        let page = "<html><body><div><p>a<p>b<div><span>c</span></div></div>\
                    <script type=application/ld+json>{\"a\": \"<b>\"}</script>";
        assert!(matches!(prepare(page, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_flattened() {
        let page = "<div>".repeat(10) + "x" + &"</div>".repeat(10);
        let out = prepare(&page, 4);
        assert_eq!(out, "<div>".repeat(4) + "x" + &"</div>".repeat(4));
    }

    #[test]
    fn quotes_and_comments() {
        let page = "<!-- <div><div><div> --><div title='a>b'><div>x</div></div>";
        assert_eq!(prepare(page, 2), "<div title='a>b'><div>x</div></div>");
    }

    #[test]
    fn a_quote_outside_a_quoted_value_does_not_swallow_the_page() {
        // `it's` in an unquoted value and a stray `"` are ordinary bytes to the HTML tokenizer.
        assert_eq!(tag_end(b"<div data-x=it's>body", 4), 17);
        assert_eq!(tag_end(b"<div \">body", 4), 7);
        assert_eq!(tag_end(b"<div a = 'x>y' b>z", 4), 17);
        let page = "<style media=it's>p{}</style><p>The article text.</p><style>q{}</style>";
        assert!(prepare(page, 10).contains("The article text."));
    }

    #[test]
    fn attributes_are_counted_as_the_tokenizer_reads_them() {
        assert_eq!(attributes(b" a=1 b='x y' c d=\"e f\">"), 4);
        assert_eq!(attributes(b">"), 0);
        assert_eq!(attributes(b" data-x=it's/>"), 1);
    }

    #[test]
    fn a_tag_with_too_many_attributes_keeps_its_name() {
        let attrs: String = (0..MAX_ATTRIBUTES + 1)
            .map(|i| format!(" a{i}=1"))
            .collect();
        let page = format!("<div><p{attrs}>The text.</p><p class=x>More.</p></div>");
        assert_eq!(
            prepare(&page, 10),
            "<div><p>The text.</p><p class=x>More.</p></div>"
        );
        // At the limit, the tag is left alone.
        let attrs: String = (0..MAX_ATTRIBUTES).map(|i| format!(" a{i}=1")).collect();
        let page = format!("<p{attrs}>The text.</p>");
        assert!(matches!(prepare(&page, 10), Cow::Borrowed(_)));
        // On a script, and on a tag dropped for its depth.
        let attrs: String = (0..MAX_ATTRIBUTES + 1)
            .map(|i| format!(" a{i}=1"))
            .collect();
        let page = format!("<script{attrs}>var x;</script><p>x");
        assert_eq!(prepare(&page, 10), "<script></script><p>x");
        let page = format!("<div><div{attrs}>x</div></div>");
        assert_eq!(prepare(&page, 1), "<div>x</div>");
    }

    #[test]
    fn tags_past_the_budget_of_elements_are_dropped() {
        let page = "<p>a</p>".repeat(MAX_ELEMENTS + 3);
        let out = prepare(&page, 10);
        assert_eq!(out, "<p>a</p>".repeat(MAX_ELEMENTS) + " a  a  a ");
        // A script past the budget goes whole; its code never becomes text.
        let page = "<i></i>".repeat(MAX_ELEMENTS) + "<p>Monday.</p><script>var x = 1;</script>";
        let out = prepare(&page, 10);
        assert!(out.ends_with(" Monday.  "), "{:?}", &out[out.len() - 40..]);
        // Bogus comments count like elements.
        let page = "<!x>".repeat(MAX_ELEMENTS) + "<?y><p>z</p>";
        let out = prepare(&page, 10);
        assert!(out.ends_with("<!x> z "), "{:?}", &out[out.len() - 20..]);
    }

    #[test]
    fn scripts_and_styles_emptied() {
        let page = "<head><style>p{}</style><SCRIPT>if (a</b) x()</SCRIPT>\
                    <script type=\"application/ld+json\">{}</script></head><p>x";
        assert_eq!(
            prepare(page, 10),
            "<head><style></style><SCRIPT></SCRIPT><script type=\"application/ld+json\">{}</script></head><p>x"
        );
        // An unclosed script runs to the end.
        assert_eq!(prepare("<p>a<script>var x = '<p>b", 10), "<p>a<script>");
    }
}
