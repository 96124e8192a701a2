//! The open plan and its life on disk, apart from any window: open, save
//! (guarded against files changed elsewhere), kept versions, recovery
//! copies, a lock that tells a second window the plan is already open,
//! noticing changes made by others, reloading, merging and restoring.
//!
//! The app drives a [`Session`] and shows what it returns ([`Notice`]s,
//! [`SaveOutcome`], [`MergeOutcome`]); time comes in as seconds (`now`), so
//! the whole lifecycle is tested without a window.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::derive::{Derived, Incremental, Touched, derive_incremental};
use crate::edit::{Edit, EditError, History, Item};
use crate::merge::{Conflict, Side};
use crate::model::Plan;
use crate::storage;
use crate::storage::recovery::{Lock, Recovery};

/// How many previous versions of each plan are kept.
pub const BACKUPS_KEPT: usize = 10;
/// How many recent files are remembered.
pub const RECENT_MAX: usize = 8;

/// The open plan with its file, undo history and derived state.
pub struct Document {
    pub plan: Plan,
    pub path: Option<PathBuf>,
    pub history: History,
    pub derived: Derived,
    /// Bumped on every change, so views can cache what they compute.
    pub revision: u64,
    /// The built-in example: saving it asks for a new file.
    pub is_example: bool,
    /// The file as it was when loaded or last saved, to notice changes
    /// made by others.
    pub disk: Option<storage::DiskStamp>,
    /// The file is read-only: Save goes to Save as….
    pub read_only: bool,
    /// The file's size, time and content hash when loaded or last saved:
    /// a save refuses to replace a file that is no longer this one.
    pub baseline: Option<storage::Baseline>,
    /// The plan as loaded or last saved: the base of a three-way merge
    /// when someone else changed the file meanwhile.
    pub base: Option<Arc<Plan>>,
    stale: bool,
    /// The parts of the derived state, to redo only what edits touch.
    incremental: Incremental,
    /// What the edits since the last refresh touched.
    touched: Touched,
    /// Every edit since the last refresh was a keystroke in a text field.
    typed_only: bool,
    /// The revision the derived state was last made for (see
    /// [`Document::derived_revision`]).
    derived_revision: u64,
    /// What each of the last revisions changed, for views that keep work
    /// per revision: the assets changed in their own fields only, or
    /// `None` when more changed.
    journal: std::collections::VecDeque<(u64, Option<Vec<usize>>)>,
}

/// See [`Session::watch_disk`]; the thread stops when this is dropped.
struct DiskWatch {
    shared: Arc<WatchShared>,
}

#[derive(Default)]
struct WatchShared {
    /// The file to watch.
    path: std::sync::Mutex<Option<PathBuf>>,
    /// The file and its stamp when the session last looked at it.
    seen: std::sync::Mutex<Option<(PathBuf, Option<storage::DiskStamp>)>>,
    /// The thread saw the file change since the app last looked.
    changed: AtomicBool,
    stop: AtomicBool,
}

impl DiskWatch {
    /// Watches `path` from now on; whether it is another file than before.
    fn follow(&self, path: Option<&Path>) -> bool {
        let Ok(mut watched) = self.shared.path.lock() else {
            return false;
        };
        if watched.as_deref() == path {
            return false;
        }
        *watched = path.map(Path::to_path_buf);
        true
    }
}

impl Drop for DiskWatch {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
    }
}

/// The first revision of a new document: each document's revisions start
/// far from every other's, so a view that keeps work per revision never
/// takes one document's work for another's.
fn first_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1 << 32, Ordering::Relaxed)
}

/// How many revisions [`Document::assets_changed_since`] can look back.
const JOURNAL: usize = 256;

/// The most assets a plan may have for a keystroke that needs a full derive
/// (a rename) to be derived at once: about 5 ms of deriving.
pub const DERIVE_WHILE_TYPING: usize = 4_000;

