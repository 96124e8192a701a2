//! Promotion readiness on the command line (format 3): `status --json`
//! says per workload whether it is promotion-ready and what keeps it, and
//! `check` lists the promotion rules with their reason from CAF. The plan
//! below makes each of the four rules fire exactly once.

use std::path::Path;

#[path = "support/cli.rs"]
mod support;
use support::{ferry, text};

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

/// Payroll (Staged) keeps its database in sync with nothing; Intranet
/// (SingleStep) is copied once by Data Box, and Adoption and DBAs hold
/// both its Staging and its Promotion; HR (Undecided) is being remediated;
/// Billing (Flight) is ready for promotion.
const PLAN: &str = r#"
(format: 3, name: "Promotion rules",
 parties: [(id: "pt-a", name: "Adoption", role: CloudAdoption),
           (id: "pt-o", name: "Ops", role: CloudOperations), (id: "pt-b", name: "DBAs")],
 workloads: [
  (id: "wl-pay", name: "Payroll", promotion_model: Staged, remediation_timing: SameSprint,
          remediation_timing_confirmed_by: ["pt-a", "pt-b", "pt-o"], checklist: [(id: "ck-pay1", phase: Ready, text: "Users trained", done: true),
                       (id: "ck-pay2", phase: Promotion, text: "DNS updated", done: true)],
          activities: [
            (kind: Remediation, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Replication, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Staging, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Promotion, raci: {"pt-a": Accountable, "pt-o": Responsible})]),
  (id: "wl-intra", name: "Intranet", promotion_model: SingleStep, remediation_timing: SameSprint,
          remediation_timing_confirmed_by: ["pt-a", "pt-b", "pt-o"], checklist: [(id: "ck-intra1", phase: Ready, text: "Users trained", done: true),
                       (id: "ck-intra2", phase: Promotion, text: "DNS updated", done: true)],
          activities: [
            (kind: Remediation, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Replication, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Staging, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Promotion, raci: {"pt-a": Accountable, "pt-b": Responsible})]),
  (id: "wl-hr", name: "HR", promotion_model: Undecided, remediation_timing: SameSprint,
          remediation_timing_confirmed_by: ["pt-a", "pt-b", "pt-o"], checklist: [],
          activities: [
            (kind: Remediation, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Replication, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Staging, raci: {"pt-a": Accountable, "pt-b": Responsible})]),
  (id: "wl-bill", name: "Billing", promotion_model: Flight, remediation_timing: SameSprint,
          remediation_timing_confirmed_by: ["pt-a", "pt-b", "pt-o"], checklist: [(id: "ck-bill1", phase: Ready, text: "Users trained", done: true),
                       (id: "ck-bill2", phase: Promotion, text: "DNS updated", done: true)],
          activities: [
            (kind: Remediation, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Replication, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Staging, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Promotion, raci: {"pt-a": Accountable, "pt-o": Responsible})])],
 assets: [
  (id: "as-payweb", name: "pay-web", kind: VirtualMachine, workload: Some("wl-pay"), strategy: Rehost,
         assessment: Ready, staging: Staged, replication: (status: Verified, tool: AzureMigrate)),
  (id: "as-paydb", name: "pay-db", kind: Database, workload: Some("wl-pay"), strategy: Rehost,
         assessment: Ready, staging: Staged, replication: (status: Verified, tool: DatabaseMigrationService)),
  (id: "as-intraweb", name: "intra-web", kind: VirtualMachine, workload: Some("wl-intra"), strategy: Rehost,
         assessment: Ready, staging: Staged, replication: (status: Verified, tool: DataBox)),
  (id: "as-hrapp", name: "hr-app", kind: VirtualMachine, workload: Some("wl-hr"), strategy: Rehost,
         assessment: Ready, replication: (status: NotStarted, tool: AzureMigrate), remediation: (status: InProgress, issues: [(text: "Old runtime", resolved: false)])),
  (id: "as-billfiles", name: "bill-files", kind: Data, workload: Some("wl-bill"), strategy: Rehost,
         assessment: Ready, staging: Staged, replication: (status: Verified, tool: AzCopy), data_sync: Some(SiteRecovery))])
"#;

fn write_plan(dir: &Path) -> std::path::PathBuf {
    let plan = dir.join("rules.ron");
    std::fs::write(&plan, PLAN).expect("write");
    plan
}

fn workload<'a>(status: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    status["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .find(|w| w["name"] == name)
        .unwrap_or_else(|| panic!("{name} in the status"))
}

/// The codes of a workload's promotion blockers.
fn blocker_codes(w: &serde_json::Value) -> Vec<&str> {
    w["promotion_blockers"]
        .as_array()
        .expect("promotion_blockers, always")
        .iter()
        .map(|b| b["code"].as_str().expect("code"))
        .collect()
}

