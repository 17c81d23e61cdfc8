//! Raw file bytes -> text a person would see in their editor.

/// Strips a byte-order mark, decodes UTF-8 (falling back to Windows-1252, the usual
/// encoding of files saved by older Windows editors) and turns CRLF and stray CR into LF
/// so line numbers match what an editor shows.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_stray_cr_are_normalised() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(decode(b"caf\xe9"), "café");
    }

    #[test]
    fn lines_are_one_based() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
