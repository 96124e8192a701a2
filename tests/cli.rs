//! The `ferry` binary's subcommands: exit codes, JSON shapes, messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ferry(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .output()
        .expect("ferry runs")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/examples/contoso-wave1.ron")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&output.stdout)))
}

#[test]
fn check_on_the_example_is_clean() {
    let out = ferry(&["check", example().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 error(s)"));
}

#[test]
fn check_json_lists_problems() {
    let out = ferry(&["check", example().to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert!(
        v["file"]
            .as_str()
            .expect("file")
            .ends_with("contoso-wave1.ron")
    );
    let problems = v["problems"].as_array().expect("problems");
    assert!(!problems.is_empty());
    for p in problems {
        assert!(["error", "warning", "info"].contains(&p["severity"].as_str().expect("severity")));
        assert!(p["code"].is_string() && p["message"].is_string());
        assert!(p["subject"].is_string() || p["subject"].is_null());
    }
    assert!(
        problems
            .iter()
            .any(|p| p["code"] == "remediation-without-issues")
    );
}

#[test]
fn check_exits_1_on_errors_and_2_when_unreadable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let errors = dir.path().join("errors.ron");
    std::fs::write(
        &errors,
        r#"(format: 1, assets: [(id: "as-1", name: "a", depends_on: ["as-1"]), (id: "as-1", name: "b")])"#,
    )
    .expect("write");
    let out = ferry(&["check", errors.to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let codes: Vec<String> = json(&out)["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        codes.contains(&"duplicate-id".to_owned())
            && codes.contains(&"dependency-cycle".to_owned()),
        "{codes:?}"
    );

    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "(\n    format: 1,\n    parties: [(nam: \"x\")],\n)\n",
    )
    .expect("write");
    let out = ferry(&["check", broken.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("broken.ron:3:"), "{err}");
    assert!(err.contains("unknown field `nam`"), "{err}");
    assert!(out.stdout.is_empty(), "errors go to stderr");

    let newer = dir.path().join("newer.ron");
    std::fs::write(&newer, "(format: 9, shiny: true)").expect("write");
    let before = std::fs::read(&newer).expect("read");
    let out = ferry(&["check", newer.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("format 9"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&newer).expect("read"),
        before,
        "never overwritten"
    );

    let out = ferry(&[
        "check",
        dir.path().join("missing.ron").to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.ron"));
}

#[test]
fn status_json_has_the_documented_shape() {
    let out = ferry(&["status", example().to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["plan"], "Contoso wave 1");
    assert_eq!(v["unassigned_assets"], 5);
    let workloads = v["workloads"].as_array().expect("workloads");
    assert_eq!(workloads.len(), 4);
    let stage_keys = [
        "Blocked",
        "Remediating",
        "ReadyToReplicate",
        "Replicating",
        "Failed",
        "Replicated",
        "Verified",
        "Staged",
    ];
    for w in workloads {
        assert!(w["id"].as_str().expect("id").starts_with("wl-"));
        let stages = w["stages"].as_object().expect("stages");
        assert_eq!(stages.len(), 8);
        let sum: u64 = stage_keys
            .iter()
            .map(|k| stages[*k].as_u64().expect("count"))
            .sum();
        assert_eq!(sum, w["assets"].as_u64().expect("assets"));
        assert_eq!(
            w["done"].as_bool().expect("done"),
            w["blockers"].as_array().expect("blockers").is_empty()
        );
        for b in w["blockers"].as_array().expect("blockers") {
            assert!(b["code"].is_string() && b["message"].is_string());
            assert!(b["subject"].is_string() || b["subject"].is_null());
        }
    }
    let payroll = workloads
        .iter()
        .find(|w| w["name"] == "Payroll")
        .expect("payroll");
    assert_eq!(payroll["done"], true);
    assert_eq!(payroll["stages"]["Staged"], 5);
    let erp = workloads.iter().find(|w| w["name"] == "ERP").expect("erp");
    let codes: Vec<&str> = erp["blockers"]
        .as_array()
        .expect("b")
        .iter()
        .filter_map(|b| b["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"asset-not-staged")
            && codes.contains(&"dependency-not-staged")
            && codes.contains(&"activity-unassigned")
    );
}

#[test]
fn status_text_is_readable() {
    let out = ferry(&["status", example().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("Payroll — 5 asset(s), done"), "{s}");
    assert!(
        s.contains("erp-app-01 is Blocked: Windows Server 2003 is not supported"),
        "{s}"
    );
}

#[test]
fn generate_writes_a_plan_that_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("big.ron");
    let out = ferry(&[
        "generate",
        "--assets",
        "2000",
        "-o",
        out_path.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plan = ferry::storage::load(&out_path).expect("loads");
    assert_eq!(plan.assets.len(), 2000);
    let out = ferry(&["status", out_path.to_str().expect("utf8"), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let mut totals = [0u64; 8];
    for w in v["workloads"].as_array().expect("workloads") {
        for (i, k) in [
            "Blocked",
            "Remediating",
            "ReadyToReplicate",
            "Replicating",
            "Failed",
            "Replicated",
            "Verified",
            "Staged",
        ]
        .iter()
        .enumerate()
        {
            totals[i] += w["stages"][*k].as_u64().expect("count");
        }
    }
    assert!(
        totals.iter().all(|n| *n > 0),
        "every stage present: {totals:?}"
    );
}

#[test]
fn fmt_rewrites_a_short_file_canonically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("short.ron");
    std::fs::write(
        &path,
        r#"(format: 1, name: "Short", workloads: [(id: "wl-1", name: "ERP")])"#,
    )
    .expect("write");
    let out = ferry(&["fmt", path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(
        written.contains("\n            activities: [\n"),
        "{written}"
    );
    let plan = ferry::storage::load(&path).expect("loads");
    assert_eq!(
        written,
        ferry::storage::to_string(&plan),
        "fmt output is stable"
    );
}
