//! The open plan and its life on disk, apart from any window: open, save
//! (guarded against files changed elsewhere, serialised with other saves
//! by the plan's lock), kept versions beside the plan, recovery copies, a
//! lock that tells a second window the plan is already open, noticing
//! changes made by others, reloading, merging and restoring.
//!
//! The app drives a [`Session`] and shows what it returns ([`Notice`]s,
//! [`SaveOutcome`], [`MergeOutcome`]); time comes in as seconds (`now`), so
//! the whole lifecycle is tested without a window.
//!
//! What a caller needs, in short:
//! - save through the locked, guarded save: [`Session::save`] (in the
//!   background; [`Session::poll_save`]) or [`Session::save_and_wait`];
//!   [`SaveOutcome::ChangedOnDisk`] means the file holds changes this plan
//!   does not (someone else's save, or a merge or reload since undone):
//!   merge ([`Session::merge_from_disk`]), overwrite ([`Session::save_to`])
//!   or save elsewhere;
//! - kept versions beside the plan: [`Session::kept_versions`], then
//!   [`Session::restore_version`] with one of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::edit::Edit;
use crate::merge::{Conflict, Side};
use crate::model::Plan;
use crate::storage;
use crate::storage::recovery::{Lock, Recovery};
use crate::storage::versions::{Author, KeptVersion};

pub mod copies;
mod disk;
use disk::DiskWatch;
mod document;
mod live;
pub use live::{LIVE_SAVE_AFTER, Step};
pub mod presence;
use presence::{Beside, Presence};
mod saving;
#[cfg(test)]
use document::JOURNAL;
pub use document::{ChangeError, DERIVE_IN_FRAME, DiskVersion, Document};
use saving::{SaveJob, SaveRequest};
/// How many recent files are remembered.
pub const RECENT_MAX: usize = 8;

/// A message for the user: an error or a piece of news.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            error: false,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            error: true,
            text: text.into(),
        }
    }
}

/// What happened to the open plan's file behind Ferry's back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskNotice {
    /// Changed on disk; the stamp it has now.
    Changed(storage::DiskStamp),
    /// Moved or deleted.
    Gone,
}

/// How a save went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved,
    /// Written on a worker thread: [`Session::poll_save`] says how it went.
    Started,
    /// Another save is running; this one follows it.
    Queued,
    /// The plan has no file, or its file is read-only: ask where.
    NeedsPath,
    /// The file holds changes this plan does not: it changed on disk since
    /// it was read (`when`), or, with `undone`, the step that brought its
    /// changes in (a merge, a reload) was undone. Ask before replacing
    /// someone else's work: merge, overwrite or save elsewhere.
    ChangedOnDisk {
        when: String,
        undone: Option<String>,
    },
    Failed(Notice),
}

/// How the plan stands against its file, for the status bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    /// The plan has never been saved to a file.
    NoFile,
    Saving,
    /// The file on disk is a version someone else wrote, which this plan
    /// does not hold (kept mine, or not yet answered).
    DiffersFromDisk,
    Unsaved,
    Saved,
}

impl FileState {
    /// The words for the status bar.
    pub fn label(self) -> &'static str {
        match self {
            FileState::NoFile => "not saved yet",
            FileState::Saving => "saving…",
            FileState::DiffersFromDisk => "not the version on disk: saving will ask",
            FileState::Unsaved => "unsaved changes",
            FileState::Saved => "saved",
        }
    }
}

impl SaveOutcome {
    pub fn saved(&self) -> bool {
        *self == SaveOutcome::Saved
    }
}

/// How a merge with the plan on disk (or another copy of it) went.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeOutcome {
    /// Applied as one undoable change.
    Merged(Notice),
    /// Both sides changed the same things: each is to be decided
    /// ([`Session::apply_merge`]); `changes` of theirs merge cleanly.
    Conflicts {
        conflicts: Vec<Conflict>,
        changes: usize,
        sides: Sides,
    },
    Failed(Notice),
}

