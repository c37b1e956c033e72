//! `lede train`: fits the learned sentence scorer on a dataset of articles and highlights.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use lede::phrases::Phrases;
use lede_text::{Segmenter, TextForm};
use lede_train::cuts::{fit_cuts, CutLabeller, CutOptions};
use lede_train::phrases::{fit_phrases, PhraseOptions, PhraseRows};
use lede_train::{fit, fold_of, Labeller, Rows, TrainOptions, WordCounts, FOLDS};

use crate::eval::{for_each_record, DatasetArgs};

#[derive(Args, Debug)]
#[command(
    after_help = "The data is read three times. First the word lexicon is counted: per word
stem, the articles that use it and those whose highlights use it, in three folds by a hash of
the article. Then each article is parsed as `lede summarize` parses it, with the lexicon of the
other two folds (so no article's own highlights inform its word rates), and every sentence gets
a soft label (the share of the five best choices of 1 to 3 sentences, by ROUGE-1 F + ROUGE-2 F
against the highlights, that contain it). The phrase weights are fit to the labels: a logistic
regression on the sentence's stems and pairs of stems, hashed into 2^21 weights, once per fold
without it and once on all. Last, every sentence gets the learned scorer's features, each
fold's with the lexicon and phrase weights of the other folds, and gradient-boosted trees are
fit to the labels. The model file keeps the trees, the lexicon and the phrase weights of all
folds. The same files, options and seed give the same model file, byte for byte, whatever the
number of threads.

The model built into lede was made by (about 4 minutes on 2 cores):
  lede train ../shared/data/cnn_dailymail_tokenized/train-0{0,1,2}.jsonl \\
             -o crates/lede/models/learned.json
Use another model with `lede summarize --model FILE` (or `lede eval --model FILE`)."
)]
pub struct TrainArgs {
    #[command(flatten)]
    data: DatasetArgs,

    /// Where to write the model file.
    #[arg(short = 'o', long = "out", value_name = "FILE", required = true)]
    out: PathBuf,

    /// Trees.
    #[arg(long, default_value_t = 600, value_name = "N", help_heading = "Model")]
    iterations: usize,

    /// Shrinkage of each tree.
    #[arg(long, default_value_t = 0.05, value_name = "R", help_heading = "Model")]
    learning_rate: f32,

    /// Leaves per tree.
    #[arg(long, default_value_t = 63, value_name = "N", help_heading = "Model")]
    leaves: usize,

    /// Seed of the row and feature sampling.
    #[arg(long, default_value_t = 1, value_name = "N", help_heading = "Model")]
    seed: u64,

    /// Train the compression cut model instead (`lede summarize --compress`): logistic
    /// regression over the spans the compression rules may cut in the sentences the learned
    /// scorer chooses, labelled by the share of their words that the reference highlights
    /// leave out.
    #[arg(long, help_heading = "Compression model")]
    compress: bool,

    /// With --compress: the probability at which the model cuts.
    #[arg(
        long,
        default_value_t = 0.7,
        value_name = "P",
        help_heading = "Compression model"
    )]
    cut_threshold: f64,
}

