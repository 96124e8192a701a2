//! `ferry suggest-waves`: the documented JSON, reasons in words, the same
//! answer every time, `--apply` as one guarded save after which suggesting
//! again moves nothing, and exit 2 for what cannot be read or written.

use std::path::{Path, PathBuf};

#[path = "support/cli.rs"]
mod support;
use support::{ferry, json, text};

/// ERP needs the data platform's lake; CRM and Billing need each other;
/// HR is a small Low-criticality pilot candidate; Payroll is pinned to
/// Main. The plan has two waves, Pilot and Main.
const PLAN: &str = r#"(
    format: 3,
    name: "Suggest test",
    bandwidth_mbps: Some(1000),
    waves: [
        (name: "Pilot", start: Some("2026-03-01"), end: Some("2026-03-14"), notes: "kick-off"),
        (name: "Main"),
    ],
    workloads: [
        (id: "wl-erp", name: "ERP", criticality: High),
        (id: "wl-dp", name: "Data platform", criticality: Medium),
        (id: "wl-crm", name: "CRM", criticality: Medium),
        (id: "wl-bill", name: "Billing", criticality: Medium),
        (id: "wl-hr", name: "HR", criticality: Low, environment: NonProduction),
        (id: "wl-pay", name: "Payroll", wave: "Main", wave_pinned: true),
    ],
    assets: [
        (id: "as-erp", name: "erp-app", workload: Some("wl-erp"), depends_on: ["as-lake"]),
        (id: "as-lake", name: "dp-lake-01", workload: Some("wl-dp")),
        (id: "as-crm", name: "crm-app", workload: Some("wl-crm"), depends_on: ["as-bill"]),
        (id: "as-bill", name: "bill-app", workload: Some("wl-bill"), depends_on: ["as-crm"]),
        (id: "as-hr1", name: "hr-app", workload: Some("wl-hr")),
        (id: "as-hr2", name: "hr-db", workload: Some("wl-hr")),
        (id: "as-pay", name: "pay-app", workload: Some("wl-pay")),
    ],
)"#;

fn plan_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, PLAN).expect("write the plan");
    (dir, path)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

/// Workload name → (wave name, reasons) in a JSON suggestion.
fn placed(v: &serde_json::Value, name: &str) -> (String, Vec<String>) {
    for wave in v["waves"].as_array().expect("waves") {
        for w in wave["workloads"].as_array().expect("workloads") {
            if w["name"] == name {
                let reasons = w["reasons"]
                    .as_array()
                    .expect("reasons")
                    .iter()
                    .map(|r| r.as_str().expect("a reason is text").to_owned())
                    .collect();
                return (wave["name"].as_str().expect("name").to_owned(), reasons);
            }
        }
    }
    panic!("{name} placed nowhere: {v}");
}

#[test]
fn suggest_waves_json_has_the_documented_shape_and_reasons() {
    let (_dir, plan) = plan_file();
    let out = ferry(&["suggest-waves", arg(&plan), "--json", "--max-assets", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["plan"], "Suggest test");
    let waves = v["waves"].as_array().expect("waves");
    assert_eq!(waves[0]["name"], "Pilot", "existing waves first, in order");
    assert_eq!(waves[0]["new"], false);
    assert_eq!(waves[1]["name"], "Main");
    for wave in waves {
        for key in ["assets", "storage_gib", "replication_hours", "workloads"] {
            assert!(wave.get(key).is_some(), "{key} missing in {wave}");
        }
        for w in wave["workloads"].as_array().expect("workloads") {
            for key in ["name", "moved_from", "pinned", "reasons"] {
                assert!(w.get(key).is_some(), "{key} missing in {w}");
            }
            assert!(
                !w["reasons"].as_array().expect("reasons").is_empty(),
                "every workload has a reason: {w}"
            );
        }
    }
    let (hr, why) = placed(&v, "HR");
    assert_eq!(hr, "Pilot");
    assert!(
        why.iter().any(|r| r == "pilot: 2 assets, Low criticality"),
        "{why:?}"
    );
    let (pay, why) = placed(&v, "Payroll");
    assert_eq!(pay, "Main");
    assert_eq!(why, ["pinned to Main"]);
    let (erp, why) = placed(&v, "ERP");
    let (dp, _) = placed(&v, "Data platform");
    let order = |name: &str| waves.iter().position(|w| w["name"] == name).expect("wave");
    assert!(order(&erp) >= order(&dp), "ERP after what it needs");
    assert!(
        why.iter()
            .any(|r| r.ends_with("Data platform: needs dp-lake-01")),
        "{why:?}"
    );
    let (crm, why) = placed(&v, "CRM");
    assert_eq!(placed(&v, "Billing").0, crm, "they need each other");
    assert!(
        why.iter()
            .any(|r| r == "with Billing: they need each other"),
        "{why:?}"
    );
    assert!(v["warnings"].as_array().is_some());
}

#[test]
fn the_same_plan_gives_the_same_answer() {
    let (_dir, plan) = plan_file();
    let first = ferry(&["suggest-waves", arg(&plan), "--max-assets", "2"]);
    let second = ferry(&["suggest-waves", arg(&plan), "--max-assets", "2"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert_eq!(first.stdout, second.stdout);
    let out = text(&first.stdout);
    assert!(out.contains("Suggested waves for Suggest test"), "{out}");
    assert!(out.contains("(new)"), "new waves are marked: {out}");
    assert!(out.contains("Payroll [pinned]"), "{out}");
}

#[test]
fn apply_writes_one_change_and_suggesting_again_moves_nothing() {
    let (_dir, plan) = plan_file();
    let before = std::fs::read_to_string(&plan).expect("read");
    let out = ferry(&["suggest-waves", arg(&plan), "--max-assets", "3", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Apply suggested waves: move"),
        "{}",
        text(&out.stderr)
    );
    let after = std::fs::read_to_string(&plan).expect("read");
    assert_ne!(before, after);
    assert!(
        after.contains("notes: \"kick-off\""),
        "wave notes kept: {after}"
    );
    let check = ferry(&["check", arg(&plan)]);
    assert!(
        !text(&check.stdout).contains("dependency-in-later-wave"),
        "{}",
        text(&check.stdout)
    );
    let again = ferry(&["suggest-waves", arg(&plan), "--max-assets", "3", "--json"]);
    let v = json(&again);
    for wave in v["waves"].as_array().expect("waves") {
        assert_eq!(wave["new"], false, "{wave}");
        for w in wave["workloads"].as_array().expect("workloads") {
            assert!(w["moved_from"].is_null(), "moved again: {w}");
        }
    }
    let again = ferry(&["suggest-waves", arg(&plan), "--max-assets", "3", "--apply"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again.stdout).contains("Nothing to move"));
    assert_eq!(
        std::fs::read_to_string(&plan).expect("read"),
        after,
        "nothing written the second time"
    );
}

#[test]
fn unreadable_plans_and_bad_limits_exit_2_with_nothing_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.ron");
    let out = ferry(&["suggest-waves", arg(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.ron"));
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format: 3, name: \"x\", workloads: [").expect("write");
    let out = ferry(&["suggest-waves", arg(&broken), "--apply"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("broken.ron:1:"),
        "{}",
        text(&out.stderr)
    );
    let (_dir, plan) = plan_file();
    let out = ferry(&["suggest-waves", arg(&plan), "--max-assets", "0"]);
    assert_eq!(out.status.code(), Some(2), "a limit of 0 is refused");
}
