//! Sentence features of the learned scorer.
//!
//! Every feature is computed from lowercased words, stems and punctuation, so it means the same
//! for raw articles and for the lowercased, tokenized research text the model is trained on.
//! Graph and similarity features use in-document statistics only; the word-importance
//! features (`wi_*`) read the word lexicon the document was parsed with (see
//! [`crate::lexicon`]): how often each word of the sentence reaches the highlights of the
//! training articles that use it. The phrase features (`ph_*`) read its phrase weights (see
//! [`crate::phrases`]): a linear model over the stems and stem pairs of the sentence.

use crate::document::Document;

/// Version of the feature set. A model file names the version it was trained with; a model
/// of another version is refused. Bump it whenever a feature changes meaning or order.
pub const FEATURE_SET: u32 = 3;

/// The features, in order.
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "pos",
    "pos_rel",
    "pos_inv",
    "is0",
    "is1",
    "is2",
    "n_sents",
    "doc_words",
    "cpos",
    "cpos_inv",
    "cis0",
    "cis1",
    "cis2",
    "is_content",
    "len",
    "len_rank",
    "len_ratio",
    "len_z",
    "len_lt5",
    "len_frac",
    "cent",
    "cent_rank",
    "cent_ratio",
    "cent_z",
    "cent_ex",
    "cent_tf",
    "sim_first",
    "sim_lead",
    "max_other",
    "mean_other",
    "lexrank",
    "lexrank_rank",
    "lexrank_z",
    "lexrank_thr",
    "kwcov",
    "kwcov_z",
    "sumbasic",
    "sumbasic_z",
    "elsewhere",
    "avg_idf",
    "max_idf",
    "frac_stop",
    "n_quote",
    "has_quote",
    "starts_quote",
    "ends_quote",
    "attrib",
    "according",
    "n_numbers",
    "pron_start",
    "conj_start",
    "qmark",
    "excl",
    "paren",
    "colon",
    "dash",
    "semicolon",
    "bp_count",
    "click_scroll",
    "by_start",
    "has_cnn",
    "dailymail",
    "pub_upd_start",
    "n_punct",
    "boilerplate",
    "wi_mean",
    "wi_max",
    "wi_sum",
    "wi_top3",
    "wi_mean_z",
    "wi_rank",
    "wi_unknown",
    "wi_tf",
    "ph_score",
    "ph_z",
    "ph_rank",
];

pub const N_FEATURES: usize = 76;

/// How many features precede the word-importance features.
const N_WORD_FEATURES: usize = 65;

/// Sentences beyond this index get no pairwise (graph and similarity) features: they cost
/// time quadratic in the sentence count.
const MAX_PAIRWISE: usize = 1000;

const PRON: &[&str] = &[
    "he", "she", "it", "they", "this", "that", "these", "those", "his", "her", "their", "we", "i",
    "you", "its", "there",
];
const CONJ: &[&str] = &[
    "but",
    "and",
    "however",
    "so",
    "or",
    "also",
    "yet",
    "meanwhile",
    "still",
    "though",
    "although",
    "because",
];
const ATTR: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "explained",
    "claimed",
    "according",
    "insisted",
    "stated",
    "tweeted",
    "wrote",
];
const BP_WORDS: &[&str] = &[
    "click",
    "scroll",
    "share",
    "follow",
    "published",
    "updated",
    "mailonline",
    "var",
    "dm",
    "email",
    "e",
    "reporter",
    "photo",
    "pictured",
    "video",
    "comments",
    "twitter",
    "facebook",
    "subscribe",
    "est",
    "gmt",
    "bst",
];

/// One row of features per sentence of `doc`.
pub fn features(doc: &Document) -> Vec<[f64; N_FEATURES]> {
    let mut rows = Vec::with_capacity(doc.sentences.len());
    for_each_row(doc, |row| rows.push(*row));
    rows
}

