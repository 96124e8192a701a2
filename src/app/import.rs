//! The import page: pick an inventory file and its kind, map CSV columns,
//! see what would change (added, updated, row errors), then apply it as one
//! undoable change. Files are read on a worker thread: the window never
//! freezes on a large workbook.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use egui::{RichText, Ui};

use super::{Action, Actions, theme, widgets};
use crate::import::dependencies::{self, Connections, NOISE_PORTS};
use crate::import::{self, Format, Mapping, Options, Parsed, Table};
use crate::model::Plan;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    RvTools,
    AzureMigrate,
    /// Azure Migrate's dependency analysis: links between assets already
    /// in the plan.
    Dependencies,
    Csv,
}

impl ImportKind {
    const ALL: [ImportKind; 4] = [
        ImportKind::RvTools,
        ImportKind::AzureMigrate,
        ImportKind::Dependencies,
        ImportKind::Csv,
    ];

    fn label(self) -> &'static str {
        match self {
            ImportKind::RvTools => "RVTools (vInfo)",
            ImportKind::AzureMigrate => "Azure Migrate",
            ImportKind::Dependencies => "Azure Migrate dependency analysis (links between servers)",
            ImportKind::Csv => "Other CSV or sheet (map the columns)",
        }
    }
}

/// Fields a CSV column can be mapped to; anything else is a source fact.
const FIELDS: [&str; 13] = [
    "",
    "name",
    "kind",
    "assessment",
    "issues",
    "os",
    "cpus",
    "memory_mib",
    "ip",
    "host",
    "cluster",
    "dns_name",
    "owner_team",
];

enum JobResult {
    Head(Result<Table, String>),
    Parsed(Result<Parsed, String>),
    Connections(Result<Connections, String>),
}

struct Job {
    rx: mpsc::Receiver<JobResult>,
    started: Instant,
    what: String,
}

/// The import page's state.
pub struct ImportView {
    pub path: Option<PathBuf>,
    pub kind: ImportKind,
    pub workload: String,
    pub include_templates: bool,
    /// CSV: the file's header and first rows, and the field of each column.
    head: Option<Table>,
    pub mapping: Vec<String>,
    job: Option<Job>,
    pub parsed: Option<Result<Parsed, String>>,
    /// Dependency analysis: the connections read.
    pub connections: Option<Result<Connections, String>>,
    /// Dependency analysis: ports whose connections are left out.
    pub ignore_ports: String,
    /// Reads started, so that a preview knows which read it sums up.
    reads: u64,
    /// What the rows read would do to the plan, worked out again only when
    /// the read or the plan (its revision) changes: at
    /// 100,000 rows that takes a good part of a second, too long for
    /// every frame.
    preview: Option<(PreviewKey, import::Summary)>,
    /// The same for dependency links, by the ports left out.
    dependency_preview: Option<(DependencyKey, dependencies::DependencySummary)>,
}

/// The read and the plan's revision a preview is of.
type PreviewKey = (u64, u64);
/// The read, the plan's revision and the ports left out.
type DependencyKey = (u64, u64, Vec<u16>);

impl Default for ImportView {
    fn default() -> Self {
        Self {
            path: None,
            kind: ImportKind::RvTools,
            workload: String::new(),
            include_templates: false,
            head: None,
            mapping: Vec::new(),
            job: None,
            parsed: None,
            connections: None,
            ignore_ports: NOISE_PORTS
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            reads: 0,
            preview: None,
            dependency_preview: None,
        }
    }
}

/// A signature of a header row, to remember a CSV mapping by.
fn signature(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| import::normalize_header(h))
        .collect::<Vec<_>>()
        .join("|")
}

/// A first guess at the field of a column.
fn guess(header: &str) -> &'static str {
    match import::normalize_header(header).as_str() {
        "name" | "servername" | "vm" | "vmname" | "hostname" | "machine" | "computername"
        | "server" => "name",
        "kind" | "type" | "assettype" => "kind",
        "os" | "operatingsystem" | "osname" => "os",
        "cpus" | "cpu" | "cores" | "vcpus" => "cpus",
        "memory" | "memorymb" | "ram" | "memoryinmb" => "memory_mib",
        "ip" | "ipaddress" | "ipaddresses" | "primaryipaddress" => "ip",
        "host" | "esxhost" => "host",
        "cluster" => "cluster",
        "dnsname" | "fqdn" => "dns_name",
        "readiness" | "azurevmreadiness" | "assessment" => "assessment",
        "issues" | "readinessissues" => "issues",
        _ => "",
    }
}

impl ImportView {
    /// Back to an empty page after an import, keeping the chosen kind.
    pub fn reset(&mut self) {
        *self = Self {
            kind: self.kind,
            ignore_ports: std::mem::take(&mut self.ignore_ports),
            ..Self::default()
        };
    }

