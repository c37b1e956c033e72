//! Longest common subsequences: the length alone (bit-parallel, linear memory) and the path
//! with ROUGE's tie-breaking (needed for the union LCS of ROUGE-Lsum and ROUGE-W), computed
//! block by block from checkpoint rows so that memory stays near `2·sqrt(m)·n` cells even for
//! very long sentences.

/// LCS length of `a` and `b` (token ids below `nsym`), by the bit-vector algorithm of Hyyrö
/// (2004): O(|a|·|b|/64) time, O(|a|) memory whatever the vocabulary.
pub(crate) fn lcs_len(a: &[u32], b: &[u32], nsym: usize) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let m = a.len();
    if m == 0 {
        return 0;
    }
    let words = m.div_ceil(64);
    // Positions of each symbol in `a`, grouped by symbol (counting sort).
    let mut start = vec![0u32; nsym + 1];
    for &t in a {
        start[t as usize + 1] += 1;
    }
    for s in 0..nsym {
        start[s + 1] += start[s];
    }
    let mut fill = start.clone();
    let mut pos = vec![0u32; m];
    for (i, &t) in a.iter().enumerate() {
        pos[fill[t as usize] as usize] = i as u32;
        fill[t as usize] += 1;
    }
    // Symbols with many occurrences get a prebuilt mask (at most 64 of them, so at most m
    // words); the others are set and cleared in a scratch mask at each step.
    let dense_min = words.max(1) as u32;
    let mut dense_of = vec![u32::MAX; nsym];
    let mut dense: Vec<u64> = Vec::new();
    for s in 0..nsym {
        if start[s + 1] - start[s] > dense_min {
            dense_of[s] = (dense.len() / words) as u32;
            let base = dense.len();
            dense.resize(base + words, 0);
            for &p in &pos[start[s] as usize..start[s + 1] as usize] {
                dense[base + p as usize / 64] |= 1u64 << (p % 64);
            }
        }
    }
    let mut v = vec![u64::MAX; words];
    let mut scratch = vec![0u64; words];
    for &c in b {
        let c = c as usize;
        if c >= nsym || start[c] == start[c + 1] {
            continue;
        }
        let occurrences = &pos[start[c] as usize..start[c + 1] as usize];
        let mask: &[u64] = if dense_of[c] != u32::MAX {
            let base = dense_of[c] as usize * words;
            &dense[base..base + words]
        } else {
            for &p in occurrences {
                scratch[p as usize / 64] |= 1u64 << (p % 64);
            }
            &scratch
        };
        let mut carry = 0u64;
        for w in 0..words {
            let u = v[w] & mask[w];
            let (s1, c1) = v[w].overflowing_add(u);
            let (s2, c2) = s1.overflowing_add(carry);
            carry = (c1 || c2) as u64;
            v[w] = s2 | (v[w] & !mask[w]);
        }
        if dense_of[c] == u32::MAX {
            for &p in occurrences {
                scratch[p as usize / 64] = 0;
            }
        }
    }
    let mut zeros = 0usize;
    for (w, &word) in v.iter().enumerate() {
        let bits = if w + 1 == words && m % 64 != 0 {
            m % 64
        } else {
            64
        };
        let mask = if bits == 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        zeros += (!word & mask).count_ones() as usize;
    }
    zeros
}

/// One dynamic-programming cell family: plain LCS lengths, or ROUGE-W's weighted lengths.
pub(crate) trait Cell: Copy + Default {
    /// Whether runs of consecutive matches weigh more than their length (ROUGE-W).
    const WEIGHTED: bool;
    /// The cell after a match, from the diagonal cell.
    fn matched(diag: Self, weight: f64) -> Self;
    /// Whether the cell above is at least the cell to the left (ROUGE's "go up" on ties).
    fn up_wins(up: Self, left: Self) -> bool;
    /// The cell after no match (its run of consecutive matches ends).
    fn skip(from: Self) -> Self;
}

impl Cell for u32 {
    const WEIGHTED: bool = false;
    fn matched(diag: Self, _: f64) -> Self {
        diag + 1
    }
    fn up_wins(up: Self, left: Self) -> bool {
        up >= left
    }
    fn skip(from: Self) -> Self {
        from
    }
}

/// ROUGE-W's cell: weighted length and the length of the run of matches ending here.
#[derive(Clone, Copy, Default)]
pub(crate) struct Weighted {
    score: f64,
    run: u32,
}

impl Cell for Weighted {
    const WEIGHTED: bool = true;
    fn matched(diag: Self, weight: f64) -> Self {
        let k = diag.run as f64;
        Weighted {
            score: diag.score + (k + 1.0).powf(weight) - k.powf(weight),
            run: diag.run + 1,
        }
    }
    fn up_wins(up: Self, left: Self) -> bool {
        up.score >= left.score
    }
    fn skip(from: Self) -> Self {
        Weighted {
            score: from.score,
            run: 0,
        }
    }
}

/// Above this many cells, the table is kept only at checkpoint rows and rebuilt block by block.
const FULL_TABLE_CELLS: usize = 1 << 22;

/// Reusable buffers for [`mark_lcs`].
#[derive(Default)]
pub(crate) struct Scratch<C> {
    checkpoints: Vec<C>,
    block: Vec<C>,
}

fn fill_row<C: Cell>(prev: &[C], row: &mut [C], ai: u32, b: &[u32], weight: f64) {
    row[0] = C::default();
    for j in 1..row.len() {
        row[j] = if ai == b[j - 1] {
            C::matched(prev[j - 1], weight)
        } else if C::up_wins(prev[j], row[j - 1]) {
            C::skip(prev[j])
        } else {
            C::skip(row[j - 1])
        };
    }
}

