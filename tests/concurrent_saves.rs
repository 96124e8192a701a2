//! Two people and a sync client on one plan file: whatever the order of
//! their loads, saves and replacements, the file is always one writer's
//! complete version, and a save never silently replaces a version its
//! writer did not see. With each save cut into its steps (prepare, lock,
//! commit) and the steps of three writers interleaved, saves take turns
//! under the plan's lock and never both land with one lost.

use std::path::Path;

use ferry::model::Plan;
use ferry::storage::{self, Baseline, SaveError, SaveOptions};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Event {
    /// Writer `w` (re)loads the file.
    Load(usize),
    /// Writer `w` saves its plan renamed to the given name.
    Save(usize, String),
    /// Something else replaces the file: by a rename (a sync client, git)
    /// or by writing it in place (an editor).
    Replace(String, bool),
}

fn name() -> impl Strategy<Value = String> {
    // Few names, so the same bytes come back now and then (a save of what
    // is already there, a replacement with identical content).
    prop_oneof![
        Just("A".to_owned()),
        Just("B".to_owned()),
        Just("Longer name C".to_owned()),
        "[a-z]{1,12}",
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        (0usize..2).prop_map(Event::Load),
        ((0usize..2), name()).prop_map(|(w, n)| Event::Save(w, n)),
        (name(), any::<bool>()).prop_map(|(n, rename)| Event::Replace(n, rename)),
    ]
}

struct Writer {
    plan: Plan,
    baseline: Baseline,
    /// The bytes this writer last read or wrote.
    seen: Vec<u8>,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_file_is_always_one_writers_whole_version(events in proptest::collection::vec(event(), 1..30)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.ron");
        storage::save(&Plan::named("Start"), &path).expect("first save");
        let load = |p: &Path| {
            let (plan, baseline) = storage::load_with_baseline(p).expect("loads");
            let seen = std::fs::read(p).expect("read");
            Writer { plan, baseline, seen }
        };
        let mut writers = [load(&path), load(&path)];
        // What the file must hold: the last version someone wrote.
        let mut on_disk = std::fs::read(&path).expect("read");
        for event in events {
            match event {
                Event::Load(w) => writers[w] = load(&path),
                Event::Save(w, n) => {
                    let writer = &mut writers[w];
                    writer.plan.name = n;
                    let options = SaveOptions { expected: Some(&writer.baseline), ..SaveOptions::default() };
                    let result = storage::save_with(&writer.plan, &path, &options);
                    if writer.seen == on_disk {
                        let baseline = result.expect("the file is the one it saw: saved").baseline;
                        on_disk = std::fs::read(&path).expect("read");
                        prop_assert_eq!(&on_disk, &storage::to_string(&writer.plan).into_bytes());
                        writer.baseline = baseline;
                        writer.seen = on_disk.clone();
                    } else {
                        let refused = matches!(result, Err(SaveError::ChangedOnDisk { .. }));
                        prop_assert!(refused, "a save over a version it never saw must be refused");
                    }
                }
                Event::Replace(n, rename) => {
                    let text = storage::to_string(&Plan::named(n)).into_bytes();
                    if rename {
                        let tmp = dir.path().join("sync.tmp");
                        std::fs::write(&tmp, &text).expect("write");
                        std::fs::rename(&tmp, &path).expect("rename");
                    } else {
                        std::fs::write(&path, &text).expect("write in place");
                    }
                    on_disk = text;
                }
            }
            prop_assert_eq!(std::fs::read(&path).expect("read"), on_disk.clone());
        }
    }
}

