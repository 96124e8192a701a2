//! Changes made to the plan's file by others: a thread that notices them
//! without a frame, the check that says what changed, reloading, and the
//! three-way merge with the plan on disk.

use super::*;

/// See [`Session::watch_disk`]; the thread stops when this is dropped.
pub(super) struct DiskWatch {
    shared: Arc<WatchShared>,
}

#[derive(Default)]
pub(super) struct WatchShared {
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

impl Session {
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
            Some(stamp) if Some(stamp) != self.doc.disk().and_then(|d| d.baseline.stamp) => {
                Some(DiskNotice::Changed(stamp))
            }
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
    /// brings back what you had; then saving asks again, as the plan no
    /// longer holds their version).
    pub fn reload_from_disk(&mut self) -> Option<Notice> {
        let path = self.doc.path.clone()?;
        match storage::load_with_baseline(&path) {
            Ok((plan, baseline)) => {
                let label = format!("reload {} from disk", storage::file_name(&path));
                let theirs = Arc::new(plan.clone());
                self.doc
                    .apply(Edit::ReplacePlan(Box::new(plan)), &label, None)
                    .ok()?;
                self.doc.history.mark_saved();
                let through = self.doc.brought_in(&label);
                self.doc.on_disk(DiskVersion {
                    baseline,
                    plan: theirs,
                    through: Some(through),
                });
                self.disk_notice = None;
                self.kept_mine = None;
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
            .merge_base()
            .unwrap_or_else(|| Arc::new(Plan::named(self.doc.plan.name.clone())));
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
        let decided: Vec<&Conflict> = merged
            .conflicts
            .iter()
            .filter(|c| c.question_id.is_none())
            .collect();
        let open: Vec<&Conflict> = merged
            .conflicts
            .iter()
            .filter(|c| c.question_id.is_some())
            .collect();
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
        // The file on disk is now held through the merge: saving replaces
        // it with the merge without asking again, unless the merge is
        // undone.
        let through = self.doc.brought_in(&label);
        self.doc.on_disk(DiskVersion {
            baseline: pending.baseline,
            plan: Arc::new(pending.theirs),
            through: Some(through),
        });
        self.disk_notice = None;
        self.kept_mine = None;
        let theirs = |list: &[&Conflict]| list.iter().filter(|c| c.kept == Side::Theirs).count();
        let mut text = format!("{came_in} changes from disk merged");
        if !decided.is_empty() {
            let took = theirs(&decided);
            text += &format!(
                "; of {} decided conflicts, {took} took theirs and {} kept yours",
                decided.len(),
                decided.len() - took
            );
        }
        if !open.is_empty() {
            let took = theirs(&open);
            text += &format!(
                "; {} conflicts are open questions in the log ({} kept yours, {took} kept theirs)",
                open.len(),
                open.len() - took
            );
        }
        Notice::info(format!(
            "{text}. Undo (Ctrl+Z) takes the merge back; save to keep it."
        ))
    }

    /// Forgets the waiting merge.
    pub fn cancel_merge(&mut self) {
        self.pending_merge = None;
    }
}
