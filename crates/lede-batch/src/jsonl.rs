//! JSONL records: each line a JSON object, read with its fields in order and written back
//! with every field kept (values byte for byte) and one field added.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A JSON object's fields in input order, values left unparsed.
#[derive(Debug)]
pub struct Record<'a> {
    pub fields: Vec<(String, &'a RawValue)>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Record<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Record<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Self::Value, M::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    fields.push((k, v));
                }
                Ok(Record { fields })
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl<'a> Record<'a> {
    pub fn parse(line: &'a str) -> Result<Self, String> {
        let record: Record = serde_json::from_str(line).map_err(|e| {
            let hint = if has_surrogate_escape(line) {
                SURROGATE_HINT
            } else {
                ""
            };
            if line.trim_start().starts_with('{') {
                format!("not valid JSON: {e}{hint}")
            } else {
                format!("not a JSON object: {e}{hint}")
            }
        })?;
        // Values are kept unparsed, and serde_json does not check the \u escapes of a value it
        // skips: a lone surrogate (`"\ud83d"` without its pair) would be written back verbatim,
        // and the output line would not be JSON that strict readers (serde_json among them)
        // accept. Values that have such an escape are parsed in full.
        for (k, v) in &record.fields {
            if has_surrogate_escape(v.get()) {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(v.get()) {
                    return Err(format!("not valid JSON: field `{k}`: {e}{SURROGATE_HINT}"));
                }
            }
        }
        Ok(record)
    }

    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
    }

    pub fn has(&self, key: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == key)
    }

    pub fn field_names(&self) -> String {
        let names: Vec<&str> = self.fields.iter().map(|(k, _)| k.as_str()).collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    }

    /// The record as one JSON line, with `key` set to `value` (raw JSON): replaced where it
    /// stands if present, else appended.
    pub fn to_line_with(&self, key: &str, value: &str) -> String {
        let mut out = String::with_capacity(
            self.fields
                .iter()
                .map(|(k, v)| k.len() + v.get().len() + 4)
                .sum::<usize>()
                + key.len()
                + value.len()
                + 8,
        );
        out.push('{');
        let mut replaced = false;
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_key(&mut out, k);
            if k == key {
                out.push_str(value);
                replaced = true;
            } else {
                out.push_str(v.get());
            }
        }
        if !replaced {
            if !self.fields.is_empty() {
                out.push(',');
            }
            push_key(&mut out, key);
            out.push_str(value);
        }
        out.push('}');
        out
    }
}

/// What a message about a bad `\u` escape adds when the line has a surrogate escape.
const SURROGATE_HINT: &str = " (a \\uD800-\\uDFFF escape without its pair is a lone surrogate, \
                              which is not text; --lossy reads it as U+FFFD)";

/// `line` with each `\uD800`-`\uDFFF` escape that is not half of a pair replaced by `\uFFFD`,
/// as invalid UTF-8 is replaced under `--lossy` (Python's `json.dumps` writes such escapes for
/// a string with a lone surrogate; serde_json refuses them).
pub fn mend_lone_surrogates(line: &str) -> std::borrow::Cow<'_, str> {
    if !has_surrogate_escape(line) {
        return line.into();
    }
    let b = line.as_bytes();
    let hex = |k: usize| -> Option<u16> {
        let h = line.get(k..k + 4)?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(h, 16).ok()
    };
    let escape = |k: usize| -> Option<u16> {
        (b.get(k) == Some(&b'\\') && b.get(k + 1) == Some(&b'u'))
            .then(|| hex(k + 2))
            .flatten()
    };
    let mut out = String::with_capacity(line.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(u) = escape(i) else {
            // Another escape (\\, \", \n ...): skip the character it escapes.
            i += 2;
            continue;
        };
        match u {
            0xD800..=0xDBFF if escape(i + 6).is_some_and(|l| (0xDC00..=0xDFFF).contains(&l)) => {
                i += 12;
            }
            0xD800..=0xDFFF => {
                out.push_str(&line[copied..i]);
                out.push_str("\\uFFFD");
                i += 6;
                copied = i;
            }
            _ => i += 6,
        }
    }
    if copied == 0 {
        return line.into();
    }
    out.push_str(&line[copied..]);
    out.into()
}

