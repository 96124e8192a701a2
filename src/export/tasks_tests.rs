use std::sync::Arc;

use super::*;
use crate::model::{
    Asset, AssetKind, ChecklistItem, Issue, LogEntry, Party, PartyKind, Phase, Role, Strategy, Wave,
};

fn plan() -> Plan {
    let mut plan = Plan::named("Contoso");
    let mut dana = Party::new("Dana Lee", PartyKind::Person, Role::CloudAdoption);
    dana.contact = "dana.lee@contoso.example".into();
    let dbas = Party::new("DBAs", PartyKind::Team, Role::CloudPlatform);
    let mut erp = Workload::new("ERP, core");
    erp.wave = "Wave 1".into();
    erp.activity_mut(ActivityKind::Remediation)
        .raci
        .insert(dbas.id.clone(), Raci::Responsible);
    erp.checklist = vec![
        ChecklistItem {
            id: "ck-later001".into(),
            phase: Phase::Promotion,
            text: "DNS updated".into(),
            ..ChecklistItem::default()
        },
        ChecklistItem {
            id: "ck-test0001".into(),
            phase: Phase::BusinessTesting,
            text: "Power users identified".into(),
            owner: Some(dana.id.clone()),
            ..ChecklistItem::default()
        },
        ChecklistItem {
            id: "ck-done0001".into(),
            text: "Already done".into(),
            done: true,
            ..ChecklistItem::default()
        },
    ];
    let mut db = Asset::new("erp-db-01", AssetKind::Database);
    db.workload = Some(erp.id.clone());
    db.remediation.issues = vec![
        Issue {
            text: "=SQL 2008 unsupported".into(),
            resolved: false,
        },
        Issue {
            text: "Fixed already".into(),
            resolved: true,
        },
        Issue {
            text: "=SQL 2008 unsupported".into(),
            resolved: false,
        },
    ];
    let mut retired = Asset::new("old-fax", AssetKind::Other);
    retired.strategy = Strategy::Retire;
    retired.remediation.issues = vec![Issue {
        text: "Not migrated, so no work".into(),
        resolved: false,
    }];
    let mut loose = Asset::new("inventory-vm", AssetKind::VirtualMachine);
    loose.remediation.issues = vec![Issue {
        text: "Old kernel".into(),
        resolved: false,
    }];
    plan.waves = vec![Wave {
        name: "Wave 1".into(),
        start: Some("2026-03-02".into()),
        end: Some("2026-03-20".into()),
        notes: String::new(),
    }];
    plan.log = vec![
        LogEntry {
            id: "lg-action01".into(),
            kind: LogKind::Action,
            text: "Book the cutover window\nwith the service desk".into(),
            owner: Some(dana.id.clone()),
            about: Some(db.id.clone()),
            due: Some("2026-03-13".into()),
            date: "2026-02-20".into(),
            ..LogEntry::default()
        },
        LogEntry {
            id: "lg-quest001".into(),
            kind: LogKind::Question,
            text: "Which region?".into(),
            owner: Some(dbas.id.clone()),
            ..LogEntry::default()
        },
        LogEntry {
            id: "lg-decis001".into(),
            kind: LogKind::Decision,
            text: "Decisions are not work".into(),
            ..LogEntry::default()
        },
        LogEntry {
            id: "lg-done0001".into(),
            kind: LogKind::Action,
            text: "Done already".into(),
            status: LogStatus::Done,
            ..LogEntry::default()
        },
    ];
    plan.parties = vec![dana, dbas];
    plan.workloads = vec![erp];
    plan.assets = vec![Arc::new(db), Arc::new(retired), Arc::new(loose)];
    plan
}

fn read_back(text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a row");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn the_tracker_csv_reads_back_with_its_header_and_one_row_per_open_item() {
    let plan = plan();
    let text = csv(&plan);
    let (header, rows) = read_back(&text);
    assert_eq!(header, COLUMNS);
    let ids: Vec<&str> = rows.iter().map(|r| r["Ferry ID"].as_str()).collect();
    let db = &plan.assets[0].id;
    let loose = &plan.assets[2].id;
    let issue = format!("{db}/issue-{:08x}", text_hash("=SQL 2008 unsupported"));
    assert_eq!(
        ids,
        [
            "lg-action01".to_owned(),
            "lg-quest001".to_owned(),
            "ck-test0001".to_owned(),
            "ck-later001".to_owned(),
            issue.clone(),
            format!("{issue}-2"),
            format!("{loose}/issue-{:08x}", text_hash("Old kernel")),
        ],
        "open actions and questions, open checklist items by phase, unresolved issues of migrated assets"
    );
    assert!(
        rows.iter()
            .all(|r| r["Work Item Type"] == "Task" && r["State"] == "To Do")
    );

    let action = &rows[0];
    assert_eq!(
        action["Title"],
        "Book the cutover window with the service desk"
    );
    assert_eq!(action["Assigned To"], "Dana Lee <dana.lee@contoso.example>");
    assert_eq!(action["Due Date"], "2026-03-13");
    assert_eq!(
        action["Tags"], "Ferry; Action; ERP core; Wave 1",
        "about an asset: its workload and wave, without the tag separators"
    );
    assert!(action["Description"].contains("About: erp-db-01"));
    assert_eq!(rows[1]["Assigned To"], "DBAs");
    assert_eq!(rows[1]["Tags"], "Ferry; Question");
    assert_eq!(rows[1]["Due Date"], "");

    let checklist = &rows[2];
    assert_eq!(checklist["Title"], "ERP, core: Power users identified");
    assert_eq!(
        checklist["Due Date"], "2026-03-20",
        "due when the wave ends"
    );
    assert_eq!(checklist["Tags"], "Ferry; Checklist; ERP core; Wave 1");

    let issue_row = &rows[4];
    assert_eq!(issue_row["Title"], "erp-db-01: =SQL 2008 unsupported");
    assert_eq!(
        issue_row["Assigned To"], "DBAs",
        "the workload's Responsible for remediation"
    );
    assert_eq!(
        issue_row["Due Date"], "2026-03-02",
        "due when the wave starts"
    );
    assert_eq!(rows[6]["Tags"], "Ferry; Remediation");
    assert!(
        !text.contains("pt-") && !text.contains("wl-"),
        "names, never ids of parties or workloads: {text}"
    );
}

#[test]
fn the_same_plan_gives_the_same_bytes_and_formulas_are_defused() {
    let mut plan = plan();
    plan.log[1].text = "=HYPERLINK(\"http://x\")".into();
    let text = csv(&plan);
    assert_eq!(text, csv(&plan));
    let (_, rows) = read_back(&text);
    assert_eq!(rows[1]["Title"], "'=HYPERLINK(\"http://x\")");
}

#[test]
fn an_owner_override_assigns_the_issue() {
    let mut plan = plan();
    let dana = plan.parties[0].id.clone();
    Arc::make_mut(&mut plan.assets[0])
        .owners
        .insert(ActivityKind::Remediation, dana);
    let (_, rows) = read_back(&csv(&plan));
    assert_eq!(
        rows[4]["Assigned To"],
        "Dana Lee <dana.lee@contoso.example>"
    );
}

#[test]
fn a_plan_with_no_open_work_has_the_header_only() {
    let (header, rows) = read_back(&csv(&Plan::named("Empty")));
    assert_eq!(header, COLUMNS);
    assert!(rows.is_empty());
}
