//! The command line never damages what it does not own: read-only plans,
//! a plan as a report's output, an existing file under `generate`, files
//! that are not plans; and `status` never hides an asset or calls a
//! workload done while something it needs is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/cli.rs"]
mod support;
use support::{ferry, text};

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
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

/// Saves a plan of `name` with one asset to `path`.
fn plan_file(path: &Path, name: &str) {
    let mut plan = ferry::model::Plan::named(name);
    plan.assets
        .push(std::sync::Arc::new(ferry::model::Asset::new(
            "web-01",
            ferry::model::AssetKind::VirtualMachine,
        )));
    ferry::storage::save(&plan, path).expect("save");
}

#[test]
fn merge_never_overwrites_an_existing_file_that_is_not_ours_unasked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, ours, theirs) = (
        dir.path().join("base.ron"),
        dir.path().join("ours.ron"),
        dir.path().join("theirs.ron"),
    );
    for p in [&base, &ours, &theirs] {
        plan_file(p, "Plan");
    }
    let out_file = dir.path().join("precious.ron");
    plan_file(&out_file, "Precious, format 1");
    let before = std::fs::read(&out_file).expect("read");
    let merge = |extra: &[&str]| {
        let mut args = vec![
            "merge",
            arg(&base),
            arg(&ours),
            arg(&theirs),
            "-o",
            arg(&out_file),
        ];
        args.extend_from_slice(extra);
        ferry(&args)
    };
    let out = merge(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&out_file).expect("read"), before, "untouched");
    // With --force it is replaced, and the replaced file is kept.
    let out = merge(&["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(ferry::storage::load(&out_file).expect("load").name, "Plan");
    let kept = ferry::storage::versions::list(&out_file, None);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0].path).expect("read"), before);
    // A newer Ferry's plan is never overwritten, --force or not.
    let newer = "(\n    format: 99,\n    name: \"From the future\",\n)\n";
    std::fs::write(&out_file, newer).expect("write");
    let out = merge(&["--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("newer"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&out_file).expect("read"), newer);
    // generate --force the same.
    let out = ferry(&["generate", "--assets", "3", "-o", arg(&out_file), "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&out_file).expect("read"), newer);
}

#[test]
fn the_merge_summary_says_which_side_each_conflict_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, ours, theirs, merged) = (
        dir.path().join("base.ron"),
        dir.path().join("ours.ron"),
        dir.path().join("theirs.ron"),
        dir.path().join("merged.ron"),
    );
    plan_file(&base, "Plan");
    // Ours deletes the asset; theirs edits it: the edit is kept (theirs).
    let mut deleted = ferry::storage::load(&base).expect("load");
    deleted.assets.clear();
    ferry::storage::save(&deleted, &ours).expect("save");
    let mut edited = ferry::storage::load(&base).expect("load");
    std::sync::Arc::make_mut(&mut edited.assets[0]).notes = "still needed".into();
    ferry::storage::save(&edited, &theirs).expect("save");
    let out = ferry(&[
        "merge",
        arg(&base),
        arg(&ours),
        arg(&theirs),
        "-o",
        arg(&merged),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("kept theirs"), "{stderr}");
    assert!(
        stderr.contains("theirs was kept for each conflict") && !stderr.contains("ours was kept"),
        "the summary agrees with the conflict's line: {stderr}"
    );
}

#[test]
fn merge_with_a_name_names_the_plan_not_its_temporary_copies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, ours, theirs) = (
        dir.path().join(".merge_file_a1"),
        dir.path().join(".merge_file_b2"),
        dir.path().join(".merge_file_c3"),
    );
    plan_file(&base, "Plan");
    let mut mine = ferry::storage::load(&base).expect("load");
    std::sync::Arc::make_mut(&mut mine.assets[0]).notes = "ours".into();
    ferry::storage::save(&mine, &ours).expect("save");
    let mut other = ferry::storage::load(&base).expect("load");
    std::sync::Arc::make_mut(&mut other.assets[0]).notes = "theirs".into();
    ferry::storage::save(&other, &theirs).expect("save");
    let out = ferry(&[
        "merge",
        arg(&base),
        arg(&ours),
        arg(&theirs),
        "-o",
        arg(&ours),
        "--name",
        "plans/contoso.ron",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains("plans/contoso.ron: conflict"), "{said}");
    assert!(!said.contains(".merge_file"), "{said}");
    // An unreadable copy is named after the plan and which copy it is.
    std::fs::write(&theirs, "(format: 1,\n  nam: \"x\")").expect("write");
    let out = ferry(&[
        "merge",
        arg(&base),
        arg(&ours),
        arg(&theirs),
        "-o",
        arg(&ours),
        "--name",
        "plans/contoso.ron",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("plans/contoso.ron (theirs):2:"), "{stderr}");
    assert!(!stderr.contains(".merge_file"), "{stderr}");
}

#[test]
fn import_of_a_file_into_itself_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let same = dir.path().join("inventory.csv");
    std::fs::write(&same, "VM,CPUs\nweb-01,2\n").expect("csv");
    let out = ferry(&[
        "import",
        "csv",
        arg(&same),
        "--into",
        arg(&same),
        "--map",
        "VM=name",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("both the inventory and the plan"),
        "{stderr}"
    );
    assert!(!stderr.contains("Expected"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&same).expect("read"),
        "VM,CPUs\nweb-01,2\n"
    );
}

#[test]
fn a_file_that_cannot_be_written_is_exit_2_for_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nowhere = dir.path().join("no such folder").join("plan.ron");
    let csv = dir.path().join("inventory.csv");
    std::fs::write(&csv, "VM,CPUs\nweb-01,2\n").expect("csv");
    let example = example();
    for args in [
        vec!["generate", "--assets", "3", "-o", arg(&nowhere)],
        vec!["import", "rvtools", arg(&csv), "--into", arg(&nowhere)],
        vec![
            "report",
            arg(&example),
            "--format",
            "csv",
            "-o",
            arg(&nowhere),
        ],
    ] {
        let out = ferry(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[cfg(unix)]
#[test]
fn import_merge_and_report_refuse_a_symlink_loop() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    std::os::unix::fs::symlink(&b, &a).expect("a -> b");
    std::os::unix::fs::symlink(&a, &b).expect("b -> a");
    let csv = dir.path().join("inventory.csv");
    std::fs::write(&csv, "VM,CPUs\nweb-01,2\n").expect("csv");
    let plan = dir.path().join("plan.ron");
    plan_file(&plan, "Plan");
    for args in [
        vec!["import", "rvtools", arg(&csv), "--into", arg(&a)],
        vec![
            "merge",
            arg(&plan),
            arg(&plan),
            arg(&plan),
            "-o",
            arg(&a),
            "--force",
        ],
        vec!["report", arg(&plan), "--format", "csv", "-o", arg(&a)],
        vec!["fmt", arg(&a)],
        vec!["import", "rvtools", arg(&a), "--into", arg(&plan)],
        vec!["check", arg(&a)],
    ] {
        let out = ferry(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("circle"),
            "{args:?}: {}",
            text(&out.stderr)
        );
        for link in [&a, &b] {
            assert!(
                std::fs::symlink_metadata(link)
                    .expect("meta")
                    .file_type()
                    .is_symlink(),
                "{args:?}: the link was replaced"
            );
        }
    }
}

/// Makes a FIFO; `None` where there is no `mkfifo`.
#[cfg(unix)]
fn fifo(path: &Path) -> Option<()> {
    let made = Command::new("mkfifo").arg(path).status();
    made.is_ok_and(|s| s.success()).then_some(())
}

#[cfg(unix)]
#[test]
fn a_plan_deleted_during_an_import_is_not_recreated() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("plan.ron");
    plan_file(&plan, "Plan");
    let pipe = dir.path().join("inventory.csv");
    if fifo(&pipe).is_none() {
        eprintln!("mkfifo not available, skipped");
        return;
    }
    let child = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["import", "rvtools", arg(&pipe), "--into", arg(&plan)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ferry starts");
    // Opening the pipe waits for the import to read it: by then it has
    // read the plan. The plan is deleted, then the inventory comes.
    let mut writer = std::fs::OpenOptions::new()
        .write(true)
        .open(&pipe)
        .expect("the import reads");
    std::fs::remove_file(&plan).expect("deleted meanwhile");
    writer.write_all(b"VM,CPUs\nweb-02,2\n").expect("inventory");
    drop(writer);
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("deleted or moved"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stdout).contains("saved"),
        "{}",
        text(&out.stdout)
    );
    assert!(!plan.exists(), "not recreated");
}

#[test]
fn control_characters_in_imported_names_are_taken_out_and_check_flags_any() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("inventory.csv");
    std::fs::write(&csv, b"VM,CPUs\n\0\0\0,2\nweb\0-01,2\ndb-01,4\n").expect("csv");
    let plan = dir.path().join("plan.ron");
    let out = ferry(&["import", "rvtools", arg(&csv), "--into", arg(&plan)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("row 3, column VM: the name had control characters (U+0000)"),
        "{stdout}"
    );
    assert!(stdout.contains("row 2, column VM: no name"), "{stdout}");
    let names: Vec<String> = ferry::storage::load(&plan)
        .expect("load")
        .assets
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(names, ["web-01", "db-01"]);
    // A name with control characters written by hand: check says so.
    let hand = dir.path().join("hand.ron");
    let mut plan = ferry::model::Plan::named("Hand");
    plan.parties.push(ferry::model::Party::new(
        "Ops\u{1b}[31m",
        ferry::model::PartyKind::Team,
        ferry::model::Role::Other,
    ));
    plan.assets
        .push(std::sync::Arc::new(ferry::model::Asset::new(
            "a\u{0}b",
            ferry::model::AssetKind::VirtualMachine,
        )));
    ferry::storage::save(&plan, &hand).expect("save");
    let out = ferry(&["check", arg(&hand), "--json"]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let flagged: Vec<&str> = v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["code"] == "control-character-in-name")
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert_eq!(flagged.len(), 2, "{v}");
    assert!(flagged.iter().any(|m| m.contains("U+001B")), "{flagged:?}");
    assert!(flagged.iter().any(|m| m.contains("U+0000")), "{flagged:?}");
}