/// Calls `f` with the feature row of each sentence of `doc`, in order, without keeping the
/// rows (a long article's rows would take 520 bytes a sentence).
pub fn for_each_row(doc: &Document, mut f: impl FnMut(&[f64; N_FEATURES])) {
    let n = doc.sentences.len();
    if n == 0 {
        return;
    }
    let v = doc.n_terms();
    let len: Vec<f64> = doc.sentences.iter().map(|s| s.words.len() as f64).collect();
    let doc_words: f64 = len.iter().sum();

    // Term counts per sentence (sparse, sorted by term), document frequencies, in-document idf.
    // Rows are kept in one buffer each (a long article has hundreds of thousands of them).
    let mut tf: Rows<u32> =
        Rows::with_capacity(n, doc.sentences.iter().map(|s| s.words.len()).sum());
    let mut df = vec![0u32; v];
    let mut t: Vec<u32> = Vec::new();
    for s in &doc.sentences {
        t.clear();
        t.extend_from_slice(&s.words);
        t.sort_unstable();
        let start = tf.data.len();
        for &id in &t {
            match tf.data[start..].last_mut() {
                Some((last, c)) if *last == id => *c += 1,
                _ => {
                    tf.data.push((id, 1));
                    df[id as usize] += 1;
                }
            }
        }
        tf.end_row();
    }
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| ((n as f64 + 1.0) / (d as f64 + 1.0)).ln() + 1.0)
        .collect();
    let stop = |t: u32| doc.is_stop(t);

    // Content tf-idf vectors (stopwords out), normalised; the document vector; content tf.
    let mut unit: Rows<f64> = Rows::with_capacity(n, tf.data.len());
    let mut tic_norm2 = vec![0.0; n];
    let mut docv = vec![0.0; v];
    let mut tfdoc = vec![0.0; v];
    for (i, row) in tf.iter().enumerate() {
        let start = unit.data.len();
        for &(t, c) in row.iter().filter(|(t, _)| !stop(*t)) {
            let w = c as f64 * idf[t as usize];
            docv[t as usize] += w;
            tfdoc[t as usize] += c as f64;
            unit.data.push((t, w));
        }
        let norm2: f64 = unit.data[start..].iter().map(|(_, w)| w * w).sum();
        tic_norm2[i] = norm2;
        let norm = if norm2 > 0.0 { norm2.sqrt() } else { 1.0 };
        unit.data[start..].iter_mut().for_each(|(_, w)| *w /= norm);
        unit.end_row();
    }
    let docv_norm2: f64 = docv.iter().map(|x| x * x).sum();
    let docv_norm = nonzero(docv_norm2.sqrt());
    let sparse_dot = |a: &[(u32, f64)], dense: &[f64]| -> f64 {
        a.iter().map(|&(t, w)| w * dense[t as usize]).sum()
    };
    let cent: Vec<f64> = unit
        .iter()
        .map(|u| sparse_dot(u, &docv) / docv_norm)
        .collect();
    let cent_ex: Vec<f64> = (0..n)
        .map(|i| {
            // |docv - tic_i|, with tic_i = unit_i * |tic_i|.
            let scale = tic_norm2[i].sqrt();
            let dot_u = sparse_dot(unit.row(i), &docv);
            let rest2 = docv_norm2 - 2.0 * scale * dot_u + tic_norm2[i];
            (dot_u - scale) / nonzero(rest2.max(0.0).sqrt())
        })
        .collect();
    let tfdoc_norm = nonzero(tfdoc.iter().map(|x| x * x).sum::<f64>().sqrt());
    let cent_tf: Vec<f64> = tf
        .iter()
        .map(|row| {
            let content = || {
                row.iter()
                    .filter(|(t, _)| !stop(*t))
                    .map(|&(t, c)| (t as usize, c as f64))
            };
            let norm = nonzero(content().map(|(_, c)| c * c).sum::<f64>().sqrt());
            let dot: f64 = content().map(|(t, c)| c * tfdoc[t]).sum();
            dot / norm / tfdoc_norm
        })
        .collect();

    // Content sentences (6 words or more) and their positions.
    let content: Vec<bool> = len.iter().map(|&l| l >= 6.0).collect();
    let mut cpos = vec![0.0; n];
    let mut seen = 0.0;
    for i in 0..n {
        cpos[i] = seen;
        if content[i] {
            seen += 1.0;
        }
    }
    let first_content = content.iter().position(|&c| c).unwrap_or(0);
    let mut lead: Vec<usize> = (0..n).filter(|&i| content[i]).take(3).collect();
    if lead.is_empty() {
        lead.push(0);
    }

    // Pairwise cosines among the first MAX_PAIRWISE sentences.
    let m = n.min(MAX_PAIRWISE);
    let mut cos = vec![0.0; m * m];
    let mut scratch = vec![0.0; v];
    for i in 0..m {
        for &(t, w) in unit.row(i) {
            scratch[t as usize] = w;
        }
        for j in i..m {
            let c = sparse_dot(unit.row(j), &scratch);
            cos[i * m + j] = c;
            cos[j * m + i] = c;
        }
        for &(t, _) in unit.row(i) {
            scratch[t as usize] = 0.0;
        }
    }
    let sim_first: Vec<f64> = (0..n)
        .map(|i| {
            if i < m && first_content < m {
                cos[i * m + first_content]
            } else {
                0.0
            }
        })
        .collect();
    let mut leadv = vec![0.0; v];
    for &i in &lead {
        let scale = tic_norm2[i].sqrt();
        for &(t, w) in unit.row(i) {
            leadv[t as usize] += w * scale;
        }
    }
    let leadv_norm = nonzero(leadv.iter().map(|x| x * x).sum::<f64>().sqrt());
    let sim_lead: Vec<f64> = unit
        .iter()
        .map(|u| sparse_dot(u, &leadv) / leadv_norm)
        .collect();
    drop(unit);
    let mut max_other = vec![0.0; n];
    let mut mean_other = vec![0.0; n];
    for i in 0..m {
        let mut mx: f64 = 0.0;
        let mut sum = 0.0;
        for j in (0..m).filter(|&j| j != i) {
            let c = cos[i * m + j];
            mx = mx.max(c);
            sum += c;
        }
        max_other[i] = if m > 1 { mx } else { 0.0 };
        mean_other[i] = sum / (m.max(2) - 1) as f64;
    }
    let mut lexrank = lexrank_scores(&cos, m, |c| c);
    let mut lexrank_thr = lexrank_scores(&cos, m, |c| if c > 0.1 { 1.0 } else { 0.0 });
    lexrank.resize(n, 0.0);
    lexrank_thr.resize(n, 0.0);

    // Keywords: the ten heaviest terms of the document vector.
    let mut order: Vec<u32> = (0..v as u32).collect();
    order.sort_by(|&a, &b| {
        docv[b as usize]
            .total_cmp(&docv[a as usize])
            .then(a.cmp(&b))
    });
    let mut keyword = vec![false; v];
    for &t in order.iter().take(10) {
        keyword[t as usize] = true;
    }
    let tf_total: f64 = tfdoc.iter().sum();
    let mut kwcov = vec![0.0; n];
    let mut sumbasic = vec![0.0; n];
    let mut elsewhere = vec![0.0; n];
    let mut avg_idf = vec![0.0; n];
    let mut max_idf = vec![0.0; n];
    let mut frac_stop = vec![0.0; n];
    for (i, row) in tf.iter().enumerate() {
        kwcov[i] = row.iter().filter(|(t, _)| keyword[*t as usize]).count() as f64 / 10.0;
        let (mut prob, mut count, mut types, mut shared) = (0.0, 0.0, 0.0, 0.0);
        let (mut idf_sum, mut idf_max, mut stops) = (0.0, 0.0f64, 0.0);
        for &(t, c) in row {
            let (ti, c) = (t as usize, c as f64);
            idf_sum += c * idf[ti];
            idf_max = idf_max.max(idf[ti]);
            if stop(t) {
                stops += c;
                continue;
            }
            if tf_total > 0.0 {
                prob += c * tfdoc[ti] / tf_total;
            }
            count += c;
            types += 1.0;
            if tfdoc[ti] - c > 0.0 {
                shared += 1.0;
            }
        }
        sumbasic[i] = prob / count.max(1.0);
        elsewhere[i] = shared / f64::max(types, 1.0);
        avg_idf[i] = idf_sum / len[i].max(1.0);
        max_idf[i] = idf_max;
        frac_stop[i] = stops / len[i].max(1.0);
    }
    drop(tf);

    // Word importance: the lexicon's highlight rates of the content words. Only their mean is
    // kept for every sentence (for its z-score and rank); the rest is computed row by row.
    let mut rates: Vec<f64> = Vec::new();
    let wi_mean: Vec<f64> = (0..n)
        .map(|i| word_rates(doc, i, &tfdoc, &mut rates)[0])
        .collect();
    let wi_z = z_scores(&wi_mean);
    let wi_rank = rank_desc(&wi_mean);
    drop(wi_mean);

    // Phrases: the phrase weights' log-odds of each sentence, its z-score and rank (the
    // z-score made row by row, the ranks kept as integers: a long article has hundreds of
    // thousands of sentences).
    let ph = phrase_scores(doc);
    let (ph_mean, ph_sd) = mean_sd(&ph);
    let ph_rank = rank_desc_u32(&ph);
    let rank_denom = (n.max(2) - 1) as f64;

    let len_rank = rank_desc(&len);
    let cent_rank = rank_desc(&cent);
    let lexrank_rank = rank_desc(&lexrank);
    let (len_ratio, len_z) = (ratio_max(&len), z_scores(&len));
    let (cent_ratio, cent_z) = (ratio_max(&cent), z_scores(&cent));
    let lexrank_z = z_scores(&lexrank);
    let kwcov_z = z_scores(&kwcov);
    let sumbasic_z = z_scores(&sumbasic);
    let nf = n as f64;

    for i in 0..n {
        {
            let pos = i as f64;
            let b = |x: bool| if x { 1.0 } else { 0.0 };
            let base = [
                pos,
                pos / nf,
                1.0 / (pos + 1.0),
                b(i == 0),
                b(i == 1),
                b(i == 2),
                nf,
                doc_words,
                cpos[i],
                1.0 / (cpos[i] + 1.0),
                b(cpos[i] == 0.0),
                b(cpos[i] == 1.0),
                b(cpos[i] == 2.0),
                b(content[i]),
                len[i],
                len_rank[i],
                len_ratio[i],
                len_z[i],
                b(len[i] < 5.0),
                len[i] / doc_words.max(1.0),
                cent[i],
                cent_rank[i],
                cent_ratio[i],
                cent_z[i],
                cent_ex[i],
                cent_tf[i],
                sim_first[i],
                sim_lead[i],
                max_other[i],
                mean_other[i],
                lexrank[i],
                lexrank_rank[i],
                lexrank_z[i],
                lexrank_thr[i],
                kwcov[i],
                kwcov_z[i],
                sumbasic[i],
                sumbasic_z[i],
                elsewhere[i],
                avg_idf[i],
                max_idf[i],
                frac_stop[i],
            ];
            let surface = surface(doc.sentence_text(i), &doc.sentences[i].word_spans);
            let mut row = [0.0; N_FEATURES];
            row[..base.len()].copy_from_slice(&base);
            row[base.len()..base.len() + surface.len()].copy_from_slice(&surface);
            row[N_WORD_FEATURES - 1] = b(doc.sentences[i].boilerplate.is_some());
            let [mean, max, sum, top3, unknown, tf_weighted] =
                word_rates(doc, i, &tfdoc, &mut rates);
            row[N_WORD_FEATURES..].copy_from_slice(&[
                mean,
                max,
                sum,
                top3,
                wi_z[i],
                wi_rank[i],
                unknown,
                tf_weighted,
                ph[i],
                (ph[i] - ph_mean) / ph_sd,
                ph_rank[i] as f64 / rank_denom,
            ]);
            f(&row);
        }
    }
}

