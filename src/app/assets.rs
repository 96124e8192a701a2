//! Assets: a virtualised, filterable, sortable and groupable table with
//! multi-select, and below it a pane of its own for the selected asset's
//! form or for changing many at once. The pane keeps its place whatever is
//! selected, so nothing moves under the pointer.

mod bulk;
mod form;
mod model;
mod selection;
mod suggestions;
mod table;

use std::collections::BTreeSet;

use egui::{Key, Modifiers, RichText, Ui};
use egui_extras::{Column, TableBuilder};

pub use self::model::GroupBy;
use self::model::{Entry, Filters, Rows, Shape, SortColumn, WorkloadFilter};
use self::selection::Selection;
use self::suggestions::SuggestionsState;
use super::{Action, Actions, Document, theme, widgets};
use crate::change::{AssetChange, Change};
use crate::derive::{Derived, Stage};
use crate::model::{
    ActivityKind, Assessment, Asset, AssetKind, Plan, RemediationStatus, ReplicationStatus,
    ReplicationTool, Staging, Strategy,
};
use crate::words;

/// The pane below the table: its height to start with and at most, as a
/// share of the page's, and at least, in points. The table keeps the rest,
/// at any zoom.
const PANE_SHARE: f32 = 0.38;
const PANE_MOST: f32 = 0.5;
const PANE_MIN: f32 = 90.0;
/// The table's room, at least: its header and a few rows.
const TABLE_MIN: f32 = 150.0;

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
    /// The row to bring into view on the next frame, and where (`None`:
    /// as little as it takes).
    scroll_to: Option<(String, Option<egui::Align>)>,
    dependency_search: String,
    new_fact: (String, String),
    /// Source facts shown as extra columns, in the order picked.
    pub columns: Vec<String>,
    /// The width each fact's column starts with, measured once.
    fact_widths: std::collections::HashMap<String, f32>,
    pub group_by: GroupBy,
    collapsed: BTreeSet<String>,
    /// The selected assets, by id.
    selection: Selection,
    /// How many selected assets the filter hides, and for which plan
    /// revision, rows and selection.
    hidden: Option<((u64, u64, u64), usize)>,
    /// Whether the bulk pane offers a data sync, for the plan revision and
    /// selection generation it was worked out for.
    data_sync_offered: Option<((u64, u64), bool)>,
    /// The form's field to give the keyboard (and scroll to) on the next
    /// frame, when a problem about it was clicked.
    focus_field: Option<FormField>,
    new_workload_name: String,
    /// The source fact names present in the plan, per revision.
    facts: (Option<u64>, Vec<String>),
    /// "Suggest workloads" is open: the proposals, each to keep or drop,
    /// renamed as the user likes.
    suggestions: Option<SuggestionsState>,
    /// Ctrl+F: put the cursor in the filter on the next frame.
    pub focus_filter: bool,
    /// What the pane below the table showed last: an asset's id, or ""
    /// for the bulk pane.
    pane_showing: Option<String>,
}

impl AssetsView {
    /// Makes sure an asset is visible and selected: clears filters and
    /// scrolls to it.
    pub fn reveal(&mut self, id: &str) {
        self.filters = Filters::default();
        self.collapsed.clear();
        self.selection.only(id);
        self.scroll_to = Some((id.to_owned(), Some(egui::Align::Center)));
    }

