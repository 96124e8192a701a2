//! A spreadsheet or CSV file as a header row and data rows of text, with the
//! row numbers a user sees in Excel (the header is row 1 of its sheet).
//!
//! Reading stays within [`Limits`], whatever the file claims: a sheet is
//! read cell by cell, never as a grid sized by its farthest cell; CSV is
//! split in one pass; a cell too long to be a name is a row error; and
//! what cannot be read within the caps is refused with a message, so a
//! hostile file cannot take the process (and unsaved work) down.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Cell, DataRef, Reader, Xlsb, Xlsx, XlsxError};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::limits::{Limits, column_name, count_text, size_text};

#[path = "table_read_ahead.rs"]
mod read_ahead;
#[path = "table_stream.rs"]
mod stream;

use super::parts::{self, Package};
use super::{ImportError, RowError};
use read_ahead::{ReadCell, read_ahead};

/// Rows of text under a header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    /// Each row with its 1-based row number in the file.
    pub rows: Vec<(usize, Vec<String>)>,
    /// The sheet it came from, for messages (`None` for CSV).
    pub sheet: Option<String>,
    /// Rows left out while reading (a cell too long), so the user sees them.
    pub errors: Vec<RowError>,
    /// What reading had to guess or leave out (an encoding, far columns).
    pub warnings: Vec<String>,
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

/// The file's name for messages that should not spell out a whole path.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn too_large(path: &Path, reason: String) -> ImportError {
    ImportError::TooLarge {
        path: path.to_owned(),
        reason,
    }
}

fn unreadable(path: &Path, message: String) -> ImportError {
    ImportError::Unreadable {
        path: path.to_owned(),
        message,
    }
}

// -------------------------------------------------------------------- CSV

/// Reads a CSV file: the first non-empty record is the header.
pub fn read_csv(path: &Path) -> Result<Table, ImportError> {
    read_csv_with(path, &Limits::DEFAULT)
}

/// [`read_csv`] within the given caps.
pub fn read_csv_with(path: &Path, limits: &Limits) -> Result<Table, ImportError> {
    let bytes = read_input(path, limits)?;
    table_from_bytes(bytes, path, limits)
}

/// [`read_csv`] of bytes already in memory; `path` names them in messages.
pub fn read_csv_bytes(bytes: &[u8], path: &Path) -> Result<Table, ImportError> {
    let limits = Limits::DEFAULT;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(too_large(path, too_large_file(None, &limits)));
    }
    table_from_bytes(bytes.to_vec(), path, &limits)
}

fn too_large_file(size: Option<u64>, limits: &Limits) -> String {
    match size {
        Some(size) => format!(
            "the file is {}, more than the {} Ferry reads",
            size_text(size),
            size_text(limits.file_bytes)
        ),
        None => format!(
            "it holds more than the {} Ferry reads",
            size_text(limits.file_bytes)
        ),
    }
}

/// The one way an input file's bytes are read, so every read has a cap: a
/// regular file larger than the cap is refused before it is read; anything
/// else (a pipe, a device) is read up to one byte past the cap.
pub fn read_input(path: &Path, limits: &Limits) -> Result<Vec<u8>, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() && !metadata.is_dir() {
        // A pipe or a device: opening a pipe waits for a writer, and
        // reading waits for its data. Read on a worker within the cap,
        // giving up after the wait.
        return crate::storage::read_limited(path, limits.file_bytes, limits.pipe_wait, false)
            .map_err(|e| match e {
                crate::storage::ReadFailure::Io(source) => io(source),
                crate::storage::ReadFailure::TooLarge { .. } => {
                    too_large(path, too_large_file(None, limits))
                }
                crate::storage::ReadFailure::NotText { offset } => {
                    unreadable(path, format!("binary data at byte {offset}"))
                }
                crate::storage::ReadFailure::NoWriter { waited } => unreadable(
                    path,
                    format!(
                        "nothing was written to this pipe within {} s; nothing was imported",
                        waited.as_secs()
                    ),
                ),
            });
    }
    let file = File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    if metadata.is_file() {
        if metadata.len() > limits.file_bytes {
            return Err(too_large(
                path,
                too_large_file(Some(metadata.len()), limits),
            ));
        }
        bytes.reserve_exact(usize::try_from(metadata.len()).unwrap_or(0));
    }
    file.take(limits.file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(too_large(path, too_large_file(None, limits)));
    }
    Ok(bytes)
}