/// The phrase weights' log-odds of every sentence of `doc` (0 without phrase weights).
fn phrase_scores(doc: &Document) -> Vec<f64> {
    let phrases = doc.phrases();
    if phrases.is_none() {
        return vec![0.0; doc.sentences.len()];
    }
    let (mut slots, mut vector) = (Vec::new(), Vec::new());
    (0..doc.sentences.len())
        .map(|i| {
            doc.phrase_vector(i, phrases.bits(), &mut slots, &mut vector);
            phrases.score(&vector)
        })
        .collect()
}

/// Sparse rows (term, value), one after another in one buffer.
struct Rows<T> {
    data: Vec<(u32, T)>,
    /// Where each row ends in `data`.
    ends: Vec<usize>,
}

impl<T> Rows<T> {
    fn with_capacity(rows: usize, entries: usize) -> Rows<T> {
        Rows {
            data: Vec::with_capacity(entries),
            ends: Vec::with_capacity(rows),
        }
    }

    /// Ends the row being pushed to `data`.
    fn end_row(&mut self) {
        self.ends.push(self.data.len());
    }

    fn row(&self, i: usize) -> &[(u32, T)] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start..self.ends[i]]
    }

    fn iter(&self) -> impl Iterator<Item = &[(u32, T)]> {
        (0..self.ends.len()).map(|i| self.row(i))
    }
}

