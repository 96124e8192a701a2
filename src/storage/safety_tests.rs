//! A save never damages what it does not own; reading never grows or hangs
//! without bound. One test per loss it prevents.

use std::path::Path;
use std::time::Duration;

use super::super::*;
use crate::model::*;
use crate::storage::save::save_within;

fn plan(name: &str) -> Plan {
    let mut plan = Plan::named(name);
    plan.assets.push(std::sync::Arc::new(Asset::new(
        "web-01",
        AssetKind::VirtualMachine,
    )));
    plan
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn a_read_only_plan_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("Theirs"), &path).expect("first save");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&path).expect("read");
    let err = save(&plan("Mine"), &path).expect_err("read-only");
    assert!(matches!(err, SaveError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before, "untouched");
    assert_eq!(mode(&path), 0o444);
}

#[test]
fn a_file_replaced_during_a_save_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("Original"), &path).expect("first save");
    let (mine, baseline) = load_with_baseline(&path).expect("load");
    // A colleague's save (a sync client, a git checkout) replaces the file.
    let theirs = to_string(&plan("Theirs, longer name"));
    std::fs::write(dir.path().join("x.tmp"), &theirs).expect("write");
    std::fs::rename(dir.path().join("x.tmp"), &path).expect("replace");
    let mut changed = mine.clone();
    changed.name = "Mine".into();
    let options = SaveOptions {
        expected: Some(&baseline),
        ..SaveOptions::default()
    };
    let err = save_with(&changed, &path, &options).expect_err("refused");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
    // Same size, other bytes: the content decides, not the time.
    let same_size = theirs.replace("Theirs", "THEIRS");
    let (_, baseline) = load_with_baseline(&path).expect("load");
    std::fs::write(&path, &same_size).expect("in-place write");
    let options = SaveOptions {
        expected: Some(&baseline),
        ..SaveOptions::default()
    };
    assert!(
        save_with(&changed, &path, &options).is_err(),
        "same size, other bytes"
    );
    // Touched but not changed: still ours, the save goes ahead.
    let (_, baseline) = load_with_baseline(&path).expect("load");
    std::fs::write(&path, &same_size).expect("rewrite the same bytes");
    let options = SaveOptions {
        expected: Some(&baseline),
        ..SaveOptions::default()
    };
    save_with(&changed, &path, &options).expect("same bytes: saves");
    assert_eq!(load(&path).expect("load").name, "Mine");
}

#[test]
fn a_plan_created_elsewhere_meanwhile_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.ron");
    std::fs::write(&path, to_string(&plan("Theirs"))).expect("theirs");
    let options = SaveOptions {
        expected: Some(&Baseline::ABSENT),
        ..SaveOptions::default()
    };
    assert!(save_with(&plan("Mine"), &path, &options).is_err());
    assert_eq!(load(&path).expect("load").name, "Theirs");
}

#[cfg(unix)]
#[test]
fn a_symlinked_plan_is_saved_through_the_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real_dir = dir.path().join("shared");
    std::fs::create_dir(&real_dir).expect("dir");
    let real = real_dir.join("plan.ron");
    save(&plan("Before"), &real).expect("save");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    save(&plan("After"), &link).expect("save through the link");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        load(&real).expect("load").name,
        "After",
        "the real plan changed"
    );
    // The temporary file went next to the target, and is gone.
    let leftovers: Vec<_> = std::fs::read_dir(&real_dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[cfg(unix)]
#[test]
fn a_report_onto_a_symlink_or_a_device_writes_into_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("report.md");
    std::fs::write(&real, "old").expect("write");
    let link = dir.path().join("latest.md");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    write_output(&link, b"new report", &[]).expect("written");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&real).expect("read"), b"new report");
    // A device node stays a device node.
    let null = Path::new("/dev/null");
    if null.exists() {
        write_output(null, b"discarded", &[]).expect("written into /dev/null");
        use std::os::unix::fs::FileTypeExt as _;
        assert!(
            std::fs::metadata(null)
                .expect("meta")
                .file_type()
                .is_char_device(),
            "/dev/null is still a device"
        );
    }
}

#[test]
fn a_report_over_its_own_plan_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("Keep me"), &path).expect("save");
    let err = write_output(&path, b"id,name\n", &[&path]).expect_err("refused");
    assert!(err.to_string().contains("would be overwritten"), "{err}");
    assert_eq!(load(&path).expect("still a plan").name, "Keep me");
}

#[cfg(unix)]
#[test]
fn a_saved_plan_keeps_its_mode_and_a_new_one_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("One"), &path).expect("save");
    // Whatever the umask, a new file is not more private than 0666 less it,
    // and never the 0600 of a temporary file unless the umask says so.
    let probe = dir.path().join("probe");
    std::fs::File::create(&probe).expect("probe");
    assert_eq!(mode(&path), mode(&probe), "new files follow the umask");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    save(&plan("Two"), &path).expect("save");
    assert_eq!(mode(&path), 0o640, "mode kept");
}

