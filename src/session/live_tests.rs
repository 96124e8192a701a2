//! Keeping a plan in step with its file, without a window: two documents
//! working live on one file, edits alternating, end with the same file
//! holding both; only the same field changed on both sides asks; a window
//! with nothing unsaved reloads by itself and says what came in.

use super::*;
use crate::model::{ReplicationStatus, Staging};
use crate::storage::versions::Author;

fn shared_plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    storage::save(&crate::example::example_plan(), &path).expect("save");
    (dir, path)
}

/// `user` opens the plan in a session that looks at the file on every
/// frame (no thread: the test drives the frames).
fn open_as(dir: &Path, path: &Path, user: &str) -> Session {
    let mut session = Session::new(Document::new(Plan::default(), None));
    session.author = Author::new(user, format!("{user}-pc"));
    session.disk_check_seconds = 0.0;
    session.start(Some(dir.join(format!("data-{user}"))));
    assert!(session.open(path).is_ok());
    session
}

fn edit(session: &mut Session, label: &str, change: impl FnOnce(&mut Plan)) {
    let mut plan = session.doc.plan.clone();
    change(&mut plan);
    session
        .doc
        .apply(Edit::ReplacePlan(Box::new(plan)), label, None)
        .expect("edit");
}

fn notes(session: &mut Session, asset: usize, text: &str) {
    edit(session, "notes", |p| {
        std::sync::Arc::make_mut(&mut p.assets[asset]).notes = text.to_owned();
    });
}

/// One frame of a window at `now` (seconds): the file looked at, the plan
/// kept in step, a save started waited for; what it had to show.
fn frame(session: &mut Session, now: f64) -> Vec<Step> {
    let mut shown = Vec::new();
    session.check_disk(now);
    let (_, step) = session.keep_in_step(now);
    shown.extend(step);
    if let Some(outcome) = session.wait_for_save() {
        assert!(
            matches!(
                outcome,
                SaveOutcome::Saved | SaveOutcome::ChangedOnDisk { undone: None, .. }
            ),
            "{outcome:?}"
        );
    }
    shown
}

fn conflicts(steps: &[Step]) -> usize {
    steps
        .iter()
        .filter(|s| matches!(s, Step::Conflicts { .. }))
        .count()
}

#[test]
fn two_windows_working_live_converge_with_both_sets_of_changes() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, "alice");
    let mut bob = open_as(dir.path(), &path, "bob");
    assert!(!alice.set_live(true).error);
    assert!(!bob.set_live(true).error);
    let mut steps = Vec::new();
    let mut t = 0.0;
    // Alternating edits to different things, some made while the other's
    // save is on its way, some at the same moment.
    for round in 0..6 {
        notes(&mut alice, 0, &format!("alice {round}"));
        if round % 2 == 0 {
            notes(&mut bob, 1, &format!("bob {round}"));
        }
        t += 0.4;
        steps.extend(frame(&mut alice, t));
        steps.extend(frame(&mut bob, t));
        if round % 2 == 1 {
            edit(&mut bob, "staging", |p| {
                std::sync::Arc::make_mut(&mut p.assets[2]).staging = if round % 4 == 1 {
                    Staging::Staged
                } else {
                    Staging::NotStaged
                };
            });
        }
        for _ in 0..3 {
            t += 0.6;
            steps.extend(frame(&mut alice, t));
            steps.extend(frame(&mut bob, t));
        }
    }
    // Until both are quiet.
    for _ in 0..10 {
        t += 1.1;
        steps.extend(frame(&mut alice, t));
        steps.extend(frame(&mut bob, t));
    }
    assert_eq!(conflicts(&steps), 0, "different things never ask");
    assert!(
        steps.iter().any(|s| matches!(s, Step::CameIn(_))),
        "each took the other's changes in"
    );
    let on_disk = storage::load(&path).expect("loads");
    assert_eq!(alice.doc.plan, on_disk, "alice holds the file");
    assert_eq!(bob.doc.plan, on_disk, "bob holds the file");
    assert!(!alice.doc.is_dirty() && !bob.doc.is_dirty());
    assert_eq!(on_disk.assets[0].notes, "alice 5");
    assert_eq!(on_disk.assets[1].notes, "bob 4");
    assert_eq!(on_disk.assets[2].staging, Staging::Staged, "round 5's");
}

#[test]
fn working_live_asks_only_when_both_changed_the_same_field() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, "alice");
    let mut bob = open_as(dir.path(), &path, "bob");
    alice.set_live(true);
    bob.set_live(true);
    // The same asset, different fields: merged without a word.
    edit(&mut alice, "replication", |p| {
        std::sync::Arc::make_mut(&mut p.assets[0])
            .replication
            .status = ReplicationStatus::Failed;
    });
    notes(&mut bob, 0, "bob's note");
    let mut steps = Vec::new();
    // Bob takes alice's save in before his own edits pause: his save
    // comes a frame later.
    for t in [1.1, 2.2, 3.3, 4.4, 5.5] {
        steps.extend(frame(&mut alice, t));
        steps.extend(frame(&mut bob, t));
    }
    assert_eq!(conflicts(&steps), 0);
    let on_disk = storage::load(&path).expect("loads");
    assert_eq!(on_disk.assets[0].notes, "bob's note");
    assert_eq!(
        on_disk.assets[0].replication.status,
        ReplicationStatus::Failed
    );
    assert_eq!(alice.doc.plan, on_disk);

    // The same field, two values: the one who saves second is asked.
    notes(&mut alice, 1, "alice says");
    notes(&mut bob, 1, "bob says");
    let mut alice_steps = frame(&mut alice, 6.6);
    let mut bob_steps = frame(&mut bob, 6.6);
    // Alice's edits pause first: she saves; bob sees her save.
    alice_steps.extend(frame(&mut alice, 7.7));
    bob_steps.extend(frame(&mut bob, 7.7));
    assert_eq!(conflicts(&alice_steps), 0, "alice saved first");
    let Some(Step::Conflicts {
        conflicts: asked,
        changes,
        sides,
    }) = bob_steps
        .iter()
        .find(|s| matches!(s, Step::Conflicts { .. }))
    else {
        panic!("bob is asked: {bob_steps:?}");
    };
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].field, "notes");
    assert_eq!(*changes, 0, "nothing else came in with it");
    assert_eq!(sides.mine, "Mine — bob");
    assert!(
        sides.theirs.starts_with("alice's, saved "),
        "{}",
        sides.theirs
    );
    assert_eq!(sides.theirs_word, "alice's");
    // While bob decides, his window waits; the file keeps alice's.
    assert!(frame(&mut bob, 8.5).is_empty());
    assert_eq!(
        storage::load(&path).expect("loads").assets[1].notes,
        "alice says"
    );
}

