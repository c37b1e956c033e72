//! Ordered parallel work: a batch of items in, a batch of results out, in input order.

use lede::{Highlights, Options, Summarizer};
use rayon::prelude::*;

use crate::error::{Error, Result};

/// Worker threads for batch work: a pool of its own with a fixed number of threads, or
/// rayon's global pool (one thread per core).
pub struct Workers {
    pool: Option<rayon::ThreadPool>,
}

impl Workers {
    /// `threads`: `None` or `Some(0)` for one thread per core (rayon's global pool), else a
    /// pool of exactly that many threads.
    pub fn new(threads: Option<usize>) -> Result<Self> {
        let pool = match threads {
            None | Some(0) => None,
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(Error::Threads)?,
            ),
        };
        Ok(Workers { pool })
    }

    /// `f` over every item, in parallel; the results are in the items' order.
    pub fn map<T, R, F>(&self, items: &[T], f: F) -> Vec<R>
    where
        T: Sync,
        R: Send,
        F: Fn(&T) -> R + Sync + Send,
    {
        let work = || items.par_iter().map(&f).collect();
        match &self.pool {
            Some(p) => p.install(work),
            None => work(),
        }
    }

    /// Runs `f` on this pool (so that rayon's parallel iterators inside it use these threads).
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        match &self.pool {
            Some(p) => p.install(f),
            None => f(),
        }
    }
}

/// Highlights of every text, in parallel on `workers`, in input order. A text that cannot be
/// summarized (empty, say) gets its error in its place; the others are unaffected.
pub fn summarize_batch<S: AsRef<str> + Sync>(
    summarizer: &Summarizer,
    texts: &[S],
    workers: &Workers,
) -> Vec<Result<Highlights, lede::Error>> {
    workers.map(texts, |t| summarizer.summarize(t.as_ref()))
}

/// Highlights of every text with `options`, on `threads` worker threads (0: one per core),
/// in input order: the one-call form of [`summarize_batch`] for bindings.
///
/// Fails as a whole only when the options are invalid or the threads cannot be started; each
/// text's own failure is its entry's `Err`.
///
/// ```
/// let out = lede_batch::summarize_texts(
///     &["The mayor opened the bridge on Monday. It took four years to build."],
///     &lede::Options::default(),
///     2,
/// )
/// .unwrap();
/// assert_eq!(out.len(), 1);
/// ```
pub fn summarize_texts<S: AsRef<str> + Sync>(
    texts: &[S],
    options: &Options,
    threads: usize,
) -> Result<Vec<Result<Highlights, lede::Error>>> {
    let summarizer = Summarizer::new(*options).map_err(Error::Options)?;
    let workers = Workers::new(Some(threads))?;
    Ok(summarize_batch(&summarizer, texts, &workers))
}
