//! News clean-up: datelines and agency tags, bylines and publication headers, and boilerplate
//! lines ("Scroll down for video", "Click here for ...") that must never become highlights.

use serde::Serialize;

/// Why a sentence can never be a highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Boilerplate {
    /// Nothing was left of the sentence once its dateline was removed.
    Dateline,
    /// "By John Smith", "By . Daily Mail Reporter ."
    Byline,
    /// Publication header pieces: "PUBLISHED: . 12:00 EST, 1 January 2014 .", "UPDATED: ."
    Header,
    /// Navigation and promotion: "Scroll down for video", "Click here for ...", "Follow us".
    Promo,
    /// "CNN's Jane Doe contributed to this report.", "© 2015 Billboard. All rights reserved.",
    /// "Editor's note: This story has been updated."
    Credit,
    /// Script or markup that leaked into the text.
    Code,
    /// Too short or without letters to stand as a highlight.
    Fragment,
}

/// Agency tags that mark a dateline even without a following dash (lowercase).
const AGENCIES: &[&str] = &[
    "afp",
    "ap",
    "arstechnica",
    "billboard",
    "budgettravel",
    "careerbuilder",
    "cnet",
    "cnn",
    "cnngo",
    "cnnmoney",
    "ew",
    "ew.com",
    "health",
    "hln",
    "hlntv",
    "lifewire",
    "mashable",
    "reuters",
    "rolling stone",
    "sunset",
    "the hollywood reporter",
    "time.com",
    "upi",
    "wired",
];

/// If the text at `start` opens with a dateline (`Washington (CNN)`, `Marseille, France
/// (CNN)The`, `LONDON (Reuters) -`, `new delhi ( cnn ) ...`, `WASHINGTON -- `), returns the
/// byte offset where the story itself begins.
pub(crate) fn dateline_end(
    text: &str,
    start: usize,
    end: usize,
    pretokenized: bool,
) -> Option<usize> {
    let s = &text[start..end];
    if pretokenized {
        // Penn-Treebank escapes of the brackets: "-lrb- cnn -rrb- --".
        if let Some(at) = lrb_dateline_end(s) {
            return Some(start + at);
        }
    }
    let window = &s[..floor_boundary(s, 120)];
    if let Some(open) = window.find('(') {
        if let Some(close_rel) = window[open..].find(')') {
            let close = open + close_rel;
            let location = window[..open].trim();
            let agency = window[open + 1..close].trim();
            let after = &s[close + 1..];
            if plausible_location(location, pretokenized) && plausible_agency(agency) {
                let (dash, rest_at) = skip_dash(after);
                let next = after[rest_at..].chars().next();
                let known = AGENCIES.contains(&agency.to_lowercase().as_str());
                let glued = !after.starts_with(char::is_whitespace)
                    && next.is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '\''));
                let accept = if pretokenized {
                    dash || known
                } else {
                    dash || known || glued
                };
                if accept && next.is_some() {
                    return Some(start + close + 1 + rest_at);
                }
            }
        }
    }
    // An all-capitals place followed by a dash: "WASHINGTON -- The ...", "WASHINGTON — The",
    // "WASHINGTON – The"; not a dash that a second one closes ("UEFA – European football's
    // governing body – fined"), and not a hyphen ("NATO - Russia talks").
    if !pretokenized {
        let (dash_at, dash) = [" -- ", " — ", " – "]
            .iter()
            .filter_map(|d| window.find(d).map(|at| (at, *d)))
            .min()?;
        if s[dash_at + dash.len()..].contains(dash) {
            return None;
        }
        let location = &window[..dash_at];
        let letters = location.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 3
            && location
                .chars()
                .all(|c| c.is_uppercase() || matches!(c, ' ' | ',' | '.'))
            && location.split_whitespace().count() <= 5
        {
            let (_, rest_at) = skip_dash(&s[dash_at..]);
            if dash_at + rest_at < s.len() {
                return Some(start + dash_at + rest_at);
            }
        }
    }
    None
}

