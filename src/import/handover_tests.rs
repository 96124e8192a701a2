//! A long sheet becomes assets a few thousand rows at a time while the
//! rest is still being read; what it gives must not depend on that.

use super::*;

const HEADER: [&str; 6] = [
    "VM",
    "Template",
    "CPUs",
    "Memory",
    "Cluster",
    "OS according to the configuration file",
];

/// `n` rows below the header, with a row error, a skipped template and a
/// warning every so often, so that some fall on either side of each part.
fn long_sheet(n: usize) -> Vec<Vec<String>> {
    let mut rows = vec![HEADER.iter().map(|h| (*h).to_owned()).collect()];
    for i in 0..n {
        let name = if i % 997 == 5 {
            String::new()
        } else {
            format!("vm-{i:05}")
        };
        let template = if i % 2003 == 7 { "True" } else { "False" };
        let cpus = match i % 1499 {
            11 => "lots".to_owned(),
            12 => "2.5".to_owned(),
            _ => format!("{}", 1 << (i % 4)),
        };
        rows.push(vec![
            name,
            template.to_owned(),
            cpus,
            format!("{}", 1024 * (1 + i % 8)),
            format!("CL{}", i % 3),
            "Microsoft Windows Server 2019 (64-bit)".to_owned(),
        ]);
    }
    rows
}

fn write_both(dir: &Path, rows: &[Vec<String>]) -> (PathBuf, PathBuf) {
    let sheet: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let xlsx = dir.join("RVTools.xlsx");
    write_xlsx(&xlsx, "vInfo", &sheet);
    let csv = dir.join("RVTools_vInfo.csv");
    let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    std::fs::write(&csv, text).expect("csv written");
    (xlsx, csv)
}

#[test]
fn a_long_sheet_read_in_parts_gives_what_the_same_rows_give_read_at_once() {
    let dir = tmp();
    let (xlsx, csv) = write_both(dir.path(), &long_sheet(10_000));
    let options = Options::default();
    let parts = read(&xlsx, &Format::RvTools, &options).expect("workbook read");
    // A CSV is read whole before any row becomes an asset.
    let whole = read(&csv, &Format::RvTools, &options).expect("csv read");
    assert_eq!(parts.kind, "RVTools vInfo");
    assert_eq!(parts.assets, whole.assets);
    assert_eq!(parts.errors, whole.errors);
    assert_eq!(parts.warnings, whole.warnings);
    assert_eq!(parts.skipped, whole.skipped);
    // The sheet really was long enough to be handed over in parts, and
    // every kind of row is there.
    assert!(
        parts.assets.len() > 2 * table::HAND_OVER,
        "{}",
        parts.assets.len()
    );
    assert!(parts.errors.len() >= 15, "{:?}", parts.errors.len());
    assert!(parts.skipped >= 4);
    assert!(!parts.warnings.is_empty());
    assert!(parts.errors.windows(2).all(|e| e[0].row <= e[1].row));
}

#[test]
fn a_sheet_given_up_on_after_rows_were_handed_over_is_read_again_without_repeats() {
    let dir = tmp();
    let mut rows = long_sheet(9_000);
    // A value right of the header near the end: the one-pass read gives
    // up there, after handing over two parts, and the sheet is read again.
    let last = rows.len() - 2;
    rows[last].push("beyond the header".to_owned());
    let (xlsx, csv) = write_both(dir.path(), &rows);
    let options = Options::default();
    let parsed = read(&xlsx, &Format::RvTools, &options).expect("workbook read");
    let whole = read(&csv, &Format::RvTools, &options).expect("csv read");
    assert_eq!(parsed.assets.len(), whole.assets.len());
    assert!(parsed.assets.windows(2).all(|a| a[0].row < a[1].row));
    assert_eq!(parsed.errors, whole.errors);
}

#[test]
fn a_long_sheet_that_is_not_an_rvtools_export_is_refused() {
    let dir = tmp();
    let mut rows = long_sheet(9_000);
    rows[0][0] = "Server".to_owned();
    let (xlsx, _) = write_both(dir.path(), &rows);
    let err = read(&xlsx, &Format::RvTools, &Options::default()).expect_err("refused");
    assert!(matches!(err, ImportError::NotRecognised { .. }), "{err}");
    assert!(err.to_string().contains("`VM` column"), "{err}");
}

/// What a plan holds, by name, whatever the ids new assets were given.
fn by_name(plan: &Plan) -> Vec<(String, Option<String>, Asset)> {
    let mut assets: Vec<_> = plan
        .assets
        .iter()
        .map(|a| {
            let workload = a
                .workload
                .as_ref()
                .map(|w| plan.workload_name(w).to_owned());
            let mut a = Asset::clone(a);
            a.id.clear();
            a.workload = None;
            (a.name.clone(), workload, a)
        })
        .collect();
    assets.sort_by(|a, b| a.0.cmp(&b.0));
    assets
}

#[test]
fn merged_while_read_is_merged_as_after_reading() {
    let dir = tmp();
    for beyond_the_header in [false, true] {
        let mut rows = long_sheet(9_000);
        // A name listed twice, in two different parts.
        rows[8_500][0] = "vm-00010".to_owned();
        if beyond_the_header {
            // Given up on near the end, and read again.
            rows[8_990].push("beyond the header".to_owned());
        }
        let (xlsx, _) = write_both(dir.path(), &rows);
        let mut plan = Plan::named("Plan");
        let known = Asset::new("VM-00003", AssetKind::Database);
        let gone = Asset::new("decommissioned", AssetKind::VirtualMachine);
        plan.assets = vec![known.into(), gone.into()];
        let options = Options::default();

        let (kind, edit, summary) =
            read_into(&xlsx, &Format::RvTools, &options, &plan, Some("Imported")).expect("read");
        let parsed = read(&xlsx, &Format::RvTools, &options).expect("read");
        let (after_edit, after) = merge_parsed(&plan, parsed, Some("Imported"));

        assert_eq!(kind, "RVTools vInfo");
        assert_eq!(summary.added, after.added);
        assert_eq!(summary.updated, ["VM-00003"]);
        assert_eq!(summary.updated, after.updated);
        assert_eq!(summary.not_in_file, ["decommissioned"]);
        assert_eq!(summary.errors, after.errors);
        assert!(
            summary
                .errors
                .last()
                .is_some_and(|e| e.message.contains("listed twice")),
            "{:?}",
            summary.errors.last()
        );
        assert_eq!(summary.skipped, after.skipped);
        assert_eq!(summary.warnings, after.warnings);
        assert_eq!(summary.created_workload.as_deref(), Some("Imported"));
        let (mut one, mut two) = (plan.clone(), plan.clone());
        apply(&mut one, edit).expect("applies");
        apply(&mut two, after_edit).expect("applies");
        assert_eq!(by_name(&one), by_name(&two));
        assert_eq!(one.assets.len(), summary.added.len() + 2);
    }
}