/// How a merge names its two sides, for people: the columns of the merge
/// dialog, its buttons, and the questions left in the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sides {
    /// Mine, as a column's title: "Mine — bob".
    pub mine: String,
    /// Theirs, as a column's title: "alice's, saved 10:42 UTC", or "Bob's
    /// conflicted copy from 10:42 UTC".
    pub theirs: String,
    /// The one word for theirs on buttons: "alice's", else "Theirs".
    pub theirs_word: String,
    /// How the log's questions name each side: "bob's", "alice's".
    pub ours_name: String,
    pub theirs_name: String,
}

/// Where the changes of a merge come from.
#[derive(Clone, Debug)]
enum MergeFrom {
    /// The plan's own file, changed elsewhere: the plan holds that
    /// version once the merge is applied.
    Disk(storage::Baseline),
    /// Another copy of the plan (a sync client's conflicted copy, a file
    /// the user chose): moved into the merged copies' folder once a save
    /// holds the merge, when it lies beside the plan.
    Copy(PathBuf),
}

/// A merge waiting for the user's word.
struct PendingMerge {
    theirs: Plan,
    from: MergeFrom,
    /// The common ancestor; `None` when none is known (a merge without a
    /// base: what one side has is added, fields held differently are
    /// conflicts).
    base: Option<Arc<Plan>>,
    sides: Sides,
    /// How the notice after the merge begins: who saved what came in, or
    /// where it came from.
    lead: Lead,
}

/// Who or what brought the changes of a merge or reload.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Lead {
    /// Saved to the plan's file, by someone if known, at a time if known.
    Saved {
        who: Option<String>,
        when: Option<String>,
    },
    /// Another copy of the plan, by its label.
    Copy(String),
}

/// The open plan and what watches over it: recovery copies, the lock,
/// changes made on disk by others, recent files.
pub struct Session {
    pub doc: Document,
    /// The user's data folder for Ferry (recovery copies, window locks,
    /// and the versions that cannot be kept beside a plan); `None` keeps
    /// none of these.
    pub data_dir: Option<PathBuf>,
    /// Who saves, for the labels of kept versions.
    pub author: Author,
    pub recent: Vec<PathBuf>,
    /// A change to the plan's file made elsewhere, shown until answered.
    pub disk_notice: Option<DiskNotice>,
    /// How often the plan's file is looked at for changes made elsewhere
    /// (live mode merges a change within this and a frame).
    pub disk_check_seconds: f64,
    last_disk_check: f64,
    /// The thread that looks at the file for the app, once started.
    watch: Option<DiskWatch>,
    /// The change on disk the user chose to keep their version over.
    pub kept_mine: Option<storage::DiskStamp>,
    /// Live mode: saves soon after each edit, merges changes on disk in.
    live: live::Live,
    /// The plans that work live, by absolute path: remembered per plan
    /// (the app keeps the list between runs).
    pub live_plans: std::collections::BTreeSet<PathBuf>,
    /// This window's presence beside the plan, who else has it open and
    /// the conflicted copies beside it; shared with the watching thread.
    beside: Arc<std::sync::Mutex<Beside>>,
    /// What the last look beside the plan found, for the window.
    seen_beside: presence::Seen,
    /// The notice that said who else had the plan open when it was
    /// opened: it goes when they have all gone.
    presence_said: Option<String>,
    /// The conflicted copies beside the plan, as recognised by content.
    copies: copies::Found,
    /// How long unsaved changes may wait before a recovery copy is written.
    pub autosave_seconds: f64,
    unsaved_since: Option<f64>,
    autosaved_revision: Option<u64>,
    /// Recovery copies found at start, still to be offered.
    recoveries: Vec<(PathBuf, Recovery)>,
    pending_merge: Option<PendingMerge>,
    /// This window's hold on the plan's file; `None` without a file, or
    /// when another window holds it.
    lock: Option<Lock>,
    /// The save being written on a worker thread.
    saving: Option<SaveJob>,
    /// A save asked for while one runs: done when it ends.
    queued_save: Option<SaveRequest>,
    /// The recovery copy being written on a worker thread.
    autosaving: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
    /// A plan being read on a worker thread, to replace the open one.
    opening: Option<Opening>,
    /// News from a save in the background, to show once.
    news: Option<Notice>,
}

