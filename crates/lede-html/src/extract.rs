//! Finding the article's body among the page's text blocks.
//!
//! Every text block is judged on its own: paragraph-like (long enough, or a sentence, and few
//! of its characters in links), or furniture (inside an element named or tagged as
//! navigation, sharing, comments ...; or mostly links). The body is the element whose subtree
//! maximises paragraph text minus a fraction of furniture text: an element that holds all of
//! the story and little else. Its blocks are then kept or dropped one by one.

use crate::article::{Block, BlockKind};
use crate::dom::{Owner, Page, TextBlock};

/// How much a character of furniture costs against a character of paragraph text.
const FURNITURE_WEIGHT: f64 = 0.6;
/// Bonus factor for an element named as the article's body.
const POSITIVE_BONUS: f64 = 1.15;

fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with([
        '.', '!', '?', '"', '\u{201d}', ':', ')', '\u{2019}', '\u{2026}', ';',
    ])
}

/// A block that opens with a long link and goes on in a cut-off text: a teaser (a linked
/// headline and the start of its story), not the story's own text.
fn teaser(b: &TextBlock) -> bool {
    let t = b.text.trim_end();
    b.lead_link >= 30 && b.lead_link < b.chars && (t.ends_with("...") || t.ends_with('\u{2026}'))
}

fn linky(b: &TextBlock) -> bool {
    b.link_density() > 0.5 && b.chars >= 15
}

/// Sentences around links (a roundup's linked headline and its summary): as much text as
/// link, or more, and the text is a sentence.
fn mixed(b: &TextBlock) -> bool {
    b.link_density() <= 0.7 && b.chars - b.link_chars >= 50 && ends_like_sentence(&b.text)
}

fn paragraph_like(b: &TextBlock) -> bool {
    if b.link_density() > 0.33 || teaser(b) {
        return false;
    }
    b.chars >= 70 || (b.chars >= 25 && ends_like_sentence(&b.text))
}

/// A listing of the blocks, their owners and marks, and the chosen element.
pub fn debug(page: &Page) -> String {
    let kept = body(page);
    let flags = marks(page);
    let best = select(page, &flags);
    let mut out = format!(
        "chosen element: {best:?} {:?}\n",
        best.map(|b| (&page.elems[b].name, &page.elems[b].names))
    );
    for b in &page.blocks {
        let mut chain = Vec::new();
        let mut e = Some(b.owner);
        while let Some(x) = e {
            if chain.len() >= 4 {
                break;
            }
            let el = &page.elems[x];
            chain.push(format!(
                "{}{}{}.{}",
                if flags.get(x).copied().unwrap_or(false) {
                    "!"
                } else {
                    ""
                },
                if Some(x) == best { "*" } else { "" },
                el.name,
                el.names.chars().take(30).collect::<String>()
            ));
            e = el.parent;
        }
        let in_body = best.is_some_and(|x| b.owner >= x && b.owner < page.elems[x].end);
        let text: String = b.text.chars().take(70).collect();
        out.push_str(&format!(
            "{} {:>5} ld{:.2} par{} | {} | {:?}\n",
            if in_body { "B" } else { " " },
            b.chars,
            b.link_density(),
            u8::from(paragraph_like(b)),
            chain.join(" < "),
            text
        ));
    }
    out.push_str(&format!("kept {} blocks\n", kept.len()));
    out
}

/// The article body of a page.
pub fn body(page: &Page) -> Vec<Block> {
    let flag = marks(page);
    let Some(best) = select(page, &flag) else {
        return Vec::new();
    };
    let parent = |e: usize| page.elems[e].parent;

    // Furniture marks inside the chosen element.
    let end = page.elems[best].end;
    let mut inside = vec![false; end - best];
    for e in best + 1..end {
        let p = parent(e).unwrap_or(best);
        inside[e - best] = flag[e] || (p > best && inside[p - best]);
    }

    let mut out = Vec::new();
    for b in &page.blocks {
        if b.owner < best || b.owner >= end || inside[b.owner - best] {
            continue;
        }
        if let Some(block) = keep(b) {
            out.push(block);
        }
    }
    out
}

/// The element chosen as the body: the best under the furniture marks, or, when the marks
/// leave no paragraph text at all, the best without them.
fn select(page: &Page, flag: &[bool]) -> Option<usize> {
    let n = page.elems.len();
    let mut inherited = vec![false; n];
    for e in 0..n {
        inherited[e] = flag[e] || page.elems[e].parent.is_some_and(|p| inherited[p]);
    }
    choose(page, &inherited).or_else(|| choose(page, &vec![false; n]))
}

