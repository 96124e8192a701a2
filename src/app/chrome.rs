//! The window around the views: menu bar, status bar, navigation,
//! banners and the questions that guard work.

use super::*;

impl FerryApp {
    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.session.doc.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    // ------------------------------------------------------------ panes
    pub(super) fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let undo = self
            .session
            .doc
            .history
            .undo_label()
            .map(|l| format!("Undo {}", lower_first(l)));
        let redo = self
            .session
            .doc
            .history
            .redo_label()
            .map(|l| format!("Redo {}", lower_first(l)));
        let has_file = self.session.doc.path.is_some();
        egui::MenuBar::new().ui(ui, |ui| {
            // Every item is a command of the one list (`UiCommand::ALL`).
            for &menu in commands::Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for command in menu.commands() {
                        if command == UiCommand::Import {
                            ui.menu_button("Open recent", |ui| {
                                if self.session.recent.is_empty() {
                                    ui.label("No recent plans");
                                }
                                for path in &self.session.recent {
                                    if ui.button(path.display().to_string()).clicked() {
                                        actions.push(Action::OpenPath(path.clone()));
                                    }
                                }
                            });
                            ui.separator();
                        }
                        if command == UiCommand::Quit {
                            ui.separator();
                        }
                        let (label, enabled) = match command {
                            UiCommand::Undo => (
                                undo.clone().unwrap_or_else(|| "Undo".into()),
                                undo.is_some(),
                            ),
                            UiCommand::Redo => (
                                redo.clone().unwrap_or_else(|| "Redo".into()),
                                redo.is_some(),
                            ),
                            UiCommand::RestoreVersion => (command.label().to_owned(), has_file),
                            _ => (command.label().to_owned(), true),
                        };
                        if command.menu_item_labelled(ui, &label, enabled) {
                            actions.push(Action::Command(command));
                        }
                    }
                    if menu == commands::Menu::Help {
                        ui.separator();
                        ui.label(format!("Ferry {}", env!("CARGO_PKG_VERSION")));
                    }
                });
            }
            ui.add_space(16.0);
            if let Some(text) = &undo
                && ui.button(text).on_hover_text("Ctrl+Z").clicked()
            {
                actions.push(Action::Command(UiCommand::Undo));
            }
            if redo.is_some() && ui.button("Redo").on_hover_text("Ctrl+Shift+Z").clicked() {
                actions.push(Action::Command(UiCommand::Redo));
            }
        });
    }

    pub(super) fn status_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        ui.horizontal(|ui| {
            ui.label(self.session.doc.file_label());
            ui.separator();
            use crate::session::FileState;
            let state = self.session.file_state();
            match state {
                FileState::Unsaved | FileState::DiffersFromDisk => {
                    ui.label(RichText::new(state.label()).color(theme::WARN_COLOR));
                }
                _ => {
                    ui.label(state.label());
                }
            }
            ui.separator();
            let d = &self.session.doc.derived;
            use crate::derive::Severity;
            let text = format!(
                "{} errors · {} warnings",
                d.count(Severity::Error),
                d.count(Severity::Warning)
            );
            let color = if d.count(Severity::Error) > 0 {
                theme::severity_color(Severity::Error)
            } else {
                ui.visuals().text_color()
            };
            if ui
                .button(RichText::new(text).color(color))
                .on_hover_text("Show or hide the problems (Ctrl+P)")
                .clicked()
            {
                actions.push(Action::Command(UiCommand::ToggleProblems));
            }
        });
    }

    pub(super) fn navigation_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let plan = &self.session.doc.plan;
        let derived = &self.session.doc.derived;
        ui.add_space(4.0);
        // The fixed places first, so they stay in reach however many
        // workloads the plan has; the workloads scroll below them.
        // Counts here are how many there are; beside a workload, how many
        // blockers it has (each badge says so when pointed at).
        let fixed = [
            (View::Overview, "Overview", (String::new(), String::new())),
            (
                View::Parties,
                "Parties",
                (
                    plan.parties.len().to_string(),
                    format!("{} parties", plan.parties.len()),
                ),
            ),
            (
                View::Assets,
                "Assets",
                (
                    plan.assets.len().to_string(),
                    format!("{} assets", plan.assets.len()),
                ),
            ),
            (
                View::Log,
                "Log",
                (
                    plan.log.len().to_string(),
                    format!("{} log entries", plan.log.len()),
                ),
            ),
            (
                View::Waves,
                "Waves",
                (
                    plan.waves.len().to_string(),
                    format!("{} waves", plan.waves.len()),
                ),
            ),
        ];
        for (view, label, badge) in fixed {
            nav_item(ui, &self.view, view, label, badge, actions);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Workloads ({})", plan.workloads.len())).strong())
                .on_hover_text("Beside each workload: ✔ when done, else how many blockers it has");
            if ui.button("+ Add").on_hover_text("Add a workload").clicked() {
                let (change, id) = crate::change::Change::new_workload(plan, "", Vec::new());
                actions.change(change);
                actions.push(Action::Go(View::Workload(id)));
            }
        });
        let row_height = theme::ROW_HEIGHT + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show_rows(ui, row_height, plan.workloads.len(), |ui, range| {
                let statuses = derived.workloads.get(range.clone()).unwrap_or_default();
                for (w, status) in plan.workloads[range].iter().zip(statuses) {
                    let badge = if status.done {
                        (
                            "✔".to_owned(),
                            "Done: staged and ready for testing".to_owned(),
                        )
                    } else {
                        (
                            format!("⚠ {}", status.blockers.len()),
                            format!(
                                "{} blockers to the definition of done",
                                status.blockers.len()
                            ),
                        )
                    };
                    let name = if w.name.is_empty() {
                        "(unnamed)"
                    } else {
                        &w.name
                    };
                    ui.horizontal(|ui| {
                        ui.add_space(8.0);
                        nav_item(
                            ui,
                            &self.view,
                            View::Workload(w.id.clone()),
                            name,
                            badge,
                            actions,
                        );
                    });
                }
            });
    }

    /// The banner and the notice of a change on disk float at the bottom
    /// right of the pane, over what is there: the page under them never
    /// moves when one comes or goes. `ui` is the pane they float over.
    pub(super) fn notices_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let pane = ui.max_rect();
        let width = (pane.width() - 24.0).clamp(160.0, 560.0);
        // Presentation keeps its last line (the keys) clear.
        let lift = if self.workshop.presentation {
            48.0
        } else {
            0.0
        };
        let mut bottom = egui::pos2(pane.right() - 12.0, pane.bottom() - 12.0 - lift);
        if let Some(height) = self.banner_ui(ui.ctx(), bottom, width) {
            bottom.y -= height + 8.0;
        }
        self.disk_notice_ui(ui.ctx(), bottom, width, actions);
    }

    /// A message floating with its bottom right corner at `corner`; its
    /// height.
    fn floating(
        ctx: &egui::Context,
        id: &str,
        (corner, width): (egui::Pos2, f32),
        fill: egui::Color32,
        add: impl FnOnce(&mut Ui),
    ) -> f32 {
        egui::Area::new(egui::Id::unique(id))
            // Above the page, below drop-downs and dialogs.
            .order(egui::Order::Middle)
            .fixed_pos(corner)
            .pivot(egui::Align2::RIGHT_BOTTOM)
            .show(ctx, |ui| {
                ui.set_max_width(width);
                egui::Frame::new()
                    .fill(fill)
                    .inner_margin(8.0)
                    .corner_radius(4.0)
                    .shadow(ui.visuals().popup_shadow)
                    .show(ui, add);
            })
            .response
            .rect
            .height()
    }

    fn disk_notice_ui(
        &mut self,
        ctx: &egui::Context,
        corner: egui::Pos2,
        width: f32,
        actions: &mut Actions,
    ) {
        let Some(notice) = self.session.disk_notice.clone() else {
            return;
        };
        if let DiskNotice::Changed(stamp) = notice
            && self.session.kept_mine == Some(stamp)
        {
            return;
        }
        let name = self.session.doc.file_label();
        let dirty = self.session.doc.is_dirty();
        Self::floating(
            ctx,
            "ferry-disk-notice",
            (corner, width),
            theme::INFO_BANNER,
            |ui| {
                ui.horizontal_wrapped(|ui| {
                let white = |t: String| RichText::new(t).color(egui::Color32::WHITE);
                match notice {
                    DiskNotice::Changed(stamp) => {
                        let when = stamp.modified.map(crate::model::format_time).unwrap_or_default();
                        ui.label(white(format!("{name} was changed by someone else ({when}).")));
                        if dirty && ui.button("Merge").on_hover_text("Bring their changes into yours; where both changed the same thing you choose; undo takes it back").clicked() {
                            actions.push(Action::MergeFromDisk);
                        }
                        if ui.button("Reload").on_hover_text("Load their version; undo brings back yours").clicked() {
                            actions.push(Action::ReloadFromDisk);
                        }
                        if ui.button("Keep mine").on_hover_text("Keep your version; saving will ask before overwriting theirs").clicked() {
                            actions.push(Action::KeepMine(stamp));
                        }
                    }
                    DiskNotice::Gone => {
                        ui.label(white(format!("{name} was moved or deleted. Your plan is still here: save it to write the file again.")));
                        if ui.button("Save as…").clicked() {
                            actions.push(Action::Command(UiCommand::SaveAs));
                        }
                    }
                }
            });
            },
        );
    }

    /// The banner, if any; its height.
    fn banner_ui(&mut self, ctx: &egui::Context, corner: egui::Pos2, width: f32) -> Option<f32> {
        let banner = self.banner.as_ref()?;
        let fill = if banner.error {
            theme::ERROR_BANNER
        } else {
            theme::INFO_BANNER
        };
        let mut dismiss = false;
        let height = Self::floating(ctx, "ferry-banner", (corner, width), fill, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&banner.text).color(egui::Color32::WHITE));
                if ui.button("Dismiss").clicked() {
                    dismiss = true;
                }
            });
        });
        if dismiss {
            self.banner = None;
        }
        Some(height)
    }

    pub(super) fn modal_ui(&mut self, ctx: &egui::Context, actions: &mut Actions) {
        let Some(modal) = &mut self.modal else {
            return;
        };

        let mut answer = None;
        egui::Modal::new(egui::Id::unique("ferry-modal")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            match modal {
                Modal::Unsaved(pending) => {
                    let what = match pending {
                        Pending::New => "starting a new plan",
                        Pending::Open | Pending::OpenPath(_) => "opening another plan",
                        Pending::Close => "closing Ferry",
                    };
                    ui.heading("Unsaved changes");
                    ui.label(format!(
                        "Save the changes to {} before {what}?",
                        self.session.doc.file_label()
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            answer = Some(Answer::Save);
                        }
                        if ui.button("Don't save").clicked() {
                            answer = Some(Answer::Discard);
                        }
                        if ui.button("Cancel").clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
                Modal::Recover { recovery, difference, .. } => {
                    let name = recovery
                        .original
                        .as_deref()
                        .map_or_else(|| "a plan not saved yet".to_owned(), storage::file_name);
                    ui.heading("Unsaved changes found");
                    ui.label(format!(
                        "Recover the unsaved changes to {name} from {}?",
                        crate::model::format_time(recovery.written())
                    ));
                    ui.label(format!("Compared with the file: {difference}."));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Recover").clicked() {
                            answer = Some(Answer::Recover);
                        }
                        if ui.button("Discard").clicked() {
                            answer = Some(Answer::Discard);
                        }
                    });
                }
                Modal::Conflict { when, undone } => {
                    ui.heading("The file changed on disk");
                    let file = self.session.doc.file_label();
                    ui.label(match undone {
                        Some(step) => format!(
                            "{file} holds changes by someone else ({when}) that your plan no longer has: you undid \"{step}\". Saving now would remove their changes from the file."
                        ),
                        None => format!(
                            "{file} was changed by someone else ({when}) since you opened it. Saving now would replace their changes."
                        ),
                    });
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui
                            .button("Merge")
                            .on_hover_text("Bring their changes into yours first, then save")
                            .clicked()
                        {
                            answer = Some(Answer::Merge);
                        }
                        if ui.button("Overwrite").clicked() {
                            answer = Some(Answer::Overwrite);
                        }
                        if ui.button("Save as…").clicked() {
                            answer = Some(Answer::SaveAs);
                        }
                        if ui.button("Cancel").clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
                Modal::MergeConflicts {
                    conflicts,
                    changes,
                    choices,
                } => {
                    use crate::merge::Side;
                    ui.set_max_width(720.0);
                    ui.heading("Both of you changed the same things");
                    ui.label(format!(
                        "{changes} changes from disk merge cleanly. These {} were changed both here and on disk: choose which to keep, one by one.",
                        conflicts.len()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("All mine").clicked() {
                            choices.iter_mut().for_each(|c| *c = Side::Ours);
                        }
                        if ui.button("All theirs").clicked() {
                            for (c, conflict) in choices.iter_mut().zip(conflicts.iter()) {
                                if conflict.decidable() {
                                    *c = Side::Theirs;
                                }
                            }
                        }
                    });
                    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        egui::Grid::new("merge-conflicts").num_columns(4).striped(true).show(ui, |ui| {
                            ui.label(RichText::new("What").strong());
                            ui.label(RichText::new("Yours").strong());
                            ui.label(RichText::new("On disk").strong());
                            ui.label(RichText::new("Keep").strong());
                            ui.end_row();
                            for (c, choice) in conflicts.iter().zip(choices.iter_mut()) {
                                ui.label(format!("{} › {}", c.subject, c.field));
                                ui.label(c.ours.replace('→', "->"));
                                ui.label(c.theirs.replace('→', "->"));
                                if c.decidable() {
                                    ui.horizontal(|ui| {
                                        ui.radio_value(choice, Side::Ours, "Mine");
                                        ui.radio_value(choice, Side::Theirs, "Theirs");
                                    });
                                } else {
                                    ui.label(format!("{} (the safe side; asked in the log)", c.kept.key()))
                                        .on_hover_text("Taking the other side would leave the plan broken (a deleted item still used, a dependency cycle); it is kept and asked about in the log.");
                                }
                                ui.end_row();
                            }
                        });
                    });
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Apply merge").clicked() {
                            answer = Some(Answer::Merge);
                        }
                        if ui.button("Cancel").clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
                Modal::TypePath { request } => {
                    ui.heading(request.title());
                    ui.label("No file dialog can be shown on this desktop (it has no file-chooser portal). Type the file's path instead:");
                    let r = widgets::text_field(ui, "Path", &mut self.typed_path, 440.0);
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        answer = Some(Answer::UsePath);
                    }
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let ok = !self.typed_path.trim().is_empty();
                        if ui.add_enabled(ok, egui::Button::new("OK")).clicked() {
                            answer = Some(Answer::UsePath);
                        }
                        if ui.button("Cancel").clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
                Modal::RemoveParty { name, uses, .. } => {
                    ui.heading(format!("Remove {name}?"));
                    ui.label(format!("{name} is assigned in {} place(s):", uses.len()));
                    for u in uses.iter().take(12) {
                        ui.label(format!("• {u}"));
                    }
                    if uses.len() > 12 {
                        ui.label(format!("… and {} more", uses.len() - 12));
                    }
                    ui.label("Removing the party clears these assignments. You can undo it.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Remove").clicked() {
                            answer = Some(Answer::Remove);
                        }
                        if ui.button("Cancel").clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
            }
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(Answer::Cancel);
            }
        });
        if let Some(answer) = answer {
            actions.push(Action::Answer(answer));
        }
    }
}