fn table_from_bytes(bytes: Vec<u8>, path: &Path, limits: &Limits) -> Result<Table, ImportError> {
    let mut warnings = Vec::new();
    let text = decode(bytes, &file_name(path), &mut warnings);
    let mut table = csv_table(&text, path, limits)?;
    warnings.append(&mut table.warnings);
    table.warnings = warnings;
    Ok(table)
}

/// CSV bytes as text. A byte order mark says UTF-8 or UTF-16 (Excel's
/// "Unicode text"); text that is not UTF-8 is read as Windows-1252, what
/// Excel's plain "CSV" is on Western Windows, with a warning because that
/// is a guess.
fn decode(bytes: Vec<u8>, name: &str, warnings: &mut Vec<String>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if malformed {
            warnings.push(format!(
                "{name} has bytes that are not {}: they read as replacement characters",
                encoding.name()
            ));
        }
        return text.into_owned();
    }
    if let Some(encoding) = utf16_without_bom(&bytes) {
        warnings.push(format!(
            "{name} has no byte order mark: read as {}",
            encoding.name()
        ));
        return encoding.decode_without_bom_handling(&bytes).0.into_owned();
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            warnings.push(format!(
                "{name} is not UTF-8: read as Windows-1252 (Western European); check names with accents"
            ));
            WINDOWS_1252
                .decode_without_bom_handling(e.as_bytes())
                .0
                .into_owned()
        }
    }
}

/// UTF-16 without a byte order mark: mostly-ASCII text then has a zero in
/// every other byte, which no CSV in an 8-bit encoding has.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |skip: usize| {
        sample
            .iter()
            .skip(skip)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 2 > pairs && even * 8 < pairs {
        Some(UTF_16LE)
    } else if even * 2 > pairs && odd * 8 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn csv_table(text: &str, path: &Path, limits: &Limits) -> Result<Table, ImportError> {
    // Excel in some locales writes `;`-separated files, and "Unicode text"
    // is tab-separated: pick the separator that splits the first line into
    // more columns.
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut records = CsvRecords {
        text: text.as_bytes(),
        at: 0,
        delimiter,
        line: 1,
        counted_to: 0,
        field: Vec::new(),
        keep_bytes: limits.cell_bytes,
    };
    let mut builder = Builder::new(path, None, limits);
    let mut cells = Vec::new();
    let mut fields = 0;
    while let Some(line) = records.next_record(|column, bytes, len| {
        fields = column + 1;
        if len > limits.cell_bytes {
            if column < limits.columns {
                cells.push((column, Text::TooLong(len)));
            } else {
                builder.far_columns = true;
            }
            return;
        }
        let field = String::from_utf8_lossy(bytes);
        let field = field.trim();
        if field.is_empty() {
            return;
        }
        if column < limits.columns {
            cells.push((column, Text::Kept(field.to_owned())));
        } else {
            builder.far_columns = true;
        }
    }) {
        if cells.is_empty() {
            continue;
        }
        if builder.table.headers.is_empty() {
            // The header keeps its empty trailing columns, as a mapping
            // remembered for this header saw them.
            builder.header_width = fields.min(limits.columns);
        }
        builder.row(line, std::mem::take(&mut cells))?;
    }
    Ok(builder.finish())
}

/// Splits CSV text into records the way the csv crate does (RFC 4180: a
/// quote opens only at the start of a field, `""` inside quotes is one
/// quote, a blank line is no record). Done here rather than by the crate so
/// that a record of millions of empty fields costs no memory, and each
/// record's line number comes from one pass over the text.
struct CsvRecords<'a> {
    text: &'a [u8],
    at: usize,
    delimiter: u8,
    /// The line `counted_to` is on.
    line: usize,
    counted_to: usize,
    /// The current field, kept up to `keep_bytes`.
    field: Vec<u8>,
    keep_bytes: usize,
}