/// A plan being read on a worker thread: its file, its size and how far
/// the reading has come.
pub struct Opening {
    pub path: PathBuf,
    /// The file's size in bytes (0 when unknown: a pipe).
    pub size: u64,
    pub progress: Arc<crate::progress::Progress>,
    result: std::sync::mpsc::Receiver<Result<Document, Notice>>,
}

impl Opening {
    /// What to show: "Reading plan.ron: 45.1 of 97.0 MB", then the
    /// assets read, then the stages being worked out.
    pub fn describe(&self) -> String {
        let name = storage::file_name(&self.path);
        let bytes = self.progress.bytes();
        let assets = self.progress.assets();
        let mb = |b: u64| b as f64 / 1_000_000.0;
        if bytes < self.size || (self.size == 0 && assets == 0) {
            format!(
                "Reading {name}: {:.1} of {:.1} MB",
                mb(bytes),
                mb(self.size)
            )
        } else if assets == 0 {
            format!("Reading {name}: the plan")
        } else {
            format!("Reading {name}: {assets} assets read")
        }
    }

    /// How far it has come, from 0 to 1: reading the bytes is the first
    /// fifth, parsing the rest (assets are about 1 KB each).
    pub fn fraction(&self) -> f32 {
        if self.size == 0 {
            return 0.0;
        }
        let read = self.progress.bytes() as f32 / self.size as f32;
        let expected_assets = (self.size / 1_000).max(1) as f32;
        let parsed = (self.progress.assets() as f32 / expected_assets).min(1.0);
        (0.2 * read.min(1.0) + 0.75 * parsed).min(0.95)
    }
}

impl Session {
    pub fn new(doc: Document) -> Self {
        Self {
            doc,
            data_dir: None,
            author: Author::current(),
            recent: Vec::new(),
            disk_notice: None,
            disk_check_seconds: 1.0,
            last_disk_check: f64::NEG_INFINITY,
            watch: None,
            kept_mine: None,
            live: live::Live::default(),
            live_plans: std::collections::BTreeSet::new(),
            beside: Arc::default(),
            seen_beside: presence::Seen::default(),
            presence_said: None,
            copies: copies::Found::default(),
            autosave_seconds: 20.0,
            unsaved_since: None,
            autosaved_revision: None,
            recoveries: Vec::new(),
            pending_merge: None,
            lock: None,
            saving: None,
            queued_save: None,
            autosaving: None,
            opening: None,
            news: None,
        }
    }

    /// Starts keeping backups, recovery copies and locks in `data_dir`:
    /// takes the lock of the open plan and looks for recovery copies left
    /// by a window that did not end well. Says when another window has
    /// the plan open.
    pub fn start(&mut self, data_dir: Option<PathBuf>) -> Option<Notice> {
        self.data_dir = data_dir;
        if let Some(root) = self.recovery_root() {
            self.recoveries = storage::recovery::list(&root);
        }
        self.take_lock()
    }

    fn recovery_root(&self) -> Option<PathBuf> {
        self.data_dir.as_deref().map(storage::recovery::root)
    }

    /// Takes the lock of the open plan's file and leaves this window's
    /// presence beside it; says so when other windows (on this machine or
    /// another) have it open.
    fn take_lock(&mut self) -> Option<Notice> {
        self.lock = None;
        self.follow_beside();
        let others = self.others_now();
        let said = presence_notice(self.doc.path.as_deref(), &others);
        self.presence_said = said.as_ref().map(|n| n.text.clone());
        let (Some(root), Some(path)) = (self.recovery_root(), self.doc.path.clone()) else {
            return said;
        };
        match Lock::acquire(&root, &path) {
            Ok(lock) => {
                self.lock = lock;
                said
            }
            Err(held) => said.or_else(|| {
                Some(Notice::info(format!(
                    "{} is also open in another Ferry window on this machine ({held}). \
                     If both save, the second is offered a merge; each window keeps its own recovery copy.",
                    storage::file_name(&path)
                )))
            }),
        }
    }

