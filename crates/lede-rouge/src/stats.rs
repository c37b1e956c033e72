//! Aggregation: means with bootstrap confidence intervals, ROUGE-1.5.5's own averaging (so
//! `--compat perl` prints the script's Average and interval to the last digit), and a paired
//! test of whether one system beats another.
//!
//! Randomness comes from seeded generators written out here (SplitMix64, and the drand48 that
//! Perl's `rand` is), so the same seed gives the same intervals on every machine and version.

use serde::Serialize;

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and fixed forever, unlike a library
/// generator whose stream may change between versions.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift with rejection, so without bias).
    pub fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        if n == 0 {
            return 0;
        }
        loop {
            let x = self.next_u64();
            let m = (x as u128) * (n as u128);
            let low = m as u64;
            if low >= n.wrapping_neg() % n {
                return (m >> 64) as usize;
            }
        }
    }
}

/// A mean with its bootstrap confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

/// Linear-interpolated quantile of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The mean of `values` and a percentile bootstrap interval: `resamples` resamples of the
/// documents with replacement, the interval between the `(1 - confidence) / 2` quantiles of
/// their means.
pub fn bootstrap_mean(values: &[f64], resamples: usize, confidence: f64, seed: u64) -> Interval {
    let m = mean(values);
    if values.is_empty() || resamples == 0 {
        return Interval {
            mean: m,
            ci_low: m,
            ci_high: m,
        };
    }
    let mut rng = SplitMix64::new(seed);
    let n = values.len();
    let mut means: Vec<f64> = (0..resamples)
        .map(|_| (0..n).map(|_| values[rng.below(n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    Interval {
        mean: m,
        ci_low: quantile(&means, tail),
        ci_high: quantile(&means, 1.0 - tail),
    }
}

/// Perl's `srand`/`rand`: drand48, a 48-bit linear congruential generator.
struct Drand48(u64);

impl Drand48 {
    fn seeded(seed: u32) -> Self {
        Drand48(((seed as u64) << 16) | 0x330E)
    }
    fn next(&mut self) -> f64 {
        self.0 = (self.0.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & 0xFFFF_FFFF_FFFF;
        self.0 as f64 / (1u64 << 48) as f64
    }
}

/// ROUGE-1.5.5's printed average and confidence interval of per-document values (recall,
/// precision and F each get one call), as `computeAverages` makes them: the documents in the
/// order of their evaluation ids sorted as strings ("1", "10", "100", "11", ...), resample `i`
/// drawn with `srand(i)`, the Average being the mean of the resample means, the bounds the
/// script's interpolated order statistics, all rounded to five decimals.
pub fn perl_average(values: &[f64], resamples: usize, confidence: f64) -> Interval {
    let n = values.len();
    let round5 = crate::round5;
    if n == 0 || resamples == 0 {
        let m = round5(mean(values));
        return Interval {
            mean: m,
            ci_low: m,
            ci_high: m,
        };
    }
    // Evaluation ids are 1..=n; the script sorts "$id.$peer" keys as strings.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_cached_key(|&i| format!("{}.X", i + 1));
    let sorted_values: Vec<f64> = order.iter().map(|&i| values[i]).collect();
    let mut means: Vec<f64> = Vec::with_capacity(resamples);
    for r in 0..resamples {
        let mut rng = Drand48::seeded(r as u32);
        let mut sum = 0.0;
        for _ in 0..n {
            let idx = (n as f64 * rng.next()) as usize;
            sum += sorted_values[idx.min(n - 1)];
        }
        means.push(sum / n as f64);
    }
    means.sort_by(f64::total_cmp);
    let avg = means.iter().sum::<f64>() / resamples as f64;
    let c = confidence * 100.0;
    let delta = resamples as f64 * ((100.0 - c) / 2.0) / 100.0;
    let ci_ua = (resamples as f64 - delta - 1.0) as usize;
    let ci_la = delta as usize;
    let ci_r = resamples as f64 - delta - 1.0 - ci_ua as f64;
    let at = |i: usize| means[i.min(resamples - 1)];
    Interval {
        mean: round5(avg),
        ci_low: round5(at(ci_la) + (at(ci_la + 1) - at(ci_la)) * ci_r),
        ci_high: round5(at(ci_ua) + (at(ci_ua + 1) - at(ci_ua)) * ci_r),
    }
}

/// A p-value as lede prints it everywhere (tables, reports): `p < 0.001` below 0.001, else
/// `p = 0.034` (three decimals).
pub fn format_p(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// Whether system A beats system B on the same documents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Comparison {
    pub mean_a: f64,
    pub mean_b: f64,
    /// mean(A) - mean(B), with a paired bootstrap interval.
    pub difference: Interval,
    /// One-sided p-value of "A is better than B" by a paired permutation test (each
    /// document's two scores swapped at random): the share of permutations whose mean
    /// difference is at least the observed one.
    pub p_value: f64,
    pub permutations: usize,
}

/// Paired comparison of per-document scores `a` and `b` (same documents, same order).
pub fn paired_test(
    a: &[f64],
    b: &[f64],
    resamples: usize,
    confidence: f64,
    seed: u64,
) -> Comparison {
    let n = a.len().min(b.len());
    let diffs: Vec<f64> = (0..n).map(|i| a[i] - b[i]).collect();
    let difference = bootstrap_mean(&diffs, resamples, confidence, seed);
    let observed = mean(&diffs);
    let mut rng = SplitMix64::new(seed ^ 0x5851_F42D_4C95_7F2D);
    let mut at_least = 0usize;
    for _ in 0..resamples {
        let mut sum = 0.0;
        let mut bits = 0u64;
        for (i, d) in diffs.iter().enumerate() {
            if i % 64 == 0 {
                bits = rng.next_u64();
            }
            sum += if bits & 1 == 1 { *d } else { -*d };
            bits >>= 1;
        }
        // A tolerance for the rounding of sums taken in another order.
        if n > 0 && sum / n as f64 >= observed - 1e-12 {
            at_least += 1;
        }
    }
    Comparison {
        mean_a: mean(&a[..n]),
        mean_b: mean(&b[..n]),
        difference,
        p_value: (at_least + 1) as f64 / (resamples + 1) as f64,
        permutations: resamples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drand48_matches_the_c_library_stream() {
        // What `perl -e 'srand(0); printf("%.12f\n", rand()) for 1..3'` and glibc's
        // srand48(0)/drand48() print; then srand(5).
        let mut r = Drand48::seeded(0);
        let got: Vec<String> = (0..3).map(|_| format!("{:.12}", r.next())).collect();
        assert_eq!(got, ["0.170828036106", "0.749901980485", "0.096371655624"]);
        assert_eq!(
            format!("{:.12}", Drand48::seeded(5).next()),
            "0.524839579434"
        );
    }

    #[test]
    fn bootstrap_is_seeded_and_brackets_the_mean() {
        let v: Vec<f64> = (0..500).map(|i| (i % 17) as f64 / 17.0).collect();
        let a = bootstrap_mean(&v, 1000, 0.95, 42);
        let b = bootstrap_mean(&v, 1000, 0.95, 42);
        assert_eq!(a, b);
        assert!(a.ci_low < a.mean && a.mean < a.ci_high, "{a:?}");
        assert!(a.ci_high - a.ci_low < 0.1);
    }

    #[test]
    fn paired_test_sees_a_real_difference_and_no_difference() {
        let b: Vec<f64> = (0..400).map(|i| ((i * 37) % 100) as f64 / 100.0).collect();
        let better: Vec<f64> = b.iter().map(|x| x + 0.02).collect();
        let t = paired_test(&better, &b, 1000, 0.95, 1);
        assert!(t.p_value < 0.01, "{t:?}");
        let same = paired_test(&b, &b, 1000, 0.95, 1);
        assert!(same.p_value > 0.5, "{same:?}");
    }
}

/// Mean and interval of recall, precision and F for one metric over many documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSummary {
    #[serde(rename = "r")]
    pub recall: Interval,
    #[serde(rename = "p")]
    pub precision: Interval,
    pub f: Interval,
}

/// How the means and intervals of a report are made.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Aggregation {
    pub resamples: usize,
    /// Between 0 and 1 (0.95 for a 95% interval).
    pub confidence: f64,
    pub seed: u64,
    /// ROUGE-1.5.5's own averaging and resampling (for `--compat perl`), else the plain mean
    /// with a seeded percentile bootstrap.
    pub perl: bool,
}

impl Aggregation {
    pub fn describe(&self) -> String {
        let pct = self.confidence * 100.0;
        if self.perl {
            format!(
                "{pct}% interval from ROUGE-1.5.5's own bootstrap ({} resamples, srand(i)); the average is the script's (mean of resample means)",
                self.resamples
            )
        } else {
            format!(
                "mean with a {pct}% percentile bootstrap interval ({} resamples, seed {})",
                self.resamples, self.seed
            )
        }
    }

    fn interval(&self, values: &[f64]) -> Interval {
        if self.perl {
            perl_average(values, self.resamples, self.confidence)
        } else {
            bootstrap_mean(values, self.resamples, self.confidence, self.seed)
        }
    }

    /// Summaries of each metric column of `scores` (one row per document, one column per
    /// metric).
    pub fn summarize(&self, scores: &[Vec<crate::Score>], metrics: usize) -> Vec<MetricSummary> {
        (0..metrics)
            .map(|m| {
                let column = |pick: fn(&crate::Score) -> f64| -> Vec<f64> {
                    scores.iter().map(|row| pick(&row[m])).collect()
                };
                // The same resamples for every metric and measure, as the script does.
                MetricSummary {
                    recall: self.interval(&column(|s| s.recall)),
                    precision: self.interval(&column(|s| s.precision)),
                    f: self.interval(&column(|s| s.f)),
                }
            })
            .collect()
    }
}
