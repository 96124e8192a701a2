//! `ferry resolve`: the copies file-sync clients leave beside a plan when
//! two people saved at once, merged back and moved aside; look-alikes
//! left alone; no common version; a real conflict.

use std::path::{Path, PathBuf};
use std::process::Output;

use ferry::model::{LogKind, LogStatus, Plan, ReplicationStatus};
use ferry::storage::versions::Author;

#[path = "support/cli.rs"]
mod support;
use support::ferry;

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

fn example() -> Plan {
    ferry::example::example_plan()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON on stdout ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The plan as Alice saved it twice through Ferry (the version before
/// her last save is kept beside it): the version both copies came from,
/// and hers on top, with the first asset Failed.
fn alices_plan(dir: &Path) -> (PathBuf, Plan) {
    let path = dir.join("plan.ron");
    let author = Author::new("alice", "laptop-a");
    let options = ferry::storage::SaveOptions {
        keep: Some(ferry::storage::Keep::versions(None)),
        author: Some(&author),
        ..ferry::storage::SaveOptions::default()
    };
    let base = example();
    ferry::storage::save_with(&base, &path, &options).expect("saved");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut hers = base.clone();
    std::sync::Arc::make_mut(&mut hers.assets[0])
        .replication
        .status = ReplicationStatus::Failed;
    ferry::storage::save_with(&hers, &path, &options).expect("saved");
    (path, base)
}

/// Bob's copy: the version both came from, with a note of his.
fn bobs_copy(base: &Plan) -> Plan {
    let mut his = base.clone();
    std::sync::Arc::make_mut(&mut his.assets[1]).notes = "Bob checked the firewall".into();
    his
}

/// The open questions a merge asked: those the example plan does not
/// already have.
fn open_questions(plan: &Plan) -> Vec<&ferry::model::LogEntry> {
    let before = example();
    plan.log
        .iter()
        .filter(|l| l.kind == LogKind::Question && l.status == LogStatus::Open)
        .filter(|l| !before.log.iter().any(|b| b.id == l.id))
        .collect()
}

#[test]
fn each_sync_clients_copy_is_merged_on_the_version_both_came_from_and_moved_aside() {
    let clients = [
        ("plan-LAPTOP-7.ron", "onedrive"),
        ("plan (Bob's conflicted copy 2026-12-06).ron", "dropbox"),
        ("plan (conflicted copy 2026-12-06 104233).ron", "nextcloud"),
        (
            "plan.sync-conflict-20261206-104233-ABCDEFG.ron",
            "syncthing",
        ),
        ("plan (1).ron", "google-drive"),
    ];
    for (name, client) in clients {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, base) = alices_plan(dir.path());
        let copy = dir.path().join(name);
        ferry::storage::save(&bobs_copy(&base), &copy).expect("saved");
        let out = ferry(&["resolve", arg(&path), "--json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report = json(&out);
        assert_eq!(report["clean"], true, "{name}");
        let copies = report["copies"].as_array().expect("copies");
        assert_eq!(copies.len(), 1, "{name}");
        assert_eq!(copies[0]["client"], client, "{name}");
        let base_used = copies[0]["base"].as_str().expect("a base was found");
        assert!(
            base_used.contains("kept version") && base_used.contains("alice on laptop-a"),
            "{name}: {base_used}"
        );
        assert_eq!(copies[0]["changes_from_theirs"], 1, "{name}");
        let merged = ferry::storage::load(&path).expect("loads");
        assert_eq!(merged.assets[1].notes, "Bob checked the firewall", "{name}");
        assert_eq!(
            merged.assets[0].replication.status,
            ReplicationStatus::Failed,
            "{name}: hers kept"
        );
        assert!(open_questions(&merged).is_empty(), "{name}");
        assert!(!copy.exists(), "{name}: moved");
        let moved = dir.path().join("ferry-merged-copies").join(name);
        assert!(
            moved.exists(),
            "{name}: into ferry-merged-copies, never deleted"
        );
        assert_eq!(copies[0]["moved_to"], moved.display().to_string());
        // Nothing left to do.
        let again = ferry(&["resolve", arg(&path)]);
        assert_eq!(again.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&again.stdout).contains("No conflicted copies of plan.ron"),
            "{}",
            String::from_utf8_lossy(&again.stdout)
        );
    }
}

#[test]
fn a_plan_with_a_look_alike_name_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = alices_plan(dir.path());
    let before = std::fs::read(&path).expect("read");
    // Another plan that happens to have the same plan name (another team
    // started from the same template), named like a Google Drive copy.
    let mut lookalike = ferry::generate::generate(30, 11);
    lookalike.name = example().name;
    let decoy = dir.path().join("plan (1).ron");
    ferry::storage::save(&lookalike, &decoy).expect("saved");
    // And a plan called plan-NOTES that is another plan altogether.
    let other = dir.path().join("plan-NOTES.ron");
    ferry::storage::save(&ferry::generate::generate(5, 2), &other).expect("saved");
    let out = ferry(&["resolve", arg(&path), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    assert_eq!(report["copies"].as_array().map(Vec::len), Some(0));
    let left: Vec<&str> = report["left_alone"]
        .as_array()
        .expect("listed")
        .iter()
        .filter_map(|l| l["reason"].as_str())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        left.iter().any(|r| r.contains("shares 0 of its")),
        "{left:?}"
    );
    assert!(decoy.exists() && other.exists(), "never moved");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "plan untouched"
    );
    assert!(!dir.path().join("ferry-merged-copies").exists());
}

#[test]
fn with_no_common_version_what_either_has_is_kept_and_what_differs_is_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    // Saved without Ferry's kept versions, outside git: no base to find.
    let mut hers = example();
    std::sync::Arc::make_mut(&mut hers.assets[0]).notes = "Alice's note".into();
    ferry::storage::save(&hers, &path).expect("saved");
    let mut his = example();
    std::sync::Arc::make_mut(&mut his.assets[0]).notes = "Bob's note".into();
    his.assets
        .push(std::sync::Arc::new(ferry::model::Asset::new(
            "bob-new-vm",
            ferry::model::AssetKind::VirtualMachine,
        )));
    let copy = dir
        .path()
        .join("plan (Bob's conflicted copy 2026-12-06).ron");
    ferry::storage::save(&his, &copy).expect("saved");
    let out = ferry(&["resolve", arg(&path), "--json"]);
    assert_eq!(out.status.code(), Some(1), "a conflict: exit 1");
    let report = json(&out);
    let c = &report["copies"][0];
    assert!(c["base"].is_null(), "no base: {}", c["base"]);
    let conflicts = c["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0]["field"], "notes");
    assert_eq!(conflicts[0]["kept"], "ours");
    let merged = ferry::storage::load(&path).expect("loads");
    assert!(
        merged.assets.iter().any(|a| a.name == "bob-new-vm"),
        "his new asset added"
    );
    assert_eq!(
        merged.assets[0].notes, "Alice's note",
        "hers kept meanwhile"
    );
    let asked = open_questions(&merged);
    assert_eq!(asked.len(), 1);
    assert_eq!(conflicts[0]["question_id"], asked[0].id.as_str());
    assert!(asked[0].text.contains("'Bob's note'"), "{}", asked[0].text);
    assert!(!copy.exists());
    // The question is listed by `check` as a warning to answer.
    let check = ferry(&["check", arg(&path), "--json"]);
    let problems = json(&check);
    assert!(
        problems["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .any(|p| p["code"] == "merge-question-open"),
        "{problems}"
    );
}

#[test]
fn a_real_conflict_exits_1_and_is_an_open_question_in_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, base) = alices_plan(dir.path());
    // Bob set the same asset's replication to another value.
    let mut his = base.clone();
    std::sync::Arc::make_mut(&mut his.assets[0])
        .replication
        .status = ReplicationStatus::Verified;
    let copy = dir.path().join("plan-BOBS-PC.ron");
    ferry::storage::save(&his, &copy).expect("saved");
    let out = ferry(&["resolve", arg(&path)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("conflict with plan-BOBS-PC.ron"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Merged plan-BOBS-PC.ron"), "{stdout}");
    let merged = ferry::storage::load(&path).expect("loads");
    assert_eq!(
        merged.assets[0].replication.status,
        ReplicationStatus::Failed
    );
    let asked = open_questions(&merged);
    assert_eq!(asked.len(), 1);
    assert!(
        asked[0].text.starts_with("Merge conflict on ")
            && asked[0].text.contains("ours Failed, theirs Verified"),
        "{}",
        asked[0].text
    );
}

#[test]
fn an_unreadable_plan_is_exit_2_and_no_copy_moves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, "(name: \"half a plan\", assets: [").expect("write");
    let copy = dir.path().join("plan (1).ron");
    ferry::storage::save(&example(), &copy).expect("saved");
    let out = ferry(&["resolve", arg(&path), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    assert!(report["output"].is_null());
    assert!(report["error"]["line"].is_number(), "{report}");
    assert!(copy.exists());
}