    /// The page: filters, the toolbar, the table, and the pane below it.
    /// `keys`: the page may take keys (no dialog or overlay is open).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selected: Option<&str>,
        keys: bool,
        actions: &mut Actions,
    ) {
        let plan = &doc.plan;
        // A click that closes a drop-down or a menu is not a click on a row.
        let popup_open = egui::Popup::is_any_open(ui.ctx());
        // The filters and tools scroll when the page is too narrow for
        // them (zoomed in, the problems open): the table and its pane keep
        // room enough to be used.
        let controls_most =
            (ui.available_height() - TABLE_MIN - PANE_MIN).max(2.0 * theme::ROW_HEIGHT);
        egui::ScrollArea::vertical()
            .id_salt("asset-controls")
            .max_height(controls_most)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                self.filters_ui(ui, plan);
                self.refresh_rows(doc);
                self.refresh_facts(doc);
                if keys {
                    self.keys(ui, plan, actions);
                }
                self.toolbar_ui(ui, doc, actions);
            });
        if self.suggestions.is_some() {
            self.suggestions_ui(ui, plan, actions);
            return;
        }
        let open = selected
            .filter(|_| self.selection.len() <= 1)
            .and_then(|id| doc.derived.asset_positions.get(id))
            .and_then(|&i| plan.assets.get(i))
            .map(|a| &**a);
        let height = ui.available_height();
        if self.selection.len() > 1 || open.is_some() {
            egui::Panel::bottom("asset-pane")
                .resizable(true)
                .default_size((height * PANE_SHARE).max(PANE_MIN))
                .size_range(PANE_MIN..=(height * PANE_MOST).max(PANE_MIN))
                .show(ui, |ui| self.pane_ui(ui, doc, open, actions));
        } else {
            // With nothing selected the table has the room; the pane opens
            // from the bottom on a click, and the clicked row is brought
            // into view above it, so the rows above never move.
            self.pane_showing = None;
            egui::Panel::bottom("asset-pane-hint")
                .resizable(false)
                .show(ui, hint_ui);
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            ui.push_id("asset-table", |ui| {
                self.table_ui(ui, plan, &doc.derived, (selected, !popup_open), actions);
            });
        });
    }

    /// Below the table: the open asset's form, or the bulk pane for
    /// several.
    fn pane_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        open: Option<&Asset>,
        actions: &mut Actions,
    ) {
        // Another asset (or the bulk pane) opens at its top, not where
        // the last one was scrolled to.
        let showing = (self.selection.len() > 1)
            .then(String::new)
            .or_else(|| open.map(|a| a.id.clone()));
        let mut area = egui::ScrollArea::vertical()
            .id_salt("asset-pane-scroll")
            .auto_shrink([false; 2]);
        if showing != self.pane_showing {
            area = area.vertical_scroll_offset(0.0);
            self.pane_showing = showing;
        }
        area.show(ui, |ui| {
            if self.selection.len() > 1 {
                self.bulk_ui(ui, doc, actions);
            } else if let Some(asset) = open {
                self.form_ui(ui, (&doc.plan, &doc.derived, doc.revision), asset, actions);
            }
        });
    }

    /// Ctrl+A selects every row the filter shows; Escape clears the
    /// selection. Neither while a text field has the keyboard (Ctrl+A
    /// there selects its text) or a drop-down is open.
    fn keys(&mut self, ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
        if ui.ctx().text_edit_focused() || egui::Popup::is_any_open(ui.ctx()) {
            return;
        }
        // Escape closes "Suggest workloads" as Close does; in one of its
        // fields it only leaves the field (which let go of the keyboard
        // as the key came).
        if let Some(suggestions) = &self.suggestions {
            if !suggestions.typing && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            {
                self.suggestions = None;
            }
            return;
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::A)) {
            self.select_shown(plan, actions);
        }
        if !self.selection.is_empty()
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            self.selection.clear();
            actions.push(Action::SelectAsset(None));
        }
    }

    /// Selects every row the filter shows (folded groups too).
    fn select_shown(&mut self, plan: &Plan, actions: &mut Actions) {
        self.selection.replace(
            self.table
                .rows()
                .iter()
                .filter_map(|&i| plan.assets.get(i))
                .map(|a| a.id.clone()),
        );
        actions.push(Action::SelectAsset(self.selection.single().cloned()));
    }

    /// How many rows are shown, the button that selects them all, and
    /// the page's tools. The count and the button keep the width of the
    /// largest count, so the line never wraps differently as they change.
    fn toolbar_ui(&mut self, ui: &mut Ui, doc: &Document, actions: &mut Actions) {
        let plan = &doc.plan;
        let shown = self.table.rows().len();
        let total = plan.assets.len();
        ui.horizontal_wrapped(|ui| {
            let widest = |ui: &Ui, text: String| {
                let font = egui::TextStyle::Button.resolve(ui.style());
                ui.fonts_mut(|f| {
                    f.layout_no_wrap(text, font, egui::Color32::WHITE)
                        .size()
                        .x
                })
            };
            let most = words::thousands(total);
            let count_width = widest(ui, format!("{most} of {most} assets"));
            ui.add_sized(
                [count_width, ui.spacing().interact_size.y],
                egui::Label::new(format!(
                    "{} of {}",
                    words::thousands(shown),
                    words::grouped(total, "asset")
                )),
            );
            let select_width = widest(ui, format!("Select all {most} shown"))
                + 2.0 * ui.spacing().button_padding.x;
            if ui
                .add_enabled(
                    shown > 0,
                    egui::Button::new(format!("Select all {} shown", words::thousands(shown)))
                        .min_size(egui::vec2(select_width, 0.0)),
                )
                .on_hover_text("Select every row the filter shows (Ctrl+A)")
                .clicked()
            {
                self.select_shown(plan, actions);
            }
            ui.separator();
            if ui.button("+ Add asset").clicked() {
                let workload = match &self.filters.workload {
                    WorkloadFilter::Workload(w) => Some(w.clone()),
                    _ => None,
                };
                let (change, id) = Change::new_asset(workload);
                // Its name takes the keyboard, selected: typing replaces it.
                widgets::want_focus(ui.ctx(), form::name_target(&id));
                actions.change(change);
                actions.push(Action::SelectAsset(Some(id.clone())));
                self.selection.only(&id);
                self.scroll_to = Some((id, None));
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
                self.suggestions = Some(SuggestionsState::new(plan, doc.derived.unassigned_assets));
            }
        });
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
            // Each label stays on the line of its drop-down.
            keep_together(ui, "In workload", ui.spacing().combo_width);
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
            // Always there, so the line never wraps differently.
            if ui
                .add_enabled(*f != Filters::default(), egui::Button::new("Clear filters"))
                .clicked()
            {
                *f = Filters::default();
            }
        });
    }

    fn columns_ui(&mut self, ui: &mut Ui) {
        let facts = self.facts.1.clone();
        // Open while ticking, so several columns are picked in a row;
        // Escape or a click outside closes it.
        let config = egui::containers::menu::MenuConfig::new()
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        egui::containers::menu::MenuButton::new("Columns…")
            .config(config)
            .ui(ui, |ui| {
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
        keep_together(ui, "Group by", ui.spacing().combo_width);
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
    keep_together(ui, label, ui.spacing().combo_width);
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

/// In a wrapping row, starts a new line unless a label and the widget
/// `width` wide after it both fit on this one: a label is never left at
/// the end of a line with its drop-down on the next.
pub(super) fn keep_together(ui: &mut Ui, label: &str, width: f32) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let label_width = ui.fonts_mut(|f| {
        f.layout_no_wrap(label.to_owned(), font, egui::Color32::WHITE)
            .size()
            .x
    });
    let needed = label_width + width + 2.0 * ui.spacing().item_spacing.x;
    if ui.available_size_before_wrap().x < needed {
        ui.end_row();
    }
}

/// A field of the asset form a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FormField {
    Tool,
    DataSync,
}

impl AssetsView {
    /// Lands the next frame's form on the field a rule of this code is
    /// about (the data sync for `data-sync-missing`, the tool for
    /// `one-shot-copy-for-single-step`); other rules land on the asset.
    pub fn focus_for_rule(&mut self, code: &str) {
        use crate::derive::rules::RuleId;
        self.focus_field = if code == RuleId::DataSyncMissing.code() {
            Some(FormField::DataSync)
        } else if code == RuleId::OneShotCopyForSingleStep.code() {
            Some(FormField::Tool)
        } else {
            None
        };
    }
}

/// What the replication tool pickers say about tools, on hover.
const TOOL_HOVER: &str = "Azure Migrate, Site Recovery and Database Migration Service replicate continuously, until the switch; AzCopy, Data Box and a manual copy copy once, and go stale while the source keeps changing";

/// What the data sync is for, on hover (CAF's promotion-model article).
const DATA_SYNC_HOVER: &str = "The secondary means that keeps the data in sync from staging until promotion: in staged and flight promotion the migration tool can't assist ongoing replication after migration";

/// A replication tool picker whose every entry says whether the tool
/// replicates continuously or copies once ("Data Box — copies once").
/// `none`, when given, is the first entry and stands for no tool at all
/// (a data sync not planned). Gives the entry picked.
pub(super) fn tool_picker(
    ui: &mut Ui,
    label: &str,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: Option<Option<ReplicationTool>>,
    none: Option<&str>,
    focus: bool,
) -> Option<Option<ReplicationTool>> {
    let label_id = ui.label(label).id;
    let shown = match current {
        None => "—".to_owned(),
        Some(None) => none.unwrap_or("—").to_owned(),
        Some(Some(tool)) => tool.label().to_owned(),
    };
    let mut picked = None;
    let r = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(ui.spacing().combo_width)
        .show_ui(ui, |ui| {
            if let Some(none) = none
                && ui.selectable_label(current == Some(None), none).clicked()
            {
                picked = Some(None);
            }
            for tool in ReplicationTool::ALL {
                let on = current == Some(Some(tool));
                if ui.selectable_label(on, tool.described()).clicked() {
                    picked = Some(Some(tool));
                }
            }
        });
    let hover = if none.is_some() {
        format!("{DATA_SYNC_HOVER}. {TOOL_HOVER}.")
    } else {
        format!("{TOOL_HOVER}.")
    };
    if focus {
        r.response.request_focus();
        r.response.scroll_to_me(Some(egui::Align::Center));
    }
    let _ = r.response.labelled_by(label_id).on_hover_text(hover);
    picked.filter(|p| Some(*p) != current)
}

/// Below the table when nothing is selected: what a click does, in one
/// line (cut short when the window is narrow, whole on hover), so the
/// table keeps the room.
fn hint_ui(ui: &mut Ui) {
    const HINT: &str = "Click a row to open it here; Shift+click selects a range, Ctrl+click one more, Ctrl+A every row shown, and several selected change together.";
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("No asset selected").strong());
        ui.add(egui::Label::new(HINT).truncate());
    });
    ui.add_space(2.0);
}