/// `... -lrb- agency -rrb- [--] story`: the offset where the story begins.
fn lrb_dateline_end(s: &str) -> Option<usize> {
    let window = &s[..floor_boundary(s, 140)];
    let open = window.find("-lrb-")?;
    let close = open + window[open..].find("-rrb-")?;
    let location = window[..open].trim();
    let agency = window[open + 5..close].trim();
    if !plausible_location(location, true) || !plausible_agency(agency) {
        return None;
    }
    let after = &s[close + 5..];
    let (dash, rest_at) = skip_dash(after);
    let known = AGENCIES.contains(&agency);
    if (dash || known) && rest_at < after.len() {
        Some(close + 5 + rest_at)
    } else {
        None
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Skips white space, one dash (`-`, `--`, `—`, `–`) and white space; returns whether a dash
/// was found and the offset after it.
fn skip_dash(s: &str) -> (bool, usize) {
    let t = s.trim_start();
    let mut at = s.len() - t.len();
    let mut dash = false;
    for d in ["--", "—", "–", "-"] {
        if let Some(rest) = t.strip_prefix(d) {
            if rest.starts_with(char::is_whitespace) || rest.is_empty() {
                dash = true;
                at += d.len();
                at += rest.len() - rest.trim_start().len();
            }
            break;
        }
    }
    (dash, at)
}

fn plausible_location(loc: &str, pretokenized: bool) -> bool {
    if loc.len() > 70 {
        return false;
    }
    let words: Vec<&str> = loc.split_whitespace().collect();
    if words.len() > 8 {
        return false;
    }
    if loc.contains(['!', '?', '"', '“', ':', ';']) {
        return false;
    }
    if pretokenized {
        return words.iter().all(|w| {
            *w == ","
                || w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        });
    }
    // Raw text: every word capitalised, or a short connector ("of", "de", "upon").
    words.iter().all(|w| {
        let w = w.trim_end_matches(',');
        w.chars().next().is_some_and(char::is_uppercase)
            || (w.len() <= 4 && w.chars().all(char::is_lowercase))
            || w.chars().all(|c| c.is_ascii_digit())
    })
}

fn plausible_agency(agency: &str) -> bool {
    !agency.is_empty()
        && agency.len() <= 40
        && agency.split_whitespace().count() <= 4
        && agency
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '&' | '-' | '\''))
        && agency.chars().any(char::is_alphabetic)
}

/// If the sentence starts with a "Scroll down for video" prompt glued to the next sentence
/// (`Scroll down for video The robots were ...`), returns the length of the prompt.
pub(crate) fn promo_prefix_len(sentence: &str) -> Option<usize> {
    let len = promo_prompt_len(sentence)?;
    // Only a prompt glued to more text is split off; a prompt alone is classified whole.
    sentence[len..]
        .chars()
        .any(char::is_alphabetic)
        .then_some(len)
}

fn promo_prompt_len(sentence: &str) -> Option<usize> {
    let head = sentence.get(.."scroll down".len())?;
    if !head.eq_ignore_ascii_case("scroll down") {
        return None;
    }
    // "scroll down for video", "scroll down for videos", "scroll down for more",
    // "scroll down to watch" ... : the prompt is "scroll down" plus two words.
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in sentence.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == 4 {
                    return Some(i);
                }
            }
        } else if c.is_alphabetic() {
            in_word = true;
        } else if words == 3 && in_word {
            // "video..." or "video." ends the prompt.
            let rest = &sentence[i..];
            let dots = rest.len() - rest.trim_start_matches(['.', '…']).len();
            return Some(i + dots);
        }
    }
    None
}

