//! The eframe app: one window, navigation on the left, the form in the
//! middle, problems on the right. Views read the plan and its derived state
//! and send [`Action`]s; the actions are applied in one place at the end of
//! the frame, changes to the plan through [`crate::change`].

mod about;
mod assets;
mod chrome;
mod command_handling;
pub mod commands;
pub mod dialogs;
mod fonts;
mod graph_view;
pub mod import;
mod log;
mod overview;
mod parties;
mod problems;
pub mod progress;
mod raci_grid;
mod saving;
mod settings;
pub mod theme;
pub mod toast;
mod waves;
mod widgets;
mod workload;
mod workshop;

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::{RichText, Ui};

pub use commands::UiCommand;
pub use dialogs::{DialogAnswer, DialogRequest, FileDialogs, NativeDialogs, ScriptedDialogs};

use crate::change::Change;
use crate::derive::Subject;
use crate::model::Plan;
use crate::storage;

/// Where versions before one preferences struct kept these.
const OLD_RECENT_KEY: &str = "ferry.recent";
const OLD_MAPPINGS_KEY: &str = "ferry.csv_mappings";
/// A message across the top of the middle pane until dismissed.
pub use crate::session::Notice as Banner;
pub use crate::session::{DiskNotice, Document, Session};

/// Where the middle pane is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Overview,
    Parties,
    Waves,
    Workload(String),
    /// The dependency graph of a workload (by id).
    Graph(String),
    Assets,
    Log,
    Import,
    Versions,
    /// The plan's own settings: name, bandwidth, waves, format.
    Settings,
}

/// What a view asks for; applied after the frame is drawn.
#[derive(Clone, Debug)]
pub enum Action {
    /// A change to the plan; with a merge key, a keystroke that joins the
    /// step being typed into the same field.
    Change {
        change: Box<Change>,
        merge_key: Option<String>,
    },
    /// The end of a gesture (a text field lost focus).
    Seal,
    Go(View),
    Navigate(Subject),
    /// Goes to what fixes a finding of this rule (its code) and puts the
    /// keyboard on the field: a RACI cell, a decision, the team check.
    Fix(Subject, &'static str),
    /// Says what just happened, for a few seconds.
    Toast(String),
    SelectAsset(Option<String>),
    /// Opens the problems panel.
    ShowProblems,
    Command(UiCommand),
    OpenPath(PathBuf),
    AskRemoveParty(String),
    PickImportFile,
    ApplyImport,
    Export(crate::export::ReportFormat),
    RestoreVersion(PathBuf),
    /// The answer to the question (modal) on screen.
    Answer(Answer),
    /// Load the plan's file as changed by someone else.
    ReloadFromDisk,
    /// Keep my version over the change on disk with this stamp.
    KeepMine(storage::DiskStamp),
    /// Merge the change on disk into mine (three-way, by id and field).
    MergeFromDisk,
    /// Merge another copy of the plan (a sync client's conflicted copy).
    MergeCopy(PathBuf),
    /// Not now: the banner of this conflicted copy goes.
    DismissCopy(PathBuf),
    /// A file dialog was answered.
    Dialog(DialogRequest, DialogAnswer),
}

/// How the user answered a question that guards work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Save,
    Discard,
    Remove,
    Overwrite,
    SaveAs,
    Recover,
    UsePath,
    Merge,
    Cancel,
}

/// Collects actions while a frame is drawn.
pub struct Actions(Vec<Action>);

impl Actions {
    /// Asks for a change to the plan, as one undo step.
    pub fn change(&mut self, change: Change) {
        self.0.push(Action::Change {
            change: Box::new(change),
            merge_key: None,
        });
    }

    /// A change from typing: consecutive keystrokes in the field with this
    /// key become one undo step.
    pub fn type_change(&mut self, change: Change, key: String) {
        self.0.push(Action::Change {
            change: Box::new(change),
            merge_key: Some(key),
        });
    }

    pub fn push(&mut self, action: Action) {
        self.0.push(action);
    }

    /// Ends the typing gesture when a text field loses focus.
    pub fn seal_on(&mut self, response: &egui::Response) {
        if response.lost_focus() {
            self.0.push(Action::Seal);
        }
    }
}

