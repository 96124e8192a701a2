//! The copies that file-sync clients leave beside a plan when two people
//! saved it at once, and merging them back in (`ferry resolve`, and the
//! app's banner and File › Merge another copy…).
//!
//! - **Named like a copy**: OneDrive and SharePoint `NAME-COMPUTER.ron`,
//!   Dropbox `NAME (… conflicted copy …).ron`, Nextcloud `NAME (conflicted
//!   copy …).ron`, Syncthing `NAME.sync-conflict-….ron`, Google Drive
//!   `NAME (1).ron`. A name only makes a file a candidate.
//! - **Recognised by content**: a candidate is a copy only when it is the
//!   same plan — the same plan name, and most of the ids of the smaller of
//!   the two shared — never by its name alone; a plan with a look-alike
//!   name is left alone.
//! - **Merged three-way** on the newest kept version (beside the plan or in
//!   the user's data folder) or git commit of the plan that both descend
//!   from: one whose items are all still in both (nothing of it deleted on
//!   either side) and that is not newer than either. With none, the merge
//!   has no base: items found on one side only are added, fields held
//!   differently are conflicts.
//! - **Moved aside**: each copy merged goes into `ferry-merged-copies/`
//!   beside the plan, never deleted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::model::Plan;
use crate::storage;

/// The folder beside a plan that merged copies are moved into.
pub const MERGED_FOLDER: &str = "ferry-merged-copies";

/// The sync client whose naming a copy's name follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Client {
    /// OneDrive and SharePoint: `NAME-COMPUTER.ron`.
    OneDrive,
    /// `NAME (Bob's conflicted copy 2026-12-06).ron`.
    Dropbox,
    /// `NAME (conflicted copy 2026-12-06 104233).ron`.
    Nextcloud,
    /// `NAME.sync-conflict-20261206-104233-DEVICE.ron`.
    Syncthing,
    /// `NAME (1).ron`.
    GoogleDrive,
}

impl Client {
    /// The name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Client::OneDrive => "onedrive",
            Client::Dropbox => "dropbox",
            Client::Nextcloud => "nextcloud",
            Client::Syncthing => "syncthing",
            Client::GoogleDrive => "google-drive",
        }
    }

    /// The product, for people.
    pub fn label(self) -> &'static str {
        match self {
            Client::OneDrive => "OneDrive or SharePoint",
            Client::Dropbox => "Dropbox",
            Client::Nextcloud => "Nextcloud",
            Client::Syncthing => "Syncthing",
            Client::GoogleDrive => "Google Drive",
        }
    }
}

/// A file named like a sync client's copy of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub path: PathBuf,
    pub client: Client,
    /// Who or what the name says the copy is from: a person (Dropbox), a
    /// computer (OneDrive), a device (Syncthing).
    pub from: Option<String>,
}

impl Named {
    /// What a person reads: "Bob's conflicted copy, saved at 10:42 UTC",
    /// "the copy saved on LAPTOP-7 at 10:42 UTC" (what the name says
    /// the copy is from, and when it was written).
    pub fn label(&self) -> String {
        let when = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .map(|t| format!(" at {}", super::presence::clock(t)))
            .unwrap_or_default();
        match (&self.from, self.client) {
            (Some(from), Client::Dropbox) => format!("{from}'s conflicted copy, saved{when}"),
            (Some(from), Client::OneDrive) => format!("the copy saved on {from}{when}"),
            (Some(from), Client::Syncthing) => {
                format!("the conflicted copy saved on device {from}{when}")
            }
            (_, Client::GoogleDrive) => {
                format!(
                    "the second copy {}, saved{when}",
                    storage::file_name(&self.path)
                )
            }
            (_, client) => format!("a conflicted copy ({}), saved{when}", client.label()),
        }
    }
}

/// Whether `file`'s name is one a sync client gives a copy of the plan
/// file `plan`, and whose.
pub fn named(plan: &Path, file: &Path) -> Option<Named> {
    let plan_name = plan.file_name()?.to_str()?;
    let (stem, ext) = plan_name.rsplit_once('.')?;
    let name = file.file_name()?.to_str()?;
    if name == plan_name || stem.is_empty() {
        return None;
    }
    let (body, file_ext) = name.rsplit_once('.')?;
    if !file_ext.eq_ignore_ascii_case(ext) {
        return None;
    }
    let found = |client, from: Option<&str>| {
        Some(Named {
            path: file.to_owned(),
            client,
            from: from
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(str::to_owned),
        })
    };
    if let Some(rest) = body.strip_prefix(&format!("{stem}.sync-conflict-")) {
        // 20261206-104233-ABCDEFG
        let device = rest.rsplit('-').next().filter(|d| *d != rest);
        return found(Client::Syncthing, device);
    }
    if let Some(inner) = body
        .strip_prefix(&format!("{stem} ("))
        .and_then(|r| r.strip_suffix(')'))
    {
        if inner.starts_with("conflicted copy") {
            return found(Client::Nextcloud, None);
        }
        if let Some(at) = inner.find("conflicted copy") {
            let who = inner[..at]
                .trim_end()
                .trim_end_matches("'s")
                .trim_end_matches("’s");
            return found(Client::Dropbox, Some(who));
        }
        if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
            return found(Client::GoogleDrive, None);
        }
        return None;
    }
    if let Some(computer) = body.strip_prefix(&format!("{stem}-"))
        && !computer.is_empty()
        && computer
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return found(Client::OneDrive, Some(computer));
    }
    None
}

