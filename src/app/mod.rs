//! The eframe app: one window, navigation on the left, the form in the
//! middle, problems on the right. Views read the plan and its derived state
//! and send [`Action`]s; the actions are applied in one place at the end of
//! the frame, edits through [`crate::edit`].

mod assets;
mod chrome;
mod command_handling;
pub mod commands;
pub mod dialogs;
mod graph_view;
pub mod import;
mod log;
mod overview;
mod parties;
mod problems;
mod saving;
pub mod theme;
mod waves;
mod widgets;
mod workload;
mod workshop;

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

pub use commands::UiCommand;
pub use dialogs::{DialogAnswer, DialogRequest, FileDialogs, NativeDialogs, ScriptedDialogs};

use crate::derive::{Derived, Subject, derive};
use crate::edit::{Edit, EditError, History};
use crate::model::Plan;
use crate::storage;

/// How many recent files the File menu keeps.
const RECENT_MAX: usize = 8;
const RECENT_KEY: &str = "ferry.recent";
const MAPPINGS_KEY: &str = "ferry.csv_mappings";
/// How many previous versions of each plan are kept.
pub const BACKUPS_KEPT: usize = 10;

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
    pub base: Option<std::sync::Arc<Plan>>,
    stale: bool,
}

impl Document {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        Self {
            derived: derive(&plan),
            plan,
            path,
            history: History::default(),
            revision: 0,
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
            base: Some(std::sync::Arc::new(plan.clone())),
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

