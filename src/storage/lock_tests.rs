//! Saves of one plan take turns: a save waits for another to end, the
//! lock of a process that died is taken over, and where locks do not work
//! the save goes ahead on its check and says so once.

use std::time::Duration;

use super::*;
use crate::model::Plan;
use crate::storage::{Baseline, SaveError, SaveOptions, load_with_baseline, save, save_with};

fn me() -> Author {
    Author::new("tester", "here")
}

fn guarded<'a>(expected: &'a Baseline, wait: Duration) -> SaveOptions<'a> {
    SaveOptions {
        expected: Some(expected),
        lock_wait: wait,
        ..SaveOptions::default()
    }
}

#[test]
fn a_save_waits_for_another_save_of_the_plan_then_sees_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&Plan::named("Start"), &path).expect("save");
    let (_, read) = load_with_baseline(&path).expect("load");
    // Another save holds the lock: this one waits and, given up, names
    // who holds it and writes nothing.
    let Locked::Held(held) =
        lock(&path, Duration::ZERO, &Author::new("alice", "laptop-a")).expect("free")
    else {
        panic!("locks work here");
    };
    let err = save_with(
        &Plan::named("Mine"),
        &path,
        &guarded(&read, Duration::from_millis(200)),
    )
    .expect_err("busy");
    assert!(matches!(err, SaveError::Busy { .. }), "{err}");
    assert!(err.to_string().contains("alice on laptop-a"), "{err}");
    assert_eq!(crate::storage::load(&path).expect("load").name, "Start");
    // The other save writes its plan, then lets go: the waiting save
    // finds a file it did not read, and is refused.
    let waiting = {
        let path = path.clone();
        std::thread::spawn(move || {
            save_with(
                &Plan::named("Mine"),
                &path,
                &guarded(&read, Duration::from_secs(20)),
            )
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(
        &path,
        crate::storage::to_string(&Plan::named("Theirs, saved first")),
    )
    .expect("theirs");
    drop(held);
    let err = waiting.join().expect("join").expect_err("refused");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert!(err.to_string().contains("changed by someone else"), "{err}");
    assert_eq!(
        crate::storage::load(&path).expect("load").name,
        "Theirs, saved first"
    );
}

#[cfg(unix)]
#[test]
fn the_lock_of_a_process_that_died_is_taken_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&Plan::named("Start"), &path).expect("save");
    let lock_file = versions::beside(&path).join("lock");
    // Another process takes the plan's lock and is killed holding it.
    let Ok(mut holder) = std::process::Command::new("flock")
        .arg("--no-fork")
        .arg(&lock_file)
        .args(["sleep", "30"])
        .spawn()
    else {
        eprintln!("flock(1) not available, skipped");
        return;
    };
    let started = std::time::Instant::now();
    while matches!(lock(&path, Duration::ZERO, &me()), Ok(Locked::Held(_))) {
        assert!(started.elapsed() < Duration::from_secs(20), "never locked");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        matches!(
            lock(&path, Duration::ZERO, &me()),
            Err(SaveError::Busy { .. })
        ),
        "held by the other process"
    );
    holder.kill().expect("kill");
    holder.wait().expect("wait");
    let (_, read) = load_with_baseline(&path).expect("load");
    save_with(
        &Plan::named("After"),
        &path,
        &guarded(&read, Duration::from_secs(5)),
    )
    .expect("the dead process's lock is taken over");
    assert_eq!(crate::storage::load(&path).expect("load").name, "After");
}

#[cfg(unix)]
#[test]
fn where_locks_do_not_work_a_save_goes_ahead_on_its_check_and_says_so_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&Plan::named("Start"), &path).expect("save");
    // A lock file that cannot be opened, as on a share without locks.
    let lock_file = versions::beside(&path).join("lock");
    std::fs::remove_file(&lock_file).expect("rm");
    std::os::unix::fs::symlink(dir.path().join("no such folder/lock"), &lock_file)
        .expect("symlink");
    let (_, read) = load_with_baseline(&path).expect("load");
    let first = save_with(&Plan::named("One"), &path, &guarded(&read, Duration::ZERO))
        .expect("saved without a lock");
    let notice = first.notice.expect("said the first time");
    assert!(notice.contains("cannot be locked"), "{notice}");
    let second = save_with(
        &Plan::named("Two"),
        &path,
        &guarded(&first.baseline, Duration::ZERO),
    )
    .expect("saved");
    assert_eq!(second.notice, None, "said once");
    // The check still stands.
    let err = save_with(
        &Plan::named("Three"),
        &path,
        &guarded(&read, Duration::ZERO),
    )
    .expect_err("an old read is refused");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(crate::storage::load(&path).expect("load").name, "Two");
}
