//! Imports of hostile input and of real sizes: damaged workbooks and
//! CSV files, strange encodings, and inventories of tens of thousands of
//! rows.

use super::*;

/// A copy of the zip at `from` with the named entries' contents replaced
/// (stored, not compressed: the tests measure Ferry, not deflate).
fn rewrite_zip(from: &Path, to: &Path, replace: &[(&str, Vec<u8>)]) {
    use std::io::{Read, Write};
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(from).expect("open")).expect("a zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read entry");
        if let Some((_, new)) = replace.iter().find(|(n, _)| *n == name) {
            content = new.clone();
        }
        writer.start_file(name, options).expect("start");
        writer.write_all(&content).expect("write");
    }
    writer.finish().expect("finish");
}

/// Patches the uncompressed size a zip declares for `entry`, in its local
/// and central headers: a file that claims to expand hugely, without being
/// huge on disk.
fn declare_size(path: &Path, entry: &str, size: u32) {
    let mut bytes = std::fs::read(path).expect("read zip");
    let name = entry.as_bytes();
    let u16_at = |b: &[u8], at: usize| usize::from(u16::from_le_bytes([b[at], b[at + 1]]));
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(46) {
        let (size_at, name_at) = match &bytes[at..at + 4] {
            b"PK\x01\x02" => (at + 24, at + 46),
            b"PK\x03\x04" => (at + 22, at + 30),
            _ => continue,
        };
        let name_len = if bytes[at + 2] == 1 {
            u16_at(&bytes, at + 28)
        } else {
            u16_at(&bytes, at + 26)
        };
        if bytes.get(name_at..name_at + name_len) == Some(name) {
            bytes[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "local and central headers of {entry}");
    std::fs::write(path, bytes).expect("write zip");
}

fn zip_entry(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("entry")
        .read_to_string(&mut text)
        .expect("read");
    text
}

fn small_vinfo(path: &Path) {
    write_xlsx(
        path,
        "vInfo",
        &[
            vec!["VM", "CPUs", "Host"],
            vec!["web-01", "2", "esx01"],
            vec!["db-01", "4", "esx02"],
        ],
    );
}

#[test]
fn a_far_cell_workbook_is_read_without_a_huge_allocation() {
    let dir = tmp();
    for (row, column) in [(1_048_575u32, 16_383u16), (1_048_575, 1), (3, 16_383)] {
        let path = dir.path().join("RVTools.xlsx");
        let mut workbook = Workbook::new();
        let ws = workbook.add_worksheet();
        ws.set_name("vInfo").expect("name");
        ws.write_string(0, 0, "VM").expect("cell");
        ws.write_string(0, 1, "CPUs").expect("cell");
        ws.write_string(1, 0, "web-01").expect("cell");
        ws.write_number(1, 1, 2.0).expect("cell");
        ws.write_string(row, column, "far away").expect("far cell");
        workbook.save(&path).expect("save");

        // The sheet declares A1:XFD1048576 (or close): reading it as a grid
        // would ask for hundreds of gigabytes and abort the process.
        let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
        assert_eq!(parsed.assets[0].name, "web-01");
        assert_eq!(&parsed.assets[0].source["cpus"], "2");
        if column >= 1_024 {
            assert_eq!(parsed.assets.len(), 1);
            assert!(
                parsed.warnings.iter().any(|w| w.contains("RVTools.xlsx")
                    && w.contains("vInfo")
                    && w.contains("past column AMJ")),
                "{:?}",
                parsed.warnings
            );
        } else {
            // A far row is a row like any other, with Excel's row number.
            assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
            let far = parsed.errors.iter().find(|e| e.row == row as usize + 1);
            assert!(far.is_some(), "no name in the far row: {:?}", parsed.errors);
        }
    }
}

#[test]
fn an_oversized_shared_strings_workbook_is_refused_with_its_name() {
    let dir = tmp();
    let path = dir.path().join("RVTools.xlsx");
    small_vinfo(&path);
    // Claims 300 MiB of shared strings, is a few KiB on disk.
    declare_size(&path, "xl/sharedStrings.xml", 300 * 1024 * 1024);
    let err = read(&path, &Format::RvTools, &Options::default()).expect_err("refused");
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("RVTools.xlsx")
            && text.contains(
                "its shared strings expand to 300 MiB, more than the 256 MiB Ferry reads"
            ),
        "{text}"
    );

    // The same cap, lowered: real text past it is refused too.
    let path = dir.path().join("many.xlsx");
    let names: Vec<String> = (0..200).map(|i| format!("server-{i:04}")).collect();
    let mut rows = vec![vec!["VM"]];
    rows.extend(names.iter().map(|n| vec![n.as_str()]));
    write_xlsx(&path, "vInfo", &rows);
    let limits = Limits {
        shared_strings_bytes: 1024,
        ..Limits::DEFAULT
    };
    let err = read_with_limits(&path, &Format::RvTools, &Options::default(), &limits)
        .expect_err("refused");
    assert!(
        err.to_string().contains("more than the 1 KiB Ferry reads"),
        "{err}"
    );
    let limits = Limits {
        shared_strings: 100,
        ..Limits::DEFAULT
    };
    let err = read_with_limits(&path, &Format::RvTools, &Options::default(), &limits)
        .expect_err("refused");
    assert!(err.to_string().contains("more than 100 entries"), "{err}");
    assert_eq!(
        read(&path, &Format::RvTools, &Options::default())
            .expect("within the defaults")
            .assets
            .len(),
        200
    );
}

#[test]
fn a_shared_strings_table_that_lies_about_its_count_is_refused() {
    let dir = tmp();
    let honest = dir.path().join("honest.xlsx");
    small_vinfo(&honest);
    let strings = zip_entry(&honest, "xl/sharedStrings.xml");
    let at = strings.find("uniqueCount=\"").expect("a count") + "uniqueCount=\"".len();
    let end = at + strings[at..].find('"').expect("closing quote");
    let lying = format!("{}999999999999999{}", &strings[..at], &strings[end..]);
    let path = dir.path().join("lying.xlsx");
    rewrite_zip(
        &honest,
        &path,
        &[("xl/sharedStrings.xml", lying.into_bytes())],
    );
    // The reader reserves room for the declared count before reading one:
    // petabytes, and an abort, unless the file is refused first.
    let err = read(&path, &Format::RvTools, &Options::default()).expect_err("refused");
    assert!(
        err.to_string().contains("lying.xlsx") && err.to_string().contains("shared strings"),
        "{err}"
    );
}

#[test]
fn shared_text_is_counted_each_time_a_cell_uses_it() {
    let dir = tmp();
    let path = dir.path().join("repeat.xlsx");
    let long = "x".repeat(1_000);
    let mut rows = vec![vec!["VM", "Notes"]];
    let names: Vec<String> = (0..100).map(|i| format!("vm-{i}")).collect();
    rows.extend(names.iter().map(|n| vec![n.as_str(), long.as_str()]));
    write_xlsx(&path, "vInfo", &rows);
    // One shared string, a hundred cells: 100 KB of text from 1 KB of strings.
    let limits = Limits {
        text_bytes: 50_000,
        ..Limits::DEFAULT
    };
    let err = read_with_limits(&path, &Format::RvTools, &Options::default(), &limits)
        .expect_err("refused");
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("of text"), "{err}");
    let limits = Limits {
        cells: 50,
        ..Limits::DEFAULT
    };
    let err = read_with_limits(&path, &Format::RvTools, &Options::default(), &limits)
        .expect_err("refused");
    assert!(err.to_string().contains("more than the 50 cells"), "{err}");
}

