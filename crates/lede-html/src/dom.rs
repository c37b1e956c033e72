//! The page as a flat list of elements (in document order) and of text blocks.
//!
//! One iterative walk over html5ever's tree: no recursion, so nesting depth costs no stack.
//! Each block-level element's own text (the text of its inline descendants) becomes a block
//! owned by that element; subtrees that never hold article text (scripts, forms' controls,
//! media, hidden elements) are skipped.

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{Html, Node};

/// An element of the page, in document (pre-)order: a parent comes before its descendants,
/// and the descendants of element `i` are exactly `i + 1 .. elems[i].end`.
#[derive(Debug)]
pub struct Elem<'a> {
    pub name: &'a str,
    pub parent: Option<usize>,
    pub end: usize,
    /// Lowercased `class` and `id` (and some other naming attributes), space separated.
    pub names: String,
    /// Marked as page furniture by tag, role or name (navigation, comments, sharing ...).
    pub boiler: bool,
    /// The mark is a strong one: a furniture tag or role, or a name that only furniture
    /// goes by (comments, related stories, sidebars, galleries). A weak mark (a word such as
    /// "share", "tags" or "meta" in a class, an id made from a heading) yields to what the
    /// element holds.
    pub strong: bool,
    /// Named as the article's body (itemprop=articleBody, class "article-body" ...).
    pub positive: bool,
}

/// What kind of element owns a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Heading(u8),
    Paragraph,
    ListItem,
    Quote,
    Pre,
    Cell,
    Other,
}

/// A run of text whose nearest block-level ancestor is `owner`.
#[derive(Debug)]
pub struct TextBlock {
    pub owner: usize,
    pub kind: Owner,
    pub text: String,
    /// Non-space characters (a CJK character counting for several, see [`weight`]).
    pub chars: usize,
    /// Non-space characters inside links (counted the same way).
    pub link_chars: usize,
    /// Non-space characters of the link the block starts with (0 when it starts with text).
    pub lead_link: usize,
}

impl TextBlock {
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

#[derive(Debug, Default)]
pub struct Page<'a> {
    pub elems: Vec<Elem<'a>>,
    pub blocks: Vec<TextBlock>,
    /// The page asks for a password (a sign-in form).
    pub password: bool,
}

/// Subtrees never read for text.
fn skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "button"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "map"
            | "dialog"
            | "figcaption"
            | "figure"
            | "picture"
            | "img"
            | "title"
    )
}

/// Elements whose text flows into the enclosing block.
fn inline_tag(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
            | "label"
            | "ins"
            | "del"
            | "nobr"
            | "tt"
            | "big"
            | "strike"
            | "br"
    )
}

fn owner_kind(name: &str) -> Owner {
    match name {
        "h1" => Owner::Heading(1),
        "h2" => Owner::Heading(2),
        "h3" => Owner::Heading(3),
        "h4" => Owner::Heading(4),
        "h5" => Owner::Heading(5),
        "h6" => Owner::Heading(6),
        "p" => Owner::Paragraph,
        "li" | "dd" | "dt" => Owner::ListItem,
        "blockquote" => Owner::Quote,
        "pre" => Owner::Pre,
        "td" | "th" => Owner::Cell,
        _ => Owner::Other,
    }
}

