//! The window around the views: menu bar, status bar, navigation,
//! banners and the questions that guard work.

use super::*;

/// What the status bar says while the checks run again on a worker.
const REFRESHING_CHECKS: &str = "Refreshing checks…";

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
                    let mut commands = menu.commands().peekable();
                    while let Some(command) = commands.next() {
                        if let Some(submenu) = command.submenu() {
                            // The commands of one submenu follow each other.
                            let mut members = vec![command];
                            while let Some(next) =
                                commands.next_if(|c| c.submenu() == Some(submenu))
                            {
                                members.push(next);
                            }
                            ui.menu_button(submenu, |ui| {
                                for command in members {
                                    if command.menu_item_labelled(ui, command.menu_label(), true) {
                                        actions.push(Action::Command(command));
                                    }
                                }
                            });
                            continue;
                        }
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
                            UiCommand::RestoreVersion | UiCommand::MergeCopy => {
                                (command.label().to_owned(), has_file)
                            }
                            UiCommand::WorkLive => (
                                live_label(self.session.live()),
                                has_file && !self.session.doc.read_only,
                            ),
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
        // Where the walk through the gaps is, on a line of its own, kept
        // up to date as gaps are fixed.
        if let Some(line) = self.workshop.gap_line(&self.session.doc) {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(line).strong())
                    .on_hover_text("F8 next gap, Shift+F8 the one before");
            });
        }
        ui.horizontal(|ui| {
            let doc = &self.session.doc;
            let file = doc.file_label();
            ui.label(&file);
            use crate::session::FileState;
            let state = self.session.file_state();
            // A plan with no file says so once: "unsaved changes" beside
            // "not saved yet" would say it twice.
            let no_file = doc.path.is_none() && !doc.is_example;
            if !(no_file && matches!(state, FileState::NoFile | FileState::Unsaved)) {
                ui.separator();
                match state {
                    FileState::Unsaved | FileState::DiffersFromDisk => {
                        ui.label(
                            RichText::new(state.label()).color(theme::warn_text(ui.visuals())),
                        );
                    }
                    _ => {
                        ui.label(state.label());
                    }
                }
            }
            ui.separator();
            let d = &doc.derived;
            use crate::derive::Severity;
            let text = format!(
                "{} · {}",
                crate::words::count(d.count(Severity::Error), "error"),
                crate::words::count(d.count(Severity::Warning), "warning")
            );
            let color = if d.count(Severity::Error) > 0 {
                theme::error_text(ui.visuals())
            } else {
                ui.visuals().text_color()
            };
            let problems = UiCommand::ToggleProblems.shortcut_text(ui.ctx());
            if ui
                .button(RichText::new(text).color(color))
                .on_hover_text(format!("Show or hide the problems ({problems})"))
                .clicked()
            {
                actions.push(Action::Command(UiCommand::ToggleProblems));
            }
            if doc.refreshing() {
                // A full derive runs on a worker (after an import): the
                // counts are from before it until it is done.
                ui.label(RichText::new(REFRESHING_CHECKS).weak())
                    .on_hover_text(
                        "The checks are being run again over the whole plan; \
                         you can keep working, and the counts update when they are done",
                    );
            }
            ui.separator();
            let zoom = (ui.ctx().zoom_factor() * 100.0).round();
            let reset = UiCommand::ZoomReset.shortcut_text(ui.ctx());
            if ui
                .button(format!("Zoom {zoom} %"))
                .on_hover_text(format!(
                    "Click to go back to 100 % ({reset}); Ctrl+plus and Ctrl+minus zoom"
                ))
                .clicked()
            {
                actions.push(Action::Command(UiCommand::ZoomReset));
            }
            self.together_ui(ui);
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
                    crate::words::count(plan.parties.len(), "party"),
                ),
            ),
            (
                View::Assets,
                "Assets",
                (
                    plan.assets.len().to_string(),
                    crate::words::grouped(plan.assets.len(), "asset"),
                ),
            ),
            (
                View::Log,
                "Log",
                (
                    plan.log.len().to_string(),
                    crate::words::count(plan.log.len(), "log entry"),
                ),
            ),
            (
                View::Waves,
                "Waves",
                (
                    plan.waves.len().to_string(),
                    crate::words::count(plan.waves.len(), "wave"),
                ),
            ),
        ];
        for (view, label, badge) in fixed {
            nav_item(ui, &self.view, view, (label, 0.0), badge, actions);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Workloads ({})", plan.workloads.len())).strong())
                .on_hover_text("Beside each workload: ✔ when done, else how many blockers it has");
            if ui.button("+ Add").on_hover_text("Add a workload").clicked() {
                let (change, id) = crate::change::Change::new_workload(plan, "", Vec::new());
                // Its name takes the keyboard, selected: typing replaces it.
                widgets::want_focus(
                    ui.ctx(),
                    workload::fix_target(&id, workload::FixTarget::Name),
                );
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
                                "{} to the definition of done",
                                crate::words::count(status.blockers.len(), "blocker")
                            ),
                        )
                    };
                    let name = if w.name.is_empty() {
                        "(unnamed)"
                    } else {
                        &w.name
                    };
                    nav_item(
                        ui,
                        &self.view,
                        View::Workload(w.id.clone()),
                        (name, NAV_INDENT),
                        badge,
                        actions,
                    );
                }
            });
    }

    /// The banner, the notice of a change on disk and a sync client's
    /// copy float at the bottom right of the pane, over what is there: the
    /// page under them never moves when one comes or goes. `ui` is the pane they float over.
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
        if let Some(height) = self.disk_notice_ui(ui.ctx(), bottom, width, actions) {
            bottom.y -= height + 8.0;
        }
        if let Some(height) = self.copies_banner_ui(ui.ctx(), bottom, width, actions) {
            bottom.y -= height + 8.0;
        }
        // Toasts go above the notices, never over their buttons.
        self.notices_top = Some(bottom.y);
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
    ) -> Option<f32> {
        let notice = self.session.disk_notice.clone()?;
        if let DiskNotice::Changed(stamp) = notice
            && self.session.kept_mine == Some(stamp)
        {
            return None;
        }
        let name = self.session.doc.file_label();
        let dirty = self.session.doc.is_dirty();
        Some(Self::floating(
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
        ))
    }

    /// A banner for the newest conflicted copy a sync client left beside
    /// the plan: "Bob's conflicted copy, saved at 10:42 UTC" — Merge, Not
    /// now. It floats with the other notices; its height.
    fn copies_banner_ui(
        &mut self,
        ctx: &egui::Context,
        corner: egui::Pos2,
        width: f32,
        actions: &mut Actions,
    ) -> Option<f32> {
        let (named, label) = self.session.copies().first()?;
        let more = self.session.copies().len() - 1;
        let path = named.path.clone();
        let text = format!(
            "{} is beside {}: {} kept both versions when two of you saved at once.{}",
            upper_first(label),
            self.session.doc.file_label(),
            named.client.label(),
            match more {
                0 => String::new(),
                1 => " 1 more copy is there too.".to_owned(),
                k => format!(" {k} more copies are there too."),
            }
        );
        let height = Self::floating(
            ctx,
            "ferry-copies-banner",
            (corner, width),
            theme::INFO_BANNER,
            |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(text).color(egui::Color32::WHITE));
                    if ui
                        .button("Merge")
                        .on_hover_text("Bring the copy's changes into the plan; where both changed the same thing you choose; undo takes it back. Once saved, the copy is moved into ferry-merged-copies.")
                        .clicked()
                    {
                        actions.push(Action::MergeCopy(path.clone()));
                    }
                    if ui.button("Not now").clicked() {
                        actions.push(Action::DismissCopy(path));
                    }
                });
            },
        );
        Some(height)
    }

    /// Who else has the plan open, and whether this window works live: at
    /// the end of the status bar, so the page never moves when someone
    /// comes or goes (cut short when long, whole on hover).
    fn together_ui(&mut self, ui: &mut Ui) {
        let others = self.session.others_text();
        let live = self.session.live();
        if others.is_none() && !live {
            return;
        }
        ui.separator();
        if live {
            ui.label(RichText::new("Working live").color(theme::INFO_BANNER))
                .on_hover_text("Each change is saved within two seconds; what others save comes in by itself (File › Work live on this file turns it off)");
        }
        if let Some(text) = others {
            ui.add(egui::Label::new(RichText::new(&text).weak()).truncate())
                .on_hover_text(text);
        }
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

    /// The question on screen, as a dialog that fits the window at any
    /// zoom. It takes the keyboard: the default answer's button (or the
    /// path field) has it, Enter gives that answer, Tab moves between the
    /// answers, Escape cancels.
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context, actions: &mut Actions) {
        let Some(modal) = &mut self.modal else {
            return;
        };
        let file = self.session.doc.file_label();
        let has_file = self.session.doc.path.is_some();
        let typed_path = &mut self.typed_path;
        let id = egui::Id::unique("ferry-modal");
        // Nothing in the dialog has the keyboard yet: its first field or
        // default answer takes it.
        let take_keys = ctx.memory(|m| m.focused().is_none());
        let default_button = |ui: &mut Ui, text: &str| {
            let r = ui.button(text);
            if take_keys {
                r.request_focus();
            }
            widgets::focus_ring(ui, &r);
            r.clicked()
        };
        let button = |ui: &mut Ui, text: &str| {
            let r = ui.button(text);
            widgets::focus_ring(ui, &r);
            r.clicked()
        };
        let answer: Option<Answer> = match modal {
            Modal::Unsaved(pending) => {
                let what = match pending {
                    Pending::New => "starting a new plan",
                    Pending::Open | Pending::OpenPath(_) => "opening another plan",
                    Pending::Close => "closing Ferry",
                };
                widgets::dialog(
                    ctx,
                    id,
                    "Unsaved changes",
                    480.0,
                    |ui| {
                        ui.label(if has_file {
                            format!("Save the changes to {file} before {what}?")
                        } else {
                            format!("Save this plan to a file before {what}? It has not been saved yet.")
                        });
                    },
                    |ui| {
                        if default_button(ui, "Save") {
                            Some(Answer::Save)
                        } else if button(ui, "Don't save") {
                            Some(Answer::Discard)
                        } else if button(ui, "Cancel") {
                            Some(Answer::Cancel)
                        } else {
                            None
                        }
                    },
                )
                .1
            }
            Modal::Recover {
                recovery,
                difference,
                ..
            } => {
                let name = recovery
                    .original
                    .as_deref()
                    .map_or_else(|| "a plan not saved yet".to_owned(), storage::file_name);
                widgets::dialog(
                    ctx,
                    id,
                    "Unsaved changes found",
                    480.0,
                    |ui| {
                        ui.label(format!(
                            "Recover the unsaved changes to {name} from {}?",
                            crate::model::format_time(recovery.written())
                        ));
                        ui.label(format!("Compared with the file: {difference}."));
                    },
                    |ui| {
                        if default_button(ui, "Recover") {
                            Some(Answer::Recover)
                        } else if button(ui, "Discard") {
                            Some(Answer::Discard)
                        } else {
                            None
                        }
                    },
                )
                .1
            }
            Modal::Conflict { when, undone } => widgets::dialog(
                ctx,
                id,
                "The file changed on disk",
                480.0,
                |ui| {
                    ui.label(match undone {
                        Some(step) => format!(
                            "{file} holds changes by someone else ({when}) that your plan no longer has: you undid \"{step}\". Saving now would remove their changes from the file."
                        ),
                        None => format!(
                            "{file} was changed by someone else ({when}) since you opened it. Saving now would replace their changes."
                        ),
                    });
                },
                |ui| {
                    let merge = ui
                        .button("Merge")
                        .on_hover_text("Bring their changes into yours first, then save");
                    if take_keys {
                        merge.request_focus();
                    }
                    widgets::focus_ring(ui, &merge);
                    if merge.clicked() {
                        Some(Answer::Merge)
                    } else if button(ui, "Overwrite") {
                        Some(Answer::Overwrite)
                    } else if button(ui, "Save as…") {
                        Some(Answer::SaveAs)
                    } else if button(ui, "Cancel") {
                        Some(Answer::Cancel)
                    } else {
                        None
                    }
                },
            )
            .1,
            Modal::MergeConflicts {
                conflicts,
                changes,
                sides,
                choices,
            } => {
                // "Apply merge" waits until every conflict has an answer:
                // the body counts them, the buttons below it read the count.
                let answered = std::cell::Cell::new((0, 0));
                let (_, answer) = widgets::dialog(
                    ctx,
                    id,
                    "Both of you changed the same things",
                    760.0,
                    |ui| answered.set(merge_conflicts_ui(ui, conflicts, *changes, sides, choices)),
                    |ui| {
                        let (answered, decidable) = answered.get();
                        let ready = answered == decidable;
                        let apply = ui
                            .add_enabled(ready, egui::Button::new("Apply merge"))
                            .on_disabled_hover_text(
                                "Choose for each conflict: mine, theirs, or ask the room",
                            );
                        widgets::focus_ring(ui, &apply);
                        let answer = if apply.clicked() {
                            Some(Answer::Merge)
                        } else if button(ui, "Cancel") {
                            Some(Answer::Cancel)
                        } else {
                            None
                        };
                        if !ready {
                            ui.label(format!("{answered} of {decidable} answered"));
                        }
                        answer
                    },
                );
                answer
            }
            Modal::TypePath { request } => {
                let ok = !typed_path.trim().is_empty();
                let (enter, answer) = widgets::dialog(
                    ctx,
                    id,
                    request.title(),
                    520.0,
                    |ui| {
                        ui.label("No file dialog can be shown on this desktop (it has no file-chooser portal). Type the file's path instead:");
                        let width = (ui.available_width() - 60.0).clamp(160.0, 440.0);
                        let r = widgets::text_field(ui, "Path", typed_path, width);
                        if take_keys {
                            r.request_focus();
                        }
                        r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
                    },
                    |ui| {
                        let r = ui.add_enabled(ok, egui::Button::new("OK"));
                        widgets::focus_ring(ui, &r);
                        if r.clicked() {
                            Some(Answer::UsePath)
                        } else if button(ui, "Cancel") {
                            Some(Answer::Cancel)
                        } else {
                            None
                        }
                    },
                );
                answer.or((enter && !typed_path.trim().is_empty()).then_some(Answer::UsePath))
            }
            Modal::RemoveParty { name, uses, .. } => widgets::dialog(
                ctx,
                id,
                &format!("Remove {name}?"),
                480.0,
                |ui| {
                    ui.label(format!(
                        "{name} is assigned in {}:",
                        crate::words::count(uses.len(), "place")
                    ));
                    for u in uses.iter().take(12) {
                        ui.label(format!("• {u}"));
                    }
                    if uses.len() > 12 {
                        ui.label(format!("… and {} more", uses.len() - 12));
                    }
                    ui.label("Removing the party clears these assignments. You can undo it.");
                },
                |ui| {
                    if default_button(ui, "Remove") {
                        Some(Answer::Remove)
                    } else if button(ui, "Cancel") {
                        Some(Answer::Cancel)
                    } else {
                        None
                    }
                },
            )
            .1,
        };
        let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        if let Some(answer) = answer.or(escape.then_some(Answer::Cancel)) {
            actions.push(Action::Answer(answer));
        }
    }
}

