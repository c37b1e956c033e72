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
/// The share of a marked furniture character's cost that counts against its container.
const MARKED_SHARE: f64 = 0.25;
/// Bonus factor for an element named as the article's body.
const POSITIVE_BONUS: f64 = 1.15;

fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with([
        '.', '!', '?', '"', '\u{201d}', ':', ')', '\u{2019}', '\u{2026}', ';', '\u{3002}',
        '\u{ff01}', '\u{ff1f}', '\u{300d}',
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
    if b.link_density() > 0.33 || teaser(b) || (b.kind != Owner::Pre && code_like(&b.text)) {
        return false;
    }
    b.chars >= 70 || (b.chars >= 25 && ends_like_sentence(&b.text))
}

/// A listing of the blocks, their owners and marks, and the chosen element.
pub fn debug(page: &Page) -> String {
    let found = body(page, crate::MIN_ARTICLE_CHARS);
    let kept = found.blocks;
    let flags = marks(page);
    let best = select(page, &flags).or_else(|| choose(page, &vec![false; page.elems.len()]));
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
    out.push_str(&format!(
        "kept {} blocks; fallback {}; confidence {:.2}\n",
        kept.len(),
        found.fallback,
        found.confidence
    ));
    out
}

/// The body found, and how.
pub struct Found {
    pub blocks: Vec<Block>,
    /// Read from the best paragraph-rich region, the page's furniture marks set aside, because
    /// the marked reading held too little text.
    pub fallback: bool,
    /// The share of the page's paragraph text that the body holds (0 to 1), halved for a
    /// fallback.
    pub confidence: f64,
}

/// Words of the blocks: runs of letters or digits between other characters, a CJK character
/// (written without spaces) counting as one word.
pub fn words_of(blocks: &[Block]) -> usize {
    let mut n = 0;
    for b in blocks {
        let mut in_word = false;
        for c in b.text.chars() {
            if c as u32 >= 0x2e80 && c.is_alphanumeric() {
                n += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    n += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
    }
    n
}

/// Non-space characters of the blocks.
pub fn chars_of(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| b.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// The article body of a page: the best element under the furniture marks; when that holds
/// less than `min_chars` of text, the best paragraph-rich region without the marks.
pub fn body(page: &Page, min_chars: usize) -> Found {
    let flag = marks(page);
    let total: usize = page
        .blocks
        .iter()
        .filter(|b| paragraph_like(b))
        .map(|b| b.chars)
        .sum();
    // Paragraph text read over the page's paragraph text, counted the same way.
    let confidence = |good: usize| {
        if total == 0 {
            0.0
        } else {
            (good as f64 / total as f64).min(1.0)
        }
    };
    let (blocks, good) = select(page, &flag)
        .map(|best| read(page, best, &flag))
        .unwrap_or_default();
    if chars_of(&blocks) >= min_chars {
        return Found {
            blocks,
            fallback: false,
            confidence: confidence(good),
        };
    }
    let none = vec![false; page.elems.len()];
    let (other, other_good) = choose(page, &none)
        .map(|best| read(page, best, &none))
        .unwrap_or_default();
    if chars_of(&other) > chars_of(&blocks) {
        return Found {
            blocks: other,
            fallback: true,
            confidence: confidence(other_good) / 2.0,
        };
    }
    if blocks.is_empty() {
        // Not one paragraph-like block on the page (two headings over pictures, a few short
        // lines): what the page gives to read outside its furniture, for the caller to judge.
        let rest = leftovers(page, &flag);
        if !rest.is_empty() {
            return Found {
                blocks: rest,
                fallback: true,
                confidence: 0.0,
            };
        }
    }
    Found {
        blocks,
        fallback: false,
        confidence: confidence(good),
    }
}

/// The blocks of the page that are not inside a marked element, links and all (see
/// [`as_text`]): a last reading of a page without paragraphs, for the caller to judge.
fn leftovers(page: &Page, flag: &[bool]) -> Vec<Block> {
    let mut inside = vec![false; page.elems.len()];
    for e in 0..page.elems.len() {
        inside[e] = flag[e] || page.elems[e].parent.is_some_and(|p| inside[p]);
    }
    page.blocks
        .iter()
        .filter(|b| !inside[b.owner])
        .filter_map(as_text)
        .collect()
}

/// The blocks of element `best` that are not inside a marked element, and how much
/// paragraph text (in [`TextBlock::chars`]) they hold.
fn read(page: &Page, best: usize, flag: &[bool]) -> (Vec<Block>, usize) {
    let parent = |e: usize| page.elems[e].parent;
    // Furniture marks inside the chosen element.
    let end = page.elems[best].end;
    let mut inside = vec![false; end - best];
    for e in best + 1..end {
        let p = parent(e).unwrap_or(best);
        inside[e - best] = flag[e] || (p > best && inside[p - best]);
    }
    let mut out = Vec::new();
    let mut good = 0;
    for b in &page.blocks {
        if b.owner < best || b.owner >= end || inside[b.owner - best] {
            continue;
        }
        if let Some(block) = keep(b) {
            if paragraph_like(b) {
                good += b.chars;
            }
            out.push(block);
        }
    }
    (out, good)
}

/// The element chosen as the body under the furniture marks (`None` when the marks leave no
/// paragraph text at all).
fn select(page: &Page, flag: &[bool]) -> Option<usize> {
    let n = page.elems.len();
    let mut inherited = vec![false; n];
    for e in 0..n {
        inherited[e] = flag[e] || page.elems[e].parent.is_some_and(|p| inherited[p]);
    }
    choose(page, &inherited)
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
    // Link text per element, for the density of a marked element's whole subtree.
    let mut links = vec![0usize; n];
    for b in &page.blocks {
        links[b.owner] += b.link_chars;
    }
    for e in (0..n).rev() {
        if let Some(p) = parent(e) {
            links[p] += links[e];
        }
    }
    // Prose: several paragraphs, most of the element's text, few links.
    let prose = |e: usize| {
        n_par[e] >= 2
            && raw_good[e] >= 300.0
            && raw_good[e] >= 0.5 * total[e] as f64
            && links[e] * 4 < total[e]
    };

    let slide = slides(page);
    // Teaser lists: three or more sibling elements alike (same tag, same leading names but
    // for numbers: `post-7816`, `post-7908`), each a paragraph or two and a block of links.
    let small_card = |e: usize| n_par[e] <= 2 && n_linky[e] >= 1 && total[e] < 1500;
    let sig = |e: usize| {
        let el = &page.elems[e];
        let mut s = String::with_capacity(el.names.len() + 8);
        s.push_str(el.name);
        s.push(' ');
        // The first two names say what the element is; later ones vary from item to item
        // (a post's format, categories and tags).
        for t in el.names.split_whitespace().take(2) {
            s.extend(t.chars().filter(|c| !c.is_ascii_digit()));
            s.push(' ');
        }
        s
    };
    let mut alike: std::collections::HashMap<(usize, String), u32> =
        std::collections::HashMap::new();
    for e in 0..n {
        if let Some(p) = parent(e) {
            if small_card(e) && !page.elems[e].names.is_empty() {
                *alike.entry((p, sig(e))).or_insert(0) += 1;
            }
        }
    }
    let listed = |e: usize| {
        !alike.is_empty()
            && small_card(e)
            && !page.elems[e].names.is_empty()
            && parent(e).is_some_and(|p| alike.get(&(p, sig(e))).is_some_and(|&c| c >= 3))
    };

    // A furniture mark is believed unless the element holds a named body, or most of the
    // page's paragraph text (a wrapper with an unlucky class name), or, for a weak mark,
    // prose (a section whose id is made from its heading, "sharing-with-a-single-developer").
    (0..n)
        .map(|e| {
            let el = &page.elems[e];
            card(e)
                || slide[e]
                || listed(e)
                || el.boiler
                    // A comment box whose items are named as posts is still comments.
                    && (!pos_sub[e] || el.names.contains("comment"))
                    && !(total_good > 0.0
                        && raw_good[e] > 0.6 * total_good
                        && !el.names.contains("comment"))
                    && (el.strong || !prose(e))
        })
        .collect()
}

/// `k/N` or `k of N` at the start of a block: a slideshow's counter.
fn slide_counter(text: &str) -> Option<(u32, u32)> {
    let t = text.trim_start();
    let num: String = t.chars().take_while(char::is_ascii_digit).collect();
    if num.is_empty() || num.len() > 3 {
        return None;
    }
    let rest = t[num.len()..].trim_start();
    let rest = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix("of "))?
        .trim_start();
    let den: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if den.is_empty()
        || den.len() > 3
        || rest[den.len()..].starts_with(|c: char| c.is_alphanumeric())
    {
        return None;
    }
    let (k, n) = (num.parse().ok()?, den.parse().ok()?);
    (k >= 1 && k <= n && n >= 3).then_some((k, n))
}

/// Per element: a slide of a slideshow (its counter `3/50`, a caption): the largest element
/// (up to four levels above the counter) that holds one counter, where the page has three
/// or more counters of the same total.
fn slides(page: &Page) -> Vec<bool> {
    let n = page.elems.len();
    let mut out = vec![false; n];
    let found: Vec<(usize, (u32, u32))> = page
        .blocks
        .iter()
        .filter(|b| b.chars < 200)
        .filter_map(|b| slide_counter(&b.text).map(|c| (b.owner, c)))
        .collect();
    if found.len() < 3 {
        return out;
    }
    let mut per_total: std::collections::HashMap<u32, std::collections::HashSet<u32>> =
        std::collections::HashMap::new();
    for (_, (k, t)) in &found {
        per_total.entry(*t).or_default().insert(*k);
    }
    let mut count = vec![0u32; n];
    let counters: Vec<usize> = found
        .iter()
        .filter(|(_, (_, t))| per_total[t].len() >= 3)
        .map(|(o, _)| *o)
        .collect();
    for &o in &counters {
        count[o] += 1;
    }
    for e in (0..n).rev() {
        if let Some(p) = page.elems[e].parent {
            count[p] += count[e];
        }
    }
    for &o in &counters {
        let mut e = o;
        for _ in 0..4 {
            match page.elems[e].parent {
                Some(p) if count[p] == 1 => e = p,
                _ => break,
            }
        }
        out[e] = true;
    }
    out
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
            // Marked furniture is left out when the body is read, so it costs less than
            // unmarked clutter: a story with a slideshow or a box inside it is still one.
            bad[o] += MARKED_SHARE * b.chars as f64;
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
    let block = as_text(b)?;
    // Inside the body, a paragraph that is a sentence keeps a link-heavy wording.
    let sentence = b.kind == Owner::Paragraph
        && b.link_density() <= 0.7
        && b.chars >= 40
        && ends_like_sentence(&b.text);
    if (b.link_density() > 0.5 && !mixed(b) && !sentence || teaser(b))
        && !matches!(block.kind, BlockKind::Pre)
    {
        return None;
    }
    Some(block)
}

/// A block as the body's text, links or not: cleaned, and without furniture lines, script
/// text and the headline.
fn as_text(b: &TextBlock) -> Option<Block> {
    let text = clean(&b.text);
    if text.is_empty() || furniture_line(&text) || (b.kind != Owner::Pre && code_like(&text)) {
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

/// How short lines of page furniture begin (compared without case): calls to share, follow or
/// subscribe, and pointers to the page's media.
const FURNITURE_OPENINGS: &[&str] = &[
    "share this",
    "share on",
    "share it",
    "like this story",
    "like this article",
    "follow us",
    "sign up for",
    "subscribe to",
    "scroll down for",
    "click here to",
    "click to share",
    "watch the video",
    "listen to this",
];

fn furniture_line(text: &str) -> bool {
    if text.len() > 80 {
        return false;
    }
    let t = text
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '\u{2026}')
        .to_lowercase();
    if FURNITURE_LINES.contains(&t.as_str()) || reading_time(&t) {
        return true;
    }
    text.len() <= 60 && FURNITURE_OPENINGS.iter().any(|o| t.starts_with(o))
}

/// "4 min read", "5 minute read", "Reading time: 3 minutes".
fn reading_time(t: &str) -> bool {
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let minutes = |w: &str| matches!(w, "min" | "mins" | "minute" | "minutes");
    match words.as_slice() {
        [n, m, "read"] => n.chars().all(|c| c.is_ascii_digit()) && minutes(m),
        ["reading", "time", n, m] => n.chars().all(|c| c.is_ascii_digit()) && minutes(m),
        _ => false,
    }
}

/// Script source that reached the text (broken markup, such as an unterminated attribute
/// quote that swallows a `<script>` tag): statements, calls and assignments, not prose.
fn code_like(text: &str) -> bool {
    const SIGNS: &[&str] = &[
        "var ",
        "function(",
        "function (",
        "document.",
        "window.",
        "});",
        "==",
        "!=",
        "=>",
        "return ",
        "){",
        ") {",
        "+=",
        "||",
        "&&",
        ".push(",
        "typeof ",
    ];
    // The first 8 KiB tell (and bound the work on a huge block).
    let mut cut = text.len().min(8 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    // Cheap first: prose has next to no braces, semicolons and equals signs.
    if text
        .bytes()
        .filter(|b| matches!(b, b'{' | b';' | b'='))
        .count()
        < 3
    {
        return false;
    }
    let signs: usize = SIGNS.iter().map(|s| text.matches(s).count()).sum();
    if signs < 2 {
        return false;
    }
    let chars = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
    let syntax = text
        .chars()
        .filter(|c| matches!(c, '{' | '}' | '(' | ')' | ';' | '=' | '[' | ']'))
        .count();
    syntax * 100 >= chars * 6 && signs * 80 >= chars.min(4000) / 10
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slide_counters() {
        assert_eq!(slide_counter("8/50 Scope to do more"), Some((8, 50)));
        assert_eq!(slide_counter("3 of 12"), Some((3, 12)));
        assert_eq!(slide_counter("24/7 coverage"), None);
        assert_eq!(slide_counter("1/2 cup of flour"), None);
        assert_eq!(slide_counter("2019/11/19"), None);
    }

    #[test]
    fn furniture_lines() {
        for t in [
            "4 Min Read",
            "5 minute read",
            "Scroll down for video",
            "Like this story? Share it with a friend!",
            "Share this article",
        ] {
            assert!(furniture_line(t), "{t}");
        }
        for t in [
            "Share prices fell 4% on Tuesday after the company warned on profits.",
            "Four minutes later, the match was over.",
        ] {
            assert!(!furniture_line(t), "{t}");
        }
    }

    #[test]
    fn script_text_is_not_prose() {
        assert!(code_like(
            "var _hbEC=0,_hbE=[];function _hbEvent(a,b){b=_hbE[_hbEC++]={};b._N=a;return b} \
             document.write('<scr'+'ipt src=\"x.js\"></scr'+'ipt>');"
        ));
        assert!(!code_like(
            "The council voted 7-2 (with one abstention) to rebuild the bridge; work starts in \
             May, and the cost, estimated at $4m, will be shared with the state."
        ));
    }
}
