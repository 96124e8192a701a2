use super::*;
use crate::derive::derive;

fn example() -> (Plan, Derived) {
    let plan = crate::example::example_plan();
    let derived = derive(&plan);
    (plan, derived)
}

#[test]
fn markdown_has_every_section() {
    let (plan, derived) = example();
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-11-25");
    assert!(md.starts_with("# Contoso wave 1\n\nMigration plan report, 2026-11-25."));
    assert!(md.contains("## Payroll\n"));
    assert!(md.contains("**Definition of done:** met"));
    assert!(md.contains("**Definition of done:** not met (11 blockers)"));
    assert!(md.contains("- erp-app-01 is Blocked: Windows Server 2003 is not supported"));
    assert!(
        md.contains("| Activity | Cloud adoption team | Cloud strategy team | Cloud platform team | DBAs | Dana Lee |\n|---|---|---|---|---|---|\n| Remediation | A | I |  | R |  |"),
        "{md}"
    );
    assert!(
        md.contains("- **Staged** (5): pay-web-01, pay-app-01, pay-db-01, pay-files, pay-batch-01")
    );
    assert!(md.contains("## Open log entries"));
    assert!(
        md.contains("Decide the promotion model for HR"),
        "open entries listed"
    );
    assert!(
        !md.contains("ERP is promoted in flights"),
        "done entries left out"
    );
}

#[test]
fn html_is_self_contained_and_escaped() {
    let (mut plan, _) = example();
    plan.name = "<script>alert(1)</script> & co".into();
    let derived = derive(&plan);
    let html = report(&plan, &derived, ReportFormat::Html, "2026-11-25");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script>"), "plan text is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "no external resources"
    );
    assert!(html.contains("@media print"));
    assert!(html.contains("<td class=\"l\">A</td>"));
    assert!(html.contains("erp-app-01 is Blocked"));
}

#[test]
fn csv_has_one_row_per_asset_and_defuses_formulas() {
    let (mut plan, _) = example();
    plan.assets[0].notes = "=HYPERLINK(\"http://evil\")".into();
    plan.assets[1].name = "@cmd".into();
    plan.assets[2].source.insert("os".into(), "-2+3".into());
    plan.assets[3].name = "Zoë, \"the\" server".into();
    let derived = derive(&plan);
    let text = report(&plan, &derived, ReportFormat::Csv, "");
    assert!(text.starts_with('\u{feff}'), "BOM for Excel");
    let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[4], "stage");
    assert!(headers.iter().any(|h| h == "source.os"));
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), plan.assets.len());
    let notes = headers.iter().position(|h| h == "notes").expect("notes");
    assert_eq!(&rows[0][notes], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(&rows[1][1], "'@cmd");
    let os = headers.iter().position(|h| h == "source.os").expect("os");
    assert_eq!(&rows[2][os], "'-2+3");
    assert_eq!(&rows[3][1], "Zoë, \"the\" server");
    assert!(
        text.lines().nth(1).is_some_and(|l| l.starts_with('"')),
        "every field quoted"
    );
    let stages: Vec<&str> = rows.iter().map(|r| r.get(4).unwrap_or_default()).collect();
    assert!(stages.contains(&"Blocked") && stages.contains(&"Staged"));
}

#[test]
fn every_line_break_in_markdown_text_becomes_one_space() {
    assert_eq!(md_escape("a\r\nb\rc\nd"), "a b c d");
    assert_eq!(
        md_escape("e\u{0B}f\u{0C}g\u{85}h\u{2028}i\u{2029}j"),
        "e f g h i j"
    );
    assert_eq!(md_escape("a|b\r\n"), "a\\|b ");
}

#[test]
fn line_breaks_in_names_do_not_break_markdown_tables() {
    let (mut plan, _) = example();
    plan.workloads[0].name = "Pay\rroll".into();
    plan.parties[0].name = "Cloud\r\nadoption\u{2028}team".into();
    plan.assets[0].name = "web\u{85}01".into();
    let open = plan
        .log
        .iter()
        .position(|l| l.status == LogStatus::Open)
        .expect("an open entry");
    plan.log[open].text = "line one\rline two".into();
    let derived = derive(&plan);
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-11-25");
    for c in ['\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}'] {
        assert!(!md.contains(c), "{c:?} left in the report");
    }
    assert!(md.contains("## Pay roll\n"));
    assert!(md.contains(" Cloud adoption team |"), "{md}");
    assert!(md.contains("web 01"));
    assert!(md.contains("| line one line two |"));
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with('|'), "a table row broken: {line:?}");
    }
}

#[test]
fn csv_names_references_and_keeps_dangling_ids() {
    let (mut plan, _) = example();
    let dependency = plan.assets[0].clone();
    let workload = plan.workloads[0].clone();
    let party = plan.parties[0].clone();
    let a = &mut plan.assets[1];
    a.depends_on = vec![dependency.id.clone(), "as-gone".into()];
    a.workload = Some(workload.id.clone());
    a.owners.insert(ActivityKind::Staging, party.id.clone());
    plan.assets[2].workload = Some("wl-gone".into());
    let derived = derive(&plan);
    let text = report(&plan, &derived, ReportFormat::Csv, "");
    let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect("column");
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        &rows[1][column("depends_on")],
        format!("{}; as-gone", dependency.name)
    );
    assert_eq!(&rows[1][column("workload")], workload.name);
    assert_eq!(&rows[1][column("staging_owner")], party.name);
    assert_eq!(&rows[2][column("workload")], "wl-gone");
}