/// The files beside `plan` named like a sync client's copy of it, by
/// name (candidates only: their content decides).
pub fn candidates(plan: &Path) -> Vec<PathBuf> {
    let dir = match plan.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| named(plan, p).is_some())
        .collect();
    found.sort();
    found
}

/// The ids of a plan's parties, workloads, assets and log entries.
fn ids(plan: &Plan) -> HashSet<&str> {
    plan.parties
        .iter()
        .map(|p| p.id.as_str())
        .chain(plan.workloads.iter().map(|w| w.id.as_str()))
        .chain(plan.assets.iter().map(|a| a.id.as_str()))
        .chain(plan.log.iter().map(|l| l.id.as_str()))
        .collect()
}

/// Why `other` is not a copy of `plan`; `None` when it is one: the same
/// plan name, and more than half the ids of the smaller of the two in
/// both (two empty plans of one name are copies).
pub fn not_a_copy(plan: &Plan, other: &Plan) -> Option<String> {
    if plan.name.trim() != other.name.trim() {
        return Some(format!(
            "it is another plan (\"{}\", not \"{}\")",
            other.name.trim(),
            plan.name.trim()
        ));
    }
    let (a, b) = (ids(plan), ids(other));
    let smaller = a.len().min(b.len());
    let shared = a.intersection(&b).count();
    if smaller == 0 && a.len() == b.len() {
        return None;
    }
    if shared * 2 > smaller && smaller > 0 {
        return None;
    }
    Some(format!(
        "it is another plan of the same name: it shares {shared} of its {} items with this one",
        b.len()
    ))
}

/// Where the base of a copy's merge came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// A kept version, by its label ("2026-05-01 10:40:00 UTC by alice on
    /// laptop-a").
    Kept(String),
    /// A git commit of the plan, by its short hash.
    Git(String),
}

impl Base {
    /// For people: "the kept version of …", "git commit 1a2b3c4".
    pub fn describe(&self) -> String {
        match self {
            Base::Kept(label) => format!("the kept version of {label}"),
            Base::Git(hash) => format!("git commit {hash}"),
        }
    }
}

/// Whether `side` (last written at `written`) can descend from `base`
/// (written at `base_written`): nothing of the base is missing from it,
/// and it is not older than the base (two seconds allowed for clocks).
fn descends(base: &Plan, base_written: SystemTime, side: &Plan, written: SystemTime) -> bool {
    let slack = Duration::from_secs(2);
    if base_written > written + slack {
        return false;
    }
    let have = ids(side);
    ids(base).is_subset(&have)
}

/// The base of the merge of `theirs` into `ours`: the newest kept version
/// of the plan at `plan` (beside it, or under `home_root`) or git commit
/// of it that both descend from (see [`descends`]); `None` when there is
/// none.
pub fn find_base(
    plan: &Path,
    ours: (&Plan, SystemTime),
    theirs: (&Plan, SystemTime),
    home_root: Option<&Path>,
) -> Option<(Plan, Base)> {
    let mut found: Vec<(SystemTime, Source)> = storage::versions::list(plan, home_root)
        .into_iter()
        .map(|v| (v.written, Source::Kept(v)))
        .collect();
    found.extend(
        git_versions(plan)
            .into_iter()
            .map(|(when, hash)| (when, Source::Git(hash))),
    );
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (written, source) in found {
        let (candidate, base) = match source {
            Source::Kept(v) => match storage::load(&v.path) {
                Ok(p) => (p, Base::Kept(v.label())),
                Err(_) => continue,
            },
            Source::Git(hash) => match git_plan(plan, &hash) {
                Some(p) => (p, Base::Git(hash.chars().take(7).collect())),
                None => continue,
            },
        };
        if descends(&candidate, written, ours.0, ours.1)
            && descends(&candidate, written, theirs.0, theirs.1)
        {
            return Some((candidate, base));
        }
    }
    None
}

enum Source {
    Kept(storage::versions::KeptVersion),
    Git(String),
}

/// How many of a plan's commits are looked at for a base.
const GIT_COMMITS: usize = 30;