/// The word rates of sentence `i`: their mean, maximum, sum, mean of the top 3, the share of
/// words the lexicon lacks, and the mean of rate x the word's count in the article (`rates` is
/// scratch space).
fn word_rates(doc: &Document, i: usize, tfdoc: &[f64], rates: &mut Vec<f64>) -> [f64; 6] {
    rates.clear();
    let (mut unknown, mut tf_weighted) = (0.0, 0.0);
    for t in doc.content_terms(i) {
        if !doc.term_known(t) {
            unknown += 1.0;
        }
        let r = doc.term_rate(t) as f64;
        tf_weighted += r * tfdoc[t as usize];
        rates.push(r);
    }
    let k = rates.len().max(1) as f64;
    let sum: f64 = rates.iter().sum();
    rates.sort_by(|a, b| b.total_cmp(a));
    let top3 = rates.iter().take(3).sum::<f64>() / rates.len().clamp(1, 3) as f64;
    [
        sum / k,
        rates.first().copied().unwrap_or(0.0),
        sum,
        top3,
        unknown / k,
        tf_weighted / k,
    ]
}

/// The 22 surface cues of one sentence: quotes, attribution, numbers, openings, punctuation,
/// boilerplate words.
fn surface(text: &str, spans: &[(u32, u32)]) -> [f64; 22] {
    // The sentence's words as the document found them, lowercase (borrowed when they are).
    let words: Vec<std::borrow::Cow<str>> = spans
        .iter()
        .map(|&(a, b)| lede_text::lowercase(&text[a as usize..b as usize]))
        .collect();
    let first = words.first().map(|w| w.as_ref()).unwrap_or("");
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_ref()));
    let word = |w: &str| words.iter().any(|x| x == w);
    let mut quotes = 0.0;
    let mut punct = 0.0;
    let mut prev = '\0';
    for c in text.chars() {
        match c {
            '"' | '\u{201c}' | '\u{201d}' => quotes += 1.0,
            // `` and '' (tokenized quotes) count once per pair.
            '`' | '\'' if prev == c => quotes += 1.0,
            _ => {}
        }
        if !c.is_alphanumeric() && !c.is_whitespace() {
            punct += 1.0;
        }
        prev = c;
    }
    let trimmed = text.trim();
    let starts_quote = trimmed.starts_with(['"', '`', '\'', '\u{201c}', '\u{2018}']);
    let ends_quote = trimmed.ends_with(['"', '\'', '\u{201d}', '\u{2019}']);
    // A phrase of two words as `words.join(" ").contains("a b")` finds it: a word ending in
    // `a` followed by one starting with `b` (without building the joined string).
    let pair = |a: &str, b: &str| {
        words
            .windows(2)
            .any(|w| w[0].ends_with(a) && w[1].starts_with(b))
    };
    let bp = words
        .iter()
        .filter(|w| BP_WORDS.contains(&w.as_ref()))
        .count() as f64
        + b(text.contains('@'))
        + b(text.contains('|'));
    [
        quotes,
        b(quotes > 0.0),
        b(starts_quote),
        b(ends_quote),
        b(has(ATTR)),
        b(word("according")),
        words
            .iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .count() as f64,
        b(PRON.contains(&first)),
        b(CONJ.contains(&first)),
        b(text.contains('?')),
        b(text.contains('!')),
        b(text.contains('(')),
        b(text.contains(':')),
        b(text.contains(['-', '\u{2013}', '\u{2014}'])),
        b(text.contains(';')),
        bp,
        b(pair("click", "here") || pair("scroll", "down")),
        b(first == "by"),
        b(word("cnn")),
        b(pair("daily", "mail") || word("mailonline")),
        b(matches!(first, "published" | "updated" | "last")),
        punct,
    ]
}

