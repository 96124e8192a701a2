use super::*;
use crate::derive::derive;
use crate::export::{ReportFormat, report};
use crate::model::{
    ActivityKind, Asset, AssetKind, LogEntry, LogKind, LogStatus, Party, PartyKind, Raci,
    RemediationTiming, Role,
};

/// A workload of 70 assets nobody has assessed, and two that are blocked.
fn unassessed_plan() -> Plan {
    let mut plan = Plan::named("Inventory");
    let workload = Workload::new("Sandbox");
    for i in 1..=70 {
        let mut a = Asset::new(format!("app-{i:02}"), AssetKind::VirtualMachine);
        a.workload = Some(workload.id.clone());
        plan.assets.push(a.into());
    }
    for name in ["legacy-01", "legacy-02"] {
        let mut a = Asset::new(name, AssetKind::VirtualMachine);
        a.workload = Some(workload.id.clone());
        a.assessment = crate::model::Assessment::NotReady;
        plan.assets.push(a.into());
    }
    plan.workloads.push(workload);
    plan
}

#[test]
fn many_blockers_of_one_rule_make_one_counted_line_with_the_first_names() {
    let plan = unassessed_plan();
    let derived = derive(&plan);
    let lines = blockers(&plan, &derived, &derived.workloads[0].blockers);
    let unassessed: Vec<&String> = lines.iter().filter(|l| l.contains("app-")).collect();
    assert_eq!(
        unassessed,
        ["70 assets Unassessed: app-01, app-02, app-03, … and 67 more"],
        "{lines:#?}"
    );
    // A group of a few keeps its messages whole.
    assert!(
        lines.iter().any(|l| l.starts_with("legacy-01 is Blocked")),
        "{lines:#?}"
    );
    assert!(lines.len() < 10, "{lines:#?}");
}

#[test]
fn a_group_with_one_name_more_than_shown_names_them_all() {
    let mut plan = unassessed_plan();
    let keep: Vec<_> = plan.assets.iter().skip(66).cloned().collect();
    plan.assets = keep;
    let derived = derive(&plan);
    let lines = blockers(&plan, &derived, &derived.workloads[0].blockers);
    assert!(
        lines.contains(&"4 assets Unassessed: app-67, app-68, app-69, app-70".to_owned()),
        "{lines:#?}"
    );
}

#[test]
fn the_report_summarises_blockers_and_keeps_the_full_asset_list() {
    let plan = unassessed_plan();
    let derived = derive(&plan);
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-12-07");
    assert!(
        md.contains("- 70 assets Unassessed: app-01, app-02, app-03, … and 67 more\n"),
        "{md}"
    );
    assert!(!md.contains("- app-04 is Unassessed"), "{md}");
    // The Assets section still names every asset.
    let assets = md.split("### Assets").nth(1).expect("an Assets section");
    assert!(assets.contains("app-04") && assets.contains("app-70"));
    let html = report(&plan, &derived, ReportFormat::Html, "2026-12-07");
    assert!(html.contains("<li>70 assets Unassessed: app-01, app-02, app-03, … and 67 more</li>"));
    assert_eq!(html.matches("is Unassessed").count(), 0);
}

fn log_entry(kind: LogKind, text: &str, status: LogStatus, due: Option<&str>) -> LogEntry {
    LogEntry {
        id: crate::model::new_id(crate::model::IdKind::Log),
        kind,
        text: text.into(),
        status,
        date: "2026-12-01".into(),
        due: due.map(str::to_owned),
        ..LogEntry::default()
    }
}