#[cfg(unix)]
#[test]
fn an_owner_is_kept_when_root_saves_their_plan() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("Theirs"), &path).expect("save");
    // Only root can give a file away; elsewhere there is nothing to test.
    if std::os::unix::fs::chown(&path, Some(4321), Some(4322)).is_err() {
        eprintln!("not root: owner change not possible here, skipped");
        return;
    }
    save(&plan("Edited by root"), &path).expect("save");
    let meta = std::fs::metadata(&path).expect("meta");
    assert_eq!(
        (meta.uid(), meta.gid()),
        (4321, 4322),
        "owner and group kept"
    );
    assert_eq!(load(&path).expect("load").name, "Edited by root");
}

#[test]
fn a_plan_over_the_limit_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("Small"), &path).expect("save");
    let before = std::fs::read(&path).expect("read");
    let mut huge = plan("Huge");
    std::sync::Arc::make_mut(&mut huge.assets[0]).notes = "x".repeat(before.len() * 2);
    // The same check as with the real limit, with a small one so the test
    // needs no gigabyte of memory.
    let limit = before.len() as u64 + 100;
    let err = save_within(&huge, &path, &SaveOptions::default(), limit).expect_err("too large");
    assert!(matches!(err, SaveError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn the_limit_fits_half_a_million_assets() {
    let sample = crate::generate::generate(2_000, 1);
    let per_asset = to_string(&sample).len() as u64 / 2_000;
    assert!(
        per_asset * 500_000 < MAX_FILE_BYTES,
        "{per_asset} bytes per asset: 500,000 assets would not fit"
    );
}

#[cfg(unix)]
#[test]
fn dev_zero_and_dev_urandom_are_refused_at_once() {
    for device in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(device).exists() {
            continue;
        }
        let err = load(Path::new(device)).expect_err("not a plan");
        assert!(matches!(err, LoadError::NotText { .. }), "{device}: {err}");
        assert!(err.to_string().contains(device), "{err}");
        // Refused at the first bytes: the offset says how far it read.
        if let LoadError::NotText { offset, .. } = err {
            assert!(
                offset < 65_536,
                "{device} read {offset} bytes before refusing"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_within_the_limit_and_never_waits_forever() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("plan.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available, skipped");
        return;
    }
    // No writer: a clear error after the wait, not a hang.
    let err = read_limited(&fifo, MAX_FILE_BYTES, Duration::from_millis(300), true)
        .expect_err("no writer");
    assert!(matches!(err, ReadFailure::NoWriter { .. }));
    // A writer that sends a plan: it loads. (Another pipe: the reader that
    // gave up above still waits on the first one.)
    let fifo = dir.path().join("plan2.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    let writer_path = fifo.clone();
    let text = to_string(&plan("Piped"));
    let writer = std::thread::spawn(move || std::fs::write(&writer_path, text));
    let bytes = read_limited(&fifo, MAX_FILE_BYTES, Duration::from_secs(20), true).expect("read");
    writer.join().expect("join").expect("written");
    let piped = parse_bytes(&bytes, &fifo).expect("parses");
    assert_eq!(piped.name, "Piped");
    // A writer that sends more than the limit: refused at the limit.
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        let _ = std::fs::write(&writer_path, vec![b' '; 4096]);
    });
    let err = read_limited(&fifo, 1000, Duration::from_secs(20), true).expect_err("too large");
    assert!(matches!(err, ReadFailure::TooLarge { .. }));
    let _ = writer.join();
}

#[test]
fn duplicate_keys_in_a_map_are_errors_with_their_position() {
    for (text, key) in [
        (
            "(format: 1, assets: [(name: \"a\",\n source: {\"cluster\": \"A\",\n \"cluster\": \"B\"})])",
            "cluster",
        ),
        (
            "(format: 1, workloads: [(name: \"w\", activities: [(kind: Staging,\n raci: {\"pt-1\": Accountable, \"pt-1\": Responsible})])])",
            "pt-1",
        ),
        (
            "(format: 1, assets: [(name: \"a\",\n owners: {Staging: \"pt-1\", Staging: \"pt-2\"})])",
            "Staging",
        ),
    ] {
        let err = parse(text, Path::new("plan.ron")).expect_err("duplicate key");
        let message = err.to_string();
        assert!(
            message.contains(key) && message.contains("twice"),
            "{message}"
        );
        assert!(
            err.position().is_some_and(|(line, _)| line >= 2),
            "{message}"
        );
    }
}

#[test]
fn omitted_ids_are_the_same_on_every_load() {
    let text = r#"(format: 1, parties: [(name: "Ops")], workloads: [(name: "ERP")],
        assets: [(name: "db"), (name: "web")], log: [(text: "Decide")])"#;
    let a = parse(text, Path::new("plan.ron")).expect("loads");
    let b = parse(text, Path::new("plan.ron")).expect("loads");
    assert_eq!(a, b, "same ids both times");
    assert_ne!(a.assets[0].id, a.assets[1].id);
    assert!(a.assets[0].id.starts_with("as-") && a.parties[0].id.starts_with("pt-"));
}

#[test]
fn a_temporary_file_of_a_killed_save_is_removed_by_the_next_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A save by a process that no longer exists (pids stay below 2^22).
    let leftover = dir.path().join(".ferry-save-99999999-abcdef.tmp");
    std::fs::write(&leftover, vec![b'x'; 4096]).expect("leftover");
    // And one of a save still running in this process: kept.
    let running = dir
        .path()
        .join(format!(".ferry-save-{}-zzzzzz.tmp", std::process::id()));
    std::fs::write(&running, b"in progress").expect("running");
    save(&plan("Next"), &dir.path().join("plan.ron")).expect("save");
    if Path::new("/proc/self").exists() {
        assert!(!leftover.exists(), "the dead save's file is gone");
    }
    assert!(running.exists(), "a save in progress is never touched");
}