/// What to do once the unsaved-changes question is answered.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    New,
    Open,
    OpenPath(PathBuf),
    Close,
}

enum Modal {
    Unsaved(Pending),
    /// The file holds changes the plan does not: it changed on disk since
    /// it was read (`when`), or the step that brought them in (`undone`)
    /// was undone.
    Conflict {
        when: String,
        undone: Option<String>,
    },
    /// Unsaved changes from a session that ended without saving.
    Recover {
        file: PathBuf,
        recovery: Box<storage::recovery::Recovery>,
        difference: String,
    },
    RemoveParty {
        id: String,
        name: String,
        uses: Vec<String>,
    },
    /// No file dialog could be shown: the path is typed instead.
    TypePath {
        request: DialogRequest,
    },
    /// A merge with the file on disk (or another copy) found conflicts:
    /// each is listed with both values, named by whose they are, before
    /// anything is applied.
    MergeConflicts {
        conflicts: Vec<crate::merge::Conflict>,
        /// How many of theirs' changes merge cleanly.
        changes: usize,
        sides: crate::session::Sides,
        /// What was chosen for each conflict: nothing to start with.
        choices: Vec<Option<saving::Choice>>,
    },
}

/// The application state.
pub struct FerryApp {
    /// The open plan and its life on disk.
    pub session: Session,
    pub view: View,
    pub selected_asset: Option<String>,
    pub show_problems: bool,
    pub banner: Option<Banner>,
    /// Where the session's clock starts: the window's own clock when
    /// `None` (tests drive it); the wall clock in the real window, whose
    /// frame time stands still while the window is hidden.
    clock: Option<std::time::Instant>,
    modal: Option<Modal>,
    /// The path typed when no file dialog can be shown.
    typed_path: String,
    /// What to continue with once a Save as… dialog is answered.
    after_save: Option<Pending>,
    dialogs: Box<dyn FileDialogs>,
    assets_view: assets::AssetsView,
    workload_view: workload::WorkloadView,
    log_view: log::LogView,
    waves_view: waves::WavesView,
    graph_view: graph_view::GraphView,
    settings_view: settings::SettingsView,
    /// The kept version whose changes are shown, and those changes.
    version_changes: Option<(PathBuf, Result<String, String>)>,
    pub import_view: import::ImportView,
    /// CSV column mappings the user chose, by header row, to offer again.
    pub csv_mappings: std::collections::BTreeMap<String, crate::import::Mapping>,
    title_sent: String,
    allow_close: bool,
    /// Whether the first frame has set up the theme.
    started: bool,
    /// Presentation mode, the palette, help, next gap and the quick log.
    workshop: workshop::Workshop,
    /// What is kept between runs (zoom, presentation).
    pub preferences: Preferences,
    /// Help › About.
    about: about::About,
    /// Short confirmations of what just happened.
    pub toasts: toast::Toasts,
    /// Whether the last frame was in presentation mode: entering it puts
    /// the keyboard on the grid.
    was_presenting: bool,
    /// The height of the bar at the bottom (status or keys), for toasts.
    bottom_bar: f32,
    /// The top of the notices floating in the bottom right corner this
    /// frame (the banner, a change on disk), for toasts to go above.
    notices_top: Option<f32>,
    /// Whether the save under way was asked for (Ctrl+S, Save as…), not
    /// made by working live: only those are confirmed in a toast.
    save_asked: bool,
    /// The overview's progress over time, read on a worker.
    pub progress: progress::ProgressChart,
}

/// What Ferry remembers between runs, apart from the plan: kept with the
/// window's settings, never in the plan file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// The zoom factor (Ctrl+plus/minus/0), for a projector.
    pub zoom: f32,
    /// Whether the app was in presentation mode.
    pub presentation: bool,
    /// Recent plan files, newest first (the File menu).
    pub recent: Vec<PathBuf>,
    /// CSV column mappings the user chose, by header row, to offer again.
    pub csv_mappings: std::collections::BTreeMap<String, crate::import::Mapping>,
    /// The plans worked on live (File › Work live on this file).
    pub live_plans: std::collections::BTreeSet<PathBuf>,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            presentation: false,
            recent: Vec::new(),
            csv_mappings: std::collections::BTreeMap::new(),
            live_plans: std::collections::BTreeSet::new(),
        }
    }
}