impl Document {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        let (derived, incremental) = derive_incremental(&plan);
        let revision = first_revision();
        Self {
            derived,
            incremental,
            touched: Touched::default(),
            journal: Default::default(),
            typed_only: false,
            plan,
            path,
            history: History::default(),
            revision,
            derived_revision: revision,
            is_example: false,
            disk: None,
            read_only: false,
            baseline: None,
            base: None,
            stale: false,
        }
    }

    /// A plan just read from `path`: remembers how the file looked, to
    /// notice later changes made elsewhere, and whether it is read-only.
    pub fn from_file(plan: Plan, path: &Path, baseline: storage::Baseline) -> Self {
        Self {
            base: Some(Arc::new(plan.clone())),
            disk: storage::stamp(path),
            read_only: storage::is_read_only(path),
            baseline: Some(baseline),
            ..Self::new(plan, Some(path.to_owned()))
        }
    }

    pub fn example() -> Self {
        Self {
            is_example: true,
            ..Self::new(crate::example::example_plan(), None)
        }
    }

    /// Applies an edit as one undoable step; derived state follows when
    /// asked for ([`Document::refresh`]).
    pub fn apply(
        &mut self,
        edit: Edit,
        label: &str,
        merge_key: Option<String>,
    ) -> Result<(), EditError> {
        let rows = self.rows_changed(&edit);
        let typed = merge_key.is_some();
        self.note(&edit);
        let positions = (!self.stale).then_some(&self.derived.asset_positions);
        self.history
            .apply_known(&mut self.plan, edit, label, merge_key, positions)?;
        self.changed(rows, typed);
        Ok(())
    }

    pub fn undo(&mut self) -> Option<String> {
        self.step(false)
    }

    pub fn redo(&mut self) -> Option<String> {
        self.step(true)
    }

    /// Undoes (or redoes) the last step; returns its label.
    fn step(&mut self, forward: bool) -> Option<String> {
        let edit = if forward {
            self.history.redo_edit()?
        } else {
            self.history.undo_edit()?
        };
        let rows = self.rows_changed(edit);
        self.touched
            .add(&self.plan, &self.derived.asset_positions, edit);
        let positions = (!self.stale).then_some(&self.derived.asset_positions);
        let label = if forward {
            self.history.redo_known(&mut self.plan, positions)?
        } else {
            self.history.undo_known(&mut self.plan, positions)?
        };
        self.changed(rows, false);
        Some(label)
    }

    /// Notes what an edit about to be applied touches.
    fn note(&mut self, edit: &Edit) {
        self.touched
            .add(&self.plan, &self.derived.asset_positions, edit);
    }

    /// The assets an edit about to be applied changes, when it changes
    /// nothing else a row of the asset table shows (no workload's name, no
    /// asset's place); `None` otherwise.
    fn rows_changed(&self, edit: &Edit) -> Option<Vec<usize>> {
        // After an edit that moved assets, the positions wait for the
        // refresh.
        if self.touched.everything {
            return None;
        }
        let mut assets = Vec::new();
        let mut edits = vec![edit];
        while let Some(edit) = edits.pop() {
            match edit {
                Edit::Batch(inner) => edits.extend(inner),
                Edit::SetPlanName(_) | Edit::Put(Item::Party(_) | Item::Log(_)) => {}
                Edit::Put(Item::Workload(new)) => {
                    match self.plan.workloads.iter().find(|w| w.id == new.id) {
                        Some(old) if old.name != new.name => return None,
                        Some(_) => {}
                        // A new workload: no row shows it yet, unless an
                        // asset was already in a workload of its id.
                        None => {
                            let id = Some(new.id.as_str());
                            if self.plan.assets.iter().any(|a| a.workload.as_deref() == id) {
                                return None;
                            }
                        }
                    }
                }
                Edit::Put(Item::Asset(new)) => {
                    let &i = self.derived.asset_positions.get(&new.id)?;
                    self.plan.assets.get(i).filter(|a| a.id == new.id)?;
                    assets.push(i);
                }
                Edit::Insert(..) | Edit::Remove(..) | Edit::ReplacePlan(_) => return None,
            }
        }
        Some(assets)
    }

    /// Notes a change; derived state is recomputed once, at the end of the
    /// frame, however many edits the frame made.
    fn changed(&mut self, rows: Option<Vec<usize>>, typed: bool) {
        self.typed_only = typed && (self.typed_only || !self.stale);
        self.revision += 1;
        self.stale = true;
        if self.journal.len() == JOURNAL {
            self.journal.pop_front();
        }
        self.journal.push_back((self.revision, rows));
    }

    /// The revision the derived state was made for: behind
    /// [`Document::revision`] while it waits for typing to pause. Views
    /// that keep work made from the derived state key it on both.
    pub fn derived_revision(&self) -> u64 {
        self.derived_revision
    }

    /// Whether the derived state waits for typing to pause: every edit
    /// since it was made was a keystroke, and at least one of them needs
    /// the whole plan derived again (a rename). Deriving 100,000 assets on
    /// every keystroke would stall typing; the app refreshes once the
    /// typing stops, or the field loses focus. Until then the derived
    /// state is the one from before the keystrokes (the plan's items are
    /// where they were: keystrokes change text, never what the lists hold).
    /// Small plans derive within a frame and never wait.
    pub fn waits_for_typing(&self) -> bool {
        self.stale
            && self.typed_only
            && self.touched.everything
            && self.plan.assets.len() > DERIVE_WHILE_TYPING
    }

    /// The assets changed since `revision` in their own fields only (their
    /// name and workload among them, but no other asset's row changes
    /// with them: no workload renamed, no asset added or removed); `None`
    /// when more changed, or when `revision` is too far back to tell.
    pub fn assets_changed_since(&self, revision: u64) -> Option<BTreeSet<usize>> {
        let mut changed = BTreeSet::new();
        let mut next = revision + 1;
        for (at, assets) in &self.journal {
            if *at < next {
                continue;
            }
            if *at != next {
                return None;
            }
            changed.extend(assets.as_ref()?);
            next += 1;
        }
        (next == self.revision + 1).then_some(changed)
    }

    /// Recomputes derived state if the plan changed since the last time:
    /// only the assets and workloads the edits touched when they kept ids,
    /// names, dependencies, workloads and waves; all of it otherwise.
    pub fn refresh(&mut self) {
        if self.stale {
            let touched = std::mem::take(&mut self.touched);
            if !self
                .incremental
                .update(&self.plan, &mut self.derived, &touched)
            {
                (self.derived, self.incremental) = derive_incremental(&self.plan);
            }
            self.stale = false;
            self.typed_only = false;
            self.derived_revision = self.revision;
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The file name shown in the title and status bar.
    pub fn file_label(&self) -> String {
        match &self.path {
            Some(path) => storage::file_name(path),
            None if self.is_example => format!("{} (example)", crate::example::EXAMPLE_NAME),
            None => "not saved yet".to_owned(),
        }
    }

    /// The window title: plan name, file name and a dot while unsaved.
    pub fn window_title(&self) -> String {
        let name = if self.plan.name.is_empty() {
            "Untitled plan"
        } else {
            &self.plan.name
        };
        let dot = if self.is_dirty() { " •" } else { "" };
        format!("{name} — {}{dot} — Ferry", self.file_label())
    }

    /// A file name to suggest in Save as….
    pub fn suggested_file_name(&self) -> String {
        if let Some(path) = &self.path {
            return storage::file_name(path);
        }
        let stem: String = self
            .plan
            .name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let stem = stem.trim_matches('-');
        format!("{}.ron", if stem.is_empty() { "plan" } else { stem })
    }

    /// The plan is now what is on disk at `path`, as `baseline`.
    fn on_disk(&mut self, path: &Path, baseline: storage::Baseline) {
        self.baseline = Some(baseline);
        // Cheap: the assets are shared.
        self.base = Some(Arc::new(self.plan.clone()));
        self.disk = storage::stamp(path);
    }
}

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
    /// The file changed on disk since it was read (`when`): ask before
    /// replacing someone else's work.
    ChangedOnDisk {
        when: String,
    },
    Failed(Notice),
}

