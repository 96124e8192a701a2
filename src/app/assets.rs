//! Assets: a virtualised, filterable, sortable table, and the selected
//! asset's form below it.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::{Action, Actions, Document, theme, widgets};
use crate::derive::{Derived, Stage};
use crate::edit::{Edit, Item, remove_asset};
use crate::model::{
    ActivityKind, Assessment, Asset, AssetKind, Issue, Plan, RemediationStatus, ReplicationStatus,
    ReplicationTool, Staging, Strategy,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
enum SortColumn {
    #[default]
    Plan,
    Name,
    Kind,
    Workload,
    Assessment,
    Remediation,
    Replication,
    Staging,
    Stage,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
enum WorkloadFilter {
    #[default]
    All,
    Inventory,
    Workload(String),
}

/// What the rows were computed from; rows are rebuilt when it changes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct RowsKey {
    revision: u64,
    filter: String,
    workload: WorkloadFilter,
    stage: Option<Stage>,
    sort: SortColumn,
    descending: bool,
}

#[derive(Default)]
pub struct AssetsView {
    filter: String,
    workload: WorkloadFilter,
    stage: Option<Stage>,
    sort: SortColumn,
    descending: bool,
    rows: Vec<usize>,
    rows_key: Option<RowsKey>,
    scroll_to: Option<String>,
    dependency_search: String,
    new_fact: (String, String),
}

impl AssetsView {
    /// Makes sure an asset is visible: clears filters and scrolls to it.
    pub fn reveal(&mut self, id: &str) {
        self.filter.clear();
        self.workload = WorkloadFilter::All;
        self.stage = None;
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
        self.filters_ui(ui, plan, actions);
        self.refresh_rows(doc);
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} of {} assets",
                group(self.rows.len()),
                group(plan.assets.len())
            ));
            if ui.button("+ Add asset").clicked() {
                let mut asset = Asset::new(
                    format!("asset-{}", plan.assets.len() + 1),
                    AssetKind::VirtualMachine,
                );
                if let WorkloadFilter::Workload(w) = &self.workload {
                    asset.workload = Some(w.clone());
                }
                let id = asset.id.clone();
                actions.edit(Edit::Put(Item::Asset(asset)), "add an asset");
                actions.push(Action::SelectAsset(Some(id.clone())));
                self.scroll_to = Some(id);
            }
        });
        let selected_asset = selected.and_then(|id| plan.asset(id));
        let table_height = if selected_asset.is_some() {
            (ui.available_height() * 0.45).max(120.0)
        } else {
            ui.available_height()
        };
        ui.push_id("asset-table", |ui| {
            self.table_ui(ui, plan, &doc.derived, selected, table_height, actions);
        });
        if let Some(asset) = selected_asset {
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("asset-form")
                .auto_shrink([false; 2])
                .show(ui, |ui| {
                    self.form_ui(ui, plan, &doc.derived, asset, actions);
                });
        }
    }

    fn filters_ui(&mut self, ui: &mut Ui, plan: &Plan, _actions: &mut Actions) {
        ui.horizontal_wrapped(|ui| {
            widgets::text_field(ui, "Filter", &mut self.filter, 200.0).on_hover_text(
                "Matches the name, the workload and the source facts (OS, host, IP…)",
            );
            let label_id = ui.label("Workload").id;
            let shown = match &self.workload {
                WorkloadFilter::All => "All".to_owned(),
                WorkloadFilter::Inventory => "Inventory (none)".to_owned(),
                WorkloadFilter::Workload(id) => plan.workload_name(id).to_owned(),
            };
            let r = egui::ComboBox::from_id_salt("workload-filter")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.workload, WorkloadFilter::All, "All");
                    ui.selectable_value(
                        &mut self.workload,
                        WorkloadFilter::Inventory,
                        "Inventory (none)",
                    );
                    for w in &plan.workloads {
                        ui.selectable_value(
                            &mut self.workload,
                            WorkloadFilter::Workload(w.id.clone()),
                            &w.name,
                        );
                    }
                });
            let _ = r.response.labelled_by(label_id);
            let label_id = ui.label("Stage").id;
            let r = egui::ComboBox::from_id_salt("stage-filter")
                .selected_text(self.stage.map_or("All", Stage::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.stage, None, "All");
                    for s in Stage::ALL {
                        ui.selectable_value(&mut self.stage, Some(s), s.label());
                    }
                });
            let _ = r.response.labelled_by(label_id);
        });
    }

    fn refresh_rows(&mut self, doc: &Document) {
        let key = RowsKey {
            revision: doc.revision,
            filter: self.filter.clone(),
            workload: self.workload.clone(),
            stage: self.stage,
            sort: self.sort,
            descending: self.descending,
        };
        if self.rows_key.as_ref() == Some(&key) {
            return;
        }
        self.rows = filtered_rows(
            &doc.plan,
            &doc.derived,
            &self.filter,
            &self.workload,
            self.stage,
        );
        sort_rows(
            &mut self.rows,
            &doc.plan,
            &doc.derived,
            self.sort,
            self.descending,
        );
        self.rows_key = Some(key);
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        derived: &Derived,
        selected: Option<&str>,
        height: f32,
        actions: &mut Actions,
    ) {
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .min_scrolled_height(0.0)
            .max_scroll_height(height)
            .column(Column::initial(170.0).at_least(80.0).clip(true))
            .column(Column::initial(80.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(120.0).clip(true))
            .column(Column::initial(120.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::initial(90.0).clip(true))
            .column(Column::remainder().at_least(120.0));
        if let Some(id) = self.scroll_to.take()
            && let Some(pos) = self.rows.iter().position(|&i| plan.assets[i].id == id)
        {
            table = table.scroll_to_row(pos, Some(egui::Align::Center));
        }
        let columns = [
            ("Name", SortColumn::Name),
            ("Kind", SortColumn::Kind),
            ("Workload", SortColumn::Workload),
            ("Assessment", SortColumn::Assessment),
            ("Remediation", SortColumn::Remediation),
            ("Replication", SortColumn::Replication),
            ("Staging", SortColumn::Staging),
            ("Stage", SortColumn::Stage),
        ];
        table
            .header(theme::ROW_HEIGHT, |mut header| {
                for (title, column) in columns {
                    header.col(|ui| {
                        let arrow = if self.sort == column {
                            if self.descending { " ⏷" } else { " ⏶" }
                        } else {
                            ""
                        };
                        let response = ui.add(
                            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                                .frame(false),
                        );
                        if response.on_hover_text("Sort by this column").clicked() {
                            if self.sort == column {
                                self.descending = !self.descending;
                            } else {
                                self.sort = column;
                                self.descending = false;
                            }
                        }
                    });
                }
            })
            .body(|mut body| {
                // Rows are picked by a click anywhere on them: labels must
                // not take the click for text selection.
                body.ui_mut().style_mut().interaction.selectable_labels = false;
                body.rows(theme::ROW_HEIGHT, self.rows.len(), |mut row| {
                    let i = self.rows[row.index()];
                    let asset = &plan.assets[i];
                    let stage = derived.stages[i];
                    row.set_selected(selected == Some(asset.id.as_str()));
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
                    if row.response().clicked() {
                        let id = asset.id.clone();
                        actions.push(Action::SelectAsset(
                            (selected != Some(id.as_str())).then_some(id),
                        ));
                    }
                });
            });
    }

    fn form_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        derived: &Derived,
        asset: &Asset,
        actions: &mut Actions,
    ) {
        let index = plan
            .assets
            .iter()
            .position(|a| a.id == asset.id)
            .unwrap_or_default();
        let stage = derived
            .stages
            .get(index)
            .copied()
            .unwrap_or(Stage::ReadyToReplicate);
        let name = asset.name.clone();
        let put = |a: Asset| Edit::Put(Item::Asset(a));
        ui.horizontal(|ui| {
            widgets::title(ui, &asset.name);
            ui.label("Stage:");
            widgets::stage_chip(ui, stage);
            if asset.staging == Staging::Staged
                && asset.replication.status != ReplicationStatus::Verified
            {
                ui.label(
                    RichText::new("⚠ staged before its replication was verified")
                        .color(theme::WARN_COLOR),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Close").clicked() {
                    actions.push(Action::SelectAsset(None));
                }
                if ui.button("Remove asset").clicked() {
                    actions.edit(
                        remove_asset(plan, &asset.id),
                        format!("remove asset {name}"),
                    );
                    actions.push(Action::SelectAsset(None));
                }
            });
        });

        egui::Grid::new("asset-form-grid")
            .num_columns(4)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let mut text = asset.name.clone();
                let r = widgets::text_field(ui, "Name", &mut text, 220.0);
                if r.changed() {
                    actions.type_edit(
                        put(Asset {
                            name: text,
                            ..asset.clone()
                        }),
                        format!("rename {name}"),
                        format!("{}:name", asset.id),
                    );
                }
                actions.seal_on(&r);

                let label_id = ui.label("Workload").id;
                let shown = asset
                    .workload
                    .as_deref()
                    .map_or("— inventory", |w| plan.workload_name(w));
                let mut picked = None;
                let r = egui::ComboBox::from_id_salt("asset-workload")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(asset.workload.is_none(), "— inventory")
                            .clicked()
                        {
                            picked = Some(None);
                        }
                        for w in &plan.workloads {
                            if ui
                                .selectable_label(
                                    asset.workload.as_deref() == Some(w.id.as_str()),
                                    &w.name,
                                )
                                .clicked()
                            {
                                picked = Some(Some(w.id.clone()));
                            }
                        }
                    });
                let _ = r.response.labelled_by(label_id);
                if let Some(workload) = picked.filter(|w| *w != asset.workload) {
                    actions.edit(
                        put(Asset {
                            workload,
                            ..asset.clone()
                        }),
                        format!("move {name} to another workload"),
                    );
                }
                ui.end_row();

                if let Some(kind) = widgets::choice(
                    ui,
                    "Kind",
                    "asset-kind",
                    asset.kind,
                    &AssetKind::ALL,
                    AssetKind::label,
                ) {
                    actions.edit(
                        put(Asset {
                            kind,
                            ..asset.clone()
                        }),
                        format!("set the kind of {name}"),
                    );
                }
                if let Some(strategy) = widgets::choice(
                    ui,
                    "Strategy",
                    "asset-strategy",
                    asset.strategy,
                    &Strategy::ALL,
                    Strategy::label,
                ) {
                    actions.edit(
                        put(Asset {
                            strategy,
                            ..asset.clone()
                        }),
                        format!("set the strategy of {name}"),
                    );
                }
                ui.end_row();

                if let Some(assessment) = widgets::choice(
                    ui,
                    "Assessment",
                    "asset-assessment",
                    asset.assessment,
                    &Assessment::ALL,
                    Assessment::label,
                ) {
                    actions.edit(
                        put(Asset {
                            assessment,
                            ..asset.clone()
                        }),
                        format!("set the assessment of {name}"),
                    );
                }
                if let Some(status) = widgets::choice(
                    ui,
                    "Remediation",
                    "asset-remediation",
                    asset.remediation.status,
                    &RemediationStatus::ALL,
                    RemediationStatus::label,
                ) {
                    let mut a = asset.clone();
                    a.remediation.status = status;
                    actions.edit(
                        put(a),
                        format!("set the remediation of {name} to {}", status.label()),
                    );
                }
                ui.end_row();

                if let Some(status) = widgets::choice(
                    ui,
                    "Replication",
                    "asset-replication",
                    asset.replication.status,
                    &ReplicationStatus::ALL,
                    ReplicationStatus::label,
                ) {
                    let mut a = asset.clone();
                    a.replication.status = status;
                    actions.edit(
                        put(a),
                        format!("set the replication of {name} to {}", status.label()),
                    );
                }
                if let Some(tool) = widgets::choice(
                    ui,
                    "Tool",
                    "asset-tool",
                    asset.replication.tool,
                    &ReplicationTool::ALL,
                    ReplicationTool::label,
                ) {
                    let mut a = asset.clone();
                    a.replication.tool = tool;
                    actions.edit(put(a), format!("set the replication tool of {name}"));
                }
                ui.end_row();

                if let Some(staging) = widgets::choice(
                    ui,
                    "Staging",
                    "asset-staging",
                    asset.staging,
                    &[Staging::NotStaged, Staging::Staged],
                    Staging::label,
                ) {
                    actions.edit(
                        put(Asset {
                            staging,
                            ..asset.clone()
                        }),
                        format!("set the staging of {name} to {}", staging.label()),
                    );
                }
                ui.end_row();
            });

        ui.add_space(8.0);
        self.issues_ui(ui, asset, actions);
        ui.add_space(8.0);
        self.dependencies_ui(ui, plan, asset, actions);
        ui.add_space(8.0);
        owners_ui(ui, plan, asset, actions);
        ui.add_space(8.0);
        self.facts_ui(ui, asset, actions);
        ui.add_space(8.0);
        let mut notes = asset.notes.clone();
        let r = widgets::labelled(ui, "Notes", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut notes)
                    .desired_rows(2)
                    .desired_width(520.0),
            )
        });
        if r.changed() {
            actions.type_edit(
                put(Asset {
                    notes,
                    ..asset.clone()
                }),
                format!("edit the notes of {name}"),
                format!("{}:notes", asset.id),
            );
        }
        actions.seal_on(&r);
    }

    fn issues_ui(&mut self, ui: &mut Ui, asset: &Asset, actions: &mut Actions) {
        let name = &asset.name;
        ui.horizontal(|ui| {
            ui.label(RichText::new("Compatibility issues").strong());
            if ui.button("+ Add issue").clicked() {
                let mut a = asset.clone();
                a.remediation.issues.push(Issue {
                    text: "New issue".into(),
                    resolved: false,
                });
                if a.remediation.status == RemediationStatus::NotRequired {
                    a.remediation.status = RemediationStatus::Required;
                }
                actions.edit(Edit::Put(Item::Asset(a)), format!("add an issue to {name}"));
            }
        });
        for (i, issue) in asset.remediation.issues.iter().enumerate() {
            ui.horizontal(|ui| {
                let mut resolved = issue.resolved;
                if ui.checkbox(&mut resolved, "Resolved").changed() {
                    let mut a = asset.clone();
                    a.remediation.issues[i].resolved = resolved;
                    actions.edit(
                        Edit::Put(Item::Asset(a)),
                        format!(
                            "mark an issue of {name} {}",
                            if resolved { "resolved" } else { "open" }
                        ),
                    );
                }
                let mut text = issue.text.clone();
                let r = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(420.0))
                    .accessible_name(format!("Issue {}", i + 1));
                if r.changed() {
                    let mut a = asset.clone();
                    a.remediation.issues[i].text = text;
                    actions.type_edit(
                        Edit::Put(Item::Asset(a)),
                        format!("edit an issue of {name}"),
                        format!("{}:issue{i}", asset.id),
                    );
                }
                actions.seal_on(&r);
                if ui
                    .button("Remove")
                    .on_hover_text("Remove this issue")
                    .clicked()
                {
                    let mut a = asset.clone();
                    a.remediation.issues.remove(i);
                    actions.edit(
                        Edit::Put(Item::Asset(a)),
                        format!("remove an issue of {name}"),
                    );
                }
            });
        }
    }

    fn dependencies_ui(&mut self, ui: &mut Ui, plan: &Plan, asset: &Asset, actions: &mut Actions) {
        let name = &asset.name;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Depends on").strong());
            if asset.depends_on.is_empty() {
                ui.label("nothing");
            }
            for dep in &asset.depends_on {
                if ui.link(plan.asset_name(dep)).clicked() {
                    actions.push(Action::Navigate(crate::derive::Subject::Asset(dep.clone())));
                }
                if ui
                    .small_button("×")
                    .on_hover_text(format!(
                        "{name} no longer depends on {}",
                        plan.asset_name(dep)
                    ))
                    .clicked()
                {
                    let mut a = asset.clone();
                    a.depends_on.retain(|d| d != dep);
                    actions.edit(
                        Edit::Put(Item::Asset(a)),
                        format!("remove a dependency of {name}"),
                    );
                }
            }
        });
        ui.horizontal(|ui| {
            widgets::text_field(ui, "Add a dependency", &mut self.dependency_search, 200.0);
            ui.label(RichText::new("type to search").weak());
        });
        let query = self.dependency_search.trim().to_lowercase();
        if !query.is_empty() {
            ui.horizontal_wrapped(|ui| {
                let matches = plan
                    .assets
                    .iter()
                    .filter(|c| {
                        c.id != asset.id
                            && !asset.depends_on.contains(&c.id)
                            && c.name.to_lowercase().contains(&query)
                    })
                    .take(8);
                let mut any = false;
                for candidate in matches {
                    any = true;
                    if ui.button(format!("+ {}", candidate.name)).clicked() {
                        let mut a = asset.clone();
                        a.depends_on.push(candidate.id.clone());
                        actions.edit(
                            Edit::Put(Item::Asset(a)),
                            format!("make {name} depend on {}", candidate.name),
                        );
                        self.dependency_search.clear();
                    }
                }
                if !any {
                    ui.label("No asset matches");
                }
            });
        }
        let needed_by: Vec<&Asset> = plan
            .assets
            .iter()
            .filter(|a| a.depends_on.contains(&asset.id))
            .collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Needed by").strong());
            if needed_by.is_empty() {
                ui.label("nothing");
            }
            for other in needed_by {
                if ui.link(&other.name).clicked() {
                    actions.push(Action::Navigate(crate::derive::Subject::Asset(
                        other.id.clone(),
                    )));
                }
            }
        });
    }

    fn facts_ui(&mut self, ui: &mut Ui, asset: &Asset, actions: &mut Actions) {
        let name = &asset.name;
        ui.label(RichText::new("Source facts").strong());
        egui::Grid::new("facts")
            .num_columns(3)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for (key, value) in &asset.source {
                    ui.label(key);
                    let mut text = value.clone();
                    let r = ui
                        .add(egui::TextEdit::singleline(&mut text).desired_width(300.0))
                        .accessible_name(key.clone());
                    if r.changed() {
                        let mut a = asset.clone();
                        a.source.insert(key.clone(), text);
                        actions.type_edit(
                            Edit::Put(Item::Asset(a)),
                            format!("edit {key} of {name}"),
                            format!("{}:fact:{key}", asset.id),
                        );
                    }
                    actions.seal_on(&r);
                    if ui
                        .small_button("×")
                        .on_hover_text(format!("Remove {key}"))
                        .clicked()
                    {
                        let mut a = asset.clone();
                        a.source.remove(key);
                        actions.edit(Edit::Put(Item::Asset(a)), format!("remove {key} of {name}"));
                    }
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let (key, value) = &mut self.new_fact;
            widgets::text_field(ui, "New fact", key, 120.0);
            widgets::text_field(ui, "Value", value, 200.0);
            let ok = !key.trim().is_empty() && !asset.source.contains_key(key.trim());
            if ui
                .add_enabled(ok, egui::Button::new("+ Add fact"))
                .clicked()
            {
                let mut a = asset.clone();
                a.source.insert(key.trim().to_owned(), value.clone());
                actions.edit(
                    Edit::Put(Item::Asset(a)),
                    format!("add {} to {name}", key.trim()),
                );
                self.new_fact = Default::default();
            }
        });
    }
}

