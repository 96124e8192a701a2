//! How much of an inventory file Ferry reads before it refuses it: every
//! cap on input in one place, so a hostile or broken file is turned away
//! with a message instead of exhausting memory and taking unsaved work down
//! with the process.

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// The caps on one import. Tests pass small ones; everything else uses
/// [`Limits::DEFAULT`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A CSV file, or a workbook file as stored on disk.
    pub file_bytes: u64,
    /// Any one part of a workbook (a sheet, say) once decompressed.
    pub part_bytes: u64,
    /// All parts of a workbook together once decompressed.
    pub workbook_bytes: u64,
    /// A workbook's shared strings once decompressed.
    pub shared_strings_bytes: u64,
    /// Entries in a workbook's shared strings table: each costs memory of its
    /// own, however short.
    pub shared_strings: u64,
    /// Columns read; cells past them are ignored with a warning.
    pub columns: usize,
    /// Rows read (Excel's maximum).
    pub rows: usize,
    /// Cells held for one table, counting the gaps inside each row.
    pub cells: usize,
    /// One cell's text: longer is a row error, not a giant asset name.
    pub cell_bytes: usize,
    /// All text held for one table: a short cell can name a long shared
    /// string, so the file's size does not bound it.
    pub text_bytes: usize,
    /// How long a pipe given as the inventory may wait for its writer and
    /// its data.
    pub pipe_wait: std::time::Duration,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        file_bytes: 512 * MIB,
        part_bytes: 512 * MIB,
        workbook_bytes: GIB,
        shared_strings_bytes: 256 * MIB,
        shared_strings: 5_000_000,
        columns: 1_024,
        rows: 1_048_576,
        cells: 20_000_000,
        cell_bytes: 64 * KIB as usize,
        text_bytes: 512 * MIB as usize,
        pipe_wait: crate::storage::PIPE_WAIT,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// `268435456` → `"256 MiB"`, `1073741824` → `"1.0 GiB"`: sizes as a user
/// reads them in a message.
pub fn size_text(bytes: u64) -> String {
    let unit = |size: u64, name: &str| {
        if bytes.is_multiple_of(size) && size < GIB {
            format!("{} {name}", bytes / size)
        } else {
            format!("{:.1} {name}", bytes as f64 / size as f64)
        }
    };
    if bytes >= GIB {
        unit(GIB, "GiB")
    } else if bytes >= MIB {
        unit(MIB, "MiB")
    } else if bytes >= KIB {
        unit(KIB, "KiB")
    } else {
        format!("{bytes} bytes")
    }
}

/// `20000000` → `"20,000,000"`.
pub fn count_text(count: u64) -> String {
    let digits = count.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(c);
    }
    text
}

/// The spreadsheet name of a 0-based column: 0 → `A`, 1023 → `AMJ`.
pub fn column_name(column: usize) -> String {
    let mut name = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_counts_and_columns_read_as_a_user_would_write_them() {
        assert_eq!(size_text(256 * MIB), "256 MiB");
        assert_eq!(size_text(GIB), "1.0 GiB");
        assert_eq!(size_text(1536 * KIB), "1.5 MiB");
        assert_eq!(size_text(64 * KIB), "64 KiB");
        assert_eq!(size_text(12), "12 bytes");
        assert_eq!(count_text(20_000_000), "20,000,000");
        assert_eq!(count_text(999), "999");
        assert_eq!(count_text(1_000), "1,000");
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(1_023), "AMJ");
        assert_eq!(column_name(16_383), "XFD");
    }
}