#[test]
fn a_cell_too_long_to_be_a_name_is_a_row_error() {
    let dir = tmp();
    let path = dir.path().join("inventory.csv");
    let long = "x".repeat(70_000);
    std::fs::write(&path, format!("VM,CPUs\nweb-01,2\n{long},4\ndb-01,8\n")).expect("write");
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let names: Vec<&str> = parsed.assets.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["web-01", "db-01"]);
    let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("row 3, column VM: the cell holds 68.4 KiB of text, more than the 64 KiB"),
        "{errors:?}"
    );

    // In a workbook too, with the cap lowered.
    let book = dir.path().join("RVTools.xlsx");
    write_xlsx(
        &book,
        "vInfo",
        &[
            vec!["VM", "Host"],
            vec!["web-01", "esx01"],
            vec!["db-01", "a very long host name"],
        ],
    );
    let limits = Limits {
        cell_bytes: 10,
        ..Limits::DEFAULT
    };
    let parsed =
        read_with_limits(&book, &Format::RvTools, &Options::default(), &limits).expect("reads");
    assert_eq!(parsed.assets.len(), 1);
    assert_eq!(parsed.errors[0].row, 3);
    assert_eq!(parsed.errors[0].column.as_deref(), Some("Host"));
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    for unit in std::iter::once(0xFEFF)
        .filter(|_| bom)
        .chain(text.encode_utf16())
    {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn a_utf16_csv_is_decoded() {
    let dir = tmp();
    let text = "VM\tCPUs\tHost\r\nZürich-01\t2\tesx01\r\n在庫-db\t4\tesx02\r\n";
    for (big_endian, bom) in [(false, true), (true, true), (false, false)] {
        let path = dir.path().join("unicode.csv");
        std::fs::write(&path, utf16(text, big_endian, bom)).expect("write");
        let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
        let names: Vec<&str> = parsed.assets.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            ["Zürich-01", "在庫-db"],
            "big endian {big_endian}, bom {bom}"
        );
        assert_eq!(&parsed.assets[1].source["host"], "esx02");
        assert_eq!(parsed.assets[1].row, 3);
        if bom {
            assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        } else {
            assert!(
                parsed.warnings[0].contains("unicode.csv has no byte order mark"),
                "{:?}",
                parsed.warnings
            );
        }
    }
}

