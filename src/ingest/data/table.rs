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