/// The commits that changed the plan, newest first, with their times;
/// none outside a git work tree.
fn git_versions(plan: &Path) -> Vec<(SystemTime, String)> {
    let Some((dir, name)) = git_place(plan) else {
        return Vec::new();
    };
    let Some(out) = git(
        &dir,
        &[
            "log",
            &format!("-n{GIT_COMMITS}"),
            "--format=%H %ct",
            "--",
            &name,
        ],
    ) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| {
            let (hash, secs) = line.split_once(' ')?;
            let when = SystemTime::UNIX_EPOCH + Duration::from_secs(secs.trim().parse().ok()?);
            Some((when, hash.to_owned()))
        })
        .collect()
}

/// The plan as commit `hash` has it.
fn git_plan(plan: &Path, hash: &str) -> Option<Plan> {
    let (dir, name) = git_place(plan)?;
    let bytes = git(&dir, &["show", &format!("{hash}:./{name}")])?;
    storage::parse_bytes(&bytes, plan).ok()
}

/// The plan's folder and file name, when the folder is in a git work tree.
fn git_place(plan: &Path) -> Option<(PathBuf, String)> {
    let target = storage::real_target(plan).unwrap_or_else(|_| plan.to_owned());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let absolute = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    // No process is started outside a repository.
    if !absolute.ancestors().any(|d| d.join(".git").exists()) {
        return None;
    }
    Some((dir, target.file_name()?.to_str()?.to_owned()))
}

fn git(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| o.stdout)
}

/// When a file was last written (now when it cannot be told).
pub fn written(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| SystemTime::now())
}

/// Moves a merged copy into `ferry-merged-copies/` beside the plan
/// (a number added when a file of its name is there already); where it
/// went.
pub fn move_aside(plan: &Path, copy: &Path) -> std::io::Result<PathBuf> {
    let dir = match plan.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let folder = dir.join(MERGED_FOLDER);
    std::fs::create_dir_all(&folder)?;
    let name = storage::file_name(copy);
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
    let mut target = folder.join(&name);
    let mut n = 2;
    while std::fs::symlink_metadata(&target).is_ok() {
        target = folder.join(format!("{stem} ({n}).{ext}"));
        n += 1;
    }
    std::fs::rename(copy, &target)?;
    Ok(target)
}

/// The copies beside the open plan, as the window knows them.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// Recognised by content: each with its label, newest first.
    pub copies: Vec<(Named, String)>,
    /// Looked at already, by path and stamp: a copy or not.
    known: Vec<(PathBuf, Option<storage::DiskStamp>, bool)>,
    /// Copies the user said "not now" to, by path and stamp.
    dismissed: Vec<(PathBuf, Option<storage::DiskStamp>)>,
    /// Copies merged into the plan, with the step that did it: moved
    /// aside once a save holds that step.
    merged: Vec<(PathBuf, u64)>,
}

impl Found {
    /// The copy at `path` was merged in by the history step `step`.
    pub fn merged(&mut self, path: PathBuf, step: u64) {
        // Merged: its banner goes at once.
        self.copies.retain(|(n, _)| n.path != path);
        self.merged.retain(|(p, _)| *p != path);
        self.merged.push((path, step));
    }
}

impl super::Session {
    /// Looks at the files named like copies beside the plan that were not
    /// looked at yet, and keeps those whose content is this plan.
    pub(super) fn recognise_copies(&mut self) {
        let Some(plan_path) = self.doc.path.clone() else {
            self.copies.copies.clear();
            return;
        };
        let seen = self.seen_beside.candidates.clone();
        self.copies
            .known
            .retain(|(p, s, _)| seen.iter().any(|(q, t)| q == p && t == s));
        let mut copies = Vec::new();
        for (path, stamp) in seen {
            let known = self
                .copies
                .known
                .iter()
                .find(|(p, s, _)| *p == path && *s == stamp)
                .map(|(_, _, copy)| *copy);
            let copy = match known {
                Some(copy) => copy,
                None => {
                    // A copy still being written by its sync client does
                    // not load yet: looked at again when its stamp changes.
                    let copy = storage::load(&path)
                        .is_ok_and(|other| not_a_copy(&self.doc.plan, &other).is_none());
                    self.copies.known.push((path.clone(), stamp, copy));
                    copy
                }
            };
            let dismissed = self
                .copies
                .dismissed
                .iter()
                .any(|(p, s)| *p == path && *s == stamp);
            let waiting = self.copies.merged.iter().any(|(p, _)| *p == path);
            if copy
                && !dismissed
                && !waiting
                && let Some(named) = named(&plan_path, &path)
            {
                let label = named.label();
                copies.push((named, label));
            }
        }
        copies.sort_by_key(|(n, _)| std::cmp::Reverse(written(&n.path)));
        self.copies.copies = copies;
    }