#[test]
fn a_windows_1252_csv_is_decoded_with_a_warning() {
    let dir = tmp();
    let path = dir.path().join("inventory.csv");
    std::fs::write(
        &path,
        b"VM;CPUs;Host\r\nZ\xfcrich-01;2;esx01\r\nweb-\x80;4;esx02\r\n",
    )
    .expect("write");
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let names: Vec<&str> = parsed.assets.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Zürich-01", "web-€"]);
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert!(
        parsed.warnings[0].contains("inventory.csv is not UTF-8")
            && parsed.warnings[0].contains("Windows-1252"),
        "{:?}",
        parsed.warnings
    );
    let (_, summary) = merge(&Plan::named("p"), &parsed, None);
    assert_eq!(summary.warnings, parsed.warnings);
    assert!(
        summary
            .describe()
            .contains("\nwarning: inventory.csv is not UTF-8"),
        "{}",
        summary.describe()
    );

    // Valid UTF-8 is taken as it is, without a warning.
    std::fs::write(&path, "VM,CPUs\nZürich-01,2\n").expect("write");
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    assert_eq!(parsed.assets[0].name, "Zürich-01");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn csv_line_numbers_stay_right_with_quoted_newlines() {
    let dir = tmp();
    let path = dir.path().join("notes.csv");
    std::fs::write(
        &path,
        "VM,CPUs,Notes\r\nweb-01,2,\"two\r\nlines\"\r\n\r\n\"db-01\",lots,\"a \"\"quoted\"\"\nnote\"\napp-01,4,\n,8,\"no\nname\"\n",
    )
    .expect("write");
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let rows: Vec<(&str, usize)> = parsed
        .assets
        .iter()
        .map(|a| (a.name.as_str(), a.row))
        .collect();
    assert_eq!(rows, [("web-01", 2), ("app-01", 7)]);
    let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
    assert!(
        errors[0].starts_with("row 5, column CPUs: `lots`"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("row 8, column VM: no name"),
        "{errors:?}"
    );
}

#[test]
fn a_large_csv_with_multi_line_cells_keeps_every_row_number() {
    let dir = tmp();
    let path = dir.path().join("big.csv");
    let mut text = String::from("VM,CPUs,Memory,Host,Notes\n");
    for i in 0..50_000 {
        text.push_str(&format!(
            "vm-{i:05},4,8192,esx-{:02},\"line one\nline two\"\n",
            i % 24
        ));
    }
    std::fs::write(&path, text).expect("write");
    // Rescanning the file for each row's line took minutes at this size
    // (speed is measured by `cargo bench --bench import`); what must hold
    // is that every row keeps its line when cells span lines.
    let parsed = read(&path, &Format::RvTools, &Options::default()).expect("reads");
    let (_, summary) = merge(&Plan::named("p"), &parsed, None);
    assert_eq!(summary.added.len(), 50_000);
    assert_eq!(parsed.assets[49_999].row, 100_000, "two lines a row");
}

#[test]
fn an_oversized_csv_is_refused_before_it_is_read() {
    let dir = tmp();
    let path = dir.path().join("huge.csv");
    std::fs::write(&path, format!("VM\n{}", "web-01\n".repeat(30))).expect("write");
    let limits = Limits {
        file_bytes: 100,
        ..Limits::DEFAULT
    };
    let err = read_with_limits(&path, &Format::RvTools, &Options::default(), &limits)
        .expect_err("refused");
    assert!(
        err.to_string().contains("huge.csv")
            && err
                .to_string()
                .contains("the file is 213 bytes, more than the 100 bytes"),
        "{err}"
    );
    assert_eq!(
        Limits::DEFAULT.file_bytes,
        512 * 1024 * 1024,
        "what the messages say"
    );

    // A device that never ends is read only up to the cap.
    #[cfg(unix)]
    {
        let err = read_csv_with(Path::new("/dev/zero"), &limits).expect_err("refused");
        assert!(
            err.to_string()
                .contains("more than the 100 bytes Ferry reads"),
            "{err}"
        );
    }
}

#[test]
fn an_xls_or_ods_workbook_is_refused_with_advice() {
    let dir = tmp();
    let xls = dir.path().join("old.xls");
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(4096, 0);
    std::fs::write(&xls, bytes).expect("write");
    let err = read(&xls, &Format::RvTools, &Options::default()).expect_err("refused");
    assert!(
        err.to_string().contains("old.xls")
            && err
                .to_string()
                .contains("save it as an Excel workbook (.xlsx)"),
        "{err}"
    );

    let ods = dir.path().join("sheet.ods");
    {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&ods).expect("create"));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        writer.start_file("mimetype", options).expect("start");
        writer
            .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .expect("write");
        writer.start_file("content.xml", options).expect("start");
        writer
            .write_all(b"<office:document-content/>")
            .expect("write");
        writer.finish().expect("finish");
    }
    let err =
        read(&ods, &Format::Csv(Mapping::default()), &Options::default()).expect_err("refused");
    assert!(
        err.to_string().contains("sheet.ods") && err.to_string().contains("(.ods)"),
        "{err}"
    );
}

