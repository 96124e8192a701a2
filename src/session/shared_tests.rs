//! Two people on one plan file, without a window: the version on disk
//! counts as seen only while the plan holds it (a merge, a reload or a
//! recovery undone or made to an older file asks before saving again),
//! Keep mine is told truthfully, and what one colleague overwrote another
//! can restore from the versions kept beside the plan.

use super::*;
use crate::model::{LogStatus, ReplicationStatus};
use crate::storage::versions::{Author, Place};

/// A saved plan in a shared folder, opened by `author` in a session that
/// keeps its own data in `data-NAME`.
fn open_as(dir: &Path, path: &Path, author: &Author) -> Session {
    let mut session = Session::new(Document::new(Plan::default(), None));
    session.author = author.clone();
    session.start(Some(dir.join(format!("data-{}", author.user))));
    assert!(session.open(path).is_ok());
    session
}

fn shared_plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    storage::save(&crate::example::example_plan(), &path).expect("save");
    (dir, path)
}

fn alice_user() -> Author {
    Author::new("alice", "laptop-a")
}

fn bob_user() -> Author {
    Author::new("bob", "laptop-b")
}

fn edit(session: &mut Session, label: &str, change: impl FnOnce(&mut Plan)) {
    let mut plan = session.doc.plan.clone();
    change(&mut plan);
    session
        .doc
        .apply(Edit::ReplacePlan(Box::new(plan)), label, None)
        .expect("edit");
}

/// Alice's change: the first asset Failed, the first log entry Done.
fn alices_change(plan: &mut Plan) {
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .replication
        .status = ReplicationStatus::Failed;
    plan.log[0].status = LogStatus::Done;
}

fn holds_alices_change(plan: &Plan) -> bool {
    plan.assets[0].replication.status == ReplicationStatus::Failed
        && plan.log[0].status == LogStatus::Done
}

/// Bob, with unsaved edits of his own, and Alice, who saves first.
fn bob_behind_alice() -> (tempfile::TempDir, PathBuf, Session) {
    let (dir, path) = shared_plan();
    let mut bob = open_as(dir.path(), &path, &bob_user());
    edit(&mut bob, "rename", |p| p.name = "Bob's name".into());
    let mut alice = open_as(dir.path(), &path, &alice_user());
    edit(&mut alice, "replication failed", alices_change);
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(alice.save_and_wait(), SaveOutcome::Saved);
    (dir, path, bob)
}

#[test]
fn an_undone_merge_makes_the_next_save_ask_again() {
    let (_dir, path, mut bob) = bob_behind_alice();
    assert!(matches!(bob.merge_from_disk(), MergeOutcome::Merged(_)));
    assert!(holds_alices_change(&bob.doc.plan));
    bob.doc.undo();
    assert!(!holds_alices_change(&bob.doc.plan));
    let SaveOutcome::ChangedOnDisk { undone, .. } = bob.save_and_wait() else {
        panic!("the save must ask: the plan no longer holds Alice's change");
    };
    assert!(
        undone.as_deref().is_some_and(|s| s.starts_with("merge")),
        "{undone:?}"
    );
    assert!(holds_alices_change(&storage::load(&path).expect("load")));
    // Redone, the merge is held again: saved without asking.
    bob.doc.redo();
    assert_eq!(bob.save_and_wait(), SaveOutcome::Saved);
    let on_disk = storage::load(&path).expect("load");
    assert!(holds_alices_change(&on_disk) && on_disk.name == "Bob's name");
}

#[test]
fn merging_again_after_an_undone_merge_brings_their_changes_back() {
    let (_dir, path, mut bob) = bob_behind_alice();
    assert!(matches!(bob.merge_from_disk(), MergeOutcome::Merged(_)));
    bob.doc.undo();
    // Answering the question with Merge: the base is the version before
    // the undone merge, so their changes come in again.
    assert!(matches!(bob.merge_from_disk(), MergeOutcome::Merged(_)));
    assert!(holds_alices_change(&bob.doc.plan));
    assert_eq!(bob.save_and_wait(), SaveOutcome::Saved);
    let on_disk = storage::load(&path).expect("load");
    assert!(holds_alices_change(&on_disk) && on_disk.name == "Bob's name");
}

