//! Assets: a virtualised, filterable, sortable and groupable table with
//! multi-select and a bulk bar, and the selected asset's form below it.

mod form;
mod model;

use std::collections::{BTreeSet, HashSet};

use egui::{Key, Modifiers, RichText, Ui};
use egui_extras::{Column, TableBuilder};

pub use self::model::GroupBy;
use self::model::{Entry, Filters, Rows, Shape, SortColumn, WorkloadFilter};
use super::{Action, Actions, Document, theme, widgets};
use crate::change::{AssetChange, Change};
use crate::derive::{Derived, Stage};
use crate::model::{
    ActivityKind, Assessment, Asset, AssetKind, Plan, RemediationStatus, ReplicationStatus,
    ReplicationTool, Staging, Strategy,
};

/// See [`AssetsView::refresh_links`].
struct Links {
    revision: u64,
    asset: String,
    /// Id and name of each dependency.
    depends: Vec<(String, String)>,
    /// Id and name of each asset that depends on this one.
    needed_by: Vec<(String, String)>,
    /// The search `found` was made for.
    query: Option<String>,
    found: Vec<(String, String)>,
}

#[derive(Default)]
pub struct AssetsView {
    filters: Filters,
    sort: SortColumn,
    descending: bool,
    /// The filtered, sorted and grouped rows, and what they are made
    /// from, kept between frames.
    table: Rows,
    /// The plan revision the selection was last checked against.
    selection_checked: Option<u64>,
    /// The open form's dependencies, per revision and search.
    links: Option<Links>,
    scroll_to: Option<String>,
    dependency_search: String,
    new_fact: (String, String),
    /// Source facts shown as extra columns, in the order picked.
    pub columns: Vec<String>,
    pub group_by: GroupBy,
    collapsed: BTreeSet<String>,
    /// The selected assets, by id.
    pub selection: HashSet<String>,
    /// Where a Shift+click range starts.
    anchor: Option<String>,
    new_workload_name: String,
    /// The source fact names present in the plan, per revision.
    facts: (Option<u64>, Vec<String>),
    /// "Suggest workloads" is open: the proposals, each to keep or drop,
    /// renamed as the user likes.
    suggestions: Option<SuggestionsState>,
    /// Ctrl+F: put the cursor in the filter on the next frame.
    pub focus_filter: bool,
}

/// The open "Suggest workloads" preview.
struct SuggestionsState {
    /// (keep it, its name, the proposal)
    groups: Vec<(bool, String, crate::suggest::Suggestion)>,
    shared: Vec<crate::suggest::SharedAsset>,
    considered: usize,
}

