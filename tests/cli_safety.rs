//! The command line never damages what it does not own: read-only plans,
//! a plan as a report's output, an existing file under `generate`, files
//! that are not plans; and `status` never hides an asset or calls a
//! workload done while something it needs is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ferry(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .output()
        .expect("ferry runs")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/examples/contoso-wave1.ron")
}

#[cfg(unix)]
#[test]
fn fmt_and_import_refuse_a_read_only_plan() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, "(format: 1, name: \"Hand written\")").expect("write");
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&plan).expect("read");
    let out = ferry(&["fmt", arg(&plan)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("read-only"),
        "{}",
        text(&out.stderr)
    );
    let csv = dir.path().join("inventory.csv");
    std::fs::write(&csv, "VM,CPUs\nweb-01,2\n").expect("csv");
    let out = ferry(&["import", "rvtools", arg(&csv), "--into", arg(&plan)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("read-only"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&plan).expect("read"), before, "untouched");
}

#[test]
fn a_report_over_its_own_plan_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    std::fs::copy(example(), &plan).expect("copy");
    let before = std::fs::read(&plan).expect("read");
    let out = ferry(&["report", arg(&plan), "--format", "csv", "-o", arg(&plan)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("would be overwritten"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&plan).expect("read"), before);
}

#[test]
fn generate_does_not_overwrite_an_existing_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, "(format: 1, name: \"Precious\")").expect("write");
    let out = ferry(&["generate", "--assets", "10", "-o", arg(&plan)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&plan).expect("read"),
        "(format: 1, name: \"Precious\")"
    );
    let out = ferry(&["generate", "--assets", "10", "-o", arg(&plan), "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn check_json_says_why_a_file_is_unreadable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(\n    format: 1,\n    nam: \"x\",\n)\n").expect("write");
    let out = ferry(&["check", arg(&broken), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON even so");
    assert_eq!(v["error"]["line"], 3);
    assert!(
        v["error"]["message"]
            .as_str()
            .expect("message")
            .contains("nam")
    );
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(0));
}

#[test]
fn import_says_when_nothing_was_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    let csv = dir.path().join("inventory.csv");
    std::fs::write(&csv, "VM,CPUs\nweb-01,2\n").expect("csv");
    let out = ferry(&["import", "rvtools", arg(&csv), "--into", arg(&plan)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("saved"));
    let out = ferry(&["import", "rvtools", arg(&csv), "--into", arg(&plan)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("nothing written") && !stdout.contains("saved"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn check_refuses_dev_zero_at_once() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let out = ferry(&["check", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a text file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn status_never_calls_done_what_depends_on_something_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    // Everything of "ERP" is staged and verified, its RACI complete and its
    // decisions made, but its asset depends on an id that is not in the
    // plan, and its Staging Accountable is a party that does not exist.
    std::fs::write(
        &plan,
        r#"(format: 1, parties: [(id: "pt-a", name: "Adoption")],
        workloads: [(id: "wl-erp", name: "ERP", promotion_model: Staged, remediation_timing: SameSprint,
          activities: [
            (kind: Remediation, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Replication, raci: {"pt-a": Accountable, "pt-b": Responsible}),
            (kind: Staging, raci: {"pt-gone": Accountable, "pt-a": Responsible}),
          ])],
        assets: [
          (id: "as-1", name: "erp-db", workload: Some("wl-erp"), depends_on: ["as-gone"],
           assessment: Ready, replication: (status: Verified, tool: AzureMigrate), staging: Staged),
          (id: "as-2", name: "lost-vm", workload: Some("wl-deleted")),
        ])"#,
    )
    .expect("write");
    let out = ferry(&["status", arg(&plan), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let erp = &v["workloads"][0];
    assert_eq!(erp["done"], false);
    let codes: Vec<&str> = erp["blockers"]
        .as_array()
        .expect("blockers")
        .iter()
        .filter_map(|b| b["code"].as_str())
        .collect();
    assert!(codes.contains(&"dependency-missing"), "{codes:?}");
    assert!(codes.contains(&"party-missing"), "{codes:?}");
    let lost = &v["assets_in_missing_workloads"];
    assert_eq!(lost[0]["name"], "lost-vm", "{v}");
    let out = ferry(&["status", arg(&plan)]);
    assert!(
        text(&out.stdout).contains("lost-vm"),
        "{}",
        text(&out.stdout)
    );
}