#[test]
fn headers_keep_their_shape_so_remembered_mappings_still_match() {
    let dir = tmp();
    let path = dir.path().join("offset.xlsx");
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.write_string(1, 1, "VM").expect("cell");
    ws.write_string(1, 2, "CPUs").expect("cell");
    ws.write_string(2, 1, "web-01").expect("cell");
    ws.write_number(2, 2, 2.0).expect("cell");
    ws.write_string(2, 4, "stray").expect("cell");
    workbook.save(&path).expect("save");
    let table = read_sheet(&path, &[]).expect("reads");
    // From the first column used to the last, as the grid reader gave.
    assert_eq!(table.headers, ["VM", "CPUs", "", ""]);
    assert_eq!(
        table.rows,
        vec![(
            3,
            vec![
                "web-01".to_owned(),
                "2".to_owned(),
                String::new(),
                "stray".to_owned()
            ]
        )]
    );

    let csv = dir.path().join("trailing.csv");
    std::fs::write(&csv, "Server,Cores,\nweb-01,2,\n").expect("write");
    let table = read_csv(&csv).expect("reads");
    assert_eq!(table.headers, ["Server", "Cores", ""]);
}

#[test]
fn a_workbook_whose_sheet_list_or_styles_would_multiply_in_memory_is_refused() {
    let dir = tmp();
    let honest = dir.path().join("honest.xlsx");
    small_vinfo(&honest);

    // Every sheet entry copies its sheet's path: thousands of entries that
    // share one relationship multiply it.
    let workbook = zip_entry(&honest, "xl/workbook.xml");
    let extra: String = (0..10_001)
        .map(|i| format!(r#"<sheet name="s{i}" sheetId="{}" r:id="rId1"/>"#, i + 2))
        .collect();
    let crafted = workbook.replace("</sheets>", &format!("{extra}</sheets>"));
    assert_ne!(crafted, workbook);
    let path = dir.path().join("sheets.xlsx");
    rewrite_zip(&honest, &path, &[("xl/workbook.xml", crafted.into_bytes())]);
    let err = read(&path, &Format::RvTools, &Options::default()).expect_err("refused");
    assert!(
        err.to_string().contains("sheets.xlsx") && err.to_string().contains("10,002 sheets"),
        "{err}"
    );

    // Every cell format becomes a full style in memory.
    let styles = zip_entry(&honest, "xl/styles.xml");
    let formats = "<xf/>".repeat(140_000);
    let crafted = styles.replacen("</cellXfs>", &format!("{formats}</cellXfs>"), 1);
    assert_ne!(crafted, styles);
    let path = dir.path().join("styles.xlsx");
    rewrite_zip(&honest, &path, &[("xl/styles.xml", crafted.into_bytes())]);
    let err = read(&path, &Format::RvTools, &Options::default()).expect_err("refused");
    assert!(
        err.to_string().contains("styles.xlsx") && err.to_string().contains("its styles"),
        "{err}"
    );
}