impl SaveOutcome {
    pub fn saved(&self) -> bool {
        *self == SaveOutcome::Saved
    }
}

/// How a merge with the plan on disk went.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeOutcome {
    /// Applied as one undoable change.
    Merged(Notice),
    /// Both sides changed the same things: each is to be decided
    /// ([`Session::apply_merge`]); `changes` others merge cleanly.
    Conflicts {
        conflicts: Vec<Conflict>,
        changes: usize,
    },
    Failed(Notice),
}

/// A merge with the plan on disk, waiting for the user's word.
struct PendingMerge {
    theirs: Plan,
    baseline: storage::Baseline,
    base: Plan,
}

/// The open plan and what watches over it: recovery copies, the lock,
/// changes made on disk by others, recent files.
pub struct Session {
    pub doc: Document,
    /// The user's data folder for Ferry (backups, recovery copies, locks);
    /// `None` keeps nothing.
    pub data_dir: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
    /// A change to the plan's file made elsewhere, shown until answered.
    pub disk_notice: Option<DiskNotice>,
    /// How often the plan's file is looked at for changes made elsewhere.
    pub disk_check_seconds: f64,
    last_disk_check: f64,
    /// The thread that looks at the file for the app, once started.
    watch: Option<DiskWatch>,
    /// The change on disk the user chose to keep their version over.
    pub kept_mine: Option<storage::DiskStamp>,
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

/// What a save is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SaveRequest {
    /// To the plan's file, only while it is still the one read.
    Checked,
    /// To this path, replacing whatever is there.
    To(PathBuf),
}