impl Preferences {
    /// The preferences kept by the window's settings; those written by
    /// earlier versions under their own keys are read too.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        let Some(storage) = storage else {
            return Self::default();
        };
        let mut preferences: Self = eframe::get_value(storage, PREFERENCES_KEY).unwrap_or_default();
        if preferences.recent.is_empty() {
            preferences.recent = eframe::get_value(storage, OLD_RECENT_KEY).unwrap_or_default();
        }
        if preferences.csv_mappings.is_empty() {
            preferences.csv_mappings =
                eframe::get_value(storage, OLD_MAPPINGS_KEY).unwrap_or_default();
        }
        preferences
    }
}

const PREFERENCES_KEY: &str = "ferry.preferences";

impl FerryApp {
    /// An app showing `doc`, asking file questions through `dialogs`.
    pub fn new(doc: Document, dialogs: Box<dyn FileDialogs>) -> Self {
        Self {
            session: Session::new(doc),
            view: View::Overview,
            selected_asset: None,
            show_problems: false,
            banner: None,
            clock: None,
            modal: None,
            typed_path: String::new(),
            after_save: None,
            dialogs,
            assets_view: assets::AssetsView::default(),
            workload_view: workload::WorkloadView::default(),
            log_view: log::LogView::default(),
            waves_view: waves::WavesView::default(),
            graph_view: graph_view::GraphView::default(),
            settings_view: settings::SettingsView::default(),
            version_changes: None,
            import_view: import::ImportView::default(),
            csv_mappings: std::collections::BTreeMap::new(),
            title_sent: String::new(),
            allow_close: false,
            started: false,
            workshop: workshop::Workshop::default(),
            preferences: Preferences::default(),
            about: about::About::default(),
            toasts: toast::Toasts::default(),
            was_presenting: false,
            bottom_bar: 0.0,
            notices_top: None,
            save_asked: false,
            progress: progress::ProgressChart::default(),
        }
    }

    /// Where the walk through the gaps is ("Gap 3 of 12: …"), kept up to
    /// date; `None` before the first "next gap".
    pub fn gap_line(&mut self) -> Option<String> {
        self.workshop.gap_line(&self.session.doc)
    }

    /// Whether presentation mode is on.
    pub fn presenting(&self) -> bool {
        self.workshop.presentation
    }

    /// Whether an overlay (palette, help, quick log) or a question is open.
    fn overlay_open(&self) -> bool {
        self.modal.is_some()
            || self.workshop.palette.is_some()
            || self.workshop.help
            || self.workshop.quick_log.is_some()
            || self.about.open
    }

    /// The workload on screen, or the first one: what presentation shows.
    fn current_workload(&self) -> Option<String> {
        match &self.view {
            View::Workload(id) | View::Graph(id) => Some(id.clone()),
            _ => self
                .session
                .doc
                .plan
                .workloads
                .first()
                .map(|w| w.id.clone()),
        }
    }

    /// The workload the screen shows (its page, its graph, or
    /// presentation), whose decisions the palette offers.
    fn workload_on_screen(&self) -> Option<String> {
        match &self.view {
            View::Workload(id) | View::Graph(id) => Some(id.clone()),
            _ if self.workshop.presentation => self.current_workload(),
            _ => None,
        }
    }

    /// What the screen is about, for a quick log entry.
    fn current_subject(&self) -> Option<String> {
        match &self.view {
            View::Workload(id) | View::Graph(id) => Some(id.clone()),
            _ if self.workshop.presentation => self.current_workload(),
            View::Assets => self.selected_asset.clone(),
            _ => None,
        }
    }

    /// Starts keeping backups, recovery copies and locks in `data_dir`
    /// (see [`Session::start`]).
    pub fn start(&mut self, data_dir: Option<PathBuf>) {
        if let Some(notice) = self.session.start(data_dir) {
            self.banner = Some(notice);
        }
    }