#[test]
fn a_conflict_left_for_the_room_is_an_open_question_naming_both() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, "alice");
    let mut bob = open_as(dir.path(), &path, "bob");
    notes(&mut alice, 1, "alice says");
    assert!(alice.save_and_wait().saved());
    notes(&mut bob, 1, "bob says");
    let MergeOutcome::Conflicts { conflicts, .. } = bob.merge_from_disk() else {
        panic!("a conflict");
    };
    assert_eq!(conflicts.len(), 1);
    // Not decided: the room is asked.
    let notice = bob.apply_merge(&HashMap::new());
    assert!(
        notice
            .text
            .contains("1 question for the room is open in the log"),
        "{}",
        notice.text
    );
    let question = bob
        .doc
        .plan
        .log
        .iter()
        .find(|l| crate::derive::is_open_merge_question(l))
        .expect("asked")
        .clone();
    assert!(
        question
            .text
            .contains("bob's 'bob says', alice's 'alice says'; bob's kept"),
        "{}",
        question.text
    );
    bob.doc.refresh();
    let gaps = crate::derive::gaps(&bob.doc.plan, &bob.doc.derived);
    assert!(
        gaps.iter().any(
            |g| g.subject == crate::derive::Subject::Log(question.id.clone())
                && g.message.contains(&question.text)
        ),
        "the question is one of the gaps F8 walks"
    );
}

#[test]
fn a_window_with_nothing_unsaved_reloads_by_itself_and_says_what_came_in() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, "alice");
    let mut bob = open_as(dir.path(), &path, "bob");
    let before = bob.doc.plan.clone();
    notes(&mut alice, 0, "from alice");
    assert!(alice.save_and_wait().saved());
    let steps = frame(&mut bob, 1.0);
    let [Step::CameIn(notice)] = steps.as_slice() else {
        panic!("reloaded: {steps:?}");
    };
    assert!(
        notice.text.starts_with("alice saved 1 change at "),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("notes"), "{}", notice.text);
    assert_eq!(bob.doc.plan, storage::load(&path).expect("loads"));
    assert!(!bob.doc.is_dirty());
    bob.doc.undo();
    assert_eq!(bob.doc.plan, before, "undo brings back what he had");

    // With unsaved changes of his own, the change waits for him.
    notes(&mut bob, 1, "bob's, unsaved");
    notes(&mut alice, 0, "again from alice");
    assert!(alice.save_and_wait().saved());
    assert!(frame(&mut bob, 2.0).is_empty());
    assert!(matches!(bob.disk_notice(), Some(DiskNotice::Changed(_))));
    assert_eq!(bob.doc.plan.assets[1].notes, "bob's, unsaved");
}

#[test]
fn a_live_save_waits_for_edits_to_pause() {
    let (dir, path) = shared_plan();
    let mut alice = open_as(dir.path(), &path, "alice");
    alice.set_live(true);
    notes(&mut alice, 0, "typing");
    let (wait, step) = alice.keep_in_step(10.0);
    assert_eq!(step, None);
    assert!(wait.is_some_and(|w| w <= Duration::from_secs_f64(LIVE_SAVE_AFTER)));
    notes(&mut alice, 0, "typing more");
    assert!(alice.keep_in_step(10.6).0.is_some(), "still typing");
    assert!(!alice.saving());
    assert_ne!(
        storage::load(&path).expect("loads").assets[0].notes,
        "typing more"
    );
    let _ = alice.keep_in_step(10.6 + LIVE_SAVE_AFTER);
    assert!(alice.wait_for_save().is_some_and(|o| o.saved()));
    assert_eq!(
        storage::load(&path).expect("loads").assets[0].notes,
        "typing more"
    );
}

#[test]
fn working_live_is_remembered_per_plan() {
    let (dir, path) = shared_plan();
    let other = dir.path().join("other.ron");
    storage::save(&crate::example::example_plan(), &other).expect("save");
    let mut alice = open_as(dir.path(), &path, "alice");
    assert!(!alice.live());
    alice.set_live(true);
    let remembered = alice.live_plans.clone();
    assert_eq!(remembered.len(), 1);
    let mut again = Session::new(Document::new(Plan::default(), None));
    again.live_plans = remembered;
    again.open(&other).expect("opens");
    assert!(!again.live(), "another plan is not live");
    again.open(&path).expect("opens");
    assert!(again.live(), "this plan is");
    again.set_live(false);
    assert!(again.live_plans.is_empty());
    // A plan with no file cannot work live.
    let mut new = Session::new(Document::example());
    assert!(new.set_live(true).error);
    assert!(!new.live());
}
