//! Collecting per-document results into a table, paired tests and report data.

use std::fmt::Write as _;

use lede::Method;
use lede_rouge::stats::{format_p, paired_test, Aggregation, MetricSummary};
use serde_json::{json, Map, Value};

use crate::{DocEval, Evaluator, Example, System, SystemDoc};

/// Buckets of the position histogram: sentence 1..=10 one by one, then 11-15, 16-20, 21+.
pub(crate) const POSITION_BUCKETS: [&str; 13] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11-15", "16-20", "21+",
];

fn position_bucket(i: usize) -> usize {
    match i {
        0..=9 => i,
        10..=14 => 10,
        15..=19 => 11,
        _ => 12,
    }
}

/// How many of the documents where a method loses most to Lead-3 the report shows.
pub(crate) const WORST: usize = 10;

/// Statistics settings: intervals and paired tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// Bootstrap resamples for the intervals, and permutations of the paired test.
    pub resamples: usize,
    pub permutations: usize,
    /// 0.95 for 95% intervals.
    pub confidence: f64,
    pub seed: u64,
    /// ROUGE-1.5.5's own averaging and intervals (the default in its mode).
    pub perl: bool,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            resamples: 1000,
            permutations: 10_000,
            confidence: 0.95,
            seed: 1,
            perl: true,
        }
    }
}

/// A document the report shows: where a method did worst against Lead-3.
#[derive(Debug, Clone)]
pub(crate) struct Shown {
    pub loss: f64,
    pub id: String,
    pub sentences: Vec<String>,
    pub references: Vec<String>,
    pub selected: Vec<usize>,
    pub lead_selected: Vec<usize>,
    pub f: Vec<f64>,
    pub lead_f: Vec<f64>,
}

/// What the report plots, beyond the table.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReportData {
    /// Per system, then the oracle when it is not a system: name and counts per bucket.
    pub positions: Vec<(String, Vec<u64>)>,
    /// Per system: the documents it loses most on against Lead-3 (largest loss first).
    pub worst: Vec<Vec<Shown>>,
    /// Whether Lead-3 came from the systems or was run for the report.
    pub lead_name: String,
}

/// Paired test of one system against the first, per metric.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub metric: String,
    /// Mean F difference (system minus baseline) with its bootstrap interval.
    pub difference: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// One-sided p-value of "better than the baseline".
    pub p_value: f64,
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct SystemResult {
    pub name: String,
    /// One per metric.
    pub metrics: Vec<MetricSummary>,
    /// Per-document F of each metric (for plots).
    pub per_doc_f: Vec<Vec<f64>>,
    /// Highlight lengths in words, per document.
    pub words: Vec<u32>,
    pub mean_words: f64,
    /// Articles per second of one core's CPU time (the system's own time, ROUGE not counted).
    pub articles_per_second: f64,
    /// Against the first system (`None` for the first).
    pub versus: Option<Vec<Comparison>>,
}

/// The evaluation's results.
#[derive(Debug, Clone)]
pub struct Results {
    pub documents: usize,
    /// Records skipped as bad (`--skip-bad`), set by the caller.
    pub skipped: u64,
    pub metrics: Vec<String>,
    pub scoring: String,
    pub intervals: String,
    pub mode: String,
    pub systems: Vec<SystemResult>,
    pub(crate) report: Option<ReportData>,
    pub(crate) stats: Stats,
}

/// Gathers per-document results in input order.
pub struct Accumulator {
    names: Vec<String>,
    /// Per system, per document: one score per metric.
    scores: Vec<Vec<Vec<lede_rouge::Score>>>,
    words: Vec<Vec<u32>>,
    nanos: Vec<u64>,
    report: Option<ReportData>,
    lead_index: Option<usize>,
    oracle_index: Option<usize>,
}