    /// The app as `ferry [FILE]` starts it: FILE, else the last plan, else
    /// the example. A file that fails to load is reported in the app.
    pub fn starting_with(
        file: Option<PathBuf>,
        recent: Vec<PathBuf>,
        dialogs: Box<dyn FileDialogs>,
    ) -> Self {
        let mut app = Self::new(Document::example(), dialogs);
        app.session.recent = recent;
        match file {
            Some(path) => app.open_path(&path),
            // The last plan, if it is still there; the example otherwise.
            None => {
                if let Some(last) = app.session.recent.first().cloned()
                    && last.is_file()
                {
                    app.open_path(&last);
                }
            }
        }
        app
    }

    /// One frame: the work that goes on behind the window
    /// ([`FerryApp::logic`]), then the window drawn and what the user did
    /// applied ([`FerryApp::draw`]).
    pub fn ui(&mut self, ui: &mut Ui) {
        self.logic(ui.ctx());
        self.draw(ui);
    }

    /// The work that goes on whether or not the window is shown — a
    /// window behind another, or minimised, still saves a live plan within
    /// two seconds and takes in what others saved: the file watched, the
    /// presence beside it, a plan being read, a save finishing, live
    /// mode, the checks refreshed, the recovery copy. Draws nothing.
    pub fn logic(&mut self, ctx: &egui::Context) {
        // A window that has the keyboard but is covered (an always-on-top
        // window over it, or no window manager to raise it) is still
        // drawn: the keys typed into it would otherwise be dropped.
        let (keyboard, hidden) =
            ctx.input(|i| (i.raw.focused, i.viewport().visible() == Some(false)));
        if keyboard && hidden {
            ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaintWhileHidden);
        }
        if let Some(wait) = self.session.check_disk(self.now(ctx)) {
            ctx.request_repaint_after(wait);
        }
        self.session.look_beside(std::time::SystemTime::now());
        if self
            .banner
            .as_ref()
            .is_some_and(|b| self.session.presence_notice_outdated(b))
        {
            self.banner = None;
        }
        self.poll_open(ctx);
        // A change on disk comes in before the frame shows it.
        self.keep_up(ctx);
    }

    /// Saves finished, live mode kept in step, the checks refreshed and
    /// the recovery copy written when due.
    fn keep_up(&mut self, ctx: &egui::Context) {
        self.poll_save(ctx);
        self.keep_in_step(ctx);
        self.session.doc.refresh();
        if self.session.doc.refreshing() {
            // The checks are derived again on a worker thread: the next
            // frames look for the result.
            ctx.request_repaint_after(Duration::from_millis(50));
        }
        let (wait, notice) = self.session.autosave(self.now(ctx));
        if let Some(wait) = wait {
            ctx.request_repaint_after(wait);
        }
        if notice.is_some() {
            self.banner = notice;
        }
    }

    /// Times the session's work by the wall clock, as the real window
    /// must: its frame time stands still while it is hidden.
    pub fn use_wall_clock(&mut self) {
        self.clock = Some(std::time::Instant::now());
    }

    /// The session's time in seconds (see the `clock` field).
    fn now(&self, ctx: &egui::Context) -> f64 {
        match self.clock {
            Some(start) => start.elapsed().as_secs_f64(),
            None => ctx.input(|i| i.time),
        }
    }

    /// Draws one frame and applies what the user did.
    pub fn draw(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let starting = !self.started;
        if !self.started {
            fonts::install(&ctx);
            theme::apply(&ctx);
            if (self.preferences.zoom - 1.0).abs() > f32::EPSILON {
                ctx.set_zoom_factor(self.preferences.zoom.clamp(0.5, 4.0));
            }
            self.workshop.presentation = self.preferences.presentation;
            self.started = true;
        }
        let mut actions = Actions(Vec::new());

        if self.modal.is_none()
            && let Some(command) = UiCommand::pressed(&ctx)
        {
            actions.push(Action::Command(command));
        }
        // Escape leaves the graph for its workload (in presentation too:
        // a second Escape leaves presentation).
        if let View::Graph(id) = &self.view
            && !self.overlay_open()
            && !ctx.text_edit_focused()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.view = View::Workload(id.clone());
        }
        if self.workshop.presentation
            && !self.overlay_open()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.workshop.presentation = false;
        }
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx, &mut actions);
        if let Some((request, answer)) = self.dialogs.poll() {
            actions.push(Action::Dialog(request, answer));
        }
        if let Some((signature, mapping)) = self.import_view.poll(&ctx, &self.csv_mappings) {
            self.csv_mappings.insert(signature, mapping);
        }

        if self.session.opening().is_some() {
            // A plan is being read: its progress, nothing to edit meanwhile.
            egui::CentralPanel::default().show(ui, |ui| self.opening_ui(ui));
        } else if self.workshop.presentation {
            let workload = self.current_workload();
            let keys = !self.overlay_open();
            if !self.was_presenting
                && keys
                && let Some(w) = workload
                    .as_deref()
                    .and_then(|id| self.session.doc.plan.workload(id))
            {
                // The room sees the grid with the keyboard on its first
                // cell (or where it was left).
                raci_grid::focus_cell(&ctx, &self.session.doc.plan, w, None, None);
            }
            let gap_line = self.workshop.gap_line(&self.session.doc);
            egui::CentralPanel::default().show(ui, |ui| {
                self.notices_ui(ui, &mut actions);
                if let View::Graph(id) = &self.view {
                    self.graph_view
                        .ui(ui, &self.session.doc, id, keys, &mut actions);
                    return;
                }
                workshop::presentation_ui(
                    ui,
                    &self.session.doc,
                    workload.as_deref(),
                    gap_line,
                    keys,
                    &mut actions,
                );
            });
            self.bottom_bar = 64.0;
        } else {
            self.panels_ui(ui, &mut actions);
            if self.show_problems
                && !self.overlay_open()
                && !ctx.egui_wants_keyboard_input()
                && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
            {
                self.show_problems = false;
            }
        }
        self.was_presenting = self.workshop.presentation;
        self.overlays_ui(&ctx, &mut actions);
        self.modal_ui(&ctx, &mut actions);

        for action in actions.0 {
            self.run(action, &ctx);
        }
        // What the actions started is taken up at once, not a frame later.
        self.keep_up(&ctx);
        if self.modal.is_none() {
            self.offer_next_recovery();
        }
        let zoom = ctx.zoom_factor();
        if !starting && (zoom - self.preferences.zoom).abs() > 0.001 {
            // Said however it changed: a key, the menu, the status bar.
            let reset = UiCommand::ZoomReset.shortcut_text(&ctx);
            self.toasts.replace(
                "zoom",
                format!("Zoom {} % — {reset} resets it", (zoom * 100.0).round()),
            );
        }
        self.preferences.zoom = zoom;
        self.preferences.presentation = self.workshop.presentation;
        self.update_title(&ctx);
        let bottom_gap = match self.notices_top.take() {
            Some(top) => (ctx.content_rect().bottom() - top).max(self.bottom_bar),
            None => self.bottom_bar,
        };
        self.toasts.ui(&ctx, bottom_gap);
    }

    /// The palette, the help overlay and the quick log, over any view.
    fn overlays_ui(&mut self, ctx: &egui::Context, actions: &mut Actions) {
        let current = self.workload_on_screen();
        if let Some(entry) = self
            .workshop
            .palette_ui(ctx, &self.session.doc, current.as_deref())
        {
            match entry {
                workshop::Entry::Command(command) => actions.push(Action::Command(command)),
                workshop::Entry::Go(subject, _) => actions.push(Action::Navigate(subject)),
                workshop::Entry::Decide(workload, decision, _) => {
                    self.decide(ctx, &workload, decision, actions);
                }
            }
        }
        self.workshop.help_ui(ctx);
        self.workshop
            .quick_log_ui(ctx, &self.session.doc.plan, actions);
        self.about.ui(
            ctx,
            self.session.data_dir.as_deref(),
            self.session.doc.path.as_deref(),
        );
    }

    /// The normal window: menu, status bar, navigation, problems and the
    /// current view.
    fn panels_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let actions_ref = actions;
        let mut actions = Actions(std::mem::take(&mut actions_ref.0));
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        self.bottom_bar = egui::Panel::bottom("status")
            .show(ui, |ui| self.status_ui(ui, &mut actions))
            .response
            .rect
            .height();
        egui::Panel::left("navigation")
            .resizable(true)
            .default_size(theme::NAV_WIDTH)
            .show(ui, |ui| self.navigation_ui(ui, &mut actions));
        if self.show_problems {
            // A third of a narrow (or zoomed) window at most to start with.
            let width = ui.available_width();
            egui::Panel::right("problems")
                .resizable(true)
                .default_size(theme::PROBLEMS_WIDTH.min(width * 0.3))
                .max_size(width * 0.45)
                .show(ui, |ui| {
                    problems::ui(
                        ui,
                        &self.session.doc.plan,
                        &self.session.doc.derived,
                        &mut actions,
                    )
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.notices_ui(ui, &mut actions);
            self.view_ui(ui, &mut actions);
        });
        actions_ref.0 = actions.0;
    }

    fn view_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let keys = !self.overlay_open();
        let doc = &self.session.doc;
        match &self.view {
            View::Overview => {
                let seen = doc.disk().and_then(|d| d.baseline.hash);
                let file = doc.path.as_deref().map(|p| (p, seen));
                let data_dir = self.session.data_dir.as_deref();
                let chart = &mut self.progress;
                let known = || doc.known_on_disk();
                let progress = |ui: &mut Ui| {
                    egui::CollapsingHeader::new("Progress over time")
                        .default_open(true)
                        .show(ui, |ui| chart.ui(ui, file, data_dir, known));
                };
                overview::ui(ui, &doc.plan, &doc.derived, progress, actions)
            }
            View::Parties => parties::ui(ui, &doc.plan, actions),
            View::Workload(id) => {
                let id = id.clone();
                self.workload_view.ui(
                    ui,
                    (&doc.plan, &doc.derived, doc.revision),
                    (&id, keys),
                    actions,
                );
            }
            View::Graph(id) => self.graph_view.ui(ui, doc, id, keys, actions),
            View::Assets => {
                self.assets_view
                    .ui(ui, doc, self.selected_asset.as_deref(), keys, actions)
            }
            View::Log => self.log_view.ui(ui, &doc.plan, actions),
            View::Waves => self.waves_view.ui(
                ui,
                (
                    &doc.plan,
                    &doc.derived,
                    (doc.revision, doc.derived_revision()),
                ),
                keys,
                actions,
            ),
            View::Import => {
                self.import_view
                    .ui(ui, &doc.plan, doc.revision, &self.csv_mappings, actions)
            }
            View::Settings => self.settings_view.ui(ui, &doc.plan, actions),
            View::Versions => chrome::versions_ui(
                ui,
                doc,
                &self.session.kept_versions(),
                &mut self.version_changes,
                actions,
            ),
        }
    }
}

