//! The sheet's cells read on a thread of their own ([`read_ahead`]) while
//! the thread that asked makes rows of them.

use super::*;

/// A cell as a table is made of it.
pub(super) struct ReadCell {
    pub row: u32,
    pub column: u32,
    /// No value at all (not even blank text).
    pub empty: bool,
    /// Its text, `None` when blank.
    pub text: Option<Text>,
}

/// A cell summed up where it was read, its text in its batch's text.
struct Summed {
    row: u32,
    column: u32,
    empty: bool,
    text: Option<TextAt>,
}

enum TextAt {
    Kept(std::ops::Range<usize>),
    TooLong(usize),
}

/// Cells read ahead, and the text of those kept.
struct Batch {
    cells: Vec<Result<Option<Summed>, String>>,
    text: String,
}

/// Reads cells on a thread of their own while `make` turns the ones
/// before into rows: unpacking and parsing the sheet's XML is most of an
/// import's work, and the two halves then take one's time, not both.
///
/// Each cell is summed up where it is read ([`cell_text`] with
/// `max_bytes`), and the spreadsheet reader's own text of it freed there:
/// the reading thread's memory is handed back to it at once rather than
/// freed by another thread, which would slow both down.
///
/// The cells come to `make` in the order read, with the reader's end or
/// error last. If `make` stops early, the reading stops too. A panic in
/// the reader (a damaged file) is the caller's, as if read here.
pub(super) fn read_ahead<'a, R>(
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, String> + Send,
    max_bytes: usize,
    make: impl FnOnce(NextCell<'_>) -> R,
) -> R {
    const CELLS: usize = 4096;
    let (full, batches) = std::sync::mpsc::sync_channel::<Batch>(4);
    // Emptied batches go back to be filled again: a new one each time
    // would make the allocator tidy its small blocks at every batch.
    let (emptied, empties) = std::sync::mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            loop {
                let mut batch = empties.try_recv().unwrap_or_else(|_| Batch {
                    cells: Vec::with_capacity(CELLS),
                    text: String::with_capacity(CELLS * 16),
                });
                loop {
                    let cell =
                        next().map(|cell| cell.map(|c| sum_up(&c, max_bytes, &mut batch.text)));
                    let last = !matches!(cell, Ok(Some(_)));
                    batch.cells.push(cell);
                    if last || batch.cells.len() == CELLS {
                        // The cells are taken from the end.
                        batch.cells.reverse();
                        if full.send(batch).is_err() || last {
                            return;
                        }
                        break;
                    }
                }
            }
        });
        let mut batch = Batch {
            cells: Vec::new(),
            text: String::new(),
        };
        let mut next_cell = || loop {
            if let Some(cell) = batch.cells.pop() {
                return cell.map(|cell| {
                    cell.map(|c| ReadCell {
                        row: c.row,
                        column: c.column,
                        empty: c.empty,
                        text: c.text.map(|t| match t {
                            TextAt::Kept(range) => Text::Kept(batch.text[range].to_owned()),
                            TextAt::TooLong(len) => Text::TooLong(len),
                        }),
                    })
                });
            }
            match batches.recv() {
                Ok(next) => {
                    let mut done = std::mem::replace(&mut batch, next);
                    done.text.clear();
                    let _ = emptied.send(done);
                }
                // The reader stopped without an end: it panicked, and the
                // scope passes that on.
                Err(_) => return Err("the sheet could not be read".to_owned()),
            }
        };
        let made = make(&mut next_cell);
        drop(batches);
        made
    })
}

/// A cell summed up, its text added to `text`.
fn sum_up(cell: &Cell<DataRef<'_>>, max_bytes: usize, text: &mut String) -> Summed {
    let (row, column) = cell.get_position();
    let value = cell.get_value();
    Summed {
        row,
        column,
        empty: *value == DataRef::Empty,
        text: cell_text(
            value,
            max_bytes,
            |kept| {
                let start = text.len();
                text.push_str(kept);
                TextAt::Kept(start..text.len())
            },
            TextAt::TooLong,
        ),
    }
}