impl Accumulator {
    /// `report`: keep what the HTML report shows (the evaluator must have `for_report`).
    pub fn new(evaluator: &Evaluator, report: bool) -> Accumulator {
        let systems = &evaluator.options().systems;
        let names: Vec<String> = systems.iter().map(|s| s.name().to_string()).collect();
        let n = names.len();
        let lead_index = systems
            .iter()
            .position(|s| *s == System::Method(Method::Lead));
        let oracle_index = systems.iter().position(|s| *s == System::Oracle);
        let report = report.then(|| {
            let mut positions: Vec<(String, Vec<u64>)> = names
                .iter()
                .map(|n| (n.clone(), vec![0; POSITION_BUCKETS.len()]))
                .collect();
            if oracle_index.is_none() {
                positions.push(("oracle".into(), vec![0; POSITION_BUCKETS.len()]));
            }
            ReportData {
                positions,
                worst: vec![Vec::new(); n],
                lead_name: String::new(),
            }
        });
        Accumulator {
            names,
            scores: vec![Vec::new(); n],
            words: vec![Vec::new(); n],
            nanos: vec![0; n],
            report,
            lead_index,
            oracle_index,
        }
    }

    /// Adds one document's results (call in input order for reproducible reports).
    pub fn add(&mut self, example: &Example, doc: DocEval) {
        for (i, s) in doc.systems.iter().enumerate() {
            self.scores[i].push(s.scores.clone());
            self.words[i].push(s.words as u32);
            self.nanos[i] += s.nanos;
        }
        let Some(report) = self.report.as_mut() else {
            return;
        };
        for (i, s) in doc.systems.iter().enumerate() {
            for &p in &s.selected {
                report.positions[i].1[position_bucket(p)] += 1;
            }
        }
        if self.oracle_index.is_none() {
            if let (Some(o), Some(last)) = (&doc.oracle, report.positions.last_mut()) {
                for &p in &o.selected {
                    last.1[position_bucket(p)] += 1;
                }
            }
        }
        let lead: Option<&SystemDoc> = match (&doc.lead, self.lead_index) {
            (Some(l), _) => Some(l),
            (None, Some(i)) => doc.systems.get(i),
            (None, None) => None,
        };
        let Some(lead) = lead else { return };
        let mean_f = |s: &SystemDoc| {
            s.scores.iter().map(|x| x.f).sum::<f64>() / s.scores.len().max(1) as f64
        };
        let lead_mean = mean_f(lead);
        for (i, s) in doc.systems.iter().enumerate() {
            if Some(i) == self.lead_index && doc.lead.is_none() {
                continue;
            }
            let loss = lead_mean - mean_f(s);
            let worst = &mut report.worst[i];
            if loss <= 0.0 || (worst.len() >= WORST && worst.last().is_some_and(|w| w.loss >= loss))
            {
                continue;
            }
            let shown = Shown {
                loss,
                id: example.id.clone(),
                sentences: doc
                    .sentences
                    .iter()
                    .map(|r| example.article[r.clone()].to_string())
                    .collect(),
                references: example.references.first().cloned().unwrap_or_default(),
                selected: s.selected.clone(),
                lead_selected: lead.selected.clone(),
                f: s.scores.iter().map(|x| x.f).collect(),
                lead_f: lead.scores.iter().map(|x| x.f).collect(),
            };
            let at = worst.partition_point(|w| w.loss >= loss);
            worst.insert(at, shown);
            worst.truncate(WORST);
        }
    }

