//! Delimited text (CSV, `;`-separated, TSV) as a header plus streamed records, each
//! with the line it starts on (quoted cells may span lines).

use csv::{ReaderBuilder, StringRecord};

/// Header text as matched against aliases: trimmed, lower-case, single spaces.
pub fn norm(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The delimiter that occurs most often outside quotes on the first line; `,` on a tie.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Where a quoted cell opens that is never closed: (line, column), both 1-based. The CSV
/// reader then swallows the rest of the file into that cell without an error, which is
/// what a truncated export looks like. Hand-written because the csv crate does not report
/// it; quotes only open at the start of a cell, as in the csv crate. Only quotes matter,
/// so it jumps from one to the next (`str::find` uses memchr) rather than stepping
/// through every byte of a 200 MB export.
pub fn unclosed_quote(text: &str, delimiter: u8) -> Option<(usize, usize)> {
    if delimiter == b'"' {
        return unclosed_quote_bytewise(text, delimiter);
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(q) = text[from..].find('"').map(|q| from + q) {
        from = q + 1;
        let cell_start = q == 0 || bytes[q - 1] == delimiter || bytes[q - 1] == b'\n';
        if !cell_start {
            continue;
        }
        // Inside the quoted cell `""` is a quote of the text; a lone `"` closes it.
        loop {
            let Some(close) = text[from..].find('"').map(|c| from + c) else {
                return Some(line_column(text, q));
            };
            from = close + 1;
            if bytes.get(from) == Some(&b'"') {
                from += 1;
            } else {
                break;
            }
        }
    }
    None
}

/// 1-based line and column (in characters) of byte `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

/// `unclosed_quote` one byte at a time, for the odd file whose delimiter is `"` itself
/// (where a closing quote also starts the next cell).
fn unclosed_quote_bytewise(text: &str, delimiter: u8) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut opened: Option<usize> = None;
    let mut cell_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if opened.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    opened = None;
                }
            }
        } else if b == b'"' && cell_start {
            opened = Some(i);
        }
        cell_start = b == delimiter || b == b'\n';
        i += 1;
    }
    opened.map(|at| line_column(text, at))
}

/// An open table: header read, records still to come.
pub struct Table<'a> {
    pub header: Vec<String>,
    /// `norm`alised header.
    pub names: Vec<String>,
    reader: csv::Reader<&'a [u8]>,
}

impl<'a> Table<'a> {
    pub fn open(text: &'a str, delimiter: Option<u8>) -> Result<Self, String> {
        let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(text));
        let mut reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut first = StringRecord::new();
        match reader.read_record(&mut first) {
            Ok(true) => {}
            Ok(false) => return Err("the file is empty".into()),
            Err(e) => return Err(format!("cannot read the header row: {e}")),
        }
        let header: Vec<String> = first
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        let names = header.iter().map(|h| norm(h)).collect();
        Ok(Table {
            header,
            names,
            reader,
        })
    }

    /// Next record and its first line; `Err((line, message))` for a row the CSV reader
    /// rejects. Reuses `rec` so a million rows cost no million allocations.
    pub fn next_record(
        &mut self,
        rec: &mut StringRecord,
    ) -> Option<Result<usize, (usize, String)>> {
        match self.reader.read_record(rec) {
            Ok(true) => Some(Ok(rec.position().map_or(0, |p| p.line() as usize))),
            Ok(false) => None,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                Some(Err((line, format!("unreadable row: {e}"))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_quote_that_is_never_closed() {
        assert_eq!(unclosed_quote("a,b\n1,\"x\n", b','), Some((2, 3)));
        assert_eq!(unclosed_quote("a,b\n1,\"x\"\"y\"\n2,5\" tv\n", b','), None);
        assert_eq!(unclosed_quote("a;b\n\"two\nlines\";2\n", b';'), None);
    }

    #[test]
    fn jumping_between_quotes_finds_what_the_byte_scan_found() {
        // Every text of up to 6 characters over quote, delimiters, newline and letters.
        let alphabet = ['"', ',', ';', '\n', 'a', 'é'];
        let mut level = vec![String::new()];
        let mut texts = level.clone();
        for _ in 0..6 {
            level = level
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(level.iter().cloned());
        }
        texts.push("a,b\n1,\"x\"\"y\",\"\"\"\n2,\"é\n\"\"z".to_string());
        for text in &texts {
            // (`"` as the delimiter takes the byte-wise scan itself.)
            for delimiter in [b',', b';', b'\t'] {
                assert_eq!(
                    unclosed_quote(text, delimiter),
                    unclosed_quote_bytewise(text, delimiter),
                    "{text:?} with {:?}",
                    delimiter as char
                );
            }
        }
    }

    #[test]
    fn sniffs_semicolon_and_tab() {
        assert_eq!(sniff_delimiter("a;b;\"c,d,e\"\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
    }

    #[test]
    fn multi_line_cells_keep_first_line() {
        let text = "id,title\n1,\"two\nlines\"\n2,x\n";
        let mut t = Table::open(text, None).unwrap();
        let mut rec = StringRecord::new();
        assert_eq!(t.next_record(&mut rec).unwrap().unwrap(), 2);
        assert_eq!(&rec[1], "two\nlines");
        assert_eq!(t.next_record(&mut rec).unwrap().unwrap(), 4);
        assert!(t.next_record(&mut rec).is_none());
    }
}
