//! Recovery copies: while a plan has unsaved changes, a copy is written to
//! the user's data folder (never beside the plan) every few seconds, so a
//! crash or a kill loses at most that much. The next start offers it back.
//!
//! Each window writes its own copy (named with its process id), and a copy
//! whose window is still running is never offered to another. A window
//! that opens a plan takes its [`Lock`], so a second window opening the
//! same plan can say so.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::model::Plan;

/// A recovery copy: the plan with unsaved changes and which file it is of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    /// The plan's file; `None` for a plan never saved.
    pub original: Option<PathBuf>,
    /// Seconds since 1970 when the copy was written.
    pub written_at: u64,
    /// The process (window) that wrote it; `None` in copies written before
    /// windows kept their own.
    #[serde(default)]
    pub writer: Option<u32>,
    /// The version of the file the unsaved changes were made to (its size
    /// and content hash): when the file is no longer that version, the
    /// recovered plan does not hold what changed there since.
    #[serde(default)]
    pub based_on: Option<FileSeen>,
    pub plan: Plan,
}

/// A version of a file, as a recovery copy remembers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSeen {
    pub len: u64,
    pub hash: u64,
}

impl FileSeen {
    /// The version a baseline describes; `None` when there was no file.
    pub fn of(baseline: &super::Baseline) -> Option<FileSeen> {
        Some(FileSeen {
            len: baseline.stamp?.len,
            hash: baseline.hash?,
        })
    }
}

impl Recovery {
    pub fn written(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(self.written_at)
    }

    /// Written by another window that is still open: not to be offered.
    fn live_elsewhere(&self) -> bool {
        self.writer.is_some_and(|pid| {
            pid != std::process::id() && super::files::process_alive(pid) != Some(false)
        })
    }
}

/// The folder of the user's data folder (`data_dir`) that holds recovery
/// copies and the locks of open plans.
pub fn root(data_dir: &Path) -> PathBuf {
    data_dir.join("recovery")
}

/// The name shared by a plan's recovery copies and its lock: one per plan
/// file, and one for plans that have no file yet.
fn key(original: Option<&Path>) -> String {
    match original {
        Some(plan) => {
            let folder = super::versions::home(Path::new(""), plan);
            folder
                .file_name()
                .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned())
        }
        None => "untitled".to_owned(),
    }
}

/// Where this window's recovery copy of a plan goes.
pub fn path_for(root: &Path, original: Option<&Path>) -> PathBuf {
    root.join(format!("{}.{}.recovery", key(original), std::process::id()))
}

/// Writes (atomically) this window's recovery copy of a plan.
pub fn write(
    root: &Path,
    original: Option<&Path>,
    based_on: Option<FileSeen>,
    plan: &Plan,
) -> Result<PathBuf, super::SaveError> {
    let target = path_for(root, original);
    std::fs::create_dir_all(root).map_err(|source| super::SaveError::io(&target, source))?;
    let recovery = Recovery {
        original: original.map(Path::to_owned),
        written_at: SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        writer: Some(std::process::id()),
        based_on,
        plan: plan.clone(),
    };
    let text = ron::ser::to_string_pretty(&recovery, ron::ser::PrettyConfig::new())
        .map_err(|e| super::SaveError::io(&target, std::io::Error::other(e.to_string())))?;
    super::write_atomically(&target, text.as_bytes())?;
    Ok(target)
}

/// Removes this window's recovery copy of a plan (after a save, or when
/// the user discards the changes).
pub fn remove(root: &Path, original: Option<&Path>) {
    let _ = std::fs::remove_file(path_for(root, original));
}

/// Every readable recovery copy in the folder that no running window is
/// keeping, newest first, with its file. Unreadable ones are skipped (and
/// left alone).
pub fn list(root: &Path) -> Vec<(PathBuf, Recovery)> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, Recovery)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "recovery"))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= super::MAX_FILE_BYTES))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let recovery: Recovery = ron::from_str(&text).ok()?;
            Some((p, recovery))
        })
        .filter(|(_, r)| !r.live_elsewhere())
        .collect();
    found.sort_by_key(|(_, r)| std::cmp::Reverse(r.written_at));
    found
}