    /// Whether `shown` is the notice that said who else had the plan
    /// open, and they have all gone since: it no longer holds.
    pub fn presence_notice_outdated(&self, shown: &Notice) -> bool {
        self.others().is_empty() && self.presence_said.as_deref() == Some(shown.text.as_str())
    }

    /// Whether another window on this machine has the plan open.
    pub fn shared_with_another_window(&self) -> bool {
        self.doc.path.is_some() && self.data_dir.is_some() && self.lock.is_none()
    }

    /// Puts `doc` in place of the open plan, whose changes were saved or
    /// discarded by the user.
    pub fn replace(&mut self, doc: Document) -> Option<Notice> {
        self.drop_recovery();
        self.lock = None;
        let old = std::mem::replace(&mut self.doc, doc);
        // Freeing a large plan takes a while: not on the caller's thread.
        if old.plan.assets.len() > 10_000 {
            let _ = std::thread::Builder::new()
                .name("ferry-free".into())
                .spawn(move || drop(old));
        }
        self.disk_notice = None;
        self.kept_mine = None;
        self.pending_merge = None;
        self.copies = copies::Found::default();
        self.live = live::Live::starting(self.live_plan());
        self.take_lock()
    }

    /// Opens a plan file; on failure the open plan stays and the error is
    /// returned.
    pub fn open(&mut self, path: &Path) -> Result<Option<Notice>, Notice> {
        let (plan, baseline) = storage::load_with_baseline(path).map_err(|e| {
            Notice::error(format!(
                "{} could not be opened: {e}. The plan you had open is unchanged.",
                storage::file_name(path)
            ))
        })?;
        let shared = self.replace(Document::from_file(plan, path, baseline));
        self.remember(path);
        if self.doc.read_only {
            return Ok(Some(Notice::info(format!(
                "{} is read-only: you can change the plan and keep your changes with Save as….",
                storage::file_name(path)
            ))));
        }
        Ok(shared)
    }

    /// Starts reading a plan file on a worker thread; the open plan stays
    /// until it is read ([`Session::poll_open`]), and stays if it cannot
    /// be.
    pub fn open_in_background(&mut self, path: &Path) {
        let progress = Arc::new(crate::progress::Progress::default());
        let (send, result) = std::sync::mpsc::channel();
        let size = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map_or(0, |m| m.len());
        let owned = path.to_owned();
        let watched = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name("ferry-open".into())
            .spawn(move || {
                let _watch = crate::progress::watch(watched);
                let read = storage::load_with_baseline(&owned)
                    .map(|(plan, baseline)| Document::from_file(plan, &owned, baseline))
                    .map_err(|e| {
                        Notice::error(format!(
                            "{} could not be opened: {e}. The plan you had open is unchanged.",
                            storage::file_name(&owned)
                        ))
                    });
                let _ = send.send(read);
            });
        match spawned {
            Ok(_) => {
                self.opening = Some(Opening {
                    path: path.to_owned(),
                    size,
                    progress,
                    result,
                })
            }
            // No thread to spare: read it here.
            Err(_) => {
                let (send, result) = std::sync::mpsc::channel();
                let _ = send.send(
                    storage::load_with_baseline(path)
                        .map(|(plan, baseline)| Document::from_file(plan, path, baseline))
                        .map_err(|e| {
                            Notice::error(format!(
                                "{} could not be opened: {e}.",
                                storage::file_name(path)
                            ))
                        }),
                );
                self.opening = Some(Opening {
                    path: path.to_owned(),
                    size,
                    progress: Arc::new(crate::progress::Progress::default()),
                    result,
                });
            }
        }
    }

    /// The plan being read, if any.
    pub fn opening(&self) -> Option<&Opening> {
        self.opening.as_ref()
    }

    /// Stops waiting for the plan being read; the open plan stays.
    pub fn cancel_open(&mut self) {
        self.opening = None;
    }