/// Per element: whether it is marked as furniture (by name, tag or role, or as a teaser
/// card).
fn marks(page: &Page) -> Vec<bool> {
    let n = page.elems.len();
    let parent = |e: usize| page.elems[e].parent;

    // Per element: does its subtree hold a positively named element; raw paragraph text.
    let mut pos_sub: Vec<bool> = page.elems.iter().map(|e| e.positive).collect();
    let mut raw_good = vec![0f64; n];
    for b in &page.blocks {
        if paragraph_like(b) {
            raw_good[b.owner] += b.chars as f64;
        }
    }
    for e in (0..n).rev() {
        if let Some(p) = parent(e) {
            raw_good[p] += raw_good[e];
            if pos_sub[e] {
                pos_sub[p] = true;
            }
        }
    }
    let total_good: f64 = (0..n)
        .filter(|&e| parent(e).is_none())
        .map(|e| raw_good[e])
        .sum();

    // Teaser cards: a small element with one paragraph and a block of links (a headline, an
    // author, a "read more").
    let mut n_par = vec![0u32; n];
    let mut n_linky = vec![0u32; n];
    let mut total = vec![0usize; n];
    for b in &page.blocks {
        total[b.owner] += b.chars;
        if paragraph_like(b) {
            n_par[b.owner] += 1;
        } else if linky(b) {
            n_linky[b.owner] += 1;
        }
    }
    for e in (0..n).rev() {
        if let Some(p) = parent(e) {
            n_par[p] += n_par[e];
            n_linky[p] += n_linky[e];
            total[p] += total[e];
        }
    }
    let card = |e: usize| n_par[e] == 1 && n_linky[e] >= 1 && total[e] < 500;

    // A furniture mark is believed unless the element holds a named body, or most of the
    // page's paragraph text (a wrapper with an unlucky class name).
    (0..n)
        .map(|e| {
            let el = &page.elems[e];
            card(e)
                || el.boiler
                    && !pos_sub[e]
                    && !(total_good > 0.0
                        && raw_good[e] > 0.6 * total_good
                        && !el.names.contains("comment"))
        })
        .collect()
}

/// The element maximising paragraph text minus weighted furniture text, when any has
/// paragraph text.
fn choose(page: &Page, furniture: &[bool]) -> Option<usize> {
    let n = page.elems.len();
    let mut good = vec![0f64; n];
    let mut bad = vec![0f64; n];
    for b in &page.blocks {
        let o = b.owner;
        if furniture[o] || teaser(b) {
            bad[o] += b.chars as f64;
        } else if paragraph_like(b) {
            good[o] += b.chars as f64;
        } else if mixed(b) {
            good[o] += (b.chars - b.link_chars) as f64;
            bad[o] += b.link_chars as f64;
        } else if b.link_density() > 0.5 {
            bad[o] += b.chars as f64;
        } else {
            bad[o] += 0.2 * b.chars as f64;
        }
    }
    for e in (0..n).rev() {
        if let Some(p) = page.elems[e].parent {
            good[p] += good[e];
            bad[p] += bad[e];
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for e in 0..n {
        if good[e] <= 0.0 {
            continue;
        }
        let mut score = good[e] - FURNITURE_WEIGHT * bad[e];
        if page.elems[e].positive {
            score *= POSITIVE_BONUS;
        }
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((e, score));
        }
    }
    best.map(|(e, _)| e)
}

/// A block of the chosen element as output, or `None` when it is furniture.
fn keep(b: &TextBlock) -> Option<Block> {
    let text = clean(&b.text);
    if text.is_empty() || furniture_line(&text) {
        return None;
    }
    let kind = match b.kind {
        // The headline is the title (metadata), not the body.
        Owner::Heading(1) => return None,
        Owner::Heading(l) => BlockKind::Heading(l),
        Owner::ListItem => BlockKind::ListItem,
        Owner::Quote => BlockKind::Quote,
        Owner::Pre => BlockKind::Pre,
        Owner::Paragraph | Owner::Cell | Owner::Other => BlockKind::Paragraph,
    };
    // Inside the body, a paragraph that is a sentence keeps a link-heavy wording.
    let sentence = b.kind == Owner::Paragraph
        && b.link_density() <= 0.7
        && b.chars >= 40
        && ends_like_sentence(&b.text);
    if (b.link_density() > 0.5 && !mixed(b) && !sentence || teaser(b))
        && !matches!(kind, BlockKind::Pre)
    {
        return None;
    }
    Some(Block { kind, text })
}

/// Lines that are page furniture wherever they stand (compared without case and final
/// punctuation).
const FURNITURE_LINES: &[&str] = &[
    "advert",
    "advertisement",
    "ad",
    "sponsored",
    "sponsored content",
    "comments",
    "comment",
    "share",
    "share this",
    "share this article",
    "share this story",
    "don't miss",
    "don\u{2019}t miss",
    "related",
    "related articles",
    "related stories",
    "read more",
    "read next",
    "more",
    "tell us what you think",
    "this slideshow requires javascript",
    "continue reading",
    "recommended",
    "click to expand",
];

fn furniture_line(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let t = text
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '\u{2026}')
        .to_lowercase();
    FURNITURE_LINES.contains(&t.as_str())
}

/// Trims each line and drops empty ones.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}
