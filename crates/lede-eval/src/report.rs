//! The HTML report: one self-contained file (inline CSS and SVG, no script, no network).

use std::fmt::Write as _;

use crate::accumulate::{Results, POSITION_BUCKETS, WORST};

const COLORS: [&str; 8] = [
    "#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
];

fn color(i: usize) -> &'static str {
    COLORS[i % COLORS.len()]
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lede_html::escape_into(s, &mut out);
    out
}

const W: f64 = 480.0;
const H: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 58.0;

/// The frame of a chart: axes, y ticks (0..y_max), x labels, legend, title.
fn frame(
    out: &mut String,
    title: &str,
    y_label: &str,
    y_max: f64,
    x_labels: &[String],
    names: &[String],
) {
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" viewBox="0 0 {W} {H}" width="{W}" height="{H}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    let _ = write!(
        out,
        r#"<text x="{LEFT}" y="18" class="ct">{}</text>"#,
        esc(title)
    );
    let plot_h = H - TOP - BOTTOM;
    let step = nice_axis(y_max).1;
    let ticks = (y_max / step).round() as usize;
    for k in 0..=ticks {
        let v = step * k as f64;
        let y = TOP + plot_h - plot_h * v / y_max;
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" class="tk" text-anchor="end">{}</text>"##,
            W - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            if y_max >= 10.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.2}")
            }
        );
    }
    let _ = write!(
        out,
        r#"<text x="12" y="{:.1}" class="tk" transform="rotate(-90 12 {:.1})" text-anchor="middle">{}</text>"#,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
        esc(y_label)
    );
    let n = x_labels.len().max(1);
    let step = (W - LEFT - RIGHT) / n as f64;
    let every = n.div_ceil(12);
    for (i, l) in x_labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        // A label wider than its slot (the "11-15" bins) is set smaller, not over its neighbour.
        let class = if l.chars().count() as f64 * 8.0 > step * every as f64 {
            "tk sm"
        } else {
            "tk"
        };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="{class}" text-anchor="middle">{}</text>"#,
            LEFT + step * (i as f64 + 0.5),
            TOP + plot_h + 17.0,
            esc(l)
        );
    }
    let mut x = LEFT;
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{:.1}" width="10" height="10" fill="{}"/><text x="{:.1}" y="{:.1}" class="tk">{}</text>"#,
            H - 18.0,
            color(i),
            x + 14.0,
            H - 9.0,
            esc(name)
        );
        x += 24.0 + 8.0 * name.len() as f64;
    }
}

/// The frame of a chart over `x_labels` for `series`, with the scale: (svg so far, y maximum,
/// plot height, width of a category).
fn start_chart(
    title: &str,
    y_label: &str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
) -> (String, f64, f64, f64) {
    let mut out = String::new();
    let y_max = nice_max(
        series
            .iter()
            .flat_map(|s| s.1.iter().copied())
            .fold(0.0, f64::max),
    );
    let names: Vec<String> = series.iter().map(|s| s.0.clone()).collect();
    frame(&mut out, title, y_label, y_max, x_labels, &names);
    let plot_h = H - TOP - BOTTOM;
    let step = (W - LEFT - RIGHT) / x_labels.len().max(1) as f64;
    (out, y_max, plot_h, step)
}

/// Lines over categories (one point per category, one line per series).
fn line_chart(
    title: &str,
    y_label: &str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
) -> String {
    let (mut out, y_max, plot_h, step) = start_chart(title, y_label, x_labels, series);
    for (i, (name, values)) in series.iter().enumerate() {
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(k, v)| {
                format!(
                    "{:.1},{:.1}",
                    LEFT + step * (k as f64 + 0.5),
                    TOP + plot_h - plot_h * v / y_max
                )
            })
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="series" fill="none" stroke="{}" stroke-width="2" points="{}"><title>{}</title></polyline>"#,
            color(i),
            points.join(" "),
            esc(name)
        );
    }
    out.push_str("</svg>");
    out
}

