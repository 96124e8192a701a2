//! The open plan as an editable document: its edits and their undo, the
//! derived state kept up to date after each frame's edits (re-deriving
//! what the edits touched; a full derive of a large plan, as after an
//! import, runs on a worker thread while the window goes on), a journal of
//! what each revision changed for views that keep work per revision, and
//! the versions of its file it knows (read, written, merged or reloaded)
//! with the history step through which it holds each.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::change::{Change, Known, Prepared, Refused, merged_label, prepare_known};
use crate::derive::{Derived, Incremental, derive_incremental};
use crate::edit::{Edit, EditError, History, Item};
use crate::model::Plan;
use crate::storage;
use crate::touches::Touches;

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
    /// The file is read-only: Save goes to Save as….
    pub read_only: bool,
    /// The versions of the file this document knows, oldest first; the
    /// last is the file as last read or written here.
    known: Vec<DiskVersion>,
    /// The steps that brought others' changes in from the file (merges,
    /// reloads), with their labels.
    foreign: Vec<(u64, String)>,
    /// No state of the history is the file on disk (the user kept their
    /// own plan over a change made elsewhere): unsaved until saved.
    behind_file: bool,
    stale: bool,
    /// The parts of the derived state, to redo only what edits touch.
    incremental: Incremental,
    /// What the edits since the kept state was made touched.
    touches: Touches,
    /// The revision the derived state was last made for (see
    /// [`Document::derived_revision`]).
    derived_revision: u64,
    /// A full derive running on a worker thread; meanwhile the derived
    /// state is provisional ([`crate::derive::provisional`]).
    deriving: Option<Deriving>,
    /// Holds the next worker derive until told to go (see
    /// [`Document::hold_next_worker_derive`]).
    worker_gate: Option<std::sync::mpsc::Receiver<()>>,
    /// How many full derives this document needed.
    full_derives: u64,
    /// What each of the last revisions changed, for views that keep work
    /// per revision: the assets changed in their own fields only, or
    /// `None` when more changed.
    journal: std::collections::VecDeque<(u64, Option<Vec<usize>>)>,
    /// The first label of the keystrokes being typed into one field, and
    /// where its typed text starts: the step's label keeps its start.
    gesture: Option<(String, usize)>,
}

/// A full derive of a snapshot of the plan, on a worker thread.
struct Deriving {
    /// The revision of the snapshot.
    revision: u64,
    result: std::sync::mpsc::Receiver<(Derived, Incremental)>,
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChangeError {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// A version of the plan's file the document knows: read, written, or
/// brought in by a merge or a reload.
#[derive(Clone, Debug)]
pub struct DiskVersion {
    /// The file as it was: a save expects to find it still so.
    pub baseline: storage::Baseline,
    /// Its plan: the base of a three-way merge with a later version.
    pub plan: Arc<Plan>,
    /// The history step through which the document holds the changes by
    /// others in this version (the merge or reload that brought them, or
    /// the last such step before a save); `None` when it holds all of them
    /// from the start. The document holds this version only while that
    /// step is not undone: then a save may replace it without asking.
    pub through: Option<u64>,
}

impl DiskVersion {
    /// When this version was written, in words ("" when unknown).
    pub fn when(&self) -> String {
        self.baseline
            .stamp
            .and_then(|s| s.modified)
            .map(crate::model::format_time)
            .unwrap_or_default()
    }
}

/// A step no history reaches: a version marked with it is never held.
pub(super) const NEVER_HELD: u64 = u64::MAX;

/// How many versions of its file a document remembers (merge bases).
const KNOWN_MAX: usize = 16;

/// The first revision of a new document: each document's revisions start
/// far from every other's, so a view that keeps work per revision never
/// takes one document's work for another's.
fn first_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1 << 32, Ordering::Relaxed)
}

/// How many revisions [`Document::assets_changed_since`] can look back.
pub(super) const JOURNAL: usize = 256;

/// The most assets a plan may have to be derived in full on the UI thread
/// (about 15 ms); a larger plan is derived on a worker thread.
pub const DERIVE_IN_FRAME: usize = 10_000;