/// A window's hold on a plan file, released when dropped: a file in the
/// recovery folder naming the process. A lock whose process is gone is
/// stale and taken over.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Another running window holds the lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub pid: u32,
    /// When it took the lock, in words.
    pub since: String,
}

impl std::fmt::Display for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.since.is_empty() {
            write!(f, "process {}", self.pid)
        } else {
            write!(f, "process {}, since {}", self.pid, self.since)
        }
    }
}

impl Lock {
    /// Takes the lock of `plan` in `root`. `Err` when another running
    /// window holds it; `Ok(None)` when no lock can be written here (a
    /// read-only data folder): nothing is known then, so nothing is said.
    pub fn acquire(root: &Path, plan: &Path) -> Result<Option<Lock>, Held> {
        let path = root.join(format!("{}.lock", key(Some(plan))));
        if std::fs::create_dir_all(root).is_err() {
            return Ok(None);
        }
        let me = std::process::id();
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    use std::io::Write as _;
                    let _ = writeln!(file, "{me}");
                    return Ok(Some(Lock { path }));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if pid == me => return Ok(Some(Lock { path })),
                        Some(pid) if !stale(pid, &path) => {
                            let since = std::fs::metadata(&path)
                                .and_then(|m| m.modified())
                                .map(crate::model::format_time)
                                .unwrap_or_default();
                            return Err(Held { pid, since });
                        }
                        // Stale, or half-written: take it over.
                        _ => {
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(_) => return Ok(None),
            }
        }
        Ok(None)
    }
}

