//! Sync clients' conflicted copies: named like each client's, recognised
//! by content only, merged on the version both descend from (or with no
//! base), offered in the window and moved aside once a save holds them.

use super::*;
use crate::model::{Asset, ReplicationStatus};
use crate::session::{Document, Session};
use crate::storage::versions::Author;

fn plan_path() -> PathBuf {
    PathBuf::from("/shared/Contoso plan.ron")
}

fn file(name: &str) -> PathBuf {
    PathBuf::from("/shared").join(name)
}

#[test]
fn each_sync_clients_naming_is_a_candidate() {
    let plan = plan_path();
    let cases = [
        (
            "Contoso plan-LAPTOP-7.ron",
            Client::OneDrive,
            Some("LAPTOP-7"),
        ),
        (
            "Contoso plan (Bob Smith's conflicted copy 2026-12-06).ron",
            Client::Dropbox,
            Some("Bob Smith"),
        ),
        (
            "Contoso plan (conflicted copy 2026-12-06 104233).ron",
            Client::Nextcloud,
            None,
        ),
        (
            "Contoso plan.sync-conflict-20261206-104233-ABCDEFG.ron",
            Client::Syncthing,
            Some("ABCDEFG"),
        ),
        ("Contoso plan (1).ron", Client::GoogleDrive, None),
    ];
    for (name, client, from) in cases {
        let named = named(&plan, &file(name)).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(named.client, client, "{name}");
        assert_eq!(named.from.as_deref(), from, "{name}");
    }
    for name in [
        "Contoso plan.ron",
        "Contoso plan.ron.bak",
        "Contoso plan (draft).ron",
        "Contoso plan - notes.ron",
        "Contoso planning.ron",
        "Other plan-LAPTOP-7.ron",
        "Contoso plan-LAPTOP-7.csv",
    ] {
        assert_eq!(named(&plan, &file(name)), None, "{name} is no copy's name");
    }
    let dropbox = named(
        &plan,
        &file("Contoso plan (Bob's conflicted copy 2026-12-06).ron"),
    )
    .expect("dropbox");
    assert!(
        dropbox.label().starts_with("Bob's conflicted copy"),
        "{}",
        dropbox.label()
    );
}

#[test]
fn only_the_same_plan_counts_as_a_copy() {
    let plan = crate::example::example_plan();
    assert_eq!(not_a_copy(&plan, &plan), None);
    // Edited on the other side, with an item added: still the same plan.
    let mut edited = plan.clone();
    edited.assets.push(std::sync::Arc::new(Asset::new(
        "new-vm",
        crate::model::AssetKind::VirtualMachine,
    )));
    std::sync::Arc::make_mut(&mut edited.assets[0]).notes = "theirs".into();
    assert_eq!(not_a_copy(&plan, &edited), None);
    // The same name, made on its own (other ids): not a copy.
    let lookalike = crate::generate::generate(40, 7);
    let mut lookalike = lookalike;
    lookalike.name = plan.name.clone();
    let why = not_a_copy(&plan, &lookalike).expect("another plan");
    assert!(why.contains("shares 0 of its"), "{why}");
    // Another plan's name: not a copy, whatever it holds.
    let mut renamed = plan.clone();
    renamed.name = "Fabrikam".into();
    assert!(not_a_copy(&plan, &renamed).is_some());
}

/// A plan saved twice through Ferry's save: the first version is kept
/// beside it, the base of later copies.
fn saved_twice(dir: &Path) -> (PathBuf, Plan) {
    let path = dir.join("plan.ron");
    let options = storage::SaveOptions {
        keep: Some(storage::Keep::versions(None)),
        author: Some(&Author::new("alice", "laptop-a")),
        ..storage::SaveOptions::default()
    };
    let base = crate::example::example_plan();
    storage::save_with(&base, &path, &options).expect("save");
    std::thread::sleep(Duration::from_millis(20));
    let mut second = base.clone();
    second.name = base.name.clone();
    std::sync::Arc::make_mut(&mut second.assets[0])
        .replication
        .status = ReplicationStatus::Failed;
    storage::save_with(&second, &path, &options).expect("save");
    (path, base)
}