fn owners_ui(ui: &mut Ui, plan: &Plan, asset: &Asset, actions: &mut Actions) {
    ui.label(RichText::new("Owners").strong()).on_hover_text(
        "Who is responsible for this asset in an activity, instead of the activity's Responsible",
    );
    ui.horizontal_wrapped(|ui| {
        for kind in ActivityKind::ALL {
            let current = asset.owners.get(&kind).map(String::as_str);
            if let Some(owner) = widgets::party_picker(
                ui,
                &format!("{} owner", kind.label()),
                ("owner", kind),
                plan,
                current,
            ) {
                let mut a = asset.clone();
                match owner {
                    Some(id) => a.owners.insert(kind, id),
                    None => a.owners.remove(&kind),
                };
                actions.edit(
                    Edit::Put(Item::Asset(a)),
                    format!("set the {} owner of {}", kind.label(), asset.name),
                );
            }
        }
    });
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

/// The indices of the assets that pass the filters, in plan order.
fn filtered_rows(
    plan: &Plan,
    derived: &Derived,
    filter: &str,
    workload: &WorkloadFilter,
    stage: Option<Stage>,
) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    plan.assets
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            let workload_ok = match workload {
                WorkloadFilter::All => true,
                WorkloadFilter::Inventory => a.workload.is_none(),
                WorkloadFilter::Workload(id) => a.workload.as_deref() == Some(id.as_str()),
            };
            workload_ok
                && stage.is_none_or(|s| derived.stages[*i] == s)
                && (needle.is_empty() || matches(plan, a, &needle))
        })
        .map(|(i, _)| i)
        .collect()
}

