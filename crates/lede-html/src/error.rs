//! The errors of article extraction.

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The page was parsed but holds no article text (a login form, a list of links, an empty
    /// page).
    #[error("no article found in the page")]
    NoArticle,
    /// The bytes are not a web page: binary data such as an image or an archive.
    #[error("not an HTML page: {reason}")]
    NotHtml { reason: String },
    /// The page (after gunzipping) is larger than the limit.
    #[error("the page is {bytes} bytes, more than the limit of {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    /// A gzip-compressed page could not be decompressed.
    #[error("cannot gunzip the page: {0}")]
    Gzip(#[source] std::io::Error),
}
