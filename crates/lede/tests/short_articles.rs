//! Short articles: an article with a sentence gets a highlight, and when fewer highlights are
//! given than asked for, the result says how many and why.

use lede::{summarize, Budget, Method, Options};

fn options(method: Method, n: usize) -> Options {
    Options {
        method,
        budget: Budget::Sentences(n),
        ..Default::default()
    }
}

#[test]
fn one_short_sentence_gets_a_highlight() {
    for method in [
        Method::Learned,
        Method::Lead,
        Method::TextRank,
        Method::LexRank,
    ] {
        for text in ["Hello world", "Short.", "Hello world\n"] {
            let h = summarize(text, &options(method, 3)).unwrap();
            assert_eq!(h.highlights.len(), 1, "{method:?} {text:?}");
            assert_eq!(h.highlights[0].text, text.trim_end());
            let s = h.shortfall.expect("a shortfall");
            assert_eq!((s.asked, s.given), (3, 1));
            assert!(
                s.reason.contains("the article has 1 sentence"),
                "{}",
                s.reason
            );
        }
    }
}

#[test]
fn a_shortfall_says_why() {
    let text = "First article. It has three sentences. This is the third.";
    // Lead: the opening fragment is passed over; the other two are given.
    let h = summarize(text, &options(Method::Lead, 3)).unwrap();
    assert_eq!(h.highlights.len(), 2);
    let s = h.shortfall.unwrap();
    assert_eq!((s.asked, s.given), (3, 2));
    assert!(
        s.reason
            .contains("1 is a byline, caption, promotion or fragment"),
        "{}",
        s.reason
    );
    // Asking for as many as there are, or fewer, gives no shortfall.
    let article = "The council approved the budget on Monday. The plan funds new schools. \
                   Roads will be repaired next year. The mayor praised the vote.";
    let h = summarize(article, &options(Method::Learned, 3)).unwrap();
    assert_eq!(h.highlights.len(), 3);
    assert!(h.shortfall.is_none());
    let h = summarize(article, &options(Method::Learned, 10)).unwrap();
    let s = h.shortfall.unwrap();
    assert_eq!((s.asked, s.given), (10, 4));
    assert!(
        s.reason.contains("the article has 4 sentences"),
        "{}",
        s.reason
    );
    // A word budget asks for no count: no shortfall.
    let words = Options {
        budget: Budget::Words(5),
        ..Default::default()
    };
    assert!(summarize(article, &words).unwrap().shortfall.is_none());
}

#[test]
fn no_letters_no_highlight() {
    let h = summarize("12345 ... 678", &options(Method::Learned, 3)).unwrap();
    assert!(h.highlights.is_empty());
    assert_eq!(h.shortfall.unwrap().given, 0);
}
