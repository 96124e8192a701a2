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
    assert!(table.warnings.is_empty(), "{:?}", table.warnings);
}

fn split(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut records = CsvRecords {
        text: text.as_bytes(),
        at: 0,
        delimiter: b',',
        line: 1,
        counted_to: 0,
        field: Vec::new(),
        keep_bytes: 100,
    };
    let mut all = Vec::new();
    let mut fields = Vec::new();
    while let Some(line) = records.next_record(|_, bytes, _| {
        fields.push(String::from_utf8_lossy(bytes).into_owned());
    }) {
        all.push((line, std::mem::take(&mut fields)));
    }
    all
}

fn csv_crate(text: &str) -> Vec<Vec<String>> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

proptest::proptest! {
    #[test]
    fn csv_fields_split_as_the_csv_crate_splits_them_for_any_text(text in "[a,\"\r\n ]{0,40}") {
        let ours: Vec<Vec<String>> = split(&text).into_iter().map(|(_, f)| f).collect();
        proptest::prop_assert_eq!(ours, csv_crate(&text));
    }
}

#[test]
fn csv_fields_split_as_the_csv_crate_splits_them() {
    let text = "a,\"b,\"\"c\"\"\",\"d\"e ,\r\n\r\n,x,\r\"two\nlines\",\"never closed\n,";
    let ours: Vec<Vec<String>> = split(text).into_iter().map(|(_, f)| f).collect();
    assert_eq!(ours, csv_crate(text));
    let lines: Vec<usize> = split(text).into_iter().map(|(l, _)| l).collect();
    assert_eq!(lines, [1, 3, 3]);
}