impl CsvRecords<'_> {
    /// Reads the next record, handing each field to `on_field` as (column,
    /// its text up to `keep_bytes`, its whole length); returns the line the
    /// record starts on.
    fn next_record(&mut self, mut on_field: impl FnMut(usize, &[u8], usize)) -> Option<usize> {
        enum State {
            Unquoted,
            Quoted,
            AfterQuote,
        }
        let text = self.text;
        while self.at < text.len() && matches!(text[self.at], b'\r' | b'\n') {
            self.at += 1;
        }
        if self.at >= text.len() {
            return None;
        }
        self.line += text[self.counted_to..self.at]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.counted_to = self.at;
        let line = self.line;
        let delimiter = self.delimiter;
        let mut column = 0;
        loop {
            self.field.clear();
            let mut len = 0usize;
            let mut keep = |field: &mut Vec<u8>, bytes: &[u8]| {
                let room = self.keep_bytes.saturating_sub(field.len());
                field.extend_from_slice(&bytes[..bytes.len().min(room)]);
                len += bytes.len();
            };
            let mut state = if text.get(self.at) == Some(&b'"') {
                self.at += 1;
                State::Quoted
            } else {
                State::Unquoted
            };
            let record_ends = loop {
                let rest = &text[self.at..];
                match state {
                    State::Unquoted => {
                        let stop = rest
                            .iter()
                            .position(|&b| b == delimiter || b == b'\r' || b == b'\n');
                        let run = &rest[..stop.unwrap_or(rest.len())];
                        keep(&mut self.field, run);
                        self.at += run.len();
                        match stop {
                            Some(p) if rest[p] == delimiter => {
                                self.at += 1;
                                break false;
                            }
                            _ => break true,
                        }
                    }
                    State::Quoted => match rest.iter().position(|&b| b == b'"') {
                        Some(p) => {
                            keep(&mut self.field, &rest[..p]);
                            self.at += p + 1;
                            state = State::AfterQuote;
                        }
                        None => {
                            // Never closed: the field runs to the end.
                            keep(&mut self.field, rest);
                            self.at = text.len();
                            break true;
                        }
                    },
                    State::AfterQuote => match rest.first() {
                        Some(b'"') => {
                            keep(&mut self.field, b"\"");
                            self.at += 1;
                            state = State::Quoted;
                        }
                        Some(&b) if b == delimiter => {
                            self.at += 1;
                            break false;
                        }
                        None | Some(b'\r' | b'\n') => break true,
                        Some(_) => state = State::Unquoted,
                    },
                }
            };
            on_field(column, &self.field, len);
            column += 1;
            if record_ends {
                return Some(line);
            }
        }
    }
}

// ------------------------------------------------------------ spreadsheets

/// Reads one sheet of a workbook: the first of `sheets` that exists, or
/// the first sheet when `sheets` is empty.
pub fn read_sheet(path: &Path, sheets: &[&str]) -> Result<Table, ImportError> {
    read_sheet_with(path, sheets, &Limits::DEFAULT)
}

/// [`read_sheet`] within the given caps. `.xls` and `.ods` files are
/// refused: their reader builds every sheet as a grid up front and trusts
/// sizes the file declares, so a small file could exhaust memory.
pub fn read_sheet_with(
    path: &Path,
    sheets: &[&str],
    limits: &Limits,
) -> Result<Table, ImportError> {
    read_sheet_handing_over(path, sheets, limits, None)
}

/// Takes rows out of a sheet's table while the sheet is still being read
/// ([`read_sheet_handing_over`]), so that what is done with them is done
/// while the next ones are read.
pub(crate) trait RowSink {
    /// The rows read so far, below the table's header: take them out (or
    /// leave some, to be given again later).
    fn rows(&mut self, table: &mut Table);
    /// Every row given so far was read in vain: the sheet is read again
    /// from its start.
    fn start_again(&mut self);
}

/// Rows handed over at a time, when they are.
pub(crate) const HAND_OVER: usize = 4096;

/// [`read_sheet_with`], giving the rows read to `sink` a few thousand at a
/// time as the sheet is read, when it is laid out to be read in one pass.
/// Rows not given yet are in the table returned.
pub(crate) fn read_sheet_handing_over(
    path: &Path,
    sheets: &[&str],
    limits: &Limits,
    mut sink: Option<&mut dyn RowSink>,
) -> Result<Table, ImportError> {
    let (reader, package) = open_workbook(path, limits)?;
    let streamed = read_cells(
        reader,
        package,
        path,
        sheets,
        limits,
        Pass::Streamed(sink.as_mut().map(|s| &mut **s as &mut dyn RowSink)),
    )?;
    if let Some(table) = streamed {
        return Ok(table);
    }
    if let Some(sink) = sink {
        sink.start_again();
    }
    // Not laid out as a single pass needs (or not readable that way): the
    // file is opened and checked again, and read cell by cell first.
    let (reader, package) = open_workbook(path, limits)?;
    read_cells(reader, package, path, sheets, limits, Pass::Whole)?
        .ok_or_else(|| unreadable(path, "the workbook could not be read".into()))
}