fn b(x: bool) -> f64 {
    if x {
        1.0
    } else {
        0.0
    }
}

fn nonzero(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        1.0
    }
}

/// LexRank over the `m × m` cosines (weighted by `weight`), self-similarity left out, 30 power
/// iterations from uniform; scores times m (1 on average).
fn lexrank_scores(cos: &[f64], m: usize, weight: impl Fn(f64) -> f64) -> Vec<f64> {
    if m == 0 {
        return Vec::new();
    }
    if m == 1 {
        return vec![1.0];
    }
    let mut w = vec![0.0; m * m];
    for i in 0..m {
        let mut sum = 0.0;
        for j in 0..m {
            if i != j {
                let x = weight(cos[i * m + j]);
                w[i * m + j] = x;
                sum += x;
            }
        }
        if sum > 0.0 {
            w[i * m..(i + 1) * m].iter_mut().for_each(|x| *x /= sum);
        }
    }
    let mf = m as f64;
    let mut p = vec![1.0 / mf; m];
    let mut next = vec![0.0; m];
    for _ in 0..30 {
        next.iter_mut().for_each(|x| *x = 0.15 / mf);
        for i in 0..m {
            let share = 0.85 * p[i];
            for (x, &wij) in next.iter_mut().zip(&w[i * m..(i + 1) * m]) {
                *x += share * wij;
            }
        }
        std::mem::swap(&mut p, &mut next);
    }
    p.iter().map(|x| x * mf).collect()
}

