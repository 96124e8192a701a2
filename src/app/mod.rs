//! The eframe app: one window, navigation on the left, the form in the
//! middle, problems on the right. Views read the plan and its derived state
//! and send [`Action`]s; the actions are applied in one place at the end of
//! the frame, edits through [`crate::edit`].

mod assets;
pub mod commands;
pub mod dialogs;
pub mod import;
mod log;
mod overview;
mod parties;
mod problems;
pub mod theme;
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
            stale: false,
        }
    }

    /// A plan just read from `path`: remembers how the file looked, to
    /// notice later changes made elsewhere, and whether it is read-only.
    pub fn from_file(plan: Plan, path: &Path, baseline: storage::Baseline) -> Self {
        Self {
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
    Workload(String),
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
    /// What to continue with once a Save as… dialog is answered.
    after_save: Option<Pending>,
    dialogs: Box<dyn FileDialogs>,
    assets_view: assets::AssetsView,
    workload_view: workload::WorkloadView,
    log_view: log::LogView,
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
            after_save: None,
            dialogs,
            assets_view: assets::AssetsView::default(),
            workload_view: workload::WorkloadView::default(),
            log_view: log::LogView::default(),
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
            View::Workload(id) => Some(id.clone()),
            _ => self.doc.plan.workloads.first().map(|w| w.id.clone()),
        }
    }

    /// What the screen is about, for a quick log entry.
    fn current_subject(&self) -> Option<String> {
        match &self.view {
            View::Workload(id) => Some(id.clone()),
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
            egui::CentralPanel::default().show(ui, |ui| {
                self.banner_ui(ui);
                workshop::presentation_ui(
                    ui,
                    &self.doc,
                    workload.as_deref(),
                    gap_text,
                    &mut actions,
                );
            });
        } else {
            self.panels_ui(ui, &ctx, &mut actions);
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
    fn panels_ui(&mut self, ui: &mut Ui, ctx: &egui::Context, actions: &mut Actions) {
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
            self.disk_notice_ui(ui, ctx);
            self.view_ui(ui, &mut actions);
        });
        actions_ref.0 = actions.0;
    }

    fn view_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let doc = &self.doc;
        match &self.view {
            View::Overview => overview::ui(ui, &doc.plan, &doc.derived, actions),
            View::Parties => parties::ui(ui, &doc.plan, actions),
            View::Workload(id) => {
                let id = id.clone();
                self.workload_view
                    .ui(ui, &doc.plan, &doc.derived, &id, actions);
            }
            View::Assets => self
                .assets_view
                .ui(ui, doc, self.selected_asset.as_deref(), actions),
            View::Log => self.log_view.ui(ui, &doc.plan, actions),
            View::Import => self
                .import_view
                .ui(ui, &doc.plan, &self.csv_mappings, actions),
            View::Versions => versions_ui(ui, doc, self.data_dir.as_deref(), actions),
        }
    }

    // ------------------------------------------------------------ actions

    fn run(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Edit {
                edit,
                label,
                merge_key,
            } => {
                if let Err(e) = self.doc.apply(*edit, &label, merge_key) {
                    self.banner = Some(Banner {
                        error: true,
                        text: format!("The change could not be made: {e}"),
                    });
                }
            }
            Action::Seal => self.doc.history.seal(),
            Action::Go(view) => self.view = view,
            Action::Navigate(subject) => self.navigate(&subject),
            Action::SelectAsset(id) => self.selected_asset = id,
            Action::Command(command) => self.command(command, ctx),
            Action::OpenPath(path) => self.request(Pending::OpenPath(path), ctx),
            Action::PickImportFile => self.dialogs.ask(DialogRequest::Import, ctx),
            Action::ApplyImport => self.apply_import(),
            Action::RestoreVersion(path) => self.restore_version(&path),
            Action::Export(format) => {
                let stem = self.doc.suggested_file_name();
                let stem = stem.trim_end_matches(".ron");
                let suggested = format!("{stem}-report.{}", format.extension());
                self.dialogs
                    .ask(DialogRequest::Export { format, suggested }, ctx);
            }
            Action::AskRemoveParty(id) => {
                let uses = crate::edit::party_usage(&self.doc.plan, &id);
                if uses.is_empty() {
                    let edit = crate::edit::remove_party(&self.doc.plan, &id);
                    let label = format!("remove party {}", self.doc.plan.party_name(&id));
                    self.run(
                        Action::Edit {
                            edit: Box::new(edit),
                            label,
                            merge_key: None,
                        },
                        ctx,
                    );
                } else {
                    let name = self.doc.plan.party_name(&id).to_owned();
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
                self.view = View::Assets;
                self.selected_asset = Some(id.clone());
                self.assets_view.reveal(id);
            }
            Subject::Log(_) => self.view = View::Log,
        }
    }

    /// Shows a view (leaving presentation mode).
    fn go(&mut self, view: View) {
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
                self.doc.undo();
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                self.doc.redo();
            }
            UiCommand::Import => {
                self.view = View::Import;
                if !self.import_view.busy() {
                    self.dialogs.ask(DialogRequest::Import, ctx);
                }
            }
            UiCommand::ZoomIn => egui::gui_zoom::zoom_in(ctx),
            UiCommand::ZoomOut => egui::gui_zoom::zoom_out(ctx),
            UiCommand::ZoomReset => ctx.set_zoom_factor(1.0),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::RestoreVersion => {
                if self.doc.path.is_some() {
                    self.view = View::Versions;
                } else {
                    self.banner = Some(Banner {
                        error: false,
                        text: "Versions are kept for plans saved to a file: save the plan first."
                            .to_owned(),
                    });
                }
            }
            UiCommand::ExportMarkdown => {
                self.run(Action::Export(crate::export::ReportFormat::Markdown), ctx)
            }
            UiCommand::ExportHtml => {
                self.run(Action::Export(crate::export::ReportFormat::Html), ctx)
            }
            UiCommand::ExportCsv => self.run(Action::Export(crate::export::ReportFormat::Csv), ctx),
            UiCommand::QuickLog => {
                let about = self.current_subject();
                self.workshop.open_quick_log(about);
            }
            UiCommand::Find => {
                self.workshop.presentation = false;
                self.view = View::Assets;
                self.assets_view.focus_filter = true;
            }
            UiCommand::GoOverview => self.go(View::Overview),
            UiCommand::GoParties => self.go(View::Parties),
            UiCommand::GoAssets => self.go(View::Assets),
            UiCommand::GoLog => self.go(View::Log),
            UiCommand::NextGap | UiCommand::PreviousGap => {
                let gaps = crate::derive::gaps(&self.doc.plan, &self.doc.derived);
                let forward = command == UiCommand::NextGap;
                if let Some(gap) = self.workshop.step_gap(&gaps, forward) {
                    let presenting = self.workshop.presentation;
                    self.navigate(&gap.subject);
                    // In a room, stay on the big screen when the gap is
                    // about a workload; go to the asset otherwise.
                    if presenting && !matches!(self.view, View::Workload(_)) {
                        self.workshop.presentation = false;
                    }
                    self.banner = Some(Banner {
                        error: false,
                        text: format!(
                            "{} — {}",
                            self.workshop.gap_text().unwrap_or_default(),
                            gap.message
                        ),
                    });
                } else {
                    self.banner = Some(Banner {
                        error: false,
                        text: "No open questions: every activity is assigned, every decision made."
                            .to_owned(),
                    });
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
        }
    }

    /// Does `pending` now, or first asks about unsaved changes.
    fn request(&mut self, pending: Pending, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(pending));
        } else {
            self.proceed(pending, ctx);
        }
    }

    fn proceed(&mut self, pending: Pending, ctx: &egui::Context) {
        match pending {
            Pending::New => {
                self.replace_document(Document::new(Plan::named("Untitled plan"), None));
            }
            Pending::Open => self.dialogs.ask(DialogRequest::Open, ctx),
            Pending::OpenPath(path) => self.open_path(&path),
            Pending::Close => {
                self.drop_recovery();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn replace_document(&mut self, doc: Document) {
        // The old plan was saved or its changes discarded by the user.
        self.drop_recovery();
        self.doc = doc;
        self.view = View::Overview;
        self.selected_asset = None;
        self.assets_view = assets::AssetsView::default();
        self.banner = None;
    }

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
    fn save(&mut self, ctx: &egui::Context) -> bool {
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
    fn save_checked(&mut self, path: &Path, expected: Option<&storage::Baseline>) -> bool {
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

    fn ask_save_as(&mut self, ctx: &egui::Context) {
        let suggested = self.doc.suggested_file_name();
        self.dialogs.ask(DialogRequest::SaveAs { suggested }, ctx);
    }

    fn dialog_answered(
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
            (DialogRequest::SaveAs { .. }, Some(path)) => {
                if self.save_to(&path)
                    && let Some(pending) = pending
                {
                    self.proceed(pending, ctx);
                }
            }
            // Cancelled: whatever waited on the save does not happen.
            _ => {}
        }
    }

    /// Applies the previewed import as one undoable change.
    fn apply_import(&mut self) {
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
    fn apply_dependencies(&mut self) {
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
    fn restore_version(&mut self, backup: &Path) {
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

    fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Pending::Close));
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context, actions: &mut Actions) {
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

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.doc.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    // ------------------------------------------------------------ panes

    fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let undo = self
            .doc
            .history
            .undo_label()
            .map(|l| format!("Undo {}", lower_first(l)));
        let redo = self
            .doc
            .history
            .redo_label()
            .map(|l| format!("Redo {}", lower_first(l)));
        let has_file = self.doc.path.is_some();
        egui::MenuBar::new().ui(ui, |ui| {
            // Every item is a command of the one list (`UiCommand::ALL`).
            for menu in commands::Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for command in menu.commands() {
                        if command == UiCommand::Import {
                            ui.menu_button("Open recent", |ui| {
                                if self.recent.is_empty() {
                                    ui.label("No recent plans");
                                }
                                for path in &self.recent {
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

    fn status_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        ui.horizontal(|ui| {
            ui.label(self.doc.file_label());
            ui.separator();
            if self.doc.is_dirty() {
                ui.label(RichText::new("unsaved changes").color(theme::WARN_COLOR));
            } else if self.doc.path.is_some() {
                ui.label("saved");
            } else {
                ui.label("not saved yet");
            }
            ui.separator();
            let d = &self.doc.derived;
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

    fn navigation_ui(&mut self, ui: &mut Ui, actions: &mut Actions) {
        let plan = &self.doc.plan;
        let derived = &self.doc.derived;
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
        ];
        for (view, label, badge) in fixed {
            nav_item(ui, &self.view, view, label, badge, actions);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Workloads ({})", plan.workloads.len())).strong())
                .on_hover_text("Beside each workload: ✔ when done, else how many blockers it has");
            if ui.button("+ Add").on_hover_text("Add a workload").clicked() {
                let workload =
                    crate::model::Workload::new(format!("Workload {}", plan.workloads.len() + 1));
                let id = workload.id.clone();
                actions.edit(
                    Edit::Put(crate::edit::Item::Workload(workload)),
                    "add a workload",
                );
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

    fn recovery_root(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("recovery"))
    }

    /// Writes a recovery copy once unsaved changes are a few seconds old.
    fn autosave(&mut self, ctx: &egui::Context) {
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
    fn drop_recovery(&mut self) {
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

    fn offer_next_recovery(&mut self) {
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
    fn recover(&mut self, file: &Path, recovery: storage::recovery::Recovery) {
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
    fn check_disk(&mut self, ctx: &egui::Context) {
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
    fn reload_from_disk(&mut self) {
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

    fn disk_notice_ui(&mut self, ui: &mut Ui, ctx: &egui::Context) {
        let Some(notice) = self.disk_notice.clone() else {
            return;
        };
        if let DiskNotice::Changed(stamp) = notice
            && self.kept_mine == Some(stamp)
        {
            return;
        }
        let name = self.doc.file_label();
        egui::Frame::new().fill(theme::INFO_BANNER).inner_margin(8.0).corner_radius(4.0).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let white = |t: String| RichText::new(t).color(egui::Color32::WHITE);
                match notice {
                    DiskNotice::Changed(stamp) => {
                        let when = stamp.modified.map(crate::model::format_time).unwrap_or_default();
                        ui.label(white(format!("{name} was changed by someone else ({when}).")));
                        if ui.button("Reload").on_hover_text("Load their version; undo brings back yours").clicked() {
                            self.reload_from_disk();
                        }
                        if ui.button("Keep mine").on_hover_text("Keep your version; saving will ask before overwriting theirs").clicked() {
                            self.kept_mine = Some(stamp);
                        }
                    }
                    DiskNotice::Gone => {
                        ui.label(white(format!("{name} was moved or deleted. Your plan is still here: save it to write the file again.")));
                        if ui.button("Save as…").clicked() {
                            self.ask_save_as(ctx);
                        }
                    }
                }
            });
        });
        ui.add_space(6.0);
    }

    fn banner_ui(&mut self, ui: &mut Ui) {
        let Some(banner) = &self.banner else {
            return;
        };
        let fill = if banner.error {
            theme::ERROR_BANNER
        } else {
            theme::INFO_BANNER
        };
        let mut dismiss = false;
        egui::Frame::new()
            .fill(fill)
            .inner_margin(8.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&banner.text).color(egui::Color32::WHITE));
                    if ui.button("Dismiss").clicked() {
                        dismiss = true;
                    }
                });
            });
        ui.add_space(6.0);
        if dismiss {
            self.banner = None;
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context, actions: &mut Actions) {
        let Some(modal) = &self.modal else {
            return;
        };
        enum Answer {
            Save,
            Discard,
            Remove,
            Overwrite,
            SaveAs,
            Recover,
            UsePath,
            Cancel,
        }
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
                        self.doc.file_label()
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
                Modal::Conflict { when } => {
                    ui.heading("The file changed on disk");
                    ui.label(format!(
                        "{} was changed by someone else ({when}) since you opened it. Saving now would replace their changes.",
                        self.doc.file_label()
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
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
        let Some(answer) = answer else {
            return;
        };
        let Some(modal) = self.modal.take() else {
            return;
        };
        match (modal, answer) {
            (Modal::Unsaved(pending), Answer::Save) => {
                if self.doc.path.is_some() {
                    if self.save(ctx) {
                        self.proceed(pending, ctx);
                    }
                } else {
                    self.after_save = Some(pending);
                    self.ask_save_as(ctx);
                }
            }
            (Modal::Unsaved(pending), Answer::Discard) => self.proceed(pending, ctx),
            (Modal::Conflict { .. }, Answer::Overwrite) => {
                if let Some(path) = self.doc.path.clone() {
                    self.save_to(&path);
                }
            }
            (Modal::Conflict { .. }, Answer::SaveAs) => self.ask_save_as(ctx),
            (Modal::Recover { file, recovery, .. }, Answer::Recover) => {
                self.recover(&file, *recovery)
            }
            (Modal::Recover { file, .. }, Answer::Discard) => {
                let _ = std::fs::remove_file(file);
            }
            (Modal::TypePath { request }, Answer::UsePath) => {
                let typed = PathBuf::from(self.typed_path.trim());
                self.dialog_answered(request, Some(typed), ctx);
            }
            (Modal::TypePath { request }, _) => self.dialog_answered(request, None, ctx),
            (Modal::RemoveParty { id, name, .. }, Answer::Remove) => {
                let edit = crate::edit::remove_party(&self.doc.plan, &id);
                actions.edit(edit, format!("remove party {name}"));
            }
            _ => {}
        }
    }
}

/// "Set workload…" → "set workload…": a label after "Undo".
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The kept versions of the open plan, newest first, each restorable.
fn versions_ui(ui: &mut Ui, doc: &Document, data_dir: Option<&Path>, actions: &mut Actions) {
    widgets::title(ui, "Previous versions");
    let (Some(path), Some(data_dir)) = (&doc.path, data_dir) else {
        ui.label("Versions are kept for plans saved to a file.");
        return;
    };
    ui.label(format!(
        "Each save of {} keeps the version it replaces (the last {BACKUPS_KEPT}). Restoring one is a normal change: you can undo it.",
        storage::file_name(path)
    ));
    ui.add_space(8.0);
    let backups = storage::backups::list(&data_dir.join("backups"), path);
    if backups.is_empty() {
        ui.label("No previous versions yet.");
    }
    for backup in backups {
        ui.horizontal(|ui| {
            ui.label(crate::model::format_time(backup.taken));
            if ui.button("Restore").clicked() {
                actions.push(Action::RestoreVersion(backup.path.clone()));
            }
        });
    }
}

fn nav_item(
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