/// Marks in `mask` (one flag per token of `a`) the tokens of `a` on the LCS path of `a` and
/// `b` that ROUGE-1.5.5 (and rouge-score) trace back: diagonal on a match, else up when the
/// cell above is at least the cell to the left, else left.
pub(crate) fn mark_lcs<C: Cell>(
    a: &[u32],
    b: &[u32],
    weight: f64,
    mask: &mut [bool],
    scratch: &mut Scratch<C>,
) {
    let m = a.len();
    let n = b.len();
    if m == 0 || n == 0 {
        return;
    }
    let width = n + 1;
    let k = if (m + 1).saturating_mul(width) <= FULL_TABLE_CELLS {
        m
    } else {
        ((m as f64).sqrt().ceil() as usize).max(1)
    };
    // Forward pass: keep rows 0, k, 2k, ... below m.
    let nblocks = m.div_ceil(k);
    scratch.checkpoints.clear();
    scratch.checkpoints.resize(nblocks * width, C::default());
    if nblocks > 1 {
        let mut prev = vec![C::default(); width];
        let mut row = vec![C::default(); width];
        for i in 1..m {
            fill_row(&prev, &mut row, a[i - 1], b, weight);
            std::mem::swap(&mut prev, &mut row);
            if i % k == 0 {
                let at = (i / k) * width;
                scratch.checkpoints[at..at + width].copy_from_slice(&prev);
            }
        }
    }
    // Traceback, rebuilding each block from its checkpoint (only up to the current column).
    let (mut i, mut j) = (m, n);
    while i > 0 && j > 0 {
        let r0 = ((i - 1) / k) * k;
        let rows = i - r0 + 1;
        let cols = j + 1;
        scratch.block.clear();
        scratch.block.resize(rows * cols, C::default());
        let cp = (r0 / k) * width;
        scratch.block[..cols].copy_from_slice(&scratch.checkpoints[cp..cp + cols]);
        for r in 1..rows {
            let (done, rest) = scratch.block.split_at_mut(r * cols);
            fill_row(
                &done[(r - 1) * cols..],
                &mut rest[..cols],
                a[r0 + r - 1],
                &b[..j],
                weight,
            );
        }
        let at = |r: usize, c: usize| r * cols + c;
        while i > r0 && j > 0 {
            if a[i - 1] == b[j - 1] {
                mask[i - 1] = true;
                i -= 1;
                j -= 1;
            } else if C::up_wins(
                scratch.block[at(i - 1 - r0, j)],
                scratch.block[at(i - r0, j - 1)],
            ) {
                i -= 1;
            } else {
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_len(a: &[u32], b: &[u32]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                t[i][j] = if a[i - 1] == b[j - 1] {
                    t[i - 1][j - 1] + 1
                } else {
                    t[i - 1][j].max(t[i][j - 1])
                };
            }
        }
        t[a.len()][b.len()]
    }

    fn lcg(seed: &mut u64) -> u32 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*seed >> 33) as u32
    }

    #[test]
    fn bit_parallel_length_matches_the_table() {
        let mut seed = 7u64;
        for round in 0..300 {
            let la = (lcg(&mut seed) % 200) as usize;
            let lb = (lcg(&mut seed) % 200) as usize;
            let nsym = 1 + (round % 9) as u32 * 3;
            let a: Vec<u32> = (0..la).map(|_| lcg(&mut seed) % nsym).collect();
            let b: Vec<u32> = (0..lb).map(|_| lcg(&mut seed) % nsym).collect();
            assert_eq!(
                lcs_len(&a, &b, nsym as usize),
                naive_len(&a, &b),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn marked_path_is_a_common_subsequence_of_full_length() {
        let mut seed = 11u64;
        for _ in 0..200 {
            let la = (lcg(&mut seed) % 60) as usize;
            let lb = (lcg(&mut seed) % 60) as usize;
            let a: Vec<u32> = (0..la).map(|_| lcg(&mut seed) % 5).collect();
            let b: Vec<u32> = (0..lb).map(|_| lcg(&mut seed) % 5).collect();
            let mut mask = vec![false; la];
            mark_lcs::<u32>(&a, &b, 1.0, &mut mask, &mut Scratch::default());
            assert_eq!(mask.iter().filter(|&&x| x).count(), naive_len(&a, &b));
        }
    }

    #[test]
    fn checkpointed_traceback_equals_the_full_table() {
        // Long enough to force blocks; the marked positions must be identical.
        let mut seed = 3u64;
        let a: Vec<u32> = (0..2500).map(|_| lcg(&mut seed) % 7).collect();
        let b: Vec<u32> = (0..2100).map(|_| lcg(&mut seed) % 7).collect();
        let mut blocked = vec![false; a.len()];
        mark_lcs::<u32>(&a, &b, 1.0, &mut blocked, &mut Scratch::default());
        // Reference: the plain full table with the same tie-breaking.
        let mut t = vec![vec![0u32; b.len() + 1]; a.len() + 1];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                t[i][j] = if a[i - 1] == b[j - 1] {
                    t[i - 1][j - 1] + 1
                } else if t[i - 1][j] >= t[i][j - 1] {
                    t[i - 1][j]
                } else {
                    t[i][j - 1]
                };
            }
        }
        let mut full = vec![false; a.len()];
        let (mut i, mut j) = (a.len(), b.len());
        while i > 0 && j > 0 {
            if a[i - 1] == b[j - 1] {
                full[i - 1] = true;
                i -= 1;
                j -= 1;
            } else if t[i - 1][j] >= t[i][j - 1] {
                i -= 1;
            } else {
                j -= 1;
            }
        }
        assert_eq!(blocked, full);
    }
}