pub fn run(args: TrainArgs) -> Result<ExitCode> {
    if args.iterations == 0 || args.leaves < 2 {
        return Err(crate::usage!(
            "invalid --iterations/--leaves: at least 1 tree of at least 2 leaves"
        ));
    }
    if !(args.learning_rate > 0.0 && args.learning_rate <= 1.0) {
        return Err(crate::usage!("invalid --learning-rate: must be in (0, 1]"));
    }
    let language = args.data.language()?;
    if language != lede::Language::English {
        bail!("the learned scorer is trained for English articles; --language must be english");
    }
    // Refuse an unwritable output before the work, not after.
    // Written as OUT.partial and put in place at the end: a failed run keeps the model at OUT.
    let inputs: Vec<&std::path::Path> = args.data.data.iter().map(|p| p.as_path()).collect();
    let mut out = lede_batch::staged::Staged::create(
        Some(&args.out),
        &inputs,
        "the model file",
        &crate::output::command_line(),
    )?;
    if args.compress {
        return train_cuts(&args, out);
    }
    if args.data.data.iter().any(|p| p.as_os_str() == "-") {
        bail!(
            "lede train reads its data three times (word counts, labels, then features): give files, not \
             standard input"
        );
    }
    let segmenter = Segmenter::new(language).with_form(TextForm::Auto);
    let started = Instant::now();
    // The word lexicon: counted first, per fold.
    let mut counts = WordCounts::default();
    for_each_record(
        &args.data,
        &segmenter,
        "counting words",
        |ex| Ok(WordCounts::stems(&ex.article, &ex.references)),
        |_, _, _, stems| {
            counts.add(&stems);
            Ok(())
        },
    )?;
    let labellers = counts
        .fold_lexicons()
        .into_iter()
        .map(Labeller::with_lexicon)
        .collect::<Result<Vec<_>, _>>()?;
    // The labels, and the phrase vectors the phrase weights are fit to.
    let phrase_options = PhraseOptions {
        seed: args.seed,
        ..PhraseOptions::default()
    };
    let mut labels: Vec<Option<Vec<f64>>> = Vec::new();
    let mut phrase_rows = PhraseRows::default();
    let (_, skipped) = for_each_record(
        &args.data,
        &segmenter,
        "labelling",
        |ex| {
            let fold = fold_of(&ex.article);
            Ok((
                fold,
                labellers[fold].labels(&ex.article, &ex.references, phrase_options.bits),
            ))
        },
        |_, _, _, (fold, labelled)| {
            labels.push(labelled.map(|(l, vectors)| {
                for (v, &y) in vectors.iter().zip(&l) {
                    phrase_rows.push(v, y, fold);
                }
                l
            }));
            Ok(())
        },
    )?;
    drop(labellers);
    // Phrase weights per fold (fit without it) and of all folds, side by side.
    if !args.data.quiet {
        crate::say!(
            "lede: fitting phrase weights to {} sentences ...",
            phrase_rows.len()
        );
    }
    let (fold_phrases, phrases) = std::thread::scope(|scope| {
        let (rows, options) = (&phrase_rows, &phrase_options);
        let folds: Vec<_> = (0..FOLDS)
            .map(|k| scope.spawn(move || fit_phrases(rows, Some(k), options)))
            .collect();
        let all = fit_phrases(&phrase_rows, None, &phrase_options);
        let folds = folds
            .into_iter()
            .map(|h| match h.join() {
                Ok(fitted) => fitted.map_err(anyhow::Error::from),
                Err(_) => Err(anyhow::anyhow!(
                    "fitting the phrase weights of a fold failed"
                )),
            })
            .collect::<Result<Vec<Phrases>>>();
        (folds, all)
    });
    let (fold_phrases, phrases) = (fold_phrases?, phrases?);
    drop(phrase_rows);
    // The features, each fold's with the lexicon and phrase weights fit without it.
    let labellers = fold_phrases
        .into_iter()
        .enumerate()
        .map(|(k, p)| {
            Labeller::with_lexicon(Arc::new(counts.fold_lexicon(k).with_phrases(Arc::new(p))))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = Rows::default();
    let mut next = labels.into_iter();
    for_each_record(
        &args.data,
        &segmenter,
        "features",
        |ex| Ok(labellers[fold_of(&ex.article)].features(&ex.article)),
        |_, _, _, features| {
            if let Some(Some(labels)) = next.next() {
                rows.push(features, labels);
            }
            Ok(())
        },
    )?;
    let labelled = started.elapsed();
    if !args.data.quiet {
        crate::say!(
            "lede: {} sentences of {} articles labelled in {:.1} s{}; fitting {} trees ...",
            rows.len(),
            rows.documents,
            labelled.as_secs_f64(),
            if skipped > 0 {
                format!(" ({skipped} bad records skipped)")
            } else {
                String::new()
            },
            args.iterations
        );
    }
    let options = TrainOptions {
        iterations: args.iterations,
        learning_rate: args.learning_rate,
        max_leaves: args.leaves,
        seed: args.seed,
        threads: args.data.threads,
        ..TrainOptions::default()
    };
    let about = serde_json::json!({
        "files": args.data.data.iter().map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()).collect::<Vec<_>>(),
        "limit": args.data.limit,
        "article_field": args.data.article_field,
        "reference_field": args.data.reference_field,
        "skipped": skipped,
    });
    let model = fit(&rows, &options, about, counts.entries(), Some(&phrases))?;
    let text = model.to_json();
    out.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    out.finish()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    if !args.data.quiet {
        crate::say!(
            "lede: wrote {} ({} trees, {:.0} KiB) in {:.1} s in all",
            args.out.display(),
            model.trees.len(),
            text.len() as f64 / 1024.0,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn train_cuts(args: &TrainArgs, mut out: lede_batch::staged::Staged) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.cut_threshold) {
        return Err(crate::usage!(
            "invalid --cut-threshold: must be between 0 and 1"
        ));
    }
    let options = CutOptions {
        threshold: args.cut_threshold,
        ..CutOptions::default()
    };
    let labeller = CutLabeller::new(options.sentences)?;
    let segmenter = Segmenter::new(lede::Language::English).with_form(TextForm::Auto);
    let started = Instant::now();
    let mut rows = Vec::new();
    let mut documents = 0usize;
    let (_, skipped) = for_each_record(
        &args.data,
        &segmenter,
        "labelling spans",
        |ex| Ok(labeller.rows(&ex.article, &ex.references)),
        |_, _, _, r| {
            documents += 1;
            rows.extend(r);
            Ok(())
        },
    )?;
    if !args.data.quiet {
        crate::say!(
            "lede: {} spans of {} articles labelled in {:.1} s; fitting ...",
            rows.len(),
            documents,
            started.elapsed().as_secs_f64()
        );
    }
    let files: Vec<String> = args
        .data
        .data
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        })
        .collect();
    let about = format!(
        "lede train --compress on {} ({} articles{}, {} spans; {} epochs, learning rate {}, l2 {})",
        files.join(", "),
        documents,
        if skipped > 0 {
            format!(", {skipped} bad records skipped")
        } else {
            String::new()
        },
        rows.len(),
        options.epochs,
        options.learning_rate,
        options.l2
    );
    let model = fit_cuts(&rows, &options, &about)?;
    let text = serde_json::to_string(&model)?;
    out.write_all(text.as_bytes())
        .and_then(|_| out.write_all(b"\n"))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    out.finish()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    if !args.data.quiet {
        crate::say!(
            "lede: wrote {} ({:.0} KiB) in {:.1} s in all",
            args.out.display(),
            text.len() as f64 / 1024.0,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
