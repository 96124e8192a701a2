//! A spreadsheet or CSV file as a header row and data rows of text, with the
//! row numbers a user sees in Excel (the header is row 1 of its sheet).

use std::path::Path;

use calamine::{Data, Reader};

use super::ImportError;

/// Rows of text under a header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    /// Each row with its 1-based row number in the file.
    pub rows: Vec<(usize, Vec<String>)>,
    /// The sheet it came from, for messages (`None` for CSV).
    pub sheet: Option<String>,
}

impl Table {
    /// The index of the first header that matches one of `names`, compared
    /// without regard to case, spacing, punctuation or `MiB`/`MB`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| normalize_header(n)).collect();
        self.headers
            .iter()
            .position(|h| wanted.contains(&normalize_header(h)))
    }
}

/// `"In Use MiB"`, `"in_use_mb"` and `"InUse MB"` all become `"inusemb"`.
pub fn normalize_header(header: &str) -> String {
    let flat: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    flat.replace("mib", "mb")
}

/// Whether a file is a spreadsheet (by its extension).
pub fn is_spreadsheet(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
    )
}

/// Reads a CSV file: the first non-empty record is the header.
pub fn read_csv(path: &Path) -> Result<Table, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_owned(),
        source,
    })?;
    read_csv_bytes(&bytes, path)
}

pub fn read_csv_bytes(bytes: &[u8], path: &Path) -> Result<Table, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    // Excel in some locales writes `;`-separated files: pick the separator
    // that splits the first line into more columns.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Unreadable {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let line = record
            .position()
            .map_or(0, |p| line_of(&text, p.byte() as usize));
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if table.headers.is_empty() {
            table.headers = cells;
        } else {
            table.rows.push((line, cells));
        }
    }
    Ok(table)
}

/// The 1-based line on which the record at `byte` starts (a record's
/// position may point at blank lines before it).
fn line_of(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = byte.min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
        start += 1;
    }
    bytes[..start].iter().filter(|b| **b == b'\n').count() + 1
}

/// Reads one sheet of a workbook: the first of `sheets` that exists, or
/// the first sheet when `sheets` is empty.
pub fn read_sheet(path: &Path, sheets: &[&str]) -> Result<Table, ImportError> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| ImportError::Unreadable {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let names = workbook.sheet_names();
    let name = if sheets.is_empty() {
        names.first().cloned()
    } else {
        sheets.iter().find_map(|wanted| {
            names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(wanted))
                .cloned()
        })
    };
    let Some(name) = name else {
        return Err(ImportError::NotRecognised {
            path: path.to_owned(),
            expected: format!("a sheet named {}", sheets.join(" or ")),
            found: format!("sheets {}", names.join(", ")),
        });
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| ImportError::Unreadable {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut table = Table {
        sheet: Some(name),
        ..Table::default()
    };
    for (offset, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let number = first_row + offset + 1;
        if table.headers.is_empty() {
            table.headers = cells;
        } else {
            table.rows.push((number, cells));
        }
    }
    Ok(table)
}

/// A cell as the text a user would see: whole numbers without `.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_without_case_spacing_or_units() {
        assert_eq!(
            normalize_header("In Use MiB"),
            normalize_header("in_use_mb")
        );
        assert_eq!(normalize_header("Memory (In MB)"), "memoryinmb");
        let table = Table {
            headers: vec!["VM".into(), " Provisioned MB ".into()],
            ..Table::default()
        };
        assert_eq!(table.column(&["Provisioned MiB"]), Some(1));
        assert_eq!(table.column(&["vm"]), Some(0));
        assert_eq!(table.column(&["Host"]), None);
    }

    #[test]
    fn csv_rows_keep_their_line_numbers_and_skip_blank_lines() {
        let table = read_csv_bytes(
            b"\xef\xbb\xbfVM;CPUs\n\nweb-01;2\n;\ndb-01;4\n",
            Path::new("x.csv"),
        )
        .expect("reads");
        assert_eq!(table.headers, ["VM", "CPUs"]);
        assert_eq!(
            table.rows,
            vec![
                (3, vec!["web-01".to_owned(), "2".to_owned()]),
                (5, vec!["db-01".to_owned(), "4".to_owned()])
            ]
        );
    }
}
