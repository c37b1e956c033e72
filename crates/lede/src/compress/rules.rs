//! The spans a sentence may lose: each rule finds a grammatical unit whose removal leaves a
//! sentence (a leading connective, an attribution, an aside between commas...). Whether it
//! goes is the model's call; what may never go is checked here.

use serde::Serialize;

use super::tokens::{Kind, Tok, WordSet};

/// What kind of span a cut removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CutKind {
    /// "But", "And", "However," at the start.
    LeadingConnective,
    /// A phrase before the first comma: "On Tuesday,", "After the attack,".
    LeadingPhrase,
    /// "Police said (that)" at the start, or "According to X,".
    LeadingAttribution,
    /// ", police said", ", according to X", ", he told CNN" at the end.
    TrailingAttribution,
    /// "( ... )".
    Parenthetical,
    /// "-- ... --", or a dash to the end.
    DashAside,
    /// ", a police official in the state," after a noun.
    Appositive,
    /// ", who ...," / ", which ..." (non-restrictive).
    RelativeClause,
    /// ", however,", ", for example,", ", on Tuesday," between commas.
    CommaAside,
    /// ", saying ...", ", leaving ..." at the end.
    TrailingParticiple,
    /// ", as ...", ", after ...", ", including ..." at the end.
    TrailingClause,
    /// "on Tuesday", "last week", "earlier this month".
    TimePhrase,
    /// A clause or phrase that ends the sentence with no comma before it: "after the
    /// attack", "because ...", "in the north of the country".
    TrailingPhrase,
    /// ", and ..." or "and ..." ending the sentence with a second clause or predicate.
    TrailingConjunct,
}

impl CutKind {
    pub const ALL: [CutKind; 14] = [
        CutKind::LeadingConnective,
        CutKind::LeadingPhrase,
        CutKind::LeadingAttribution,
        CutKind::TrailingAttribution,
        CutKind::Parenthetical,
        CutKind::DashAside,
        CutKind::Appositive,
        CutKind::RelativeClause,
        CutKind::CommaAside,
        CutKind::TrailingParticiple,
        CutKind::TrailingClause,
        CutKind::TimePhrase,
        CutKind::TrailingPhrase,
        CutKind::TrailingConjunct,
    ];

    pub fn index(self) -> usize {
        CutKind::ALL.iter().position(|&k| k == self).unwrap_or(0)
    }

    pub fn name(self) -> &'static str {
        match self {
            CutKind::LeadingConnective => "leading_connective",
            CutKind::LeadingPhrase => "leading_phrase",
            CutKind::LeadingAttribution => "leading_attribution",
            CutKind::TrailingAttribution => "trailing_attribution",
            CutKind::Parenthetical => "parenthetical",
            CutKind::DashAside => "dash_aside",
            CutKind::Appositive => "appositive",
            CutKind::RelativeClause => "relative_clause",
            CutKind::CommaAside => "comma_aside",
            CutKind::TrailingParticiple => "trailing_participle",
            CutKind::TrailingClause => "trailing_clause",
            CutKind::TimePhrase => "time_phrase",
            CutKind::TrailingPhrase => "trailing_phrase",
            CutKind::TrailingConjunct => "trailing_conjunct",
        }
    }
}

/// A span that may be cut: tokens `start..end`.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub kind: CutKind,
    pub start: usize,
    pub end: usize,
    /// The model's score (set by the compressor).
    pub score: f64,
}

/// Verbs of saying whose clause can stand without them.
static SAY: WordSet = WordSet::new(&[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "reported",
    "reports",
    "announced",
    "announces",
    "stated",
    "explained",
    "noted",
    "confirmed",
    "revealed",
    "wrote",
    "writes",
    "explains",
    "notes",
    "confirms",
]);

/// Words that open a phrase or clause that may stand before the subject.
static LEAD_OPENERS: WordSet = WordSet::new(&[
    "on",
    "in",
    "at",
    "after",
    "before",
    "during",
    "since",
    "last",
    "earlier",
    "later",
    "by",
    "with",
    "amid",
    "despite",
    "following",
    "while",
    "when",
    "as",
    "although",
    "though",
    "until",
    "within",
    "over",
    "under",
    "speaking",
    "asked",
    "today",
    "yesterday",
    "recently",
    "eventually",
    "finally",
    "previously",
    "currently",
    "separately",
    "elsewhere",
    "overnight",
    "initially",
    "originally",
    "ultimately",
    "back",
    "from",
    "now",
    "shortly",
    "soon",
    "this",
    "according",
    "like",
    "unlike",
    "once",
    "instead",
    "among",
    "for",
    "of",
    "meanwhile",
    "earlier",
    "afterward",
    "afterwards",
    "ahead",
    "upon",
    "whilst",
    "throughout",
]);

/// -ing words that are nouns, not participles.
static ING_NOUNS: WordSet = WordSet::new(&[
    "morning",
    "evening",
    "building",
    "thing",
    "king",
    "spring",
    "ring",
    "wedding",
    "meeting",
    "funding",
    "clothing",
    "ceiling",
    "feeling",
    "ceiling",
    "something",
    "nothing",
    "anything",
    "everything",
    "during",
    "bring",
    "sibling",
    "darling",
    "string",
    "wing",
    "bombing",
    "shooting",
    "killing",
    "hearing",
    "ruling",
    "briefing",
    "painting",
    "warning",
    "housing",
    "training",
    "parking",
    "offering",
    "opening",
    "ending",
    "beginning",
    "writing",
    "reading",
    "setting",
    "swimming",
    "boxing",
    "sing",
    "sting",
    "swing",
    "thing",
]);

pub(crate) static DAYS: WordSet = WordSet::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]);
static PERIODS: WordSet = WordSet::new(&[
    "week", "weekend", "month", "year", "night", "summer", "winter", "spring", "autumn",
]);
static DAY_PARTS: WordSet = WordSet::new(&["morning", "afternoon", "evening", "night"]);
/// Month names: "in January last year" dates the month, and cutting "last year" moves it.
pub(crate) static MONTHS: WordSet = WordSet::new(&[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]);

/// Words a sentence keeps before a phrase at its end can go.
const MIN_LEFT: usize = 6;