/// How a sheet is made a table.
enum Pass<'s> {
    /// Row by row as the cells come ([`stream::sheet_table`]), rows handed
    /// to the sink if there is one: `None` when the sheet is not laid out
    /// for that.
    Streamed(Option<&'s mut dyn RowSink>),
    /// Every cell first, then the rows ([`sheet_table`]).
    Whole,
}

/// Opens a workbook file and checks its parts ([`parts::check`]); the
/// reader is back at the start.
fn open_workbook(path: &Path, limits: &Limits) -> Result<(BufReader<File>, Package), ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        // A workbook is read by seeking back and forth: a pipe cannot be
        // (and opening one would wait for a writer).
        return Err(unreadable(
            path,
            "a workbook must be a file, not a pipe or a device: save it to a file and import that"
                .into(),
        ));
    }
    let mut file = File::open(path).map_err(io)?;
    if metadata.len() > limits.file_bytes {
        return Err(too_large(
            path,
            too_large_file(Some(metadata.len()), limits),
        ));
    }
    let mut magic = Vec::with_capacity(8);
    (&mut file).take(8).read_to_end(&mut magic).map_err(io)?;
    if magic.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(unreadable(
            path,
            "it is an Excel 97-2003 workbook (.xls) or a password-protected one, \
             which Ferry does not read: save it as an Excel workbook (.xlsx) without a password and import that"
                .into(),
        ));
    }
    if !magic.starts_with(b"PK") {
        return Err(unreadable(
            path,
            "it is not a workbook Ferry reads (.xlsx, .xlsm or .xlsb)".into(),
        ));
    }
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut reader = BufReader::new(file);
    let package = parts::check(&mut reader, path, limits)?;
    if package == Package::Ods {
        return Err(unreadable(
            path,
            "it is an OpenDocument spreadsheet (.ods), which Ferry does not read: \
             save it as an Excel workbook (.xlsx) and import that"
                .into(),
        ));
    }
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    Ok((reader, package))
}

/// Reads the sheet of an opened workbook in one of the two ways.
fn read_cells(
    reader: BufReader<File>,
    package: Package,
    path: &Path,
    sheets: &[&str],
    limits: &Limits,
    pass: Pass<'_>,
) -> Result<Option<Table>, ImportError> {
    let table = |next_cell: NextCell<'_>, name| match pass {
        Pass::Streamed(sink) => stream::sheet_table(next_cell, path, name, limits, sink),
        Pass::Whole => sheet_table(next_cell, path, name, limits).map(Some),
    };
    // The spreadsheet reader indexes into the file's own tables in places; a
    // damaged file must be an error here, not a crash.
    catch_unwind(AssertUnwindSafe(|| match package {
        Package::Xlsb => {
            let mut workbook = Xlsb::new(reader).map_err(|e| unreadable(path, e.to_string()))?;
            let name = pick_sheet(&workbook.sheet_names(), sheets, path)?;
            let mut cells = workbook
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(path, e.to_string()))?;
            read_ahead(
                || cells.next_cell().map_err(|e| e.to_string()),
                limits.cell_bytes,
                |next_cell| table(next_cell, name),
            )
        }
        _ => {
            let mut workbook = Xlsx::new(reader).map_err(|e| unreadable(path, e.to_string()))?;
            let name = pick_sheet(&workbook.sheet_names(), sheets, path)?;
            let mut cells = match workbook.worksheet_cells_reader(&name) {
                Ok(cells) => cells,
                // A chart sheet: no cells, so no header row.
                Err(XlsxError::NotAWorksheet(_)) => {
                    return Ok(Some(Table {
                        sheet: Some(name),
                        ..Table::default()
                    }));
                }
                Err(e) => return Err(unreadable(path, e.to_string())),
            };
            read_ahead(
                || cells.next_cell().map_err(|e| e.to_string()),
                limits.cell_bytes,
                |next_cell| table(next_cell, name),
            )
        }
    }))
    .unwrap_or_else(|_| {
        Err(unreadable(
            path,
            "the workbook is damaged: reading it failed".into(),
        ))
    })
}