/// "Set workload…" → "set workload…": a label after "Undo".
pub(super) fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The kept versions of the open plan, newest first, each restorable and
/// labelled with when it was written and by whom.
pub(super) fn versions_ui(
    ui: &mut Ui,
    doc: &Document,
    versions: &[crate::storage::versions::KeptVersion],
    shown: &mut Option<(PathBuf, Result<String, String>)>,
    actions: &mut Actions,
) {
    use crate::storage::versions::{Limits, Place};
    widgets::title(ui, "Previous versions");
    let Some(path) = &doc.path else {
        ui.label("Versions are kept for plans saved to a file.");
        return;
    };
    ui.label(format!(
        "Each save of {} keeps the version it replaces (the last {}), in the hidden folder {} beside it, where everyone who can open the plan can restore them. Restoring one is a normal change: you can undo it. See first what it would change.",
        storage::file_name(path),
        Limits::DEFAULT.count,
        crate::storage::versions::HIDDEN_FOLDER,
    ));
    ui.add_space(8.0);
    if versions.is_empty() {
        ui.label("No previous versions yet.");
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false; 2])
        .show(ui, |ui| {
            for version in versions {
                ui.horizontal(|ui| {
                    ui.label(version.label());
                    if version.place == Place::Home {
                        ui.label(RichText::new("(kept on this computer only)").weak());
                    }
                    let open = shown.as_ref().is_some_and(|(p, _)| *p == version.path);
                    if ui
                        .selectable_label(open, "What restoring changes")
                        .clicked()
                    {
                        *shown = if open {
                            None
                        } else {
                            // The changes from the plan as it is now to
                            // the kept version, in words, by name.
                            let changes = storage::load(&version.path)
                                .map(|old| crate::diff::render(&crate::diff::diff(&doc.plan, &old)))
                                .map_err(|e| e.to_string());
                            Some((version.path.clone(), changes))
                        };
                    }
                    if ui.button("Restore").clicked() {
                        actions.push(Action::RestoreVersion(version.path.clone()));
                    }
                });
                if let Some((p, changes)) = shown.as_ref()
                    && *p == version.path
                {
                    egui::Frame::group(ui.style()).show(ui, |ui| match changes {
                        Ok(text) => {
                            let lines: Vec<&str> = text.lines().collect();
                            for line in lines.iter().take(200) {
                                // The arrow is not in every font the app
                                // may have: write it so any font can.
                                ui.label(line.replace('→', "->"));
                            }
                            if lines.len() > 200 {
                                ui.label(format!("… and {} more lines", lines.len() - 200));
                            }
                        }
                        Err(e) => {
                            ui.label(RichText::new(e).color(theme::WARN_COLOR));
                        }
                    });
                }
            }
        });
}

pub(super) fn nav_item(
    ui: &mut Ui,
    current: &View,
    target: View,
    label: &str,
    (badge, meaning): (String, String),
    actions: &mut Actions,
) {
    ui.horizontal(|ui| {
        let selected = *current == target;
        let response =
            ui.add(egui::Button::selectable(selected, label).min_size(egui::vec2(150.0, 26.0)));
        if !badge.is_empty() {
            ui.label(RichText::new(badge).weak()).on_hover_text(meaning);
        }
        if response.clicked() {
            actions.push(Action::Go(target));
        }
    });
}
