//! Recovery copies: while a plan has unsaved changes, a copy is written to
//! the user's data folder (never beside the plan) every few seconds, so a
//! crash or a kill loses at most that much. The next start offers it back.

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
    pub plan: Plan,
}

impl Recovery {
    pub fn written(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(self.written_at)
    }
}

/// Where the recovery copy of a plan goes: one per plan file, and one for
/// a plan that has no file yet.
pub fn path_for(root: &Path, original: Option<&Path>) -> PathBuf {
    match original {
        Some(plan) => {
            let folder = super::backups::folder(root, plan);
            let name = folder
                .file_name()
                .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned());
            root.join(format!("{name}.recovery"))
        }
        None => root.join("untitled.recovery"),
    }
}

/// Writes (atomically) the recovery copy of a plan.
pub fn write(
    root: &Path,
    original: Option<&Path>,
    plan: &Plan,
) -> Result<PathBuf, super::SaveError> {
    let target = path_for(root, original);
    std::fs::create_dir_all(root).map_err(|source| super::SaveError::io(&target, source))?;
    let recovery = Recovery {
        original: original.map(Path::to_owned),
        written_at: SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        plan: plan.clone(),
    };
    let text = ron::ser::to_string_pretty(&recovery, ron::ser::PrettyConfig::new())
        .map_err(|e| super::SaveError::io(&target, std::io::Error::other(e.to_string())))?;
    super::write_atomically(&target, text.as_bytes())?;
    Ok(target)
}

/// Removes the recovery copy of a plan (after a save, or when the user
/// discards the changes).
pub fn remove(root: &Path, original: Option<&Path>) {
    let _ = std::fs::remove_file(path_for(root, original));
}

/// Every readable recovery copy in the folder, newest first, with its file.
/// Unreadable ones are skipped (and left alone).
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
        .collect();
    found.sort_by_key(|(_, r)| std::cmp::Reverse(r.written_at));
    found
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
                let plural = if n == 1 { "" } else { "s" };
                parts.push(format!("{n} {what}{plural} {verb}"));
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
        write(&root, Some(&original), &plan).expect("write");
        write(&root, None, &Plan::named("Untitled")).expect("write");
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

    #[test]
    fn differences_in_a_sentence() {
        let old = crate::example::example_plan();
        let mut new = old.clone();
        assert_eq!(describe_difference(&old, &new), "no differences");
        new.assets[0].notes = "x".into();
        new.assets[1].notes = "y".into();
        new.workloads.push(crate::model::Workload::new("New"));
        new.log.remove(0);
        assert_eq!(
            describe_difference(&old, &new),
            "1 workload added, 2 assets changed, 1 log entry removed"
        );
    }
}
