//! Batches that arrive whole in memory (an HTTP request body, a Python list serialized as
//! JSON): a JSON array, or JSON Lines.

use serde_json::Value;

/// Why a batch body could not be split into items.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// The body starts with `[` but is not valid JSON.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// The body is valid JSON but not an array.
    #[error("expected a JSON array")]
    NotArray,
}

/// The items of a batch body: the elements of a JSON array (when the first non-blank byte is
/// `[`), or else one JSON value per non-blank line (NDJSON), each parsed on its own so that a
/// bad line spoils only its item. Items keep their order.
pub fn batch_items(bytes: &[u8]) -> Result<Vec<Result<Value, serde_json::Error>>, BodyError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        match serde_json::from_slice(bytes)? {
            Value::Array(items) => Ok(items.into_iter().map(Ok).collect()),
            _ => Err(BodyError::NotArray),
        }
    } else {
        Ok(bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .map(serde_json::from_slice)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_and_lines() {
        let items = batch_items(b" [\"a\", {\"text\": \"b\"}]").unwrap();
        assert_eq!(items.len(), 2);
        let items = batch_items(b"\"a\"\n\n{bad\n{\"text\": \"b\"}\n").unwrap();
        assert_eq!(items.len(), 3);
        assert!(items[1].is_err() && items[2].is_ok());
        assert!(matches!(batch_items(b"[1,"), Err(BodyError::Json(_))));
        assert!(batch_items(b"").unwrap().is_empty());
    }
}