/// Whether `raw` may hold a `\uD800`-`\uDFFF` escape (a UTF-16 surrogate).
fn has_surrogate_escape(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.windows(4).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && matches!(w[2], b'd' | b'D')
            && matches!(w[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
    })
}

fn push_key(out: &mut String, k: &str) {
    match serde_json::to_string(k) {
        Ok(s) => out.push_str(&s),
        Err(_) => out.push_str("\"\""),
    }
    out.push(':');
}

/// The string value of a raw JSON value, or a description of what it is instead.
pub fn as_string(v: &RawValue) -> Result<String, &'static str> {
    if let Ok(s) = serde_json::from_str::<String>(v.get()) {
        return Ok(s);
    }
    match serde_json::from_str::<serde_json::Value>(v.get()) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(serde_json::Value::Null) => Err("null"),
        Ok(serde_json::Value::Array(_)) => Err("an array"),
        Ok(serde_json::Value::Object(_)) => Err("an object"),
        Ok(serde_json::Value::Number(_)) => Err("a number"),
        Ok(serde_json::Value::Bool(_)) => Err("a boolean"),
        Err(_) => Err("not valid JSON"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_are_mended_and_pairs_kept() {
        let line = r#"{"article": "a\ud800b \ud83d\ude00 \udc00 \\ud800 \u00e9"}"#;
        assert!(Record::parse(line).unwrap_err().contains("--lossy"));
        let mended = mend_lone_surrogates(line);
        assert_eq!(
            mended,
            r#"{"article": "a\uFFFDb \ud83d\ude00 \uFFFD \\ud800 \u00e9"}"#
        );
        let r = Record::parse(&mended).unwrap();
        assert_eq!(
            as_string(r.get("article").unwrap()).unwrap(),
            "a\u{FFFD}b \u{1F600} \u{FFFD} \\ud800 é"
        );
        // A line without one is returned as it is.
        assert!(matches!(
            mend_lone_surrogates(r#"{"a": "\ud83d\ude00"}"#),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn keeps_fields_in_order_and_values_verbatim() {
        let line = r#"{"z": 1.50, "a": {"x": [1, 2]}, "article": "Text."}"#;
        let r = Record::parse(line).unwrap();
        assert_eq!(r.field_names(), "z, a, article");
        assert_eq!(
            r.to_line_with("highlights", r#"["Text."]"#),
            r#"{"z":1.50,"a":{"x": [1, 2]},"article":"Text.","highlights":["Text."]}"#
        );
        assert_eq!(
            r.to_line_with("a", "0"),
            r#"{"z":1.50,"a":0,"article":"Text."}"#
        );
        assert_eq!(
            Record::parse("{}").unwrap().to_line_with("k", "1"),
            r#"{"k":1}"#
        );
    }

    #[test]
    fn errors() {
        assert!(Record::parse("[1]")
            .unwrap_err()
            .contains("not a JSON object"));
        assert!(Record::parse("{\"a\": ")
            .unwrap_err()
            .contains("not valid JSON"));
        let r = Record::parse(r#"{"a": 3}"#).unwrap();
        assert_eq!(as_string(r.get("a").unwrap()), Err("a number"));
    }

    /// Also from the fuzz target: a number beyond f64 is valid JSON, kept byte for byte.
    #[test]
    fn numbers_beyond_f64_are_kept_verbatim() {
        let r = Record::parse(r#"{"n": 1.50e1111, "article": "Text."}"#).unwrap();
        assert_eq!(
            r.to_line_with("highlights", "[]"),
            r#"{"n":1.50e1111,"article":"Text.","highlights":[]}"#
        );
    }

    /// Found by the `jsonl` fuzz target: a lone surrogate escape was passed through, and the
    /// written line was not JSON.
    #[test]
    fn lone_surrogate_escapes_are_refused_and_pairs_kept() {
        for line in [
            r#"{"article": "a\ud83d\u00e9 b"}"#,
            r#"{"title": ["x", {"y": "\uDC00"}], "article": "Text."}"#,
            r#"{"article": "Text.", "t": "\ud800"}"#,
        ] {
            let err = Record::parse(line).unwrap_err();
            assert!(err.contains("not valid JSON: field"), "{err}");
        }
        let line = r#"{"article": "a\ud83d\ude00 \\ud800 b"}"#;
        let r = Record::parse(line).unwrap();
        let out = r.to_line_with("highlights", "[]");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["article"], "a\u{1f600} \\ud800 b");
    }
}
