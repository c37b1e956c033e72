use lede_text::{abbreviation_kind, Language, Segmenter, TextForm};
use std::io::BufRead;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let mode = std::env::args().nth(2).unwrap_or_default();
    let f = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let seg = Segmenter::new(Language::English).with_form(TextForm::Auto);
    for line in f.lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let a = v["article"].as_str().unwrap();
        let id = v["id"].as_str().unwrap_or("");
        let s = seg.segment(a);
        for (n, x) in s.sentences.iter().enumerate() {
            let t = &a[x.range()];
            let words = t.split_whitespace().count();
            let last = t.split_whitespace().last().unwrap_or("");
            let w = last.trim_end_matches(|c: char| "\"'”’)".contains(c));
            let flag = if let Some(stem) = w.strip_suffix('.') {
                let stem = stem.trim_start_matches(|c: char| "\"'“‘(".contains(c));
                let k = abbreviation_kind(Language::English, stem);
                let initial = stem.chars().count() == 1 && stem.chars().all(char::is_uppercase);
                if k.is_some() || initial {
                    format!("{k:?}/{initial}")
                } else {
                    String::new()
                }
            } else {
                String::new()
            };
            match mode.as_str() {
                "all" => println!("{id}\t{n}\t{words}\t{t}"),
                "long" => {
                    if words > 80 {
                        println!("{id}\t{words}\t{t}")
                    }
                }
                _ => {
                    if !flag.is_empty() {
                        let next = s
                            .sentences
                            .get(n + 1)
                            .map(|y| &a[y.start..(y.start + 40).min(y.end)])
                            .unwrap_or("");
                        let tail = &t[t.len().saturating_sub(60)..];
                        println!("{flag}\t…{tail} || {next}");
                    }
                }
            }
        }
    }
}