    /// Whether a file is being read now.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// A file was chosen: start reading it.
    pub fn set_path(
        &mut self,
        path: PathBuf,
        ctx: &egui::Context,
        remembered: &BTreeMap<String, Mapping>,
    ) {
        self.path = Some(path);
        self.head = None;
        self.parsed = None;
        self.start(ctx, remembered);
    }

    fn start(&mut self, ctx: &egui::Context, remembered: &BTreeMap<String, Mapping>) {
        let Some(path) = self.path.clone() else {
            return;
        };
        self.parsed = None;
        self.connections = None;
        if self.kind == ImportKind::Dependencies {
            self.spawn(ctx, format!("Reading {}", file_name(&path)), move || {
                JobResult::Connections(dependencies::read(&path).map_err(|e| e.to_string()))
            });
            return;
        }
        if self.kind == ImportKind::Csv && self.head.is_none() {
            self.spawn(
                ctx,
                format!("Reading the columns of {}", file_name(&path)),
                move || {
                    let table = if import::is_spreadsheet(&path) {
                        import::read_sheet(&path, &[])
                    } else {
                        import::read_csv(&path)
                    };
                    JobResult::Head(table.map_err(|e| e.to_string()))
                },
            );
            return;
        }
        let format = match self.kind {
            ImportKind::RvTools => Format::RvTools,
            ImportKind::AzureMigrate | ImportKind::Dependencies => Format::AzureMigrate,
            ImportKind::Csv => Format::Csv(self.current_mapping()),
        };
        let _ = remembered;
        let options = Options {
            include_templates: self.include_templates,
        };
        self.spawn(ctx, format!("Reading {}", file_name(&path)), move || {
            JobResult::Parsed(import::read(&path, &format, &options).map_err(|e| e.to_string()))
        });
    }

