//! The document's life on disk, driven as the app drives it but without a
//! window: time is passed in as seconds.

use super::*;
use crate::edit::Edit;
use crate::model::{ReplicationStatus, Workload};
use std::collections::BTreeSet;

/// A saved plan in a temporary folder, opened in a session that keeps its
/// data (backups, recovery copies, locks) in the same folder.
fn opened() -> (tempfile::TempDir, PathBuf, Session) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    storage::save(&crate::example::example_plan(), &path).expect("save");
    let mut session = Session::new(Document::new(Plan::default(), None));
    assert_eq!(session.start(Some(dir.path().join("data"))), None);
    assert_eq!(session.open(&path), Ok(None));
    (dir, path, session)
}

/// Saves and waits for the worker to write the file.
fn saved(session: &mut Session) -> SaveOutcome {
    match session.save() {
        SaveOutcome::Started => session.wait_for_save().expect("an outcome"),
        other => other,
    }
}

fn rename(session: &mut Session, name: &str) {
    let mut plan = session.doc.plan.clone();
    plan.name = name.to_owned();
    session
        .doc
        .apply(Edit::ReplacePlan(Box::new(plan)), "rename", None)
        .expect("edit");
}

fn recovery_copies(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("data").join("recovery"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "recovery"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn open_edit_save_round_trip() {
    let (_dir, path, mut session) = opened();
    assert_eq!(
        session.recent.first(),
        Some(&std::path::absolute(&path).expect("absolute"))
    );
    rename(&mut session, "Renamed");
    assert!(session.doc.is_dirty());
    assert_eq!(saved(&mut session), SaveOutcome::Saved);
    assert!(!session.doc.is_dirty());
    assert_eq!(storage::load(&path).expect("load").name, "Renamed");
}

#[test]
fn a_plan_without_a_file_asks_where_to_save() {
    let mut session = Session::new(Document::example());
    assert_eq!(session.save(), SaveOutcome::NeedsPath);
}

#[test]
fn a_file_that_cannot_be_opened_leaves_the_plan_open() {
    let (dir, path, mut session) = opened();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(name: ").expect("write");
    let notice = session.open(&broken).expect_err("broken");
    assert!(notice.error);
    assert!(notice.text.contains("broken.ron"), "{}", notice.text);
    assert_eq!(session.doc.path.as_deref(), Some(path.as_path()));
}

#[test]
fn a_save_never_replaces_a_file_changed_on_disk_without_asking() {
    let (_dir, path, mut session) = opened();
    rename(&mut session, "Mine");
    let mut theirs = storage::load(&path).expect("load");
    theirs.name = "Theirs".into();
    std::thread::sleep(Duration::from_millis(20));
    storage::save(&theirs, &path).expect("save theirs");

    assert!(matches!(session.save(), SaveOutcome::ChangedOnDisk { .. }));
    assert_eq!(storage::load(&path).expect("load").name, "Theirs");
    assert!(session.doc.is_dirty(), "mine is still unsaved");
    // The user chose to overwrite.
    assert_eq!(session.save_to(&path), SaveOutcome::Started);
    assert_eq!(session.wait_for_save(), Some(SaveOutcome::Saved));
    assert_eq!(storage::load(&path).expect("load").name, "Mine");
}

#[test]
fn a_recovery_copy_is_written_once_changes_have_waited() {
    let (dir, _path, mut session) = opened();
    session.autosave_seconds = 20.0;
    assert_eq!(session.autosave(0.0), (None, None), "nothing unsaved");
    rename(&mut session, "Unsaved");
    let (wait, notice) = session.autosave(100.0);
    assert_eq!(wait, Some(Duration::from_secs(20)));
    assert_eq!(notice, None);
    assert!(recovery_copies(dir.path()).is_empty(), "too early");
    let (wait, _) = session.autosave(110.0);
    assert_eq!(wait, Some(Duration::from_secs(10)));
    let (wait, notice) = session.autosave(120.0);
    assert!(wait.is_some(), "written on a worker: looked at again soon");
    assert_eq!(notice, None);
    session.wait_for_recovery_copy();
    let copies = recovery_copies(dir.path());
    assert_eq!(copies.len(), 1);
    assert_eq!(
        session.autosave(121.0),
        (None, None),
        "nothing more to write until the next change"
    );
    // Saving forgets it.
    assert!(saved(&mut session).saved());
    assert!(recovery_copies(dir.path()).is_empty());
}

#[test]
fn a_change_on_disk_is_noticed_and_can_be_kept_over() {
    let (_dir, path, mut session) = opened();
    session.disk_check_seconds = 2.0;
    assert!(session.check_disk(10.0).is_some());
    assert_eq!(session.disk_notice(), None);
    let mut theirs = storage::load(&path).expect("load");
    theirs.name = "Theirs".into();
    std::thread::sleep(Duration::from_millis(20));
    storage::save(&theirs, &path).expect("save");
    session.check_disk(11.0);
    assert_eq!(session.disk_notice(), None, "not looked at again yet");
    session.check_disk(12.5);
    let Some(DiskNotice::Changed(stamp)) = session.disk_notice().cloned() else {
        panic!("change not noticed: {:?}", session.disk_notice);
    };
    session.kept_mine = Some(stamp);
    assert_eq!(session.disk_notice(), None, "kept mine over it");
    std::fs::remove_file(&path).expect("rm");
    session.check_disk(20.0);
    assert_eq!(session.disk_notice(), Some(&DiskNotice::Gone));
}

#[test]
fn reload_takes_theirs_as_an_undoable_change() {
    let (_dir, path, mut session) = opened();
    rename(&mut session, "Mine");
    let mut theirs = storage::load(&path).expect("load");
    theirs.name = "Theirs".into();
    std::thread::sleep(Duration::from_millis(20));
    storage::save(&theirs, &path).expect("save");
    assert_eq!(session.reload_from_disk(), None);
    assert_eq!(session.doc.plan.name, "Theirs");
    assert!(!session.doc.is_dirty());
    session.doc.undo();
    assert_eq!(session.doc.plan.name, "Mine");
    // And saving is not refused: the file is the one last read.
    session.doc.redo();
    assert!(saved(&mut session).saved());
}

#[test]
fn merging_from_disk_keeps_both_changes_as_one_undo_step() {
    let (_dir, path, mut session) = opened();
    // Mine: a new workload. Theirs: an asset's replication.
    session
        .doc
        .apply(
            Edit::Put(crate::edit::Item::Workload(Workload::new("Mine"))),
            "add workload",
            None,
        )
        .expect("edit");
    let mut theirs = storage::load(&path).expect("load");
    std::sync::Arc::make_mut(&mut theirs.assets[0])
        .replication
        .status = ReplicationStatus::Failed;
    let asset = theirs.assets[0].id.clone();
    std::thread::sleep(Duration::from_millis(20));
    storage::save(&theirs, &path).expect("save");

    let MergeOutcome::Merged(notice) = session.merge_from_disk() else {
        panic!("a clean merge");
    };
    assert!(
        notice.text.starts_with("1 change saved elsewhere at ")
            && notice
                .text
                .contains("came in: ad-dc-01: replication Replicating → Failed."),
        "{}",
        notice.text
    );
    let plan = &session.doc.plan;
    assert!(plan.workloads.iter().any(|w| w.name == "Mine"));
    assert_eq!(
        plan.asset(&asset).expect("asset").replication.status,
        ReplicationStatus::Failed
    );
    assert!(
        saved(&mut session).saved(),
        "the merge saves without asking again"
    );
    let saved = storage::load(&path).expect("load");
    assert!(saved.workloads.iter().any(|w| w.name == "Mine"));
    session.doc.undo();
    assert_ne!(
        session
            .doc
            .plan
            .asset(&asset)
            .expect("asset")
            .replication
            .status,
        ReplicationStatus::Failed,
        "undo takes the merge back"
    );
}

#[test]
fn merge_conflicts_are_decided_one_by_one() {
    let (_dir, path, mut session) = opened();
    let mut mine = session.doc.plan.clone();
    std::sync::Arc::make_mut(&mut mine.assets[0]).notes = "mine".into();
    std::sync::Arc::make_mut(&mut mine.assets[1]).notes = "mine".into();
    session
        .doc
        .apply(Edit::ReplacePlan(Box::new(mine)), "notes", None)
        .expect("edit");
    let mut theirs = storage::load(&path).expect("load");
    std::sync::Arc::make_mut(&mut theirs.assets[0]).notes = "theirs".into();
    std::sync::Arc::make_mut(&mut theirs.assets[1]).notes = "theirs".into();
    std::thread::sleep(Duration::from_millis(20));
    storage::save(&theirs, &path).expect("save");

    let MergeOutcome::Conflicts { conflicts, .. } = session.merge_from_disk() else {
        panic!("two conflicts");
    };
    assert_eq!(conflicts.len(), 2);
    let first = conflicts
        .iter()
        .find(|c| c.subject_id.as_deref() == Some(&session.doc.plan.assets[0].id))
        .expect("first asset");
    let decisions = HashMap::from([(first.key(), Side::Theirs)]);
    let notice = session.apply_merge(&decisions);
    assert!(
        notice.text.contains("1 took theirs")
            && notice
                .text
                .contains("1 question for the room is open in the log (yours kept meanwhile")
            && notice.text.starts_with("1 change saved elsewhere"),
        "{}",
        notice.text
    );
    assert_eq!(session.doc.plan.assets[0].notes, "theirs");
    assert_eq!(session.doc.plan.assets[1].notes, "mine");
    let open_questions = session
        .doc
        .plan
        .log
        .iter()
        .filter(|l| l.text.starts_with("Merge conflict"))
        .count();
    assert_eq!(open_questions, 1, "only the undecided one is asked");
}

#[test]
fn a_plan_open_in_another_window_is_said_to_be_so() {
    if storage::process_alive(1).is_none() {
        return; // processes cannot be seen on this system
    }
    let (dir, path, mut session) = opened();
    let locks = || -> Vec<PathBuf> {
        std::fs::read_dir(dir.path().join("data").join("recovery"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "lock"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let [lock] = &locks()[..] else {
        panic!("one lock while the plan is open: {:?}", locks());
    };
    let lock = lock.clone();
    assert!(!session.shared_with_another_window());
    session.replace(Document::new(Plan::default(), None));
    assert!(!lock.exists(), "released when the plan is closed");

    // Another window (a running process: 1 always is) has it open.
    std::fs::write(&lock, "1\n").expect("write");
    let mut second = Session::new(Document::new(Plan::default(), None));
    second.start(Some(dir.path().join("data")));
    let notice = second
        .open(&path)
        .expect("opens all the same")
        .expect("a notice");
    assert!(
        notice.text.contains("also open in another Ferry window"),
        "{}",
        notice.text
    );
    assert!(second.shared_with_another_window());
    // Closing this window leaves the other window's lock alone.
    second.close();
    assert_eq!(std::fs::read_to_string(&lock).expect("lock").trim(), "1");
}

#[test]
fn restoring_a_kept_version_is_one_undo_step() {
    let (_dir, _path, mut session) = opened();
    rename(&mut session, "Second");
    assert!(saved(&mut session).saved());
    rename(&mut session, "Third");
    assert!(saved(&mut session).saved());
    let versions = session.kept_versions();
    let oldest = versions.last().expect("a kept version");
    let notice = session.restore_version(&oldest.path);
    assert!(!notice.error, "{}", notice.text);
    assert_ne!(session.doc.plan.name, "Third");
    session.doc.undo();
    assert_eq!(session.doc.plan.name, "Third");
}

#[test]
fn a_save_runs_in_the_background_and_keeps_what_changed_meanwhile() {
    let (_dir, path, mut session) = opened();
    rename(&mut session, "Written");
    assert_eq!(session.save(), SaveOutcome::Started);
    assert!(session.saving());
    // Typing goes on while the worker writes.
    rename(&mut session, "Typed during the save");
    assert_eq!(session.wait_for_save(), Some(SaveOutcome::Saved));
    assert_eq!(storage::load(&path).expect("load").name, "Written");
    assert!(
        session.doc.is_dirty(),
        "what changed during the save is still unsaved"
    );
    session.doc.undo();
    assert!(
        !session.doc.is_dirty(),
        "back at the state that was written: saved"
    );
}

#[test]
fn a_second_save_while_one_runs_is_queued_not_lost() {
    let (_dir, path, mut session) = opened();
    // Large enough that its save is still running when the second comes.
    let large = crate::generate::generate(20_000, 3);
    session
        .doc
        .apply(Edit::ReplacePlan(Box::new(large)), "large", None)
        .expect("edit");
    rename(&mut session, "First");
    assert_eq!(session.save(), SaveOutcome::Started);
    rename(&mut session, "Second");
    assert_eq!(session.save(), SaveOutcome::Queued);
    // The first ends, the queued one starts and ends.
    assert_eq!(session.wait_for_save(), Some(SaveOutcome::Saved));
    assert!(!session.saving());
    assert_eq!(storage::load(&path).expect("load").name, "Second");
    assert!(!session.doc.is_dirty());
}

/// Views that keep work per revision (the asset table) learn which assets
/// changed since the revision they were made for: a field of a few assets
/// (their name and workload among them), or, for a workload's rename, an
/// insertion or what is too far back, "more".
#[test]
fn the_document_tells_which_assets_changed_since_a_revision() {
    use crate::change::{AssetChange, change_assets_at};
    use crate::model::Strategy;
    let mut doc = Document::new(crate::generate::generate(300, 3), None);
    let start = doc.revision;
    assert_eq!(doc.assets_changed_since(start), Some(BTreeSet::new()));

    let set = |doc: &mut Document, at: &[usize], change: AssetChange| {
        let (edit, label) = change_assets_at(&doc.plan, at, &change).expect("a change");
        doc.apply(edit, &label, None).expect("applies");
        doc.refresh();
    };
    set(&mut doc, &[4, 9], AssetChange::Strategy(Strategy::Retain));
    let after_first = doc.revision;
    set(&mut doc, &[7], AssetChange::Notes("checked".into()));
    assert_eq!(
        doc.assets_changed_since(start),
        Some(BTreeSet::from([4, 7, 9]))
    );
    assert_eq!(
        doc.assets_changed_since(after_first),
        Some(BTreeSet::from([7]))
    );

    // Undo and redo tell the same of the assets they change back.
    doc.undo().expect("undoes");
    doc.refresh();
    assert_eq!(
        doc.assets_changed_since(after_first),
        Some(BTreeSet::from([7]))
    );
    let undone = doc.revision;
    doc.redo().expect("redoes");
    doc.refresh();
    assert_eq!(doc.assets_changed_since(undone), Some(BTreeSet::from([7])));

    // A rename changes the asset's own row only.
    let renamed = doc.revision;
    let mut asset = crate::model::Asset::clone(&doc.plan.assets[2]);
    asset.name.push_str(" (old)");
    doc.apply(
        Edit::Put(crate::edit::Item::Asset(asset.into())),
        "Rename",
        None,
    )
    .expect("applies");
    doc.refresh();
    assert_eq!(doc.assets_changed_since(renamed), Some(BTreeSet::from([2])));

    // A move to another workload changes the asset's own row only.
    let moved = doc.revision;
    let other = doc.plan.workloads[1].id.clone();
    let at = (0..300)
        .find(|&i| doc.plan.assets[i].workload.as_deref() != Some(other.as_str()))
        .expect("an asset elsewhere");
    set(&mut doc, &[at], AssetChange::Workload(Some(other)));
    assert_eq!(doc.assets_changed_since(moved), Some(BTreeSet::from([at])));

    // A workload renamed, a removal: more than the assets' rows.
    let renamed = doc.revision;
    let mut workload = doc.plan.workloads[1].clone();
    workload.name.push_str(" (old)");
    doc.apply(
        Edit::Put(crate::edit::Item::Workload(workload)),
        "Rename",
        None,
    )
    .expect("applies");
    doc.refresh();
    assert_eq!(doc.assets_changed_since(renamed), None);
    assert_eq!(doc.assets_changed_since(start), None);
    let removed = doc.revision;
    let id = doc.plan.assets[0].id.clone();
    doc.apply(
        Edit::Remove(crate::model::IdKind::Asset, id),
        "Remove",
        None,
    )
    .expect("applies");
    doc.refresh();
    assert_eq!(doc.assets_changed_since(removed), None);

    // Further back than the document keeps: not known.
    let far = doc.revision;
    for k in 0..JOURNAL + 1 {
        set(&mut doc, &[k % 300], AssetChange::Notes(format!("n{k}")));
    }
    assert_eq!(doc.assets_changed_since(far), None);
    let near = doc.revision - 1;
    assert_eq!(doc.assets_changed_since(near).map(|c| c.len()), Some(1));
}

/// A keystroke that renames an asset of a large plan is derived at once,
/// re-deriving what names the asset, never the whole plan: the derived
/// state is a full derive's after every keystroke, and the document never
/// falls behind the plan.
#[test]
fn a_rename_typed_in_a_large_plan_is_derived_at_once_without_a_full_derive() {
    use crate::change::{AssetChange, change_asset};
    let mut doc = Document::new(crate::generate::generate(DERIVE_IN_FRAME + 1, 5), None);
    let type_name = |doc: &mut Document, name: &str| {
        let asset = doc.plan.assets[10].clone();
        let (edit, label) =
            change_asset(&doc.plan, &asset, &AssetChange::Name(name.into())).expect("a change");
        doc.apply(edit, &label, Some("name".into()))
            .expect("applies");
        doc.refresh();
    };
    for name in ["e", "er", "era"] {
        type_name(&mut doc, name);
        assert!(!doc.refreshing(), "no worker for a keystroke");
        assert_eq!(doc.derived_revision(), doc.revision);
        let full = crate::derive::derive(&doc.plan);
        assert_eq!(doc.derived.stages, full.stages);
        assert_eq!(doc.derived.problems, full.problems, "after typing {name:?}");
    }
    assert_eq!(doc.full_derives(), 0, "no keystroke derived the whole plan");
}

/// An edit that needs the whole of a large plan derived again (an
/// import's size) hands it to a worker thread: the frame that made it
/// returns at once with a provisional derived state of the plan's shape,
/// edits made meanwhile go on and are kept, and once the worker is done the
/// derived state is a full derive of the plan with those edits.
#[test]
fn a_full_derive_of_a_large_plan_runs_on_a_worker_and_keeps_edits_made_meanwhile() {
    use crate::change::{AssetChange, change_asset, change_assets_at};
    let mut doc = Document::new(crate::generate::generate(DERIVE_IN_FRAME + 1, 5), None);
    let every: Vec<usize> = (0..doc.plan.assets.len()).collect();
    let (edit, label) = change_assets_at(&doc.plan, &every, &AssetChange::Notes("imported".into()))
        .expect("a change");
    doc.apply(edit, &label, None).expect("applies");
    // However fast the machine, the worker is still at work below.
    let go = doc.hold_next_worker_derive();
    doc.refresh();
    // The refresh that started the worker did not wait for it.
    assert!(doc.refreshing(), "derived on a worker");
    assert_eq!(doc.full_derives(), 1);
    assert!(doc.derived_revision() < doc.revision, "views can tell");
    assert_eq!(doc.derived.stages.len(), doc.plan.assets.len());
    assert_eq!(doc.derived.workloads.len(), doc.plan.workloads.len());

    // Frames go on: an edit meanwhile, and another frame's refresh.
    let asset = doc.plan.assets[42].clone();
    let (edit, label) =
        change_asset(&doc.plan, &asset, &AssetChange::Name("typed".into())).expect("a change");
    doc.apply(edit, &label, Some("name".into()))
        .expect("applies");
    doc.refresh();
    assert_eq!(doc.derived.stages.len(), doc.plan.assets.len());
    assert!(doc.refreshing(), "still on the worker");

    drop(go);
    doc.refresh_and_wait();
    assert!(!doc.refreshing());
    assert_eq!(doc.derived_revision(), doc.revision);
    assert_eq!(doc.plan.assets[42].name, "typed", "the edit is kept");
    assert!(doc.plan.assets.iter().all(|a| a.notes == "imported"));
    let full = crate::derive::derive(&doc.plan);
    assert_eq!(doc.derived.stages, full.stages);
    assert_eq!(doc.derived.workloads, full.workloads);
    assert_eq!(doc.derived.problems, full.problems);
    assert_eq!(
        doc.full_derives(),
        1,
        "the edit meanwhile derived as an edit"
    );
}

/// The app's window asks for no frames while nothing happens: a thread
/// looks at the file and wakes it only when someone else changed it.
#[test]
fn a_watched_file_wakes_the_app_only_when_it_changes() {
    let (_dir, path, mut session) = opened();
    session.disk_check_seconds = 0.05;
    let (woken, wakes) = std::sync::mpsc::channel();
    session.watch_disk(move || {
        let _ = woken.send(());
    });
    assert_eq!(session.check_disk(0.0), None, "no frame asked for");
    assert!(
        wakes.recv_timeout(Duration::from_millis(300)).is_err(),
        "an unchanged file wakes nothing"
    );
    assert_eq!(session.check_disk(0.5), None);
    assert_eq!(session.disk_notice(), None);

    let mut theirs = crate::example::example_plan();
    theirs.name = "Changed by a colleague".into();
    storage::save(&theirs, &path).expect("save");
    wakes
        .recv_timeout(Duration::from_secs(20))
        .expect("the change wakes the app");
    assert_eq!(session.check_disk(1.0), None);
    assert!(
        matches!(session.disk_notice(), Some(DiskNotice::Changed(_))),
        "{:?}",
        session.disk_notice()
    );
}

/// Views keep work per revision (the table's rows, a workload's members,
/// the waves' figures): a plan opened in place of another never has a
/// revision the other had.
#[test]
fn two_documents_never_share_a_revision() {
    let mut first = Document::new(crate::generate::generate(20, 1), None);
    let second = Document::new(crate::generate::generate(20, 2), None);
    assert_ne!(first.revision, second.revision);
    first
        .apply(Edit::SetPlanName("renamed".into()), "Rename", None)
        .expect("applies");
    assert_ne!(first.revision, second.revision);
    assert_eq!(second.derived_revision(), second.revision);
}
