//! Byte offsets (what lede computes) to character offsets (what Python's `str` indexes).

/// Converts byte offsets of `text` to character offsets, in one pass over the text up to the
/// largest offset. Every offset lies on a character boundary (lede's spans always do).
pub(crate) fn chars_of(text: &str, bytes: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return bytes.to_vec();
    }
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let mut chars = 0usize;
    let mut at = 0usize;
    for i in order {
        let b = bytes[i].min(text.len());
        if b > at {
            // Counting the bytes that start a character: no slicing, so no boundary to trip on.
            chars += text.as_bytes()[at..b]
                .iter()
                .filter(|&&c| (c as i8) >= -0x40)
                .count();
            at = b;
        }
        out[i] = chars;
    }
    out
}