/// Header and byline pieces that open Daily Mail style stories.
pub(crate) fn header_piece(sentence: &str, seen_header: bool) -> Option<Boilerplate> {
    let t = sentence.trim();
    let lower = t.to_lowercase();
    let words = t
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if is_byline(t) && words <= 12 {
        return Some(Boilerplate::Byline);
    }
    if lower.contains("published:")
        || lower.contains("published :")
        || lower.contains("updated:")
        || lower.contains("updated :")
        || lower.starts_with("last updated")
    {
        return Some(Boilerplate::Header);
    }
    if seen_header && (words <= 6 || looks_like_timestamp(&lower)) {
        return Some(Boilerplate::Header);
    }
    None
}

/// A line that is only a date, perhaps with a weekday and a time ("May 6, 2024", "Tuesday,
/// 12 March 2019 10:30 EST", "2024-05-06"): a page's date above the story.
pub(crate) fn is_date_line(line: &str) -> bool {
    use crate::compress::rules::{DAYS, MONTHS};
    // Besides the names of days and months: their short forms, times and zones.
    const OTHER: &[&str] = &[
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "at", "am", "pm",
        "a.m", "p.m", "est", "edt", "et", "pt", "pst", "pdt", "gmt", "bst", "utc", "cet",
    ];
    let lower = line.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '•' | '·'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    if tokens.is_empty() || tokens.len() > 10 {
        return false;
    }
    let numeric_date = |w: &str| {
        let parts: Vec<&str> = w.split(['-', '/']).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    // A day or year (an ordinal's suffix allowed: "1st"), or a time ("10:30").
    let number = |w: &str| {
        let digits = w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        let time = w.split_once(':').is_some_and(|(h, m)| {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && (h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        });
        time || (!digits.is_empty()
            && digits.len() <= 4
            && digits.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut dated = false;
    for w in &tokens {
        if MONTHS.contains(w) || numeric_date(w) {
            dated = true;
        } else if !(DAYS.contains(w) || OTHER.contains(w) || number(w)) {
            return false;
        }
    }
    dated
}

/// "By . Daily Mail Reporter .", "By JOHN SMITH", "By Jane Doe and John Roe, CNN", but not
/// "By the time police arrived, ...".
fn is_byline(t: &str) -> bool {
    let Some(rest) = t
        .strip_prefix("By")
        .or_else(|| t.strip_prefix("by"))
        .or_else(|| t.strip_prefix("BY"))
    else {
        return false;
    };
    if rest.is_empty() || rest.starts_with(" .") || rest.starts_with('.') {
        return true;
    }
    if !rest.starts_with(char::is_whitespace) {
        return false;
    }
    rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '|'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            matches!(w, "and" | "for" | "in" | "of" | "de" | "van" | "von")
                || w.chars().next().is_some_and(char::is_uppercase)
        })
}

fn looks_like_timestamp(lower: &str) -> bool {
    let has_clock = lower
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    has_clock && (lower.contains(" est") || lower.contains(" gmt") || lower.contains(" bst"))
}

/// Phrases that make a sentence boilerplate wherever it stands, and what they make it.
const PROMO: &[&str] = &[
    "scroll down for",
    "scroll down to",
    "click here",
    "follow us on",
    "like us on facebook",
    "sign up for our",
    "sign up to our",
    "subscribe to our",
    "share this article",
    "share or comment on this article",
    "read more:",
    "read more :",
    "related:",
    "related :",
    "watch the video",
    "download the app",
    "do you have a story",
    "e-mail to a friend",
    "email to a friend",
];
/// Credits and copyright lines; a sentence with a copyright sign is one, or a picture's
/// caption that carries one ("© Lucy Nicholson Detainees at ...").
const CREDIT: &[&str] = &[
    "contributed to this report",
    "contributed reporting",
    "©",
    "all rights reserved",
];
const CODE: &[&str] = &[
    "var ",
    "function(",
    "function (",
    "dm.has",
    "dm.later",
    "});",
    "=>",
    // Markup: a closing or self-closing tag.
    "</",
    "/>",
];

/// One automaton for every phrase (ASCII case ignored): one pass over a sentence instead of a
/// lowercased copy searched once per phrase.
fn phrases() -> &'static aho_corasick::AhoCorasick {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(PROMO.iter().chain(CREDIT).chain(CODE))
            .expect("fixed patterns build")
    })
}