    /// Documents added so far.
    pub fn len(&self) -> usize {
        self.scores.first().map_or(0, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Means, intervals and paired tests.
    pub fn finish(self, evaluator: &Evaluator, stats: &Stats) -> Results {
        let metrics = evaluator.metrics();
        let aggregation = Aggregation {
            resamples: stats.resamples,
            confidence: stats.confidence,
            seed: stats.seed,
            perl: stats.perl,
        };
        let documents = self.len();
        let f_columns = |rows: &[Vec<lede_rouge::Score>]| -> Vec<Vec<f64>> {
            (0..metrics.len())
                .map(|m| rows.iter().map(|r| r[m].f).collect())
                .collect()
        };
        let baseline = f_columns(&self.scores[0]);
        let mut systems = Vec::with_capacity(self.names.len());
        for (i, name) in self.names.iter().enumerate() {
            let per_doc_f = f_columns(&self.scores[i]);
            let versus = (i > 0).then(|| {
                metrics
                    .iter()
                    .enumerate()
                    .map(|(m, metric)| {
                        let c = paired_test(
                            &per_doc_f[m],
                            &baseline[m],
                            stats.permutations,
                            stats.confidence,
                            stats.seed,
                        );
                        Comparison {
                            metric: metric.name(),
                            difference: c.mean_a - c.mean_b,
                            ci_low: c.difference.ci_low,
                            ci_high: c.difference.ci_high,
                            p_value: c.p_value,
                        }
                    })
                    .collect()
            });
            let words = &self.words[i];
            let secs = self.nanos[i] as f64 / 1e9;
            systems.push(SystemResult {
                name: name.clone(),
                metrics: aggregation.summarize(&self.scores[i], metrics.len()),
                per_doc_f,
                mean_words: words.iter().map(|&w| w as f64).sum::<f64>() / documents.max(1) as f64,
                words: words.clone(),
                articles_per_second: if secs > 0.0 {
                    documents as f64 / secs
                } else {
                    0.0
                },
                versus,
            });
        }
        let mut report = self.report;
        if let Some(r) = report.as_mut() {
            r.lead_name = match self.lead_index {
                Some(i) => self.names[i].clone(),
                None => "lead-3".into(),
            };
        }
        Results {
            documents,
            skipped: 0,
            metrics: metrics.iter().map(|m| m.name()).collect(),
            scoring: evaluator.describe(),
            intervals: aggregation.describe(),
            mode: evaluator.options().mode.name().to_string(),
            systems,
            report,
            stats: *stats,
        }
    }
}

fn pct(x: f64) -> String {
    format!("{:.2}", x * 100.0)
}

/// What the paired tests say, metric by metric: better (a positive difference, p < 0.05) on
/// which metrics, and not on which.
fn verdict(versus: &[Comparison]) -> String {
    let (better, not): (Vec<&Comparison>, Vec<&Comparison>) = versus
        .iter()
        .partition(|c| c.difference > 0.0 && c.p_value < 0.05);
    let names = |cs: &[&Comparison]| {
        cs.iter()
            .map(|c| c.metric.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (better.is_empty(), not.is_empty()) {
        (_, true) => "better on every metric (p < 0.05)".to_string(),
        (true, false) => "better on no metric (p < 0.05)".to_string(),
        (false, false) => format!(
            "better on {} (p < 0.05); not on {}",
            names(&better),
            names(&not)
        ),
    }
}

impl Results {
    /// The results as a text table. With `timings`, the articles/s column (which varies from
    /// run to run; without it the table is the same byte for byte for the same data and seed).
    pub fn table(&self, timings: bool) -> String {
        self.table_for("lede eval", timings)
    }

    /// The table, headed by the command that made it (`lede eval`, `lede oracle`).
    pub fn table_for(&self, command: &str, timings: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{command}: {} documents{}",
            self.documents,
            if self.skipped > 0 {
                format!(", {} bad records skipped (--skip-bad)", self.skipped)
            } else {
                String::new()
            }
        );
        let _ = writeln!(out, "scoring: {}", self.scoring);
        let _ = writeln!(out, "F1 x 100 with {}", self.intervals);
        let _ = writeln!(out);
        let name_w = self
            .systems
            .iter()
            .map(|s| s.name.len())
            .max()
            .unwrap_or(6)
            .max(6);
        let _ = write!(out, "{:<name_w$}", "method");
        for m in &self.metrics {
            let _ = write!(out, "  {m:<21}");
        }
        let _ = write!(out, "  {:>6}", "words");
        if timings {
            let _ = write!(out, "  {:>9}", "art/s/core");
        }
        let _ = writeln!(out);
        for s in &self.systems {
            let _ = write!(out, "{:<name_w$}", s.name);
            for m in &s.metrics {
                let cell = format!(
                    "{} ({}-{})",
                    pct(m.f.mean),
                    pct(m.f.ci_low),
                    pct(m.f.ci_high)
                );
                let _ = write!(out, "  {cell:<21}");
            }
            let _ = write!(out, "  {:>6.1}", s.mean_words);
            if timings {
                let _ = write!(out, "  {:>10.0}", s.articles_per_second);
            }
            let _ = writeln!(out);
        }
        if self.systems.len() > 1 {
            let base = &self.systems[0].name;
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "against {base}: mean F1 difference x 100 and one-sided p-value of \"better than {base}\" \
                 (paired permutation test, {} permutations, seed {})",
                self.stats.permutations, self.stats.seed
            );
            for s in &self.systems[1..] {
                let _ = write!(out, "{:<name_w$}", s.name);
                let versus = s.versus.as_deref().unwrap_or_default();
                for c in versus {
                    let cell = format!("{:+.2}, {}", c.difference * 100.0, format_p(c.p_value));
                    let _ = write!(out, "  {cell:<21}");
                }
                let _ = writeln!(out, "  {}", verdict(versus));
            }
        }
        out
    }

    /// The results as JSON: `methods` maps each method to each metric's `f`, `ci_low`,
    /// `ci_high` (fractions, not percentages), with recall and precision, the mean length, and
    /// the paired test against the first method.
    pub fn json(&self, timings: bool) -> Value {
        let mut methods = Map::new();
        for s in &self.systems {
            let mut m = Map::new();
            for (name, summary) in self.metrics.iter().zip(&s.metrics) {
                m.insert(
                    name.to_ascii_lowercase(),
                    json!({
                        "f": summary.f.mean,
                        "ci_low": summary.f.ci_low,
                        "ci_high": summary.f.ci_high,
                        "r": summary.recall.mean,
                        "p": summary.precision.mean,
                    }),
                );
            }
            m.insert("words".into(), json!(s.mean_words));
            if timings {
                m.insert(
                    "articles_per_second_per_core".into(),
                    json!(s.articles_per_second),
                );
            }
            if let Some(v) = &s.versus {
                let mut vs = Map::new();
                vs.insert("baseline".into(), json!(self.systems[0].name));
                for c in v {
                    vs.insert(
                        c.metric.to_ascii_lowercase(),
                        json!({"difference": c.difference, "ci_low": c.ci_low, "ci_high": c.ci_high, "p_value": c.p_value}),
                    );
                }
                m.insert("versus".into(), Value::Object(vs));
            }
            methods.insert(s.name.clone(), Value::Object(m));
        }
        json!({
            "documents": self.documents,
            "skipped": self.skipped,
            "mode": self.mode,
            "scoring": self.scoring,
            "intervals": self.intervals,
            "order": self.systems.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
            "methods": methods,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versus(metric: &str, difference: f64, p_value: f64) -> Comparison {
        Comparison {
            metric: metric.to_string(),
            difference,
            ci_low: 0.0,
            ci_high: 0.0,
            p_value,
        }
    }

    #[test]
    fn the_verdict_names_the_metrics_better_and_not() {
        let all = [
            versus("ROUGE-1", 0.02, 0.0001),
            versus("ROUGE-2", 0.01, 0.01),
        ];
        assert_eq!(verdict(&all), "better on every metric (p < 0.05)");
        let some = [
            versus("ROUGE-1", 0.02, 0.0001),
            versus("ROUGE-2", 0.01, 0.2),
            versus("ROUGE-Lsum", -0.01, 0.9),
        ];
        assert_eq!(
            verdict(&some),
            "better on ROUGE-1 (p < 0.05); not on ROUGE-2, ROUGE-Lsum"
        );
        let none = [versus("ROUGE-1", -0.02, 1.0)];
        assert_eq!(verdict(&none), "better on no metric (p < 0.05)");
    }

    #[test]
    fn p_values_have_one_format() {
        assert_eq!(format_p(0.0001), "p < 0.001");
        assert_eq!(format_p(0.0342), "p = 0.034");
        assert_eq!(format_p(1.0), "p = 1.000");
    }
}
