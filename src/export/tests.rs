use super::*;
use crate::derive::{Stage, derive};
use crate::model::{
    Assessment, Asset, AssetKind, LogStatus, Party, PartyKind, Phase, PromotionModel, Raci,
    RemediationTiming, ReplicationStatus, ReplicationTool, Role, Staging, Strategy, Wave, Workload,
};

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
    let open = md
        .split("## Open log entries")
        .nth(1)
        .expect("open entries");
    assert!(
        !open.contains("ERP is promoted in flights"),
        "done entries left out of the open ones"
    );
    assert!(
        md.contains("## Decisions made") && md.contains("ERP is promoted in flights"),
        "a done decision is the workshop's record"
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
    std::sync::Arc::make_mut(&mut plan.assets[0]).notes = "=HYPERLINK(\"http://evil\")".into();
    std::sync::Arc::make_mut(&mut plan.assets[1]).name = "@cmd".into();
    std::sync::Arc::make_mut(&mut plan.assets[2])
        .source
        .insert("os", "-2+3");
    std::sync::Arc::make_mut(&mut plan.assets[3]).name = "Zoë, \"the\" server".into();
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
    std::sync::Arc::make_mut(&mut plan.assets[0]).name = "web\u{85}01".into();
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
    let a = std::sync::Arc::make_mut(&mut plan.assets[1]);
    a.depends_on = vec![dependency.id.clone(), "as-gone".into()];
    a.workload = Some(workload.id.clone());
    a.owners.insert(ActivityKind::Staging, party.id.clone());
    std::sync::Arc::make_mut(&mut plan.assets[2]).workload = Some("wl-gone".into());
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

// ------------------------------------------------------------ summary

/// Two waves at 500 Mbit/s, workloads in plan order Billing (Wave 2),
/// Intranet (Pilot), Archive (no wave), so wave order differs from plan
/// order. Intranet is done: 2 × 1 TiB staged and verified, one of three
/// checklist items done. Billing: one staged and verified 1 GiB asset, one
/// of unknown size, one retired.
fn steering_plan() -> Plan {
    let adoption = Party::new("Adoption", PartyKind::Team, Role::CloudAdoption);
    let ops = Party::new("Ops", PartyKind::Team, Role::CloudOperations);
    let mut billing = Workload::new("Billing");
    billing.wave = "Wave 2".into();
    let mut intranet = Workload::new("Intranet");
    intranet.wave = " Pilot ".into();
    intranet.promotion_model = PromotionModel::Staged;
    intranet.remediation_timing = RemediationTiming::SameSprint;
    for (kind, a, r) in [
        (ActivityKind::Remediation, &adoption, &ops),
        (ActivityKind::Replication, &ops, &adoption),
        (ActivityKind::Staging, &adoption, &ops),
    ] {
        let activity = intranet.activity_mut(kind);
        activity.raci.insert(a.id.clone(), Raci::Accountable);
        activity.raci.insert(r.id.clone(), Raci::Responsible);
    }
    for (i, text) in ["Identify power users", "Record feedback", "Update DNS"]
        .into_iter()
        .enumerate()
    {
        let mut item = crate::checklist::new_item(Phase::BusinessTesting, text);
        item.done = i == 0;
        intranet.checklist.push(item);
    }
    let archive = Workload::new("Archive");
    let asset = |name: &str, workload: &Workload| {
        let mut a = Asset::new(name, AssetKind::VirtualMachine);
        a.workload = Some(workload.id.clone());
        a.assessment = Assessment::Ready;
        a
    };
    let staged = |mut a: Asset, mib: &str| {
        a.staging = Staging::Staged;
        a.replication.status = ReplicationStatus::Verified;
        a.source.insert("in_use_mib", mib);
        a
    };
    let mut old = asset("bill-old", &billing);
    old.strategy = Strategy::Retire;
    Plan {
        name: "Steering".into(),
        bandwidth_mbps: Some(500),
        waves: vec![
            Wave {
                name: "Pilot".into(),
                start: Some("2026-01-05".into()),
                end: Some("2026-01-30".into()),
                notes: String::new(),
            },
            Wave {
                name: "Wave 2".into(),
                ..Wave::default()
            },
        ],
        assets: vec![
            staged(asset("web", &intranet), "1048576"),
            staged(asset("db", &intranet), "1048576"),
            staged(asset("bill-api", &billing), "1024"),
            asset("bill-app", &billing),
            old,
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect(),
        parties: vec![adoption, ops],
        workloads: vec![billing, intranet, archive],
        ..Plan::default()
    }
}

/// The cells of the Markdown table under `heading`.
fn md_rows(md: &str, heading: &str) -> Vec<Vec<String>> {
    md.split(heading)
        .nth(1)
        .unwrap_or_default()
        .lines()
        .skip(3) // the blank line, the header and the rule
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

/// The cells of the HTML table under `heading`, tags stripped.
fn html_rows(html: &str, heading: &str) -> Vec<Vec<String>> {
    let table = html
        .split(heading)
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .unwrap_or_default();
    let body = table.split("<tbody>").nth(1).unwrap_or_default();
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("</td>")
                .filter_map(|cell| Some(cell.split_once("<td")?.1.split_once('>')?.1))
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn steering() -> (Plan, Derived, String, String) {
    let plan = steering_plan();
    let derived = derive(&plan);
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-01-10");
    let html = report(&plan, &derived, ReportFormat::Html, "2026-01-10");
    (plan, derived, md, html)
}

#[test]
fn summary_lists_every_workload_with_its_numbers() {
    let (_, derived, md, html) = steering();
    assert!(derived.workloads[1].done, "{:?}", derived.workloads[1]);
    let billing_blockers = derived.workloads[0].blockers.len();
    let archive_blockers = derived.workloads[2].blockers.len();
    let expected = [
        // Intranet is done; no one holds its Promotion activity yet.
        "| Intranet | Pilot | 2 | 100% (2/2) | yes | 0 | 1/3 | 1 blocker | 9.8 h | Adoption | Ops | Adoption |"
            .to_owned(),
        format!(
            "| Billing | Wave 2 | 3 | 50% (1/2) | no | {billing_blockers} | — | model undecided | 0 min + 1 unknown | — | — | — |"
        ),
        format!(
            "| Archive | — | 0 | — | no | {archive_blockers} | — | model undecided | 0 min | — | — | — |"
        ),
    ];
    for row in &expected {
        assert!(md.contains(row.as_str()), "{row}\n{md}");
    }
    assert!(md.contains("Replication estimates assume 500 Mbit/s"));
    let rows = html_rows(&html, "<h3>Workloads</h3>");
    assert_eq!(
        rows[0],
        [
            "Intranet",
            "Pilot",
            "2",
            "100% (2/2)",
            "yes",
            "0",
            "1/3",
            "1 blocker",
            "9.8 h",
            "Adoption",
            "Ops",
            "Adoption"
        ]
    );
    assert!(html.contains("<td class=\"done\">yes</td>"));
    assert!(html.contains("<td class=\"notdone\">no</td>"));
    // The summary comes before the details.
    let summary = md.find("## Summary").expect("summary");
    assert!(summary < md.find("## Billing").expect("details"));
    assert!(md.contains("**Definition of done:** met"), "details kept");
}

#[test]
fn summary_follows_wave_order_not_plan_order() {
    let (mut plan, derived, md, _) = steering();
    let names: Vec<String> = md_rows(&md, "### Workloads\n")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(names, ["Intranet", "Billing", "Archive"]);
    let waves = md_rows(&md, "### Waves\n");
    let wave_names: Vec<&str> = waves.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(wave_names, ["Pilot", "Wave 2", "No wave"]);
    assert_eq!(
        waves[0],
        [
            "Pilot",
            "2026-01-05 – 2026-01-30",
            "1",
            "2",
            "100% (2/2)",
            "1 of 1",
            "0",
            "1/3",
            "9.8 h"
        ]
    );
    let blockers = derived.workloads[0].blockers.len();
    assert_eq!(waves[1][5], "0 of 1");
    assert_eq!(waves[1][6], blockers.to_string());
    assert_eq!(waves[1][8], "0 min + 1 unknown");

    plan.waves.swap(0, 1);
    plan.bandwidth_mbps = None;
    let derived = derive(&plan);
    let model = Report::build(&plan, &derived, "");
    let names: Vec<&str> = model.summary.iter().map(|r| r.workload.as_str()).collect();
    assert_eq!(names, ["Billing", "Intranet", "Archive"]);
    assert!(model.summary.iter().all(|r| r.replication == "unknown"));
    assert!(model.waves.iter().all(|w| w.replication == "unknown"));
}

#[test]
fn markdown_and_html_render_the_same_model() {
    let (plan, derived, md, html) = steering();
    let model = Report::build(&plan, &derived, "2026-01-10");
    let cells: Vec<Vec<String>> = model.summary.iter().map(|r| r.cells().to_vec()).collect();
    assert_eq!(md_rows(&md, "### Workloads\n"), cells);
    assert_eq!(html_rows(&html, "<h3>Workloads</h3>"), cells);
    let waves: Vec<Vec<String>> = model.waves.iter().map(|w| w.cells().to_vec()).collect();
    assert_eq!(md_rows(&md, "### Waves\n"), waves);
    assert_eq!(html_rows(&html, "<h3>Waves</h3>"), waves);
    let order = |text: &str, prefix: &str| -> Vec<usize> {
        model
            .sections
            .iter()
            .map(|s| {
                text.find(&format!("{prefix}{}", s.name))
                    .unwrap_or(usize::MAX)
            })
            .collect()
    };
    for positions in [order(&md, "## "), order(&html, "<h2>")] {
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }
}

#[test]
fn html_prints_on_a4_without_half_empty_pages() {
    let (_, _, _, html) = steering();
    assert!(html.contains("@page{size:A4;margin:"));
    assert!(html.contains("tr,li,.card,table.raci{break-inside:avoid}"));
    assert!(
        !html.contains("section{break-inside"),
        "long sections may break"
    );
    assert!(html.contains("@media print"));
    assert!(
        !html.contains("src=") && !html.contains("href=") && !html.contains("<link"),
        "self-contained"
    );
    let (r, g, b) = crate::derive::stage_rgb(Stage::Staged);
    assert!(
        html.contains(&format!(
            "background:#{r:02x}{g:02x}{b:02x}\"></span><strong>Staged</strong> (2): web, db"
        )),
        "the stage name beside its colour"
    );
}

#[test]
fn csv_has_human_labels_after_every_code_column() {
    let mut plan = steering_plan();
    std::sync::Arc::make_mut(&mut plan.assets[3]).assessment = Assessment::ReadyWithConditions;
    std::sync::Arc::make_mut(&mut plan.assets[3])
        .replication
        .tool = ReplicationTool::AzureMigrate;
    let derived = derive(&plan);
    let text = report(&plan, &derived, ReportFormat::Csv, "");
    let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[4], "stage", "existing columns keep their place");
    let tail: Vec<&str> = headers.iter().skip(headers.len() - 8).collect();
    assert_eq!(tail, LABEL_COLUMNS);
    assert_eq!(
        &headers[headers.len() - 9],
        "source.in_use_mib",
        "labels come after the facts"
    );
    let column = |name: &str| headers.iter().position(|h| h == name).expect("column");
    let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let app = &rows[3];
    for (code, label, code_value, label_value) in [
        (
            "stage",
            "stage_label",
            "ReadyToReplicate",
            "Ready to replicate",
        ),
        ("kind", "kind_label", "VirtualMachine", "VM"),
        (
            "assessment",
            "assessment_label",
            "ReadyWithConditions",
            "Ready with conditions",
        ),
        (
            "replication_tool",
            "replication_tool_label",
            "AzureMigrate",
            "Azure Migrate",
        ),
        (
            "replication",
            "replication_label",
            "NotStarted",
            "Not started",
        ),
        (
            "remediation",
            "remediation_label",
            "NotRequired",
            "Not required",
        ),
        ("staging", "staging_label", "NotStaged", "Not staged"),
        ("strategy", "strategy_label", "Undecided", "Undecided"),
    ] {
        assert_eq!(&app[column(code)], code_value);
        assert_eq!(&app[column(label)], label_value);
    }
    assert_eq!(&rows[4][column("stage_label")], "Out of scope");
}

// ------------------------------------------------------------ details

/// The text between `from` and the next heading of the same level or
/// higher (`until`), for asserting what one part of a report says.
fn part<'a>(text: &'a str, from: &str, until: &[&str]) -> &'a str {
    let Some(start) = text.find(from) else {
        return "";
    };
    let rest = &text[start + from.len()..];
    let end = until
        .iter()
        .filter_map(|u| rest.find(u))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn each_workload_lists_its_checklist_by_phase_with_owners_of_open_items() {
    let mut plan = steering_plan();
    let ops = plan.parties[1].id.clone();
    let intranet = &mut plan.workloads[1];
    intranet.checklist[2].phase = Phase::Promotion;
    intranet.checklist[2].owner = Some(ops.clone());
    let mut ciso = crate::checklist::new_item(Phase::Promotion, "CISO verification done");
    ciso.owner = Some(ops.clone());
    ciso.done = true;
    intranet.checklist.push(ciso);
    intranet.checklist[0].owner = Some(ops);
    let derived = derive(&plan);
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-01-10");
    let html = report(&plan, &derived, ReportFormat::Html, "2026-01-10");

    let details = part(&md, "## Intranet\n", &["\n## "]);
    let checklist = part(
        details,
        "### Promotion checklist (2/4)\n",
        &["\n## ", "\n### "],
    );
    assert_eq!(
        checklist,
        "\n#### Business testing: 1/2\n\n\
         - [x] Identify power users\n\
         - [ ] Record feedback — no owner yet\n\n\
         #### Promotion pre-checks: 1/2\n\n\
         - [ ] Update DNS — owner: Ops\n\
         - [x] CISO verification done\n",
        "{details}"
    );
    assert!(
        !checklist.contains("Ready") && !checklist.contains("Business change plan"),
        "phases without items are left out"
    );
    assert!(
        !part(&md, "## Billing\n", &["\n## "]).contains("Promotion checklist"),
        "nothing to list for a workload without a checklist"
    );

    let html_details = part(&html, "<h2>Intranet</h2>", &["<h2>"]);
    for expected in [
        "<h3>Promotion checklist (2/4)</h3>",
        "<h4>Business testing: 1/2</h4>",
        "<li>☑ Identify power users</li>",
        "<li>☐ Record feedback <span class=\"muted\">— no owner yet</span></li>",
        "<h4>Promotion pre-checks: 1/2</h4>",
        "<li>☐ Update DNS <span class=\"muted\">— owner: Ops</span></li>",
        "<li>☑ CISO verification done</li>",
    ] {
        assert!(
            html_details.contains(expected),
            "{expected}\n{html_details}"
        );
    }
}

#[test]
fn wave_problems_are_listed_in_their_waves_section() {
    let mut plan = steering_plan();
    // Intranet (Pilot) needs Billing's API (Wave 2), and the pilot grows
    // to ten assets.
    let api = plan.assets[2].id.clone();
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push(api);
    let intranet = plan.workloads[1].id.clone();
    for i in 0..8 {
        let mut a = Asset::new(format!("intra-{i}"), AssetKind::VirtualMachine);
        a.workload = Some(intranet.clone());
        plan.assets.push(std::sync::Arc::new(a));
    }
    plan.waves[1].notes = "After the pilot's review".into();
    let derived = derive(&plan);
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-01-10");
    let html = report(&plan, &derived, ReportFormat::Html, "2026-01-10");

    let waves = part(&md, "\n## Waves\n", &["\n## "]);
    let pilot = part(waves, "### Pilot\n", &["\n### "]);
    assert!(
        pilot.contains("Dates: 2026-01-05 – 2026-01-30 · workloads: Intranet"),
        "{pilot}"
    );
    assert!(
        pilot.contains(
            "- **Warning** (dependency-in-later-wave): Intranet (wave Pilot) needs bill-api of Billing, which is in the later Wave 2"
        ),
        "{pilot}"
    );
    assert!(
        pilot.contains("- **Note** (first-wave-large): The first wave, Pilot, has 10 assets"),
        "{pilot}"
    );
    let second = part(waves, "### Wave 2\n", &["\n### "]);
    assert!(second.contains("After the pilot's review"), "{second}");
    assert!(second.contains("No wave problems."), "{second}");
    assert!(
        !second.contains("dependency-in-later-wave"),
        "a problem is listed with its own wave only"
    );
    assert!(
        md.find("\n## Waves\n") < md.find("\n## Billing\n"),
        "the waves come before the workloads' details"
    );

    let html_pilot = part(&html, "<h3>Pilot</h3>", &["</section>"]);
    assert!(
        html_pilot.contains(
            "<li><strong>Warning</strong> <span class=\"muted\">(dependency-in-later-wave)</span>: Intranet (wave Pilot) needs bill-api"
        ),
        "{html_pilot}"
    );
    assert!(html_pilot.contains("(first-wave-large)"), "{html_pilot}");
    assert!(part(&html, "<h3>Wave 2</h3>", &["</section>"]).contains("No wave problems."));

    // The same model behind both.
    let model = Report::build(&plan, &derived, "2026-01-10");
    let codes: Vec<Vec<&str>> = model
        .wave_sections
        .iter()
        .map(|w| w.problems.iter().map(|p| p.code).collect())
        .collect();
    assert_eq!(
        codes,
        [
            vec!["dependency-in-later-wave", "first-wave-large"],
            vec![],
            vec![]
        ]
    );
    assert_eq!(model.wave_sections[2].title(), "No wave");

    plan.waves.clear();
    let derived = derive(&plan);
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-01-10");
    assert!(!md.contains("\n## Waves\n"), "no waves, no wave sections");
}

/// Promotion readiness stands beside the definition of done, with what
/// keeps the workload from promotion (the example's Payroll is staged, but
/// nothing keeps its database in sync until promotion).
#[test]
fn reports_show_promotion_readiness_beside_the_definition_of_done() {
    let (plan, derived) = example();
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-11-25");
    let payroll = md.split("## Payroll\n").nth(1).expect("Payroll's section");
    let line = "**Promotion readiness:** staged ✔ · promotion: 3 blockers, no checklist yet";
    let done = payroll.find("**Definition of done:** met").expect("done");
    let ready = payroll.find(line).expect(line);
    assert!(done < ready && ready < payroll.find("### Who does what").expect("RACI"));
    assert!(payroll.contains(
        "- pay-db-01 has nothing to keep its data in sync between staging and promotion (Staged): plan a data sync"
    ));
    assert!(payroll.contains("| Promotion |"), "its RACI row, empty yet");
    let html = report(&plan, &derived, ReportFormat::Html, "2026-11-25");
    assert!(html.contains(
        "<p>Promotion readiness: staged ✔ · promotion: 3 blockers, no checklist yet</p>"
    ));
    let model = Report::build(&plan, &derived, "2026-11-25");
    let cells: Vec<(String, String)> = model
        .summary
        .iter()
        .map(|r| (r.workload.clone(), r.promotion.clone()))
        .collect();
    assert!(
        cells.contains(&("Payroll".into(), "3 blockers".into())),
        "{cells:?}"
    );
    assert!(
        cells.contains(&("HR".into(), "model undecided".into())),
        "{cells:?}"
    );
}