#[test]
fn the_base_is_the_newest_kept_version_both_descend_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, base) = saved_twice(dir.path());
    let ours = storage::load(&path).expect("loads");
    // Bob's copy: made from the first version, a note changed.
    let mut theirs = base.clone();
    std::sync::Arc::make_mut(&mut theirs.assets[1]).notes = "bob's".into();
    let now = SystemTime::now();
    let (found, source) = find_base(&path, (&ours, now), (&theirs, now), None).expect("a base");
    assert_eq!(found, base);
    assert!(matches!(source, Base::Kept(label) if label.contains("alice on laptop-a")));
    // A copy that lacks items of every kept version (they deleted them)
    // has no base: never one of whose items they know nothing.
    let mut pruned = base.clone();
    pruned.assets.remove(0);
    assert_eq!(find_base(&path, (&ours, now), (&pruned, now), None), None);
    // A copy older than a version cannot descend from it.
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    assert_eq!(
        find_base(&path, (&ours, now), (&theirs, long_ago), None),
        None
    );
}

fn open(path: &Path, dir: &Path) -> Session {
    let mut session = Session::new(Document::new(Plan::default(), None));
    session.author = Author::new("alice", "laptop-a");
    session.start(Some(dir.join("data")));
    session.open(path).expect("opens");
    session
}

#[test]
fn a_copy_beside_the_open_plan_is_offered_merged_and_moved_aside_once_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, base) = saved_twice(dir.path());
    let mut session = open(&path, dir.path());
    assert!(session.copies().is_empty());
    let mut theirs = base.clone();
    std::sync::Arc::make_mut(&mut theirs.assets[1]).notes = "bob's".into();
    let copy = dir
        .path()
        .join("plan (Bob's conflicted copy 2026-12-06).ron");
    storage::save(&theirs, &copy).expect("save");
    // A look-alike: same name of plan, another plan.
    let mut decoy = crate::generate::generate(20, 3);
    decoy.name = base.name.clone();
    storage::save(&decoy, &dir.path().join("plan (1).ron")).expect("save");

    session.look_beside(SystemTime::now() + Duration::from_secs(10));
    let offered: Vec<&str> = session.copies().iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert!(
        offered[0].starts_with("Bob's conflicted copy, saved at "),
        "{}",
        offered[0]
    );

    let MergeOutcome::Merged(notice) = session.merge_copy(&copy) else {
        panic!("a clean merge");
    };
    assert!(
        notice
            .text
            .starts_with("1 change came in from Bob's conflicted copy"),
        "{}",
        notice.text
    );
    assert_eq!(session.doc.plan.assets[1].notes, "bob's");
    assert_eq!(
        session.doc.plan.assets[0].replication.status,
        ReplicationStatus::Failed,
        "ours kept: the base was the version both came from"
    );
    assert!(copy.exists(), "moved only once saved");
    assert!(session.save_and_wait().saved());
    assert!(!copy.exists());
    assert!(
        dir.path()
            .join(MERGED_FOLDER)
            .join("plan (Bob's conflicted copy 2026-12-06).ron")
            .exists()
    );
    assert!(dir.path().join("plan (1).ron").exists(), "the decoy stays");
    assert_eq!(
        storage::load(&path).expect("loads").assets[1].notes,
        "bob's"
    );
}

#[test]
fn an_undone_copy_merge_leaves_the_copy_where_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, base) = saved_twice(dir.path());
    let mut session = open(&path, dir.path());
    let mut theirs = base.clone();
    std::sync::Arc::make_mut(&mut theirs.assets[1]).notes = "bob's".into();
    let copy = dir.path().join("plan-BOBS-PC.ron");
    storage::save(&theirs, &copy).expect("save");
    assert!(matches!(session.merge_copy(&copy), MergeOutcome::Merged(_)));
    session.doc.undo();
    let mut plan = session.doc.plan.clone();
    plan.name = "Renamed".into();
    session
        .doc
        .apply(
            crate::edit::Edit::ReplacePlan(Box::new(plan)),
            "rename",
            None,
        )
        .expect("edit");
    assert!(session.save_and_wait().saved());
    assert!(copy.exists(), "not merged after all");
}

#[test]
fn a_file_that_is_another_plan_is_not_merged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = saved_twice(dir.path());
    let mut session = open(&path, dir.path());
    let other = dir.path().join("elsewhere.ron");
    storage::save(&crate::generate::generate(10, 1), &other).expect("save");
    let MergeOutcome::Failed(notice) = session.merge_copy(&other) else {
        panic!("refused");
    };
    assert!(notice.text.contains("was not merged"), "{}", notice.text);
    assert!(!session.doc.is_dirty());
}