#[test]
fn the_log_shows_due_dates_and_done_decisions_apart() {
    let mut plan = unassessed_plan();
    plan.log = vec![
        log_entry(
            LogKind::Action,
            "Ask the DBAs for a window",
            LogStatus::Open,
            Some("2026-12-15"),
        ),
        log_entry(
            LogKind::Question,
            "Who owns the firewall?",
            LogStatus::Open,
            None,
        ),
        log_entry(
            LogKind::Decision,
            "Sandbox is promoted in one step",
            LogStatus::Done,
            Some("2026-12-02"),
        ),
    ];
    let derived = derive(&plan);
    let md = report(&plan, &derived, ReportFormat::Markdown, "2026-12-07");
    let log = md.split("## Open log entries").nth(1).expect("the log");
    assert!(
        log.contains("| Date | Kind | Entry | Owner | Due |"),
        "{log}"
    );
    assert!(
        log.contains("| 2026-12-01 | Action | Ask the DBAs for a window |  | 2026-12-15 |"),
        "{log}"
    );
    assert!(log.contains("| Who owns the firewall? |  | — |"), "{log}");
    assert!(
        !log.contains("promoted in one step"),
        "a done decision is not open: {log}"
    );
    // It is the workshop's record: listed among the decisions made.
    let made = md
        .split("## Decisions made")
        .nth(1)
        .and_then(|s| s.split("## Open log entries").next())
        .expect("the decisions made");
    assert!(
        made.contains("| 2026-12-01 | Sandbox is promoted in one step |"),
        "{made}"
    );
    assert!(!made.contains("Who owns the firewall?"), "{made}");
    let html = report(&plan, &derived, ReportFormat::Html, "2026-12-07");
    assert!(html.contains("<th>Due</th>") && html.contains("<td>2026-12-15</td>"));
    let html_open = html
        .split("<h2>Open log entries</h2>")
        .nth(1)
        .expect("open");
    assert!(!html_open.contains("promoted in one step"));
    assert!(html.contains("<h2>Decisions made</h2>"));
}

#[test]
fn the_team_check_is_reported_with_who_has_not_confirmed() {
    let mut plan = unassessed_plan();
    let dbas = Party::new("DBAs", PartyKind::Team, Role::Other);
    let ops = Party::new("Ops", PartyKind::Team, Role::CloudOperations);
    let w = &mut plan.workloads[0];
    let activity = w.activity_mut(ActivityKind::Remediation);
    activity.raci.insert(dbas.id.clone(), Raci::Responsible);
    activity.raci.insert(ops.id.clone(), Raci::Accountable);
    plan.parties = vec![dbas.clone(), ops];
    // Undecided timing: nothing to confirm, nothing said.
    assert_eq!(team_check(&plan, &plan.workloads[0]), None);
    let md = report(
        &plan,
        &derived_of(&plan),
        ReportFormat::Markdown,
        "2026-12-07",
    );
    assert!(!md.contains("Team check"));

    plan.workloads[0].remediation_timing = RemediationTiming::SameSprint;
    plan.workloads[0].remediation_timing_confirmed_by = vec![dbas.id.clone()];
    let md = report(
        &plan,
        &derived_of(&plan),
        ReportFormat::Markdown,
        "2026-12-07",
    );
    assert!(
        md.contains("**Team check** (who knows how remediation is done): 1 of 2 confirmed (DBAs); waiting for Ops"),
        "{md}"
    );
    let html = report(&plan, &derived_of(&plan), ReportFormat::Html, "2026-12-07");
    assert!(html.contains("Team check (who knows how remediation is done): 1 of 2 confirmed"));

    let ops_id = plan.parties[1].id.clone();
    plan.workloads[0]
        .remediation_timing_confirmed_by
        .push(ops_id);
    assert_eq!(
        team_check(&plan, &plan.workloads[0]).as_deref(),
        Some("everyone confirmed ✔ (DBAs, Ops)")
    );
}

fn derived_of(plan: &Plan) -> Derived {
    derive(plan)
}

#[test]
fn html_tables_wrap_to_the_width_of_an_a4_page() {
    let plan = unassessed_plan();
    let html = report(&plan, &derive(&plan), ReportFormat::Html, "2026-12-07");
    // Cells may break anywhere, and the wide tables take the page's width
    // rather than their content's, so nothing runs past the right margin.
    assert!(html.contains("overflow-wrap:anywhere"));
    assert!(html.contains("table.summary,table.log{width:100%}"));
    assert!(html.contains("@page{size:A4"));
    // But an activity's name in the RACI table is never broken
    // ("Remediati on"): the party columns wrap at their spaces instead.
    assert!(html.contains("table.raci td:first-child{white-space:nowrap}"));
}