fn hidden(e: &Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Words of a class that name something shown on hover or click over the text: a card about a
/// person, a glossary definition.
const POPUP_WORDS: &[&str] = &["rollover", "tooltip", "popover", "hovercard", "hover-card"];

/// Words that, after a popup's word, name its box rather than the words it hangs on
/// (`tooltip-inner`, `rollover-people-block`, `tooltiptext`; not `has-tooltip`,
/// `tooltip-wrapper`, `text-tooltip` or `tooltip-context`).
const POPUP_BOX_PARTS: &[&str] = &["block", "text", "content", "inner", "body", "card"];

/// A popup box inside running text (The Hill's people cards, a glossary's definitions): its
/// text is not the story's, and read in line it splits a sentence ("Gov. Kristi Noem Kristi
/// Lynn Noem South Dakota governor doubles down ... MORE (R) is defending").
fn popup_box(e: &Element) -> bool {
    let Some(class) = e.attr("class") else {
        return false;
    };
    let class = class.to_ascii_lowercase();
    class.split_whitespace().any(|token| {
        POPUP_WORDS.iter().any(|w| {
            token.match_indices(w).any(|(at, _)| {
                // What follows the popup's word: glued on (`tooltiptext`) or its next parts
                // (`rollover-people-block`).
                let rest = &token[at + w.len()..];
                rest.split(['-', '_'])
                    .any(|part| POPUP_BOX_PARTS.contains(&part))
            })
        })
    })
}

/// Parts of a class (split on `-` and `_`) that name a picture's caption or credit, when they
/// end it (`caption`, `img-credit`; not `credit-rating`).
const CAPTION_PARTS: &[&str] = &["caption", "credit", "credits"];

/// A picture's caption or credit written inside a paragraph (`<p><span class="caption"><span
/// class="attribution">© Provided by ...</span> Nintendo/Apple</span> Nintendo and Apple
/// shocked ...`): read in line it would open the story's sentence. Inline elements other than
/// links only; a block caption is judged with the other blocks.
fn inline_caption(name: &str, e: &Element) -> bool {
    name != "a"
        && inline_tag(name)
        && e.attr("class").is_some_and(|class| {
            class.to_ascii_lowercase().split_whitespace().any(|token| {
                let mut parts = token.split(['-', '_']);
                let first = parts.next().unwrap_or_default();
                let last = token.rsplit(['-', '_']).next().unwrap_or_default();
                CAPTION_PARTS.contains(&last) && !matches!(first, "has" | "no" | "with" | "without")
            })
        })
}

/// The names an element goes by: class, id, and a few attributes sites use the same way.
fn names_of(e: &Element) -> String {
    let mut s = String::new();
    for a in ["class", "id", "itemprop", "data-component", "data-testid"] {
        if let Some(v) = e.attr(a) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&v.to_lowercase());
        }
    }
    s
}

/// Tokens of a class or id that mark page furniture.
const BOILER_PARTS: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "advert",
    "sidebar",
    "footer",
    "cookie",
    "consent",
    "breadcrumb",
    "byline",
    "caption",
    "credit",
    "recommend",
    "popular",
    "trending",
    "signup",
    "sign-up",
    "most-read",
    "mostread",
    "toolbar",
    "widget",
    "sponsor",
    "outbrain",
    "taboola",
    "disqus",
    "navigation",
    "navbar",
    "menu",
    "modal",
    "masthead",
    "dateline",
    "timestamp",
    "author",
    "tags",
    "pagination",
    "more-stories",
    "read-more",
    "readmore",
    "see-also",
    "teaser",
    "inline-ad",
    "ad-container",
    "adslot",
    "ad-slot",
    "dfp",
    "banner",
    "skip",
    "visually-hidden",
    "sr-only",
    "screen-reader",
    "newsroom",
    "headline",
    "kicker",
    "meta",
    "copyright",
    "disclaimer",
    "bio",
];

/// Whole tokens (split on space, `-` and `_`) that mark furniture but are too short to match
/// inside other words.
const BOILER_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "nav",
    "rail",
    "gallery",
    "slideshow",
    "tag",
    "date",
    "time",
    "header",
    "aside",
    "footer",
    "share",
    "social",
];

const POSITIVE_PARTS: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "articletext",
    "article-text",
    "article__text",
    "article-content",
    "article_content",
    "article__content",
    "articlecontent",
    "story-body",
    "storybody",
    "story-content",
    "story_body",
    "storytext",
    "story-text",
    "entry-content",
    "entry_content",
    "post-content",
    "post_content",
    "postcontent",
    "post-body",
    "postbody",
    "post-text",
    "body-text",
    "bodytext",
    "content-body",
    "rich-text",
    "richtext",
    "field-body",
    "text-body",
    "main-content",
    "article-main",
    "paywall",
    "c-entry-content",
    "blog-content",
    "news-content",
];

/// One automaton for each list of name parts (an alternation of literals).
fn alternation(parts: &[&str]) -> regex::Regex {
    let pattern = parts
        .iter()
        .map(|p| regex::escape(p))
        .collect::<Vec<_>>()
        .join("|");
    regex::Regex::new(&pattern).expect("literal alternation")
}

static BOILER_RE: LazyLock<regex::Regex> = LazyLock::new(|| alternation(BOILER_PARTS));
static POSITIVE_RE: LazyLock<regex::Regex> = LazyLock::new(|| alternation(POSITIVE_PARTS));