    /// Whether anything is being read or written in the background.
    pub fn busy(&self) -> bool {
        self.writing() || self.opening.is_some()
    }

    /// Once the plan being read is read: it replaces the open plan (`Ok`,
    /// with a notice about it, such as a second window), or the error.
    /// `None` while it is read or when nothing is.
    pub fn poll_open(&mut self) -> Option<Result<Option<Notice>, Notice>> {
        let opening = self.opening.as_ref()?;
        let read = match opening.result.try_recv() {
            Ok(read) => read,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(Notice::error(format!(
                "{} could not be opened: the reading stopped before it ended.",
                storage::file_name(&opening.path)
            ))),
        };
        let path = self.opening.take()?.path;
        Some(read.map(|doc| {
            let shared = self.replace(doc);
            self.remember(&path);
            if self.doc.read_only {
                Some(Notice::info(format!(
                    "{} is read-only: you can change the plan and keep your changes with Save as….",
                    storage::file_name(&path)
                )))
            } else {
                shared
            }
        }))
    }

    /// Waits for the plan being read (see [`Session::poll_open`]).
    pub fn wait_for_open(&mut self) -> Option<Result<Option<Notice>, Notice>> {
        while self.opening.is_some() {
            if let Some(done) = self.poll_open() {
                return Some(done);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        None
    }

    /// Puts `path` first among the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }

    /// Writes a recovery copy (on a worker thread) once unsaved changes
    /// are `autosave_seconds` old (`now` in seconds). Returns when to look
    /// again, and a notice if the copy could not be written.
    pub fn autosave(&mut self, now: f64) -> (Option<Duration>, Option<Notice>) {
        if let Some(writing) = &self.autosaving {
            match writing.try_recv() {
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    return (Some(Duration::from_millis(50)), None);
                }
                Ok(Ok(())) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.autosaving = None;
                    // Saved while the copy was written: it is not needed.
                    if !self.doc.is_dirty() {
                        self.drop_recovery();
                    }
                }
                Ok(Err(e)) => {
                    // Shown once; the next change tries again.
                    self.autosaving = None;
                    return (
                        None,
                        Some(Notice::error(format!(
                            "The recovery copy could not be written: {e}. Save your work to be safe."
                        ))),
                    );
                }
            }
        }
        let Some(root) = self.recovery_root() else {
            return (None, None);
        };
        if !self.doc.is_dirty() || self.autosaved_revision == Some(self.doc.revision) {
            self.unsaved_since = None;
            return (None, None);
        }
        let since = *self.unsaved_since.get_or_insert(now);
        let waited = now - since;
        if waited < self.autosave_seconds {
            return (
                Some(Duration::from_secs_f64(self.autosave_seconds - waited)),
                None,
            );
        }
        self.autosaved_revision = Some(self.doc.revision);
        self.unsaved_since = None;
        let plan = self.doc.plan.clone();
        let original = self.doc.path.clone();
        let based_on = self
            .doc
            .held_disk()
            .and_then(|d| storage::recovery::FileSeen::of(&d.baseline));
        let (send, done) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("ferry-recovery".into())
            .spawn(move || {
                let written = storage::recovery::write(&root, original.as_deref(), based_on, &plan)
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                let _ = send.send(written);
            });
        match spawned {
            Ok(_) => {
                self.autosaving = Some(done);
                (Some(Duration::from_millis(50)), None)
            }
            Err(e) => (
                None,
                Some(Notice::error(format!(
                    "The recovery copy could not be written: {e}. Save your work to be safe."
                ))),
            ),
        }
    }

    /// Waits for the recovery copy being written, if any.
    pub fn wait_for_recovery_copy(&mut self) {
        if let Some(writing) = self.autosaving.take() {
            let _ = writing.recv();
        }
    }

    /// Forgets this window's recovery copy of the open plan (saved or
    /// discarded).
    pub fn drop_recovery(&mut self) {
        self.wait_for_recovery_copy();
        if let Some(root) = self.recovery_root() {
            storage::recovery::remove(&root, self.doc.path.as_deref());
        }
        self.autosaved_revision = None;
        self.unsaved_since = None;
    }