#[test]
fn an_undone_merge_with_conflicts_makes_the_next_save_ask_again() {
    let (_dir, path, mut bob) = bob_behind_alice();
    // Bob changed the same log entry: a conflict.
    edit(&mut bob, "reopen", |p| p.log[0].text = "Bob's words".into());
    let folder = path.parent().expect("a folder").to_owned();
    let mut alice = open_as(&folder, &path, &alice_user());
    edit(&mut alice, "words", |p| {
        p.log[0].text = "Alice's words".into()
    });
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(alice.save_and_wait(), SaveOutcome::Saved);
    let MergeOutcome::Conflicts { .. } = bob.merge_from_disk() else {
        panic!("a conflict");
    };
    bob.apply_merge(&HashMap::new());
    bob.doc.undo();
    assert!(matches!(
        bob.save_and_wait(),
        SaveOutcome::ChangedOnDisk {
            undone: Some(_),
            ..
        }
    ));
    assert_eq!(
        storage::load(&path).expect("load").log[0].text,
        "Alice's words"
    );
}

#[test]
fn a_merge_saved_then_undone_asks_before_saving_again() {
    let (_dir, path, mut bob) = bob_behind_alice();
    assert!(matches!(bob.merge_from_disk(), MergeOutcome::Merged(_)));
    assert_eq!(bob.save_and_wait(), SaveOutcome::Saved);
    bob.doc.undo();
    assert!(matches!(
        bob.save_and_wait(),
        SaveOutcome::ChangedOnDisk {
            undone: Some(_),
            ..
        }
    ));
    assert!(holds_alices_change(&storage::load(&path).expect("load")));
}

#[test]
fn saving_undoing_and_saving_again_never_asks() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, &alice_user());
    edit(&mut alice, "rename", |p| p.name = "One".into());
    assert_eq!(alice.save_and_wait(), SaveOutcome::Saved);
    edit(&mut alice, "rename", |p| p.name = "Two".into());
    assert_eq!(alice.save_and_wait(), SaveOutcome::Saved);
    alice.doc.undo();
    assert_eq!(
        alice.save_and_wait(),
        SaveOutcome::Saved,
        "her own versions"
    );
    assert_eq!(storage::load(&path).expect("load").name, "One");
}

#[test]
fn undoing_past_a_reload_makes_the_next_save_ask_again() {
    let (_dir, path, mut bob) = bob_behind_alice();
    assert_eq!(bob.reload_from_disk(), None);
    assert!(holds_alices_change(&bob.doc.plan));
    bob.doc.undo();
    assert_eq!(bob.doc.plan.name, "Bob's name");
    assert!(matches!(
        bob.save_and_wait(),
        SaveOutcome::ChangedOnDisk {
            undone: Some(_),
            ..
        }
    ));
    assert!(holds_alices_change(&storage::load(&path).expect("load")));
}

#[test]
fn after_keep_mine_the_plan_is_unsaved_and_saving_asks() {
    let (dir, path) = shared_plan();
    let mut bob = open_as(dir.path(), &path, &bob_user());
    let mut alice = open_as(dir.path(), &path, &alice_user());
    edit(&mut alice, "replication failed", alices_change);
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(alice.save_and_wait(), SaveOutcome::Saved);
    assert_eq!(bob.file_state(), FileState::Saved, "not looked yet");
    bob.check_disk(100.0);
    let Some(DiskNotice::Changed(stamp)) = bob.disk_notice().cloned() else {
        panic!("the change is noticed");
    };
    bob.keep_mine(stamp);
    assert_eq!(bob.disk_notice(), None, "the banner goes");
    assert!(bob.doc.is_dirty(), "his plan is not what the file holds");
    assert_eq!(bob.file_state(), FileState::DiffersFromDisk);
    assert_ne!(bob.file_state().label(), "saved");
    assert!(matches!(
        bob.save_and_wait(),
        SaveOutcome::ChangedOnDisk { .. }
    ));
    // He overwrites: his plan is the file, and Alice's is kept beside it.
    assert_eq!(bob.save_to(&path), SaveOutcome::Started);
    assert_eq!(bob.wait_for_save(), Some(SaveOutcome::Saved));
    assert_eq!(bob.file_state(), FileState::Saved);
    assert!(!holds_alices_change(&storage::load(&path).expect("load")));
    assert!(
        bob.kept_versions()
            .iter()
            .any(|v| v.author == Some(alice_user())
                && holds_alices_change(&storage::load(&v.path).expect("load")))
    );
}