/// A lock whose process is gone; where processes cannot be seen, one a
/// day old.
fn stale(pid: u32, path: &Path) -> bool {
    match super::files::process_alive(pid) {
        Some(alive) => !alive,
        None => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 24 * 3600),
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only ours: a lock taken over meanwhile is left alone.
        let mine = std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| t.trim().parse::<u32>().ok())
            == Some(std::process::id());
        if mine {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What differs between the plan on disk and the recovered one, in a
/// sentence: "2 assets changed, 1 workload added".
pub fn describe_difference(old: &Plan, new: &Plan) -> String {
    fn count<T: PartialEq>(
        old: &[T],
        new: &[T],
        id: impl Fn(&T) -> &str,
        what: &str,
        parts: &mut Vec<String>,
    ) {
        let old_by_id: std::collections::HashMap<&str, &T> =
            old.iter().map(|o| (id(o), o)).collect();
        let new_ids: std::collections::HashSet<&str> = new.iter().map(&id).collect();
        let added = new
            .iter()
            .filter(|n| !old_by_id.contains_key(id(n)))
            .count();
        let removed = old.iter().filter(|o| !new_ids.contains(id(o))).count();
        let changed = new
            .iter()
            .filter(|n| old_by_id.get(id(n)).is_some_and(|o| *o != *n))
            .count();
        for (n, verb) in [(added, "added"), (changed, "changed"), (removed, "removed")] {
            if n > 0 {
                parts.push(format!("{} {verb}", crate::words::count(n, what)));
            }
        }
    }
    let mut parts = Vec::new();
    if old.name != new.name {
        parts.push(format!("the plan renamed to \"{}\"", new.name));
    }
    count(
        &old.workloads,
        &new.workloads,
        |w| &w.id,
        "workload",
        &mut parts,
    );
    count(&old.assets, &new.assets, |a| &a.id, "asset", &mut parts);
    count(&old.parties, &new.parties, |p| &p.id, "party", &mut parts);
    count(&old.log, &new.log, |l| &l.id, "log entry", &mut parts);
    if parts.is_empty() {
        "no differences".to_owned()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_copy_round_trips_and_is_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("recovery");
        let original = dir.path().join("plan.ron");
        let mut plan = crate::example::example_plan();
        plan.name = "Unsaved".into();
        write(&root, Some(&original), None, &plan).expect("write");
        write(&root, None, None, &Plan::named("Untitled")).expect("write");
        let found = list(&root);
        assert_eq!(found.len(), 2);
        let mine = found
            .iter()
            .find(|(_, r)| r.original.as_deref() == Some(original.as_path()))
            .expect("mine");
        assert_eq!(mine.1.plan, plan);
        remove(&root, Some(&original));
        assert_eq!(list(&root).len(), 1);
        std::fs::write(root.join("broken.recovery"), "not ron").expect("write");
        assert_eq!(list(&root).len(), 1, "unreadable copies are skipped");
    }

    /// The pid of a process that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let pid = child.id();
        child.wait().expect("wait");
        pid
    }

    #[test]
    fn a_running_windows_recovery_copy_is_never_offered_to_another() {
        if super::super::process_alive(1).is_none() {
            return; // processes cannot be seen here
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("recovery");
        let original = dir.path().join("plan.ron");
        let live = Recovery {
            original: Some(original.clone()),
            written_at: 1,
            writer: Some(1), // a process that is running: another window
            based_on: None,
            plan: Plan::named("Theirs, still open"),
        };
        let crashed = Recovery {
            writer: Some(dead_pid()),
            plan: Plan::named("Crashed window"),
            ..live.clone()
        };
        let old_style = Recovery {
            writer: None,
            plan: Plan::named("Before windows kept their own"),
            ..live.clone()
        };
        std::fs::create_dir_all(&root).expect("mkdir");
        for (name, r) in [("a", &live), ("b", &crashed), ("c", &old_style)] {
            let text = ron::ser::to_string(r).expect("ron");
            std::fs::write(root.join(format!("{name}.recovery")), text).expect("write");
        }
        let offered: Vec<String> = list(&root).into_iter().map(|(_, r)| r.plan.name).collect();
        assert!(offered.contains(&"Crashed window".to_owned()));
        assert!(offered.contains(&"Before windows kept their own".to_owned()));
        assert!(
            !offered.contains(&"Theirs, still open".to_owned()),
            "{offered:?}"
        );
    }

    #[test]
    fn two_windows_keep_two_recovery_copies_of_one_plan() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("recovery");
        let original = dir.path().join("plan.ron");
        write(&root, Some(&original), None, &Plan::named("Mine")).expect("write");
        // Another window's copy of the same plan, by name.
        let theirs = root.join(format!("{}.1.recovery", key(Some(&original))));
        assert_ne!(theirs, path_for(&root, Some(&original)));
        std::fs::write(&theirs, "kept").expect("write");
        remove(&root, Some(&original));
        assert!(theirs.exists(), "removing mine leaves theirs");
    }

    #[test]
    fn a_plan_open_in_a_running_window_is_said_to_be_so() {
        if super::super::process_alive(1).is_none() {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("recovery");
        let plan = dir.path().join("plan.ron");
        let lock_file = root.join(format!("{}.lock", key(Some(&plan))));

        let mine = Lock::acquire(&root, &plan).expect("free").expect("lock");
        assert!(lock_file.exists());
        drop(mine);
        assert!(!lock_file.exists(), "released when dropped");

        std::fs::create_dir_all(&root).expect("mkdir");
        std::fs::write(&lock_file, "1\n").expect("write");
        let held = Lock::acquire(&root, &plan).expect_err("held by a running window");
        assert_eq!(held.pid, 1);
        assert!(held.to_string().starts_with("process 1"), "{held}");

        std::fs::write(&lock_file, format!("{}\n", dead_pid())).expect("write");
        let taken = Lock::acquire(&root, &plan).expect("stale lock taken over");
        assert!(taken.is_some());
        assert_eq!(
            std::fs::read_to_string(&lock_file).expect("read").trim(),
            std::process::id().to_string()
        );
    }

    #[test]
    fn differences_in_a_sentence() {
        let old = crate::example::example_plan();
        let mut new = old.clone();
        assert_eq!(describe_difference(&old, &new), "no differences");
        std::sync::Arc::make_mut(&mut new.assets[0]).notes = "x".into();
        std::sync::Arc::make_mut(&mut new.assets[1]).notes = "y".into();
        new.workloads.push(crate::model::Workload::new("New"));
        new.log.remove(0);
        assert_eq!(
            describe_difference(&old, &new),
            "1 workload added, 2 assets changed, 1 log entry removed"
        );
        // Nouns ending in y are counted in words too, not "partys".
        new.parties[0].name.push_str(" (old)");
        new.parties[1].name.push_str(" (old)");
        new.log.remove(0);
        assert_eq!(
            describe_difference(&old, &new),
            "1 workload added, 2 assets changed, 2 parties changed, 2 log entries removed"
        );
    }
}