/// The File menu's entry for live mode: ticked while on.
fn live_label(on: bool) -> String {
    let label = UiCommand::WorkLive.label();
    if on {
        format!("✔ {label}")
    } else {
        label.to_owned()
    }
}

/// The merge dialog's body: both sides named, one pair of words ("Mine"
/// and theirs' word) everywhere, nothing chosen to start with; each
/// conflict decided or asked of the room. Returns how many conflicts are
/// answered of how many can be: "Apply merge" waits for all of them.
fn merge_conflicts_ui(
    ui: &mut Ui,
    conflicts: &[crate::merge::Conflict],
    changes: usize,
    sides: &crate::session::Sides,
    choices: &mut [Option<super::saving::Choice>],
) -> (usize, usize) {
    use super::saving::Choice;
    let theirs = sides.theirs_word.as_str();
    let n = conflicts.len();
    let clean = match changes {
        0 => "Nothing else came in with it.".to_owned(),
        k => format!(
            "{} {} cleanly.",
            crate::words::count(k, "other change"),
            if k == 1 { "merges" } else { "merge" }
        ),
    };
    ui.label(format!(
        "{} {} changed both here and in {}. Choose what to keep for {}, or ask the room: yours stays meanwhile, and an open question goes into the log (F8 walks to it). {clean}",
        crate::words::count(n, "thing"),
        crate::words::noun(n, "was"),
        sides.theirs,
        if n == 1 { "it" } else { "each" },
    ));
    ui.horizontal_wrapped(|ui| {
        if ui.button("All mine").clicked() {
            for (choice, c) in choices.iter_mut().zip(conflicts) {
                if c.decidable() {
                    *choice = Some(Choice::Mine);
                }
            }
        }
        if ui
            .button(format!("All {}", theirs.to_lowercase()))
            .clicked()
        {
            for (choice, c) in choices.iter_mut().zip(conflicts) {
                if c.decidable() {
                    *choice = Some(Choice::Theirs);
                }
            }
        }
        if ui
            .button("Ask the room about the rest")
            .on_hover_text(
                "Each conflict not decided yet keeps yours and becomes an open question in the log",
            )
            .clicked()
        {
            for (choice, c) in choices.iter_mut().zip(conflicts) {
                if c.decidable() && choice.is_none() {
                    *choice = Some(Choice::Ask);
                }
            }
        }
    });
    // The dialog's body scrolls: the conflicts are not a second scroll
    // area inside it.
    {
        // Long names and values wrap in their column: the table is never
        // wider than the dialog, whatever the zoom.
        let column = ((ui.available_width() - 300.0) / 3.0).max(120.0);
        let cell = |ui: &mut Ui, text: String| {
            ui.allocate_ui(egui::vec2(column, 0.0), |ui| {
                ui.set_max_width(column);
                ui.add(egui::Label::new(text).wrap());
            });
        };
        egui::Grid::new("merge-conflicts")
            .num_columns(4)
            .striped(true)
            .show(ui, |ui| {
                ui.label(RichText::new("What").strong());
                ui.label(RichText::new(&sides.mine).strong());
                ui.label(RichText::new(&sides.theirs).strong());
                ui.label(RichText::new("Keep").strong());
                ui.end_row();
                for (c, choice) in conflicts.iter().zip(choices.iter_mut()) {
                    cell(ui, format!("{} › {}", c.subject, c.field));
                    cell(ui, c.ours.clone());
                    cell(ui, c.theirs.clone());
                    if c.decidable() {
                        ui.horizontal(|ui| {
                            ui.radio_value(choice, Some(Choice::Mine), "Mine");
                            ui.radio_value(choice, Some(Choice::Theirs), theirs);
                            ui.radio_value(choice, Some(Choice::Ask), "Ask the room");
                        });
                    } else {
                        let kept = match c.kept {
                            crate::merge::Side::Ours => "Mine",
                            crate::merge::Side::Theirs => theirs,
                        };
                        ui.label(format!("{kept} (the safe side; asked in the log)"))
                            .on_hover_text("Taking the other side would leave the plan broken (a deleted item still used, a dependency cycle); it is kept and asked about in the log.");
                    }
                    ui.end_row();
                }
            });
    }
    let decidable = conflicts.iter().filter(|c| c.decidable()).count();
    let answered = conflicts
        .iter()
        .zip(choices.iter())
        .filter(|(c, choice)| c.decidable() && choice.is_some())
        .count();
    (answered, decidable)
}

