//! One place where what the user asked for is done: actions from the
//! views, menu and keyboard commands, answers to file dialogs.

use super::*;
use crate::change::Refused;
use crate::session::ChangeError;

impl FerryApp {
    // ------------------------------------------------------------ actions
    pub(super) fn run(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Answer(answer) => self.answered(answer, ctx),
            Action::ReloadFromDisk => self.reload_from_disk(),
            Action::KeepMine(stamp) => self.session.keep_mine(stamp),
            Action::MergeFromDisk => self.merge_from_disk(),
            Action::MergeCopy(path) => self.merge_copy(&path),
            Action::DismissCopy(path) => self.session.dismiss_copy(&path),
            Action::Dialog(request, answer) => match answer {
                DialogAnswer::Picked(path) => self.dialog_answered(request, Some(path), ctx),
                DialogAnswer::Cancelled => self.dialog_answered(request, None, ctx),
                DialogAnswer::Unavailable => {
                    let folder = self
                        .session
                        .doc
                        .path
                        .as_deref()
                        .and_then(Path::parent)
                        .map(Path::to_owned)
                        .or_else(|| std::env::current_dir().ok())
                        .unwrap_or_default();
                    self.typed_path = match request.suggested() {
                        Some(name) => folder.join(name).display().to_string(),
                        None => format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR),
                    };
                    self.modal = Some(Modal::TypePath { request });
                }
            },
            Action::Change { change, merge_key } => {
                let typed = merge_key.is_some();
                match self.session.doc.change(&change, merge_key) {
                    Ok(_) | Err(ChangeError::Refused(Refused::Nothing)) => {}
                    // A keystroke the plan cannot take (a wave's name
                    // typed over another's) is left out; the field shows
                    // the plan again.
                    Err(ChangeError::Refused(_)) if typed => {}
                    Err(e) => {
                        self.banner = Some(Banner {
                            error: true,
                            text: format!("The change could not be made: {e}"),
                        });
                    }
                }
            }
            Action::Seal => {
                self.session.doc.history.seal();
            }
            Action::Go(view) => self.view = view,
            Action::Navigate(subject) => self.navigate(&subject),
            Action::Fix(subject, code) => {
                self.fix(&subject, code, ctx);
                if let Subject::Asset(_) = subject {
                    self.assets_view.focus_for_rule(code);
                }
            }
            Action::Toast(text) => self.toasts.say(text),
            Action::SelectAsset(id) => self.selected_asset = id,
            Action::ShowProblems => self.show_problems = true,
            Action::Command(command) => self.command(command, ctx),
            Action::OpenPath(path) => self.request(Pending::OpenPath(path), ctx),
            Action::PickImportFile => self.dialogs.ask(DialogRequest::Import, ctx),
            Action::ApplyImport => self.apply_import(),
            Action::RestoreVersion(path) => self.restore_version(&path),
            Action::Export(format) => {
                let stem = self.session.doc.suggested_file_name();
                let stem = stem.trim_end_matches(".ron");
                let what = match format {
                    crate::export::ReportFormat::Ics => "calendar",
                    crate::export::ReportFormat::Tasks => "open-work",
                    _ => "report",
                };
                let suggested = format!("{stem}-{what}.{}", format.extension());
                self.dialogs
                    .ask(DialogRequest::Export { format, suggested }, ctx);
            }
            Action::AskRemoveParty(id) => {
                let uses = crate::change::party_usage(&self.session.doc.plan, &id);
                if uses.is_empty() {
                    self.run(
                        Action::Change {
                            change: Box::new(Change::RemoveParty(id)),
                            merge_key: None,
                        },
                        ctx,
                    );
                } else {
                    let name = self.session.doc.plan.party_name(&id).to_owned();
                    self.modal = Some(Modal::RemoveParty { id, name, uses });
                }
            }
        }
    }

    /// Goes to the place in the plan that a problem or blocker is about.
    pub fn navigate(&mut self, subject: &Subject) {
        match subject {
            Subject::Plan => self.view = View::Overview,
            Subject::Party(_) => self.view = View::Parties,
            Subject::Workload(id) | Subject::Activity(id, _) => {
                self.view = View::Workload(id.clone())
            }
            Subject::Asset(id) => {
                // The asset table is not part of presentation.
                self.workshop.presentation = false;
                self.view = View::Assets;
                self.selected_asset = Some(id.clone());
                self.assets_view.reveal(id);
            }
            Subject::Log(_) => self.view = View::Log,
            Subject::Wave(wave) => {
                self.view = View::Waves;
                self.waves_view.open_wave(*wave);
            }
        }
    }

    /// Goes to what fixes a finding of rule `code` about `subject`, and
    /// puts the keyboard on the field that fixes it: the RACI cell of the
    /// activity, the promotion model, the remediation timing, the team
    /// check, the log entry. Presentation stays on for a workload's
    /// fields.
    pub fn fix(&mut self, subject: &Subject, code: &str, ctx: &egui::Context) {
        let plan = &self.session.doc.plan;
        match subject {
            Subject::Activity(id, kind) => {
                self.view = View::Workload(id.clone());
                let Some(workload) = plan.workload(id) else {
                    return;
                };
                // Two Accountables: the keyboard goes to the first of them.
                let party = (code == "multiple-accountable")
                    .then(|| {
                        workload.activity(*kind).and_then(|a| {
                            plan.parties.iter().find(|p| {
                                a.raci.get(&p.id) == Some(&crate::model::Raci::Accountable)
                            })
                        })
                    })
                    .flatten()
                    .map(|p| p.id.clone());
                raci_grid::focus_cell(ctx, plan, workload, party.as_deref(), Some(*kind));
            }
            Subject::Workload(id) => {
                self.view = View::Workload(id.clone());
                if let Some(target) = workload::target_of(code) {
                    // The grid lets go, so the field keeps the keyboard.
                    ctx.memory_mut(|m| {
                        if let Some(f) = m.focused() {
                            m.surrender_focus(f);
                        }
                    });
                    widgets::want_focus(ctx, workload::fix_target(id, target));
                }
            }
            Subject::Log(id) => {
                self.go(View::Log);
                self.log_view.focus_entry(id);
            }
            _ => self.navigate(subject),
        }
    }

    /// Takes a decision about a workload picked in the palette: the
    /// promotion model or the remediation timing (one undo step, said in a
    /// toast), or puts the keyboard on its team check.
    pub(super) fn decide(
        &mut self,
        ctx: &egui::Context,
        id: &str,
        decision: workshop::Decision,
        actions: &mut Actions,
    ) {
        use crate::change::{Change, ChecklistOffer, WorkloadChange, prepare};
        let plan = &self.session.doc.plan;
        let Some(workload) = plan.workload(id) else {
            return;
        };
        let undo = UiCommand::Undo.shortcut_text(ctx);
        // Made as one step, said in a toast named after the step.
        let decide = |actions: &mut Actions, change: WorkloadChange| {
            let change = Change::workload(id, change);
            if let Ok(prepared) = prepare(plan, &change) {
                actions.push(Action::Toast(format!(
                    "{} — {undo} to undo",
                    prepared.label
                )));
                actions.change(change);
            }
        };
        match decision {
            workshop::Decision::PromotionModel(model) => {
                if model == workload.promotion_model {
                    actions.push(Action::Toast(format!(
                        "The promotion model of {} is {} already",
                        workload.name,
                        model.label()
                    )));
                } else {
                    decide(
                        actions,
                        WorkloadChange::PromotionModel(model, ChecklistOffer::Keep),
                    );
                }
            }
            workshop::Decision::RemediationTiming(timing) => {
                if timing == workload.remediation_timing {
                    actions.push(Action::Toast(format!(
                        "The remediation timing of {} is {} already",
                        workload.name,
                        timing.label()
                    )));
                } else {
                    decide(actions, WorkloadChange::RemediationTiming(timing));
                }
            }
            workshop::Decision::TeamCheck => {
                actions.push(Action::Fix(
                    Subject::Workload(id.to_owned()),
                    "remediation-timing-not-shared",
                ));
            }
        }
    }

    /// The workload whose graph "Show dependency graph" shows: the one on
    /// screen, else the selected asset's, else the first.
    fn graph_workload(&self) -> Option<String> {
        if self.view == View::Assets
            && let Some(asset) = self
                .selected_asset
                .as_deref()
                .and_then(|id| self.session.doc.plan.asset(id))
            && let Some(workload) = &asset.workload
        {
            return Some(workload.clone());
        }
        self.current_workload()
    }

    /// Shows a view (leaving presentation mode).
    pub(super) fn go(&mut self, view: View) {
        self.workshop.presentation = false;
        self.view = view;
    }

    /// Runs a menu or keyboard command.
    pub fn command(&mut self, command: UiCommand, ctx: &egui::Context) {
        match command {
            UiCommand::New => self.request(Pending::New, ctx),
            UiCommand::Open => self.request(Pending::Open, ctx),
            UiCommand::Save => {
                self.save(ctx);
            }
            UiCommand::SaveAs => self.ask_save_as(ctx),
            UiCommand::Undo => {
                let redo = UiCommand::Redo.shortcut_text(ctx);
                self.toasts.say(match self.session.doc.undo() {
                    Some(label) => {
                        format!("Undid: {} — {redo} to redo", chrome::lower_first(&label))
                    }
                    None => "Nothing to undo".to_owned(),
                });
                self.tell_what_the_file_holds();
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                let undo = UiCommand::Undo.shortcut_text(ctx);
                self.toasts.say(match self.session.doc.redo() {
                    Some(label) => {
                        format!("Redid: {} — {undo} to undo", chrome::lower_first(&label))
                    }
                    None => "Nothing to redo".to_owned(),
                });
                self.tell_what_the_file_holds();
            }
            UiCommand::Import => {
                self.view = View::Import;
                if !self.import_view.busy() {
                    self.dialogs.ask(DialogRequest::Import, ctx);
                }
            }
            // The new zoom is said once it applies (see `FerryApp::ui`).
            UiCommand::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            UiCommand::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            UiCommand::ZoomReset => ctx.set_zoom_factor(1.0),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::RestoreVersion => {
                if self.session.doc.path.is_some() {
                    self.view = View::Versions;
                } else {
                    self.banner = Some(Banner {
                        error: false,
                        text: "Versions are kept for plans saved to a file: save the plan first."
                            .to_owned(),
                    });
                }
            }
            UiCommand::WorkLive => self.toggle_live(),
            UiCommand::MergeCopy => {
                if self.session.doc.path.is_some() {
                    self.dialogs.ask(DialogRequest::MergeCopy, ctx);
                } else {
                    self.banner = Some(Banner::info(
                        "Save the plan to a file first; then merge other copies of it into it.",
                    ));
                }
            }
            UiCommand::ExportMarkdown
            | UiCommand::ExportHtml
            | UiCommand::ExportCsv
            | UiCommand::ExportIcs
            | UiCommand::ExportTasks => {
                if let Some(format) = command.export_format() {
                    self.run(Action::Export(format), ctx);
                }
            }
            UiCommand::QuickLog => {
                let about = self.current_subject();
                self.workshop.open_quick_log(about, ctx);
            }
            UiCommand::Find => {
                self.workshop.presentation = false;
                self.view = View::Assets;
                self.assets_view.focus_filter = true;
            }
            UiCommand::PlanSettings => self.go(View::Settings),
            UiCommand::SuggestWaves => {
                self.go(View::Waves);
                self.waves_view.open_suggestion();
            }
            UiCommand::TogglePin => self.toggle_pin(ctx),
            UiCommand::RenamePlan => {
                self.go(View::Settings);
                self.settings_view.focus = Some(super::settings::Setting::Name);
            }
            UiCommand::SetBandwidth => {
                self.go(View::Settings);
                self.settings_view.focus = Some(super::settings::Setting::Bandwidth);
            }
            UiCommand::SetWaveLimits => {
                self.go(View::Settings);
                self.settings_view.focus = Some(super::settings::Setting::WaveLimits);
            }
            UiCommand::GoOverview => self.go(View::Overview),
            UiCommand::GoParties => self.go(View::Parties),
            UiCommand::GoAssets => self.go(View::Assets),
            UiCommand::GoLog => self.go(View::Log),
            UiCommand::GoWaves => self.go(View::Waves),
            UiCommand::GoToGrid => {
                let plan = &self.session.doc.plan;
                match self.current_workload().and_then(|id| plan.workload(&id)) {
                    Some(w) if !plan.parties.is_empty() => {
                        self.view = View::Workload(w.id.clone());
                        raci_grid::focus_cell(ctx, plan, w, None, None);
                    }
                    Some(_) => self
                        .toasts
                        .say("No parties yet: add them on the Parties page, then assign them"),
                    None => self.toasts.say("No workload yet: add one first"),
                }
            }
            UiCommand::WaveTimeline => {
                let showing = self.view == View::Waves && self.waves_view.timeline;
                self.go(View::Waves);
                self.waves_view.timeline = !showing;
            }
            // In presentation the graph is shown large, like the workload.
            UiCommand::ShowGraph => match self.graph_workload() {
                Some(id) => self.view = View::Graph(id),
                None => {
                    self.banner = Some(Banner {
                        error: false,
                        text: "No workload yet: add one, then show its dependency graph."
                            .to_owned(),
                    });
                }
            },
            UiCommand::NextGap | UiCommand::PreviousGap => {
                // Where the walk is shows in the status bar (in the
                // footer in presentation), kept up to date as gaps are
                // fixed: nothing moves the page.
                let forward = command == UiCommand::NextGap;
                let on_screen = self.workload_on_screen();
                if let Some(gap) =
                    self.workshop
                        .step_gap(&self.session.doc, forward, on_screen.as_deref())
                {
                    let presenting = self.workshop.presentation;
                    self.fix(&gap.subject, gap.code, ctx);
                    // In a room, stay on the big screen when the gap is
                    // about a workload; go to the asset otherwise.
                    if presenting && !matches!(self.view, View::Workload(_)) {
                        self.workshop.presentation = false;
                    }
                }
            }
            UiCommand::ToggleProblems => self.show_problems = !self.show_problems,
            UiCommand::Presentation => {
                self.workshop.presentation = !self.workshop.presentation;
            }
            UiCommand::Palette | UiCommand::PaletteAlt => {
                self.workshop.palette = Some(workshop::Palette::default());
            }
            UiCommand::Help => self.workshop.help = !self.workshop.help,
            UiCommand::About => self.about.open = true,
        }
    }

    /// Pins the workload on screen (its page, its graph, presentation),
    /// or the card with the keyboard or the pointer on the wave board, to
    /// its wave, or unpins it: one undo step, said in a toast.
    fn toggle_pin(&mut self, ctx: &egui::Context) {
        let id = match &self.view {
            View::Waves if !self.workshop.presentation => {
                self.waves_view.card_in_hand().map(str::to_owned)
            }
            _ => self.workload_on_screen(),
        };
        let plan = &self.session.doc.plan;
        let Some(workload) = id.as_deref().and_then(|id| plan.workload(id)) else {
            self.toasts.say(
                "Pin works on a workload: open its page, or put the keyboard or the pointer on its card on the wave board",
            );
            return;
        };
        let pin = !workload.wave_pinned;
        let wave = workload.wave.trim();
        let undo = UiCommand::Undo.shortcut_text(ctx);
        let said = match (pin, wave.is_empty()) {
            (true, false) => format!("{} is pinned to {wave}", workload.name),
            (true, true) => format!("{} is pinned: in no wave", workload.name),
            (false, _) => format!("{} is no longer pinned", workload.name),
        };
        let change = Change::workload(&workload.id, crate::change::WorkloadChange::Pinned(pin));
        self.toasts.say(format!("{said} — {undo} to undo"));
        self.run(
            Action::Change {
                change: Box::new(change),
                merge_key: None,
            },
            ctx,
        );
    }

    /// After an undo or a redo: says when the file holds changes by
    /// others that the plan no longer has (a merge or reload undone), so a
    /// banner that said "save to keep it" does not stay; clears that once
    /// the step is redone.
    fn tell_what_the_file_holds(&mut self) {
        const UNDONE: &str = "You undid ";
        match self.session.doc.undone_step() {
            Some(step) if !self.banner.as_ref().is_some_and(|b| b.error) => {
                self.banner = Some(Banner {
                    error: false,
                    text: format!(
                        "{UNDONE}\"{step}\": {} still holds those changes by someone else. Saving will ask first (merge, overwrite or save elsewhere); redo (Ctrl+Shift+Z) brings them back.",
                        self.session.doc.file_label()
                    ),
                });
            }
            None if self
                .banner
                .as_ref()
                .is_some_and(|b| b.text.starts_with(UNDONE)) =>
            {
                self.banner = None;
            }
            _ => {}
        }
    }

    /// Does `pending` now, or first asks about unsaved changes.
    pub(super) fn request(&mut self, pending: Pending, ctx: &egui::Context) {
        if self.session.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(pending));
        } else {
            self.proceed(pending, ctx);
        }
    }

    pub(super) fn proceed(&mut self, pending: Pending, ctx: &egui::Context) {
        match pending {
            Pending::New => {
                self.replace_document(Document::new(Plan::named("Untitled plan"), None));
            }
            Pending::Open => self.dialogs.ask(DialogRequest::Open, ctx),
            Pending::OpenPath(path) => self.open_path(&path),
            Pending::Close => {
                self.session.close();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    pub(super) fn replace_document(&mut self, doc: Document) {
        // The old plan was saved or its changes discarded by the user.
        let notice = self.session.replace(doc);
        self.reset_views();
        self.banner = notice;
    }

    /// Back to the overview with nothing selected, for a plan just put in
    /// place.
    pub(super) fn reset_views(&mut self) {
        self.view = View::Overview;
        self.selected_asset = None;
        self.assets_view = assets::AssetsView::default();
        self.workload_view = workload::WorkloadView::default();
        self.waves_view = waves::WavesView::default();
        self.graph_view = graph_view::GraphView::default();
        self.banner = None;
    }

    pub(super) fn dialog_answered(
        &mut self,
        request: DialogRequest,
        path: Option<PathBuf>,
        ctx: &egui::Context,
    ) {
        let pending = self.after_save.take();
        match (request, path) {
            (DialogRequest::Open, Some(path)) => self.open_path(&path),
            (DialogRequest::Import, Some(path)) => {
                self.view = View::Import;
                self.import_view.set_path(path, ctx, &self.csv_mappings);
            }
            (DialogRequest::Export { format, .. }, Some(path)) => self.export_to(format, &path),
            (DialogRequest::MergeCopy, Some(path)) => self.merge_copy(&path),
            (DialogRequest::SaveAs { .. }, Some(path)) => {
                // Whatever waited on the save goes on once it is written.
                self.after_save = pending;
                self.save_to(&path, ctx);
            }
            // Cancelled: whatever waited on the save does not happen.
            _ => {}
        }
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.session.doc.is_dirty()
            && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Pending::Close));
        }
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context, actions: &mut Actions) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            actions.push(Action::OpenPath(path));
        }
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        if hovering {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("ferry-drop"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a plan (.ron) to open it",
                egui::FontId::proportional(28.0),
                egui::Color32::WHITE,
            );
        }
    }

    /// What the user answered to the question on screen.
    pub(super) fn answered(&mut self, answer: Answer, ctx: &egui::Context) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        match (modal, answer) {
            (Modal::Unsaved(pending), Answer::Save) => {
                // Goes on once the plan is written (or after Save as…).
                self.after_save = Some(pending);
                self.save(ctx);
            }
            (Modal::Unsaved(pending), Answer::Discard) => self.proceed(pending, ctx),
            (Modal::Conflict { .. }, Answer::Overwrite) => {
                if let Some(path) = self.session.doc.path.clone() {
                    self.save_to(&path, ctx);
                }
            }
            (Modal::Conflict { .. }, Answer::SaveAs) => self.ask_save_as(ctx),
            (Modal::Conflict { .. }, Answer::Merge) => self.merge_from_disk(),
            (
                Modal::MergeConflicts {
                    conflicts, choices, ..
                },
                Answer::Merge,
            ) => self.apply_merge(&conflicts, &choices),
            (Modal::MergeConflicts { .. }, _) => self.session.cancel_merge(),
            (Modal::Recover { file, recovery, .. }, Answer::Recover) => {
                self.recover(&file, *recovery)
            }
            (Modal::Recover { file, .. }, Answer::Discard) => {
                self.session.discard_recovery(&file);
            }
            (Modal::TypePath { request }, Answer::UsePath) => {
                let typed = PathBuf::from(self.typed_path.trim());
                self.dialog_answered(request, Some(typed), ctx);
            }
            (Modal::TypePath { request }, _) => self.dialog_answered(request, None, ctx),
            (Modal::RemoveParty { id, .. }, Answer::Remove) => {
                self.run(
                    Action::Change {
                        change: Box::new(Change::RemoveParty(id)),
                        merge_key: None,
                    },
                    ctx,
                );
            }
            _ => {}
        }
    }
}
