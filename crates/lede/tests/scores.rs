//! Scores are on one documented scale per method: learned, a probability; lead, position (1
//! first, falling evenly); textrank and lexrank, centrality relative to the most central (1).

use lede::{Budget, Method, Options, Summarizer};

const ARTICLE: &str = "The council approved the city budget on Monday after a long debate. \
    The budget funds new schools and repairs to roads across the city. \
    Council members said the schools were the priority this year. \
    The mayor praised the vote and thanked residents for their patience. \
    Road repairs will begin in the spring, the city said. \
    Residents can comment on the plan at public meetings next month.";

fn all(method: Method) -> (Vec<f64>, Vec<f64>) {
    let s = Summarizer::new(Options {
        method,
        budget: Budget::Sentences(3),
        ..Default::default()
    })
    .unwrap();
    let (h, sentences) = s.summarize_all(ARTICLE).unwrap();
    (
        h.highlights.iter().map(|h| h.score).collect(),
        sentences.iter().map(|s| s.score).collect(),
    )
}

#[test]
fn learned_scores_are_probabilities() {
    let (chosen, every) = all(Method::Learned);
    assert!(every.iter().all(|&p| p > 0.0 && p < 1.0), "{every:?}");
    // A chosen sentence is at least as likely as any sentence left out.
    let least = chosen.iter().copied().fold(1.0, f64::min);
    assert!(chosen.len() == 3 && least > 0.0);
}

#[test]
fn lead_scores_are_positions() {
    let (chosen, every) = all(Method::Lead);
    let m = every.len() as f64;
    let want: Vec<f64> = (0..every.len()).map(|k| (m - k as f64) / m).collect();
    assert_eq!(every, want);
    assert_eq!(chosen, want[..3]);
}

#[test]
fn graph_scores_are_relative_to_the_most_central() {
    for method in [Method::TextRank, Method::LexRank] {
        let (_, every) = all(method);
        let best = every.iter().copied().fold(0.0, f64::max);
        assert_eq!(best, 1.0, "{method:?}: {every:?}");
        assert!(
            every.iter().all(|&x| (0.0..=1.0).contains(&x)),
            "{method:?}: {every:?}"
        );
    }
}