/// Words that name what stands before them ("..., called aduncanumab").
static NAMING: WordSet = WordSet::new(&[
    "called",
    "named",
    "dubbed",
    "nicknamed",
    "known",
    "titled",
    "entitled",
    "labelled",
    "labeled",
]);

/// Conjunctions and prepositions that open a clause or phrase that can end a sentence and go
/// with nothing left dangling.
static TRAILING_CLAUSES: WordSet = WordSet::new(&[
    "after",
    "before",
    "because",
    "as",
    "when",
    "while",
    "since",
    "until",
    "amid",
    "despite",
    "following",
    "during",
    "including",
    "ahead",
    "where",
    "though",
    "although",
    "whilst",
]);

/// Words that a deleted time phrase would leave dangling.
static GOVERNORS: WordSet = WordSet::new(&[
    "until", "by", "since", "from", "to", "before", "after", "of", "for", "through", "till",
    "between", "than", "as", "and", "or", "the", "a", "this", "that", "on", "in", "at", "early",
    "late", "every", "each", "next", "last",
]);

fn word(t: &Tok, set: &WordSet) -> bool {
    t.kind == Kind::Word && set.contains(&t.lower)
}

fn word_in(t: &Tok, list: &[&str]) -> bool {
    t.kind == Kind::Word && list.contains(&t.lower.as_str())
}