impl eframe::App for FerryApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        FerryApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        // eframe has just called `logic`.
        self.draw(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A save or a recovery copy being written is finished, not cut off.
        self.session.wait_for_save();
        self.session.wait_for_recovery_copy();
        // The others see at once that this window closed.
        self.session.leave();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.preferences.recent = self.session.recent.clone();
        self.preferences.csv_mappings = self.csv_mappings.clone();
        self.preferences.live_plans = self.session.live_plans.clone();
        eframe::set_value(storage, PREFERENCES_KEY, &self.preferences);
    }
}

/// Opens the app window.
pub fn run(file: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Ferry")
            // The desktop entry's name (ferry.desktop): Wayland and X11
            // (WM_CLASS) group the window under it.
            .with_app_id("ferry")
            .with_icon(about::window_icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Ferry",
        options,
        Box::new(move |cc| {
            let preferences = Preferences::load(cc.storage);
            let mut app = FerryApp::starting_with(
                file,
                preferences.recent.clone(),
                Box::new(NativeDialogs::default()),
            );
            app.csv_mappings = preferences.csv_mappings.clone();
            // Before the plan being read is in place: it may work live.
            app.session.live_plans = preferences.live_plans.clone();
            app.preferences = preferences;
            app.start(eframe::storage_dir("ferry"));
            app.use_wall_clock();
            // The plan's file is watched on a thread that asks for a frame
            // only when it changed: an idle window draws nothing.
            let ctx = cc.egui_ctx.clone();
            app.session.watch_disk(move || ctx.request_repaint());
            Ok(Box::new(app))
        }),
    )
}