impl AssetsView {
    /// Makes sure an asset is visible: clears filters and scrolls to it.
    pub fn reveal(&mut self, id: &str) {
        self.filters = Filters::default();
        self.collapsed.clear();
        self.scroll_to = Some(id.to_owned());
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selected: Option<&str>,
        actions: &mut Actions,
    ) {
        let plan = &doc.plan;
        self.filters_ui(ui, plan);
        self.refresh_rows(doc);
        self.refresh_facts(doc);
        self.keys(ui, plan, actions);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} of {} assets",
                group(self.table.rows().len()),
                group(plan.assets.len())
            ));
            if !self.selection.is_empty() {
                ui.label(
                    RichText::new(format!("{} selected", group(self.selection.len()))).strong(),
                );
            }
            if ui.button("+ Add asset").clicked() {
                let workload = match &self.filters.workload {
                    WorkloadFilter::Workload(w) => Some(w.clone()),
                    _ => None,
                };
                let (change, id) = Change::new_asset(workload);
                actions.change(change);
                actions.push(Action::SelectAsset(Some(id.clone())));
                self.selection = HashSet::from([id.clone()]);
                self.scroll_to = Some(id);
            }
            self.columns_ui(ui);
            self.group_ui(ui);
            if ui
                .button("Suggest workloads…")
                .on_hover_text(
                    "Group the assets still in the inventory by their dependencies into proposed workloads",
                )
                .clicked()
            {
                let found = crate::suggest::suggest(plan);
                self.suggestions = Some(SuggestionsState {
                    groups: found
                        .groups
                        .into_iter()
                        .map(|g| (true, g.name.clone(), g))
                        .collect(),
                    shared: found.shared,
                    considered: doc.derived.unassigned_assets,
                });
            }
        });
        if self.suggestions.is_some() {
            self.suggestions_ui(ui, plan, actions);
            return;
        }
        if self.selection.len() > 1 {
            self.bulk_ui(ui, doc, actions);
        }
        let selected_asset = selected
            .filter(|_| self.selection.len() <= 1)
            .and_then(|id| doc.derived.asset_positions.get(id))
            .and_then(|&i| plan.assets.get(i));
        let table_height = if selected_asset.is_some() {
            (ui.available_height() * 0.45).max(120.0)
        } else {
            ui.available_height()
        };
        ui.push_id("asset-table", |ui| {
            self.table_ui(ui, plan, &doc.derived, (selected, table_height), actions);
        });
        if let Some(asset) = selected_asset {
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("asset-form")
                .auto_shrink([false; 2])
                .show(ui, |ui| {
                    self.form_ui(ui, (plan, &doc.derived, doc.revision), asset, actions);
                });
        }
    }

    /// The proposed workloads, to accept, rename or drop one by one, then
    /// create in one step.
    fn suggestions_ui(&mut self, ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
        let Some(state) = &mut self.suggestions else {
            return;
        };
        ui.separator();
        widgets::title(ui, "Suggested workloads");
        let mut close = false;
        if state.groups.is_empty() {
            ui.label(format!(
                "No dependency links between the {} assets in the inventory. Import Azure Migrate's dependency analysis (File › Import inventory…, kind \"dependency analysis\") to see groups here.",
                state.considered
            ));
        } else {
            ui.label(format!(
                "{} groups of assets that depend on each other, from the {} assets in the inventory. Keep, rename or drop each; creating them is one step you can undo.",
                state.groups.len(),
                state.considered
            ));
        }
        if !state.shared.is_empty() {
            let shown: Vec<String> = state
                .shared
                .iter()
                .take(8)
                .map(|s| format!("{} (used by {})", s.name, s.used_by))
                .collect();
            ui.label(
                RichText::new(format!(
                    "Shared infrastructure, left out of the groups: {}{}",
                    shown.join(", "),
                    if state.shared.len() > 8 { ", …" } else { "" }
                ))
                .weak(),
            );
        }
        egui::ScrollArea::vertical()
            .id_salt("suggestions")
            .max_height((ui.available_height() - 60.0).max(120.0))
            .show(ui, |ui| {
                for (k, (keep, name, group)) in state.groups.iter_mut().enumerate() {
                    ui.horizontal(|ui| {
                        ui.checkbox(keep, "")
                            .accessible_name(format!("Create group {}", k + 1))
                            .on_hover_text("Create this workload");
                        widgets::text_field(ui, &format!("Name of group {}", k + 1), name, 220.0);
                        let names: Vec<&str> = group
                            .members
                            .iter()
                            .take(8)
                            .map(|id| plan.asset_name(id))
                            .collect();
                        let more = group.members.len().saturating_sub(8);
                        ui.label(format!(
                            "{} assets, {} links: {}{}",
                            group.members.len(),
                            group.links,
                            names.join(", "),
                            if more > 0 {
                                format!(" and {more} more")
                            } else {
                                String::new()
                            }
                        ));
                    });
                }
            });
        ui.horizontal(|ui| {
            let accepted: Vec<(String, Vec<String>)> = state
                .groups
                .iter()
                .filter(|(keep, name, _)| *keep && !name.trim().is_empty())
                .map(|(_, name, g)| (name.clone(), g.members.clone()))
                .collect();
            let text = format!(
                "Create {} workload{}",
                accepted.len(),
                if accepted.len() == 1 { "" } else { "s" }
            );
            if ui
                .add_enabled(
                    !accepted.is_empty(),
                    egui::Button::new(RichText::new(text).strong()),
                )
                .clicked()
            {
                actions.change(Change::NewWorkloads(accepted));
                close = true;
            }
            if ui.button("Close").clicked() {
                close = true;
            }
        });
        if close {
            self.suggestions = None;
        }
    }

    /// Ctrl+A selects every filtered row; Escape clears the selection.
    /// Neither when a text field has the keyboard.
    fn keys(&mut self, ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
        if ui.ctx().egui_wants_keyboard_input() || egui::Popup::is_any_open(ui.ctx()) {
            return;
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::A)) {
            self.selection = self
                .table
                .rows()
                .iter()
                .filter_map(|&i| plan.assets.get(i))
                .map(|a| a.id.clone())
                .collect();
            actions.push(Action::SelectAsset(None));
        }
        if !self.selection.is_empty()
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            self.selection.clear();
            self.anchor = None;
            actions.push(Action::SelectAsset(None));
        }
    }

    /// The fact names, from what the table made for this revision.
    fn refresh_facts(&mut self, doc: &Document) {
        if self.facts.0 != Some(doc.revision) {
            self.facts = (Some(doc.revision), self.table.fact_names());
        }
    }

    fn filters_ui(&mut self, ui: &mut Ui, plan: &Plan) {
        let f = &mut self.filters;
        let focus = &mut self.focus_filter;
        ui.horizontal_wrapped(|ui| {
            let r = widgets::text_field(ui, "Filter", &mut f.text, 200.0).on_hover_text(
                "Matches the name, the workload and the source facts (OS, host, IP…)",
            );
            if std::mem::take(focus) {
                r.request_focus();
            }
            let label_id = ui.label("In workload").id;
            let shown = match &f.workload {
                WorkloadFilter::All => "All".to_owned(),
                WorkloadFilter::Inventory => "Inventory (none)".to_owned(),
                WorkloadFilter::Workload(id) => plan.workload_name(id).to_owned(),
            };
            let (r, picked) = widgets::workload_combo(
                ui,
                "workload-filter",
                &shown,
                plan,
                &[
                    ("All", f.workload == WorkloadFilter::All),
                    ("Inventory (none)", f.workload == WorkloadFilter::Inventory),
                ],
                match &f.workload {
                    WorkloadFilter::Workload(id) => Some(id.as_str()),
                    _ => None,
                },
            );
            let _ = r.labelled_by(label_id);
            match picked {
                Some(Err(0)) => f.workload = WorkloadFilter::All,
                Some(Err(_)) => f.workload = WorkloadFilter::Inventory,
                Some(Ok(k)) => f.workload = WorkloadFilter::Workload(plan.workloads[k].id.clone()),
                None => {}
            }
            let mut unassigned = f.workload == WorkloadFilter::Inventory;
            if ui
                .toggle_value(&mut unassigned, "Only unassigned")
                .on_hover_text("Only assets that are in no workload yet")
                .clicked()
            {
                f.workload = if unassigned {
                    WorkloadFilter::Inventory
                } else {
                    WorkloadFilter::All
                };
            }
            optional_choice(
                ui,
                "At stage",
                "stage-filter",
                &mut f.stage,
                &Stage::ALL,
                Stage::label,
            );
            optional_choice(
                ui,
                "Of kind",
                "kind-filter",
                &mut f.kind,
                &AssetKind::ALL,
                AssetKind::label,
            );
            optional_choice(
                ui,
                "With strategy",
                "strategy-filter",
                &mut f.strategy,
                &Strategy::ALL,
                Strategy::label,
            );
            optional_choice(
                ui,
                "Assessed",
                "assessment-filter",
                &mut f.assessment,
                &Assessment::ALL,
                Assessment::label,
            );
            if *f != Filters::default() && ui.button("Clear filters").clicked() {
                *f = Filters::default();
            }
        });
    }

    fn columns_ui(&mut self, ui: &mut Ui) {
        let facts = self.facts.1.clone();
        ui.menu_button("Columns…", |ui| {
            ui.label(RichText::new("Show source facts as columns").weak());
            if facts.is_empty() {
                ui.label("No asset has source facts yet: import an inventory");
            }
            for fact in &facts {
                let mut shown = self.columns.contains(fact);
                if ui.checkbox(&mut shown, fact).changed() {
                    if shown {
                        self.columns.push(fact.clone());
                    } else {
                        self.columns.retain(|c| c != fact);
                        if self.sort == SortColumn::Fact(fact.clone()) {
                            self.sort = SortColumn::Plan;
                        }
                    }
                }
            }
        });
    }

    fn group_ui(&mut self, ui: &mut Ui) {
        let label_id = ui.label("Group by").id;
        let shown = match &self.group_by {
            GroupBy::Nothing => "Nothing".to_owned(),
            GroupBy::Workload => "Workload".to_owned(),
            GroupBy::Stage => "Stage".to_owned(),
            GroupBy::Fact(f) => f.clone(),
        };
        let facts = self.facts.1.clone();
        let before = self.group_by.clone();
        let r = egui::ComboBox::from_id_salt("group-by")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.group_by, GroupBy::Nothing, "Nothing");
                ui.selectable_value(&mut self.group_by, GroupBy::Workload, "Workload");
                ui.selectable_value(&mut self.group_by, GroupBy::Stage, "Stage");
                for fact in facts {
                    let label = fact.clone();
                    ui.selectable_value(&mut self.group_by, GroupBy::Fact(fact), label);
                }
            });
        let _ = r.response.labelled_by(label_id);
        if self.group_by != before {
            self.collapsed.clear();
        }
    }

    /// The bar that changes every selected asset at once: one undo step
    /// per change.
    fn bulk_ui(&mut self, ui: &mut Ui, doc: &Document, actions: &mut Actions) {
        let plan = &doc.plan;
        let mut change: Option<AssetChange> = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{} selected:", group(self.selection.len()))).strong(),
                );
                let label_id = ui.label("Set workload").id;
                let (r, picked) = widgets::workload_combo(
                    ui,
                    "bulk-workload",
                    "—",
                    plan,
                    &[("— back to the inventory", false)],
                    None,
                );
                let _ = r.labelled_by(label_id);
                if let Some(picked) = picked {
                    let to = picked.ok().map(|k| plan.workloads[k].id.clone());
                    change = Some(AssetChange::Workload(to));
                }
                let mut pick = |ui: &mut Ui, c: Option<AssetChange>| {
                    if c.is_some() {
                        change = c;
                    }
                    let _ = ui;
                };
                let c = bulk_choice(ui, "Set kind", &AssetKind::ALL, AssetKind::label)
                    .map(AssetChange::Kind);
                pick(ui, c);
                let c = bulk_choice(ui, "Set strategy", &Strategy::ALL, Strategy::label)
                    .map(AssetChange::Strategy);
                pick(ui, c);
                let c = bulk_choice(ui, "Set assessment", &Assessment::ALL, Assessment::label)
                    .map(AssetChange::Assessment);
                pick(ui, c);
                let c = bulk_choice(
                    ui,
                    "Set remediation",
                    &RemediationStatus::ALL,
                    RemediationStatus::label,
                )
                .map(AssetChange::RemediationStatus);
                pick(ui, c);
                let c = bulk_choice(
                    ui,
                    "Set replication",
                    &ReplicationStatus::ALL,
                    ReplicationStatus::label,
                )
                .map(AssetChange::ReplicationStatus);
                pick(ui, c);
                let c = bulk_choice(
                    ui,
                    "Set tool",
                    &ReplicationTool::ALL,
                    ReplicationTool::label,
                )
                .map(AssetChange::ReplicationTool);
                pick(ui, c);
                let c = bulk_choice(
                    ui,
                    "Set staging",
                    &[Staging::NotStaged, Staging::Staged],
                    Staging::label,
                )
                .map(AssetChange::Staging);
                pick(ui, c);
            });
            ui.horizontal_wrapped(|ui| {
                for kind in ActivityKind::MIGRATION {
                    let label = format!("Set {} owner", kind.label().to_lowercase());
                    if let Some(owner) =
                        widgets::party_picker(ui, &label, ("bulk-owner", kind), plan, None)
                    {
                        change = Some(AssetChange::Owner(kind, owner));
                    }
                }
            });
            ui.horizontal_wrapped(|ui| {
                let r = widgets::text_field(
                    ui,
                    "New workload from selection",
                    &mut self.new_workload_name,
                    220.0,
                );
                let name = self.new_workload_name.trim().to_owned();
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if (ui
                    .add_enabled(!name.is_empty(), egui::Button::new("Create workload"))
                    .on_hover_text("Creates the workload and moves the selected assets into it")
                    .clicked()
                    || enter)
                    && !name.is_empty()
                {
                    let at = self.selection_positions(doc);
                    actions.change(Change::new_workload(plan, &name, at).0);
                    self.new_workload_name.clear();
                }
                if ui
                    .button("Clear selection")
                    .on_hover_text("Escape")
                    .clicked()
                {
                    self.selection.clear();
                    self.anchor = None;
                    actions.push(Action::SelectAsset(None));
                }
            });
        });
        if let Some(change) = change {
            actions.change(Change::AssetsAt(self.selection_positions(doc), change));
        }
    }

    /// The selected assets by their place, as the derived state knows it:
    /// a change to a few of 100,000 assets reads only those few.
    fn selection_positions(&self, doc: &Document) -> Vec<usize> {
        self.selection
            .iter()
            .filter_map(|id| {
                let i = *doc.derived.asset_positions.get(id)?;
                doc.plan
                    .assets
                    .get(i)
                    .is_some_and(|a| a.id == *id)
                    .then_some(i)
            })
            .collect()
    }

    fn refresh_rows(&mut self, doc: &Document) {
        self.table.refresh(
            &doc.plan,
            &doc.derived,
            doc.revision,
            Shape {
                filters: &self.filters,
                sort: &self.sort,
                descending: self.descending,
                group_by: &self.group_by,
                collapsed: &self.collapsed,
            },
            |revision| doc.assets_changed_since(revision),
        );
        // The selection keeps only assets that still exist.
        if self.selection_checked != Some(doc.revision) {
            let positions = &doc.derived.asset_positions;
            self.selection.retain(|id| positions.contains_key(id));
            self.selection_checked = Some(doc.revision);
        }
    }

    /// A click on a row: alone it selects the row (and opens its form),
    /// with Ctrl it adds or removes the row, with Shift it selects the
    /// range from the last clicked row.
    fn clicked(
        &mut self,
        plan: &Plan,
        position: usize,
        modifiers: Modifiers,
        selected: Option<&str>,
        actions: &mut Actions,
    ) {
        let Some(Entry::Asset(i)) = self.table.entry(position) else {
            return;
        };
        let id = plan.assets[i].id.clone();
        if modifiers.shift {
            let from = self
                .anchor
                .as_ref()
                .and_then(|a| self.table.position(|j| plan.assets[j].id == *a))
                .unwrap_or(position);
            let (lo, hi) = (from.min(position), from.max(position));
            if !modifiers.command {
                self.selection.clear();
            }
            for p in lo..=hi {
                if let Some(Entry::Asset(j)) = self.table.entry(p) {
                    self.selection.insert(plan.assets[j].id.clone());
                }
            }
        } else if modifiers.command {
            if !self.selection.remove(&id) {
                self.selection.insert(id.clone());
            }
            self.anchor = Some(id);
        } else {
            let only_this = self.selection.len() == 1 && self.selection.contains(&id);
            if only_this && selected == Some(id.as_str()) {
                self.selection.clear();
                self.anchor = None;
                actions.push(Action::SelectAsset(None));
                return;
            }
            self.selection = HashSet::from([id.clone()]);
            self.anchor = Some(id);
        }
        let form = (self.selection.len() == 1)
            .then(|| self.selection.iter().next().cloned())
            .flatten();
        actions.push(Action::SelectAsset(form));
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        derived: &Derived,
        (selected, height): (Option<&str>, f32),
        actions: &mut Actions,
    ) {
        let show_match = !self.table.needle().is_empty();
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .min_scrolled_height(0.0)
            .max_scroll_height(height)
            .column(Column::initial(250.0).at_least(80.0).clip(true))
            .column(Column::initial(80.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(120.0).clip(true))
            .column(Column::initial(120.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(90.0).clip(true))
            .column(Column::initial(140.0).at_least(120.0).clip(true));
        for _ in &self.columns {
            table = table.column(Column::initial(120.0).clip(true));
        }
        if show_match {
            table = table.column(Column::initial(200.0).clip(true));
        }
        table = table.column(Column::remainder().at_least(10.0));
        if let Some(id) = self.scroll_to.take()
            && let Some(pos) = self.table.position(|i| plan.assets[i].id == id)
        {
            table = table.scroll_to_row(pos, Some(egui::Align::Center));
        }
        let mut columns: Vec<(String, SortColumn)> = [
            ("Name", SortColumn::Name),
            ("Kind", SortColumn::Kind),
            ("Workload", SortColumn::Workload),
            ("Assessment", SortColumn::Assessment),
            ("Remediation", SortColumn::Remediation),
            ("Replication", SortColumn::Replication),
            ("Staging", SortColumn::Staging),
            ("Stage", SortColumn::Stage),
        ]
        .into_iter()
        .map(|(t, c)| (t.to_owned(), c))
        .collect();
        columns.extend(
            self.columns
                .iter()
                .map(|f| (f.clone(), SortColumn::Fact(f.clone()))),
        );
        let mut clicked: Option<(usize, Modifiers)> = None;
        let mut toggle_group: Option<String> = None;
        let mut select_group: Option<std::ops::Range<usize>> = None;
        table
            .header(theme::ROW_HEIGHT, |mut header| {
                for (title, column) in &columns {
                    header.col(|ui| {
                        let arrow = if self.sort == *column {
                            if self.descending { " ⏷" } else { " ⏶" }
                        } else {
                            ""
                        };
                        let response = ui.add(
                            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                                .frame(false),
                        );
                        if response.on_hover_text("Sort by this column").clicked() {
                            if self.sort == *column {
                                self.descending = !self.descending;
                            } else {
                                self.sort = column.clone();
                                self.descending = false;
                            }
                        }
                    });
                }
                if show_match {
                    header.col(|ui| {
                        ui.label(RichText::new("Matched in").strong());
                    });
                }
                header.col(|_| {});
            })
            .body(|mut body| {
                // Rows are picked by a click anywhere on them: labels must
                // not take the click for text selection.
                body.ui_mut().style_mut().interaction.selectable_labels = false;
                body.rows(theme::ROW_HEIGHT, self.table.len(), |mut row| {
                    let position = row.index();
                    let Some(entry) = self.table.entry(position) else {
                        return;
                    };
                    match entry {
                        Entry::Group { key, count, rows } => {
                            let open = !self.collapsed.contains(key);
                            row.col(|ui| {
                                if ui
                                    .small_button("Select group")
                                    .on_hover_text(format!("Select the {count} assets of {key}"))
                                    .clicked()
                                {
                                    select_group = Some(rows.clone());
                                }
                                let arrow = if open { "⏷" } else { "⏵" };
                                if ui
                                    .add(
                                        egui::Button::new(
                                            RichText::new(format!("{arrow} {key} ({count})"))
                                                .strong(),
                                        )
                                        .frame(false),
                                    )
                                    .on_hover_text(if open {
                                        "Fold this group"
                                    } else {
                                        "Unfold this group"
                                    })
                                    .clicked()
                                {
                                    toggle_group = Some(key.to_owned());
                                }
                            });
                            for _ in 1..columns.len() + usize::from(show_match) + 1 {
                                row.col(|_| {});
                            }
                        }
                        Entry::Asset(i) => {
                            let asset = &plan.assets[i];
                            let stage = derived.stages[i];
                            row.set_selected(self.selection.contains(&asset.id));
                            row.col(|ui| {
                                ui.label(&asset.name);
                            });
                            row.col(|ui| {
                                ui.label(asset.kind.label());
                            });
                            row.col(|ui| {
                                ui.label(
                                    asset
                                        .workload
                                        .as_deref()
                                        .map_or("—", |w| plan.workload_name(w)),
                                );
                            });
                            row.col(|ui| {
                                ui.label(asset.assessment.label());
                            });
                            row.col(|ui| {
                                ui.label(remediation_text(asset));
                            });
                            row.col(|ui| {
                                ui.label(asset.replication.status.label());
                            });
                            row.col(|ui| {
                                ui.label(asset.staging.label());
                            });
                            row.col(|ui| {
                                widgets::stage_chip(ui, stage);
                            });
                            for fact in &self.columns {
                                row.col(|ui| {
                                    ui.label(asset.source.get(fact).map_or("", String::as_str));
                                });
                            }
                            if show_match {
                                row.col(|ui| {
                                    ui.label(RichText::new(self.table.matched_in(plan, i)).weak());
                                });
                            }
                            row.col(|_| {});
                            if row.response().clicked() {
                                let modifiers = row.response().ctx.input(click_modifiers);
                                clicked = Some((position, modifiers));
                            }
                        }
                    }
                });
            });
        if let Some(key) = toggle_group
            && !self.collapsed.remove(&key)
        {
            self.collapsed.insert(key);
        }
        if let Some(range) = select_group {
            self.selection = self.table.rows()[range]
                .iter()
                .map(|&i| plan.assets[i].id.clone())
                .collect();
            self.anchor = None;
            actions.push(Action::SelectAsset(None));
        }
        if let Some((position, modifiers)) = clicked {
            self.clicked(plan, position, modifiers, selected, actions);
        }
    }
}

fn remediation_text(asset: &Asset) -> String {
    let open = asset
        .remediation
        .issues
        .iter()
        .filter(|i| !i.resolved)
        .count();
    match asset.remediation.status {
        RemediationStatus::NotRequired => "—".to_owned(),
        status if open > 0 => format!("{} ({open})", status.label()),
        status => status.label().to_owned(),
    }
}

/// The modifiers of this frame's click: those carried by the button
/// event (the held keys may already be released at the frame's end).
fn click_modifiers(input: &egui::InputState) -> Modifiers {
    input
        .events
        .iter()
        .rev()
        .find_map(|e| match e {
            egui::Event::PointerButton {
                pressed: false,
                modifiers,
                ..
            } => Some(*modifiers),
            _ => None,
        })
        .unwrap_or(input.modifiers)
}

/// A filter drop-down over a fixed list, with "All".
fn optional_choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    value: &mut Option<T>,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) {
    let label_id = ui.label(label).id;
    let r = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(value.map_or("All", &name))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "All");
            for &v in all {
                ui.selectable_value(value, Some(v), name(v));
            }
        });
    let _ = r.response.labelled_by(label_id);
}

/// A drop-down of the bulk bar: shows "—" (the selection may differ) and
/// gives the value picked.
fn bulk_choice<T: Copy>(
    ui: &mut Ui,
    label: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Option<T> {
    let label_id = ui.label(label).id;
    let mut picked = None;
    let r = egui::ComboBox::from_id_salt(("bulk", label))
        .selected_text("—")
        .show_ui(ui, |ui| {
            for &v in all {
                if ui.selectable_label(false, name(v)).clicked() {
                    picked = Some(v);
                }
            }
        });
    let _ = r.response.labelled_by(label_id);
    picked
}

/// 1204 → "1,204".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