#[test]
fn status_json_says_who_is_ready_for_promotion_and_why_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write_plan(dir.path());
    let out = ferry(&["status", arg(&plan), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");

    let payroll = workload(&status, "Payroll");
    assert_eq!(payroll["done"], true, "done does not change");
    assert_eq!(payroll["promotion_ready"], false);
    assert_eq!(blocker_codes(payroll), ["data-sync-missing"]);
    let blocker = &payroll["promotion_blockers"][0];
    assert_eq!(blocker["subject"], "as-paydb");
    assert!(
        blocker["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("pay-db has nothing to keep its data in sync")),
        "{blocker}"
    );

    let intranet = workload(&status, "Intranet");
    assert_eq!(intranet["done"], true);
    assert_eq!(intranet["promotion_ready"], false);
    assert_eq!(
        blocker_codes(intranet),
        ["one-shot-copy-for-single-step"],
        "separation of duties is a note, not a blocker"
    );
    assert_eq!(intranet["promotion_blockers"][0]["subject"], "as-intraweb");

    let hr = workload(&status, "HR");
    assert_eq!(hr["done"], false);
    assert_eq!(hr["promotion_ready"], false);
    assert!(
        blocker_codes(hr).is_empty(),
        "the remediation warning does not block promotion"
    );

    let billing = workload(&status, "Billing");
    assert_eq!(billing["done"], true);
    assert_eq!(billing["promotion_ready"], true);
    assert!(blocker_codes(billing).is_empty());
}

#[test]
fn status_json_lists_open_checklist_items_and_the_promotion_raci() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write_plan(dir.path());
    let edited = PLAN
        .replacen(
            r#"(id: "ck-bill2", phase: Promotion, text: "DNS updated", done: true)"#,
            r#"(id: "ck-bill2", phase: Promotion, text: "DNS updated", done: false)"#,
            1,
        )
        .replacen(
            r#"(kind: Promotion, raci: {"pt-a": Accountable, "pt-o": Responsible})])],"#,
            r#"(kind: Promotion, raci: {"pt-a": Accountable})])],"#,
            1,
        );
    assert_ne!(edited, PLAN);
    std::fs::write(&plan, edited).expect("write");
    let out = ferry(&["status", arg(&plan), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let billing = workload(&status, "Billing");
    assert_eq!(billing["promotion_ready"], false);
    assert_eq!(
        blocker_codes(billing),
        ["activity-unassigned", "checklist-not-done"]
    );
    assert_eq!(
        billing["promotion_blockers"][0]["subject"],
        "wl-bill/Promotion"
    );
    assert_eq!(
        billing["promotion_blockers"][1]["message"],
        "Promotion pre-checks: “DNS updated” is not done"
    );
    assert_eq!(billing["checklist"]["done"], 1);
    assert_eq!(billing["done"], true, "promotion's RACI is not done's");
}

#[test]
fn check_lists_each_promotion_rule_once_with_its_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write_plan(dir.path());
    let out = ferry(&["check", arg(&plan), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let problems = check["problems"].as_array().expect("problems");
    for (code, severity, subject) in [
        ("data-sync-missing", "warning", "as-paydb"),
        ("one-shot-copy-for-single-step", "warning", "as-intraweb"),
        ("separation-of-duties", "info", "wl-intra/Promotion"),
        ("remediation-before-promotion-model", "warning", "wl-hr"),
    ] {
        let found: Vec<&serde_json::Value> =
            problems.iter().filter(|p| p["code"] == code).collect();
        assert_eq!(found.len(), 1, "{code}: {problems:#?}");
        assert_eq!(found[0]["severity"], severity, "{code}");
        assert_eq!(found[0]["subject"], subject, "{code}");
    }

    let out = ferry(&["check", arg(&plan)]);
    assert_eq!(out.status.code(), Some(0));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("why [data-sync-missing] CAF: In staged and flight promotion"),
        "{listed}"
    );
    assert_eq!(
        listed.matches("why [").count(),
        4,
        "once per rule: {listed}"
    );
    assert!(listed.contains("0 errors, 4 warnings, 1 note"), "{listed}");
}

#[test]
fn status_text_shows_readiness_beside_the_definition_of_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write_plan(dir.path());
    let out = ferry(&["status", arg(&plan)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for line in [
        "Payroll — 2 assets, done\n  Staged 2\n  staged ✔ · promotion: 1 blocker, checklist 2/2\n",
        "  staged ✔ · promotion ready ✔\n",
        "  not staged · promotion model undecided\n",
        "  - promotion: intra-web is replicated with Data Box, which copies once",
    ] {
        assert!(shown.contains(line), "{line}\n{shown}");
    }
}