/// A save running on a worker thread, with what it wrote.
struct SaveJob {
    path: PathBuf,
    /// The history's state that was written.
    serial: u64,
    /// The plan that was written: the next merge's base.
    snapshot: Arc<Plan>,
    result: std::sync::mpsc::Receiver<Result<storage::Baseline, storage::SaveError>>,
}

impl Session {
    pub fn new(doc: Document) -> Self {
        Self {
            doc,
            data_dir: None,
            recent: Vec::new(),
            disk_notice: None,
            disk_check_seconds: 2.0,
            last_disk_check: f64::NEG_INFINITY,
            watch: None,
            kept_mine: None,
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
        self.data_dir.as_ref().map(|d| d.join("recovery"))
    }

    /// Takes the lock of the open plan's file; says so when another
    /// window on this machine has it.
    fn take_lock(&mut self) -> Option<Notice> {
        self.lock = None;
        let (Some(root), Some(path)) = (self.recovery_root(), self.doc.path.clone()) else {
            return None;
        };
        match Lock::acquire(&root, &path) {
            Ok(lock) => {
                self.lock = lock;
                None
            }
            Err(held) => Some(Notice::info(format!(
                "{} is also open in another Ferry window on this machine ({held}). \
                 If both save, the second is offered a merge; each window keeps its own recovery copy.",
                storage::file_name(&path)
            ))),
        }
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

    /// Saves to the plan's file, unless it changed on disk since it was
    /// read (then nothing is written and the caller asks the user). The
    /// file is written on a worker thread ([`SaveOutcome::Started`]);
    /// while another save runs, this one waits for it.
    pub fn save(&mut self) -> SaveOutcome {
        self.request_save(SaveRequest::Checked)
    }

    /// Saves to `path` (replacing whatever is there: the user chose it)
    /// and makes it the plan's file.
    pub fn save_to(&mut self, path: &Path) -> SaveOutcome {
        self.request_save(SaveRequest::To(path.to_owned()))
    }

    /// Whether a save or a recovery copy is being written.
    pub fn writing(&self) -> bool {
        self.saving() || self.autosaving.is_some()
    }

    /// Whether a save is being written.
    pub fn saving(&self) -> bool {
        self.saving.is_some() || self.queued_save.is_some()
    }

    fn request_save(&mut self, request: SaveRequest) -> SaveOutcome {
        if self.saving.is_some() {
            // The later request stands for both: it writes the newer plan.
            self.queued_save = Some(request);
            return SaveOutcome::Queued;
        }
        self.start_save(request)
    }

    fn start_save(&mut self, request: SaveRequest) -> SaveOutcome {
        let (path, checked) = match request {
            SaveRequest::To(path) => (path, false),
            SaveRequest::Checked => {
                let Some(path) = self.doc.path.clone() else {
                    return SaveOutcome::NeedsPath;
                };
                if self.doc.read_only {
                    return SaveOutcome::NeedsPath;
                }
                let now = storage::stamp(&path);
                if now.is_some() && now != self.doc.disk {
                    // Someone else wrote the file since we read it: never
                    // overwrite their work without asking.
                    return SaveOutcome::ChangedOnDisk {
                        when: changed_when(&path),
                    };
                }
                (path, true)
            }
        };
        // A snapshot costs a pointer per asset: the plan stays editable
        // while the worker writes it.
        let snapshot = Arc::new(self.doc.plan.clone());
        let serial = self.doc.history.snapshot_serial();
        let expected = if checked { self.doc.baseline } else { None };
        let backups = self.data_dir.as_ref().map(|d| d.join("backups"));
        let (send, result) = std::sync::mpsc::channel();
        let plan = Arc::clone(&snapshot);
        let target = path.clone();
        let spawned = std::thread::Builder::new()
            .name("ferry-save".into())
            .spawn(move || {
                let options = storage::SaveOptions {
                    expected: expected.as_ref(),
                    backups: backups.as_deref().map(|root| (root, BACKUPS_KEPT)),
                };
                let written = storage::save_with(&plan, &target, &options).map(|(_, b)| b);
                let _ = send.send(written);
            });
        if let Err(e) = spawned {
            return SaveOutcome::Failed(Notice::error(format!(
                "{} could not be saved: no thread to write it ({e}). Your changes are still here, unsaved.",
                storage::file_name(&path)
            )));
        }
        self.saving = Some(SaveJob {
            path,
            serial,
            snapshot,
            result,
        });
        SaveOutcome::Started
    }

    /// How the save in the background went, once it has ended (then a
    /// save that waited for it starts). `None` while it runs or when
    /// there is none.
    pub fn poll_save(&mut self) -> Option<SaveOutcome> {
        let job = self.saving.as_ref()?;
        let result = match job.result.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(storage::SaveError::io(
                &job.path,
                std::io::Error::other("the save stopped before it ended"),
            )),
        };
        let job = self.saving.take()?;
        let outcome = self.saved(job, result);
        if let Some(next) = self.queued_save.take() {
            // Only after a save that went well: a failure or a conflict
            // is for the user to answer first.
            if outcome == SaveOutcome::Saved {
                match self.start_save(next) {
                    SaveOutcome::Started => return Some(outcome),
                    other => return Some(other),
                }
            }
        }
        Some(outcome)
    }

    /// Waits for the saves in the background to end; how the last went.
    pub fn wait_for_save(&mut self) -> Option<SaveOutcome> {
        let mut last = None;
        while self.saving.is_some() {
            match self.poll_save() {
                Some(outcome) => last = Some(outcome),
                None => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        last
    }

    /// Takes in the end of a save.
    fn saved(
        &mut self,
        job: SaveJob,
        result: Result<storage::Baseline, storage::SaveError>,
    ) -> SaveOutcome {
        let path = job.path;
        match result {
            Err(storage::SaveError::ChangedOnDisk { .. }) => SaveOutcome::ChangedOnDisk {
                when: changed_when(&path),
            },
            Ok(baseline) => {
                // The recovery copy is not needed unless the plan changed
                // while it was written; one being written is removed when
                // it is done ([`Session::autosave`]).
                if self.doc.history.serial() == job.serial && self.autosaving.is_none() {
                    self.drop_recovery();
                }
                let moved = self.doc.path.as_deref() != Some(path.as_path());
                self.doc.path = Some(path.clone());
                self.doc.baseline = Some(baseline);
                self.doc.base = Some(job.snapshot);
                self.doc.disk = storage::stamp(&path);
                self.doc.is_example = false;
                self.doc.read_only = false;
                self.disk_notice = None;
                // Unsaved again if it changed while it was written.
                self.doc.history.mark_saved_at(job.serial);
                self.remember(&path);
                if moved {
                    let _ = self.take_lock();
                }
                SaveOutcome::Saved
            }
            Err(e) => SaveOutcome::Failed(Notice::error(format!(
                "{e}. Your changes are still here, unsaved; try Save as… to another folder."
            ))),
        }
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
        let (send, done) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("ferry-recovery".into())
            .spawn(move || {
                let written = storage::recovery::write(&root, original.as_deref(), &plan)
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
    /// changes applied as one undoable, unsaved change.
    pub fn recover(&mut self, file: &Path, recovery: Recovery) -> Notice {
        let base = match recovery.original.as_deref() {
            Some(path) => match storage::load_with_baseline(path) {
                Ok((plan, baseline)) => Document::from_file(plan, path, baseline),
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
        let _ = std::fs::remove_file(file);
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

    /// Looks at the plan's file every `disk_check_seconds` for changes
    /// made elsewhere (a colleague, a git pull, a sync client). Returns
    /// when to look again; `None` when there is no file, or when a thread
    /// watches it ([`Session::watch_disk`]) and will wake the app itself.
    pub fn check_disk(&mut self, now: f64) -> Option<Duration> {
        let path = self.doc.path.clone();
        if let Some(watch) = &self.watch {
            // Looked at now when the file is another one or the thread
            // saw it change; otherwise the thread is watching.
            let moved = watch.follow(path.as_deref());
            let woken = watch.shared.changed.swap(false, Ordering::Relaxed);
            if !(moved || woken) {
                return None;
            }
            if path.is_none()
                && let Ok(mut seen) = watch.shared.seen.lock()
            {
                *seen = None;
            }
        } else if now - self.last_disk_check < self.disk_check_seconds {
            path.as_ref()?;
            return Some(Duration::from_secs_f64(self.disk_check_seconds));
        }
        let path = path?;
        self.last_disk_check = now;
        let stamp = storage::stamp(&path);
        self.disk_notice = match stamp {
            None => Some(DiskNotice::Gone),
            Some(stamp) if Some(stamp) != self.doc.disk => Some(DiskNotice::Changed(stamp)),
            Some(_) => None,
        };
        if let Some(watch) = &self.watch
            && let Ok(mut seen) = watch.shared.seen.lock()
        {
            // What the thread compares with: the file as looked at here.
            *seen = Some((path, stamp));
        }
        match self.watch {
            Some(_) => None,
            None => Some(Duration::from_secs_f64(self.disk_check_seconds.max(0.5))),
        }
    }

    /// Looks at the plan's file on a thread every `disk_check_seconds`
    /// and calls `wake` only when it changed (the app asks for a frame,
    /// which runs [`Session::check_disk`]): a window left alone costs no
    /// frames. The thread ends with the session.
    pub fn watch_disk(&mut self, wake: impl Fn() + Send + 'static) {
        let shared = Arc::new(WatchShared::default());
        let seen = Arc::clone(&shared);
        let every = Duration::from_secs_f64(self.disk_check_seconds.max(0.05));
        let started = std::thread::Builder::new()
            .name("ferry-disk-watch".into())
            .spawn(move || {
                while !seen.stop.load(Ordering::Relaxed) {
                    std::thread::sleep(every);
                    // The file as the session last looked at it; until it
                    // has, there is nothing to compare with.
                    let last = seen.seen.lock().ok().and_then(|s| s.clone());
                    let Some((path, stamp)) = last else {
                        continue;
                    };
                    if storage::stamp(&path) != stamp {
                        seen.changed.store(true, Ordering::Relaxed);
                        wake();
                    }
                }
            });
        if started.is_ok() {
            // The next `check_disk` looks at the file (a new path to it)
            // and gives the thread what to compare with.
            self.watch = Some(DiskWatch { shared });
        }
    }

    /// The change on disk to show, unless the user chose to keep theirs
    /// over it.
    pub fn disk_notice(&self) -> Option<&DiskNotice> {
        match &self.disk_notice {
            Some(DiskNotice::Changed(stamp)) if self.kept_mine == Some(*stamp) => None,
            notice => notice.as_ref(),
        }
    }

    /// Loads the file as changed elsewhere, as an undoable change (undo
    /// brings back what you had).
    pub fn reload_from_disk(&mut self) -> Option<Notice> {
        let path = self.doc.path.clone()?;
        match storage::load_with_baseline(&path) {
            Ok((plan, baseline)) => {
                let label = format!("reload {} from disk", storage::file_name(&path));
                self.doc
                    .apply(Edit::ReplacePlan(Box::new(plan)), &label, None)
                    .ok()?;
                self.doc.history.mark_saved();
                self.doc.on_disk(&path, baseline);
                self.disk_notice = None;
                None
            }
            Err(e) => Some(Notice::error(format!(
                "The changed file could not be loaded: {e}. Your plan is unchanged."
            ))),
        }
    }

    /// Merges the plan as changed on disk into mine; the base is the plan
    /// as loaded or last saved. A clean merge is applied as one undoable
    /// change; conflicts wait for [`Session::apply_merge`].
    pub fn merge_from_disk(&mut self) -> MergeOutcome {
        let Some(path) = self.doc.path.clone() else {
            return MergeOutcome::Failed(Notice::error("The plan has no file to merge with."));
        };
        let (theirs, baseline) = match storage::load_with_baseline(&path) {
            Ok(loaded) => loaded,
            Err(e) => {
                return MergeOutcome::Failed(Notice::error(format!(
                    "The changed file could not be loaded: {e}. Your plan is unchanged."
                )));
            }
        };
        let base = self
            .doc
            .base
            .as_deref()
            .cloned()
            .unwrap_or_else(|| Plan::named(self.doc.plan.name.clone()));
        let merged = crate::merge::merge(&base, &self.doc.plan, &theirs);
        self.pending_merge = Some(PendingMerge {
            theirs,
            baseline,
            base,
        });
        if merged.conflicts.is_empty() {
            MergeOutcome::Merged(self.apply_merge(&HashMap::new()))
        } else {
            MergeOutcome::Conflicts {
                conflicts: merged.conflicts,
                changes: merged.changes_from_theirs,
            }
        }
    }

    /// Applies the waiting merge as one undoable change, keeping for each
    /// conflict the side decided (by [`Conflict::key`]; mine when not
    /// decided, then it is also an open question in the log).
    pub fn apply_merge(&mut self, decisions: &HashMap<String, Side>) -> Notice {
        let Some(pending) = self.pending_merge.take() else {
            return Notice::info("There is no merge waiting.");
        };
        let options = crate::merge::Options {
            decisions: decisions.clone(),
            ..Default::default()
        };
        let merged =
            crate::merge::merge_with(&pending.base, &self.doc.plan, &pending.theirs, &options);
        let came_in = merged.changes_from_theirs;
        let theirs_kept = merged
            .conflicts
            .iter()
            .filter(|c| c.kept == Side::Theirs)
            .count();
        let open = merged
            .conflicts
            .iter()
            .filter(|c| c.question_id.is_some())
            .count();
        let label = format!(
            "merge {came_in} changes from {} on disk",
            self.doc.file_label()
        );
        if let Err(e) = self
            .doc
            .apply(Edit::ReplacePlan(Box::new(merged.plan)), &label, None)
        {
            return Notice::error(format!("The merge could not be applied: {e}"));
        }
        // The file on disk is now the base: saving replaces it with the
        // merge, without asking again.
        self.doc.disk = self.doc.path.as_deref().and_then(storage::stamp);
        self.doc.baseline = Some(pending.baseline);
        self.doc.base = Some(Arc::new(pending.theirs));
        self.disk_notice = None;
        self.kept_mine = None;
        let mut text = format!("{came_in} changes from disk merged");
        let decided = merged.conflicts.len() - open;
        if decided > 0 {
            text += &format!(
                "; of {decided} decided conflicts, {theirs_kept} took theirs and {} kept yours",
                decided - theirs_kept
            );
        }
        if open > 0 {
            text += &format!("; {open} conflicts kept yours and are open questions in the log");
        }
        Notice::info(format!(
            "{text}. Undo (Ctrl+Z) takes the merge back; save to keep it."
        ))
    }

    /// Forgets the waiting merge.
    pub fn cancel_merge(&mut self) {
        self.pending_merge = None;
    }

    /// Brings back a kept version of the plan as one undoable change.
    pub fn restore_version(&mut self, backup: &Path) -> Notice {
        match storage::load(backup) {
            Ok(plan) => {
                let when = std::fs::metadata(backup)
                    .and_then(|m| m.modified())
                    .map(crate::model::format_time)
                    .unwrap_or_default();
                let label = format!("restore the version of {when}");
                match self
                    .doc
                    .apply(Edit::ReplacePlan(Box::new(plan)), &label, None)
                {
                    Ok(()) => Notice::info(format!(
                        "Restored the version of {when}. Undo (Ctrl+Z) brings back what you had; save to keep it."
                    )),
                    Err(e) => Notice::error(format!("The version could not be restored: {e}")),
                }
            }
            Err(e) => Notice::error(format!("That version could not be read: {e}")),
        }
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
    }
}

/// When the file at `path` was last changed, in words.
fn changed_when(path: &Path) -> String {
    storage::stamp(path)
        .and_then(|s| s.modified)
        .map(crate::model::format_time)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