    fn spawn(
        &mut self,
        ctx: &egui::Context,
        what: String,
        work: impl FnOnce() -> JobResult + Send + 'static,
    ) {
        self.reads += 1;
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            ctx.request_repaint();
        });
        self.job = Some(Job {
            rx,
            started: Instant::now(),
            what,
        });
    }

    /// The mapping as chosen in the drop-downs.
    pub fn current_mapping(&self) -> Mapping {
        let headers = self.head.as_ref().map_or(&[][..], |t| t.headers.as_slice());
        Mapping(
            headers
                .iter()
                .zip(&self.mapping)
                .filter(|(_, f)| !f.is_empty())
                .map(|(h, f)| (h.clone(), f.clone()))
                .collect(),
        )
    }

    /// Takes a finished job's result; returns a mapping to remember when a
    /// mapped CSV was read with it.
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        remembered: &BTreeMap<String, Mapping>,
    ) -> Option<(String, Mapping)> {
        let job = self.job.as_ref()?;
        let result = match job.rx.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.job = None;
                self.parsed = Some(Err("the file could not be read (the reader stopped)".into()));
                return None;
            }
        };
        self.job = None;
        match result {
            JobResult::Head(Ok(table)) => {
                let known = remembered.get(&signature(&table.headers));
                self.mapping = table
                    .headers
                    .iter()
                    .map(|h| {
                        known
                            .and_then(|m| m.field_of(h))
                            .unwrap_or_else(|| guess(h))
                            .to_owned()
                    })
                    .collect();
                self.head = Some(table);
                if self.mapping.iter().any(|f| f == "name") {
                    self.start(ctx, remembered);
                }
                None
            }
            JobResult::Head(Err(e)) => {
                self.parsed = Some(Err(e));
                None
            }
            JobResult::Connections(result) => {
                self.connections = Some(result);
                None
            }
            JobResult::Parsed(result) => {
                let ok = result.is_ok();
                self.parsed = Some(result);
                match (&self.head, ok) {
                    (Some(table), true) if self.kind == ImportKind::Csv => {
                        Some((signature(&table.headers), self.current_mapping()))
                    }
                    _ => None,
                }
            }
        }
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        revision: u64,
        remembered: &BTreeMap<String, Mapping>,
        actions: &mut Actions,
    ) {
        // A wide file's mapping and its preview are taller than a
        // projector's window: the page scrolls.
        egui::ScrollArea::vertical()
            .id_salt("import-page")
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                self.page_ui(ui, plan, revision, remembered, actions)
            });
    }

    fn page_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        revision: u64,
        remembered: &BTreeMap<String, Mapping>,
        actions: &mut Actions,
    ) {
        widgets::title(ui, "Import an inventory");
        ui.label("Assets come in as inventory facts. Assets already in the plan (same name) get the new facts and assessment; their workload, statuses, RACI and notes are never touched.");
        ui.add_space(6.0);
        let ctx = ui.ctx().clone();
        egui::Grid::new("import-form").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            ui.label("File");
            ui.horizontal(|ui| {
                if ui.button("Choose file…").clicked() {
                    actions.push(Action::PickImportFile);
                }
                ui.label(self.path.as_deref().map_or("none chosen".to_owned(), |p| p.display().to_string()));
            });
            ui.end_row();
            ui.label("Kind");
            ui.vertical(|ui| {
                for kind in ImportKind::ALL {
                    if ui.radio(self.kind == kind, kind.label()).clicked() && self.kind != kind {
                        self.kind = kind;
                        self.head = None;
                        self.start(&ctx, remembered);
                    }
                }
            });
            ui.end_row();
            if self.kind == ImportKind::RvTools {
                ui.label("");
                if ui.checkbox(&mut self.include_templates, "Include templates and SRM placeholders").changed() {
                    self.start(&ctx, remembered);
                }
                ui.end_row();
            }
            if self.kind == ImportKind::Dependencies {
                let r = widgets::text_field(ui, "Ports to ignore", &mut self.ignore_ports, 320.0);
                r.on_hover_text("Infrastructure noise: connections to these ports say nothing about workloads. Empty keeps every port.");
            } else {
                let r = widgets::text_field(ui, "New assets go to workload", &mut self.workload, 240.0);
                r.on_hover_text("Leave empty to keep new assets in the inventory; a new name creates the workload");
            }
            ui.end_row();
        });

        if let Some(job) = &self.job {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "{}… {:.0} s",
                    job.what,
                    job.started.elapsed().as_secs_f32()
                ));
            });
            return;
        }
        if self.kind == ImportKind::Csv {
            self.mapping_ui(ui, &ctx, remembered);
        }
        ui.add_space(8.0);
        if self.kind == ImportKind::Dependencies {
            self.dependencies_ui(ui, plan, revision, actions);
            return;
        }
        match &self.parsed {
            None => {}
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(theme::severity_text(
                    ui.visuals(),
                    crate::derive::Severity::Error,
                )));
            }
            Some(Ok(parsed)) => {
                let workload = Some(self.workload.trim()).filter(|w| !w.is_empty());
                // What the rows do does not depend on the workload they go
                // to: typing its name costs nothing.
                let key = (self.reads, revision);
                let summary = match &self.preview {
                    Some((k, summary)) if *k == key => summary,
                    _ => {
                        let (_, summary) = import::merge(plan, parsed, None);
                        &self.preview.insert((key, summary)).1
                    }
                };
                ui.heading(format!("Preview: {}", parsed.kind));
                ui.label(summary.headline());
                if let Some(w) = workload
                    .filter(|_| !summary.added.is_empty())
                    .filter(|w| import::workload_named(plan, w).is_none())
                {
                    ui.label(format!("Workload {w} will be created."));
                }
                for warning in &summary.warnings {
                    ui.label(
                        RichText::new(format!("⚠ {warning}")).color(theme::warn_text(ui.visuals())),
                    );
                }
                if !summary.added.is_empty() {
                    let shown: Vec<&str> =
                        summary.added.iter().take(12).map(String::as_str).collect();
                    let more = summary.added.len().saturating_sub(12);
                    let tail = if more > 0 {
                        format!(" and {} more", crate::words::thousands(more))
                    } else {
                        String::new()
                    };
                    ui.label(format!("New: {}{tail}", shown.join(", ")));
                }
                if !summary.updated.is_empty() {
                    let shown: Vec<&str> = summary
                        .updated
                        .iter()
                        .take(12)
                        .map(String::as_str)
                        .collect();
                    let more = summary.updated.len().saturating_sub(12);
                    let tail = if more > 0 {
                        format!(" and {} more", crate::words::thousands(more))
                    } else {
                        String::new()
                    };
                    ui.label(format!("Updated: {}{tail}", shown.join(", ")));
                }
                if !summary.errors.is_empty() {
                    ui.label(
                        RichText::new(format!(
                            "{} will not be imported:",
                            crate::words::grouped(summary.errors.len(), "row")
                        ))
                        .color(theme::warn_text(ui.visuals())),
                    );
                    // Only the rows in view are laid out: a file may have
                    // thousands of bad rows.
                    let row_height = ui.text_style_height(&egui::TextStyle::Body);
                    egui::ScrollArea::vertical()
                        .id_salt("import-errors")
                        .max_height(160.0)
                        .show_rows(ui, row_height, summary.errors.len(), |ui, rows| {
                            for e in &summary.errors[rows] {
                                ui.label(e.to_string());
                            }
                        });
                }
                ui.add_space(6.0);
                let any = !summary.added.is_empty() || !summary.updated.is_empty();
                let apply = ui.add_enabled(
                    any,
                    egui::Button::new(RichText::new("Apply").strong())
                        .min_size(egui::vec2(120.0, 32.0)),
                );
                if apply
                    .on_disabled_hover_text("Nothing to add or update")
                    .clicked()
                {
                    actions.push(Action::ApplyImport);
                }
            }
        }
    }

    /// The ports to leave out, from the field (words that are not ports
    /// are ignored and shown as such).
    pub fn ports(&self) -> (Vec<u16>, Vec<String>) {
        let mut ports = Vec::new();
        let mut bad = Vec::new();
        for word in self
            .ignore_ports
            .split([',', ' ', ';'])
            .filter(|w| !w.is_empty())
        {
            match word.parse() {
                Ok(p) => ports.push(p),
                Err(_) => bad.push(word.to_owned()),
            }
        }
        (ports, bad)
    }

    fn dependencies_ui(&mut self, ui: &mut Ui, plan: &Plan, revision: u64, actions: &mut Actions) {
        let (ports, bad) = self.ports();
        if !bad.is_empty() {
            ui.label(
                RichText::new(format!("Not port numbers, ignored: {}", bad.join(", ")))
                    .color(theme::warn_text(ui.visuals())),
            );
        }
        match &self.connections {
            None => {}
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(theme::severity_text(
                    ui.visuals(),
                    crate::derive::Severity::Error,
                )));
            }
            Some(Ok(connections)) => {
                let key = (self.reads, revision, ports);
                let summary = match &self.dependency_preview {
                    Some((k, summary)) if *k == key => summary,
                    _ => {
                        let (_, summary) = dependencies::merge(plan, connections, &key.2);
                        &self.dependency_preview.insert((key, summary)).1
                    }
                };
                ui.heading("Preview: Azure Migrate dependency analysis");
                egui::ScrollArea::vertical()
                    .id_salt("dependency-summary")
                    .max_height(240.0)
                    .show(ui, |ui| {
                        for line in summary.describe().lines() {
                            ui.label(line);
                        }
                    });
                ui.add_space(6.0);
                let apply = ui.add_enabled(
                    summary.added > 0,
                    egui::Button::new(RichText::new("Apply").strong())
                        .min_size(egui::vec2(120.0, 32.0)),
                );
                if apply
                    .on_disabled_hover_text("No new dependency between assets of the plan")
                    .clicked()
                {
                    actions.push(Action::ApplyImport);
                }
            }
        }
    }

    fn mapping_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &egui::Context,
        remembered: &BTreeMap<String, Mapping>,
    ) {
        let Some(table) = &self.head else {
            return;
        };
        ui.add_space(8.0);
        ui.heading("Columns");
        ui.label("Choose what each column is. One column must be the name; other fields become source facts.");
        let mut changed = false;
        egui::ScrollArea::horizontal()
            .id_salt("mapping-scroll")
            .show(ui, |ui| {
                egui::Grid::new("mapping")
                    .striped(true)
                    .spacing([10.0, 6.0])
                    .show(ui, |ui| {
                        for (i, header) in table.headers.iter().enumerate() {
                            ui.label(RichText::new(header).strong());
                            let current = self.mapping.get(i).cloned().unwrap_or_default();
                            let shown = if current.is_empty() {
                                "— ignore".to_owned()
                            } else {
                                current.clone()
                            };
                            let r = egui::ComboBox::from_id_salt(("map", i))
                                .selected_text(shown)
                                .height(480.0)
                                .show_ui(ui, |ui| {
                                    for field in FIELDS {
                                        let text = if field.is_empty() {
                                            "— ignore"
                                        } else {
                                            field
                                        };
                                        if ui.selectable_label(current == field, text).clicked()
                                            && let Some(slot) = self.mapping.get_mut(i)
                                        {
                                            *slot = field.to_owned();
                                            changed = true;
                                        }
                                    }
                                });
                            let _ = r
                                .response
                                .accessible_name(format!("Field of column {header}"));
                            for (_, row) in table.rows.iter().take(3) {
                                ui.label(
                                    RichText::new(row.get(i).map_or("", String::as_str)).weak(),
                                );
                            }
                            ui.end_row();
                        }
                    });
            });
        if changed && self.mapping.iter().any(|f| f == "name") {
            self.start(ctx, remembered);
        }
        if !self.mapping.iter().any(|f| f == "name") {
            ui.label(
                RichText::new("Map one column to name to see a preview.")
                    .color(theme::warn_text(ui.visuals())),
            );
        }
    }
}

fn file_name(path: &Path) -> String {
    crate::storage::file_name(path)
}
