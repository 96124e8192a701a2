//! The document's life on disk: open, save (guarded against files changed
//! elsewhere), kept versions, recovery copies, noticing changes made by
//! others, imports and exports.

use super::*;

impl FerryApp {
    /// Opens a plan file; on failure the current plan stays and the error
    /// is shown.
    pub fn open_path(&mut self, path: &Path) {
        match storage::load_with_baseline(path) {
            Ok((plan, baseline)) => {
                self.replace_document(Document::from_file(plan, path, baseline));
                self.remember(path);
                if self.doc.read_only {
                    self.banner = Some(Banner {
                        error: false,
                        text: format!(
                            "{} is read-only: you can change the plan and keep your changes with Save as….",
                            storage::file_name(path)
                        ),
                    });
                }
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!(
                        "{} could not be opened: {e}. The plan you had open is unchanged.",
                        storage::file_name(path)
                    ),
                });
            }
        }
    }

    /// Saves to the plan's file, or asks where when it has none. Returns
    /// whether the plan is now on disk.
    pub(super) fn save(&mut self, ctx: &egui::Context) -> bool {
        let Some(path) = self.doc.path.clone() else {
            self.ask_save_as(ctx);
            return false;
        };
        if self.doc.read_only {
            self.ask_save_as(ctx);
            return false;
        }
        let now = storage::stamp(&path);
        if now.is_some() && now != self.doc.disk {
            // Someone else wrote the file since we read it: never overwrite
            // their work without asking.
            let when = now
                .and_then(|s| s.modified)
                .map(crate::model::format_time)
                .unwrap_or_default();
            self.modal = Some(Modal::Conflict { when });
            return false;
        }
        let expected = self.doc.baseline;
        self.save_checked(&path, expected.as_ref())
    }

    /// Saves to `path` (replacing whatever is there: the user chose it) and
    /// makes it the plan's file.
    pub fn save_to(&mut self, path: &Path) -> bool {
        self.save_checked(path, None)
    }

    /// Saves to `path`; with `expected`, only while the file is still the
    /// one that was loaded or last saved (checked again just before the
    /// file is replaced).
    pub(super) fn save_checked(
        &mut self,
        path: &Path,
        expected: Option<&storage::Baseline>,
    ) -> bool {
        let backups = self.data_dir.as_ref().map(|d| d.join("backups"));
        let options = storage::SaveOptions {
            expected,
            backups: backups.as_deref().map(|root| (root, BACKUPS_KEPT)),
        };
        match storage::save_with(&self.doc.plan, path, &options) {
            Err(storage::SaveError::ChangedOnDisk { .. }) => {
                let when = storage::stamp(path)
                    .and_then(|s| s.modified)
                    .map(crate::model::format_time)
                    .unwrap_or_default();
                self.modal = Some(Modal::Conflict { when });
                false
            }
            Ok((_, baseline)) => {
                self.doc.baseline = Some(baseline);
                self.doc.base = Some(std::sync::Arc::new(self.doc.plan.clone()));
                self.drop_recovery();
                self.doc.path = Some(path.to_owned());
                self.drop_recovery();
                self.doc.is_example = false;
                self.doc.disk = storage::stamp(path);
                self.doc.read_only = false;
                self.disk_notice = None;
                self.doc.history.mark_saved();
                self.remember(path);
                if self.banner.as_ref().is_some_and(|b| b.error) {
                    self.banner = None;
                }
                true
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!(
                        "{e}. Your changes are still here, unsaved; try Save as… to another folder."
                    ),
                });
                false
            }
        }
    }

    pub(super) fn ask_save_as(&mut self, ctx: &egui::Context) {
        let suggested = self.doc.suggested_file_name();
        self.dialogs.ask(DialogRequest::SaveAs { suggested }, ctx);
    }

    /// Applies the previewed import as one undoable change.
    pub(super) fn apply_import(&mut self) {
        if self.import_view.kind == import::ImportKind::Dependencies {
            self.apply_dependencies();
            return;
        }
        let Some(Ok(parsed)) = &self.import_view.parsed else {
            return;
        };
        let workload = Some(self.import_view.workload.trim()).filter(|w| !w.is_empty());
        let (edit, summary) = crate::import::merge(&self.doc.plan, parsed, workload);
        let file = self
            .import_view
            .path
            .as_deref()
            .map(storage::file_name)
            .unwrap_or_default();
        let label = format!(
            "import {} new and {} updated assets from {file}",
            summary.added.len(),
            summary.updated.len()
        );
        match self.doc.apply(edit, &label, None) {
            Ok(()) => {
                self.banner = Some(Banner {
                    error: false,
                    text: format!(
                        "Imported {file}: {}",
                        summary.describe().lines().next().unwrap_or_default()
                    ),
                });
                self.import_view.reset();
                self.view = View::Assets;
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!("The import could not be applied: {e}"),
                });
            }
        }
    }

    /// Adds the previewed dependency links as one undoable change.
    pub(super) fn apply_dependencies(&mut self) {
        let Some(Ok(connections)) = &self.import_view.connections else {
            return;
        };
        let (ports, _) = self.import_view.ports();
        let (edit, summary) =
            crate::import::dependencies::merge(&self.doc.plan, connections, &ports);
        let file = self
            .import_view
            .path
            .as_deref()
            .map(storage::file_name)
            .unwrap_or_default();
        let label = format!("Import {} dependencies from {file}", summary.added);
        match self.doc.apply(edit, &label, None) {
            Ok(()) => {
                let unknown = summary.unknown_servers.len();
                let mut names: Vec<&str> = summary
                    .unknown_servers
                    .keys()
                    .take(5)
                    .map(String::as_str)
                    .collect();
                if unknown > 5 {
                    names.push("…");
                }
                self.banner = Some(Banner {
                    error: false,
                    text: format!(
                        "Imported {file}: {} new dependencies, {} already known{}",
                        summary.added,
                        summary.already,
                        if unknown > 0 {
                            format!(
                                "; {unknown} servers are not in the plan: {}",
                                names.join(", ")
                            )
                        } else {
                            String::new()
                        }
                    ),
                });
                self.import_view.reset();
                self.view = View::Assets;
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!("The import could not be applied: {e}"),
                });
            }
        }
    }

    /// Brings back a kept version of the plan as one undoable change.
    pub(super) fn restore_version(&mut self, backup: &Path) {
        match storage::load(backup) {
            Ok(plan) => {
                let when = std::fs::metadata(backup)
                    .and_then(|m| m.modified())
                    .map(crate::model::format_time)
                    .unwrap_or_default();
                let label = format!("restore the version of {when}");
                if let Err(e) = self
                    .doc
                    .apply(Edit::ReplacePlan(Box::new(plan)), &label, None)
                {
                    self.banner = Some(Banner {
                        error: true,
                        text: format!("The version could not be restored: {e}"),
                    });
                    return;
                }
                self.banner = Some(Banner {
                    error: false,
                    text: format!(
                        "Restored the version of {when}. Undo (Ctrl+Z) brings back what you had; save to keep it."
                    ),
                });
                self.view = View::Overview;
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!("That version could not be read: {e}"),
                });
            }
        }
    }

    /// Writes a report of the plan.
    pub fn export_to(&mut self, format: crate::export::ReportFormat, path: &Path) {
        self.doc.refresh();
        let text = crate::export::report(
            &self.doc.plan,
            &self.doc.derived,
            format,
            &crate::model::today(),
        );
        let plan_file = self.doc.path.clone();
        let inputs: Vec<&Path> = plan_file.as_deref().into_iter().collect();
        self.banner = Some(
            match storage::write_output(path, text.as_bytes(), &inputs) {
                Ok(()) => Banner {
                    error: false,
                    text: format!("Report written to {}", path.display()),
                },
                Err(e) => Banner {
                    error: true,
                    text: format!("The report could not be written: {e}"),
                },
            },
        );
    }

    pub(super) fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }

    pub(super) fn recovery_root(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("recovery"))
    }

    /// Writes a recovery copy once unsaved changes are a few seconds old.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(root) = self.recovery_root() else {
            return;
        };
        if !self.doc.is_dirty() || self.autosaved_revision == Some(self.doc.revision) {
            self.unsaved_since = None;
            return;
        }
        let now = ctx.input(|i| i.time);
        let since = *self.unsaved_since.get_or_insert(now);
        let waited = now - since;
        if waited < self.autosave_seconds {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                self.autosave_seconds - waited,
            ));
            return;
        }
        match storage::recovery::write(&root, self.doc.path.as_deref(), &self.doc.plan) {
            Ok(_) => {
                self.autosaved_revision = Some(self.doc.revision);
                self.unsaved_since = None;
            }
            Err(e) => {
                // Shown once; the next change tries again.
                self.autosaved_revision = Some(self.doc.revision);
                self.banner = Some(Banner {
                    error: true,
                    text: format!(
                        "The recovery copy could not be written: {e}. Save your work to be safe."
                    ),
                });
            }
        }
    }

    /// Forgets the recovery copy of the open plan (saved or discarded).
    pub(super) fn drop_recovery(&mut self) {
        if let Some(root) = self.recovery_root() {
            storage::recovery::remove(&root, self.doc.path.as_deref());
        }
        self.autosaved_revision = None;
        self.unsaved_since = None;
    }

    /// Looks for recovery copies left by a session that did not end well;
    /// they are offered one at a time.
    pub fn find_recoveries(&mut self) {
        if let Some(root) = self.recovery_root() {
            self.recoveries = storage::recovery::list(&root);
        }
    }

    pub(super) fn offer_next_recovery(&mut self) {
        let Some((file, recovery)) = self.recoveries.pop() else {
            return;
        };
        let on_disk = recovery
            .original
            .as_deref()
            .and_then(|p| storage::load(p).ok())
            .unwrap_or_default();
        let difference = storage::recovery::describe_difference(&on_disk, &recovery.plan);
        self.modal = Some(Modal::Recover {
            file,
            recovery: Box::new(recovery),
            difference,
        });
    }

    /// Opens a recovered plan: the file as on disk, with the recovered
    /// changes applied as one undoable, unsaved change.
    pub(super) fn recover(&mut self, file: &Path, recovery: storage::recovery::Recovery) {
        let base = match recovery.original.as_deref() {
            Some(path) => match storage::load_with_baseline(path) {
                Ok((plan, baseline)) => Document::from_file(plan, path, baseline),
                Err(_) => Document::new(Plan::default(), Some(path.to_owned())),
            },
            None => Document::new(Plan::default(), None),
        };
        self.replace_document(base);
        let _ = self.doc.apply(
            Edit::ReplacePlan(Box::new(recovery.plan)),
            "recover unsaved changes",
            None,
        );
        let _ = std::fs::remove_file(file);
        self.banner = Some(Banner {
            error: false,
            text: "Your unsaved changes are back. Save to keep them; undo shows the plan as it was on disk.".into(),
        });
    }

    /// Looks at the plan's file every few seconds for changes made
    /// elsewhere (a colleague, a git pull, a sync client).
    pub(super) fn check_disk(&mut self, ctx: &egui::Context) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if now - self.last_disk_check < self.disk_check_seconds {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(self.disk_check_seconds));
            return;
        }
        self.last_disk_check = now;
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            self.disk_check_seconds.max(0.5),
        ));
        let notice = match storage::stamp(&path) {
            None => Some(DiskNotice::Gone),
            Some(stamp) if Some(stamp) != self.doc.disk => Some(DiskNotice::Changed(stamp)),
            Some(_) => None,
        };
        self.disk_notice = notice;
    }

    /// Loads the file as changed elsewhere, as an undoable change (undo
    /// brings back what you had).
    pub(super) fn reload_from_disk(&mut self) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        match storage::load_with_baseline(&path) {
            Ok((plan, baseline)) => {
                let label = format!("reload {} from disk", storage::file_name(&path));
                if self
                    .doc
                    .apply(Edit::ReplacePlan(Box::new(plan)), &label, None)
                    .is_ok()
                {
                    self.doc.history.mark_saved();
                    self.doc.disk = storage::stamp(&path);
                    self.doc.baseline = Some(baseline);
                    self.doc.base = Some(std::sync::Arc::new(self.doc.plan.clone()));
                    self.disk_notice = None;
                    // The file loads now: an earlier "could not be
                    // loaded" no longer holds.
                    if self.banner.as_ref().is_some_and(|b| b.error) {
                        self.banner = None;
                    }
                }
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!(
                        "The changed file could not be loaded: {e}. Your plan is unchanged."
                    ),
                });
            }
        }
    }

    /// Merges the plan as changed on disk into mine: base is the plan as
    /// loaded or last saved. A clean merge is applied as one undoable
    /// change; conflicts are shown first, both values side by side.
    pub(super) fn merge_from_disk(&mut self) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let (theirs, baseline) = match storage::load_with_baseline(&path) {
            Ok(loaded) => loaded,
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!(
                        "The changed file could not be loaded: {e}. Your plan is unchanged."
                    ),
                });
                return;
            }
        };
        let base = self
            .doc
            .base
            .as_deref()
            .cloned()
            .unwrap_or_else(|| Plan::named(self.doc.plan.name.clone()));
        let merged = crate::merge::merge(&base, &self.doc.plan, &theirs);
        let changes = merged.changes_from_theirs;
        let conflicts = merged.conflicts.clone();
        self.pending_merge = Some(PendingMerge {
            theirs,
            baseline,
            base,
        });
        if conflicts.is_empty() {
            self.apply_merge(false);
        } else {
            self.modal = Some(Modal::MergeConflicts { conflicts, changes });
        }
    }

    /// Applies the waiting merge as one undoable change. Where both sides
    /// changed the same thing, mine is kept (and the question is logged),
    /// or theirs when `theirs_win`.
    pub(super) fn apply_merge(&mut self, theirs_win: bool) {
        let Some(pending) = self.pending_merge.take() else {
            return;
        };
        let merged = if theirs_win {
            crate::merge::merge(&pending.base, &pending.theirs, &self.doc.plan)
        } else {
            crate::merge::merge(&pending.base, &self.doc.plan, &pending.theirs)
        };
        let came_in = if theirs_win {
            merged.changes_from_ours
        } else {
            merged.changes_from_theirs
        };
        let conflicts = merged.conflicts.len();
        let file = self.doc.file_label();
        let label = format!("merge {came_in} changes from {file} on disk");
        match self
            .doc
            .apply(Edit::ReplacePlan(Box::new(merged.plan)), &label, None)
        {
            Ok(()) => {
                // The file on disk is now the base: saving replaces it
                // with the merge, without asking again.
                self.doc.disk = self.doc.path.as_deref().and_then(storage::stamp);
                self.doc.baseline = Some(pending.baseline);
                self.doc.base = Some(std::sync::Arc::new(pending.theirs));
                self.disk_notice = None;
                self.kept_mine = None;
                self.banner = Some(Banner {
                    error: false,
                    text: format!(
                        "{came_in} changes from disk merged{}. Undo (Ctrl+Z) takes the merge back; save to keep it.",
                        if conflicts > 0 {
                            format!(
                                "; {conflicts} conflicts kept {} and are open questions in the log",
                                if theirs_win { "theirs" } else { "yours" }
                            )
                        } else {
                            String::new()
                        }
                    ),
                });
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!("The merge could not be applied: {e}"),
                });
            }
        }
    }
}