    /// Applies an edit as one undoable step; derived state follows at the
    /// end of the frame ([`Document::refresh`]).
    pub fn apply(
        &mut self,
        edit: Edit,
        label: &str,
        merge_key: Option<String>,
    ) -> Result<(), EditError> {
        self.history.apply(&mut self.plan, edit, label, merge_key)?;
        self.changed();
        Ok(())
    }

    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.plan)?;
        self.changed();
        Some(label)
    }

    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.plan)?;
        self.changed();
        Some(label)
    }

    /// Notes a change; derived state is recomputed once, at the end of the
    /// frame, however many edits the frame made.
    fn changed(&mut self) {
        self.revision += 1;
        self.stale = true;
    }

    /// Recomputes derived state if the plan changed since the last time.
    pub fn refresh(&mut self) {
        if self.stale {
            self.derived = derive(&self.plan);
            self.stale = false;
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
    fn suggested_file_name(&self) -> String {
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
}

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
}

/// What a view asks for; applied after the frame is drawn.
#[derive(Clone, Debug)]
pub enum Action {
    Edit {
        edit: Box<Edit>,
        label: String,
        merge_key: Option<String>,
    },
    /// The end of a gesture (a text field lost focus).
    Seal,
    Go(View),
    Navigate(Subject),
    SelectAsset(Option<String>),
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
    /// Apply the merge waiting in the conflicts question, keeping mine
    /// (`false`) or theirs (`true`) where both changed the same thing.
    ApplyMerge {
        theirs_win: bool,
    },
}

/// A merge with the plan on disk, waiting for the user's word.
pub struct PendingMerge {
    theirs: Plan,
    baseline: storage::Baseline,
    base: Plan,
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
    pub fn edit(&mut self, edit: Edit, label: impl Into<String>) {
        self.0.push(Action::Edit {
            edit: Box::new(edit),
            label: label.into(),
            merge_key: None,
        });
    }

    /// An edit from typing: consecutive keystrokes in the field with this
    /// key become one undo step.
    pub fn type_edit(&mut self, edit: Edit, label: impl Into<String>, key: String) {
        self.0.push(Action::Edit {
            edit: Box::new(edit),
            label: label.into(),
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
    /// The file changed on disk since it was read; `when` it changed.
    Conflict {
        when: String,
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
    /// A merge with the file on disk found conflicts: each is listed
    /// with both values before anything is applied.
    MergeConflicts {
        conflicts: Vec<crate::merge::Conflict>,
        changes: usize,
    },
}

/// A message across the top of the middle pane until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    pub error: bool,
    pub text: String,
}

/// The application state.
pub struct FerryApp {
    pub doc: Document,
    pub view: View,
    pub selected_asset: Option<String>,
    pub show_problems: bool,
    pub banner: Option<Banner>,
    pub recent: Vec<PathBuf>,
    modal: Option<Modal>,
    /// The path typed when no file dialog can be shown.
    typed_path: String,
    /// A merge with the disk waiting for the user's word on its
    /// conflicts: their plan, its baseline, and the base.
    pending_merge: Option<PendingMerge>,
    /// What to continue with once a Save as… dialog is answered.
    after_save: Option<Pending>,
    dialogs: Box<dyn FileDialogs>,
    assets_view: assets::AssetsView,
    workload_view: workload::WorkloadView,
    log_view: log::LogView,
    waves_view: waves::WavesView,
    graph_view: graph_view::GraphView,
    /// The kept version whose changes are shown, and those changes.
    version_changes: Option<(PathBuf, Result<String, String>)>,
    pub import_view: import::ImportView,
    /// CSV column mappings the user chose, by header row, to offer again.
    pub csv_mappings: std::collections::BTreeMap<String, crate::import::Mapping>,
    title_sent: String,
    allow_close: bool,
    /// Whether the first frame has set up the theme.
    started: bool,
    /// The user's data folder for Ferry (backups, recovery copies); `None`
    /// keeps nothing.
    pub data_dir: Option<PathBuf>,
    /// A change to the plan's file made elsewhere, shown until answered.
    pub disk_notice: Option<DiskNotice>,
    /// How often the plan's file is looked at for changes made elsewhere.
    pub disk_check_seconds: f64,
    last_disk_check: f64,
    /// The change on disk the user chose to keep their version over.
    kept_mine: Option<storage::DiskStamp>,
    /// How long unsaved changes may wait before a recovery copy is written.
    pub autosave_seconds: f64,
    unsaved_since: Option<f64>,
    autosaved_revision: Option<u64>,
    /// Recovery copies found at start, still to be offered.
    recoveries: Vec<(PathBuf, storage::recovery::Recovery)>,
    /// Presentation mode, the palette, help, next gap and the quick log.
    workshop: workshop::Workshop,
    /// What is kept between runs (zoom, presentation).
    pub preferences: Preferences,
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
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            presentation: false,
        }
    }
}

const PREFERENCES_KEY: &str = "ferry.preferences";

/// What happened to the open plan's file behind Ferry's back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskNotice {
    /// Changed on disk; the stamp it has now.
    Changed(storage::DiskStamp),
    /// Moved or deleted.
    Gone,
}

impl FerryApp {
    /// An app showing `doc`, asking file questions through `dialogs`.
    pub fn new(doc: Document, dialogs: Box<dyn FileDialogs>) -> Self {
        Self {
            doc,
            view: View::Overview,
            selected_asset: None,
            show_problems: false,
            banner: None,
            recent: Vec::new(),
            modal: None,
            typed_path: String::new(),
            pending_merge: None,
            after_save: None,
            dialogs,
            assets_view: assets::AssetsView::default(),
            workload_view: workload::WorkloadView::default(),
            log_view: log::LogView::default(),
            waves_view: waves::WavesView::default(),
            graph_view: graph_view::GraphView::default(),
            version_changes: None,
            import_view: import::ImportView::default(),
            csv_mappings: std::collections::BTreeMap::new(),
            title_sent: String::new(),
            allow_close: false,
            started: false,
            data_dir: None,
            disk_notice: None,
            disk_check_seconds: 2.0,
            last_disk_check: f64::NEG_INFINITY,
            kept_mine: None,
            autosave_seconds: 20.0,
            unsaved_since: None,
            autosaved_revision: None,
            recoveries: Vec::new(),
            workshop: workshop::Workshop::default(),
            preferences: Preferences::default(),
        }
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
    }

    /// The workload on screen, or the first one: what presentation shows.
    fn current_workload(&self) -> Option<String> {
        match &self.view {
            View::Workload(id) | View::Graph(id) => Some(id.clone()),
            _ => self.doc.plan.workloads.first().map(|w| w.id.clone()),
        }
    }

    /// What the screen is about, for a quick log entry.
    fn current_subject(&self) -> Option<String> {
        match &self.view {
            View::Workload(id) | View::Graph(id) => Some(id.clone()),
            View::Assets => self.selected_asset.clone(),
            _ => None,
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
        app.recent = recent;
        match file {
            Some(path) => app.open_path(&path),
            None => {
                if let Some(last) = app.recent.first().cloned()
                    && let Ok((plan, baseline)) = storage::load_with_baseline(&last)
                {
                    app.doc = Document::from_file(plan, &last, baseline);
                }
            }
        }
        app
    }

    /// Draws one frame and applies what the user did.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.started {
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
        self.check_disk(&ctx);
        self.handle_dropped_files(&ctx, &mut actions);
        if let Some((request, answer)) = self.dialogs.poll() {
            match answer {
                DialogAnswer::Picked(path) => self.dialog_answered(request, Some(path), &ctx),
                DialogAnswer::Cancelled => self.dialog_answered(request, None, &ctx),
                DialogAnswer::Unavailable => {
                    let folder = self
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
            }
        }
        if let Some((signature, mapping)) = self.import_view.poll(&ctx, &self.csv_mappings) {
            self.csv_mappings.insert(signature, mapping);
        }

        if self.workshop.presentation {
            let workload = self.current_workload();
            let gap_text = self.workshop.gap_text();
            let keys = !self.overlay_open();
            egui::CentralPanel::default().show(ui, |ui| {
                self.banner_ui(ui);
                if let View::Graph(id) = &self.view {
                    self.graph_view.ui(ui, &self.doc, id, keys, &mut actions);
                    return;
                }
                workshop::presentation_ui(
                    ui,
                    &self.doc,
                    workload.as_deref(),
                    gap_text,
                    &mut actions,
                );
            });
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
        self.overlays_ui(&ctx, &mut actions);
        self.modal_ui(&ctx, &mut actions);

        for action in actions.0 {
            self.run(action, &ctx);
        }
        self.doc.refresh();
        self.autosave(&ctx);
        if self.modal.is_none() {
            self.offer_next_recovery();
        }
        self.preferences.zoom = ctx.zoom_factor();
        self.preferences.presentation = self.workshop.presentation;
        self.update_title(&ctx);
    }

    /// The palette, the help overlay and the quick log, over any view.
    fn overlays_ui(&mut self, ctx: &egui::Context, actions: &mut Actions) {
        if let Some(entry) = self.workshop.palette_ui(ctx, &self.doc) {
            match entry {
                workshop::Entry::Command(command) => actions.push(Action::Command(command)),
                workshop::Entry::Go(subject, _) => actions.push(Action::Navigate(subject)),
            }
        }
        self.workshop.help_ui(ctx);
        self.workshop.quick_log_ui(ctx, &self.doc.plan, actions);
    }

    /// The normal window: menu, status bar, navigation, problems and the
    /// current view.
    fn panels_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let actions_ref = actions;
        let mut actions = Actions(std::mem::take(&mut actions_ref.0));
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut actions));
        egui::Panel::left("navigation")
            .resizable(true)
            .default_size(theme::NAV_WIDTH)
            .show(ui, |ui| self.navigation_ui(ui, &mut actions));
        if self.show_problems {
            egui::Panel::right("problems")
                .resizable(true)
                .default_size(theme::PROBLEMS_WIDTH)
                .show(ui, |ui| {
                    problems::ui(ui, &self.doc.plan, &self.doc.derived, &mut actions)
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.banner_ui(ui);
            self.disk_notice_ui(ui, &mut actions);
            self.view_ui(ui, &mut actions);
        });
        actions_ref.0 = actions.0;
    }

    fn view_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let keys = !self.overlay_open();
        let doc = &self.doc;
        match &self.view {
            View::Overview => overview::ui(ui, &doc.plan, &doc.derived, actions),
            View::Parties => parties::ui(ui, &doc.plan, actions),
            View::Workload(id) => {
                let id = id.clone();
                self.workload_view
                    .ui(ui, &doc.plan, &doc.derived, &id, actions);
            }
            View::Graph(id) => self.graph_view.ui(ui, doc, id, keys, actions),
            View::Assets => self
                .assets_view
                .ui(ui, doc, self.selected_asset.as_deref(), actions),
            View::Log => self.log_view.ui(ui, &doc.plan, actions),
            View::Waves => self
                .waves_view
                .ui(ui, (&doc.plan, &doc.derived, doc.revision), actions),
            View::Import => self
                .import_view
                .ui(ui, &doc.plan, &self.csv_mappings, actions),
            View::Versions => chrome::versions_ui(
                ui,
                doc,
                self.data_dir.as_deref(),
                &mut self.version_changes,
                actions,
            ),
        }
    }
}

impl eframe::App for FerryApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        FerryApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, MAPPINGS_KEY, &self.csv_mappings);
        eframe::set_value(storage, PREFERENCES_KEY, &self.preferences);
    }
}

/// Opens the app window.
pub fn run(file: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Ferry")
            .with_app_id("ferry")
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
            let recent: Vec<PathBuf> = cc
                .storage
                .and_then(|s| eframe::get_value(s, RECENT_KEY))
                .unwrap_or_default();
            let mappings = cc
                .storage
                .and_then(|s| eframe::get_value(s, MAPPINGS_KEY))
                .unwrap_or_default();
            let mut app = FerryApp::starting_with(file, recent, Box::new(NativeDialogs::default()));
            app.csv_mappings = mappings;
            app.preferences = cc
                .storage
                .and_then(|s| eframe::get_value(s, PREFERENCES_KEY))
                .unwrap_or_default();
            app.data_dir = eframe::storage_dir("ferry");
            app.find_recoveries();
            Ok(Box::new(app))
        }),
    )
}