/// Boilerplate anywhere in a story.
pub(crate) fn classify(sentence: &str, words: usize) -> Option<Boilerplate> {
    let (mut promo, mut credit, mut code) = (false, false, false);
    for m in phrases().find_overlapping_iter(sentence) {
        let i = m.pattern().as_usize();
        if i < PROMO.len() {
            promo = true;
        } else if i < PROMO.len() + CREDIT.len() {
            credit = true;
        } else {
            code = true;
        }
    }
    if promo {
        return Some(Boilerplate::Promo);
    }
    let t = sentence.trim_start();
    if t.len() >= 7
        && t.as_bytes()[..7].eq_ignore_ascii_case(b"follow ")
        && (t[7..].starts_with('@') || ascii_contains_ignore_case(&t[6..], " on twitter"))
    {
        return Some(Boilerplate::Promo);
    }
    // A call to sign up for a newsletter, however it is worded.
    if ascii_contains_ignore_case(sentence, "newsletter")
        && [
            "sign up",
            "sign-up",
            "subscribe to",
            "subscribe now",
            "subscribe for",
        ]
        .iter()
        .any(|call| ascii_contains_ignore_case(sentence, call))
    {
        return Some(Boilerplate::Promo);
    }
    // A subscription pitch: "Get Motor Cycle Monthly delivered through your letterbox".
    if t.len() > 4
        && t.as_bytes()[..4].eq_ignore_ascii_case(b"get ")
        && ascii_contains_ignore_case(t, " delivered ")
        && ascii_contains_ignore_case(t, " your ")
    {
        return Some(Boilerplate::Promo);
    }
    // A call for readers' tips: "Have a news tip about the fire?", "Send us your news tips."
    if (has_words(sentence, "news tip") || has_words(sentence, "news tips"))
        && (sentence.contains('?')
            || [
                "send",
                "email",
                "e-mail",
                "contact",
                "call us",
                "let us know",
            ]
            .iter()
            .any(|call| has_words(sentence, call)))
    {
        return Some(Boilerplate::Promo);
    }
    if credit || caption_label(t) || credit_at_end(t) || editors_note(t) {
        return Some(Boilerplate::Credit);
    }
    if code && sentence.contains(['{', '}', ';', '=']) {
        return Some(Boilerplate::Code);
    }
    if words < 3 || !sentence.chars().any(char::is_alphabetic) {
        return Some(Boilerplate::Fragment);
    }
    None
}

/// Labels that open a picture's caption or credit ("Photo: ...", "Cover image: ...").
const CAPTION_LABELS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "photo credit",
    "image",
    "image source",
    "image credit",
    "cover image",
    "picture",
    "pictured",
    "caption",
    "credit",
];

/// The sentence opens with a caption's label and a colon.
fn caption_label(t: &str) -> bool {
    let Some((colon, _)) = t.char_indices().take(16).find(|&(_, c)| c == ':') else {
        return false;
    };
    let label = t[..colon].trim_end();
    CAPTION_LABELS
        .iter()
        .any(|l| label.len() == l.len() && label.eq_ignore_ascii_case(l))
}

/// The sentence ends with a picture's credit in brackets ("... its four RS-25 engines.
/// (credit: NASA/Jude Guidry)", "(Photo: AP)"): a caption, not the story's text.
fn credit_at_end(t: &str) -> bool {
    let t = t.trim_end();
    let Some(inner) = t.strip_suffix(')').or_else(|| t.strip_suffix(").")) else {
        return false;
    };
    inner
        .rfind('(')
        .is_some_and(|k| caption_label(inner[k + 1..].trim_start()))
}