fn pick_sheet(names: &[String], sheets: &[&str], path: &Path) -> Result<String, ImportError> {
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
    name.ok_or_else(|| ImportError::NotRecognised {
        path: path.to_owned(),
        expected: format!("a sheet named {}", sheets.join(" or ")),
        found: format!("sheets {}", names.join(", ")),
    })
}

/// The sheet's next cell, or why it cannot be read.
type NextCell<'c> = &'c mut dyn FnMut() -> Result<Option<ReadCell>, String>;

/// Builds the table from the cells the sheet actually holds, in whatever
/// order they come: memory follows the cells present, never the sheet's
/// declared size or its farthest cell.
fn sheet_table(
    next_cell: NextCell<'_>,
    path: &Path,
    sheet: String,
    limits: &Limits,
) -> Result<Table, ImportError> {
    let mut builder = Builder::new(path, Some(sheet), limits);
    let mut cells: Vec<(u32, u32, Text)> = Vec::new();
    let mut in_order = true;
    // The columns of every cell with a value, blank text included: the
    // grid reader's extent, which the header spans.
    let mut first = u32::MAX;
    let mut last = 0;
    while let Some(cell) = next_cell().map_err(|e| unreadable(path, e))? {
        let ReadCell {
            row,
            column,
            empty,
            text,
        } = cell;
        if column as usize >= limits.columns || row as usize >= limits.rows {
            if text.is_some() {
                builder.far_columns |= column as usize >= limits.columns;
                builder.far_rows |= row as usize >= limits.rows;
            }
            continue;
        }
        if !empty {
            first = first.min(column);
            last = last.max(column);
        }
        let Some(text) = text else {
            continue;
        };
        if cells.len() >= limits.cells {
            return Err(builder.too_many_cells());
        }
        if let Some(&(r, c, _)) = cells.last() {
            in_order &= (r, c) < (row, column);
        }
        cells.push((row, column, text));
    }
    if !in_order {
        // Stable, so of two cells at one place the later one wins, as in
        // the reader's own grid.
        cells.sort_by_key(|&(r, c, _)| (r, c));
    }
    // Columns count from the first one used, and the header spans them
    // all, as when the sheet was read as a grid.
    let first = first.min(last);
    builder.first_column = first as usize;
    builder.header_width = (last - first) as usize + 1;
    let mut row_cells: Vec<(usize, Text)> = Vec::new();
    let mut current = None;
    for (row, column, text) in cells {
        let column = (column - first) as usize;
        if current != Some(row) {
            if let Some(number) = current {
                builder.row(number as usize + 1, std::mem::take(&mut row_cells))?;
            }
            current = Some(row);
        }
        match row_cells.last_mut() {
            Some(last) if last.0 == column => last.1 = text,
            _ => row_cells.push((column, text)),
        }
    }
    if let Some(number) = current {
        builder.row(number as usize + 1, row_cells)?;
    }
    Ok(builder.finish())
}

/// A cell as the text a user would see: whole numbers without `.0`; `None`
/// when blank. Its length is checked before it is copied (by `keep`): a
/// shared string is one copy per cell that uses it.
fn cell_text<T>(
    cell: &DataRef<'_>,
    max_bytes: usize,
    keep: impl FnOnce(&str) -> T,
    too_long: impl FnOnce(usize) -> T,
) -> Option<T> {
    let text: Cow<'_, str> = match cell {
        DataRef::Empty => return None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cow::Borrowed(s.as_str())
        }
        DataRef::SharedString(s) => Cow::Borrowed(*s),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Cow::Owned(format!("{}", *f as i64))
        }
        DataRef::Float(f) => Cow::Owned(f.to_string()),
        DataRef::Int(i) => Cow::Owned(i.to_string()),
        DataRef::Bool(b) => Cow::Borrowed(if *b { "True" } else { "False" }),
        DataRef::DateTime(d) => Cow::Owned(d.to_string()),
        DataRef::Error(e) => Cow::Owned(format!("#{e:?}")),
    };
    let text = text.trim();
    if text.is_empty() {
        None
    } else if text.len() > max_bytes {
        Some(too_long(text.len()))
    } else {
        Some(keep(text))
    }
}

// ------------------------------------------------------------------ rows

/// One non-blank cell: its text, or only its length when it is too long to
/// be a name or a fact.
enum Text {
    Kept(String),
    TooLong(usize),
}