/// Grouped bars over categories.
fn bar_chart(
    title: &str,
    y_label: &str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
) -> String {
    let (mut out, y_max, plot_h, step) = start_chart(title, y_label, x_labels, series);
    let bar = (step * 0.8) / series.len().max(1) as f64;
    for (i, (name, values)) in series.iter().enumerate() {
        for (k, v) in values.iter().enumerate() {
            let h = plot_h * v / y_max;
            let _ = write!(
                out,
                r#"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {} {:.1}%</title></rect>"#,
                LEFT + step * k as f64 + step * 0.1 + bar * i as f64,
                TOP + plot_h - h,
                bar.max(0.5),
                h,
                color(i),
                esc(name),
                esc(&x_labels[k]),
                v
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// How a document is named in the lists: the story's first words (an id such as a 40-digit
/// hash says nothing to a reader), with its id shortened beside them.
fn story_label(id: &str, sentences: &[String]) -> String {
    let words: Vec<&str> = sentences
        .iter()
        .flat_map(|s| s.split_whitespace())
        .take(13)
        .collect();
    let opening = if words.len() == 13 {
        format!("{}\u{2026}", words[..12].join(" "))
    } else {
        words.join(" ")
    };
    let short: String = id.chars().take(12).collect();
    let short = if short.len() < id.len() {
        format!("{short}\u{2026}")
    } else {
        short
    };
    if opening.is_empty() {
        return esc(id);
    }
    format!(
        "\u{201c}{}\u{201d} <span class=\"id\">{}</span>",
        esc(&opening),
        esc(&short)
    )
}

/// A round upper bound for an axis, and its tick step (4 to 6 ticks).
fn nice_axis(v: f64) -> (f64, f64) {
    if v.is_nan() || v <= 0.0 {
        return (1.0, 0.25);
    }
    let raw = v / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| v / s <= 5.0 + 1e-9)
        .unwrap_or(10.0 * mag);
    ((v / step - 1e-9).ceil().max(1.0) * step, step)
}

fn nice_max(v: f64) -> f64 {
    nice_axis(v).0
}

/// Shares (in %) of `values` in `bins` equal bins over [0, hi], the last one open.
fn histogram(values: impl Iterator<Item = f64>, bins: usize, hi: f64) -> Vec<f64> {
    let mut counts = vec![0u64; bins];
    let mut n = 0u64;
    for v in values {
        let b = ((v / hi) * bins as f64).floor();
        let b = if b.is_nan() || b < 0.0 {
            0
        } else {
            (b as usize).min(bins - 1)
        };
        counts[b] += 1;
        n += 1;
    }
    counts
        .iter()
        .map(|&c| 100.0 * c as f64 / n.max(1) as f64)
        .collect()
}

/// The report as one HTML page. `title` names the dataset.
pub fn html_report(results: &Results, title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>lede eval: {t}</title><style>
body{{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}}
h1{{font-size:1.5rem}} h2{{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}} h3{{font-size:1rem}}
table{{border-collapse:collapse;margin:1rem 0}} td,th{{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:right}} td:first-child,th:first-child{{text-align:left}}
.charts{{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,20rem),1fr));gap:1rem}} .charts.one{{grid-template-columns:minmax(0,1fr)}} .pair{{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr));gap:0 1.5rem}}
.chart{{width:100%;height:auto;background:#fff;border:1px solid #eee}}
.ct{{font-size:16px;font-weight:600}} .tk{{font-size:14px;fill:#555}} .tk.sm{{font-size:13.5px;letter-spacing:-.5px}}
.wide{{overflow-x:auto;max-width:100%}} .id{{color:#777;font-size:.8rem}}
@media (max-width:600px){{body{{margin:1rem auto}} td .note{{display:block;font-size:.75rem}} td,th{{padding:.2rem .35rem}}}}
.note{{color:#555;font-size:.9rem}} details{{margin:.4rem 0;border:1px solid #eee;padding:.3rem .6rem}} summary{{cursor:pointer}}
ol.article li{{margin:.15rem 0}} mark{{background:#ffe08a}} .lead{{text-decoration:underline #e15759 2px}} .both{{background:#ffe08a;text-decoration:underline #e15759 2px}}
</style></head><body><h1>lede eval: {t}</h1>"#,
        t = esc(title)
    );
    let _ = write!(
        out,
        r#"<p class="note">{} documents{}. Scoring: {}. F1 &times; 100 with {}.</p>"#,
        results.documents,
        if results.skipped > 0 {
            format!(", {} bad records skipped", results.skipped)
        } else {
            String::new()
        },
        esc(&results.scoring),
        esc(&results.intervals)
    );
    // The table.
    out.push_str(r#"<div class="wide"><table id="results"><thead><tr><th>method</th>"#);
    for m in &results.metrics {
        let _ = write!(out, "<th>{}</th>", esc(m));
    }
    let _ = write!(
        out,
        "<th>words</th><th>vs {} (&Delta; ROUGE-1, p)</th></tr></thead><tbody>",
        esc(results.systems.first().map_or("", |s| s.name.as_str()))
    );
    for s in &results.systems {
        let _ = write!(out, "<tr><td>{}</td>", esc(&s.name));
        for m in &s.metrics {
            let _ = write!(
                out,
                "<td>{:.2} <span class=\"note\">({:.2}&ndash;{:.2})</span></td>",
                m.f.mean * 100.0,
                m.f.ci_low * 100.0,
                m.f.ci_high * 100.0
            );
        }
        let vs = match s.versus.as_ref().and_then(|v| v.first()) {
            Some(c) => format!(
                "{:+.2}, {}",
                c.difference * 100.0,
                lede_rouge::stats::format_p(c.p_value)
            ),
            None => "&mdash;".into(),
        };
        let _ = write!(out, "<td>{:.1}</td><td>{vs}</td></tr>", s.mean_words);
    }
    out.push_str("</tbody></table></div>");

    // Score distributions.
    out.push_str(r#"<h2>Score distributions</h2><p class="note">Share of documents by F1, in bins of 0.05.</p><div class="charts">"#);
    let bins = 20;
    let x_labels: Vec<String> = (0..bins)
        .map(|b| format!("{:.2}", b as f64 / bins as f64))
        .collect();
    for (m, metric) in results.metrics.iter().enumerate() {
        let series: Vec<(String, Vec<f64>)> = results
            .systems
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    histogram(s.per_doc_f[m].iter().copied(), bins, 1.0),
                )
            })
            .collect();
        out.push_str(&line_chart(
            &format!("{metric} F1"),
            "% of documents",
            &x_labels,
            &series,
        ));
    }
    out.push_str("</div>");

    // Positions and lengths side by side (one column on a narrow screen).
    out.push_str(r#"<div class="pair">"#);
    if let Some(report) = &results.report {
        // Positions: one bar per position, so that the wide bins (11-15, 16-20) are shown
        // per position too and do not look like peaks; what comes from position 21 on is
        // given in words.
        let widths: Vec<f64> = POSITION_BUCKETS
            .iter()
            .map(|b| match b.split_once('-') {
                Some((a, z)) => {
                    let (a, z): (f64, f64) = (a.parse().unwrap_or(1.0), z.parse().unwrap_or(1.0));
                    z - a + 1.0
                }
                None => 1.0,
            })
            .collect();
        let shown = POSITION_BUCKETS.len() - 1; // all but "21+"
        let mut late = Vec::new();
        let series: Vec<(String, Vec<f64>)> = report
            .positions
            .iter()
            .map(|(name, counts)| {
                let total = counts.iter().sum::<u64>().max(1) as f64;
                late.push(format!(
                    "{} {:.1}%",
                    esc(name),
                    100.0 * counts[shown] as f64 / total
                ));
                (
                    name.clone(),
                    counts[..shown]
                        .iter()
                        .zip(&widths)
                        .map(|(&c, w)| 100.0 * c as f64 / total / w)
                        .collect(),
                )
            })
            .collect();
        let _ = write!(
            out,
            r#"<section><h2>Which sentences are chosen</h2><p class="note">Share of each method's highlights taken from each position of the article, against the greedy oracle's choices; positions 11-15 and 16-20 show the mean share of one position in the range. From position 21 on: {}.</p><div class="charts one">"#,
            late.join(", ")
        );
        let labels: Vec<String> = POSITION_BUCKETS[..shown]
            .iter()
            .map(|s| s.to_string())
            .collect();
        out.push_str(&bar_chart(
            "Sentence positions",
            "% of highlights per position",
            &labels,
            &series,
        ));
        out.push_str("</div></section>");
    }

    // Lengths.
    out.push_str(r#"<section><h2>Highlight lengths</h2><p class="note">Share of documents by the length of their highlights in words, in bins of 10 (the last bin is 190 or more).</p><div class="charts one">"#);
    let labels: Vec<String> = (0..20).map(|b| format!("{}", b * 10)).collect();
    let series: Vec<(String, Vec<f64>)> = results
        .systems
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                histogram(s.words.iter().map(|&w| w as f64), 20, 200.0),
            )
        })
        .collect();
    out.push_str(&line_chart(
        "Words per document's highlights",
        "% of documents",
        &labels,
        &series,
    ));
    out.push_str("</div></section></div>");

    if let Some(report) = &results.report {
        let lead = &report.lead_name;
        let _ = write!(
            out,
            r#"<h2>Where each method loses most to Lead-3</h2><p class="note">For each method, the {WORST} documents with the largest drop of mean F1 (ROUGE-1, ROUGE-2, ROUGE-Lsum) against {lead}. <mark>Marked</mark>: the method's highlights; <span class="lead">underlined</span>: Lead-3's.</p>"#,
            lead = esc(lead)
        );
        for (s, worst) in results.systems.iter().zip(&report.worst) {
            if worst.is_empty() {
                continue;
            }
            let _ = write!(out, "<h3>{}</h3>", esc(&s.name));
            for w in worst {
                let fmt_f = |f: &[f64]| {
                    f.iter()
                        .map(|x| format!("{:.1}", x * 100.0))
                        .collect::<Vec<_>>()
                        .join(" / ")
                };
                let _ = write!(
                    out,
                    "<details><summary>{} &mdash; {}: {} against Lead-3: {} (loss {:.1})</summary><p><b>Reference:</b> {}</p><ol class=\"article\">",
                    story_label(&w.id, &w.sentences),
                    esc(&s.name),
                    fmt_f(&w.f),
                    fmt_f(&w.lead_f),
                    w.loss * 100.0,
                    esc(&w.references.join(" \u{2022} "))
                );
                for (i, sent) in w.sentences.iter().enumerate() {
                    let mine = w.selected.contains(&i);
                    let theirs = w.lead_selected.contains(&i);
                    let class = match (mine, theirs) {
                        (true, true) => " class=\"both\"",
                        (true, false) => " class=\"mine\"",
                        (false, true) => " class=\"lead\"",
                        _ => "",
                    };
                    if mine && !theirs {
                        let _ = write!(out, "<li><mark>{}</mark></li>", esc(sent));
                    } else {
                        let _ = write!(out, "<li{class}>{}</li>", esc(sent));
                    }
                }
                out.push_str("</ol></details>");
            }
        }
    }
    out.push_str(r#"<p class="note">Made by lede eval.</p></body></html>"#);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_shares_sum_to_100_and_clamp() {
        let h = histogram([0.0, 0.5, 0.99, 1.0, 7.0, f64::NAN].into_iter(), 4, 1.0);
        assert_eq!(h.len(), 4);
        assert!((h.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        assert!((h[3] - 50.0).abs() < 1e-9, "{h:?}");
    }

    #[test]
    fn escaping_and_axis_bounds() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(nice_axis(0.0), (1.0, 0.25));
        assert_eq!(nice_axis(37.0), (40.0, 10.0));
        assert_eq!(nice_axis(20.5), (25.0, 5.0));
        assert_eq!(nice_axis(0.21), (0.25, 0.05));
        assert_eq!(nice_axis(50.0), (50.0, 10.0));
    }
}
