//! The app's side of the document's life on disk: what the session
//! ([`crate::session`]) returns is shown as banners and questions; imports
//! are applied here.

use super::*;
use crate::session::{MergeOutcome, SaveOutcome, Step};

/// What the user chose for one conflict of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Mine,
    Theirs,
    /// Keep mine for now and leave an open question in the log: the room
    /// decides (F8 walks to it).
    Ask,
}

impl FerryApp {
    /// Opens a plan file: it is read on a worker thread, with its
    /// progress shown; on failure the current plan stays and the error is
    /// shown.
    pub fn open_path(&mut self, path: &Path) {
        self.session.open_in_background(path);
    }

    /// Takes in the plan being read, once it is.
    pub(super) fn poll_open(&mut self, ctx: &egui::Context) {
        let read = self.session.poll_open();
        self.opened(read);
        if self.session.opening().is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
    }

    /// Waits for the plan being read and shows it (for a caller with no
    /// frames to wait in).
    pub fn wait_for_open(&mut self) {
        let read = self.session.wait_for_open();
        self.opened(read);
    }

    fn opened(&mut self, read: Option<Result<Option<Banner>, Banner>>) {
        match read {
            Some(Ok(notice)) => {
                self.reset_views();
                self.banner = notice;
            }
            Some(Err(notice)) => self.banner = Some(notice),
            None => {}
        }
    }

    /// The plan being read: its progress, and a way to stop waiting.
    pub(super) fn opening_ui(&mut self, ui: &mut Ui) {
        let Some(opening) = self.session.opening() else {
            return;
        };
        let text = opening.describe();
        let fraction = opening.fraction();
        let mut cancel = false;
        ui.add_space(ui.available_height() / 3.0);
        ui.vertical_centered(|ui| {
            ui.heading(text);
            ui.add_space(8.0);
            ui.add(egui::ProgressBar::new(fraction).desired_width(420.0));
            ui.add_space(8.0);
            cancel = ui.button("Cancel").clicked();
        });
        if cancel {
            self.session.cancel_open();
        }
    }

    /// Saves to the plan's file (in the background), or asks where when it
    /// has none. Returns whether the plan is on disk already.
    pub(super) fn save(&mut self, ctx: &egui::Context) -> bool {
        self.save_asked = true;
        let outcome = self.session.save();
        self.saved(outcome, ctx)
    }

    /// Saves to `path` (replacing whatever is there: the user chose it) and
    /// makes it the plan's file.
    pub fn save_to(&mut self, path: &Path, ctx: &egui::Context) -> bool {
        self.save_asked = true;
        let outcome = self.session.save_to(path);
        self.saved(outcome, ctx)
    }

    /// Takes in the end of a save in the background: shows how it went,
    /// and continues with what waited on it (closing, opening another
    /// plan).
    pub(super) fn poll_save(&mut self, ctx: &egui::Context) {
        if let Some(outcome) = self.session.poll_save() {
            let saved = self.saved(outcome, ctx);
            let pending = self.after_save.take();
            if saved && let Some(pending) = pending {
                self.proceed(pending, ctx);
            }
        }
        if self.session.saving() {
            ctx.request_repaint_after(std::time::Duration::from_millis(15));
        }
    }

    /// Shows how a save went; returns whether the plan is on disk.
    fn saved(&mut self, outcome: SaveOutcome, ctx: &egui::Context) -> bool {
        match outcome {
            SaveOutcome::Saved => {
                if self.banner.as_ref().is_some_and(|b| b.error) {
                    self.banner = None;
                }
                // Working live, the saves every two seconds go without a
                // word (the status bar says "saved"); one asked for is said.
                if std::mem::take(&mut self.save_asked) || !self.session.live() {
                    self.toasts
                        .say(format!("Saved {}", self.session.doc.file_label()));
                }
                if let Some(news) = self.session.take_news() {
                    self.banner = Some(news);
                }
                true
            }
            // Not yet: [`FerryApp::poll_save`] says when it is.
            SaveOutcome::Started | SaveOutcome::Queued => false,
            SaveOutcome::NeedsPath => {
                self.ask_save_as(ctx);
                false
            }
            // Working live, someone saved first: their change is merged
            // in by itself, then the plan is saved again.
            SaveOutcome::ChangedOnDisk { undone: None, .. } if self.session.live() => {
                self.after_save = None;
                false
            }
            SaveOutcome::ChangedOnDisk { when, undone } => {
                // What waited on the save waits for the user's answer.
                self.after_save = None;
                self.modal = Some(Modal::Conflict { when, undone });
                false
            }
            SaveOutcome::Failed(notice) => {
                self.after_save = None;
                self.banner = Some(notice);
                false
            }
        }
    }