    /// The sync clients' copies of the plan beside it, recognised by
    /// content, newest first, each with what a person reads ("Bob's
    /// conflicted copy from 10:42 UTC").
    pub fn copies(&self) -> &[(Named, String)] {
        &self.copies.copies
    }

    /// The user does not want to merge this copy now: its banner goes
    /// until the copy changes.
    pub fn dismiss_copy(&mut self, path: &Path) {
        self.copies
            .dismissed
            .push((path.to_owned(), storage::stamp(path)));
        self.copies.copies.retain(|(n, _)| n.path != path);
    }

    /// Merges another copy of the plan (a sync client's conflicted copy
    /// beside it, or any file the user chose) into the open plan, as
    /// `ferry resolve` does: three-way on the newest kept version or git
    /// commit both descend from, else without a base. A clean merge is
    /// applied as one undoable change; conflicts wait for
    /// [`Session::apply_merge`]. A copy beside the plan is moved into
    /// `ferry-merged-copies/` once a save holds the merge.
    pub fn merge_copy(&mut self, copy: &Path) -> MergeOutcome {
        if self
            .doc
            .path
            .as_deref()
            .is_some_and(|p| storage::same_file(p, copy))
        {
            return MergeOutcome::Failed(Notice::error(format!(
                "{} is the plan itself: choose another copy of it.",
                storage::file_name(copy)
            )));
        }
        let theirs = match storage::load(copy) {
            Ok(plan) => plan,
            Err(e) => {
                return MergeOutcome::Failed(Notice::error(format!(
                    "{} could not be merged: {e}. Your plan is unchanged.",
                    storage::file_name(copy)
                )));
            }
        };
        if let Some(why) = not_a_copy(&self.doc.plan, &theirs) {
            return MergeOutcome::Failed(Notice::error(format!(
                "{} was not merged: {why}. Your plan is unchanged.",
                storage::file_name(copy)
            )));
        }
        let plan_path = self.doc.path.clone();
        let label = plan_path
            .as_deref()
            .and_then(|p| named(p, copy))
            .map_or_else(|| storage::file_name(copy), |n| n.label());
        let home = self.data_dir.as_deref().map(storage::versions::home_root);
        let ours_written = SystemTime::now();
        let base = plan_path.as_deref().and_then(|p| {
            find_base(
                p,
                (&self.doc.plan, ours_written),
                (&theirs, written(copy)),
                home.as_deref(),
            )
        });
        let beside_plan = plan_path
            .as_deref()
            .and_then(Path::parent)
            .zip(copy.parent())
            .is_some_and(|(a, b)| storage::same_file(a, b));
        let from = if beside_plan {
            MergeFrom::Copy(copy.to_owned())
        } else {
            // Any other file is merged from, and left where it is.
            MergeFrom::Copy(PathBuf::new())
        };
        let lead = Lead::Copy(label);
        self.start_merge(
            theirs,
            from,
            base.map(|(plan, _)| std::sync::Arc::new(plan)),
            lead,
        )
    }

    /// After a save that wrote history step `serial`: moves the copies
    /// whose merge it holds into `ferry-merged-copies/`; says where.
    pub(super) fn move_merged_copies(&mut self, serial: u64) -> Option<Notice> {
        let plan = self.doc.path.clone()?;
        let history = &self.doc.history;
        let saved_reachable = history.reaches(serial);
        let mut moved = Vec::new();
        let mut failed = Vec::new();
        let mut waiting = Vec::new();
        for (path, step) in std::mem::take(&mut self.copies.merged) {
            if !history.reaches(step) {
                // The merge was undone: the copy stays, and is offered
                // again.
                continue;
            }
            if !(saved_reachable && step <= serial) || path.as_os_str().is_empty() {
                if !path.as_os_str().is_empty() {
                    waiting.push((path, step));
                }
                continue;
            }
            match move_aside(&plan, &path) {
                Ok(_) => moved.push(storage::file_name(&path)),
                Err(e) => failed.push(format!("{} ({e})", storage::file_name(&path))),
            }
        }
        self.copies.merged = waiting;
        if !failed.is_empty() {
            return Some(Notice::error(format!(
                "Saved. These merged copies could not be moved into {MERGED_FOLDER}: {}.",
                failed.join(", ")
            )));
        }
        (!moved.is_empty()).then(|| {
            Notice::info(format!(
                "Saved. The merged cop{} {} moved into {MERGED_FOLDER} beside the plan.",
                if moved.len() == 1 { "y" } else { "ies" },
                moved.join(", ")
            ))
        })
    }
}

use super::{Lead, MergeFrom, MergeOutcome, Notice};

#[cfg(test)]
#[path = "copies_tests.rs"]
mod tests;
