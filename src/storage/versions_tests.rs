//! Kept versions: beside the plan, bounded, labelled with when each was
//! written and by whom, in the home folder where the plan's folder cannot
//! hold them. One test per loss they prevent.

use std::path::Path;

use super::*;
use crate::model::Plan;
use crate::storage::{Baseline, Keep, SaveOptions, load, save_with};

fn named(name: &str) -> Plan {
    Plan::named(name)
}

/// Saves `name` over `path` as `author` would (guarded by what it read),
/// keeping the replaced version.
fn save_as(author: &Author, path: &Path, name: &str, limits: Limits, home: Option<&Path>) {
    let expected = crate::storage::load_with_baseline(path)
        .map(|(_, b)| b)
        .unwrap_or(Baseline::ABSENT);
    let options = SaveOptions {
        expected: Some(&expected),
        keep: Some(Keep { home, limits }),
        author: Some(author),
        ..SaveOptions::default()
    };
    save_with(&named(name), path, &options).expect("saved");
}

fn alice() -> Author {
    Author::new("alice", "laptop-a")
}

fn bob() -> Author {
    Author::new("bob", "desk 7")
}

#[test]
fn each_save_keeps_the_replaced_version_beside_the_plan_up_to_a_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    let limits = Limits {
        count: 3,
        bytes: u64::MAX,
    };
    save_as(&alice(), &path, "Version 0", limits, None);
    assert!(list(&path, None).is_empty(), "nothing replaced yet");
    for i in 1..6 {
        save_as(&alice(), &path, &format!("Version {i}"), limits, None);
    }
    let kept = list(&path, None);
    assert_eq!(kept.len(), 3, "the newest three: {kept:?}");
    assert_eq!(load(&kept[0].path).expect("loads").name, "Version 4");
    assert_eq!(load(&kept[2].path).expect("loads").name, "Version 2");
    assert!(kept.iter().all(|k| k.place == Place::Beside));
    assert!(
        kept[0]
            .path
            .starts_with(dir.path().join(HIDDEN_FOLDER).join("plan.ron")),
        "{}",
        kept[0].path.display()
    );
    // A plan kept in git does not pick its versions up.
    let ignore = std::fs::read_to_string(dir.path().join(HIDDEN_FOLDER).join(".gitignore"))
        .expect("a .gitignore");
    assert!(ignore.lines().any(|l| l.trim() == "*"), "{ignore}");
}

#[test]
fn kept_versions_stay_within_their_size_and_the_newest_is_always_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    let one = crate::storage::to_string(&named("Version 0")).len() as u64;
    let limits = Limits {
        count: 100,
        bytes: one * 2 + one / 2,
    };
    for i in 0..6 {
        save_as(&alice(), &path, &format!("Version {i}"), limits, None);
    }
    let kept = list(&path, None);
    assert_eq!(kept.len(), 2, "two fit in the size: {kept:?}");
    let tiny = Limits {
        count: 100,
        bytes: 1,
    };
    save_as(&alice(), &path, "Version 6", tiny, None);
    let kept = list(&path, None);
    assert_eq!(kept.len(), 1, "the newest, whatever its size");
    assert_eq!(load(&kept[0].path).expect("loads").name, "Version 5");
}

#[test]
fn a_version_is_labelled_with_when_it_was_written_and_by_whom() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save_as(&alice(), &path, "Alice's plan", Limits::DEFAULT, None);
    let written = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("time");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    save_as(&bob(), &path, "Bob's plan", Limits::DEFAULT, None);
    let [kept] = &list(&path, None)[..] else {
        panic!("one kept version");
    };
    assert_eq!(
        kept.author,
        Some(alice()),
        "who wrote it, not who replaced it"
    );
    let off = kept
        .written
        .duration_since(written)
        .unwrap_or_else(|e| e.duration());
    assert!(
        off.as_millis() < 1000,
        "when it was written: off by {off:?}"
    );
    assert!(
        kept.label().ends_with("by alice on laptop-a"),
        "{}",
        kept.label()
    );
    assert_eq!(load(&kept.path).expect("loads").name, "Alice's plan");
    // Odd characters in a name survive the file name.
    assert_eq!(
        KeptVersion::at(&kept.path.with_file_name(format!(
            "{:024}~{}.ron",
            1,
            Author::new("zoë müller", "host@x%").to_name()
        )))
        .and_then(|k| k.author),
        Some(Author::new("zoë müller", "host@x%"))
    );
}

#[test]
fn a_version_written_outside_ferry_is_labelled_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save_as(&alice(), &path, "Alice's plan", Limits::DEFAULT, None);
    // A text editor (or git, or a sync client) writes the file.
    std::fs::write(&path, crate::storage::to_string(&named("Edited by hand"))).expect("write");
    save_as(&bob(), &path, "Bob's plan", Limits::DEFAULT, None);
    let [kept] = &list(&path, None)[..] else {
        panic!("one kept version");
    };
    assert_eq!(load(&kept.path).expect("loads").name, "Edited by hand");
    assert_eq!(
        kept.author, None,
        "not Alice's: she did not write these bytes"
    );
    assert!(kept.label().contains("outside Ferry"), "{}", kept.label());
}

#[test]
fn versions_go_to_the_home_folder_where_the_plans_folder_cannot_hold_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home_root = dir.path().join("data").join("backups");
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("mkdir");
    // Something else has the hidden folder's name.
    std::fs::write(folder.join(HIDDEN_FOLDER), "not a folder").expect("write");
    let path = folder.join("plan.ron");
    save_as(&alice(), &path, "First", Limits::DEFAULT, Some(&home_root));
    save_as(&alice(), &path, "Second", Limits::DEFAULT, Some(&home_root));
    let kept = list(&path, Some(&home_root));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].place, Place::Home);
    assert_eq!(kept[0].author, Some(alice()), "labelled there too");
    assert!(kept[0].path.starts_with(&home_root));
    assert_eq!(load(&kept[0].path).expect("loads").name, "First");
    // Two plans of one name in different folders do not mix.
    let other = dir.path().join("other").join("plan.ron");
    assert_ne!(home(&home_root, &path), home(&home_root, &other));
}

#[cfg(unix)]
#[test]
fn versions_in_a_shared_folder_are_as_open_as_the_plan() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("team");
    std::fs::create_dir(&folder).expect("mkdir");
    // A team folder: group-writable, new files take its group.
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o2775)).expect("chmod");
    let path = folder.join("plan.ron");
    save_as(&alice(), &path, "First", Limits::DEFAULT, None);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    save_as(&alice(), &path, "Second", Limits::DEFAULT, None);
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o7777;
    let hidden = folder.join(HIDDEN_FOLDER);
    assert_eq!(
        mode(&hidden),
        0o2775,
        "anyone who can save there keeps versions"
    );
    assert_eq!(mode(&hidden.join("plan.ron")), 0o2775);
    let kept = list(&path, None);
    assert_eq!(
        mode(&kept[0].path),
        0o664,
        "readable by whoever reads the plan"
    );
}
