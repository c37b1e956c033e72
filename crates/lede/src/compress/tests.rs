use super::model::by_kind;
use super::*;

fn all_kinds() -> Compressor {
    let weights: Vec<(CutKind, f32)> = CutKind::ALL.iter().map(|&k| (k, 5.0)).collect();
    Compressor::new(std::sync::Arc::new(by_kind(&weights, 0.5)))
}

fn squeeze(s: &str) -> String {
    all_kinds().compress(s, 0..s.len()).text
}

#[test]
fn attribution_and_asides_go() {
    assert_eq!(
        squeeze(
            "Secretary of State John Kerry is convening roughly a dozen Arab and European \
             countries later this week on ending Syria's civil war, senior State Department \
             officials told CNN."
        ),
        "Secretary of State John Kerry is convening roughly a dozen Arab and European \
         countries later this week on ending Syria's civil war."
    );
    assert_eq!(
        squeeze("But on Tuesday, the company said that it would close three plants in Ohio."),
        "The company said that it would close three plants in Ohio."
    );
    assert_eq!(
        squeeze("the 35 - year - old suspect , who was described as an illegal immigrant , died from severe injuries before officers could rescue him , police said ."),
        "the 35 - year - old suspect died from severe injuries before officers could rescue him ."
    );
}

#[test]
fn quotes_numbers_negations_and_names_stay() {
    // The attribution of a direct quote stays, and nothing inside the quote goes.
    let q = "\"There were thousands of them, however, many of them students,\" Doungal said.";
    assert_eq!(squeeze(q), q);
    // A number, a negation and a modal inside a candidate protect it.
    let s = "The plant, which employs 300 people, will close next year, officials said.";
    assert_eq!(
        squeeze(s),
        "The plant, which employs 300 people, will close next year."
    );
    // A time phrase inside the sentence stays; "although none ..." holds a negation.
    let s = "The men were freed on Tuesday, although none of them had been charged.";
    assert_eq!(squeeze(s), s);
    // Too short to lose anything.
    let s = "He left, police said.";
    assert_eq!(squeeze(s), s);
}

#[test]
fn spans_point_into_the_input_and_edits_are_recorded() {
    let text = "Intro. However, the storm, which formed last week, hit the coast of Texas early \
                on Friday, forecasters said. Outro.";
    let start = text.find("However").unwrap();
    let end = text.find(" Outro").unwrap();
    let c = all_kinds().compress(text, start..end);
    assert!(c.capitalized);
    assert!(!c.period_added);
    assert_eq!(c.text, "The storm hit the coast of Texas early on Friday.");
    let joined: Vec<&str> = c.spans.iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(
        joined,
        ["the storm", "hit the coast of Texas early on Friday", "."]
    );
    for w in c.spans.windows(2) {
        assert!(w[0].1 < w[1].0);
    }
    let kinds: Vec<CutKind> = c.cuts.iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&CutKind::LeadingConnective));
    assert!(kinds.contains(&CutKind::TrailingAttribution));
}

#[test]
fn readability_checks() {
    assert!(opens_with_pronoun("He said the talks would resume."));
    assert!(opens_with_pronoun("\"They came at night,\" she said."));
    assert!(!opens_with_pronoun("Police said the talks would resume."));
    assert!(opens_with_connective("But the talks failed."));
    assert!(!opens_with_connective("Butter prices rose."));
}

#[test]
fn the_builtin_model_loads() {
    let m = CutModel::builtin();
    assert_eq!(m.weights.len(), CUT_FEATURES);
    assert!(CutModel::from_json("{}").is_err());
}

#[test]
fn round_three_faults_stay_fixed() {
    // The time phrase dates the month; cutting it would move the date.
    let s =
        "phillip brooks , cm punk 's real name , last appeared in the wwe in january last year .";
    assert!(
        squeeze(s).contains("in january last year"),
        "{}",
        squeeze(s)
    );
    // A newspaper's name is not a time phrase: the attribution goes whole or stays whole.
    let s = "the three american finalists together have almost 75 years of experience in classrooms , according to usa today .";
    assert!(!squeeze(s).contains("according to usa ."), "{}", squeeze(s));
    let s = "The three finalists together have almost 75 years of experience in classrooms, a survey by USA Today found.";
    assert!(squeeze(s).contains("USA Today"), "{}", squeeze(s));
    // "So begins ...": the connective opens an inversion and stays.
    let s =
        "So begins the dreamy theme song intro to the strangely addictive Cartoon Network TV show.";
    assert!(squeeze(s).starts_with("So begins"), "{}", squeeze(s));
    // A time phrase after a plain word still goes.
    assert_eq!(
        squeeze(
            "The festival drew thousands of visitors to the old harbour in Edinburgh last week."
        ),
        "The festival drew thousands of visitors to the old harbour in Edinburgh."
    );
}