/// Rank from the top (0 for the largest; ties by position), divided by n - 1.
fn rank_desc(x: &[f64]) -> Vec<f64> {
    let denom = (x.len().max(2) - 1) as f64;
    rank_desc_u32(x)
        .into_iter()
        .map(|r| r as f64 / denom)
        .collect()
}

fn z_scores(x: &[f64]) -> Vec<f64> {
    let (mean, sd) = mean_sd(x);
    x.iter().map(|v| (v - mean) / sd).collect()
}

/// The mean and standard deviation of `x` (1 where it is 0), as [`z_scores`] uses them.
fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len().max(1) as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, if var > 0.0 { var.sqrt() } else { 1.0 })
}

/// [`rank_desc`]'s order as integers (0 for the largest), before its division.
fn rank_desc_u32(x: &[f64]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..x.len() as u32).collect();
    order.sort_by(|&a, &b| x[b as usize].total_cmp(&x[a as usize]).then(a.cmp(&b)));
    let mut r = vec![0u32; x.len()];
    for (rank, &i) in order.iter().enumerate() {
        r[i as usize] = rank as u32;
    }
    r
}

fn ratio_max(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m > 0.0 {
        x.iter().map(|v| v / m).collect()
    } else {
        vec![0.0; x.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Language, TextForm};

    #[test]
    fn one_row_per_sentence_finite_and_named() {
        assert_eq!(FEATURE_NAMES.len(), N_FEATURES);
        let a = Analyzer::new(Language::English);
        let text = "The council voted on Tuesday to close the old bridge for repairs. \
                    \"It is not safe,\" the mayor said. Engineers found cracks in two supports. \
                    Repairs will cost $4 million, according to the city. Click here for more.";
        let doc = Document::parse(text, &a, TextForm::Auto);
        let rows = features(&doc);
        assert_eq!(rows.len(), doc.sentences.len());
        assert!(rows.iter().flatten().all(|x| x.is_finite()));
        let col = |name: &str| FEATURE_NAMES.iter().position(|n| *n == name).unwrap();
        assert_eq!(rows[0][col("is0")], 1.0);
        assert_eq!(rows[1][col("has_quote")], 1.0);
        assert_eq!(rows[1][col("attrib")], 1.0);
        assert_eq!(rows[3][col("according")], 1.0);
        assert_eq!(rows[3][col("n_numbers")], 1.0);
        assert_eq!(rows[4][col("click_scroll")], 1.0);
        // LexRank: at least the teleport share; mass leaks from sentences like nothing else
        // (as in the trained definition), so the sum is at most the sentence count.
        let lr: Vec<f64> = rows.iter().map(|r| r[col("lexrank")]).collect();
        assert!(lr.iter().all(|&x| x >= 0.15 - 1e-9), "{lr:?}");
        assert!(lr.iter().sum::<f64>() <= rows.len() as f64 + 1e-9, "{lr:?}");
    }

    #[test]
    fn word_rates_come_from_the_lexicon_parsed_with() {
        let a = Analyzer::new(Language::English);
        let lexicon = crate::lexicon::Lexicon::new(&[
            ("arrest".into(), 100, 90),
            ("polic".into(), 100, 50),
            ("weather".into(), 100, 1),
        ]);
        let text = "Police arrested two men. The weather was mild. Zorblat quixotic flumph.";
        let doc = Document::parse_with(text, &a, TextForm::Auto, &lexicon);
        let rows = features(&doc);
        let col = |name: &str| FEATURE_NAMES.iter().position(|n| *n == name).unwrap();
        let (mean, max, unknown) = (col("wi_mean"), col("wi_max"), col("wi_unknown"));
        assert!(rows[0][mean] > rows[1][mean], "{rows:?}");
        // "arrested": (90 + 5 x prior) / (100 + 5), the prior being 141 / 300.
        let prior = 141.0 / 300.0;
        assert!((rows[0][max] - (90.0 + 5.0 * prior) / 105.0).abs() < 1e-6);
        // "two" and "men" are unknown: 2 of 4 content words.
        assert_eq!(rows[0][unknown], 0.5);
        assert_eq!(rows[2][unknown], 1.0);
        assert!((rows[2][mean] - prior).abs() < 1e-6);
        // Another lexicon gives other rates for the same text.
        let other =
            crate::lexicon::Lexicon::new(&[("weather".into(), 100, 99), ("polic".into(), 100, 1)]);
        let rows2 = features(&Document::parse_with(text, &a, TextForm::Auto, &other));
        assert!(rows2[1][mean] > rows2[0][mean], "{rows2:?}");
    }

    #[test]
    fn raw_and_tokenized_forms_give_close_features() {
        let a = Analyzer::new(Language::English);
        let raw = "Police arrested two men on Friday. \"We acted fast,\" the chief said. \
                   The bank lost no money.";
        let tok = "police arrested two men on friday . `` we acted fast , '' the chief said . \
                   the bank lost no money .";
        let r = features(&Document::parse(raw, &a, TextForm::Auto));
        let t = features(&Document::parse(tok, &a, TextForm::Auto));
        assert_eq!(r.len(), t.len());
        for name in ["len", "cent", "lexrank", "has_quote", "attrib", "sumbasic"] {
            let c = FEATURE_NAMES.iter().position(|n| *n == name).unwrap();
            for i in 0..r.len() {
                assert!(
                    (r[i][c] - t[i][c]).abs() < 1e-9,
                    "{name} of sentence {i}: {} vs {}",
                    r[i][c],
                    t[i][c]
                );
            }
        }
    }
}
