//! The extracted article.

use serde::Serialize;

/// What a page says about its article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The article's title, as Mozilla's Readability (Firefox's Reader View) gives it: the
    /// title the page declares (a JSON-LD article's `name` or `headline`, Dublin Core,
    /// `og:title`, `<meta name=title>`, `twitter:title`) as it stands, else the `<title>` less
    /// the part a separator splits off (` | `, ` - `, an en or em dash, ` » `, `: ` ...) when
    /// three words or more are left, or the page's only `<h1>` when the `<title>` is too short
    /// or too long to be one. A declared title that is only the site's name is passed over.
    pub title: Option<String>,
    /// The authors' names, in the page's order, without duplicates.
    pub authors: Vec<String>,
    /// The publication date and time as the page gives it (JSON-LD `datePublished`,
    /// `article:published_time` and similar meta tags, or a `<time datetime>`).
    pub published: Option<String>,
    /// The canonical URL (`<link rel=canonical>`, `og:url`).
    pub url: Option<String>,
    /// The language (`<html lang>`, `og:locale`, `content-language`).
    pub language: Option<String>,
    /// The site's name (`og:site_name`, JSON-LD publisher).
    pub site_name: Option<String>,
    /// The page's summary line (`og:description`, `<meta name=description>`).
    pub description: Option<String>,
}

impl Metadata {
    /// The publication date as `YYYY-MM-DD`, when [`Metadata::published`] starts with one (or
    /// is a date such as `November 19, 2019` or `19 November 2019`).
    pub fn date(&self) -> Option<String> {
        self.published.as_deref().and_then(crate::meta::iso_date)
    }
}

/// The kind of a body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    /// A subheading, with its level (2 to 6).
    Heading(u8),
    ListItem,
    Quote,
    Pre,
}

/// One block of the article's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The text; line breaks of the page (`<br>`) are kept as `\n`.
    pub text: String,
}

/// How the body was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The element that holds the story, clear of the page's furniture.
    Body,
    /// No element held the story clearly: the best paragraph-rich region of the page, read
    /// without the furniture marks (which left too little text); or, on a page without a
    /// single paragraph-like block, what it gives to read outside its furniture (confidence 0).
    Fallback,
}

/// How the body was found, and how sure the extractor is of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Extraction {
    pub method: Method,
    /// From 0 to 1: the share of the page's paragraph text that the body holds, halved for a
    /// fallback. Low values say the page holds much prose outside the body (or that the body
    /// is a guess).
    pub confidence: f64,
}

/// An article read out of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub metadata: Metadata,
    /// The body, in page order.
    pub paragraphs: Vec<Block>,
    /// How the body was found.
    pub extraction: Extraction,
}

impl Article {
    /// The body as plain text: blocks separated by blank lines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.paragraphs {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }

    /// The article as Markdown: the title as a heading, a line of byline and date, then the
    /// body with subheadings, list items and quotes marked.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        if let Some(t) = &self.metadata.title {
            out.push_str("# ");
            out.push_str(&one_line(t));
            out.push_str("\n\n");
        }
        let mut line = Vec::new();
        if !self.metadata.authors.is_empty() {
            line.push(format!("By {}", self.metadata.authors.join(", ")));
        }
        if let Some(d) = self
            .metadata
            .date()
            .or_else(|| self.metadata.published.clone())
        {
            line.push(d);
        }
        if !line.is_empty() {
            out.push('*');
            out.push_str(&line.join(" · "));
            out.push_str("*\n\n");
        }
        let mut prev_list = false;
        for b in &self.paragraphs {
            let is_list = b.kind == BlockKind::ListItem;
            // A blank line between blocks; list items stay together.
            let tight = is_list && prev_list;
            if !(out.is_empty() || tight || out.ends_with("\n\n")) {
                out.push('\n');
            }
            match b.kind {
                BlockKind::Heading(l) => {
                    out.push_str(&"#".repeat(l.clamp(2, 6) as usize));
                    out.push(' ');
                    out.push_str(&one_line(&b.text));
                }
                BlockKind::ListItem => {
                    out.push_str("- ");
                    out.push_str(&one_line(&b.text));
                }
                BlockKind::Quote => {
                    for (i, l) in b.text.lines().enumerate() {
                        if i > 0 {
                            out.push('\n');
                        }
                        out.push_str("> ");
                        out.push_str(l);
                    }
                }
                BlockKind::Pre => {
                    out.push_str("```\n");
                    out.push_str(&b.text);
                    out.push_str("\n```");
                }
                BlockKind::Paragraph => out.push_str(&b.text.replace('\n', "  \n")),
            }
            out.push('\n');
            prev_list = is_list;
        }
        out
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