#[test]
fn a_file_with_merge_conflict_markers_says_so() {
    let text = "(\n    format: 1,\n<<<<<<< HEAD\n    name: \"A\",\n=======\n    name: \"B\",\n>>>>>>> theirs\n)\n";
    let err = parse(text, Path::new("plan.ron")).expect_err("conflicted");
    assert!(matches!(err, LoadError::MergeConflict { .. }), "{err}");
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_refused_not_replaced_by_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    std::os::unix::fs::symlink(&b, &a).expect("a -> b");
    std::os::unix::fs::symlink(&a, &b).expect("b -> a");
    let is_link = |p: &Path| {
        std::fs::symlink_metadata(p)
            .expect("meta")
            .file_type()
            .is_symlink()
    };
    let err = save(&plan("Mine"), &a).expect_err("a loop");
    assert!(matches!(err, SaveError::LinkLoop { .. }), "{err}");
    assert!(err.to_string().contains("leads in a circle"), "{err}");
    let err = write_output(&a, b"report", &[]).expect_err("a loop");
    assert!(matches!(err, SaveError::LinkLoop { .. }), "{err}");
    let err = write_atomically(&b, b"bytes").expect_err("a loop");
    assert!(matches!(err, SaveError::LinkLoop { .. }), "{err}");
    assert!(is_link(&a) && is_link(&b), "both links are still links");
    // Reading one says what it is, too.
    let err = load(&a).expect_err("a loop");
    assert!(err.to_string().contains("leads in a circle"), "{err}");
}

#[test]
fn a_plan_deleted_while_it_was_open_is_not_written_again_unasked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("Original"), &path).expect("save");
    let (_, read) = load_with_baseline(&path).expect("load");
    std::fs::remove_file(&path).expect("someone deletes it");
    let options = SaveOptions {
        expected: Some(&read),
        ..SaveOptions::default()
    };
    let err = save_with(&plan("Mine"), &path, &options).expect_err("refused");
    assert!(matches!(err, SaveError::ChangedOnDisk { .. }), "{err}");
    assert!(err.to_string().contains("deleted or moved"), "{err}");
    assert!(!path.exists(), "not brought back");
}

#[cfg(unix)]
#[test]
fn a_plan_its_owner_may_not_write_is_read_only_whatever_the_group_may() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    save(&plan("Theirs"), &path).expect("save");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o466)).expect("chmod");
    assert!(is_read_only(&path));
    let err = save(&plan("Mine"), &path).expect_err("read-only");
    assert!(matches!(err, SaveError::ReadOnly { .. }), "{err}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    assert!(!is_read_only(&path));
}

#[cfg(unix)]
#[test]
fn a_fifo_nobody_reads_is_given_up_on_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("out.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available, skipped");
        return;
    }
    let err = super::super::files::write_into(&fifo, &fifo, b"report", Duration::from_millis(300))
        .expect_err("no reader");
    assert!(matches!(err, SaveError::NoReader { .. }), "{err}");
    assert!(
        err.to_string().contains("nothing read from this pipe"),
        "{err}"
    );
    // A reader that takes it: written.
    let fifo = dir.path().join("out2.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read(&reader_path));
    super::super::files::write_into(&fifo, &fifo, b"report", Duration::from_secs(20))
        .expect("read by the reader");
    assert_eq!(reader.join().expect("join").expect("read"), b"report");
}
