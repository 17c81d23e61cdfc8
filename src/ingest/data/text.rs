//! Bytes -> text: byte-order marks, legacy encodings and line endings, so every later
//! step sees UTF-8 with `\n` line ends and line numbers match what an editor shows.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decodes `bytes`. `declared` is the source's `encoding` setting; without it a BOM
/// decides, then valid UTF-8, else Windows-1252 (a superset of ISO-8859-1's printable
/// range, which is what spreadsheet tools on Windows write). Takes the bytes so valid
/// UTF-8 (the common case) becomes the text without a copy: a 200 MB export is held once.
pub fn decode(bytes: Vec<u8>, declared: Option<&str>) -> Result<String, String> {
    let encoding = match declared {
        Some(label) => Some(encoding_for(label)?),
        None => None,
    };
    let text = match encoding {
        Some(enc) => enc.decode_with_bom_removal(&bytes).0.into_owned(),
        None => match Encoding::for_bom(&bytes) {
            Some((enc, bom_len)) => enc
                .decode_without_bom_handling(&bytes[bom_len..])
                .0
                .into_owned(),
            None if bytes.contains(&0) => match utf16_without_bom(&bytes) {
                Some(enc) => enc.decode_without_bom_handling(&bytes).0.into_owned(),
                None => return Err(binary(&bytes)),
            },
            None => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => WINDOWS_1252
                    .decode_without_bom_handling(e.as_bytes())
                    .0
                    .into_owned(),
            },
        },
    };
    Ok(normalize_newlines(text))
}

/// UTF-16 without a byte-order mark (some Windows tools write it): text in the ASCII
/// range puts a NUL in every other byte. Hand-written because encoding_rs only detects
/// UTF-16 by its BOM.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let pairs = bytes.len() / 2;
    let nul_at = |parity: usize| {
        bytes
            .chunks_exact(2)
            .filter(|p| p[parity] == 0 && p[1 - parity] != 0)
            .count()
    };
    if pairs == 0 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    if nul_at(1) * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if nul_at(0) * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// NUL bytes in text that is not UTF-16: a binary file (or a corrupted export). Rejected
/// whole, because NUL would otherwise travel into ids, URLs and pages.
fn binary(bytes: &[u8]) -> String {
    let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    let column = at
        - bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    format!(
        "NUL byte at line {line}, column {column}: this is not a text file; expected UTF-8, \
         UTF-16 or Windows-1252 text (set `encoding` on the source if it is another one)"
    )
}

fn encoding_for(label: &str) -> Result<&'static Encoding, String> {
    let l = label.trim().to_ascii_lowercase();
    match l.as_str() {
        "utf-8" | "utf8" => Ok(UTF_8),
        "utf-16le" => Ok(UTF_16LE),
        "utf-16be" => Ok(UTF_16BE),
        // WHATWG maps latin1 to windows-1252 too; C1 controls never appear in real exports.
        _ => Encoding::for_label(l.as_bytes()).ok_or_else(|| {
            format!("unknown encoding `{label}` (expected utf-8, windows-1252 or iso-8859-1)")
        }),
    }
}

/// CRLF and stray CR become LF. Leaves the text untouched (no copy) when it has no CR.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_utf8_bom_and_crlf() {
        let t = decode(b"\xEF\xBB\xBFa,b\r\n1,2\r3\n".to_vec(), None).unwrap();
        assert_eq!(t, "a,b\n1,2\n3\n");
    }

    #[test]
    fn falls_back_to_windows_1252() {
        let t = decode(b"Priorit\xE4t;\x80".to_vec(), None).unwrap();
        assert_eq!(t, "Priorität;€");
    }

    #[test]
    fn declared_latin1_and_utf16_bom() {
        assert_eq!(
            decode(b"caf\xE9".to_vec(), Some("ISO-8859-1")).unwrap(),
            "café"
        );
        assert_eq!(decode(b"\xFF\xFEa\x00".to_vec(), None).unwrap(), "a");
        assert!(
            decode(b"x".to_vec(), Some("klingon"))
                .unwrap_err()
                .contains("klingon")
        );
    }
}
