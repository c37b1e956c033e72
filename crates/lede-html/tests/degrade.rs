//! Pages that used to be refused or misread, written small: each shape seen on public pages
//! (a WordPress post with taxonomy classes, a short post, stray NUL bytes, script text from
//! broken markup, bylines and furniture lines), and the refusals that must stay.

use lede_html::{extract, extract_bytes, Error, Method};

const P1: &str = "The council voted on Tuesday to rebuild the old bridge over the river, after \
    engineers warned that its piers would not survive another winter of floods.";
const P2: &str = "Work will start in the spring and is expected to take two years, during which \
    a ferry will carry foot passengers between the two banks of the town.";

#[test]
fn a_wordpress_post_with_taxonomy_classes_is_read() {
    let page = format!(
        "<html><body><div id=page><div id=post-77 class=\"post-77 post type-post \
         status-publish format-standard hentry category-worth-sharing tag-social-media \
         tag-share\"><h2>Bridge vote</h2><div class=entry><p>{P1}</p><p>{P2}</p></div></div>\
         </div></body></html>"
    );
    let a = extract(&page).unwrap();
    assert!(a.text().contains("rebuild the old bridge"), "{}", a.text());
    assert!(a.text().contains("ferry will carry"), "{}", a.text());
}

#[test]
fn a_short_post_is_read() {
    // One paragraph of about 30 words, in a container whose class reads as furniture.
    let page = format!(
        "<html><body><nav><a href=/>Home</a></nav><div class=\"share-widget-post\"><p>{P1}</p>\
         </div><footer><a href=/about>About</a></footer></body></html>"
    );
    let a = extract(&page).unwrap();
    assert_eq!(a.text(), P1);
    assert_eq!(a.extraction.method, Method::Body);
    assert!(a.extraction.confidence > 0.9, "{:?}", a.extraction);
}

#[test]
fn prose_found_only_in_furniture_is_read_as_a_fallback() {
    // All the prose sits in an element named as comments: no element holds a story clearly,
    // so the best paragraph-rich region is read, and the extraction says so.
    let page = format!(
        "<html><body><h1>Bridge</h1><div id=comments class=comment-list><p>{P1}</p><p>{P2}</p>\
         </div></body></html>"
    );
    let a = extract(&page).unwrap();
    assert!(a.text().contains("rebuild the old bridge"), "{}", a.text());
    assert_eq!(a.extraction.method, Method::Fallback);
    assert!(a.extraction.confidence <= 0.5, "{:?}", a.extraction);
}

#[test]
fn popup_boxes_in_running_text_are_not_read_but_the_words_they_hang_on_are() {
    // A people card shown on hover (The Hill's markup, shortened), a glossary tooltip in the
    // w3schools pattern and a Bootstrap one: their boxes are not the story; the name, the term
    // and the wrapper's words are.
    let page = format!(
        "<html><body><article><p>Gov. <span class=\"rollover-people\"><a href=/p/noem>Kristi \
         Noem</a><span class=\"rollover-people-block\"><img src=n.jpg><a href=/p/noem>Kristi \
         Lynn Noem</a><a href=/a/1>Governor doubles down on campaign</a><a class=more \
         href=/p/noem>MORE</a></span></span> (R) defended the campaign on Monday, saying the \
         state had to face its <span class=tooltip>methamphetamine<span class=tooltiptext>A \
         stimulant drug</span></span><span class=text-tooltip>crisis</span> <span \
         class=has-tooltip>head on</span>\
         <span class=\"tooltip-inner\">Opens in a new window</span>.</p><p>{P1}</p><p>{P2}</p>\
         </article></body></html>"
    );
    let a = extract(&page).unwrap();
    let first = a.text().lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first,
        "Gov. Kristi Noem (R) defended the campaign on Monday, saying the state had to face its \
         methamphetamine crisis head on."
    );
}

#[test]
fn a_caption_written_inside_a_paragraph_is_not_read() {
    // MSN's markup, shortened: the picture, its caption and credit sit at the start of the
    // paragraph; a span that merely has a class with "caption" inside a word stays.
    let page = format!(
        "<html><body><article><p><span data-aop=image><span class=image><img src=a.jpg>\
         </span><span class=\"caption truncate\"><span class=attribution>© Provided by \
         Business Insider Inc</span> <span>Nintendo/Apple</span></span></span> Nintendo and \
         Apple shocked the world by announcing <span class=captioned-term>Super Mario \
         Run</span>.<span class=img-credit>Reuters</span> <span class=credit-rating>AA+</span> \
         it said.</p><p>{P1}</p><p>{P2}</p></article>\
         </body></html>"
    );
    let a = extract(&page).unwrap();
    let first = a.text().lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first,
        "Nintendo and Apple shocked the world by announcing Super Mario Run. AA+ it said."
    );
}