impl Document {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        let (derived, incremental) = derive_incremental(&plan);
        let revision = first_revision();
        Self {
            derived,
            incremental,
            touches: Touches::default(),
            journal: Default::default(),
            deriving: None,
            worker_gate: None,
            full_derives: 0,
            plan,
            path,
            history: History::default(),
            revision,
            derived_revision: revision,
            is_example: false,
            read_only: false,
            known: Vec::new(),
            foreign: Vec::new(),
            behind_file: false,
            stale: false,
            gesture: None,
        }
    }

    /// A plan just read from `path`: remembers how the file looked, to
    /// notice later changes made elsewhere, and whether it is read-only.
    pub fn from_file(plan: Plan, path: &Path, baseline: storage::Baseline) -> Self {
        let version = DiskVersion {
            baseline,
            plan: Arc::new(plan.clone()),
            through: None,
        };
        Self {
            read_only: storage::is_read_only(path),
            known: vec![version],
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
        let positions = (!self.stale).then_some(&self.derived.asset_positions);
        let touches = Touches::of_known(&self.plan, &edit, positions);
        self.history
            .apply_known(&mut self.plan, edit, label, merge_key, positions)?;
        self.touches.merge(touches);
        self.changed(rows);
        Ok(())
    }

    /// Makes a change as one undoable step (or, with a merge key, as the
    /// next keystroke of the step being typed); returns the step's label.
    pub fn change(
        &mut self,
        change: &Change,
        merge_key: Option<String>,
    ) -> Result<String, ChangeError> {
        // The derived state is the plan's: what it keeps spares the
        // change a look at every asset.
        let known = (!self.stale && self.deriving.is_none()).then_some(Known {
            positions: &self.derived.asset_positions,
            kept: &self.incremental,
        });
        let Prepared {
            edit,
            label,
            typed_at,
            ..
        } = prepare_known(&self.plan, change, known)?;
        let merging = self.history.would_merge(merge_key.as_deref());
        self.apply(edit, &label, merge_key)?;
        let gesture = self.gesture.take().filter(|_| merging);
        let merged = match &gesture {
            Some((first, first_at)) => merged_label(first, *first_at, &label, typed_at),
            None => None,
        };
        match merged {
            Some(merged) => {
                self.history.relabel_last(&merged);
                self.gesture = gesture;
                Ok(merged)
            }
            None => {
                if !merging {
                    self.gesture = typed_at.map(|at| (label.clone(), at));
                }
                Ok(self.history.undo_label().unwrap_or_default().to_owned())
            }
        }
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
        let positions = (!self.stale).then_some(&self.derived.asset_positions);
        let touches = Touches::of_known(&self.plan, edit, positions);
        let label = if forward {
            self.history.redo_known(&mut self.plan, positions)?
        } else {
            self.history.undo_known(&mut self.plan, positions)?
        };
        self.touches.merge(touches);
        self.changed(rows);
        Some(label)
    }

    /// The assets an edit about to be applied changes, when it changes
    /// nothing else a row of the asset table shows (no workload's name, no
    /// asset's place); `None` otherwise.
    fn rows_changed(&self, edit: &Edit) -> Option<Vec<usize>> {
        // After an edit that added or removed assets, the positions wait
        // for the refresh.
        if self.touches.everything || self.touches.assets.values().any(|t| t.created || t.removed) {
            return None;
        }
        let mut assets = Vec::new();
        let mut edits = vec![edit];
        while let Some(edit) = edits.pop() {
            match edit {
                Edit::Batch(inner) => edits.extend(inner),
                // No row of the asset table shows these.
                Edit::SetPlanName(_)
                | Edit::SetBandwidth(_)
                | Edit::SetWaveLimits(_)
                | Edit::PutWave(..)
                | Edit::InsertWave(..)
                | Edit::RemoveWave(_)
                | Edit::Put(Item::Party(_) | Item::Log(_)) => {}
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
    fn changed(&mut self, rows: Option<Vec<usize>>) {
        self.revision += 1;
        self.stale = true;
        if self.journal.len() == JOURNAL {
            self.journal.pop_front();
        }
        self.journal.push_back((self.revision, rows));
    }

    /// The revision the derived state was made for: behind
    /// [`Document::revision`] while a full derive runs on a worker thread
    /// ([`Document::refreshing`]). Views that keep work made from the
    /// derived state key it on both.
    pub fn derived_revision(&self) -> u64 {
        self.derived_revision
    }

    /// Whether the checks are being refreshed on a worker thread (after an
    /// import, a restored version): until then the derived state is
    /// provisional — each asset's stage and place are the plan's, the
    /// problems and each workload's status those from before. Edits go on
    /// meanwhile and are derived once it is done; [`Document::refresh`]
    /// takes the result in.
    pub fn refreshing(&self) -> bool {
        self.deriving.is_some()
    }

    /// How many times the whole plan was derived again since the document
    /// was made (not counting the first time): edits re-derive only what
    /// they touch.
    pub fn full_derives(&self) -> u64 {
        self.full_derives
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

    /// Brings the derived state up to date with the plan: only what the
    /// edits since the last time touched, or everything (on a worker
    /// thread for a large plan: see [`Document::refreshing`]). Takes in a
    /// worker's result once it is ready.
    pub fn refresh(&mut self) {
        self.take_derived();
        if !self.stale {
            return;
        }
        if self.deriving.is_some() {
            // The worker derives an older plan: the edits since wait for
            // it, and the provisional state follows the plan's shape.
            self.derived =
                crate::derive::provisional(&self.plan, std::mem::take(&mut self.derived));
            self.stale = false;
            return;
        }
        let touches = std::mem::take(&mut self.touches);
        let updated = self
            .incremental
            .update(&self.plan, &mut self.derived, &touches);
        if updated.is_none() {
            self.derive_all();
        }
        self.stale = false;
        if self.deriving.is_none() {
            self.derived_revision = self.revision;
        }
    }

    /// Waits for a full derive running on a worker thread, and brings the
    /// derived state up to date (for callers that need it exact now: a
    /// report, a test).
    pub fn refresh_and_wait(&mut self) {
        while let Some(deriving) = &self.deriving {
            let _ = deriving
                .result
                .recv_timeout(std::time::Duration::from_millis(5));
            self.refresh();
        }
        self.refresh();
    }

    /// Holds the next full derive on a worker thread until the returned
    /// sender sends or is dropped: for a test to see what the window does
    /// while checks are being refreshed, however fast the machine is.
    #[doc(hidden)]
    pub fn hold_next_worker_derive(&mut self) -> std::sync::mpsc::Sender<()> {
        let (go, gate) = std::sync::mpsc::channel();
        self.worker_gate = Some(gate);
        go
    }

    /// The counts of the plan file as it is on disk, when this document
    /// holds just that version (read or saved, nothing changed since, the
    /// checks up to date): the progress chart need not parse it again.
    pub fn known_on_disk(&self) -> Option<crate::history::Known> {
        if self.is_dirty() || self.refreshing() || self.derived_revision != self.revision {
            return None;
        }
        let stamp = self.disk()?.baseline.stamp?;
        Some(crate::history::Known {
            stamp,
            plan: self.plan.name.clone(),
            counts: crate::history::Counts {
                assets: self.plan.assets.len(),
                stages: self.derived.plan_stages,
                workloads: self.plan.workloads.len(),
                workloads_done: self.derived.workloads_done(),
            },
        })
    }

    /// Derives the whole plan: at once when it is small, else on a worker
    /// thread, with a provisional derived state meanwhile.
    fn derive_all(&mut self) {
        self.full_derives += 1;
        // What was kept describes an older plan: let it go.
        self.incremental = Incremental::default();
        self.touches = Touches::default();
        if self.plan.assets.len() <= DERIVE_IN_FRAME {
            (self.derived, self.incremental) = derive_incremental(&self.plan);
            return;
        }
        let snapshot = self.plan.clone();
        let (send, result) = std::sync::mpsc::channel();
        let gate = self.worker_gate.take();
        let spawned = std::thread::Builder::new()
            .name("ferry-derive".into())
            .spawn(move || {
                if let Some(gate) = gate {
                    // Told to go, or the one holding it gave up.
                    let _ = gate.recv();
                }
                let derived = derive_incremental(&snapshot);
                let _ = send.send(derived);
                // Freeing the snapshot's share of the plan is the
                // worker's too.
                drop(snapshot);
            });
        match spawned {
            Ok(_) => {
                self.deriving = Some(Deriving {
                    revision: self.revision,
                    result,
                });
                self.derived =
                    crate::derive::provisional(&self.plan, std::mem::take(&mut self.derived));
            }
            // No thread to spare: here.
            Err(_) => (self.derived, self.incremental) = derive_incremental(&self.plan),
        }
    }

    /// Takes in the result of a full derive on a worker thread, once it is
    /// ready; the edits made meanwhile are then derived as edits.
    fn take_derived(&mut self) {
        let Some(deriving) = &self.deriving else {
            return;
        };
        let (derived, incremental) = match deriving.result.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            // The worker ended without a result: derive here.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => derive_incremental(&self.plan),
        };
        let revision = deriving.revision;
        self.deriving = None;
        let old = std::mem::replace(&mut self.derived, derived);
        self.incremental = incremental;
        self.derived_revision = revision;
        // The provisional state is let go off this thread when large.
        if old.stages.len() > DERIVE_IN_FRAME {
            let _ = std::thread::Builder::new()
                .name("ferry-free".into())
                .spawn(move || drop(old));
        }
        // Edits made meanwhile are derived next; none: it is the plan's.
        self.stale = self.revision != revision;
    }

    /// Whether the plan differs from its file: changed since it was read
    /// or saved, or kept over a version someone else wrote.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty() || self.behind_file
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

    /// The file as last read or written here; `None` when the plan has
    /// never been read from or written to its file.
    pub fn disk(&self) -> Option<&DiskVersion> {
        self.known.last()
    }

    /// Whether the plan holds `version`: every change by others it has
    /// came in through steps that are not undone.
    pub fn holds(&self, version: &DiskVersion) -> bool {
        version.through.is_none_or(|s| self.history.reaches(s))
    }

    /// The step through which the plan holds a version that is on disk
    /// but that it no longer holds (a merge or reload undone), by label.
    pub fn undone_step(&self) -> Option<&str> {
        let through = self.disk()?.through?;
        if self.history.reaches(through) {
            return None;
        }
        Some(
            self.foreign
                .iter()
                .find(|(s, _)| *s == through)
                .map_or("", |(_, label)| label.as_str()),
        )
    }

    /// The newest version of the file the plan holds (after a merge is
    /// undone, the one before it): what its unsaved changes are made to.
    pub fn held_disk(&self) -> Option<&DiskVersion> {
        self.known.iter().rev().find(|v| self.holds(v))
    }

    /// The base of a three-way merge with the file: the newest version of
    /// it the plan holds.
    pub fn merge_base(&self) -> Option<Arc<Plan>> {
        self.held_disk().map(|v| Arc::clone(&v.plan))
    }

    /// The last step that brought in others' changes and is not undone:
    /// what a version written now holds them through.
    pub(super) fn through_now(&self) -> Option<u64> {
        self.foreign
            .iter()
            .rev()
            .map(|(s, _)| *s)
            .find(|s| self.history.reaches(*s))
    }

    /// The step just applied brought in others' changes (a merge, a
    /// reload): the versions it brought are held only while it stands.
    pub(super) fn brought_in(&mut self, label: &str) -> u64 {
        let serial = self.history.serial();
        self.foreign.push((serial, label.to_owned()));
        serial
    }

    /// The file is now `version` (read, written, merged or reloaded).
    pub(super) fn on_disk(&mut self, version: DiskVersion) {
        if version.through.is_none() {
            // Held whatever is undone: older versions are never the base.
            self.known.clear();
        }
        self.known.push(version);
        if self.known.len() > KNOWN_MAX {
            self.known.remove(0);
        }
        self.behind_file = false;
    }

    /// The plan does not hold the file as last read: its changes were
    /// made to an older version (a recovered plan).
    pub(super) fn forget_holding_disk(&mut self) {
        for version in &mut self.known {
            version.through = Some(NEVER_HELD);
        }
    }

    /// The user keeps this plan over a version of the file written
    /// elsewhere: it is unsaved (closing asks) until it is saved.
    pub(super) fn keep_over_file(&mut self) {
        self.behind_file = true;
    }
}