/// One writer's save, in its steps, in a run of interleaved steps.
enum Step {
    Idle,
    Prepared(storage::PendingSave<'static>),
    Locked(storage::LockedSave<'static>),
}

#[derive(Clone, Debug)]
enum Phase {
    /// Writer `w` (re)loads the file (only between saves).
    Load(usize),
    /// Writer `w` starts a save of its plan renamed so: the new version is
    /// written beside the plan.
    Prepare(usize, String),
    /// Writer `w` takes the plan's lock (never waiting).
    Lock(usize),
    /// Writer `w` checks the file and renames its version over it.
    Commit(usize),
    /// A sync client replaces the file, minding no lock.
    Replace(String),
}

fn phase() -> impl Strategy<Value = Phase> {
    prop_oneof![
        (0usize..3).prop_map(Phase::Load),
        ((0usize..3), name()).prop_map(|(w, n)| Phase::Prepare(w, n)),
        (0usize..3).prop_map(Phase::Lock),
        (0usize..3).prop_map(Phase::Commit),
        name().prop_map(Phase::Replace),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Three writers' saves cut into their steps and interleaved: only one
    /// holds the lock at a time; a save lands only over the version its
    /// writer read, and then its version is the file; otherwise it is
    /// refused and the file is untouched. Two writers who read the same
    /// version never both land.
    #[test]
    fn interleaved_saves_take_turns_and_never_lose_one(phases in proptest::collection::vec(phase(), 1..40)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.ron");
        storage::save(&Plan::named("Start"), &path).expect("first save");
        // Each read's baseline lives as long as the saves that use it.
        let read = |p: &Path| -> (Plan, &'static Baseline, Vec<u8>) {
            let (plan, baseline) = storage::load_with_baseline(p).expect("loads");
            (plan, Box::leak(Box::new(baseline)), std::fs::read(p).expect("read"))
        };
        let mut writers: Vec<(Plan, &'static Baseline, Vec<u8>, Step)> = (0..3)
            .map(|_| {
                let (plan, baseline, seen) = read(&path);
                (plan, baseline, seen, Step::Idle)
            })
            .collect();
        let mut on_disk = std::fs::read(&path).expect("read");
        for phase in phases {
            match phase {
                Phase::Load(w) => {
                    if matches!(writers[w].3, Step::Idle) {
                        let (plan, baseline, seen) = read(&path);
                        writers[w] = (plan, baseline, seen, Step::Idle);
                    }
                }
                Phase::Prepare(w, n) => {
                    if !matches!(writers[w].3, Step::Idle) {
                        continue;
                    }
                    writers[w].0.name = n;
                    let options = SaveOptions {
                        expected: Some(writers[w].1),
                        lock_wait: std::time::Duration::ZERO,
                        ..SaveOptions::default()
                    };
                    match storage::prepare(&writers[w].0, &path, &options) {
                        Ok(pending) => writers[w].3 = Step::Prepared(pending),
                        Err(e) => {
                            prop_assert!(writers[w].2 != on_disk, "refused a save over what it read: {e}");
                            prop_assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e}");
                        }
                    }
                }
                Phase::Lock(w) => {
                    let Step::Prepared(_) = &writers[w].3 else { continue };
                    let Step::Prepared(pending) = std::mem::replace(&mut writers[w].3, Step::Idle) else {
                        continue;
                    };
                    let other_holds = writers.iter().any(|x| matches!(x.3, Step::Locked(_)));
                    match pending.lock() {
                        Ok(locked) => {
                            prop_assert!(!other_holds, "two saves hold the lock");
                            writers[w].3 = Step::Locked(locked);
                        }
                        Err(e) => {
                            prop_assert!(other_holds, "refused a free lock: {e}");
                            prop_assert!(matches!(e, SaveError::Busy { .. }), "{e}");
                        }
                    }
                }
                Phase::Commit(w) => {
                    let Step::Locked(_) = &writers[w].3 else { continue };
                    let Step::Locked(locked) = std::mem::replace(&mut writers[w].3, Step::Idle) else {
                        continue;
                    };
                    let mine = storage::to_string(&writers[w].0).into_bytes();
                    match locked.commit() {
                        Ok(report) => {
                            prop_assert_eq!(&writers[w].2, &on_disk, "landed over a version it never read");
                            prop_assert_eq!(std::fs::read(&path).expect("read"), mine.clone());
                            on_disk = mine;
                            writers[w].1 = Box::leak(Box::new(report.baseline));
                            writers[w].2 = on_disk.clone();
                        }
                        Err(e) => {
                            prop_assert!(writers[w].2 != on_disk, "refused over what it read: {e}");
                            prop_assert!(matches!(e, SaveError::ChangedOnDisk { .. }), "{e}");
                        }
                    }
                }
                Phase::Replace(n) => {
                    let text = storage::to_string(&Plan::named(n)).into_bytes();
                    let tmp = dir.path().join("sync.tmp");
                    std::fs::write(&tmp, &text).expect("write");
                    std::fs::rename(&tmp, &path).expect("rename");
                    on_disk = text;
                }
            }
            prop_assert_eq!(std::fs::read(&path).expect("read"), on_disk.clone());
        }
    }
}