/// Turns rows of cells into a [`Table`] within the caps: the first row is
/// the header; cells right of the header are dropped (no field reads
/// them); a row with a cell too long is a row error.
struct Builder<'a> {
    path: &'a Path,
    limits: &'a Limits,
    table: Table,
    /// Cells held, counting blanks inside rows.
    cells: usize,
    /// Text held: a short cell may name a long shared string.
    text_bytes: usize,
    far_columns: bool,
    far_rows: bool,
    /// The sheet column of column 0, for messages.
    first_column: usize,
    /// The header's width, empty columns included.
    header_width: usize,
    /// Rows made below the header, handed over or not.
    rows: usize,
}

impl<'a> Builder<'a> {
    fn new(path: &'a Path, sheet: Option<String>, limits: &'a Limits) -> Self {
        Builder {
            path,
            limits,
            table: Table {
                sheet,
                ..Table::default()
            },
            cells: 0,
            text_bytes: 0,
            far_columns: false,
            far_rows: false,
            first_column: 0,
            header_width: 0,
            rows: 0,
        }
    }

    /// "RVTools.xlsx, sheet vInfo" or "inventory.csv".
    fn place(&self) -> String {
        match &self.table.sheet {
            Some(sheet) => format!("{}, sheet {sheet},", file_name(self.path)),
            None => file_name(self.path),
        }
    }

    fn too_many_cells(&self) -> ImportError {
        too_large(
            self.path,
            format!(
                "it holds more than the {} cells Ferry reads",
                count_text(self.limits.cells as u64)
            ),
        )
    }

    fn column_label(&self, column: usize) -> String {
        match self.table.headers.get(column) {
            Some(h) if !h.is_empty() => h.clone(),
            _ => column_name(self.first_column + column),
        }
    }

    /// One row: its 1-based number and its non-blank cells by column, in
    /// order.
    fn row(&mut self, number: usize, cells: Vec<(usize, Text)>) -> Result<(), ImportError> {
        let header = self.table.headers.is_empty();
        let width = if header {
            cells.last().map_or(0, |c| c.0 + 1)
        } else {
            self.table.headers.len()
        };
        if let Some((column, Text::TooLong(len))) = cells
            .iter()
            .find(|(c, t)| *c < width && matches!(t, Text::TooLong(_)))
        {
            let message = format!(
                "the cell holds {} of text, more than the {} Ferry reads: the row is skipped",
                size_text(*len as u64),
                size_text(self.limits.cell_bytes as u64)
            );
            if header {
                return Err(unreadable(
                    self.path,
                    format!(
                        "row {number}, column {}, the header: {message}",
                        column_name(self.first_column + *column)
                    ),
                ));
            }
            self.table.errors.push(RowError {
                row: number,
                column: Some(self.column_label(*column)),
                message,
            });
            return Ok(());
        }
        let used = if header {
            width.max(self.header_width)
        } else {
            cells
                .iter()
                .rev()
                .find(|(c, _)| *c < width)
                .map_or(0, |c| c.0 + 1)
        };
        self.cells += used.max(1);
        if self.cells > self.limits.cells {
            return Err(self.too_many_cells());
        }
        for (column, text) in &cells {
            if let (true, Text::Kept(text)) = (*column < used, text) {
                self.text_bytes += text.len();
            }
        }
        if self.text_bytes > self.limits.text_bytes {
            return Err(too_large(
                self.path,
                format!(
                    "its cells hold more than the {} of text Ferry reads",
                    size_text(self.limits.text_bytes as u64)
                ),
            ));
        }
        if !header && self.rows >= self.limits.rows {
            return Err(too_large(
                self.path,
                format!(
                    "it has more than the {} rows Ferry reads",
                    count_text(self.limits.rows as u64)
                ),
            ));
        }
        let mut row = vec![String::new(); used];
        for (column, text) in cells {
            if let (Some(slot), Text::Kept(text)) = (row.get_mut(column), text) {
                *slot = text;
            }
        }
        if header {
            self.table.headers = row;
        } else {
            self.table.rows.push((number, row));
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(mut self) -> Table {
        if self.far_columns {
            let warning = format!(
                "{} has cells past column {} ({}); Ferry ignores them",
                self.place(),
                column_name(self.limits.columns.saturating_sub(1)),
                count_text(self.limits.columns as u64),
            );
            self.table.warnings.push(warning);
        }
        if self.far_rows {
            let warning = format!(
                "{} has cells below row {}; Ferry ignores them",
                self.place(),
                count_text(self.limits.rows as u64),
            );
            self.table.warnings.push(warning);
        }
        self.table
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