/// Whether a class token describes the content's place in the site's taxonomy rather than
/// the element's role: WordPress's `post_class()` marks a post's container with its tags and
/// categories (`tag-social-media`, `category-worth-sharing`), its format and status.
fn taxonomy_token(t: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "tag-",
        "category-",
        "format-",
        "status-",
        "type-",
        "postid-",
        "has-",
        "topic-",
    ];
    PREFIXES.iter().any(|p| t.starts_with(p))
        || t == "hentry"
        || t.strip_prefix("post-")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// An element's names without its taxonomy tokens.
fn role_names(names: &str) -> std::borrow::Cow<'_, str> {
    if names.split_whitespace().any(taxonomy_token) {
        std::borrow::Cow::Owned(
            names
                .split_whitespace()
                .filter(|t| !taxonomy_token(t))
                .collect::<Vec<_>>()
                .join(" "),
        )
    } else {
        std::borrow::Cow::Borrowed(names)
    }
}

fn is_boiler_name(names: &str) -> bool {
    if names.is_empty() {
        return false;
    }
    if is_positive_name(names) {
        return false;
    }
    // Embedded posts (tweets, Instagram) quoted by the story are part of it, whatever the
    // wrapper's "social" says.
    if names.contains("embed") || names.contains("tweet") {
        return false;
    }
    if BOILER_RE.is_match(names) {
        return true;
    }
    names
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|t| BOILER_TOKENS.contains(&t))
        || names.split_whitespace().any(|c| MEDIA_CLASSES.contains(&c))
}

/// Whole class names of picture and gallery wrappers (whose text is captions and credits);
/// whole names only, since `has-image` or `photo-story` say nothing about the element.
const MEDIA_CLASSES: &[&str] = &[
    "photo",
    "image",
    "img",
    "gallery",
    "slideshow",
    "media",
    "photo-caption",
    "image-caption",
    "inline-image",
    "article-image",
    "wp-caption",
];

/// Name parts that mark furniture weakly: words that also name parts of a story's own
/// markup (its sharing-free body in a "social" theme, a section id made from a heading
/// about "shared" history, a "meta" wrapper). Every other furniture part is strong.
const WEAK_PARTS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "byline",
    "credit",
    "dateline",
    "timestamp",
    "author",
    "tags",
    "headline",
    "kicker",
    "meta",
    "newsroom",
    "banner",
    "toolbar",
];

fn is_strong_name(names: &str) -> bool {
    BOILER_RE
        .find_iter(names)
        .any(|m| !WEAK_PARTS.contains(&m.as_str()))
        || names
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .any(|t| {
                BOILER_TOKENS.contains(&t)
                    && !matches!(t, "tag" | "date" | "time" | "header" | "share" | "social")
            })
        || names.split_whitespace().any(|c| MEDIA_CLASSES.contains(&c))
}

/// A reader comment is never the article, whatever else its class says (`user-post-text
/// comment-text`).
fn is_positive_name(names: &str) -> bool {
    !names.is_empty() && POSITIVE_RE.is_match(names) && !names.contains("comment")
}

fn boiler_tag(name: &str) -> bool {
    matches!(
        name,
        "nav" | "aside" | "footer" | "header" | "form" | "menu"
    )
}

fn boiler_role(role: Option<&str>) -> bool {
    matches!(
        role,
        Some(
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alert"
                | "menu"
                | "menubar"
                | "search"
                | "toolbar"
        )
    )
}