    pub(super) fn ask_save_as(&mut self, ctx: &egui::Context) {
        let suggested = self.session.doc.suggested_file_name();
        self.dialogs.ask(DialogRequest::SaveAs { suggested }, ctx);
    }

    /// Applies the previewed import as one undoable change.
    pub(super) fn apply_import(&mut self) {
        if self.import_view.kind == import::ImportKind::Dependencies {
            self.apply_dependencies();
            return;
        }
        // What was read moves into the plan rather than being copied (at
        // 100,000 rows, 40 MB and a tenth of a second).
        let parsed = match self.import_view.parsed.take() {
            Some(Ok(parsed)) => parsed,
            other => {
                self.import_view.parsed = other;
                return;
            }
        };
        let workload = Some(self.import_view.workload.trim()).filter(|w| !w.is_empty());
        let (edit, summary) = crate::import::merge_parsed(&self.session.doc.plan, parsed, workload);
        let file = self
            .import_view
            .path
            .as_deref()
            .map(storage::file_name)
            .unwrap_or_default();
        let label = format!(
            "import {} new and {} updated assets from {file}",
            crate::words::thousands(summary.added.len()),
            crate::words::thousands(summary.updated.len())
        );
        match self.session.doc.apply(edit, &label, None) {
            Ok(()) => {
                self.banner = Some(Banner {
                    error: false,
                    text: format!("Imported {file}: {}", summary.headline()),
                });
                self.import_view.reset();
                self.view = View::Assets;
            }
            Err(e) => {
                self.banner = Some(Banner {
                    error: true,
                    text: format!(
                        "The import could not be applied: {e}. The plan is unchanged; choose the file again to retry."
                    ),
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
            crate::import::dependencies::merge(&self.session.doc.plan, connections, &ports);
        let file = self
            .import_view
            .path
            .as_deref()
            .map(storage::file_name)
            .unwrap_or_default();
        let label = format!(
            "Import {} from {file}",
            crate::words::count(summary.added, "dependency")
        );
        match self.session.doc.apply(edit, &label, None) {
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
                        "Imported {file}: {}, {} already known{}",
                        crate::words::count(summary.added, "new dependency"),
                        summary.already,
                        if unknown > 0 {
                            format!(
                                "; {} {} not in the plan: {}",
                                crate::words::count(unknown, "server"),
                                crate::words::noun(unknown, "is"),
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
    pub(super) fn restore_version(&mut self, version: &Path) {
        let notice = self.session.restore_version(version);
        if !notice.error {
            self.view = View::Overview;
        }
        self.banner = Some(notice);
    }

    /// Writes a report of the plan.
    pub fn export_to(&mut self, format: crate::export::ReportFormat, path: &Path) {
        self.banner = Some(self.session.export_to(format, path));
    }

    /// Offers the next recovery copy left by a window that did not end well.
    pub(super) fn offer_next_recovery(&mut self) {
        if let Some((file, recovery, difference)) = self.session.next_recovery() {
            self.modal = Some(Modal::Recover {
                file,
                recovery: Box::new(recovery),
                difference,
            });
        }
    }

    /// Opens a recovered plan: the file as on disk, with the recovered
    /// changes applied as one undoable, unsaved change.
    pub(super) fn recover(&mut self, file: &Path, recovery: storage::recovery::Recovery) {
        let notice = self.session.recover(file, recovery);
        self.reset_views();
        self.banner = Some(notice);
    }

    /// Loads the file as changed elsewhere, as an undoable change (undo
    /// brings back what you had).
    pub(super) fn reload_from_disk(&mut self) {
        match self.session.reload_from_disk() {
            Some(notice) => self.banner = Some(notice),
            // The file loads now: an earlier "could not be loaded" no
            // longer holds.
            None => {
                if self.banner.as_ref().is_some_and(|b| b.error) {
                    self.banner = None;
                }
            }
        }
    }

    /// Merges the plan as changed on disk into mine. A clean merge is
    /// applied at once; conflicts are shown to be decided one by one.
    pub(super) fn merge_from_disk(&mut self) {
        let outcome = self.session.merge_from_disk();
        self.merged(outcome);
    }

    /// Merges another copy of the plan into it, as `ferry resolve` does.
    pub(super) fn merge_copy(&mut self, path: &Path) {
        let outcome = self.session.merge_copy(path);
        self.merged(outcome);
    }

    /// Shows how a merge went: what came in, or the conflicts to decide.
    fn merged(&mut self, outcome: MergeOutcome) {
        match outcome {
            MergeOutcome::Merged(notice) | MergeOutcome::Failed(notice) => {
                self.banner = Some(notice)
            }
            MergeOutcome::Conflicts {
                conflicts,
                changes,
                sides,
            } => self.ask_about_conflicts(conflicts, changes, sides),
        }
    }

    /// The merge dialog, nothing chosen yet.
    fn ask_about_conflicts(
        &mut self,
        conflicts: Vec<crate::merge::Conflict>,
        changes: usize,
        sides: crate::session::Sides,
    ) {
        let choices = vec![None; conflicts.len()];
        self.modal = Some(Modal::MergeConflicts {
            conflicts,
            changes,
            sides,
            choices,
        });
    }

    /// Applies the waiting merge with what was chosen for each conflict:
    /// a side, or the room (mine kept, an open question in the log).
    pub(super) fn apply_merge(
        &mut self,
        conflicts: &[crate::merge::Conflict],
        choices: &[Option<Choice>],
    ) {
        let decisions = conflicts
            .iter()
            .zip(choices)
            .filter(|(c, _)| c.decidable())
            .filter_map(|(c, choice)| match choice {
                Some(Choice::Mine) => Some((c.key(), crate::merge::Side::Ours)),
                Some(Choice::Theirs) => Some((c.key(), crate::merge::Side::Theirs)),
                Some(Choice::Ask) | None => None,
            })
            .collect();
        self.banner = Some(self.session.apply_merge(&decisions));
    }

    /// Keeps the plan in step with its file (live mode; reloading a file
    /// changed elsewhere while nothing is unsaved), and shows what that
    /// did.
    pub(super) fn keep_in_step(&mut self, ctx: &egui::Context) {
        if self.modal.is_some() {
            return;
        }
        let (wait, step) = self.session.keep_in_step(self.now(ctx));
        if let Some(wait) = wait {
            ctx.request_repaint_after(wait);
        }
        match step {
            None => {}
            Some(Step::CameIn(notice)) => {
                // What came in: quietly, in a corner, gone by itself
                // (timed from when it is first seen).
                self.toasts.say(notice.text);
                ctx.request_repaint();
            }
            Some(Step::Conflicts {
                conflicts,
                changes,
                sides,
            }) => self.ask_about_conflicts(conflicts, changes, sides),
            Some(Step::Ask(outcome)) => {
                self.saved(outcome, ctx);
            }
            Some(Step::Failed(notice)) => self.banner = Some(notice),
        }
    }

    /// Turns working live on the open plan on or off (remembered for the
    /// plan).
    pub(super) fn toggle_live(&mut self) {
        let on = !self.session.live();
        self.banner = Some(self.session.set_live(on));
        self.preferences.live_plans = self.session.live_plans.clone();
    }
}