fn matches(plan: &Plan, asset: &Asset, needle: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&asset.name)
        || asset
            .workload
            .as_deref()
            .is_some_and(|w| has(plan.workload_name(w)))
        || asset.source.values().any(|v| has(v))
}

fn sort_rows(
    rows: &mut [usize],
    plan: &Plan,
    derived: &Derived,
    column: SortColumn,
    descending: bool,
) {
    let a = &plan.assets;
    match column {
        SortColumn::Plan => {}
        SortColumn::Name => rows.sort_by_cached_key(|&i| a[i].name.to_lowercase()),
        SortColumn::Kind => rows.sort_by_key(|&i| a[i].kind),
        SortColumn::Workload => rows.sort_by_cached_key(|&i| {
            a[i].workload
                .as_deref()
                .map(|w| plan.workload_name(w).to_lowercase())
        }),
        SortColumn::Assessment => rows.sort_by_key(|&i| a[i].assessment),
        SortColumn::Remediation => rows.sort_by_key(|&i| a[i].remediation.status),
        SortColumn::Replication => rows.sort_by_key(|&i| a[i].replication.status),
        SortColumn::Staging => rows.sort_by_key(|&i| a[i].staging),
        SortColumn::Stage => rows.sort_by_key(|&i| derived.stages[i]),
    }
    if descending {
        rows.reverse();
    }
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