#[test]
fn stray_nul_bytes_do_not_make_a_page_binary() {
    let page = format!("<html><body><article><p>{P1}</p><p>{P2}</p></article></body></html>")
        .replace("bridge over", "bridge\0 over")
        .replace("two years", "two\0\x01 years");
    let a = extract_bytes(page.as_bytes()).unwrap();
    assert!(a.text().contains("bridge over the river"), "{}", a.text());
    assert!(a.text().contains("two years"), "{}", a.text());
}

#[test]
fn script_text_swallowed_by_a_broken_attribute_is_not_the_article() {
    // The unterminated quote in the div's class swallows the <script> start tag: its source
    // becomes text.
    let page = format!(
        "<html><body><div class=\"promo><script type=\"text/javascript\">var _hbEC=0,_hbE=[];\
         function _hbEvent(a,b){{b=_hbE[_hbEC++]={{}};b._N=a;b._C=0;return b}}\
         document.write('<scr'+'ipt src=\"//example.com/x.js\"></scr'+'ipt>');</script></div>\
         <article><p>{P1}</p><p>{P2}</p></article></body></html>"
    );
    let a = extract(&page).unwrap();
    let t = a.text();
    assert!(!t.contains("_hbEC") && !t.contains("document.write"), "{t}");
    assert!(t.contains("rebuild the old bridge"), "{t}");
}

#[test]
fn bylines_titles_and_furniture_lines() {
    let page = format!(
        "<html><head><title>The Gazette</title><meta property=og:title content=\"The Gazette\">\
         <meta property=og:site_name content=\"The Gazette\"><meta name=author \
         content=\"By By TOM KRISHER\"></head><body><article><h1>Council votes to rebuild the \
         bridge</h1><title>Council votes to rebuild the bridge</title><p>4 Min Read</p>\
         <p>Scroll down for video</p><p>{P1}</p><p>{P2}</p>\
         <p>Like this story? Share it with a friend!</p></article></body></html>"
    );
    let a = extract(&page).unwrap();
    assert_eq!(
        a.metadata.title.as_deref(),
        Some("Council votes to rebuild the bridge")
    );
    assert_eq!(a.metadata.authors, ["TOM KRISHER"]);
    assert_eq!(a.text(), format!("{P1}\n\n{P2}"));
}

#[test]
fn comments_and_slideshows_do_not_win() {
    let comment = "I drive over that bridge every day and I am glad they are finally fixing it, \
        the potholes alone have cost me two tyres this year.";
    let mut comments = String::new();
    for i in 0..12 {
        comments.push_str(&format!(
            "<li class=comment><div class=\"user-post-text comment-text\"><p>{comment} ({i})</p>\
             </div></li>"
        ));
    }
    let mut slides = String::new();
    for i in 1..=10 {
        slides.push_str(&format!(
            "<li><h2>{i}/10 A photo of the river</h2><p>Caption {i}: the river seen from the \
             old town walls on a winter morning, with the bridge in the distance.</p></li>"
        ));
    }
    let page = format!(
        "<html><body><div class=story><p>{P1}</p><p>{P2}</p><ul class=legends>{slides}</ul>\
         <p>{P2}</p><p>{P1}</p></div><ol class=comments>{comments}</ol></body></html>"
    );
    let a = extract(&page).unwrap();
    let t = a.text();
    assert!(
        t.contains("rebuild the old bridge") && t.contains("ferry"),
        "{t}"
    );
    assert!(!t.contains("potholes") && !t.contains("Caption"), "{t}");
}

#[test]
fn short_text_without_prose_is_read_as_a_fallback() {
    // Three one-word paragraphs in a link, on a page without a paragraph-like block.
    let a =
        extract("<html><body><a href=\"javascript:\"><p>abc</p><p>def</p>ghi</a></body></html>")
            .unwrap();
    assert_eq!(a.text(), "abc\n\ndef\n\nghi");
    assert_eq!(a.extraction.method, Method::Fallback);
    assert_eq!(a.extraction.confidence, 0.0);
    // Two headings over pictures.
    let a = extract(
        "<html><body><nav><a href=/>Home</a></nav><article><h2>Test Case 1</h2>\
         <img src=a.jpg alt=a><h2>Test Case 2</h2><img src=b.png alt=b></article></body></html>",
    )
    .unwrap();
    assert_eq!(a.text(), "Test Case 1\n\nTest Case 2");
    assert_eq!(a.extraction.method, Method::Fallback);
}

#[test]
fn pages_with_a_word_or_none_to_read_are_still_refused() {
    for page in [
        "",
        "<html><body>Test</body></html>",
        "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><p>Loading</p>\
         <footer><a href=/about>About us</a></footer></body></html>",
        // A sign-in page: a welcome line and a form.
        "<html><body><main><h1>Sign in</h1><p>Welcome back! Please sign in to continue to \
         your account.</p><form><input name=email><input type=password name=pw>\
         <button>Sign in</button></form></main></body></html>",
    ] {
        assert!(matches!(extract(page), Err(Error::NoArticle)), "{page}");
    }
    // A single paragraph of prose is an article.
    let one = format!("<html><body><ol><li><p>{P1}</p></li></ol></body></html>");
    assert_eq!(extract(&one).unwrap().text(), P1);
}
