//! Two people and a sync client on one plan file: whatever the order of
//! their loads, saves and replacements, the file is always one writer's
//! complete version, and a save never silently replaces a version its
//! writer did not see.

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
                    let options = SaveOptions { expected: Some(&writer.baseline), backups: None };
                    let result = storage::save_with(&writer.plan, &path, &options);
                    if writer.seen == on_disk {
                        let (_, baseline) = result.expect("the file is the one it saw: saved");
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
