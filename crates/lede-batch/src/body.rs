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
    /// The body holds more items than the caller takes.
    #[error("the batch has more than {limit} items")]
    TooMany { limit: usize },
}

/// The items of a batch body: the elements of a JSON array (when the first non-blank byte is
/// `[`), or else one JSON value per non-blank line (NDJSON), each parsed on its own so that a
/// bad line spoils only its item. Items keep their order.
pub fn batch_items(bytes: &[u8]) -> Result<Vec<Result<Value, serde_json::Error>>, BodyError> {
    batch_items_at_most(bytes, usize::MAX)
}

/// [`batch_items`], refusing a body of more than `limit` items before it parses more: a small
/// body of tiny items (`[0,0,0,...]`) would otherwise take many times its size in memory.
pub fn batch_items_at_most(
    bytes: &[u8],
    limit: usize,
) -> Result<Vec<Result<Value, serde_json::Error>>, BodyError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        use serde::Deserializer as _;
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let items = de.deserialize_seq(Items { limit }).map_err(|e| {
            if e.to_string().starts_with(TOO_MANY) {
                BodyError::TooMany { limit }
            } else {
                BodyError::Json(e)
            }
        })?;
        de.end()?;
        Ok(items.into_iter().map(Ok).collect())
    } else {
        let lines = bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
        if lines.clone().nth(limit).is_some() {
            return Err(BodyError::TooMany { limit });
        }
        Ok(lines.map(serde_json::from_slice).collect())
    }
}

const TOO_MANY: &str = "lede: too many items";

/// The elements of a JSON array, up to a limit.
struct Items {
    limit: usize,
}

impl<'de> serde::de::Visitor<'de> for Items {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            if items.len() == self.limit {
                return Err(serde::de::Error::custom(TOO_MANY));
            }
            items.push(item);
        }
        Ok(items)
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
        // A limit on the count of items, for arrays and lines alike.
        assert_eq!(batch_items_at_most(b"[1, 2, 3]", 3).unwrap().len(), 3);
        assert!(matches!(
            batch_items_at_most(b"[1, 2, 3, 4]", 3),
            Err(BodyError::TooMany { limit: 3 })
        ));
        assert!(matches!(
            batch_items_at_most(b"1\n2\n\n3\n4\n", 3),
            Err(BodyError::TooMany { limit: 3 })
        ));
        assert_eq!(batch_items_at_most(b"1\n2\n\n3\n", 3).unwrap().len(), 3);
        // Not an array, or not JSON.
        assert!(matches!(
            batch_items_at_most(b"[1, 2", 3),
            Err(BodyError::Json(_))
        ));
        assert!(matches!(
            batch_items_at_most(b"[1] x", 3),
            Err(BodyError::Json(_))
        ));
    }
}