    /// The next recovery copy to offer, with what it changes compared to
    /// the file on disk, in a sentence.
    pub fn next_recovery(&mut self) -> Option<(PathBuf, Recovery, String)> {
        let (file, recovery) = self.recoveries.pop()?;
        let on_disk = recovery
            .original
            .as_deref()
            .and_then(|p| storage::load(p).ok())
            .unwrap_or_default();
        let difference = storage::recovery::describe_difference(&on_disk, &recovery.plan);
        Some((file, recovery, difference))
    }

    /// Opens a recovered plan: the file as on disk, with the recovered
    /// changes applied as one undoable, unsaved change. When the file
    /// changed since the changes were made, the plan does not hold what
    /// changed there: saving asks (merge, overwrite or save elsewhere).
    pub fn recover(&mut self, file: &Path, recovery: Recovery) -> Notice {
        let mut moved_on = false;
        let base = match recovery.original.as_deref() {
            Some(path) => match storage::load_with_baseline(path) {
                Ok((plan, baseline)) => {
                    moved_on = recovery.based_on.is_some_and(|seen| {
                        storage::recovery::FileSeen::of(&baseline) != Some(seen)
                    });
                    Document::from_file(plan, path, baseline)
                }
                Err(_) => Document::new(Plan::default(), Some(path.to_owned())),
            },
            None => Document::new(Plan::default(), None),
        };
        let shared = self.replace(base);
        let _ = self.doc.apply(
            Edit::ReplacePlan(Box::new(recovery.plan)),
            "recover unsaved changes",
            None,
        );
        if moved_on {
            self.doc.forget_holding_disk();
        }
        let _ = std::fs::remove_file(file);
        if moved_on {
            return Notice::info(format!(
                "Your unsaved changes are back, but {} was changed since they were made: saving will offer to merge the two.",
                self.doc.file_label()
            ));
        }
        shared.unwrap_or_else(|| {
            Notice::info(
                "Your unsaved changes are back. Save to keep them; undo shows the plan as it was on disk.",
            )
        })
    }

    /// Throws a recovery copy away.
    pub fn discard_recovery(&mut self, file: &Path) {
        let _ = std::fs::remove_file(file);
    }

    /// Writes a report of the plan.
    pub fn export_to(&mut self, format: crate::export::ReportFormat, path: &Path) -> Notice {
        self.doc.refresh();
        let text = crate::export::report(
            &self.doc.plan,
            &self.doc.derived,
            format,
            &crate::model::today(),
        );
        let inputs: Vec<&Path> = self.doc.path.as_deref().into_iter().collect();
        match storage::write_output(path, text.as_bytes(), &inputs) {
            Ok(()) => Notice::info(format!("Report written to {}", path.display())),
            Err(e) => Notice::error(format!("The report could not be written: {e}")),
        }
    }

    /// The user leaves without saving: nothing is left to recover.
    pub fn close(&mut self) {
        self.drop_recovery();
        self.lock = None;
        self.leave();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The presence file goes with the window (a killed window's stays,
        // and goes stale).
        self.leave();
    }
}

/// "plan.ron is also open: alice on laptop-a, since 10:02 UTC." for the
/// windows that have the plan open; `None` when none has.
fn presence_notice(path: Option<&Path>, others: &[Presence]) -> Option<Notice> {
    let path = path?;
    if others.is_empty() {
        return None;
    }
    let who: Vec<String> = others.iter().map(Presence::describe).collect();
    Some(Notice::info(format!(
        "{} is also open: {}. Their saves come in as they happen (File › Work live on this file merges them by itself).",
        storage::file_name(path),
        who.join("; ")
    )))
}

/// When the file at `path` was last changed, in words.
fn changed_when(path: &Path) -> String {
    storage::stamp(path)
        .and_then(|s| s.modified)
        .map(crate::model::format_time)
        .unwrap_or_default()
}

#[cfg(test)]
mod shared_tests;
#[cfg(test)]
mod tests;