#[test]
fn recovered_changes_made_to_an_older_file_ask_before_saving() {
    let (dir, path) = shared_plan();
    let mut bob = open_as(dir.path(), &path, &bob_user());
    bob.autosave_seconds = 0.0;
    edit(&mut bob, "rename", |p| p.name = "Bob's unsaved name".into());
    bob.autosave(1.0);
    bob.wait_for_recovery_copy();
    let root = dir.path().join("data-bob").join("recovery");
    let (file, recovery) = storage::recovery::list(&root)
        .into_iter()
        .next()
        .expect("a recovery copy");
    // Bob's window dies; Alice saves meanwhile.
    let mut alice = open_as(dir.path(), &path, &alice_user());
    edit(&mut alice, "replication failed", alices_change);
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(alice.save_and_wait(), SaveOutcome::Saved);
    let mut again = open_as(dir.path(), &path, &bob_user());
    let notice = again.recover(&file, recovery);
    assert!(notice.text.contains("changed since"), "{}", notice.text);
    assert!(matches!(
        again.save_and_wait(),
        SaveOutcome::ChangedOnDisk { .. }
    ));
    assert!(holds_alices_change(&storage::load(&path).expect("load")));
    assert!(matches!(
        again.merge_from_disk(),
        MergeOutcome::Merged(_) | MergeOutcome::Conflicts { .. }
    ));
}

#[test]
fn what_one_colleague_overwrote_another_restores_from_beside_the_plan() {
    let (dir, path) = shared_plan();
    let mut bob = open_as(dir.path(), &path, &bob_user());
    let mut alice = open_as(dir.path(), &path, &alice_user());
    edit(&mut alice, "replication failed", alices_change);
    assert_eq!(alice.save_and_wait(), SaveOutcome::Saved);
    let alice_wrote = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("time");
    std::thread::sleep(Duration::from_millis(1100));
    // Bob overwrites it (he answered Overwrite).
    edit(&mut bob, "rename", |p| p.name = "Bob's name".into());
    assert_eq!(bob.save_to(&path), SaveOutcome::Started);
    assert_eq!(bob.wait_for_save(), Some(SaveOutcome::Saved));
    assert!(!holds_alices_change(&storage::load(&path).expect("load")));

    // Carol, on another machine with her own data folder, finds Alice's
    // version beside the plan, labelled with when Alice wrote it.
    let mut carol = open_as(dir.path(), &path, &Author::new("carol", "laptop-c"));
    let versions = carol.kept_versions();
    let alices = versions
        .iter()
        .find(|v| v.author == Some(alice_user()))
        .expect("Alice's version is kept beside the plan");
    assert_eq!(alices.place, Place::Beside);
    let off = alices
        .written
        .duration_since(alice_wrote)
        .unwrap_or_else(|e| e.duration());
    assert!(
        off < Duration::from_secs(1),
        "written, not replaced: {off:?}"
    );
    let notice = carol.restore_version(&alices.path);
    assert!(
        notice.text.contains("by alice on laptop-a")
            && notice
                .text
                .contains(&crate::model::format_time(alices.written)),
        "{}",
        notice.text
    );
    assert!(holds_alices_change(&carol.doc.plan));
    assert_eq!(carol.save_and_wait(), SaveOutcome::Saved);
    assert!(holds_alices_change(&storage::load(&path).expect("load")));
}