/// "bob's copy" → "Bob's copy": a label at the start of a sentence.
fn upper_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
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
                                ui.label(*line);
                            }
                            if lines.len() > 200 {
                                ui.label(format!("… and {} more lines", lines.len() - 200));
                            }
                        }
                        Err(e) => {
                            ui.label(RichText::new(e).color(theme::warn_text(ui.visuals())));
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
    (label, indent): (&str, f32),
    (badge, meaning): (String, String),
    actions: &mut Actions,
) {
    ui.horizontal(|ui| {
        ui.add_space(indent);
        let selected = *current == target;
        // Every row as wide as the others, a long name cut short (whole on
        // hover): the navigation never widens and moves the page.
        let width = NAV_BUTTON_WIDTH - indent;
        let mut response = ui.add_sized(
            [width, 26.0],
            egui::Button::selectable(selected, label).truncate(),
        );
        let font = egui::TextStyle::Button.resolve(ui.style());
        let text = ui.fonts_mut(|f| {
            f.layout_no_wrap(label.to_owned(), font, egui::Color32::WHITE)
                .size()
                .x
        });
        if text + 2.0 * ui.spacing().button_padding.x > width {
            response = response.on_hover_text(label);
        }
        if !badge.is_empty() {
            ui.label(RichText::new(badge).weak()).on_hover_text(meaning);
        }
        if response.clicked() {
            actions.push(Action::Go(target));
        }
    });
}

/// The width of a place in the navigation, and how far a workload is set
/// in under "Workloads".
const NAV_BUTTON_WIDTH: f32 = 150.0;
const NAV_INDENT: f32 = 8.0;