/// Flattens the parsed page.
pub fn linearize(doc: &Html) -> Page<'_> {
    let mut page = Page::default();
    // Open non-skipped elements: (tree node id, elem index, is block).
    let mut stack: Vec<(NodeId, usize, bool)> = Vec::new();
    let mut skip: Option<NodeId> = None;
    let mut acc = Acc::default();
    let mut link_depth = 0usize;
    let mut pre_depth = 0usize;

    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(e) => {
                        let name = e.name();
                        if name == "input"
                            && e.attr("type")
                                .is_some_and(|t| t.eq_ignore_ascii_case("password"))
                        {
                            page.password = true;
                        }
                        if skipped_tag(name)
                            || (name != "body"
                                && name != "html"
                                && (hidden(e) || popup_box(e) || inline_caption(name, e)))
                        {
                            skip = Some(node.id());
                            continue;
                        }
                        if name == "br" {
                            // A skipped element between two <br>s leaves them two line
                            // breaks, not a paragraph break.
                            acc.close_gap();
                            if pre_depth == 0 && acc.buf.ends_with('\n') {
                                // <br><br>: a paragraph break.
                                acc.flush(&mut page, &stack);
                            } else {
                                acc.buf.push('\n');
                            }
                            continue;
                        }
                        let block = !inline_tag(name);
                        if block {
                            acc.flush(&mut page, &stack);
                        }
                        if name == "a" {
                            link_depth += 1;
                        }
                        if name == "pre" {
                            pre_depth += 1;
                        }
                        let names = names_of(e);
                        let structural = matches!(name, "html" | "body" | "main" | "article");
                        let by_tag = boiler_tag(name) || boiler_role(e.attr("role"));
                        let roles = role_names(&names);
                        let boiler = !structural && (by_tag || is_boiler_name(&roles));
                        let strong = boiler && (by_tag || is_strong_name(&roles));
                        let positive = e.attr("itemprop").is_some_and(|v| {
                            v.eq_ignore_ascii_case("articleBody")
                                || v.eq_ignore_ascii_case("reviewBody")
                        }) || is_positive_name(&names);
                        let parent = stack.last().map(|s| s.1);
                        let idx = page.elems.len();
                        page.elems.push(Elem {
                            name,
                            parent,
                            end: idx + 1,
                            names,
                            boiler,
                            strong,
                            positive,
                        });
                        stack.push((node.id(), idx, block));
                    }
                    Node::Text(t) => {
                        acc.append(t, pre_depth > 0, link_depth > 0);
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                        // A skipped element still separates words (but not a word from
                        // the punctuation after it): see `Acc::close_gap`.
                        acc.gap = true;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if stack.last().is_some_and(|s| s.0 == node.id()) {
                        let (_, idx, block) = stack[stack.len() - 1];
                        if block {
                            acc.flush(&mut page, &stack);
                        }
                        stack.pop();
                        page.elems[idx].end = page.elems.len();
                        match e.name() {
                            "a" => link_depth = link_depth.saturating_sub(1),
                            "pre" => pre_depth = pre_depth.saturating_sub(1),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    acc.flush(&mut page, &stack);
    page
}

/// How many characters of alphabetic text a character stands for: a Chinese or Japanese
/// character is about a word (three letters' worth), a Hangul syllable about two letters, so
/// that the same thresholds judge a paragraph in any script.
fn weight(c: char) -> usize {
    match c as u32 {
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF => 3,
        0xAC00..=0xD7AF => 2,
        _ => 1,
    }
}

/// The text of the block being read.
#[derive(Default)]
struct Acc {
    buf: String,
    chars: usize,
    link: usize,
    lead_link: usize,
    lead_done: bool,
    /// A skipped element stood here: the next word is a new one.
    gap: bool,
}

impl Acc {
    fn flush(&mut self, page: &mut Page, stack: &[(NodeId, usize, bool)]) {
        if self.chars > 0 {
            if let Some(&(_, owner, _)) = stack.iter().rev().find(|s| s.2) {
                let kind = owner_kind(page.elems[owner].name);
                page.blocks.push(TextBlock {
                    owner,
                    kind,
                    text: std::mem::take(&mut self.buf),
                    chars: self.chars,
                    link_chars: self.link,
                    lead_link: self.lead_link,
                });
            }
        }
        *self = Acc {
            buf: std::mem::take(&mut self.buf),
            ..Acc::default()
        };
        self.buf.clear();
    }

    /// Where a skipped element stood, the words on either side stay apart.
    fn close_gap(&mut self) {
        if std::mem::take(&mut self.gap) && !self.buf.is_empty() && !self.buf.ends_with(' ') {
            self.buf.push(' ');
        }
    }

    fn append(&mut self, text: &str, pre: bool, in_link: bool) {
        for c in text.chars() {
            // Invisible characters that split words: byte-order marks inside text, zero-width
            // spaces, word joiners, soft hyphens.
            if matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}' | '\u{ad}')
                || (c.is_control() && !c.is_whitespace())
            {
                continue;
            }
            if c.is_whitespace() {
                self.close_gap();
                if pre && c == '\n' {
                    self.buf.push('\n');
                } else if !self.buf.is_empty()
                    && !self.buf.ends_with(' ')
                    && !self.buf.ends_with('\n')
                {
                    self.buf.push(' ');
                }
            } else {
                // Punctuation stays against the word before the skipped element.
                if matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '”' | '’' | '\'' | '%' | '…'
                ) {
                    self.gap = false;
                } else {
                    self.close_gap();
                }
                self.buf.push(c);
                let w = weight(c);
                self.chars += w;
                if in_link {
                    self.link += w;
                    if !self.lead_done {
                        self.lead_link += w;
                    }
                } else {
                    self.lead_done = true;
                }
            }
        }
    }
}