/// Every span of the sentence that a rule allows to be cut and no invariant forbids.
pub(crate) fn candidates(toks: &[Tok], protected: &[bool]) -> Vec<Candidate> {
    let n = toks.len();
    let mut out = Vec::new();
    // Where the closing punctuation starts.
    let mut tail = n;
    while tail > 0 && toks[tail - 1].kind == Kind::End {
        tail -= 1;
    }
    if tail < 3 {
        return out;
    }
    let has_quote = toks.iter().any(|t| {
        t.kind == Kind::Quote
            || (t.kind == Kind::Other && matches!(t.lower.as_str(), "‘" | "’" | "'"))
    });
    // "Why is Al-Shabaab, ..., targeting Kenya?": in a question the verb often comes last, after
    // its auxiliary and subject, so nothing that runs to the end of one is cut.
    let question = toks[tail..].iter().any(|t| t.lower.contains('?'));
    let mut push = |kind: CutKind, start: usize, end: usize| {
        if question && end >= tail {
            return;
        }
        if start < end && end <= n && allowed(toks, protected, start, end) {
            out.push(Candidate {
                kind,
                start,
                end,
                score: 0.0,
            });
        }
    };

    // A leading connective, then what may follow it.
    let mut s = 0;
    if super::tokens::connective_at_start(toks) {
        let comma = toks.get(1).is_some_and(|t| t.kind == Kind::Comma);
        s = if comma { 2 } else { 1 };
        // "So begins the ...": a verb right after the connective is an inversion, and
        // without the connective the sentence has no subject.
        let inverted = !comma && toks.get(1).is_some_and(|t| t.verb);
        if !inverted {
            push(CutKind::LeadingConnective, 0, s);
        }
    }

    // A leading phrase before the first comma.
    let mut phrase_end = None;
    // The sentence opens with an "-ing" word heading its subject ("racing media group, the
    // tv arm of ..., remain"), not with an introduction.
    let mut ing_opens_subject = false;
    if s < tail && ((word(&toks[s], &LEAD_OPENERS) || word(&toks[s], &DAYS)) || ing_word(&toks[s]))
    {
        let stop = (s + 16).min(tail);
        if let Some(c) = (s + 1..stop).find(|&i| {
            matches!(
                toks[i].kind,
                Kind::Comma | Kind::Quote | Kind::Colon | Kind::Dash
            )
        }) {
            let place = toks[c - 1].cap && toks.get(c + 1).is_some_and(|t| t.cap);
            let phrase = &toks[s..c];
            let clause = phrase.iter().any(super::tokens::is_verbish);
            // "Wearing blue was Dustin Johnson, ...": an "-ing" phrase with a verb is the
            // sentence itself, inverted.
            let inverted = ing_word(&toks[s]) && clause;
            // "racing media group , the tv arm of english racing , remain ...": an "-ing" word
            // heading a noun phrase that an appositive follows is the subject.
            // "this image of an entrance to the ice cavern, snapped by ...": "this" opens a
            // time phrase ("This week,") or the subject.
            let this_subject = toks[s].is("this")
                && !toks.get(s + 1).is_some_and(|t| {
                    word(t, &PERIODS)
                        || word(t, &DAY_PARTS)
                        || word(t, &DAYS)
                        || word_in(t, &["season", "time", "term"])
                });
            let ing_subject = ing_word(&toks[s])
                && c - s >= 2
                && phrase.iter().all(|t| {
                    t.kind == Kind::Word
                        && !word(t, &LEAD_OPENERS)
                        && !word_in(
                            t,
                            &[
                                "the", "a", "an", "to", "of", "for", "from", "his", "her", "their",
                                "its", "my", "our", "your", "him", "them", "it", "up", "out",
                                "off", "down", "into", "through", "about", "around",
                            ],
                        )
                })
                && toks
                    .get(c + 1)
                    .is_some_and(|t| word_in(t, &["the", "a", "an"]))
                && (c + 2..tail)
                    .find(|&i| toks[i].kind == Kind::Comma)
                    .is_some_and(|c2| !toks[c + 1..c2].iter().any(super::tokens::is_verbish));
            ing_opens_subject = ing_subject;
            // "As Tim Krul raced out, Barkley danced around him": the clause holds what a
            // pronoun after it points to.
            // So does "it" opening the clause after it ("As soon as we left the house, the
            // first missile fell right by it"; "While the United States ..., it negotiated").
            // And a possessive pronoun points into the phrase whether or not we can tell its
            // verb ("while other sports look to expand their games, cricket's administrators
            // remain content to shrink theirs").
            let antecedent = clause
                && (!phrase.iter().any(|t| word_in(t, PERSONAL))
                    && toks[c + 1..tail].iter().any(|t| word_in(t, PERSONAL))
                    || toks[c + 1..tail.min(c + 8)]
                        .iter()
                        .any(|t| t.is("it") || t.is("its")))
                || toks[c + 1..tail]
                    .iter()
                    .any(|t| word_in(t, &["theirs", "hers", "ours"]));
            // "With their tiny pink noses, soft furry coats and sleepy eyes, these cubs":
            // the comma is a list's, and the phrase goes on after it.
            let upto_verb: Vec<&Tok> = toks[c + 1..tail]
                .iter()
                .take(10)
                .take_while(|t| !super::tokens::is_verbish(t))
                .collect();
            let list = phrase.iter().any(|t| word_in(t, &["including", "such"]))
                || upto_verb
                    .iter()
                    .take_while(|t| t.kind != Kind::Comma)
                    .any(|t| t.is("and") || t.is("or"))
                    && upto_verb.iter().any(|t| t.kind == Kind::Comma)
                || upto_verb[..upto_verb.len().min(6)]
                    .windows(2)
                    .any(|w| w[0].kind == Kind::Comma && (w[1].is("and") || w[1].is("or")));
            // "In the UK burglaries are often committed by working-class people, people who
            // ...": a prepositional phrase with a finite verb after it is the main clause with
            // its comma missing.
            let main_clause = word_in(
                &toks[s],
                &["in", "on", "at", "by", "with", "within", "over", "under"],
            ) && phrase.iter().any(|t| {
                word_in(
                    t,
                    &[
                        "is", "are", "was", "were", "has", "have", "had", "will", "would", "can",
                        "could",
                    ],
                )
            });
            // "In order to reach the marvel, guests crawl through its entryway": a purpose.
            let purpose = toks[s].is("in") && toks.get(s + 1).is_some_and(|t| t.is("order"));
            // A long "according to ..." says what the rest is about ("the guidelines on
            // baby food"), not only who says it.
            let long_source = toks[s].is("according") && c - s > 9;
            // "Previously, only the Lib Dems had promised ...": the word bounds the claim in time.
            // "According to a GE website, its plant is \"revitalizing manufacturing\"": the
            // source of a quote stays with it.
            let quote_source = toks[s].is("according") && has_quote;
            let frame = c == s + 1
                && word_in(
                    &toks[s],
                    &[
                        "previously",
                        "formerly",
                        "originally",
                        "initially",
                        "once",
                        "historically",
                        "traditionally",
                    ],
                );
            // "Saturday at the Masters, like any PGA tournament, has been dubbed ...": the
            // phrase is the subject, and what follows it another phrase, then the verb. "As
            // much as Biden is a front-runner, so are Warren and Sanders": an inversion that
            // leans on the phrase.
            let subjectless = toks.get(c + 1).is_some_and(|t| {
                (word(t, &LEAD_OPENERS) || word_in(t, &["like", "unlike"]))
                    && (c + 2..tail.min(c + 14))
                        .find(|&i| toks[i].kind == Kind::Comma)
                        .is_some_and(|c2| toks.get(c2 + 1).is_some_and(|t| t.verb))
                    || word_in(t, &["so", "neither", "nor"])
                        && toks.get(c + 2).is_some_and(|t| t.verb)
            });
            if toks[c].kind == Kind::Comma
                && !subjectless
                && !adjective_comma(toks, c)
                && clause_start(toks.get(c + 1))
                && !place
                && !inverted
                && !ing_subject
                && !this_subject
                && !antecedent
                && !long_source
                && !quote_source
                && !frame
                && !list
                && !purpose
                && !main_clause
            {
                let kind = if toks[s].is("according") {
                    CutKind::LeadingAttribution
                } else {
                    CutKind::LeadingPhrase
                };
                push(kind, s, c + 1);
                phrase_end = Some(c + 1);
            }
        }
    }

    // "Police said (that) ..." at the start. (Not after a leading phrase: "At a ceremony on
    // Friday, the coach said the toughest thing is a loss" would put the ceremony in what he
    // said.)
    'attribution: {
        if has_quote || s >= tail {
            break 'attribution;
        }
        if let Some(v) = (s + 1..(s + 9).min(tail)).find(|&i| word(&toks[i], &SAY)) {
            let subject_ok = toks[s..v]
                .iter()
                .all(|t| t.kind == Kind::Word && !super::tokens::is_verbish(t) || t.is("'s"));
            if subject_ok {
                let that = (v + 1..(v + 7).min(tail))
                    .take_while(|&i| toks[i].kind == Kind::Word || toks[i].kind == Kind::Number)
                    .find(|&i| toks[i].is("that"));
                // Without "that" only a plain verb of saying ("police said the ..."):
                // "announced the winner's participation" is not a clause.
                let told = !matches!(toks[v].lower.as_str(), "said" | "says" | "added" | "adds");
                let leaves_pronoun = |k: usize| {
                    toks.get(k).is_some_and(|t| {
                        super::tokens::PRONOUNS.contains(&t.lower.split('\'').next().unwrap_or(""))
                    })
                };
                // "American Jennifer Stewart says she was devastated to learn that Etihad lost
                // her baggage": the speaker is who a pronoun after it points to.
                let named = toks[s..v]
                    .iter()
                    .enumerate()
                    .any(|(k, t)| t.cap && t.kind == Kind::Word && (k > 0 || s > 0))
                    || (toks[s].cap && toks.get(s + 1).is_some_and(|t| t.cap));
                let pointed_to = named && toks[v + 1..tail].iter().any(|t| word_in(t, PERSONAL));
                if pointed_to {
                    break 'attribution;
                }
                // Between the verb and "that", only whom it was told to ("told CNN that"),
                // when or where ("said on Tuesday that", "said in a statement that") or how
                // ("said repeatedly that"): in "Home Depot reported third-quarter earnings
                // that topped estimates", "that" opens a relative clause of the object, and
                // the cut would take the subject with it.
                let gap_ok = |t: usize| {
                    t == v + 1
                        || word_in(&toks[v], &["told", "tells"])
                        || word(&toks[v + 1], &LEAD_OPENERS)
                        || time_phrase(&toks[v + 1..t]).is_some()
                        || (toks[v + 1].lower.ends_with("ly") && toks[v + 1].lower.len() > 4)
                };
                if that.is_some_and(|t| !gap_ok(t)) {
                    break 'attribution;
                }
                match that {
                    Some(t) if clause_start(toks.get(t + 1)) && !leaves_pronoun(t + 1) => {
                        push(CutKind::LeadingAttribution, s, t + 1)
                    }
                    // "said the closure would begin ... and that ..." is one report: whole.
                    None if !told
                        && subject_start(toks.get(v + 1))
                        && !leaves_pronoun(v + 1)
                        && !toks[v + 1..]
                            .windows(2)
                            .any(|w| (w[0].is("and") || w[0].is("or")) && w[1].is("that")) =>
                    {
                        push(CutKind::LeadingAttribution, s, v + 1)
                    }
                    _ => {}
                }
            }
        }
    }

    // Attribution at the end: ", police said", ", according to officials": from the first
    // comma after which a verb of saying is the first verb.
    if !has_quote {
        for c in 1..tail {
            if toks[c].kind != Kind::Comma || tail - c > 26 {
                continue;
            }
            let rest = &toks[c + 1..tail];
            // ("..., according to police, the letter was ...": a clause after the source is
            // the sentence's own, and stays.)
            let according = rest.len() >= 3
                && rest[0].is("according")
                && rest[1].is("to")
                && !rest[2..].iter().any(super::tokens::is_verbish);
            // A speaker on one side of the verb (", police said", ", said a spokesman").
            let said = rest
                .iter()
                .take(7)
                .position(|t| word(t, &SAY) || super::tokens::is_verbish(t) || t.kind != Kind::Word)
                .is_some_and(|v| {
                    // A speaker before the verb, or after "said"/"says" (not "told CNN"), and
                    // no clause after it.
                    // After "said" the speaker, not a time ("..., Roscosmos, the agency,
                    // said Wednesday" has its speaker before the comma).
                    let speaker_after = rest.get(1).is_some_and(|t| {
                        t.kind == Kind::Word
                            && !word(t, &DAYS)
                            && !word_in(
                                t,
                                &[
                                    "on",
                                    "in",
                                    "at",
                                    "yesterday",
                                    "today",
                                    "last",
                                    "this",
                                    "earlier",
                                    "late",
                                    "tonight",
                                ],
                            )
                    });
                    word(&rest[v], &SAY)
                        && rest.len() >= 2
                        && (v > 0 || (word_in(&rest[v], &["said", "says"]) && speaker_after))
                        && !rest[v + 1..].iter().any(super::tokens::is_verbish)
                });
            if (according || said) && rest.iter().all(|t| t.kind != Kind::Quote) {
                push(CutKind::TrailingAttribution, c, tail);
                break;
            }
        }
    }

    // Parentheses.
    let mut i = 0;
    while i < tail {
        if toks[i].kind == Kind::Open {
            let mut depth = 0;
            for (j, t) in toks.iter().enumerate().skip(i) {
                match t.kind {
                    Kind::Open => depth += 1,
                    Kind::Close => {
                        depth -= 1;
                        if depth == 0 {
                            // "asked Krispy Kreme manager (Jackie Braun) to": a name after a
                            // bare role noun is its head, not an aside.
                            let inner = &toks[i + 1..j];
                            let name = i > 0
                                && inner.len() >= 2
                                && inner.iter().all(|t| t.kind == Kind::Word && t.cap)
                                && toks[i - 1].kind == Kind::Word
                                && !toks[i - 1].cap;
                            if i > 0 && !name {
                                push(CutKind::Parenthetical, i, j + 1);
                            }
                            i = j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }

    // Dashes: an aside between two, or a dash to the end.
    let dashes: Vec<usize> = (1..tail).filter(|&i| toks[i].kind == Kind::Dash).collect();
    let hyphen_in = |a: usize, b: usize| toks[a..b].iter().any(|t| t.lower == "-");
    if dashes.len() == 2 && dashes[1] - dashes[0] > 1 && dashes[1] - dashes[0] <= 20 {
        // Between subject and verb ("The man -- a farmer -- said"): what is left joins.
        if toks
            .get(dashes[1] + 1)
            .is_some_and(super::tokens::is_verbish)
        {
            push(CutKind::DashAside, dashes[0], dashes[1] + 1);
        }
    } else if dashes.len() == 1
        && tail - dashes[0] > 1
        && tail - dashes[0] <= 20
        && !hyphen_in(dashes[0], tail)
    {
        push(CutKind::DashAside, dashes[0], tail);
    }

    // Between two commas. The sentence's body starts after a leading connective or phrase.
    let body = phrase_end.unwrap_or(s).max(s);
    let commas: Vec<usize> = (1..tail).filter(|&i| toks[i].kind == Kind::Comma).collect();
    for w in commas.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b - a < 2 || b - a > 20 {
            continue;
        }
        if toks[a + 1..b]
            .iter()
            .any(|t| matches!(t.kind, Kind::Quote | Kind::Colon | Kind::Dash))
        {
            continue;
        }
        // A list ("apples, pears, and plums"; "Lahm, Robben, Ribery and Schweinsteiger"), a
        // place ("Jacksonville, Florida"), or a conjoined clause.
        let after = toks.get(b + 1);
        let list_follows = toks[b + 1..tail.min(b + 6)]
            .iter()
            .take_while(|t| !super::tokens::is_verbish(t))
            .any(|t| t.is("and") || t.is("or"));
        let place = toks[b - 1].cap && after.is_some_and(|t| t.cap && t.kind == Kind::Word);
        let words_in = toks[a + 1..b].iter().filter(|t| t.is_word()).count();
        let is_list = toks[a + 1..b].iter().any(|t| t.is("and") || t.is("or"))
            && !toks[a + 1..b].iter().any(super::tokens::is_verbish);
        // The span ends where a name in apposition starts ("when her son's killer, Aaron
        // Hernandez, was").
        let name_follows = after.is_some_and(|t| t.cap)
            && toks[b + 1..tail.min(b + 6)]
                .iter()
                .any(|t| t.kind == Kind::Comma);
        if list_follows
            || place
            || name_follows
            || is_list
            || words_in < 2
            || after.is_some_and(|t| t.kind == Kind::Quote || t.lower == "'" || t.lower == "‘")
            || after.is_some_and(|t| t.is("and") || t.is("or"))
            || toks[a + 1].is("and")
            || toks[a + 1].is("or")
            || toks[a + 1].is("but")
        {
            continue;
        }
        if !matches!(toks[a - 1].kind, Kind::Word | Kind::Number | Kind::Close) {
            continue;
        }
        if adjective_comma(toks, b) {
            continue;
        }
        let first = &toks[a + 1];
        let kind = if word_in(first, &["who", "which", "whose", "whom", "where"]) {
            CutKind::RelativeClause
        } else if word_in(
            first,
            &[
                "a", "an", "the", "his", "her", "its", "their", "our", "now", "formerly",
            ],
        ) {
            CutKind::Appositive
        } else if word_in(
            first,
            &[
                "however",
                "though",
                "too",
                "meanwhile",
                "instead",
                "therefore",
                "nonetheless",
                "nevertheless",
                "also",
                "in",
                "for",
                "of",
                "on",
                "at",
                "after",
                "before",
                "during",
                "last",
                "earlier",
                "later",
                "like",
                "including",
                "meanwhile",
            ],
        ) {
            CutKind::CommaAside
        } else if ing_word(first) {
            CutKind::TrailingParticiple
        } else {
            continue;
        };
        // "To finish the scenes, the makers of the movie used body doubles, ...": a finite
        // verb outside a relative clause makes the span a clause, not an appositive.
        if kind == CutKind::Appositive && other_of_two(&toks[a + 1..b]) {
            continue;
        }
        if kind == CutKind::Appositive {
            let relative = (a + 1..b)
                .find(|&i| word_in(&toks[i], &["who", "which", "that", "whose", "whom"]))
                .unwrap_or(b);
            if (a + 1..relative).any(|i| finite(toks, i)) {
                continue;
            }
        }
        let verb_before = toks[..a].iter().any(super::tokens::is_verbish);
        let rest = &toks[b + 1..tail];
        let article_after = after.is_some_and(|t| word_in(t, &["the", "a", "an"]));
        // "the weather service, which calls it a different name, Chedeng.": a short phrase
        // without a verb that ends the sentence belongs to the span.
        let ending_phrase = (1..=4).contains(&rest.len())
            && !rest.iter().any(super::tokens::is_verbish)
            && !(verb_before && article_after);
        // "after John, who was to turn 31, was told": the second comma opens a clause of its
        // own; and "had the scan, last month after his owner ..., noticed a lump": with a verb
        // on both sides, the span held the subject of what follows. Neither is an aside.
        // And "his skills, which were impressive, despite using a rugby ball": what follows
        // would attach to what comes before; "biogen, which developed the drug, called
        // aduncanumab, wants": a naming word names what the span ends with.
        if after.is_some_and(|t| word_in(t, &["who", "which", "whose", "whom"]))
            || after.is_some_and(|t| word(t, &NAMING))
            || ending_phrase
            || (verb_before && after.is_some_and(super::tokens::is_verbish))
            || (kind == CutKind::RelativeClause
                && after.is_some_and(|t| word(t, &TRAILING_CLAUSES)))
        {
            continue;
        }
        // "..., defying polls showing his party trailing his main rival, the center-left
        // Zionist Union.": only a noun phrase follows (no verb but one inside a compound), and
        // it belongs to the phrase, which runs to the end.
        let compound = |i: usize| i > 0 && rest[i - 1].lower == "-";
        // Otherwise ("here we are, standing outside the library at Highclere Castle, the
        // stately home that ...") the span cannot go without it.
        if verb_before && article_after {
            if !(0..rest.len()).any(|i| super::tokens::is_verbish(&rest[i]) && !compound(i))
                && rest
                    .iter()
                    .all(|t| matches!(t.kind, Kind::Word | Kind::Number) || t.lower == "-")
            {
                push(kind, a, tail);
            }
            continue;
        }
        // The first comma closes something that began before the span: an opening subordinate
        // clause ("When his fight was scrapped on April 4, after ..., Barnatt ..."), or an
        // aside ("Faleh Essawi, the deputy chief of the council, who ..., came"). A list
        // there ("John, Mary and Sue, who ...,") is left alone.
        let before: Vec<usize> = commas
            .iter()
            .copied()
            .filter(|&c| c < a && c >= body)
            .collect();
        // (Not when a verb follows: "Now Riddick Bowe, of Maryland, has found" is a subject,
        // its aside and its verb.)
        let verb_after = after.is_some_and(super::tokens::is_verbish);
        let opening_clause =
            !commas.iter().any(|&c| c < a) && word(&toks[0], &LEAD_OPENERS) && !verb_after;
        let since = before.last().map_or(&toks[..0], |&c| &toks[c + 1..a]);
        let open_aside = before.len() % 2 == 1
            && (since.first().is_some_and(|t| {
                word_in(
                    t,
                    &["a", "an", "the", "his", "her", "its", "their", "our", "my"],
                )
            }) || (!since.is_empty() && since.iter().all(|t| t.kind == Kind::Word && t.cap)));
        if open_aside
            && (since.iter().any(|t| t.is("and") || t.is("or"))
                || since.iter().any(super::tokens::is_verbish))
        {
            continue;
        }
        // What follows the second comma continues what came before the first: another item
        // ("Saint Helena, its closest neighbour, 1,491 miles from South Africa") or another
        // phrase ("he says, sounding frantic, rapidly rattling off ...").
        // ("who lives with his wife pauline, 63, said": the age is the span's last name's.)
        if after.is_some_and(|t| t.kind == Kind::Number)
            && toks.get(b + 2).is_some_and(|t| t.kind == Kind::Comma)
        {
            continue;
        }
        let continues = after.is_some_and(|t| t.kind == Kind::Number)
            || (verb_before && rest.iter().take(2).any(ing_word));
        // An introduction ("Dotted among scrubland,") or an appositive that ends at the
        // first comma ("Mohamud, 23,") keeps its comma: then the cut takes the second one.
        let introduction = (word(&toks[0], &LEAD_OPENERS)
            || word(&toks[0], &DAYS)
            || (ing_word(&toks[0]) && !ing_opens_subject))
            && !verb_before
            && !verb_after;
        let appositive =
            a >= 2 && toks[a - 1].kind == Kind::Number && toks[a - 2].kind == Kind::Comma;
        if introduction || appositive || opening_clause || open_aside || continues {
            push(kind, a + 1, b + 1);
        } else {
            push(kind, a, b + 1);
        }
    }

    // A clause from the last comma to the end.
    if let Some(&c) = commas.last() {
        let rest = &toks[c + 1..tail];
        let list_tail = rest.iter().any(|t| t.is("and") || t.is("or"))
            && !rest.iter().any(super::tokens::is_verbish);
        let main_clause = main_verb_before(toks, c);
        if tail - c >= 3
            && tail - c <= 26
            && main_clause
            && !list_tail
            && !rest.iter().any(|t| t.kind == Kind::Quote)
        {
            let first = &toks[c + 1];
            let kind = if ing_word(first) {
                Some(CutKind::TrailingParticiple)
            } else if word_in(first, &["who", "which", "whose", "where"]) {
                Some(CutKind::RelativeClause)
            } else if word_in(
                first,
                &[
                    "as",
                    "while",
                    "after",
                    "before",
                    "amid",
                    "despite",
                    "following",
                    "including",
                    "with",
                    "prompting",
                    "leading",
                    "sparking",
                    "when",
                ],
            ) {
                Some(CutKind::TrailingClause)
            } else if word_in(first, &["a", "an", "the"])
                && !rest.iter().any(super::tokens::is_verbish)
                && !other_of_two(rest)
                && !comparative_pair(toks, rest)
            {
                Some(CutKind::Appositive)
            } else {
                None
            };
            if let Some(kind) = kind {
                push(kind, c, tail);
            }
        }
    }

    // A phrase or clause ending the sentence with no comma before it.
    // Running counts, so that each position is judged in constant time: words before it,
    // and (from the end) whether a verb or a non-word follows it before the tail.
    let mut words_before = vec![0usize; tail + 1];
    for (p, t) in toks[..tail].iter().enumerate() {
        words_before[p + 1] = words_before[p] + t.is_word() as usize;
    }
    let mut verb_from = vec![false; tail + 1];
    let mut plain_from = vec![true; tail + 1];
    for p in (0..tail).rev() {
        verb_from[p] = verb_from[p + 1] || super::tokens::is_verbish(&toks[p]);
        plain_from[p] = plain_from[p + 1] && toks[p].kind == Kind::Word;
    }
    let no_comma_from = |p: usize| plain_from[p];
    // Whether a finite verb comes before each position: "A chiropractor accused of accepting
    // sex as payment ... has surrendered his license" has none before "as", only a participle.
    let mut finite_before = vec![false; tail + 1];
    for p in 0..tail {
        finite_before[p + 1] = finite_before[p] || finite(toks, p);
    }
    for p in 2..tail {
        let len = tail - p;
        if !(2..=20).contains(&len) || words_before[p] < MIN_LEFT {
            continue;
        }
        let t = &toks[p];
        let verb_in = verb_from[p + 1];
        // A clause, not a bare phrase ("is expected before the end of the year" keeps it).
        // "two months before graduation and days before she ...": a span of time is measured
        // to what follows it.
        let modified = word_in(
            &toks[p - 1],
            &[
                "even",
                "just",
                "only",
                "right",
                "long",
                "soon",
                "well",
                "shortly",
                "almost",
                "nearly",
                "immediately",
                "straight",
                "largely",
                "mostly",
                "partly",
                "especially",
                "particularly",
                "mainly",
                "simply",
                "precisely",
                "exactly",
                "moments",
                "seconds",
                "minutes",
                "hours",
                "days",
                "weeks",
                "months",
                "years",
                "decades",
                "minute",
                "hour",
                "day",
                "week",
                "month",
                "year",
            ],
        );
        // "who was 59 when he disappeared": the phrase dates the number; "of late but as
        // ...": a conjunction would be left; "embryos created while they dated": a participle
        // after the main verb needs its phrase; "it would be a mistake ... before he has
        // proved himself": after a modal, the phrase is a condition.
        let before_p = &toks[p - 1];
        let dated = before_p.kind == Kind::Number || before_p.is("old");
        let dangling = word_in(
            before_p,
            &[
                "but", "and", "or", "yet", "so", "nor", "has", "have", "had", "is", "are", "was",
                "were", "be", "been", "will", "would", "can", "could", "may", "might", "must",
                "should", "from", "to", "of", "for", "with", "by", "in", "on", "at", "into",
                "onto", "about", "than", "like", "as",
            ],
        );
        // "showed fans where it all began": the clause is what was shown.
        let object = word_in(t, &["where", "when", "how", "why", "what"])
            && toks[p.saturating_sub(3)..p].iter().any(|x| {
                word_in(
                    x,
                    &[
                        "show",
                        "showed",
                        "shows",
                        "shown",
                        "tell",
                        "told",
                        "tells",
                        "ask",
                        "asked",
                        "asks",
                        "know",
                        "knew",
                        "knows",
                        "explain",
                        "explained",
                        "reveal",
                        "revealed",
                        "reveals",
                        "wonder",
                        "wondered",
                        "decide",
                        "decided",
                        "learn",
                        "learned",
                        "see",
                        "saw",
                        "sees",
                        "remember",
                        "remembered",
                        "understand",
                        "understood",
                        "forget",
                        "forgot",
                        "discover",
                        "discovered",
                        "find",
                        "found",
                    ],
                )
            });
        // ("a map detailing where drugs were hidden": an "-ing" participle needs it too.)
        let participle = (before_p.lower.ends_with("ed") && super::tokens::is_verbish(before_p)
            || ing_word(before_p))
            && toks[..p - 1].iter().any(super::tokens::is_verbish);
        // "He remained unknown until his picture appeared": "until" and "unless" bound the
        // claim whatever comes before.
        let condition = word_in(t, &["until", "unless", "till"])
            || word_in(t, &["before", "once"])
                && toks[..p].iter().any(|x| {
                    word_in(
                        x,
                        &[
                            "would", "should", "must", "could", "might", "can", "will", "may",
                        ],
                    )
                });
        // "just as keen to part company with her as she was to leave them": the second term
        // of a comparison.
        let comparison = t.is("as")
            && toks[..p]
                .iter()
                .any(|x| x.is("as") || x.is("so") || x.is("such") || x.is("same"));
        // "makes it appear as though the sea is parting": the verb's complement; and "stay
        // as custodian of the club is edging towards an end": "as" without a subject after it
        // names a role, and the verb after it may be the sentence's.
        let complement = t.is("as")
            && toks[p.saturating_sub(3)..p].iter().any(|x| {
                word_in(
                    x,
                    &[
                        "appear", "appears", "appeared", "seem", "seems", "seemed", "look",
                        "looks", "looked", "sound", "sounds", "sounded", "feel", "feels", "felt",
                    ],
                )
            });
        let role = t.is("as")
            && !toks.get(p + 1).is_some_and(|n| {
                super::tokens::SUBJECT_OPENERS.contains(&n.lower.as_str())
                    || n.cap
                    || word_in(
                        n,
                        &[
                            "it",
                            "police",
                            "officials",
                            "though",
                            "if",
                            "soon",
                            "well",
                            "part",
                            "many",
                            "some",
                        ],
                    )
            });
        // "went two goals ahead after ...": "ahead" alone is the verb's, not a phrase.
        let bare_ahead = t.is("ahead") && !toks.get(p + 1).is_some_and(|n| n.is("of"));
        if word(t, &TRAILING_CLAUSES)
            && !bare_ahead
            && no_comma_from(p)
            && verb_in
            && !modified
            && !comparison
            && !complement
            && !role
            && !dated
            && !dangling
            && !object
            && !participle
            && !condition
            && finite_before[p]
        {
            push(CutKind::TrailingPhrase, p, tail);
        } else if t.is("and") && conjunct_start(&toks[p + 1..tail]) {
            // "... session - and warned about his behaviour": the comma or dash before goes too.
            let start = if toks[p - 1].kind == Kind::Comma
                || toks[p - 1].kind == Kind::Dash
                || toks[p - 1].lower == "-"
            {
                p - 1
            } else {
                p
            };
            // "had dug a tunnel, hauled in a lance(,) and opened the room": the last of a list
            // of predicates.
            let predicates = toks.get(p + 1).is_some_and(super::tokens::is_verbish)
                && (1..p).any(|e| {
                    toks[e].kind == Kind::Comma
                        && toks.get(e + 1).is_some_and(super::tokens::is_verbish)
                });
            let listed = predicates
                || toks[p - 1].kind == Kind::Comma && {
                    let earlier = toks[..p - 1].iter().rposition(|t| t.kind == Kind::Comma);
                    earlier.is_some_and(|e| {
                        let item = &toks[e + 1..p - 1];
                        !item.iter().any(|t| t.is("and"))
                            || item.first().is_some_and(super::tokens::is_verbish)
                    })
                };
            // "was born and grew up in the Mao era": "born" does not stand alone; nor does a
            // subject pronoun ("said he and his fellow firefighters were moved").
            let bare = start.checked_sub(1).is_some_and(|i| {
                toks[i].is("born") || word_in(&toks[i], &["he", "she", "i", "we", "they"])
            });
            // ("members hired to protect lord hall and his wife stand guard": no finite verb
            // before "and", so it joins the subject.)
            if no_comma_from(p) && !listed && !bare && finite_before[p] {
                push(CutKind::TrailingConjunct, start, tail);
            }
        }
    }

    // A time phrase that ends the sentence after a plain word ("... in Edinburgh on
    // Saturday."): inside a sentence it often modifies what stands beside it ("filed this
    // week alleges", "only examined this month").
    for i in 2..tail {
        if let Some(len) = time_phrase(&toks[i..tail]) {
            if i + len != tail {
                continue;
            }
            let before = &toks[i - 1];
            let plain = before.kind == Kind::Word
                && !protected[i - 1]
                && !super::tokens::is_verbish(before)
                && !GOVERNORS.contains(&before.lower)
                && !super::context::is_stopword(&before.lower);
            // "in January last year": the phrase dates the month before it.
            let dates = MONTHS.contains(&before.lower) || DAYS.contains(&before.lower);
            // "with the two clubs to play next week": the time completes the infinitive.
            let infinitive = i >= 2 && toks[i - 2].is("to");
            // "USA Today", "according to usa today": a capitalised time word inside the
            // sentence is a name, and what follows "according to" is a source.
            let named = toks[i].cap && !DAYS.contains(&toks[i].lower);
            let source = toks[i.saturating_sub(4)..i]
                .iter()
                .any(|t| t.is("according"));
            if plain && !dates && !named && !source && !infinitive {
                push(CutKind::TimePhrase, i, tail);
            }
            break;
        }
    }
    out
}

/// Length of a time phrase at the start of `t`: "on Tuesday (night)", "Tuesday", "last week",
/// "earlier this month", "yesterday".
fn time_phrase(t: &[Tok]) -> Option<usize> {
    let w = |k: usize| {
        t.get(k)
            .filter(|x| x.kind == Kind::Word)
            .map(|x| x.lower.as_str())
    };
    let day_at = |k: usize| {
        let mut len = 0;
        if matches!(w(k), Some("late" | "early")) {
            len += 1;
        }
        if w(k + len).is_some_and(|d| DAYS.contains(d)) {
            len += 1;
            if w(k + len).is_some_and(|d| DAY_PARTS.contains(d)) {
                len += 1;
            }
            Some(len)
        } else {
            None
        }
    };
    match w(0)? {
        "on" => day_at(1).map(|l| l + 1),
        "yesterday" | "today" | "tonight" => Some(1),
        "last" | "this" | "next" => w(1).filter(|p| PERIODS.contains(p)).map(|_| 2),
        "earlier" | "later" => {
            if w(1) == Some("this") && w(2).is_some_and(|p| PERIODS.contains(p)) {
                Some(3)
            } else {
                None
            }
        }
        _ => day_at(0),
    }
}

/// A second predicate or clause after "and": a verb first ("and has proved ..."), or a
/// pronoun or determiner with a verb soon after ("and the team lost ...").
fn conjunct_start(rest: &[Tok]) -> bool {
    let Some(first) = rest.first() else {
        return false;
    };
    super::tokens::is_verbish(first)
        || (word_in(
            first,
            &[
                "he", "she", "it", "they", "we", "i", "the", "his", "her", "their", "its",
            ],
        ) && rest.iter().take(6).any(super::tokens::is_verbish))
}

/// Pronouns that point back to someone named before them.
const PERSONAL: &[&str] = &[
    "he", "him", "his", "she", "her", "hers", "they", "them", "their",
];

/// "The more opportunities we have ..., the better.": a sentence that opens with "the" and a
/// comparative and ends with another such pair, whose two halves stand together.
fn comparative_pair(toks: &[Tok], rest: &[Tok]) -> bool {
    let comparative = |t: Option<&Tok>| {
        t.is_some_and(|t| {
            t.kind == Kind::Word
                && (word_in(t, &["more", "less", "fewer", "better", "worse"])
                    || (t.lower.len() > 4 && t.lower.ends_with("er")))
        })
    };
    toks.first().is_some_and(|t| t.is("the"))
        && comparative(toks.get(1))
        && rest.first().is_some_and(|t| t.is("the"))
        && comparative(rest.get(1))
}

/// Whether the verb-like word at `i` can be a clause's finite verb: not a regular "-ed" form
/// followed by a preposition, which reads as a participle ("accused of", "based in").
fn finite(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    if !super::tokens::is_verbish(t) {
        return false;
    }
    let participle = t.lower.ends_with("ed")
        && !super::tokens::irregular_verb(&t.lower)
        && toks.get(i + 1).is_some_and(|n| {
            word_in(
                n,
                &[
                    "of", "by", "with", "as", "in", "for", "to", "from", "on", "at", "into",
                ],
            )
        });
    !participle
}

/// Whether the comma at `c` separates two adjectives of one noun phrase ("a new, long-term
/// contract", "a fine, early volley"), so that no span may end there.
fn adjective_comma(toks: &[Tok], c: usize) -> bool {
    c >= 2
        && word_in(&toks[c - 2], &["a", "an", "the"])
        && word_in(
            &toks[c - 1],
            &[
                "new", "old", "big", "small", "long", "short", "young", "fine", "great", "good",
                "bad", "huge", "major", "rare", "strong", "bold", "brief", "fresh", "full",
                "special", "simple", "clear", "deep", "high", "low", "hard", "tough", "quick",
                "slow", "fast", "early", "late", "large", "little", "bright", "dark", "rich",
                "wide", "cold", "hot", "warm", "brutal", "bitter", "fierce", "rare",
            ],
        )
}

/// "one with medical supplies, the other with workers": the second of a pair stays.
fn other_of_two(span: &[Tok]) -> bool {
    let mut words = span.iter().filter(|t| t.is_word());
    match (words.next(), words.next()) {
        (Some(a), Some(b)) => (a.is("the") && b.is("other")) || a.is("another"),
        (Some(a), None) => a.is("another"),
        _ => false,
    }
}

/// Whether a verb comes before `end` outside a relative clause between commas
/// ("Francis Coquelin, who suffered a broken nose, playing in his mask" has none).
fn main_verb_before(toks: &[Tok], end: usize) -> bool {
    let mut in_relative = false;
    // "After Iranians took American hostages ..., the treaties died": a leading subordinate
    // clause's verb is not the sentence's.
    let subordinate = toks.first().is_some_and(|t| {
        word_in(
            t,
            &[
                "after", "before", "when", "while", "as", "although", "though", "since", "until",
                "if", "because", "once", "unless", "whereas",
            ],
        )
    });
    let first_comma = toks[..end]
        .iter()
        .position(|t| t.kind == Kind::Comma)
        .unwrap_or(end);
    // ("having listened to the anthem, the players head for ...": nor is a leading
    // participle's.)
    let participle = toks.first().is_some_and(|t| ing_word(t) || t.is("having"));
    let from = if subordinate || participle {
        first_comma
    } else {
        0
    };
    for i in from..end {
        let t = &toks[i];
        if t.kind == Kind::Comma {
            in_relative = toks
                .get(i + 1)
                .is_some_and(|n| word_in(n, &["who", "which", "whose", "whom", "where"]));
            continue;
        }
        if !in_relative && super::tokens::is_verbish(t) {
            return true;
        }
    }
    false
}

fn ing_word(t: &Tok) -> bool {
    t.kind == Kind::Word
        && t.lower.len() > 5
        && t.lower.ends_with("ing")
        && !ING_NOUNS.contains(&t.lower)
}

/// A token that can open the clause left behind a cut.
fn clause_start(t: Option<&Tok>) -> bool {
    t.is_some_and(|t| {
        t.kind == Kind::Word
            && !matches!(
                t.lower.as_str(),
                "and"
                    | "but"
                    | "or"
                    | "which"
                    | "who"
                    | "that"
                    | "to"
                    | "of"
                    | "said"
                    | "says"
                    // "In Europe, though, they ...": an aside, not the clause.
                    | "though"
                    | "however"
                    | "meanwhile"
                    | "too"
                    | "also"
                    | "then"
                    // "While the number will increase, by almost three million, the ...": a
                    // phrase of the clause before.
                    | "by"
                    | "from"
                    | "with"
                    | "than"
            )
    })
}

/// A token that can open a clause with no "that" before it.
fn subject_start(t: Option<&Tok>) -> bool {
    t.is_some_and(|t| {
        t.kind == Kind::Word
            && (super::tokens::SUBJECT_OPENERS.contains(&t.lower.as_str())
                || matches!(
                    t.lower.as_str(),
                    "it" | "some" | "many" | "most" | "all" | "both" | "police" | "officials"
                )
                || t.cap)
    })
}

/// A span may go if nothing in it is protected, its brackets pair up, and it does not split a
/// name (a capitalised word on each side of either edge, the sentence's first word aside).
fn allowed(toks: &[Tok], protected: &[bool], start: usize, end: usize) -> bool {
    if protected[start..end].iter().any(|&p| p) {
        return false;
    }
    if !super::tokens::brackets_pair(&toks[start..end]) {
        return false;
    }
    // "has not only helped her mentally -- but has also ensured ...": the second half of a
    // "not only ... but" stays.
    if toks[start..end].iter().any(|t| t.is("but"))
        && toks[..start]
            .windows(2)
            .any(|w| w[0].is("not") && w[1].is("only"))
    {
        return false;
    }
    let name = |a: usize, b: usize| {
        toks[a].kind == Kind::Word && toks[b].kind == Kind::Word && toks[a].cap && toks[b].cap
    };
    if start > 1 && name(start - 1, start) {
        return false;
    }
    if end < toks.len() && end > 1 && name(end - 1, end) {
        return false;
    }
    true
}