/// The sentence opens with the newsroom's note on the story ("Editor's note: This story has
/// been updated"); "In an editor's note, the Times said ..." is news.
fn editors_note(t: &str) -> bool {
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    let head: String = t
        .chars()
        .take(16)
        .map(|c| {
            if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    [
        "editor's note",
        "editors' note",
        "editor 's note",
        "editors note",
    ]
    .iter()
    .any(|l| head.starts_with(l))
}

/// `needle` (ASCII) occurs in `hay` as whole words (ASCII case ignored): not inside a longer
/// word ("news tipped", "sending").
fn has_words(hay: &str, needle: &str) -> bool {
    let b = hay.as_bytes();
    let n = needle.len();
    b.windows(n).enumerate().any(|(k, w)| {
        w.eq_ignore_ascii_case(needle.as_bytes())
            && (k == 0 || !b[k - 1].is_ascii_alphanumeric())
            && b.get(k + n).is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

fn ascii_contains_ignore_case(hay: &str, needle: &str) -> bool {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(t: &str, pretok: bool) -> &str {
        match dateline_end(t, 0, t.len(), pretok) {
            Some(e) => &t[e..],
            None => t,
        }
    }

    #[test]
    fn datelines() {
        assert_eq!(
            strip("Marseille, France (CNN)The French prosecutor", false),
            "The French prosecutor"
        );
        assert_eq!(
            strip("(CNN)A nuclear submarine", false),
            "A nuclear submarine"
        );
        assert_eq!(
            strip("Washington (CNN) -- The president said", false),
            "The president said"
        );
        assert_eq!(
            strip("LONDON (Reuters) - Shares rose", false),
            "Shares rose"
        );
        assert_eq!(
            strip("Polk City, Florida  (CNN)If you drove", false),
            "If you drove"
        );
        for dash in ["--", "—", "–"] {
            assert_eq!(
                strip(&format!("WASHINGTON {dash} The Senate voted"), false),
                "The Senate voted",
                "{dash}"
            );
        }
        assert_eq!(
            strip("new delhi ( cnn ) in an unusual raid", true),
            "in an unusual raid"
        );
        assert_eq!(strip("( cnn ) -- the president", true), "the president");
        assert_eq!(
            strip("-lrb- cnn -rrb- -- the president", true),
            "the president"
        );
        assert_eq!(
            strip("paris -lrb- afp -rrb- the minister", true),
            "the minister"
        );
        // Not datelines.
        assert_eq!(
            strip("Carlos Boente (pictured) said", false),
            "Carlos Boente (pictured) said"
        );
        assert_eq!(
            strip("the actress ( pictured ) said", true),
            "the actress ( pictured ) said"
        );
        assert_eq!(
            strip("He said (quietly) that", false),
            "He said (quietly) that"
        );
        for not in [
            "The U.S. - China talks resumed",
            "NATO - Russia talks resumed in Brussels on Monday.",
            "UEFA – European football's governing body – fined the club.",
        ] {
            assert_eq!(strip(not, false), not);
        }
    }

    #[test]
    fn date_lines() {
        for date in [
            "May 6, 2024",
            "Tuesday, 12 March 2019 10:30 EST",
            "2024-05-06",
            "Nov. 14, 2019 at 5:02 p.m. ET",
            "June 1st, 2020",
        ] {
            assert!(is_date_line(date), "{date}");
        }
        for not in [
            "May I come in?",
            "The vote is on May 6, 2024.",
            "2024",
            "March on Washington",
            "10:30",
        ] {
            assert!(!is_date_line(not), "{not}");
        }
    }

    #[test]
    fn promo_prefix() {
        let s = "Scroll down for video The robots were built";
        assert_eq!(&s[..promo_prefix_len(s).unwrap()], "Scroll down for video");
        let s = "Scroll down for video... Done: Bobby Flay";
        assert_eq!(
            &s[..promo_prefix_len(s).unwrap()],
            "Scroll down for video..."
        );
        assert_eq!(promo_prefix_len("Scroll down for video ."), None);
    }

    #[test]
    fn boilerplate() {
        assert_eq!(
            classify("Scroll down for video .", 4),
            Some(Boilerplate::Promo)
        );
        assert_eq!(
            classify("Click here for more on the story.", 7),
            Some(Boilerplate::Promo)
        );
        assert_eq!(classify("The ship sank on Tuesday.", 5), None);
        for promo in [
            "Sign up for The Water Coolest today to get the free daily newsletter delivered to \
             your inbox daily.",
            "Get the latest updates right in your inbox. Subscribe to NJ.com's newsletters.",
            "Have a news tip about the Riverton fire?",
            "Get Motor Cycle Monthly delivered through your letterbox every month.",
            "Send your news tips to the metro desk at tips@example.com.",
        ] {
            let words = promo.split_whitespace().count();
            assert_eq!(classify(promo, words), Some(Boilerplate::Promo), "{promo}");
        }
        assert_eq!(
            classify(
                "<script src=\"vendor/blanket.js\" data-cover-adapter=\"a.js\"></script>",
                5
            ),
            Some(Boilerplate::Code)
        );
        for story in [
            "The newsletter, which has 40,000 readers, was sold on Monday.",
            "The newsletter's 40,000 subscribers were told it would close.",
            "Photographers waited outside the court: the verdict came at noon.",
            "Image rights are at the heart of the case, the judge said.",
            "Police acted on a news tip from a neighbour, the report said.",
            "The news tipped markets into a slide, sending shares in the builder down 9 percent.",
            "In an editor's note, the Times said the reporter had failed to disclose a conflict.",
            "The editor noted that the story had been corrected.",
            "Residents get their groceries delivered by drones, the council said.",
            "The agency gave the firm a tax credit (worth $2 million) on Monday.",
            "Credits for the film (music: Hans Zimmer) ran for ten minutes.",
        ] {
            let words = story.split_whitespace().count();
            assert_eq!(classify(story, words), None, "{story}");
        }
        for credit in [
            "CNN's Jane Doe contributed to this report.",
            "© 2015 the hollywood reporter all rights reserved",
            "©2015 Billboard",
            "All Rights Reserved",
            "Jewels after Jewels, installation views, photos © Inexhibit, 2018",
            "© Lucy Nicholson Detainees at Otay Mesa immigration detention center in San Diego.",
            "Cover image: artist's impression of the lighting installation by Peter Koros Design",
            "Photo: The bridge after the storm.",
            "Image Source: Neil Godwin / Future Publishing/Shutterstock",
            "Editor's note: This story has been updated with comment from the fire department.",
            "editor 's note : frida ghitis is a world affairs columnist .",
            "NASA's Space Launch System core stage with its four RS-25 engines. (credit: \
             NASA/Jude Guidry)",
            "Crowds gathered outside the court on Monday (Photo: AP).",
            "Credit: Reuters",
        ] {
            let words = credit.split_whitespace().count();
            assert_eq!(
                classify(credit, words),
                Some(Boilerplate::Credit),
                "{credit}"
            );
        }
        assert_eq!(
            header_piece("By . Daily Mail Reporter .", false),
            Some(Boilerplate::Byline)
        );
        assert_eq!(
            header_piece("PUBLISHED: .", false),
            Some(Boilerplate::Header)
        );
        assert_eq!(
            header_piece("12:00 EST, 1 January 2014 .", true),
            Some(Boilerplate::Header)
        );
        assert_eq!(
            header_piece("Bystanders rushed to help the injured.", false),
            None
        );
        assert_eq!(
            header_piece("By the time police arrived it was over.", false),
            None
        );
        assert_eq!(
            header_piece("By JOHN SMITH", false),
            Some(Boilerplate::Byline)
        );
        assert_eq!(
            header_piece("by . nelson groom for daily mail australia .", false),
            Some(Boilerplate::Byline)
        );
    }
}
