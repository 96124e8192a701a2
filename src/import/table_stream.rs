//! A sheet made a table in one pass, row by row as its cells come.
//!
//! The whole read ([`super::sheet_table`]) holds every cell of the sheet
//! before it makes a row, because cells may come in any order and the
//! table spans every column used anywhere. Sheets as Excel and RVTools
//! write them have their cells in order, row by row, and a header row that
//! spans every column used: then each row can be made as soon as the next
//! one starts, with the same result, without holding a second copy of the
//! sheet (at 100,000 rows of 16 columns, 1.6 million cells).
//!
//! Whatever does not fit that — a cell out of order or repeated, a cell
//! outside the header's columns, a row or cell past a limit, a reader
//! error — gives `None`, and the caller reads the sheet the whole way,
//! which decides the table or the error.

use super::*;

/// [`super::sheet_table`]'s table, made row by row; `None` when the sheet
/// is not laid out for that.
pub(super) fn sheet_table(
    next_cell: NextCell<'_>,
    path: &Path,
    sheet: String,
    limits: &Limits,
    sink: Option<&mut dyn RowSink>,
) -> Result<Option<Table>, ImportError> {
    let mut rows = Rows {
        sink,
        builder: Builder::new(path, Some(sheet), limits),
        span: None,
        first: u32::MAX,
        last: 0,
        current: None,
        cells: Vec::new(),
        made: 0,
    };
    let mut previous: Option<(u32, u32)> = None;
    let mut kept = 0usize;
    loop {
        let Ok(cell) = next_cell() else {
            return Ok(None);
        };
        let Some(cell) = cell else {
            break;
        };
        let ReadCell {
            row,
            column,
            empty,
            text,
        } = cell;
        if previous.is_some_and(|p| p >= (row, column)) {
            return Ok(None);
        }
        previous = Some((row, column));
        if column as usize >= limits.columns || row as usize >= limits.rows {
            if text.is_some() {
                rows.builder.far_columns |= column as usize >= limits.columns;
                rows.builder.far_rows |= row as usize >= limits.rows;
            }
            continue;
        }
        if rows.current.is_some_and(|r| r != row) && !rows.finish_row() {
            return Ok(None);
        }
        if !empty {
            if rows
                .span
                .is_some_and(|(first, last)| column < first || column > last)
            {
                return Ok(None);
            }
            rows.first = rows.first.min(column);
            rows.last = rows.last.max(column);
        }
        let Some(text) = text else {
            continue;
        };
        kept += 1;
        if kept > limits.cells {
            return Ok(None);
        }
        rows.current = Some(row);
        rows.cells.push((column, text));
    }
    if rows.current.is_some() && !rows.finish_row() {
        return Ok(None);
    }
    if rows.made == 0 {
        return Ok(None);
    }
    Ok(Some(rows.builder.finish()))
}

/// The rows made so far, and the one being read.
struct Rows<'b, 's> {
    builder: Builder<'b>,
    /// Takes the rows made so far, a few thousand at a time.
    sink: Option<&'s mut dyn RowSink>,
    /// The sheet columns the table spans, fixed by the header row.
    span: Option<(u32, u32)>,
    /// The first and last sheet columns holding anything so far.
    first: u32,
    last: u32,
    /// The row being read, and its cells by sheet column.
    current: Option<u32>,
    cells: Vec<(u32, Text)>,
    made: usize,
}

impl Rows<'_, '_> {
    /// Makes the row being read a row of the table; `false` when the
    /// builder refuses it (the whole read then says why).
    fn finish_row(&mut self) -> bool {
        let Some(number) = self.current.take() else {
            return true;
        };
        let (first, _) = *self.span.get_or_insert_with(|| {
            // The header row: the table spans the columns used so far,
            // and no later cell may lie outside them.
            let first = self.first.min(self.last);
            self.builder.first_column = first as usize;
            self.builder.header_width = (self.last - first) as usize + 1;
            (first, self.last)
        });
        let cells = self
            .cells
            .drain(..)
            .map(|(column, text)| ((column - first) as usize, text))
            .collect();
        self.made += 1;
        if self.builder.row(number as usize + 1, cells).is_err() {
            return false;
        }
        if let Some(sink) = self.sink.as_deref_mut()
            && self.builder.table.rows.len() >= HAND_OVER
        {
            sink.rows(&mut self.builder.table);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tests::write_xlsx;

    /// The sheet read both ways: the single pass's table, if it made one,
    /// and the whole read's.
    fn both(rows: &[Vec<&str>]) -> (Option<Table>, Table) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sheet.xlsx");
        write_xlsx(&path, "vInfo", rows);
        // Cells of more than 16 bytes are too long to be names here.
        let limits = Limits {
            cell_bytes: 16,
            ..Limits::DEFAULT
        };
        let read = |pass| {
            let (reader, package) = open_workbook(&path, &limits).expect("opens");
            read_cells(reader, package, &path, &["vInfo"], &limits, pass).expect("reads")
        };
        let whole = read(Pass::Whole).expect("a table");
        (read(Pass::Streamed(None)), whole)
    }

    #[test]
    fn sheets_in_order_are_read_in_one_pass_to_the_same_table() {
        let long = "x".repeat(17);
        for rows in [
            vec![vec!["VM", "CPUs", "Host"], vec!["web-01", "2", "esx-1"]],
            // Rows without a value in every column, a blank row, numbers.
            vec![
                vec!["VM", "CPUs", "", "Host"],
                vec!["web-01", "", "", "esx-1"],
                vec![],
                vec!["db-01", "4.5"],
            ],
            // The table starts at column C, below a blank row and a cell
            // of spaces (which counts towards the columns, as in a grid).
            vec![
                vec![],
                vec!["", " "],
                vec!["", "", "VM", "CPUs"],
                vec!["", "", "web-01", "8"],
            ],
            // A cell too long to be a name: that row is an error.
            vec![
                vec!["VM", "Notes"],
                vec!["web-01", long.as_str()],
                vec!["web-02", "ok"],
            ],
        ] {
            let (streamed, whole) = both(&rows);
            assert_eq!(streamed, Some(whole), "{rows:?}");
        }
    }

    #[test]
    fn a_value_outside_the_header_leaves_the_sheet_to_the_whole_read() {
        for rows in [
            vec![vec!["VM", "CPUs"], vec!["web-01", "2", "unnamed"]],
            vec![vec!["", "VM"], vec!["web-01", "x"]],
        ] {
            let (streamed, whole) = both(&rows);
            assert_eq!(streamed, None, "{rows:?}");
            assert!(!whole.headers.is_empty());
        }
    }
}
