//! The batch library's errors. Each says what failed in words a user can act on; the cause
//! (an I/O, JSON, Parquet or Arrow error) is kept as its source, so a reporter that prints the
//! chain (`anyhow`'s `{:#}`) shows `what: cause`.

use std::io;

/// What went wrong in a batch read, write or run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input or a refused request; the message says which and what to do.
    #[error("{0}")]
    Invalid(String),
    /// Reading or writing a file failed.
    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },
    /// A JSON value (a checkpoint, a record) could not be read or written.
    #[error("{context}")]
    Json {
        context: String,
        #[source]
        source: serde_json::Error,
    },
    /// A Parquet file could not be read or written.
    #[error("{context}")]
    Parquet {
        context: String,
        #[source]
        source: parquet::errors::ParquetError,
    },
    /// An Arrow column could not be built or converted.
    #[error("{context}")]
    Arrow {
        context: String,
        #[source]
        source: arrow::error::ArrowError,
    },
    /// No article could be read out of a web page.
    #[error("{context}")]
    Html {
        context: String,
        #[source]
        source: lede_html::Error,
    },
    /// The summarizer's options are invalid (or its model cannot be used).
    #[error(transparent)]
    Options(lede::Error),
    /// Worker threads could not be started.
    #[error("cannot start worker threads")]
    Threads(#[source] rayon::ThreadPoolBuildError),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the error is (or was caused by) a closed pipe: the reader went away.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// `bail!` for the library: return an [`Error::Invalid`] with a formatted message.
macro_rules! invalid {
    ($($arg:tt)*) => {
        return Err($crate::Error::Invalid(format!($($arg)*)))
    };
}
pub(crate) use invalid;

/// Attaches a message to a lower-level error, as `anyhow::Context` does.
pub(crate) trait Context<T> {
    fn context<C: Into<String>>(self, context: C) -> Result<T>;
    fn with_context<C: Into<String>, F: FnOnce() -> C>(self, f: F) -> Result<T>;
}

macro_rules! context_for {
    ($ty:ty, $variant:ident) => {
        impl<T> Context<T> for std::result::Result<T, $ty> {
            fn context<C: Into<String>>(self, context: C) -> Result<T> {
                self.map_err(|source| Error::$variant {
                    context: context.into(),
                    source,
                })
            }
            fn with_context<C: Into<String>, F: FnOnce() -> C>(self, f: F) -> Result<T> {
                self.map_err(|source| Error::$variant {
                    context: f().into(),
                    source,
                })
            }
        }
    };
}
context_for!(io::Error, Io);
context_for!(serde_json::Error, Json);
context_for!(parquet::errors::ParquetError, Parquet);
context_for!(arrow::error::ArrowError, Arrow);
context_for!(lede_html::Error, Html);
