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
        let beside = self.beside_shared();
        let every = Duration::from_secs_f64(self.disk_check_seconds.max(0.05));
        let started = std::thread::Builder::new()
            .name("ferry-disk-watch".into())
            .spawn(move || {
                while !seen.stop.load(Ordering::Relaxed) {
                    std::thread::sleep(every);
                    // This window's beat beside the plan, and who else is
                    // there: a frame only when that changed.
                    let news = beside
                        .lock()
                        .is_ok_and(|mut b| b.tick(std::time::SystemTime::now()));
                    if news {
                        wake();
                    }
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
        self.reload().err()
    }

    /// [`Session::reload_from_disk`]; what came in, in a sentence, once
    /// reloaded ("alice saved 2 changes at 10:42 UTC: …").
    pub(super) fn reload(&mut self) -> Result<String, Notice> {
        let Some(path) = self.doc.path.clone() else {
            return Err(Notice::error("The plan has no file to reload."));
        };
        let (plan, baseline) = storage::load_with_baseline(&path).map_err(|e| {
            Notice::error(format!(
                "The changed file could not be loaded: {e}. Your plan is unchanged."
            ))
        })?;
        let lead = self.lead_of(&path, &baseline);
        let label = format!("reload {} from disk", storage::file_name(&path));
        let theirs = Arc::new(plan.clone());
        let before = self.doc.plan.clone();
        self.doc
            .apply(Edit::ReplacePlan(Box::new(plan)), &label, None)
            .map_err(|e| Notice::error(format!("The changed file could not be loaded: {e}")))?;
        self.doc.history.mark_saved();
        let through = self.doc.brought_in(&label);
        self.doc.on_disk(DiskVersion {
            baseline,
            plan: theirs,
            through: Some(through),
        });
        self.disk_notice = None;
        self.kept_mine = None;
        Ok(came_in(&lead, &crate::diff::diff(&before, &self.doc.plan)))
    }

    /// Who saved the file as it is now, and when, for the notices.
    fn lead_of(&self, path: &Path, baseline: &storage::Baseline) -> Lead {
        let saver = self.saver_of(path, baseline);
        let when = saver
            .as_ref()
            .and_then(|s| s.when)
            .or_else(|| baseline.stamp.and_then(|s| s.modified))
            .map(presence::clock);
        Lead::Saved {
            who: saver.map(|s| s.who),
            when,
        }
    }

    /// How the two sides of a merge with the file are named.
    fn sides_for(&self, lead: &Lead) -> Sides {
        let me = &self.author.user;
        let (theirs, theirs_word, theirs_name) = match lead {
            Lead::Saved { who, when } => {
                let saved = when
                    .as_ref()
                    .map(|w| format!(", saved {w}"))
                    .unwrap_or_default();
                match who {
                    Some(who) if who != me => (
                        format!("{who}'s{saved}"),
                        format!("{who}'s"),
                        format!("{who}'s"),
                    ),
                    // Saved by this user in another window, or by nobody
                    // known.
                    _ => (
                        format!("Theirs{saved}"),
                        "Theirs".to_owned(),
                        "theirs".to_owned(),
                    ),
                }
            }
            Lead::Copy(label) => (label.clone(), "Theirs".to_owned(), "the copy's".to_owned()),
        };
        Sides {
            mine: format!("Mine — {me}"),
            theirs,
            theirs_word,
            ours_name: format!("{me}'s"),
            theirs_name,
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
        let lead = self.lead_of(&path, &baseline);
        self.start_merge(theirs, MergeFrom::Disk(baseline), Some(base), lead)
    }

    /// Merges `theirs` into the plan (three-way on `base`, or without a
    /// base): applied at once when clean, else waits for the user's word.
    pub(super) fn start_merge(
        &mut self,
        theirs: Plan,
        from: MergeFrom,
        base: Option<Arc<Plan>>,
        lead: Lead,
    ) -> MergeOutcome {
        let sides = self.sides_for(&lead);
        let options = crate::merge::Options {
            questions: false,
            ..Default::default()
        };
        let merged = match &base {
            Some(base) => crate::merge::merge_with(base, &self.doc.plan, &theirs, &options),
            None => crate::merge::merge_without_base(&self.doc.plan, &theirs, &options),
        };
        self.pending_merge = Some(PendingMerge {
            theirs,
            from,
            base,
            sides: sides.clone(),
            lead,
        });
        if merged.conflicts.is_empty() {
            MergeOutcome::Merged(self.apply_merge(&HashMap::new()))
        } else {
            MergeOutcome::Conflicts {
                conflicts: merged.conflicts,
                changes: merged.changes_from_theirs,
                sides,
            }
        }
    }

    /// Applies the waiting merge as one undoable change, keeping for each
    /// conflict the side decided (by [`Conflict::key`]); a conflict not
    /// decided keeps mine and is asked about in the log, an open question
    /// for the room.
    pub fn apply_merge(&mut self, decisions: &HashMap<String, Side>) -> Notice {
        let Some(pending) = self.pending_merge.take() else {
            return Notice::info("There is no merge waiting.");
        };
        let options = crate::merge::Options {
            decisions: decisions.clone(),
            ours_name: pending.sides.ours_name.clone(),
            theirs_name: pending.sides.theirs_name.clone(),
            ..Default::default()
        };
        let merged = match &pending.base {
            Some(base) => crate::merge::merge_with(base, &self.doc.plan, &pending.theirs, &options),
            None => crate::merge::merge_without_base(&self.doc.plan, &pending.theirs, &options),
        };
        let decided: Vec<&Conflict> = merged
            .conflicts
            .iter()
            .filter(|c| c.question_id.is_none())
            .collect();
        let open = merged.conflicts.len() - decided.len() + merged.new_problems.len();
        let label = match &pending.from {
            MergeFrom::Disk(_) => format!("merge changes from {} on disk", self.doc.file_label()),
            MergeFrom::Copy(path) => format!("merge {}", storage::file_name(path)),
        };
        let before = self.doc.plan.clone();
        let same_as_theirs = merged.plan == pending.theirs;
        if let Err(e) = self
            .doc
            .apply(Edit::ReplacePlan(Box::new(merged.plan)), &label, None)
        {
            return Notice::error(format!("The merge could not be applied: {e}"));
        }
        // What came in is theirs: the questions the merge itself asks are
        // told below, not as changes of theirs.
        let asked: std::collections::HashSet<String> = self
            .doc
            .plan
            .log
            .iter()
            .filter(|l| {
                !before.log.iter().any(|b| b.id == l.id)
                    && !pending.theirs.log.iter().any(|t| t.id == l.id)
            })
            .map(|l| l.id.clone())
            .collect();
        let through = self.doc.brought_in(&label);
        match pending.from {
            MergeFrom::Disk(baseline) => {
                // The file on disk is now held through the merge: saving
                // replaces it with the merge without asking again, unless
                // the merge is undone.
                self.doc.on_disk(DiskVersion {
                    baseline,
                    plan: Arc::new(pending.theirs),
                    through: Some(through),
                });
                if same_as_theirs {
                    // Nothing of mine was unsaved: the plan is the file.
                    self.doc.history.mark_saved();
                }
                self.disk_notice = None;
                self.kept_mine = None;
            }
            MergeFrom::Copy(path) => self.copies.merged(path, through),
        }
        let mut changes = crate::diff::diff(&before, &self.doc.plan);
        changes.retain(|c| c.subject_id.as_deref().is_none_or(|id| !asked.contains(id)));
        let mut text = came_in(&pending.lead, &changes);
        if !decided.is_empty() {
            let took = decided.iter().filter(|c| c.kept == Side::Theirs).count();
            text += &format!(
                " Of {} decided conflict{}, {took} took {} and {} kept yours.",
                decided.len(),
                plural(decided.len()),
                pending.sides.theirs_word.to_lowercase(),
                decided.len() - took
            );
        }
        if open > 0 {
            text += &format!(
                " {open} question{} for the room {} open in the log (yours kept meanwhile; F8 goes to {}).",
                plural(open),
                if open == 1 { "is" } else { "are" },
                if open == 1 { "it" } else { "them" },
            );
        }
        let undo = if self.live.on {
            " Undo (Ctrl+Z) takes the merge back."
        } else {
            " Undo (Ctrl+Z) takes the merge back; save to keep it."
        };
        Notice::info(format!("{text}{undo}"))
    }

    /// Forgets the waiting merge. Working live, the change on disk is
    /// kept over (as Keep mine does) until the next edit or change there,
    /// so the question does not come straight back.
    pub fn cancel_merge(&mut self) {
        let pending = self.pending_merge.take();
        if self.live.on
            && let Some(PendingMerge {
                from: MergeFrom::Disk(baseline),
                ..
            }) = pending
            && let Some(stamp) = baseline.stamp
        {
            self.keep_mine(stamp);
        }
    }
}

/// "s" for more than one.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What came in, in a sentence: "alice saved 3 changes at 10:42 UTC:
/// erp-web-01: replication Replicating → Verified; …".
fn came_in(lead: &Lead, changes: &[crate::diff::Change]) -> String {
    const SHOWN: usize = 3;
    let n = changes.len();
    let mut list: Vec<&str> = changes
        .iter()
        .take(SHOWN)
        .map(|c| c.text.as_str())
        .collect();
    if n > SHOWN {
        list.push("…");
    }
    let list = list.join("; ");
    let changes_text = format!("{n} change{}", plural(n));
    match lead {
        Lead::Saved { who, when } => {
            let at = when
                .as_ref()
                .map(|w| format!(" at {w}"))
                .unwrap_or_default();
            match (who, n) {
                (Some(who), 0) => format!("{who} saved the plan{at}: nothing new came in."),
                (Some(who), _) => format!("{who} saved {changes_text}{at}: {list}."),
                (None, 0) => format!("The plan was saved elsewhere{at}: nothing new came in."),
                (None, _) => format!("{changes_text} saved elsewhere{at} came in: {list}."),
            }
        }
        Lead::Copy(label) if n == 0 => format!("{label}: nothing new came in."),
        Lead::Copy(label) => format!("{changes_text} came in from {label}: {list}."),
    }
}
